"""The booklet: saddle-stitch page order on its own, and imposed PDFs read back half by half."""

from __future__ import annotations

import hashlib
import subprocess

import pdfplumber
import pytest
from pypdf import PdfReader
from weasyprint import HTML

from pdf_layout import require_poppler
from zinepress.bookfiles.config import load_book
from zinepress.errors import ConfigError, OutputError
from zinepress.writers.booklet import (
    MARK_ZONE,
    PAPERS,
    Sheet,
    creep_shifts,
    padded_page_count,
    saddle_stitch_order,
    write_booklet,
)

# --- The page order ------------------------------------------------------------------


def test_ten_pages_padded_to_twelve():
    assert saddle_stitch_order(10) == [
        Sheet(12, 1, 2, 11),
        Sheet(10, 3, 4, 9),
        Sheet(8, 5, 6, 7),
    ]


@pytest.mark.parametrize("n, padded", [(1, 4), (4, 4), (5, 8), (10, 12), (65, 68), (66, 68)])
def test_padding_to_a_multiple_of_four(n, padded):
    assert padded_page_count(n) == padded
    pages = [p for sheet in saddle_stitch_order(n) for p in
             (sheet.front_left, sheet.front_right, sheet.back_left, sheet.back_right)]
    assert sorted(pages) == list(range(1, padded + 1))


def folded(sheets: list[Sheet]) -> list[int]:
    """The pages in the order a reader meets them once the sheets are stacked
    (first sheet outermost) and folded: the right halves going in, then the
    left halves coming out."""
    first_half = [p for sheet in sheets for p in (sheet.front_right, sheet.back_left)]
    second_half = [p for sheet in reversed(sheets) for p in (sheet.back_right, sheet.front_left)]
    return first_half + second_half


@pytest.mark.parametrize("n", [4, 8, 10, 30, 66])
def test_one_signature_folds_into_reading_order(n):
    assert folded(saddle_stitch_order(n)) == list(range(1, padded_page_count(n) + 1))


@pytest.mark.parametrize("n, sheets", [(10, 1), (20, 2), (66, 4), (66, 5), (8, 3)])
def test_signatures_each_fold_into_reading_order_and_stack(n, sheets):
    order = saddle_stitch_order(n, sheets)
    pages = []
    for start in range(0, len(order), sheets):
        pages += folded(order[start:start + sheets])
    assert pages == list(range(1, padded_page_count(n) + 1))


def test_signatures_of_two_sheets():
    assert saddle_stitch_order(20, 2) == [
        Sheet(8, 1, 2, 7), Sheet(6, 3, 4, 5),
        Sheet(16, 9, 10, 15), Sheet(14, 11, 12, 13),
        Sheet(20, 17, 18, 19),
    ]


def test_bad_arguments():
    with pytest.raises(ValueError):
        saddle_stitch_order(0)
    with pytest.raises(ValueError):
        saddle_stitch_order(10, 0)


# --- Imposed PDFs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def ten_pages(tmp_path_factory):
    """A made-up A5 document of ten pages, each saying its number."""
    pages = "".join(f'<section>Page {n}</section>' for n in range(1, 11))
    html = ("<style>@page { size: 148mm 210mm; margin: 20mm } section { break-after: page; "
            f"font-size: 30pt }}</style>{pages}")
    path = tmp_path_factory.mktemp("ten") / "ten.pdf"
    HTML(string=html).write_pdf(path)
    assert len(PdfReader(path).pages) == 10
    return path


def halves(path, number, paper):
    """The text of the left and right halves of a page of an imposed PDF."""
    require_poppler()
    width, height = int(paper.width), int(paper.height) + 1
    texts = []
    for x in (0, width // 2):
        texts.append(subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-x", str(x), "-y", "0",
             "-W", str(width // 2), "-H", str(height), str(path), "-"],
            capture_output=True, text=True, check=True).stdout.strip())
    return tuple(texts)


def label(page):
    return f"Page {page}" if page <= 10 else ""


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_ten_pages_imposed_in_saddle_stitch_order(tmp_path, ten_pages, paper):
    out = write_booklet(ten_pages, tmp_path / f"booklet-{paper}.pdf", paper=paper)
    reader = PdfReader(out)
    size = PAPERS[paper]
    assert len(reader.pages) == 6                     # three sheets, two sides each
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(size.width, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(size.height, abs=0.01)
    # sheet 1: front 12 | 1, back 2 | 11; sheet 2: 10 | 3, 4 | 9; sheet 3: 8 | 5, 6 | 7
    expected = [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    for number, (left, right) in enumerate(expected, 1):
        assert halves(out, number, size) == (label(left), label(right)), number


def test_the_pages_fit_inside_the_mark_bands(tmp_path, ten_pages):
    a4 = write_booklet(ten_pages, tmp_path / "a4.pdf", paper="a4")
    letter = write_booklet(ten_pages, tmp_path / "letter.pdf", paper="letter")
    a5_height, a5_width = 210 / 25.4 * 72, 148 / 25.4 * 72
    scale = (595.28 - 2 * MARK_ZONE) / a5_height            # A4: the height leaves the bands
    assert f"q {scale:.6f} 0 0 {scale:.6f}".encode() in _content(a4, 0)
    assert scale == pytest.approx(0.952, abs=0.001)
    scale = (396 - MARK_ZONE) / a5_width                    # Letter: the half's width
    assert f"q {scale:.6f} 0 0 {scale:.6f}".encode() in _content(letter, 0)


def _marks(path, index):
    """The short lines drawn on a side of a booklet, as (x0, top, x1, bottom) in points."""
    with pdfplumber.open(path) as pdf:
        return [(round(ln["x0"], 2), round(ln["top"], 2), round(ln["x1"], 2), round(ln["bottom"], 2))
                for ln in pdf.pages[index].lines]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_fold_and_trim_marks(tmp_path, ten_pages, paper):
    out = write_booklet(ten_pages, tmp_path / f"{paper}.pdf", paper=paper, paper_thickness=0)
    size = PAPERS[paper]
    scale = min((size.width / 2 - MARK_ZONE) / (148 / 25.4 * 72), (size.height - 2 * MARK_ZONE) / (210 / 25.4 * 72))
    page_width, page_height = 148 / 25.4 * 72 * scale, 210 / 25.4 * 72 * scale
    head = (size.height - page_height) / 2
    for side in range(len(PdfReader(out).pages)):
        lines = _marks(out, side)
        vertical = [ln for ln in lines if ln[0] == ln[2]]
        horizontal = [ln for ln in lines if ln[1] == ln[3]]
        # the fold: a line above the head and below the foot, in the middle of the sheet
        fold = [ln for ln in vertical if ln[0] == pytest.approx(size.width / 2, abs=0.01)]
        assert len(fold) == 2 and all(ln[3] < head or ln[1] > head + page_height for ln in fold)
        # trim marks: above and below each fore-edge, and beyond it at the head and the foot
        for edge in (size.width / 2 - page_width, size.width / 2 + page_width):
            assert len([ln for ln in vertical if ln[0] == pytest.approx(edge, abs=0.01)]) == 2
            assert {round(ln[1], 1) for ln in horizontal
                    if min(abs(ln[0] - edge), abs(ln[2] - edge)) == pytest.approx(1 / 25.4 * 72, abs=0.01)} \
                == {round(head, 1), round(head + page_height, 1)}
        # nothing of a mark inside a page
        for ln in lines:
            assert ln[3] <= head + 0.01 or ln[1] >= head + page_height - 0.01 \
                or ln[2] <= size.width / 2 - page_width + 0.01 or ln[0] >= size.width / 2 + page_width - 0.01


def _word_x(path, index, text):
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[index].extract_words()
    xs = [w["x0"] for w in words if w["text"] == text]
    assert len(xs) == 1, (index, text, words)
    return xs[0]


def test_creep_moves_the_outer_sheets_pages_out(tmp_path, ten_pages):
    """Three sheets of 0.5 mm paper: the outer sheet wraps two, so its pages move 1 mm
    away from the fold; the middle one 0.5 mm; the innermost stays."""
    flat = write_booklet(ten_pages, tmp_path / "flat.pdf", paper_thickness=0)
    creep = write_booklet(ten_pages, tmp_path / "creep.pdf", paper_thickness=0.5)
    mm = 72 / 25.4
    # sheet fronts: 12 | 1, 10 | 3, 8 | 5 (sides 0, 2, 4); backs 2 | 11, 4 | 9, 6 | 7
    # (pages 11 and 12 are the padding's blanks)
    for side, right_page, left_page, moved in [(0, "1", None, 1.0), (1, None, "2", 1.0),
                                               (2, "3", "10", 0.5), (3, "9", "4", 0.5),
                                               (4, "5", "8", 0.0), (5, "7", "6", 0.0)]:
        if right_page:
            shift = _word_x(creep, side, right_page) - _word_x(flat, side, right_page)
            assert shift == pytest.approx(moved * mm, abs=0.01), (side, right_page)
        if left_page:
            shift = _word_x(creep, side, left_page) - _word_x(flat, side, left_page)
            assert shift == pytest.approx(-moved * mm, abs=0.01), (side, left_page)


def test_creep_per_signature():
    sheets = saddle_stitch_order(20, 2)
    assert [round(s / (72 / 25.4), 3) for s in creep_shifts(sheets, 2, 0.1)] == [0.1, 0, 0.1, 0, 0]
    assert [round(s / (72 / 25.4), 3) for s in creep_shifts(sheets, None, 0.1)] == [0.4, 0.3, 0.2, 0.1, 0]


def _content(path, index):
    return PdfReader(path).pages[index].get_contents().get_data()


def test_signatures_of_one_sheet(tmp_path, ten_pages):
    out = write_booklet(ten_pages, tmp_path / "signatures.pdf", sheets_per_signature=1)
    expected = [(4, 1), (2, 3), (8, 5), (6, 7), (12, 9), (10, 11)]
    for number, (left, right) in enumerate(expected, 1):
        assert halves(out, number, PAPERS["a4"]) == (label(left), label(right)), number


def test_same_bytes_twice_and_nothing_extra(tmp_path, ten_pages):
    first = write_booklet(ten_pages, tmp_path / "one.pdf")
    second = write_booklet(ten_pages, tmp_path / "two.pdf")
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    # the booklet's first side carries the two pages, nothing else
    assert halves(first, 1, PAPERS["a4"]) == ("", "Page 1")


def test_bad_paper_and_bad_input(tmp_path, ten_pages):
    with pytest.raises(OutputError, match="unknown booklet paper"):
        write_booklet(ten_pages, tmp_path / "x.pdf", paper="a3")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    with pytest.raises(OutputError):
        write_booklet(broken, tmp_path / "y.pdf")
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


# --- book.toml -----------------------------------------------------------------------------

BOOK = """[book]
title = "T"
author = "A"
date = "2022"
{extra}
[[source]]
id = "s"
file = "src.md"
kind = "markdown"
lang = "en"
description = "a source"

[[edition]]
name = "en"
lang = "en"
sources = ["s"]
"""


def _book(tmp_path, extra):
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "book.toml").write_text(BOOK.format(extra=extra), encoding="utf-8")
    return folder


def test_signature_sheets_in_book_toml(tmp_path):
    config = load_book(_book(tmp_path, "signature_sheets = 4\n"))
    assert config.signature_sheets == 4
    assert config.editions[0].formats == ("epub", "pdf", "booklet-a4", "booklet-letter")


@pytest.mark.parametrize("value", ["0", "-2", '"four"', "2.5"])
def test_bad_signature_sheets(tmp_path, value):
    with pytest.raises(ConfigError, match="signature_sheets") as error:
        load_book(_book(tmp_path, f"signature_sheets = {value}\n"))
    assert error.value.line == 5


def test_paper_thickness_in_book_toml(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert load_book(_book(tmp_path / "a", "")).paper_thickness == 0.1
    assert load_book(_book(tmp_path / "b", "paper_thickness = 0.12\n")).paper_thickness == 0.12


@pytest.mark.parametrize("value", ["-0.1", "2", '"0.1mm"', "true"])
def test_bad_paper_thickness(tmp_path, value):
    with pytest.raises(ConfigError, match="paper_thickness") as error:
        load_book(_book(tmp_path, f"paper_thickness = {value}\n"))
    assert error.value.line == 5


def test_a_cover_sheet_wraps_the_booklet(tmp_path, ten_pages):
    """cover: one more sheet outside, the title page (page 1) again as its front cover, the
    rest of it blank; it wraps three sheets of 0.5 mm, so it moves out by 1.5 mm."""
    out = write_booklet(ten_pages, tmp_path / "cover.pdf", cover=True, paper_thickness=0.5)
    flat = write_booklet(ten_pages, tmp_path / "flat.pdf", cover=True, paper_thickness=0)
    assert len(PdfReader(out).pages) == 8
    expected = [(None, 1), (None, None), (12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    for number, (left, right) in enumerate(expected, 1):
        assert halves(out, number, PAPERS["a4"]) == (label(left) if left else "", label(right) if right else "")
    shift = _word_x(out, 0, "1") - _word_x(flat, 0, "1")
    assert shift == pytest.approx(1.5 * 72 / 25.4, abs=0.01)
    assert _word_x(out, 2, "1") - _word_x(flat, 2, "1") == pytest.approx(1.0 * 72 / 25.4, abs=0.01)
    assert len(_marks(out, 1)) == len(_marks(out, 2))            # the cover carries its marks too


def test_cover_sheet_in_book_toml(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert load_book(_book(tmp_path / "a", "")).cover_sheet is False
    assert load_book(_book(tmp_path / "b", "cover_sheet = true\n")).cover_sheet is True
    with pytest.raises(ConfigError, match="cover_sheet") as error:
        load_book(_book(tmp_path, 'cover_sheet = "yes"\n'))
    assert error.value.line == 5
