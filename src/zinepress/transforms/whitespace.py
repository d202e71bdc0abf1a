"""Whitespace: join soft line breaks, collapse runs, drop spaces Chinese does not use.

Rules (clreq): a line break inside a Chinese paragraph is joined without a
space; a space between two Han characters, or beside full-width punctuation,
goes; curly quotes count as full-width when the other side is Han. Between
Latin words a run of whitespace becomes one space. Blocks left without any
text are dropped (they held none, so nothing is lost).
"""

from __future__ import annotations

import re
import unicodedata

from zinepress.model import (
    INLINE_CONTAINERS,
    Block,
    Figure,
    Heading,
    Inline,
    NoteRef,
    Para,
    SoftBreak,
    Source,
    Text,
)
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import map_blocks, map_inlines, own_inlines, plain_text, text_leaves

_RUN = re.compile(r"\s+")
_CURLY = set("“”‘’")


def is_han(ch: str) -> bool:
    """A Han ideograph, kana, or other wide East Asian letter."""
    return unicodedata.east_asian_width(ch) in ("W", "F") and unicodedata.category(ch).startswith("L")


def is_fullwidth_punct(ch: str) -> bool:
    """Full-width punctuation: CJK symbols (。、「」…) and full-width forms (，：；（）)."""
    return unicodedata.east_asian_width(ch) in ("W", "F") and not unicodedata.category(ch).startswith("L") \
        and not ch.isdigit() and unicodedata.category(ch)[0] in "PS"


def space_between(prev: str | None, nxt: str | None) -> str:
    """What a run of whitespace between prev and nxt becomes: "" or " "."""
    if prev is None or nxt is None:
        return ""
    if is_fullwidth_punct(prev) or is_fullwidth_punct(nxt):
        return ""
    if is_han(prev) and is_han(nxt):
        return ""
    if (prev in _CURLY and is_han(nxt)) or (is_han(prev) and nxt in _CURLY):
        return ""
    return " "


def _prune(inlines: list[Inline]) -> list[Inline]:
    """Drop text nodes that became empty and containers left with nothing in them."""
    def keep(node: Inline) -> list[Inline]:
        if isinstance(node, Text):
            return [node] if node.text else []
        if isinstance(node, INLINE_CONTAINERS):
            return [node] if node.children else []
        return [node]
    return map_inlines(inlines, keep)


def _normalise_block(block: Block) -> list[Block]:
    inlines = own_inlines(block)
    if inlines is not None:
        new = normalise(inlines)
        if isinstance(block, (Heading, Para)):
            block.inlines = new
            if not _has_content(new):
                return []
        elif isinstance(block, Figure):
            block.caption = new
    return [block]


def normalise(inlines: list[Inline]) -> list[Inline]:
    """normalise_inlines, with leaf lengths tracked correctly."""
    inlines = map_inlines(inlines, lambda n: [Text("\n")] if isinstance(n, SoftBreak) else [n])
    leaves = list(text_leaves(inlines))
    lengths = [len(leaf.text) for leaf in leaves]
    joined = "".join(leaf.text for leaf in leaves)
    keep = list(joined)
    for match in _RUN.finditer(joined):
        start, end = match.span()
        prev = joined[start - 1] if start > 0 else None
        nxt = joined[end] if end < len(joined) else None
        keep[start] = space_between(prev, nxt)
        for i in range(start + 1, end):
            keep[i] = ""
    pos = 0
    for leaf, length in zip(leaves, lengths):
        leaf.text = "".join(keep[pos:pos + length])
        pos += length
    return _prune(inlines)


def _has_content(inlines: list[Inline]) -> bool:
    return bool(plain_text(inlines).strip()) or any(isinstance(n, NoteRef) for n in inlines)


def _apply(source: Source, ctx: RuleContext) -> Source:
    source.blocks = map_blocks(source.blocks, _normalise_block)
    return source


NORMALISE_WHITESPACE = Rule(
    "normalise-whitespace",
    "joins soft line breaks (no space inside Chinese), collapses whitespace runs, "
    "drops spaces between Han characters and beside full-width punctuation",
    _apply,
)
