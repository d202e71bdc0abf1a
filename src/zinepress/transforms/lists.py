"""Empty list items: a bullet with nothing to say.

A WordPress post closes a list of questions with an item holding only an
ellipsis (“• ……”); a list may also end with an item left empty. Printed,
either is a bullet and nothing. An item whose text holds no letter or digit
is removed (and a list left with no item goes with it), each logged with
what it held.
"""

from __future__ import annotations

from zinepress.model import Block, ListBlock, Source
from zinepress.text.sentences import has_words
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import block_text, map_blocks

NAME = "empty-list-items"


def _apply(source: Source, ctx: RuleContext) -> Source:
    def visit(block: Block) -> list[Block]:
        if not isinstance(block, ListBlock):
            return [block]
        kept = []
        for item in block.items:
            text = "\n".join(block_text(b) for b in item)
            if has_words(text):
                kept.append(item)
                continue
            prov = next((b.prov for b in item if getattr(b, "prov", None)), block.prov)
            ctx.log.removed(NAME, prov, text, "a list item with no words (empty, or only "
                                              "punctuation such as an ellipsis)")
        if not kept:
            return []
        block.items = kept
        return [block]
    source.blocks = map_blocks(source.blocks, visit)
    return source


EMPTY_LIST_ITEMS = Rule(NAME, "removes list items that hold no words (an empty bullet, a bullet "
                              "holding only “……”)", _apply)
