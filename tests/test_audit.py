"""The audit: passes on the real zh-Hans text, and names the source line of a lost or doubled paragraph."""

from __future__ import annotations

import copy

import pytest

from zinepress.checks.audit import audit_edition, source_occurrences
from zinepress.changes import ChangeLog, Removal
from zinepress.model import Para, Provenance, SoftBreak, Source, Text
from zinepress.walk import iter_blocks, map_blocks, plain_text, text_blocks


@pytest.fixture(scope="module")
def zh(zh_hans_model):
    return zh_hans_model


def _blocks_of(edition):
    """The edition's text as a writer would give it: titles and every text block."""
    out = []
    for chapter in edition.chapters:
        out.append(plain_text(chapter.title))
        out.extend(" ".join(t.split()) for _, t in text_blocks(chapter.blocks))
    return out


def _find_para(edition, opening):
    return next(b for c in edition.chapters for b in iter_blocks(c.blocks)
                if isinstance(b, Para) and plain_text(b.inlines).startswith(opening))


def _remove_para(edition, opening):
    victim = _find_para(edition, opening)
    for chapter in edition.chapters:
        chapter.blocks = map_blocks(chapter.blocks, lambda b: [] if b is victim else [b])
    return victim


def _audit(zh, edition):
    cfg, raw, log, _ = zh
    return audit_edition(cfg.name, [raw[i] for i in cfg.sources], log, _blocks_of(edition), "test")


def test_real_edition_passes(zh):
    result = _audit(zh, zh[3])
    assert result.passed, [str(f) for f in result.findings[:5]]
    assert result.checked > 700 and result.removed > 20


def test_deleted_paragraph_is_named_with_its_source_line(zh):
    edition = copy.deepcopy(zh[3])
    victim = _remove_para(edition, "然后，互联网被关闭了。")
    result = _audit(zh, edition)
    assert not result.passed
    # the paragraph has four sentences: each is named, at the paragraph's line
    assert len(result.findings) == 4
    for finding in result.findings:
        assert finding.problem == "missing" and (finding.source, finding.line) == ("001", victim.prov.first_line)
        assert finding.expected == 1 and finding.found == 0
    assert result.findings[0].text == "然后，互联网被关闭了。"


def test_doubled_paragraph_is_named(zh):
    edition = copy.deepcopy(zh[3])
    para = _find_para(edition, "无政府主义者已经在白俄罗斯")
    edition.chapters[-2].blocks.append(copy.deepcopy(para))
    result = _audit(zh, edition)
    problems = {(f.problem, f.source, f.line) for f in result.findings}
    assert problems == {("doubled", "000", 79)}


def test_removed_text_is_accounted_for_and_only_once():
    para = Para([Text("Kept sentence here. Dropped sentence here.")], Provenance("s", 3, 3))
    source = Source("s", "s", "en", {}, [para])
    removal = Removal("some-rule", "s", 3, 3, "Dropped sentence here.", "why")
    ok = audit_edition("e", [source], ChangeLog([removal]), ["Kept sentence here."], "out")
    assert ok.passed and ok.checked == 2 and ok.removed == 1
    unlogged = audit_edition("e", [source], ChangeLog(), ["Kept sentence here."], "out")
    assert [(f.problem, f.line, f.text) for f in unlogged.findings] == [("missing", 3, "Dropped sentence here.")]


def test_source_line_breaks_locate_sentences():
    para = Para([Text("第一句。"), SoftBreak(), Text("第二句\n（markup newline）没有断。")], Provenance("s", 10, 11))
    occurrences, _ = source_occurrences(Source("s", "s", "zh", {}, [para]))
    assert [(o.text, o.line) for o in occurrences] == [("第一句。", 10), ("第二句 （markup newline）没有断。", 11)]


# --- as strict as the truth: hyphens, short sentences ------------------------------------


def _source(*paras: list) -> Source:
    blocks = []
    line = 1
    for inlines in paras:
        breaks = sum(isinstance(n, SoftBreak) for n in inlines)
        blocks.append(Para(list(inlines), Provenance("s", line, line + breaks)))
        line += breaks + 2
    return Source("s", "s.txt", "en", {}, blocks)


def test_a_word_joined_across_a_line_end_hyphen_is_not_missing():
    from zinepress.transforms import RuleContext
    from zinepress.transforms.hyphens import LINE_END_HYPHENS
    for hyphen in ("-", "\u2010", "\u00ad"):
        raw = _source([Text(f"He pulled up the bed{hyphen}"), SoftBreak(), Text("clothes and slept.")])
        log = ChangeLog()
        LINE_END_HYPHENS.apply(copy.deepcopy(raw), RuleContext(log))
        assert audit_edition("en", [raw], log, ["He pulled up the bedclothes and slept."], "t").passed
        missing = audit_edition("en", [raw], log, ["He pulled up the and slept."], "t")
        assert missing.findings[0].problem == "missing" and missing.findings[0].line == 1
        assert missing.findings[0].text == "He pulled up the bedclothes"


def test_short_sentences_are_counted_in_context_not_as_tokens():
    raw = _source([Text("So. The cat sat on the mat.")], [Text("So it goes, and so on.")],
                  [Text("4")], [Text("The end came at 4 in the morning.")])
    out = ["So. The cat sat on the mat.", "So it goes, and so on.", "4", "The end came at 4 in the morning."]
    assert audit_edition("en", [raw], ChangeLog(), out, "t").passed
    # "So" taken out of its paragraph is missing, though "So" stands elsewhere
    result = audit_edition("en", [raw], ChangeLog(), ["The cat sat on the mat."] + out[1:], "t")
    assert [(f.problem, f.text, f.line) for f in result.findings] == [("missing", "So.", 1)]
    # the block "4" taken out is missing, though "4" stands in another sentence
    result = audit_edition("en", [raw], ChangeLog(), out[:2] + out[3:], "t")
    assert [(f.problem, f.text, f.line) for f in result.findings] == [("missing", "4", 5)]
    # and a later step that merged it into the next block does not make it missing
    assert audit_edition("en", [raw], ChangeLog(), out[:2] + ["4 The end came at 4 in the morning."], "t").passed


def test_character_references_are_the_characters_they_name():
    from zinepress.text.sentences import sentence_key
    assert sentence_key("Kazakhstan&#65306;reports &amp; assessments") == sentence_key("Kazakhstan：reports & assessments")


def test_a_short_line_of_a_title_block_split_by_a_heading_is_not_missing():
    # Project Gutenberg's title block (News from Nowhere, lines 41-45): "NEWS FROM NOWHERE" / "OR" /
    # "AN EPOCH OF REST"; an editorial heading takes the first line, the rest stays a paragraph
    raw = _source([Text("NEWS FROM NOWHERE"), SoftBreak(), Text("OR"), SoftBreak(), Text("AN EPOCH OF REST"),
                   SoftBreak(), Text("BEING SOME CHAPTERS FROM A UTOPIAN ROMANCE")])
    out = ["NEWS FROM NOWHERE", "OR AN EPOCH OF REST BEING SOME CHAPTERS FROM A UTOPIAN ROMANCE"]
    assert audit_edition("en", [raw], ChangeLog(), out, "t").passed
    # "OR" taken out is still missing, named at its line
    result = audit_edition("en", [raw], ChangeLog(), [out[0], "AN EPOCH OF REST BEING SOME CHAPTERS FROM A "
                                                                "UTOPIAN ROMANCE"], "t")
    assert [(f.problem, f.text, f.line) for f in result.findings] == [("missing", "OR", 2)]
    # and so is the heading's line
    result = audit_edition("en", [raw], ChangeLog(), out[1:], "t")
    assert ("missing", "NEWS FROM NOWHERE", 1) in [(f.problem, f.text, f.line) for f in result.findings]


def test_a_drop_cap_joined_to_its_word_is_counted_in_its_sentence():
    # Robin Hood's chapter opening as pdftotext gives it (tests/corpus/pdftext/robin-hood.txt):
    # the drop cap "I" a fragment of its own, "n the days of good King Harry…" the next; the
    # order file joins them with join = "word", which logs "I\nn" → "In" (transforms/order.py _join)
    raw = _source([Text("I")], [Text("n the days of good King Harry the Second of England there were forests.")],
                  [Text("In a wood dwelt one Hugh Fitzooth, in all kindness, in the north.")])
    log = ChangeLog()
    log.edited("dehyphenate", raw.blocks[0].prov, "I\nn", "In")
    out = ["In the days of good King Harry the Second of England there were forests.",
           "In a wood dwelt one Hugh Fitzooth, in all kindness, in the north."]
    result = audit_edition("en", [raw], log, out, "t")
    assert result.passed, [str(f) for f in result.findings]
    # the letter lost is still missing, though "in" stands everywhere
    result = audit_edition("en", [raw], log, ["n the days of good King Harry the Second of England there were "
                                              "forests.", out[1]], "t")
    assert [(f.problem, f.text, f.line) for f in result.findings] == [("missing", "I", 1)]
    # and the opening sentence twice is doubled
    result = audit_edition("en", [raw], log, [out[0], *out], "t")
    assert ("doubled", "I", 1) in [(f.problem, f.text, f.line) for f in result.findings]
