"""Character repairs: stray escapes, dehyphenation, joining fragments."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from zinepress.changes import ChangeLog, Edit
from zinepress.model import Emph, Note, NoteRef, Para, Provenance, Source, Text
from zinepress.readers.pdftext import read_pdftext
from zinepress.transforms import RuleContext
from zinepress.transforms.text import STRAY_ESCAPES, dehyphenate, join_fragments
from zinepress.walk import iter_blocks, own_inlines, plain_text

S003 = Path(__file__).resolve().parents[1] / "seeds" / "003_4035574dc5f78640.txt"


@pytest.fixture
def zine():
    return read_pdftext(S003, "003", "en")


def _para_at(source, line):
    (para,) = [b for b in iter_blocks(source.blocks) if isinstance(b, Para) and b.prov.first_line == line]
    return para


# --- stray-escapes ------------------------------------------------------------


def test_stray_escapes_on_the_seed(zine):
    ctx = RuleContext(ChangeLog())
    result = STRAY_ESCAPES.apply(zine, ctx)
    texts = [plain_text(own_inlines(b)) for b in iter_blocks(result.blocks) if own_inlines(b) is not None]
    assert not any("\\$" in t for t in texts)
    assert "owns Halyk Bank of Kazakhstan" in plain_text(_para_at(result, 354).inlines)
    assert "(\\$4.3 billion)" not in plain_text(_para_at(result, 354).inlines)
    assert "($4.3 billion)" in plain_text(_para_at(result, 354).inlines)
    assert [(e.rule, e.source, e.line, e.before, e.after) for e in ctx.log.edits] == [
        ("stray-escapes", "003", 354, "(\\$4.3", "($4.3"),
        ("stray-escapes", "003", 354, "\\$1.47", "$1.47"),
        ("stray-escapes", "003", 354, "(\\$453.5", "($453.5"),
        ("stray-escapes", "003", 354, "\\$225.5", "$225.5"),
        ("stray-escapes", "003", 354, "(\\$131.3", "($131.3"),
        ("stray-escapes", "003", 354, "\\$42.3", "$42.3"),
        ("stray-escapes", "003", 354, "(\\$4", "($4"),
        ("stray-escapes", "003", 360, "\\$600", "$600"),
        ("stray-escapes", "003", 362, "(\\$121", "($121"),
    ]
    assert ctx.log.removals == []


def test_stray_escapes_made_up():
    prov = Provenance("m", 4, 4)
    para = Para([Text("Paid \\$600 \\(cash\\) at C:\\Users, a \\\\ stays; "),
                 Emph([Text("\\*really\\*")])], prov)
    note_prov = Provenance("m", 9, 9)
    note = Note("1", [Para([Text("See \\#3.")], note_prov)], note_prov)
    source = Source("m", "m.txt", "en", {}, [para, note])
    ctx = RuleContext(ChangeLog())
    STRAY_ESCAPES.apply(source, ctx)
    assert para.inlines == [Text("Paid $600 (cash) at C:\\Users, a \\\\ stays; "),
                            Emph([Text("*really*")])]
    assert note.blocks[0].inlines == [Text("See #3.")]
    assert ctx.log.edits == [
        Edit("stray-escapes", "m", 4, "\\$600", "$600"),
        Edit("stray-escapes", "m", 4, "\\(cash\\)", "(cash)"),
        Edit("stray-escapes", "m", 4, "\\*really\\*", "*really*"),
        Edit("stray-escapes", "m", 9, "\\#3.", "#3."),
    ]


# --- dehyphenate --------------------------------------------------------------


@pytest.mark.parametrize("left, right, joined", [
    ("…and replac-", "ing him with…", "…and replacing him with…"),
    ("…and replac-  ", "\n ing him", "…and replacing him"),
    ("her son-in-", "law owns", "her son-in-law owns"),        # already a compound: hyphen kept
    ("the anti-", "Soviet protests", "the anti-Soviet protests"),  # capital after: hyphen kept
    ("a bro\u00ad", "ken word", "a broken word"),                 # soft hyphen always goes
])
def test_dehyphenate_joins(left, right, joined):
    assert dehyphenate(left, right) == joined


@pytest.mark.parametrize("left, right", [
    ("some anti-imperialists", "are parroting"),   # hyphen inside the fragment
    ("his son-in-law", "owns"),
    ("a full sentence.", "Next one"),
    ("a dash —", "and more"),
    ("a dash -", "and more"),
    ("from 1990-", "1995"),
    ("ends in replac-", "— nothing"),
    ("", "ing"),
])
def test_dehyphenate_declines(left, right):
    assert dehyphenate(left, right) is None


# --- join_fragments -----------------------------------------------------------


def test_join_fragments_note_one_on_the_seed(zine):
    (note1,) = [b for b in zine.blocks if isinstance(b, Note) and b.label == "1"]
    left, right = note1.blocks[0], _para_at(zine, 306)
    left_before, right_before = copy.deepcopy(left), copy.deepcopy(right)
    log = ChangeLog()
    merged = join_fragments(left, right, log)
    text = plain_text(merged.inlines)
    assert "First Secretary of the Communist Party of Kazakhstan and replacing him with an official" in text
    assert text.startswith("From December 17-19, 1986")
    assert "the protests ended in a massacre at the hands of state forces." in text
    assert merged.prov == Provenance("003", 328, 328)
    assert log.edits == [Edit("dehyphenate", "003", 328, "replac-\ning", "replacing")]
    assert log.removals == []
    assert (left, right) == (left_before, right_before)  # inputs untouched


def test_join_fragments_without_a_split_word_meets_with_a_space():
    left = Para([Text("an example for all the ")], Provenance("m", 1, 1))
    right = Para([Text("others. The end.")], Provenance("m", 5, 5))
    log = ChangeLog()
    merged = join_fragments(left, right, log)
    assert merged.inlines == [Text("an example for all the others. The end.")]
    assert merged.prov == Provenance("m", 1, 1)
    assert log.edits == []


def test_join_fragments_keeps_inline_structure():
    left = Para([Text("as "), Emph([Text("Randolph")]), Text(" wrote, the state's rep-")],
                Provenance("m", 2, 2))
    right = Para([Text("ression"), NoteRef("3"), Text(" grows.")], Provenance("m", 8, 8))
    log = ChangeLog()
    merged = join_fragments(left, right, log)
    assert merged.inlines == [Text("as "), Emph([Text("Randolph")]),
                              Text(" wrote, the state's repression"), NoteRef("3"), Text(" grows.")]
    assert log.edits == [Edit("dehyphenate", "m", 2, "rep-\nression", "repression")]


def test_join_fragments_inside_emphasis():
    left = Para([Text("the "), Emph([Text("Hunger Ga-")])], Provenance("m", 1, 1))
    right = Para([Emph([Text("mes")]), Text(" trilogy")], Provenance("m", 3, 3))
    log = ChangeLog()
    merged = join_fragments(left, right, log)
    assert plain_text(merged.inlines) == "the Hunger Games trilogy"
    assert log.edits == [Edit("dehyphenate", "m", 1, "Ga-\nmes", "Games")]


def test_join_fragments_compound_keeps_hyphen():
    log = ChangeLog()
    merged = join_fragments(Para([Text("his son-in-")], Provenance("m", 1, 1)),
                            Para([Text("law, Timur")], Provenance("m", 2, 2)), log)
    assert merged.inlines == [Text("his son-in-law, Timur")]
    assert log.edits == [Edit("dehyphenate", "m", 1, "son-in-\nlaw", "son-in-law")]
