"""Rules that drop a printed zine's page furniture: title page, contents page, page numbers, running heads.

The PDF-text reader keeps each piece of furniture as a Div with a class
saying what it is; these rules drop those Divs wherever they sit and record
each one, with its lines and text, in the change log. The edition makes its
own title page (from book.toml) and table of contents, and has no printed
pages, so none of this text belongs in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from zinepress.model import Block, Div, Source
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import block_text, map_blocks


def drop_divs(rule_name: str, div_class: str, reason: str) -> Callable[[Source, RuleContext], Source]:
    """A rule body that drops every Div of div_class, recording each under rule_name."""

    def apply(source: Source, ctx: RuleContext) -> Source:
        def keep(block: Block) -> list[Block]:
            if isinstance(block, Div) and div_class in block.classes:
                ctx.log.removed(rule_name, block.prov, block_text(block), reason)
                return []
            return [block]

        return replace(source, blocks=map_blocks(source.blocks, keep))

    return apply


TITLE_PAGE = Rule(
    "title-page",
    "drops the source's own title page; its facts live in book.toml and the source's meta",
    drop_divs("title-page", "title-page",
              "title page of the source edition; the book makes its own from book.toml"),
)

CONTENTS_PAGE = Rule(
    "contents-page",
    "drops the source's contents page; the edition builds its own table of contents",
    drop_divs("contents-page", "contents",
              "contents page of the source edition, with its page numbers"),
)

PAGE_NUMBERS = Rule(
    "page-numbers",
    "drops the printed zine's page numbers left in the extracted text",
    drop_divs("page-numbers", "page-number", "page number of the printed source"),
)

RUNNING_HEADS = Rule(
    "running-heads",
    "drops the running heads and feet printed at the top or foot of every page (a book's or chapter's title)",
    drop_divs("running-heads", "running-head", "running head of the printed source, repeated on its pages"),
)
