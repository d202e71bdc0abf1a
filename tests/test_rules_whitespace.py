"""Whitespace: soft breaks joined (no space in Chinese), runs collapsed, spaces by full-width punctuation gone."""

from __future__ import annotations

import pytest

from conftest import SEED_FILES, apply_rule
from zinepress.model import Emph, Link, Para, Provenance, SoftBreak, Source, Text
from zinepress.readers.wordpress import read_wordpress
from zinepress.transforms.whitespace import NORMALISE_WHITESPACE, normalise
from zinepress.walk import iter_blocks, plain_text


@pytest.mark.parametrize("inlines, expected", [
    ([Text("军方开火。"), SoftBreak(), Text("革命广场")], "军方开火。革命广场"),
    ([Text("one"), SoftBreak(), Text("two  three\n four")], "one two three four"),
    ([Text("继\n   "), Link("u", [Text("\n 上周报道\n")]), Text("\n 后，局势")], "继上周报道后，局势"),
    ([Text("的播客 “ 秩序 ”： 好")], "的播客“秩序”：好"),
    ([Text("the word “x” and")], "the word “x” and"),
    ([Text("  A： 当然 ")], "A：当然"),
    ([Text("1 月 6 日")], "1 月 6 日"),
])
def test_rules(inlines, expected):
    assert plain_text(normalise(inlines)) == expected


def test_structure_kept_across_nodes():
    out = normalise([Text("a "), Emph([Text(" b ")]), Text(" c")])
    assert plain_text(out) == "a b c" and isinstance(out[1], Emph)


def test_empty_blocks_dropped_text_blocks_kept():
    blocks = [Para([Text("  \n ")], Provenance("t", 1, 1)), Para([Text(" x ")], Provenance("t", 2, 2))]
    cleaned, log = apply_rule(NORMALISE_WHITESPACE, Source("t", "t", "en", {}, blocks))
    assert [plain_text(b.inlines) for b in cleaned.blocks] == ["x"] and not log.removals


def test_real_post_has_no_markup_whitespace_left():
    source = read_wordpress(SEED_FILES["001"], "001", "zh-Hans")
    cleaned, _ = apply_rule(NORMALISE_WHITESPACE, source)
    texts = [plain_text(b.inlines) for b in iter_blocks(cleaned.blocks) if isinstance(b, Para)]
    assert "继上周对哈萨克斯坦的起义进行报道后，局势一直在不断演进。" in texts[13] or \
        any(t.startswith("继上周对哈萨克斯坦的起义进行报道后") for t in texts)
    assert not any("\n" in t or "  " in t or t != t.strip() for t in texts)
