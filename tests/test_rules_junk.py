"""Source junk: stray Markdown emphasis in HTML text, empty list items (their rules alone,
and what they do to the real WordPress source)."""

from __future__ import annotations

from conftest import apply_rule
from zinepress.model import Emph, ListBlock, Para, Provenance, Source, Strong, Text
from zinepress.transforms.lists import EMPTY_LIST_ITEMS
from zinepress.transforms.stray_markup import STRAY_EMPHASIS
from zinepress.walk import iter_blocks, iter_inlines


def _source(*blocks):
    return Source("s", "s.html", "zh-Hans", {}, list(blocks))


def test_asterisks_around_a_phrase_become_emphasis():
    para = Para([Text("工人们的行为*并不能*被称为非理性，也"), Strong([Text("*绝对不是*所有")])],
                Provenance("s", 4, 4))
    result, log = apply_rule(STRAY_EMPHASIS, _source(para))
    inlines = result.blocks[0].inlines
    assert inlines[:3] == [Text("工人们的行为"), Emph([Text("并不能")]), Text("被称为非理性，也")]
    assert inlines[3].children == [Emph([Text("绝对不是")]), Text("所有")]
    assert [(e.rule, e.before, e.after, e.line) for e in log.edits] == [
        ("stray-emphasis", "*并不能*", "并不能", 4), ("stray-emphasis", "*绝对不是*", "绝对不是", 4)]


def test_asterisks_that_are_not_emphasis_stay():
    texts = ["2 * 3 * 4", "**bold**", "1*wWku58G_wrd1vGVWMv5tuw.jpeg and 0*wawz3X", "a * b*", "*"]
    result, log = apply_rule(STRAY_EMPHASIS, _source(*(Para([Text(t)]) for t in texts)))
    assert [b.inlines for b in result.blocks] == [[Text(t)] for t in texts]
    assert not log.edits


def test_items_without_words_go_and_are_listed():
    items = [[Para([Text("镇压者究竟是谁？")])], [Para([Text("……")], Provenance("s", 112, 112))],
             [Para([Text(" ")])]]
    result, log = apply_rule(EMPTY_LIST_ITEMS, _source(ListBlock(items, prov=Provenance("s", 89, 113))))
    assert result.blocks[0].items == [items[0]]
    assert [(r.rule, r.text, r.first_line) for r in log.removals] == [
        ("empty-list-items", "……", 112), ("empty-list-items", "", 89)]


def test_a_list_left_empty_goes():
    result, log = apply_rule(EMPTY_LIST_ITEMS, _source(ListBlock([[Para([Text("...")])]]), Para([Text("x")])))
    assert result.blocks == [Para([Text("x")])] and len(log.removals) == 1


def test_the_wordpress_source(book):
    from zinepress.pipeline import clean_source, read_sources
    from zinepress.changes import ChangeLog
    raw = read_sources(book, ["001"])["001"]
    log = ChangeLog()
    cleaned = clean_source(book, raw, log)
    emphasised = {n.children[0].text for b in iter_blocks(cleaned.blocks) for n in iter_inlines(
        getattr(b, "inlines", []) or []) if isinstance(n, Emph) and n.children and isinstance(n.children[0], Text)}
    assert {"并不能", "并不像", "绝对不是"} <= emphasised
    assert [r.text for r in log.removals if r.rule == "empty-list-items"] == ["……"]
    texts = "".join(t.text for b in iter_blocks(cleaned.blocks) for t in iter_inlines(getattr(b, "inlines", []) or [])
                    if isinstance(t, Text))
    assert "*并不" not in texts
