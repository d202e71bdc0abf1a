"""The print edition of the real book, read back from the PDFs: pages, notes, contents,
Chinese lines, running heads, bookmarks, fonts, metadata, same bytes twice.

The PDFs are the session's release build (release_dist), compared byte for byte with its
repeat in another folder (repeat_dist, tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from conftest import ROOT
from pdf_layout import flat, page_lines, page_texts, page_words
from test_writers import MODIFIED, chinese_edition, english_edition
from zinepress.cli import main
from zinepress.errors import EnvironmentProblem, OutputError
from zinepress.model import Para, Text
from zinepress.pipeline import modified_time
from zinepress.writers import fonts as _fonts
from zinepress.render.html import block_anchor
from zinepress.writers.pdf import (
    check_pdf_fonts,
    pdf_font_names,
    print_page_starts,
    write_pdf,
)
from zinepress.writers.print_html import render_print_html

EDITIONS = ["zh-Hans", "zh-Hant", "en"]
CHINESE = ["zh-Hans", "zh-Hant"]
EPOCH = 1646092800                     # 2022-03-01T00:00:00Z
FORMATS = ["pdf", "booklet-a4", "booklet-letter"]

# The A5 page and its text block (styles/print.css), in points.
A5 = (419.53, 595.28)
INNER, OUTER = 16.8667 / 25.4 * 72, 25.3001 / 25.4 * 72    # 47.81 + 71.72: a 300pt measure


def text_left(page: int) -> float:
    """Where the text block starts on a page: the inner margin is on the left of a
    right-hand (odd) page, the outer one on the left of a left-hand (even) page."""
    return INNER if page % 2 else OUTER


def text_right(page: int) -> float:
    return text_left(page) + 300.0
TEXT_BOTTOM = A5[1] - 20 / 25.4 * 72      # the foot of the text block

CLOSING = "。，、；：？！）」』"
OPENING = "（「『"
TITLES = {"zh-Hans": "哈萨克斯坦", "zh-Hant": "哈薩克斯坦", "en": "Kazakhstan"}


@pytest.fixture(scope="module")
def dist(release_dist, repeat_dist):
    """The session's release build and its repeat elsewhere (tests/conftest.py)."""
    return {"first": release_dist, "again": repeat_dist}


def a5(dist, edition):
    return dist["first"] / f"kazakhstan.{edition}.pdf"


@pytest.fixture(scope="module")
def layout(dist):
    """edition -> [lines of each page]."""
    return {e: [page_lines(words) for words in page_words(a5(dist, e))] for e in EDITIONS}


@pytest.fixture(scope="module")
def texts(dist):
    return {e: page_texts(a5(dist, e)) for e in EDITIONS}


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- Files and pages -------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_a5_pdf_and_two_booklets_with_exact_page_sizes(dist, edition):
    sizes = {"pdf": A5, "booklet-a4.pdf": (841.89, 595.28), "booklet-letter.pdf": (792.0, 612.0)}
    pages = {}
    for suffix, (width, height) in sizes.items():
        reader = PdfReader(dist["first"] / f"kazakhstan.{edition}.{suffix}")
        pages[suffix] = len(reader.pages)
        for page in reader.pages:
            assert float(page.mediabox.width) == pytest.approx(width, abs=0.01)
            assert float(page.mediabox.height) == pytest.approx(height, abs=0.01)
    # four A5 pages to a sheet, two to a side
    assert pages["booklet-a4.pdf"] == pages["booklet-letter.pdf"] == -(-pages["pdf"] // 4) * 2


def test_two_builds_give_the_same_bytes(dist):
    for suffix in ("pdf", "booklet-a4.pdf", "booklet-letter.pdf"):
        name = f"kazakhstan.zh-Hans.{suffix}"
        assert sha256(dist["first"] / name) == sha256(dist["again"] / name), name


@pytest.mark.parametrize("edition", EDITIONS)
def test_metadata(dist, edition):
    reader = PdfReader(a5(dist, edition))
    info = reader.metadata
    assert info.title == TITLES[edition]
    assert info.author == "CrimethInc."
    assert info.creation_date == datetime.strptime(modified_time(ROOT), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert reader.trailer["/Root"]["/Lang"] == edition
    booklet = PdfReader(dist["first"] / f"kazakhstan.{edition}.booklet-a4.pdf")
    assert booklet.metadata.title == TITLES[edition]
    assert booklet.trailer["/Root"]["/Lang"] == edition


# --- Footnotes -------------------------------------------------------------------


def _calls_and_notes(lines):
    """The note calls (raised small numbers in the text) and the notes' numbers
    (at the foot, "1.") of one page."""
    calls, notes = [], []
    for line in lines:
        for word in line.words:
            if re.fullmatch(r"\d+", word.text) and word.height < 9 and word.y1 < TEXT_BOTTOM:
                calls.append(int(word.text))
        first = line.words[0]
        if re.fullmatch(r"\d+\.", first.text) and first.height < 12:
            notes.append(int(first.text[:-1]))
    return calls, notes


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_footnote_is_on_the_page_of_its_call(layout, edition):
    all_calls, all_notes = [], []
    for number, lines in enumerate(layout[edition], 1):
        calls, notes = _calls_and_notes(lines)
        assert sorted(calls) == sorted(notes), f"page {number}: calls {calls}, notes {notes}"
        all_calls += calls
        all_notes += notes
    expected = 6 if edition in CHINESE else 4
    assert sorted(all_notes) == list(range(1, expected + 1))
    # the note on the massacre of 1986 is at the foot of the page that calls it
    page = next(lines for lines in layout[edition]
                if any("1986" in line.text and line.height < 12 for line in lines))
    calls, notes = _calls_and_notes(page)
    assert calls and sorted(calls) == sorted(notes)


# --- The contents ----------------------------------------------------------------


CONTENTS = ("Contents", "目录", "目錄")


def _contents(text):
    """(title, page) of each entry of the contents page, whitespace taken out."""
    body = flat(re.sub(r"\n\s*\d+\s*$", "", text))          # the page number at the foot
    body = body.split(next(h for h in CONTENTS if h in body), 1)[1]
    return [(title, int(page)) for title, page in re.findall(r"(.+?)\.{3,}(\d+)", body)]


@pytest.fixture(scope="module")
def structure(dist, texts):
    """edition -> (contents entries, the pages parts start on)."""
    out = {}
    for edition in EDITIONS:
        contents = next(t for t in texts[edition] if re.search(r"^\s*(Contents|目录|目錄)\s*$", t, re.M))
        reader = PdfReader(a5(dist, edition))
        outline = reader.outline
        parts = {reader.get_destination_page_number(item) + 1
                 for item, following in zip(outline, outline[1:]) if isinstance(following, list)}
        out[edition] = (_contents(contents), parts)
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_contents_page_numbers_are_where_the_chapters_start(texts, structure, edition):
    pages = texts[edition]
    entries, _ = structure[edition]
    assert len(entries) == (12 if edition in CHINESE else 11)   # no notes chapter in print
    for title, number in entries:
        start = flat(pages[number - 1])
        assert start.startswith(title[-12:]) or title[-12:] in start[:len(title) + 4], (title, number)
        assert number % 2 == 1, f"{title} starts on a left-hand page"
        assert title[-12:] not in flat(pages[number - 2])[-200:]
    assert [n for _, n in entries] == sorted(n for _, n in entries)


@pytest.mark.parametrize("edition", EDITIONS)
def test_bookmarks_for_parts_and_chapters(dist, texts, edition):
    reader = PdfReader(a5(dist, edition))
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    nested = [item for item in outline if isinstance(item, list)]
    assert top[0].title in ("Contents", "目录", "目錄")
    assert len(nested) == 2                      # the chapters of the two parts
    assert [len(n) for n in nested] == ([2, 7] if edition in CHINESE else [2, 5])
    for item in top[1:] + [c for n in nested for c in n]:
        page = reader.get_destination_page_number(item) + 1
        assert flat(item.title)[:10] in flat(texts[edition][page - 1])[:60], item.title


# --- Chinese lines -----------------------------------------------------------------


def _body_lines(lines):
    """The lines of the text block: not the running head, the page number or the raised calls."""
    return [line for line in lines
            if line.y0 > 50 and line.y1 < TEXT_BOTTOM and not re.fullmatch(r"[\d ]+", line.text)]


@pytest.mark.parametrize("edition", CHINESE)
def test_no_chinese_line_breaks_against_the_rules(layout, edition):
    checked = 0
    for number, lines in enumerate(layout[edition], 1):
        for line in _body_lines(lines):
            text = line.text
            if not re.search(r"[\u4e00-\u9fff]", text):
                continue
            checked += 1
            assert text[0] not in CLOSING, f"page {number}: {text}"
            assert text[-1] not in OPENING, f"page {number}: {text}"
            for mark in "—…":       # —— and …… never break
                pair = mark * 2
                assert not text.startswith(mark) or text.startswith(pair), f"page {number}: {text}"
                assert not text.endswith(mark) or text.endswith(pair), f"page {number}: {text}"
    assert checked > 900


@pytest.mark.parametrize("edition", CHINESE)
def test_chinese_lines_end_flush_with_the_right_margin(layout, edition):
    """Of the lines of Chinese paragraphs that a line of the same paragraph follows
    (the next line starts at the left margin, not indented), at least 95% end
    within 1pt of the right margin."""
    flush, short = 0, []
    for number, lines in enumerate(layout[edition], 1):
        body = [line for line in _body_lines(lines)
                if 13 < line.height < 16 and re.search(r"[\u4e00-\u9fff]", line.text)]
        for line, following in zip(body, body[1:]):
            left, right = text_left(number), text_right(number)
            starts = (abs(line.x0 - left) < 0.5 or abs(line.x0 - left - 20) < 0.5)
            continued = abs(following.x0 - left) < 0.5 and following.y0 - line.y0 < 20
            if not (starts and continued):
                continue
            if abs(line.x1 - right) <= 1:
                flush += 1
            else:
                short.append((number, round(right - line.x1, 1), line.text))
    total = flush + len(short)
    assert total > 400
    assert flush / total >= 0.95, short[:10]


# --- Pages: running heads, numbers, blanks ----------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_running_heads_page_numbers_and_blank_pages(layout, structure, edition):
    contents, parts = structure[edition]
    starts = {n for _, n in contents}
    assert len(parts) == 2 and parts <= starts
    seen = Counter()
    for number, lines in enumerate(layout[edition], 1):
        if not lines:
            seen["blank"] += 1
            assert number % 2 == 0 or number > max(starts), f"page {number} is blank"
            continue
        head = lines[0] if lines[0].y1 < 50 else None
        folio = lines[-1] if lines[-1].y0 > TEXT_BOTTOM else None
        if number <= 3 or number in parts:             # front matter, part openers
            assert head is None and (folio is None or number == 3), number
            continue
        assert folio is not None and folio.text == str(number), number
        outer = folio.x1 > A5[0] / 2 if number % 2 else folio.x0 < A5[0] / 2
        assert outer, f"page {number}: the number is not in the outer corner"
        if number in starts:
            assert head is None, f"page {number} opens a chapter: no running head"
        elif number % 2 == 0:
            assert head is not None and head.text == TITLES[edition], number
            seen["left"] += 1
        else:
            chapter = max((n, t) for t, n in contents if n <= number)[1]
            # the chapter's title, or its short title when it is too long for the head
            assert head is not None and chapter.startswith(flat(head.text)), number
            assert flat(head.text) == chapter or len(flat(head.text)) <= 30, number
            seen["right"] += 1
    assert seen["blank"] and seen["left"] > 10 and seen["right"] > 10


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_heading_alone_at_the_foot_of_a_page(layout, edition):
    for number, lines in enumerate(layout[edition], 1):
        text = [line for line in _body_lines(lines) if line.height > 12.5]
        if text:
            assert text[-1].height < 16, f"page {number} ends with a heading: {text[-1].text}"


def test_english_is_hyphenated(texts):
    ends = sum(line.rstrip().endswith("\u2010") for page in texts["en"] for line in page.split("\n"))
    assert ends > 20


# --- Fonts -----------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_font_in_the_pdf_is_a_declared_one(dist, edition):
    check_pdf_fonts(a5(dist, edition))
    check_pdf_fonts(dist["first"] / f"kazakhstan.{edition}.booklet-letter.pdf")
    names = pdf_font_names(a5(dist, edition))
    assert "Zinepress-Serif" in names
    if edition in CHINESE:
        # no emoji left to draw from the symbols face: book/editorial.toml's [[emoji]]
        # entries remove them, for the EPUB's sake (its embedded font has none)
        assert "Zinepress-Serif-CJK" in names


def test_a_glyph_from_an_undeclared_font_fails_the_build(tmp_path):
    """Armenian is in none of the declared faces: Pango would take it from another font."""
    edition = english_edition()
    edition.chapters[0].blocks.append(Para([Text("Armenian: Հայաստան")]))
    with pytest.raises(OutputError, match="not declared"):
        write_pdf(edition, tmp_path / "book.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_mathematical_operator_comes_from_the_declared_math_face(tmp_path):
    """The asterisk operator of a real review's author note (∗, U+2217, in
    tests/corpus/pdftext/aestimatio-de-anima-review.txt) is in neither Noto Serif nor
    Symbols2: it was taken from DejaVu Sans, and the build failed."""
    edition = english_edition()
    edition.chapters[0].blocks.append(Para([Text("Gabriele Ferrario∗ and ∗ Gabriele Ferrario")]))
    write_pdf(edition, tmp_path / "book.pdf")
    names = pdf_font_names(tmp_path / "book.pdf")
    assert "Zinepress-Math" in names and not [n for n in names if "DejaVu" in n]


def test_a_glyph_in_no_font_fails_the_build(tmp_path):
    edition = english_edition()
    edition.chapters[0].blocks.append(Para([Text("private use: \ue000")]))
    with pytest.raises(OutputError, match="U\\+E000"):
        write_pdf(edition, tmp_path / "book.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_font_names_the_font_and_the_debian_package(monkeypatch):
    faces = dict(_fonts.FACES)
    faces["symbols"] = _fonts.Face("Noto Sans Nowhere", "Regular", "fonts-noto-nowhere")
    monkeypatch.setattr(_fonts, "FACES", faces)
    with pytest.raises(EnvironmentProblem) as error:
        _fonts.print_fonts("en")
    assert "Noto Sans Nowhere Regular is not installed" in str(error.value)
    assert "apt-get install fonts-noto-nowhere" in str(error.value)


# --- Where each block starts (for the EPUB's page list) ------------------------------


def test_print_page_starts_gives_the_page_of_every_block(tmp_path):
    edition = chinese_edition()
    starts = print_page_starts(edition, modified=MODIFIED)
    path = write_pdf(chinese_edition(), tmp_path / "book.pdf", modified=MODIFIED)
    pages = page_texts(path)
    assert all(re.fullmatch(r"b\d+-\d+", ident) for ident in starts)   # blocks only
    for number, chapter in enumerate(edition.chapters):
        page = starts[block_anchor(number, 0)]
        assert flat(chapter.title[0].text) in flat(pages[page - 1])   # on the chapter's first page
    # every block written carries its id; the note (at the foot of its page) has none
    uprising = edition.chapters[1]
    ids = [block_anchor(1, i) for i, block in enumerate(uprising.blocks) if block.kind != "note"]
    assert all(ident in starts for ident in ids)
    assert block_anchor(1, len(uprising.blocks) - 1) not in starts
    assert [starts[i] for i in ids] == sorted(starts[i] for i in ids)
    assert starts["b1-2"] == next(n for n, t in enumerate(pages, 1) if "大屠杀" in t)


def test_print_html_anchors_gaps_and_colophon():
    html = render_print_html(chinese_edition())
    assert '<p id="b1-0">2022 年 1 月初' in html
    assert '<h2 id="b1-1">起义的背\u2060景</h2>' in html      # its last two characters joined
    assert 'class="printing"' in html and "双面打印" in html
    assert "notes" not in re.findall(r'<section[^>]* id="([^"]+)"', html)


def test_a_booklet_alone_is_imposed_from_an_a5_pdf_left_out_of_dist(tmp_path):
    out = tmp_path / "dist"
    assert main(["build", "--book", str(ROOT / "book"), "--edition", "en", "--format",
                 "booklet-letter", "--no-check", "--no-cache", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["kazakhstan.en.booklet-letter.pdf", "report-images",
                                                     "report.html", "report.json"]
    assert len(PdfReader(out / "kazakhstan.en.booklet-letter.pdf").pages) > 15
