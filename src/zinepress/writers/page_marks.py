"""The print edition's pages, for the EPUB: where each page begins in the text.

The EPUB carries a page list (nav epub:type="page-list") and page-break
markers so that a reader can cite "p. 37" of the printed book. Every page of
the A5 PDF gets one mark:

- a page on which a block of a chapter begins: a marker right before the
  first such block (in reading order);
- a page that only continues a block from the page before (or is a blank
  verso): a marker right after the last block begun before it, so the mark
  stays in the chapter the page belongs to;
- a page of the front matter (title page, colophon, contents): the EPUB's
  document of the same name.

Blocks are named by writers/_html.block_anchor, which both writers compute
from a block's position alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLOCK = re.compile(r"b(\d+)-(\d+)")
# Ids of the print front matter and the EPUB document each one stands for.
FRONT_MATTER = {"titlepage": "titlepage.xhtml", "colophon": "colophon.xhtml", "toc": "nav.xhtml#toc"}


@dataclass(frozen=True, slots=True)
class PageMark:
    """Where the EPUB marks the start of print page `page`.

    where: "before" or "after" the block `anchor`, or "front": `anchor` is
    then a FRONT_MATTER id.
    """

    page: int
    anchor: str
    where: str


def _reading_place(anchor: str) -> tuple[int, int]:
    match = _BLOCK.fullmatch(anchor)
    assert match, anchor
    return int(match.group(1)), int(match.group(2))


def plan_page_marks(ids_per_page: list[list[str]]) -> list[PageMark]:
    """One PageMark for every page, given the element ids found on each page
    (in page order; a block's id is on the page where the block begins)."""
    marks: list[PageMark] = []
    last_block: str | None = None
    last_front = "titlepage"
    for number, ids in enumerate(ids_per_page, 1):
        blocks = sorted((i for i in ids if _BLOCK.fullmatch(i)), key=_reading_place)
        if blocks:
            marks.append(PageMark(number, blocks[0], "before"))
            last_block = blocks[-1]
        elif last_block is not None:
            marks.append(PageMark(number, last_block, "after"))
        else:
            front = next((i for i in ids if i in FRONT_MATTER), last_front)
            marks.append(PageMark(number, front, "front"))
            last_front = front
    return marks


def document_page_marks(document) -> list[PageMark]:
    """plan_page_marks for a WeasyPrint Document laid out by writers/pdf.render_document."""
    return plan_page_marks([list(page.anchors) for page in document.pages])
