"""The PDF-text reader: title and contents pages, page numbers, notes, emphasis, glued fragments."""

from __future__ import annotations

from pathlib import Path

import pytest

from zinepress.model import Div, Emph, Heading, Note, NoteRef, Para, Provenance, Text
from zinepress.readers.pdftext import parse_contents, parse_title_page, read_pdftext, split_glued
from zinepress.walk import block_text, iter_blocks, plain_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
S003 = SEEDS / "003_4035574dc5f78640.txt"


@pytest.fixture(scope="module")
def zine():
    return read_pdftext(S003, "003", "en")


def _divs(source, kind):
    return [b for b in source.blocks if isinstance(b, Div) and kind in b.classes]


def _paras_at(source, line):
    return [b for b in source.blocks if isinstance(b, Para) and b.prov.first_line == line]


# --- the seed -----------------------------------------------------------------


def test_title_page_div_and_meta(zine):
    (title_page,) = _divs(zine, "title-page")
    assert zine.blocks[0] is title_page
    assert title_page.prov == Provenance("003", 1, 17)
    assert [p.prov.first_line for p in title_page.blocks] == [1, 5, 7, 9, 11, 13, 15, 17]
    assert block_text(title_page).splitlines()[:2] == ["The Anarchist Library Anti-Copyright", "Kazakhstan"]
    assert zine.meta["title"] == "Kazakhstan"
    assert zine.meta["subtitle"] == "Anarchist Reports and Assessments"
    assert zine.meta["author"] == "CrimethInc."
    assert zine.meta["year"] == 2022
    assert zine.meta["retrieved"] == {
        "date": "November 6, 2022",
        "url": "https://crimethinc.com/zines/kazakhstan-anarchist-reports",
    }


def test_contents_div_and_entries(zine):
    (contents,) = _divs(zine, "contents")
    assert contents.prov == Provenance("003", 19, 34)
    assert [p.prov.first_line for p in contents.blocks] == list(range(19, 20)) + list(range(21, 35))
    assert zine.meta["contents"] == [
        {"title": "I. The Uprising in Kazakhstan", "page": 5},
        {"title": "The Background of the Uprising", "page": 9},
        {"title": "Conclusion: A View from Russia", "page": 18},
        {"title": "II. Kazakhstan after the Uprising", "page": 21},
        {"title": "Eyewitness Accounts from Almaty; Analysis from Russian Anarchists", "page": 21},
        {"title": "The Prison of Nations", "page": 23},
        {"title": '"Wahhabis, Terrorists, Protesters"—Misinformation about the Uprising', "page": 25},
        {"title": "A Spring that Has Been Delayed for Thirty Years", "page": 32},
        {"title": "From Zhanaozen to Almaty: Remembering the Dead", "page": 34},
        {"title": "Interview: Eyewitness Testimony from Anarchists in Almaty", "page": 35},
        {"title": "Links:", "page": 45},
    ]


def test_page_numbers_are_divs_that_keep_the_number(zine):
    pages = _divs(zine, "page-number")
    assert [(p.prov, block_text(p)) for p in pages] == [
        (Provenance("003", 64, 64), "44"),
        (Provenance("003", 100, 100), "42"),
        (Provenance("003", 206, 206), "12"),
    ]
    assert pages[0].blocks == [Para([Text("44")], Provenance("003", 64, 64))]
    # The year on the title page is not a page number.
    assert "2022" in block_text(_divs(zine, "title-page")[0]).splitlines()


def test_four_notes_with_their_labels(zine):
    notes = [b for b in zine.blocks if isinstance(b, Note)]
    assert [(n.label, n.prov.first_line) for n in notes] == [("4", 156), ("3", 242), ("2", 262), ("1", 328)]
    note1 = notes[-1]
    assert block_text(note1).startswith("From December 17-19, 1986, there were protests in Almaty")
    assert block_text(note1).endswith("and replac-")
    assert note1.blocks[0].prov == Provenance("003", 328, 328)
    # Notes keep their emphasis: *Yudol*' in note 2.
    assert Emph([Text("Yudol")]) in notes[2].blocks[0].inlines


def test_note_calls_become_noterefs(zine):
    calls = [(b.prov.first_line, node.label) for b in iter_blocks(zine.blocks) if isinstance(b, Para)
             for node in b.inlines if isinstance(node, NoteRef)]
    assert calls == [(140, "4"), (232, "3"), (260, "2"), (316, "1")]
    (robbers,) = _paras_at(zine, 140)
    assert robbers.inlines[-2:] == [Text(robbers.inlines[-2].text), NoteRef("4")]
    assert robbers.inlines[-2].text.endswith('tried to stop "robbers."')
    assert not any(ch in block_text(b) for b in zine.blocks for ch in "¹²³⁴")


def test_emphasis(zine):
    (akimat,) = _paras_at(zine, 124)
    assert Emph([Text("Akimat")]) in akimat.inlines
    assert "*" not in plain_text(akimat.inlines)
    (games,) = _paras_at(zine, 298)
    assert Emph([Text("The Hunger Games")]) in games.inlines
    (we,) = _paras_at(zine, 76)
    assert Emph([Text("we")]) in we.inlines


def test_glued_fragments_are_split(zine):
    points = zine.meta["glue_points"]
    assert [p["line"] for p in points] == [90, 192]
    assert points[0]["left"].endswith("his apart") and points[0]["right"].startswith("The former adviser")
    assert points[1]["left"].endswith("called every") and points[1]["right"].startswith("It is led by")
    left, right = _paras_at(zine, 90)
    assert plain_text(left.inlines).endswith("police came to his apart")
    assert plain_text(right.inlines).startswith("The former adviser of the president")
    assert left.prov == right.prov == Provenance("003", 90, 90)


def test_names_and_spaced_glues_are_not_split(zine):
    for line, name in [(48, "CrimethInc."), (362, "ForteBank"), (364, "KazStroyService")]:
        (para,) = _paras_at(zine, line)
        assert name in plain_text(para.inlines)
    (spaced,) = _paras_at(zine, 300)
    assert "elsewhere When the first news" in plain_text(spaced.inlines)


def test_headings_are_the_contents_entries(zine):
    headings = [(b.level, b.prov.first_line) for b in zine.blocks if isinstance(b, Heading)]
    assert (1, 66) in headings and (1, 398) in headings
    assert (2, 458) in headings and (2, 400) in headings
    assert len(headings) == len(zine.meta["contents"])


def test_every_block_has_its_line(zine):
    for block in zine.blocks:
        assert block.prov.source == "003"
        if not (isinstance(block, Div) and {"title-page", "contents"} & set(block.classes)):
            assert block.prov.first_line == block.prov.last_line


# --- made-up inputs -----------------------------------------------------------


MADE_UP = """\
Library Banner

A Title

A Subtitle

Some Author

Some Author A Title A Subtitle 1999

Retrieved on May 1, 1999 from https://example.org/a

1999

Contents

Part One\t3
A long chapter title that\t
wraps\t7

First fragment ends mid-sentence and the roomThe other fragment starts here.

7

¹ A note with *emphasis*.

Text with a call,² and a *word*.
"""


def _read(tmp_path: Path, text: str):
    path = tmp_path / "zine.txt"
    path.write_text(text, encoding="utf-8")
    return read_pdftext(path, "z", "en")


def test_made_up_zine(tmp_path):
    source = _read(tmp_path, MADE_UP)
    assert {k: source.meta[k] for k in ("title", "subtitle", "author", "year")} == {
        "title": "A Title", "subtitle": "A Subtitle", "author": "Some Author", "year": 1999}
    assert source.meta["retrieved"] == {"date": "May 1, 1999", "url": "https://example.org/a"}
    assert source.meta["contents"] == [{"title": "Part One", "page": 3},
                                       {"title": "A long chapter title that wraps", "page": 7}]
    title_page, contents, left, right, page, note, para = source.blocks
    assert title_page.classes == ("title-page",) and title_page.prov == Provenance("z", 1, 13)
    assert contents.classes == ("contents",) and contents.prov == Provenance("z", 15, 19)
    assert plain_text(left.inlines) == "First fragment ends mid-sentence and the room"
    assert plain_text(right.inlines) == "The other fragment starts here."
    assert source.meta["glue_points"] == [
        {"line": 21, "left": "…mid-sentence and the room", "right": "The other fragment starts…"}]
    assert page.classes == ("page-number",) and page.prov == Provenance("z", 23, 23)
    assert note == Note("1", [Para([Text("A note with "), Emph([Text("emphasis")]), Text(".")],
                                   Provenance("z", 25, 25))], Provenance("z", 25, 25))
    assert para.inlines == [Text("Text with a call,"), NoteRef("2"), Text(" and a "),
                            Emph([Text("word")]), Text(".")]


def test_without_contents_everything_is_body(tmp_path):
    source = _read(tmp_path, "A Title\n\nSome text.\n\n12\n")
    assert [type(b).__name__ for b in source.blocks] == ["Para", "Para", "Div"]
    assert "contents" not in source.meta and source.meta["glue_points"] == []


def test_title_page_without_subtitle():
    meta = parse_title_page(["Banner", "Title", "Author", "Author Title 2001", "2001"])
    assert (meta["title"], meta["author"], meta["year"]) == ("Title", "Author", 2001)
    assert "subtitle" not in meta


def test_parse_contents_joins_wrapped_entries():
    assert parse_contents(["One\t1", "Two that\t", "wraps over\t", "three lines\t9"]) == [
        {"title": "One", "page": 1}, {"title": "Two that wraps over three lines", "page": 9}]


@pytest.mark.parametrize("text, pieces", [
    ("came to his apartThe former", ["came to his apart", "The former"]),
    ("I called everyIt is", ["I called every", "It is"]),
    ("a “quoteWord here", ["a “quote", "Word here"]),
    ("CrimethInc. and ForteBank and KazStroyService", None),
    ("an iPhone, a macOS box, https://x.org/fooBar", None),
    ("elsewhere When the first", None),
])
def test_split_glued(text, pieces):
    assert split_glued(text) == (pieces or [text])
