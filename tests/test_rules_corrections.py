"""Editorial corrections and emoji entries: the text fixed in place, logged with the
reason, understood by the audit; the real book's faults; bad entries refused."""

from __future__ import annotations

import copy

import pytest

from conftest import apply_rule
from zinepress.changes import CUT_MARK
from zinepress.checks.audit import audit_edition
from zinepress.errors import EditorialError
from zinepress.model import Para, Provenance, SoftBreak, Source, Text
from zinepress.pipeline import clean_source, read_sources
from zinepress.changes import ChangeLog
from zinepress.transforms.corrections import CORRECTIONS, EMOJI
from zinepress.walk import iter_blocks, plain_text


def _source() -> Source:
    return Source("s", "s.txt", "zh-Hans", {}, [
        Para([Text("全国各地的人们5都在抢劫枪支商店。")], Provenance("s", 3, 3)),
        Para([Text("📌 本文分为以下部分：")], Provenance("s", 5, 5)),
        Para([Text("⚪️")], Provenance("s", 7, 7)),
        Para([Text("第一行"), SoftBreak(), Text("第二行。")], Provenance("s", 9, 10)),
    ])


def _entry(kind, match, replacement=None, count=None):
    entry = {"kind": kind, "source": "s", "match": match, "reason": f"why {match}", "_line": 12}
    if replacement is not None:
        entry["replacement"] = replacement
    if count is not None:
        entry["count"] = count
    return entry


def test_a_correction_changes_the_text_and_is_logged_with_its_reason():
    raw = _source()
    fixed, log = apply_rule(CORRECTIONS, copy.deepcopy(raw),
                            [_entry("correction", "人们5都在", "人们都在")])
    assert plain_text(fixed.blocks[0].inlines) == "全国各地的人们都在抢劫枪支商店。"
    (edit,) = log.edits
    assert (edit.rule, edit.line, edit.before, edit.after, edit.reason) == \
        ("correction", 3, "人们5都在", "人们都在", "why 人们5都在")
    # the audit reads the source with the correction applied: nothing missing
    output = [plain_text(b.inlines) for b in fixed.blocks]
    assert audit_edition("e", [raw], log, output, "out").passed
    # without the logged edit the corrected sentence is missing from the output
    assert not audit_edition("e", [raw], ChangeLog(), output, "out").passed


def test_emoji_are_removed_and_an_emptied_paragraph_goes():
    raw = _source()
    fixed, log = apply_rule(EMOJI, copy.deepcopy(raw),
                            [_entry("emoji", "📌 "), _entry("emoji", "⚪️")])
    texts = [plain_text(b.inlines) for b in iter_blocks(fixed.blocks)]
    assert texts[1] == "本文分为以下部分：" and "⚪️" not in texts and len(texts) == 3
    assert [(e.rule, e.before, e.after) for e in log.edits] == [("emoji", "📌 ", "")]
    assert [(r.rule, r.first_line, r.text) for r in log.removals] == [("emoji", 7, "⚪️")]
    assert audit_edition("e", [raw], log, texts, "out").passed


@pytest.mark.parametrize("kind, rule", [("correction", CORRECTIONS), ("emoji", EMOJI)])
def test_an_entry_found_a_wrong_number_of_times_fails_with_its_line(kind, rule):
    with pytest.raises(EditorialError) as error:
        apply_rule(rule, _source(), [_entry(kind, "不在这里", "x")])
    assert error.value.line == 12 and "found 0 times" in str(error.value)
    with pytest.raises(EditorialError):
        apply_rule(rule, _source(), [_entry(kind, "行", "x", count=1)])   # twice in the source


def test_the_real_books_faults_are_corrected(book):
    raw = read_sources(book, ["000", "001", "003"])
    log = ChangeLog()
    cleaned = {ident: clean_source(book, raw[ident], log) for ident in raw}
    text = {ident: "\n".join(plain_text(b.inlines) for b in iter_blocks(source.blocks)
                             if hasattr(b, "inlines")) for ident, source in cleaned.items()}
    assert "人们5都在" not in text["000"] and "全国各地的人们都在抢劫枪支商店" in text["000"]
    assert "哈萨克斯：" not in text["000"] and "哈萨克斯坦：这场起义正在取得胜利" in text["000"]
    assert "comrades-in-arms" in text["003"] and "comradesin-arms" not in text["003"]
    assert "co-owner of Kaspi Bank" in text["003"] and "coowner" not in text["003"]
    assert "kazakhstan-after-the-uprising-cai-fang" in text["003"]
    assert not any(e in text["001"] for e in ("📌", "⚪", "⛓"))
    reasons = {e.before: e.reason for e in log.edits if e.rule in ("correction", "emoji")}
    assert all(reasons.values()) and len(reasons) >= 7


def test_a_links_paragraph_is_set_one_address_a_line():
    from zinepress.model import Link
    from zinepress.transforms.links import LINK_LINES
    raw = Source("s", "s.txt", "en", {}, [Para([Text(
        "Taken from the website: https://a.example Links: https://a.example/cut-sh "
        "https://a.example/whole")], Provenance("s", 48, 48))])
    entry = {"kind": "links", "source": "s", "match": "Taken from", "reason": "run together",
             "cut": ["https://a.example/cut-sh"], "_line": 3}
    fixed, log = apply_rule(LINK_LINES, copy.deepcopy(raw), [entry])
    lines = [(plain_text(b.inlines), [n.href for n in b.inlines if isinstance(n, Link)])
             for b in fixed.blocks]
    assert lines == [("Taken from the website:", []), ("https://a.example", ["https://a.example"]),
                     ("Links:", []), ("https://a.example/cut-sh", []),
                     ("https://a.example/whole", ["https://a.example/whole"])]
    (edit,) = log.edits
    assert edit.rule == "link-lines" and edit.after.count(CUT_MARK) == 4 and edit.reason == "run together"
    assert audit_edition("e", [raw], log, [t for t, _ in lines], "out").passed
    with pytest.raises(EditorialError):
        apply_rule(LINK_LINES, copy.deepcopy(raw), [{**entry, "cut": ["https://b.example"]}])
