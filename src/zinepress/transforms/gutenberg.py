"""The frame Project Gutenberg puts around a book: its header and its licence.

A Project Gutenberg text file opens with a header (the ebook's title, author,
release date, language, character set, then the start marker ``*** START OF
THE PROJECT GUTENBERG EBOOK …``) and closes with the end marker and the
Project Gutenberg License. They describe the file, not the book: the rule
removes them, and the report lists them under its name. The plain-text reader
already keeps them from becoming headings or notes.
"""

from __future__ import annotations

from ..model import Block, Source
from ..readers.plaintext import GUTENBERG_CREDIT, GUTENBERG_END, GUTENBERG_START
from ..walk import block_text
from . import Rule, RuleContext

GUTENBERG_FRAME_NAME = "gutenberg-frame"
HEADER_REASON = ("Project Gutenberg's header (the ebook's title, author, release date, language and "
                 "character set) and its start marker")
CREDIT_REASON = "Project Gutenberg's production credit (who prepared the ebook)"
LICENCE_REASON = "Project Gutenberg's end marker and licence"


def _drop_frame(source: Source, ctx: RuleContext) -> Source:
    texts = [block_text(b).lstrip() for b in source.blocks]
    start = next((i for i, t in enumerate(texts) if GUTENBERG_START.match(t)), None)
    if start is None:
        return source
    end = next((i for i in range(start + 1, len(texts)) if GUTENBERG_END.match(texts[i])), len(texts))
    credits = start + 1
    while credits < end and GUTENBERG_CREDIT.match(texts[credits]):
        credits += 1
    kept: list[Block] = []
    for index, block in enumerate(source.blocks):
        if start < index < credits:
            ctx.log.removed(GUTENBERG_FRAME_NAME, block.prov, block_text(block), CREDIT_REASON)
        elif index <= start:
            ctx.log.removed(GUTENBERG_FRAME_NAME, block.prov, block_text(block), HEADER_REASON)
        elif index >= end:
            ctx.log.removed(GUTENBERG_FRAME_NAME, block.prov, block_text(block), LICENCE_REASON)
        else:
            kept.append(block)
    source.blocks = kept
    return source


GUTENBERG_FRAME = Rule(GUTENBERG_FRAME_NAME,
                       "drops Project Gutenberg's header (title, author, release date, language, character "
                       "set, start marker), the production credit after it, and its end marker and licence", _drop_frame)
