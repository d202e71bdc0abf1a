"""Plain texts as Project Gutenberg gives them: the frame around the book (its
header and its licence), the marks of pictures the text does not have, and
compounds cut at their hyphen at a line end.

A Project Gutenberg text file opens with a header (the ebook's title, author,
release date, language, character set, then the start marker ``*** START OF
THE PROJECT GUTENBERG EBOOK …``) and closes with the end marker and the
Project Gutenberg License. They describe the file, not the book: the rule
removes them, and the report lists them under its name. The plain-text reader
already keeps them from becoming headings or notes.
"""

from __future__ import annotations

import re

from zinepress.model import Block, Inline, Para, SoftBreak, Source, Text
from zinepress.readers.plaintext import (
    GUTENBERG_CREDIT,
    GUTENBERG_END,
    GUTENBERG_START,
    ILLUSTRATION,
)
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import block_text, iter_blocks, map_blocks, own_inlines

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


# --- Hard hyphens at line ends --------------------------------------------------

HARD_HYPHENS_NAME = "line-end-compounds"
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_LETTER_START = re.compile(r"^[^\W\d_]")


def _join_hard_hyphens(source: Source, ctx: RuleContext) -> Source:
    """A plain-text line that ends with a hyphen after a letter, the next line
    starting with a letter, is a compound cut at its hyphen ("after-" / "lecture"):
    the lines join without a space and the hyphen stays ("after-lecture"). Plain
    texts (Project Gutenberg's among them) are not hyphenated for line breaking,
    so such a hyphen is the word's own."""
    for block in iter_blocks(source.blocks):
        inlines = own_inlines(block)
        if not inlines:
            continue
        kept: list[Inline] = []
        for index, node in enumerate(inlines):
            before = kept[-1] if kept else None
            after = inlines[index + 1] if index + 1 < len(inlines) else None
            if isinstance(node, SoftBreak) and isinstance(before, Text) and isinstance(after, Text) \
                    and _HYPHEN_END.search(before.text) and _LETTER_START.match(after.text):
                left = before.text.rsplit(None, 1)[-1]
                right = after.text.split(None, 1)[0]
                ctx.log.edited(HARD_HYPHENS_NAME, block.prov, f"{left}⏎{right}", left + right)
                continue
            kept.append(node)
        inlines[:] = kept
    return source


HARD_HYPHENS = Rule(HARD_HYPHENS_NAME,
                    "a line ending in a compound's hyphen joins the next without a space, the hyphen kept "
                    "(after-⏎lecture → after-lecture)", _join_hard_hyphens)


# --- Marks of pictures the text does not have -----------------------------------

ILLUSTRATION_MARKS_NAME = "illustration-marks"


def _drop_illustration_marks(source: Source, ctx: RuleContext) -> Source:
    def visit(block: Block) -> list[Block]:
        if isinstance(block, Para) and ILLUSTRATION.match(block_text(block).lstrip()):
            ctx.log.removed(ILLUSTRATION_MARKS_NAME, block.prov, block_text(block),
                            "mark of a picture the text file does not have, with its caption")
            return []
        return [block]
    source.blocks = map_blocks(source.blocks, visit)
    return source


ILLUSTRATION_MARKS = Rule(ILLUSTRATION_MARKS_NAME,
                          "drops [Illustration: …] paragraphs, marks of pictures the text file does not have, "
                          "with their captions", _drop_illustration_marks)
