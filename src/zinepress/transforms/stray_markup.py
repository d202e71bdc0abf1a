"""Markdown emphasis typed inside HTML: `*并不能*` in a WordPress post is emphasis.

Translators who write in Markdown and paste into WordPress leave asterisks
the HTML shows as they are. A word or phrase between two single asterisks,
inside one text run of an HTML source, becomes emphasis; the asterisks go,
each change logged as an edit. An asterisk with a space inside it (`2 * 3`),
doubled (`**`), or touching a Latin letter or digit on its outer side
(`1*wWku`, in a picture's name) is left alone.
"""

from __future__ import annotations

import re

from zinepress.model import Emph, Inline, Source, Text
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import INLINE_CONTAINERS, iter_blocks, own_inlines

NAME = "stray-emphasis"
_EMPHASIS = re.compile(r"(?<![*A-Za-z0-9])\*(?![\s*])([^*\n]{1,80}?)(?<![\s*])\*(?![*A-Za-z0-9])")


def _split(inlines: list[Inline], edits: list[tuple[str, str]]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and _EMPHASIS.search(node.text):
            at = 0
            for match in _EMPHASIS.finditer(node.text):
                if match.start() > at:
                    out.append(Text(node.text[at:match.start()]))
                out.append(Emph([Text(match.group(1))]))
                edits.append((match.group(), match.group(1)))
                at = match.end()
            if at < len(node.text):
                out.append(Text(node.text[at:]))
            continue
        if isinstance(node, INLINE_CONTAINERS) and not isinstance(node, Emph):
            node.children = _split(node.children, edits)
        out.append(node)
    return out


def _apply(source: Source, ctx: RuleContext) -> Source:
    for block in iter_blocks(source.blocks):
        inlines = own_inlines(block)
        if not inlines:
            continue
        edits: list[tuple[str, str]] = []
        inlines[:] = _split(inlines, edits)
        for before, after in edits:
            ctx.log.edited(NAME, block.prov, before, after)
    return source


STRAY_EMPHASIS = Rule(NAME, "Markdown emphasis typed inside HTML text (*并不能*) becomes emphasis; "
                            "the asterisks go", _apply)
