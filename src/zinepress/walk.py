"""Traverse and query the book model: plain text, child blocks, leaf blocks."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

from zinepress.model import (
    INLINE_CONTAINERS,
    Block,
    BlockQuote,
    Div,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Para,
    SoftBreak,
    Span,
    Text,
)


def plain_text(inlines: list[Inline], softbreak: str = "\n") -> str:
    """The text of some inlines; note calls contribute nothing."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, SoftBreak):
            parts.append(softbreak)
        elif isinstance(node, NoteRef):
            continue
        elif isinstance(node, INLINE_CONTAINERS):
            parts.append(plain_text(node.children, softbreak))
    return "".join(parts)


def child_blocks(block: Block) -> list[Block]:
    """The blocks directly inside a block (empty for leaf blocks)."""
    if isinstance(block, (BlockQuote, Div, Note)):
        return block.blocks
    if isinstance(block, ListBlock):
        return [b for item in block.items for b in item]
    if isinstance(block, Figure):
        return block.blocks
    return []


def own_inlines(block: Block) -> list[Inline] | None:
    """The inlines a block holds itself (a figure's caption), or None."""
    if isinstance(block, (Heading, Para)):
        return block.inlines
    if isinstance(block, Figure):
        return block.caption
    return None


def iter_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block, depth first, containers before their contents."""
    for block in blocks:
        yield block
        yield from iter_blocks(child_blocks(block))


def text_blocks(blocks: list[Block]) -> Iterator[tuple[Block, str]]:
    """Each block that holds text itself, with that text (soft breaks as newlines)."""
    for block in iter_blocks(blocks):
        inlines = own_inlines(block)
        if inlines is not None:
            text = plain_text(inlines)
            if text.strip():
                yield block, text


def block_text(block: Block) -> str:
    """All the text of a block and its contents, one line per text block,
    whitespace runs (markup indentation, soft breaks) shown as one space."""
    return "\n".join(" ".join(text.split()) for _, text in text_blocks([block]))


def map_blocks(blocks: list[Block], fn: Callable[[Block], list[Block]]) -> list[Block]:
    """Rebuild a block list bottom-up: fn maps each block to zero or more blocks.

    Containers are copied (never changed in place) with their mapped children,
    then passed to fn; leaf blocks are passed as they are.
    """
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, (BlockQuote, Div, Note, Figure)):
            block = copy.copy(block)
            block.blocks = map_blocks(block.blocks, fn)
        elif isinstance(block, ListBlock):
            block = copy.copy(block)
            block.items = [map_blocks(item, fn) for item in block.items]
        out.extend(fn(block))
    return out


def map_inlines(inlines: list[Inline], fn: Callable[[Inline], list[Inline]]) -> list[Inline]:
    """Rebuild an inline list bottom-up: fn maps each inline to zero or more inlines."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, INLINE_CONTAINERS):
            node.children = map_inlines(node.children, fn)
        out.extend(fn(node))
    return out


def iter_inlines(inlines: list[Inline]) -> Iterator[Inline]:
    """Every inline, depth first, containers before their contents."""
    for node in inlines:
        yield node
        if isinstance(node, INLINE_CONTAINERS):
            yield from iter_inlines(node.children)


def text_leaves(inlines: list[Inline]) -> Iterator[Text]:
    """The Text nodes of some inlines, in order."""
    for node in inlines:
        if isinstance(node, Text):
            yield node
        elif isinstance(node, INLINE_CONTAINERS):
            yield from text_leaves(node.children)


# A passage a language's text rules must not touch (another language, a URL) stands in
# the text they work on as this private-use character: a word to the rules around it.
OPAQUE = "\ue000"


def rule_leaves(inlines: list[Inline], in_language: Callable[[str], bool],
                is_url: Callable[[str], bool], through_notes: bool = False) -> Iterator[Text | None]:
    """The Text nodes a language's text rules work on, in order (the English and the
    Chinese typography). A passage they must not touch (a Span whose language is not
    theirs, a link whose text is a URL) comes as a detached Text(OPAQUE); a note call
    or a soft break as None, where the context stops; through_notes: a note call is
    passed over, the text on its two sides one context (`冲抵¹;`: the mark follows 抵)."""
    for node in inlines:
        if isinstance(node, Text):
            yield node
        elif isinstance(node, Span) and not in_language(node.lang):
            yield Text(OPAQUE)
        elif isinstance(node, Link) and is_url("".join(t.text for t in text_leaves(node.children))):
            yield Text(OPAQUE)
        elif isinstance(node, INLINE_CONTAINERS):
            yield from rule_leaves(node.children, in_language, is_url, through_notes)
        elif not (through_notes and isinstance(node, NoteRef)):
            yield None
