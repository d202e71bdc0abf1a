"""Read a PDF back as pages of words and lines with their positions (pdftotext -bbox).

What the print tests measure: where each word and line of a page is, in PDF
points from the top left corner, as poppler reads the finished file.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(slots=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(slots=True)
class Line:
    """Words that share a baseline (poppler's own lines may cut a line in two)."""

    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def height(self) -> float:
        return max(w.height for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


def require_poppler() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")


def page_words(path: Path) -> list[list[Word]]:
    """The words of each page, in poppler's reading order."""
    require_poppler()
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for page in root.iter(f"{XHTML}page"):
        pages.append([Word(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                           float(w.get("yMax")), w.text or "")
                      for w in page.iter(f"{XHTML}word")])
    return pages


def page_lines(words: list[Word], tolerance: float = 0.6) -> list[Line]:
    """The words of a page grouped into lines by their baseline, top to bottom.
    Raised words (note calls) make lines of their own."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.y1, w.x0)):
        if lines and abs(lines[-1].y1 - word.y1) <= tolerance:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def page_texts(path: Path) -> list[str]:
    """The text of each page, as pdftotext -layout reads it."""
    require_poppler()
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True, text=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def flat(text: str) -> str:
    """Text without whitespace and soft hyphens of line ends, to compare across line breaks."""
    return "".join(text.replace("\u2010\n", "").replace("-\n", "").split())
