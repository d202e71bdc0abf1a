"""Footnotes: the editors' remarks of 000 become notes; book/notes.toml's four notes are restored."""

from __future__ import annotations

import copy

import pytest

from zinepress.transforms.assemble import assemble
from zinepress.checks.audit import audit_edition
from zinepress.changes import ChangeLog
from zinepress.errors import ConfigError, EditorialError
from zinepress.model import (Chapter, Div, Edition, Emph, Link, Note, NoteRef, Para, Provenance, SoftBreak,
                             Source, Text)
from zinepress.pipeline import clean_source, read_sources
from zinepress.text.sentences import sentence_key
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.transforms.notes import (EDITORS_NOTES, is_editors_note, load_notes, restore_notes,
                                        split_inlines)
from zinepress.walk import block_text, child_blocks, iter_blocks, map_blocks, own_inlines, plain_text, text_blocks

from conftest import ROOT, apply_rule

NOTES = ROOT / "book" / "notes.toml"


# --- helpers -----------------------------------------------------------------


def calls(edition: Edition) -> list[tuple[str, str, object]]:
    """(label, text before the call, block) for every call outside the notes, in reading order."""
    out = []

    def walk(blocks):
        for block in blocks:
            if isinstance(block, Note):
                continue
            inlines = own_inlines(block)
            if inlines is not None:
                out.extend((label, before, block) for label, before in _calls_in(inlines, ""))
            walk(child_blocks(block))

    for chapter in edition.chapters:
        walk(chapter.blocks)
    return out


def _calls_in(inlines, before):
    found = []
    for node in inlines:
        if isinstance(node, NoteRef):
            found.append((node.label, before))
        elif hasattr(node, "children"):
            found.extend(_calls_in(node.children, before))
            before += plain_text(node.children)
        else:
            before += plain_text([node])
    return found


def notes_outside(edition: Edition) -> list[Note]:
    return [b for c in edition.chapters if c.role != "notes" for b in iter_blocks(c.blocks) if isinstance(b, Note)]


def notes_chapter(edition: Edition) -> Chapter:
    chapters = [c for c in edition.chapters if c.role == "notes"]
    assert len(chapters) == 1
    return chapters[0]


# --- the real book: zh-Hans --------------------------------------------------


@pytest.fixture(scope="module")
def spec(book):
    return load_notes(NOTES, book.sources)


@pytest.fixture(scope="module")
def note_sources(book):
    raw = read_sources(book, ["002"])
    return {"002": clean_source(book, raw["002"], ChangeLog())}


@pytest.fixture(scope="module")
def zh(book, spec, note_sources):
    """The zh-Hans edition as the build makes it, EDITORS_NOTES applied to 000, notes restored."""
    cfg = next(e for e in book.editions if e.name == "zh-Hans")
    raw = read_sources(book, list(cfg.sources))
    log = ChangeLog()
    # EDITORS_NOTES runs in cleaning once it is wired in; apply it here directly
    # (a second run, from the cleaning, finds no brackets left and does nothing).
    marked = EDITORS_NOTES.apply(copy.deepcopy(raw["000"]), RuleContext(log))
    cleaned = {i: clean_source(book, marked if i == "000" else raw[i], log) for i in cfg.sources}
    assembled = assemble(book, cfg, cleaned)
    return cfg, raw, log, assembled, restore_notes(assembled, spec, note_sources, log)


def test_zh_calls_stand_right_after_their_anchors(zh, spec):
    *_, edition = zh
    found = calls(edition)
    assert [label for label, _, _ in found] == ["1", "2", "3", "4", "5", "6"]
    # the editors' notes of 000 come first (Part I), in the same sequence
    assert found[0][1].endswith("他们与街头没有任何真正的联系。") and found[0][2].prov.first_line == 103
    assert found[1][1].endswith("就会被警察立即拘留。") and found[1][2].prov.first_line == 109
    for (label, before, block), note in zip(found[2:], spec.notes):
        assert before.endswith(note.anchors["zh-Hans"]), (note.ident, before[-30:])
        assert block.prov.source == "001"
    # the call of note 4 goes after the closing quote, before the full stop
    assert plain_text(found[5][2].inlines).endswith("试图阻止“强盗”。")


def test_zh_notes_chapter_holds_every_note_with_matching_labels(zh, spec):
    *_, assembled, edition = zh
    chapter = notes_chapter(edition)
    assert chapter is edition.chapters[-1] and chapter.ident == "notes"
    assert plain_text(chapter.title) == "注释"
    assert not notes_outside(edition)
    labels = [n.label for n in chapter.blocks]
    assert labels == ["1", "2", "3", "4", "5", "6"]
    assert sorted(label for label, _, _ in calls(edition)) == labels
    editors, restored = chapter.blocks[:2], chapter.blocks[2:]
    assert all(is_editors_note(n) for n in editors) and not any(is_editors_note(n) for n in restored)
    assert [block_text(n) for n in editors] == ["这点非常类似中国。", "不仅选票是假的，连抗议也是表演。"]
    assert [block_text(n) for n in restored] == [n.texts["zh-Hans"].text for n in spec.notes]
    # the assembled edition is not changed
    assert not any(c.blocks for c in assembled.chapters if c.role == "notes")


def test_zh_editors_remarks_are_recorded_as_exact_edits(zh):
    _, raw, log, _, edition = zh
    edits = [e for e in log.edits if e.rule == "editors-notes"]
    assert [(e.source, e.line, e.before, e.after) for e in edits] == [
        ("000", 105, "【注：这点非常类似中国。】", "这点非常类似中国。"),
        ("000", 109, "【不仅选票是假的，连抗议也是表演。】", "不仅选票是假的，连抗议也是表演。"),
    ]
    source_lines = raw["000"].path and open(raw["000"].path, encoding="utf-8").read().splitlines()
    for edit in edits:
        assert edit.before in source_lines[edit.line - 1]
    assert "【" not in "".join(t for c in edition.chapters for _, t in text_blocks(c.blocks))


def test_zh_audit_passes_with_the_notes(zh):
    """Every sentence of 000 and 001 is in the edition once, the remarks now in the notes."""
    cfg, raw, log, _, edition = zh
    blocks = []
    for chapter in edition.chapters:
        blocks.append(plain_text(chapter.title))
        blocks.extend(" ".join(t.split()) for _, t in text_blocks(chapter.blocks))
    result = audit_edition(cfg.name, [raw[i] for i in cfg.sources], log, blocks, "test")
    assert result.passed, [str(f) for f in result.findings[:5]]
    # without the notes chapter, the remarks' sentences are missing: the audit sees the notes
    body = [b for c in edition.chapters if c.role != "notes" for b in
            [plain_text(c.title), *(" ".join(t.split()) for _, t in text_blocks(c.blocks))]]
    missing = audit_edition(cfg.name, [raw[i] for i in cfg.sources], log, body, "test")
    assert {f.text for f in missing.findings} == {"这点非常类似中国。", "不仅选票是假的，连抗议也是表演。"}


def test_zh_hant_takes_the_zh_hans_entries(zh, spec, note_sources):
    *_, assembled, _ = zh
    hant = copy.deepcopy(assembled)
    hant.name, hant.lang = "zh-Hant", "zh-Hant"
    for chapter in hant.chapters:
        chapter.title = [] if chapter.role == "notes" else chapter.title
    edition = restore_notes(hant, spec, note_sources, ChangeLog())
    assert len(notes_chapter(edition).blocks) == 6
    assert plain_text(notes_chapter(edition).title) == "注释"   # OpenCC converts it later


# --- the real book: en -------------------------------------------------------


@pytest.fixture(scope="module")
def en_parts(book):
    """003 and 004 cleaned, 003 left in its shuffled order (book/order/ not applied)."""
    raw = read_sources(book, ["003", "004"])
    log = ChangeLog()
    return {i: run_rules(copy.deepcopy(raw[i]), rules_for(book.sources[i].kind), RuleContext(log))
            for i in raw}


def _en_edition(cleaned: dict[str, Source], join_note_1: bool) -> Edition:
    """003 as one chapter and 004; with join_note_1, note 1's two fragments joined
    as the ordering step joins them."""
    text = copy.deepcopy(cleaned["003"])
    note = next(b for b in iter_blocks(text.blocks) if isinstance(b, Note) and b.label == "1")
    start = plain_text(note.blocks[0].inlines)
    if join_note_1 and start.endswith("replac-"):
        rest = next(b for b in iter_blocks(text.blocks)
                    if isinstance(b, Para) and plain_text(b.inlines).startswith("ing him with an official"))
        note.blocks[0].inlines = [Text(start[:-1] + plain_text(rest.inlines))]
        text.blocks = map_blocks(text.blocks, lambda b: [] if b is rest else [b])
    return Edition("en", "en", "Kazakhstan", "", "CrimethInc.", [
        Chapter("ch-003", [Text("Kazakhstan")], text.blocks, lang="en", sources=("003",)),
        Chapter("ch-004", [Text("Further Reading")], copy.deepcopy(cleaned["004"].blocks), role="appendix",
                lang="en", sources=("004",)),
    ])


def test_en_keeps_003s_calls_and_notes_and_they_equal_002s(en_parts, spec, note_sources):
    edition = restore_notes(_en_edition(en_parts, join_note_1=True), spec, note_sources, ChangeLog())
    found = calls(edition)
    assert len(found) == 4                                   # 003's calls kept, none added
    by_anchor = {}
    for label, before, block in found:
        anchor = next(n for n in spec.notes if before.endswith(n.anchors["en"]))
        by_anchor[anchor.ident] = label
        assert block.prov.source == "003"
    chapter = notes_chapter(edition)
    assert plain_text(chapter.title) == "Notes" and chapter is edition.chapters[-1]
    assert not notes_outside(edition)
    notes = {n.label: n for n in chapter.blocks}
    assert sorted(notes) == ["1", "2", "3", "4"] == sorted(by_anchor.values())
    source_notes = {n.label: n for n in iter_blocks(note_sources["002"].blocks) if isinstance(n, Note)}
    for spec_note in spec.notes:
        ours = notes[by_anchor[spec_note.ident]]
        assert ours.prov.source == "003"                     # the edition's own, counted by the audit
        ref = spec_note.texts["en"]
        expected = block_text(source_notes[ref.note])
        expected = expected[len(ref.drop_opening):] if ref.drop_opening else expected
        assert sentence_key(block_text(ours)) == sentence_key(expected)


def test_en_with_003s_note_1_still_split_is_an_error(en_parts, spec, note_sources):
    with pytest.raises(EditorialError) as err:
        restore_notes(_en_edition(en_parts, join_note_1=False), spec, note_sources, ChangeLog())
    assert "almaty-1986" in str(err.value) and "notes.toml" in str(err.value)
    assert err.value.line == spec.notes[0].line


@pytest.mark.skipif(not (ROOT / "book" / "order" / "003.toml").exists(), reason="003 is not put in order yet")
def test_en_in_reading_order_numbers_the_notes_1_to_4(book, spec, note_sources):
    raw = read_sources(book, ["003"])
    cleaned = clean_source(book, raw["003"], ChangeLog())   # put in order by book/order/003.toml
    edition = Edition("en", "en", "Kazakhstan", "", "CrimethInc.",
                      [Chapter("ch-003", [], cleaned.blocks, lang="en", sources=("003",))])
    edition = restore_notes(edition, spec, note_sources, ChangeLog())
    found = calls(edition)
    assert [label for label, _, _ in found] == ["1", "2", "3", "4"]
    for (_, before, _), note in zip(found, spec.notes):
        assert before.translate({0x201c: '"', 0x201d: '"'}).endswith(note.anchors["en"])
    assert [n.prov.first_line for n in notes_chapter(edition).blocks] == [328, 262, 242, 156]


# --- made-up inputs ----------------------------------------------------------

SPEC = """\
title = { en = "Notes" }

[[note]]
id = "alpha"
anchor.en = "the big river,"
text.en = { source = "src", note = "1", drop_opening = "草稿。" }
"""


def _spec(tmp_path, text=SPEC):
    path = tmp_path / "book" / "notes.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_notes(path)


def _src_notes(text="The river is long."):
    note = Note("1", [Para([Text("草稿。 " + text)], Provenance("src", 9, 9))], Provenance("src", 9, 9))
    return {"src": Source("src", "src.txt", "en", {}, [Para([Text("body")]), note])}


def _edition(*paras, notes=()):
    return Edition("e", "en", "T", "", "A", [Chapter("ch", [Text("Ch")], [*paras, *notes], lang="en")])


def test_anchor_matching_nowhere_names_the_note(tmp_path):
    spec = _spec(tmp_path)
    with pytest.raises(EditorialError) as err:
        restore_notes(_edition(Para([Text("No river here.")])), spec, _src_notes(), ChangeLog())
    assert "alpha" in str(err.value) and "nowhere" in str(err.value)
    assert str(err.value).startswith("book/notes.toml:3:")


def test_anchor_matching_twice_names_the_note_and_the_count(tmp_path):
    spec = _spec(tmp_path)
    edition = _edition(Para([Text("By the big river, we sat.")]), Para([Text("By the big river, we slept.")]))
    with pytest.raises(EditorialError) as err:
        restore_notes(edition, spec, _src_notes(), ChangeLog())
    assert "alpha" in str(err.value) and "2 times" in str(err.value) and err.value.line == 3


def test_anchor_across_inline_nodes_gets_a_call_and_the_source_note(tmp_path):
    spec = _spec(tmp_path)
    para = Para([Text("We saw "), Emph([Text("the big")]), Text(" "), Link("http://x", [Text("river, and")]),
                 Text(" more.")])
    log = ChangeLog()
    edition = restore_notes(_edition(para), spec, _src_notes(), log)
    inlines = edition.chapters[0].blocks[0].inlines
    assert plain_text(inlines) == "We saw the big river, and more."
    # the link is cut in two around the call, both halves keep the href
    assert [type(n).__name__ for n in inlines] == ["Text", "Emph", "Text", "Link", "NoteRef", "Link", "Text"]
    assert inlines[3].href == inlines[5].href == "http://x" and inlines[4].label == "1"
    (note,) = notes_chapter(edition).blocks
    assert note.label == "1" and block_text(note) == "The river is long."
    # the draft opening cut off the source's note is reported
    assert [(r.rule, r.source, r.text) for r in log.removals] == [("notes", "src", "草稿。")]
    assert para.inlines[3].children == [Text("river, and")]   # the input is not changed


def test_existing_call_after_the_anchor_is_kept_not_doubled(tmp_path):
    spec = _spec(tmp_path)
    para = Para([Text("By the big river,"), NoteRef("1"), Text(" we sat.")])
    own = Note("1", [Para([Text("The river is  “long”.")])], Provenance("ed", 5, 5))
    edition = restore_notes(_edition(para, notes=[own]), spec, _src_notes('The river is "long".'), ChangeLog())
    inlines = edition.chapters[0].blocks[0].inlines
    assert [type(n).__name__ for n in inlines] == ["Text", "NoteRef", "Text"]
    (note,) = notes_chapter(edition).blocks
    assert note.prov == Provenance("ed", 5, 5)            # the edition's own note, not the source's
    assert not notes_outside(edition)


def test_existing_note_that_differs_from_the_source_is_an_error(tmp_path):
    spec = _spec(tmp_path)
    para = Para([Text("By the big river,"), NoteRef("1"), Text(" we sat.")])
    own = Note("1", [Para([Text("The river is short.")])], Provenance("ed", 5, 5))
    with pytest.raises(EditorialError) as err:
        restore_notes(_edition(para, notes=[own]), spec, _src_notes(), ChangeLog())
    assert "alpha" in str(err.value) and "differs" in str(err.value)


def test_a_split_text_node_and_a_full_text_note(tmp_path):
    spec = _spec(tmp_path, SPEC.replace('text.en = { source = "src", note = "1", drop_opening = "草稿。" }',
                                        'text.en = "A river note."'))
    edition = restore_notes(_edition(Para([Text("By the big river, we sat.")])), spec, {}, ChangeLog())
    inlines = edition.chapters[0].blocks[0].inlines
    assert inlines == [Text("By the big river,"), NoteRef("1"), Text(" we sat.")]
    assert [block_text(n) for n in notes_chapter(edition).blocks] == ["A river note."]


def test_split_inlines_puts_a_call_at_the_cut_after_it():
    inlines = [Text("ab"), NoteRef("x"), Emph([Text("cd")]), SoftBreak(), Text("e")]
    left, right = split_inlines(inlines, 2)
    assert left == [Text("ab")] and right[0] == NoteRef("x")
    left, right = split_inlines(inlines, 3)
    assert left == [Text("ab"), NoteRef("x"), Emph([Text("c")])] and right[0] == Emph([Text("d")])
    left, right = split_inlines(inlines, 5)
    assert plain_text(left) == "abcd\n" and right == [Text("e")]


# --- EDITORS_NOTES on a made-up source ---------------------------------------


def test_editors_remarks_become_notes_with_exact_edits():
    source = Source("m", "m.md", "zh-Hans", {}, [
        Para([Text("第一段。")], Provenance("m", 1, 1)),
        Para([Text("【注：这是编注。】")], Provenance("m", 3, 3)),
        Para([Text("他说了话。"), SoftBreak(), Text("大家都笑了。【其实没人笑。】后来散了。")], Provenance("m", 5, 6)),
        Para([Text("悬挂了You can’t run from the truth【你不能逃避真相】。")], Provenance("m", 8, 8)),
        Para([Text("参见【1】和【视频】。")], Provenance("m", 10, 10)),
    ])
    result, log = apply_rule(EDITORS_NOTES, source)
    assert [(e.rule, e.source, e.line, e.before, e.after) for e in log.edits] == [
        ("editors-notes", "m", 3, "【注：这是编注。】", "这是编注。"),
        ("editors-notes", "m", 6, "【其实没人笑。】", "其实没人笑。"),
    ]
    assert not log.removals
    first, note1, second, note2, gloss, refs = result.blocks
    # a remark that was a paragraph of its own: the call ends the paragraph before
    assert first.inlines == [Text("第一段。"), NoteRef("编注1")]
    assert isinstance(note1, Note) and note1.label == "编注1" and note1.prov == Provenance("m", 3, 3)
    assert is_editors_note(note1) and block_text(note1) == "这是编注。"
    assert isinstance(note1.blocks[0], Div) and note1.blocks[0].classes == ("editors-note",)
    # an inline remark: the call where it stood
    assert second.inlines == [Text("他说了话。"), SoftBreak(), Text("大家都笑了。"), NoteRef("编注2"), Text("后来散了。")]
    assert note2.label == "编注2" and block_text(note2) == "其实没人笑。" and note2.prov.first_line == 6
    # glosses and bracketed labels are not remarks
    assert plain_text(gloss.inlines) == "悬挂了You can’t run from the truth【你不能逃避真相】。"
    assert plain_text(refs.inlines) == "参见【1】和【视频】。"
    # run again: nothing left to do
    again, log2 = apply_rule(EDITORS_NOTES, result)
    assert not log2.edits and len(again.blocks) == 6


def test_editors_remark_with_nothing_before_it_is_an_error():
    source = Source("m", "m.md", "zh-Hans", {}, [Para([Text("【注：开头的编注。】")], Provenance("m", 1, 1))])
    with pytest.raises(EditorialError) as err:
        apply_rule(EDITORS_NOTES, source)
    assert err.value.line == 1


# --- book/notes.toml ---------------------------------------------------------


def test_real_notes_file_loads(spec):
    assert [n.ident for n in spec.notes] == ["almaty-1986", "kazfem", "marathon-banner", "robbers"]
    assert all(n.texts["en"].source == "002" for n in spec.notes)
    assert spec.translation("zh-Hans").by == "editors" and spec.translation("zh-Hant").by == "editors"
    assert spec.translation("en") is None
    assert spec.source_ids() == {"002"}


@pytest.mark.parametrize("text, message, line", [
    (SPEC.replace('id = "alpha"', 'id = "alpha"\nanchr.en = "x"'), "unknown key 'anchr'", 5),
    (SPEC.replace('note = "1",', 'nte = "1",'), "unknown key 'nte'", 6),
    (SPEC.replace('id = "alpha"\n', ''), "missing required key 'id'", 3),
    (SPEC.replace('title = {', 'titel = {'), "unknown key 'titel'", 1),
    (SPEC.replace('anchor.en', 'anchor.fr'), "has a text for en but not an anchor", 3),
])
def test_notes_file_errors_name_the_line(tmp_path, text, message, line):
    with pytest.raises(ConfigError) as err:
        _spec(tmp_path, text)
    assert message in str(err.value) and err.value.line == line
    assert err.value.path == "book/notes.toml"


def test_notes_file_unknown_source(tmp_path):
    path = tmp_path / "notes.toml"
    path.write_text(SPEC, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_notes(path, ["000"])
    assert "unknown source 'src'" in str(err.value) and err.value.line == 6
