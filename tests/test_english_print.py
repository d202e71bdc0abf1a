"""The English edition as built (the release build of the first book): punctuation set as
a typesetter would in the EPUB and the A5 PDF, and hyphenation kept sparing in the PDF,
measured on the finished files."""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass

import pdfplumber
import pytest

pytestmark = pytest.mark.e2e

URL = re.compile(r"(?:https?://|www\.)\S+")
STRAIGHT = re.compile(r"[\"']")
THREE_DOTS = re.compile(r"(?<!\.)\.\.\.(?!\.)")       # not a contents line's leader dots
RANGE = re.compile(r"(?<![\d-])\d+-\d+(?![\d-])")         # an ISO date is none
HYPHENS = ("-", "\u2010", "\u00ad")
BODY_SIZE = 10.0                                        # pt: the body text of print.css
MEASURE = 300.0                                         # pt: the text block's width


def _faults(text: str) -> dict[str, list[str]]:
    text = URL.sub(" ", text)
    found = {}
    for name, pattern in (("straight quote", STRAIGHT), ("three dots", THREE_DOTS), ("range", RANGE)):
        found[name] = [text[max(0, m.start() - 20):m.end() + 20] for m in pattern.finditer(text)]
    return {name: where for name, where in found.items() if where}


def test_no_straight_quotes_dots_or_hyphen_ranges_in_the_english_epub(release_dist):
    with zipfile.ZipFile(release_dist / "kazakhstan.en.epub") as epub:
        text = "\n".join(html.unescape(re.sub(r"<[^>]+>", " ", epub.read(name).decode("utf-8")))
                         for name in epub.namelist() if name.endswith(".xhtml"))
    assert "’s" in text and "“" in text and "–" in text and "…" in text
    assert _faults(text) == {}


def test_no_straight_quotes_dots_or_hyphen_ranges_in_the_english_pdf(release_dist):
    with pdfplumber.open(release_dist / "kazakhstan.en.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "’s" in text and "“" in text
    assert _faults(text) == {}


@dataclass
class BodyLine:
    page: int
    x0: float
    x1: float
    last_word: str

    @property
    def full(self) -> bool:
        """A line of the body that fills the measure (justified, not a paragraph's last)."""
        return self.x1 - self.x0 >= MEASURE - 1.0

    @property
    def hyphenated(self) -> bool:
        return self.last_word.endswith(HYPHENS)


def body_lines(path) -> list[list[BodyLine]]:
    """The lines of body text of each page (10 pt words, grouped by baseline), top to bottom."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rows: dict[float, list[dict]] = {}
            for word in page.extract_words(extra_attrs=["size"]):
                if abs(word["size"] - BODY_SIZE) < 0.05:
                    rows.setdefault(round(word["bottom"], 1), []).append(word)
            lines = []
            for bottom in sorted(rows):
                words = sorted(rows[bottom], key=lambda w: w["x0"])
                lines.append(BodyLine(number, words[0]["x0"], words[-1]["x1"], words[-1]["text"]))
            pages.append(lines)
    return pages


@pytest.fixture(scope="module")
def english_lines(release_dist):
    return body_lines(release_dist / "kazakhstan.en.pdf")


def test_fewer_than_one_full_line_in_ten_ends_in_a_hyphen(english_lines):
    full = [line for page in english_lines for line in page if line.full]
    hyphenated = [line for line in full if line.hyphenated]
    assert len(full) > 800
    assert 0 < len(hyphenated) < 0.10 * len(full), f"{len(hyphenated)} of {len(full)}"


def test_never_three_hyphenated_lines_in_a_row(english_lines):
    for page in english_lines:
        run = 0
        for line in page:
            run = run + 1 if line.hyphenated else 0
            assert run < 3, f"page {line.page}: three hyphenated lines in a row"


def test_no_word_cut_across_a_page_turn(english_lines):
    for page in english_lines:
        if page:
            assert not page[-1].hyphenated, f"page {page[-1].page} ends in {page[-1].last_word!r}"


def test_american_break_points(english_lines):
    """The text is American (en-US in book.toml): no British break like presid-ent."""
    ends = {line.last_word for page in english_lines for line in page if line.hyphenated}
    assert not ends & {"presid\u2010", "particip\u2010", "re\u2010", "re\u2010gis\u2010"}


def test_the_interviews_questions_are_set_apart(release_dist):
    """The sixteen questions of book/editorial.toml, each a paragraph in bold, as in the zine."""
    with zipfile.ZipFile(release_dist / "kazakhstan.en.epub") as epub:
        text = "\n".join(epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(".xhtml"))
    questions = [html.unescape(re.sub(r"<[^>]+>", "", q))
                 for q in re.findall(r"<p[^>]*>\s*<strong>(.*?)</strong>\s*</p>", text, re.S)]
    assert len(questions) == 16
    assert "Present a chronology of the events of the past week." in questions
    assert all(q.rstrip().endswith(("?", ".")) for q in questions)
