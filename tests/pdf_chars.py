"""Read a Chinese PDF back character by character (pdfplumber): lines, marks, gaps.

What the Chinese print tests measure (clreq): where each character of a line
starts, so that adjacent punctuation, letter-spaced Latin words, lone last
characters and line-initial middle dots can be found on the finished pages.
Positions are PDF points from the top left corner of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# The marks whose width clreq compresses when two of them stand together
# (brackets, quotes, and the pause and stop marks); not —— or ……, which are
# two-em marks of their own.
PUNCTUATION = "“”‘’（）《》〈〉【】「」『』〔〕［］，。、；：！？"
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
LETTER = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f]")
CLOSING = "。，、；：？！）」』”’》〉】〕］"


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


@dataclass(slots=True)
class Line:
    """The characters of a page that share a baseline, left to right."""

    page: int                                  # counted from 1
    chars: list[Char] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def size(self) -> float:
        """The size most of the line's characters have."""
        sizes = [round(c.size, 1) for c in self.chars]
        return max(set(sizes), key=sizes.count)

    @property
    def bold(self) -> bool:
        return any("Bold" in c.font for c in self.chars if HAN.match(c.text))

    @property
    def chinese(self) -> bool:
        return any(HAN.match(c.text) for c in self.chars)


def _pdfplumber():
    return pytest.importorskip("pdfplumber")


def pdf_lines(path: Path) -> list[Line]:
    """Every line of every page, top to bottom; a note call (a smaller, raised
    character) stays in the line it belongs to."""
    pdfplumber = _pdfplumber()
    lines: list[Line] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            chars = [Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"],
                          c["fontname"].split("+", 1)[-1])
                     for c in page.chars]
            page_lines: list[Line] = []
            # the largest characters first: a raised note call then finds its line
            for char in sorted(chars, key=lambda c: (c.text.isspace(), -round(c.size, 1), c.bottom, c.x0)):
                for line in reversed(page_lines):
                    base = line.chars[0]
                    if char.bottom <= base.bottom + 0.6 and char.bottom >= base.top:
                        line.chars.append(char)
                        break
                else:
                    if not char.text.isspace():        # a space alone is no line
                        page_lines.append(Line(number, [char]))
            for line in page_lines:
                line.chars.sort(key=lambda c: c.x0)
            lines.extend(sorted(page_lines, key=lambda l: l.top))
    return lines


def punctuation_pairs(lines: list[Line]) -> list[tuple[Line, Char, Char]]:
    """Every two punctuation marks side by side on a line (of the same size)."""
    pairs = []
    for line in lines:
        for a, b in zip(line.chars, line.chars[1:]):
            if a.text in PUNCTUATION and b.text in PUNCTUATION and abs(a.size - b.size) < 0.1:
                pairs.append((line, a, b))
    return pairs


def latin_words(line: Line, shortest: int = 4) -> list[list[Char]]:
    """The runs of Latin (or Greek, Cyrillic) letters of a line, of at least shortest letters."""
    words, run = [], []
    for char in line.chars + [None]:
        if char is not None and LETTER.match(char.text) and (not run or char.x0 - run[-1].x1 < 3):
            run.append(char)
            continue
        if len(run) >= shortest:
            words.append(run)
        run = [char] if char is not None and LETTER.match(char.text) else []
    return words


def letter_gap(word: list[Char]) -> float:
    """The widest gap between two letters of a word."""
    return max((b.x0 - a.x1 for a, b in zip(word, word[1:])), default=0.0)


def lone_last_character(text: str) -> bool:
    """Whether a line's text is one Han character, with only closing marks after it."""
    return bool(re.fullmatch(f"{HAN.pattern}[{re.escape(CLOSING)}]*", text.strip()))
