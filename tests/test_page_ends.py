"""The last page of every part, chapter and appendix of the A5 PDFs (the release build of
the first book) holds at least five lines: no chapter ends on a page of one or two lines,
and neither does the book."""

from __future__ import annotations

import pdfplumber
import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

MIN_LINES = 5


def chapter_starts(path) -> list[int]:
    """The pages (from 1) the PDF's bookmarks point to: where each part and chapter starts."""
    reader = PdfReader(path)
    starts: list[int] = []

    def walk(outline):
        for item in outline:
            if isinstance(item, list):
                walk(item)
            else:
                starts.append(reader.get_destination_page_number(item) + 1)
    walk(reader.outline)
    return sorted(set(starts))


def text_lines(page) -> int:
    """The lines of text of a page between its running head and its folio (body and notes)."""
    words = [w for w in page.extract_words(extra_attrs=["size"]) if w["size"] >= 7.9
             and 40 < w["top"] < page.height - 40]
    return len({round(w["bottom"]) for w in words})


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant", "en"])
def test_no_chapter_ends_on_a_page_of_fewer_than_five_lines(release_dist, edition):
    path = release_dist / f"kazakhstan.{edition}.pdf"
    starts = chapter_starts(path)
    short = []
    with pdfplumber.open(path) as pdf:
        ends = [s - 1 for s in starts[1:]] + [len(pdf.pages)]
        for start, end in zip(starts, ends):
            while end > start and text_lines(pdf.pages[end - 1]) == 0:
                end -= 1                       # the blank page before a right-hand start
            if end > start and text_lines(pdf.pages[end - 1]) < MIN_LINES:
                short.append((start, end, text_lines(pdf.pages[end - 1])))
    assert len(starts) > 8
    assert short == [], "(chapter start, its last page, lines on it)"
