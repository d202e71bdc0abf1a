"""The booklet: the A5 print PDF imposed two pages to a side, to print, fold and staple.

Each sheet of paper (A4 or Letter, landscape) carries four pages of the
book: two on its front, two on its back. Printed double-sided, flipping on
the short edge, the stack of sheets folded in half gives the book in order
(saddle stitch). The book is padded with blank pages at its end to a
multiple of four. A book too thick to fold as one can be made of
signatures: groups of N sheets, each folded on its own, stacked in order.

saddle_stitch_order says which page goes where; write_booklet does it with
pypdf. The A5 pages keep their size on A4 (two A5 pages are exactly one A4
landscape side) and are scaled to fit on Letter, centred in each half.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from ..errors import OutputError
from ._output import replace_atomically

__all__ = ["PAPERS", "Paper", "Sheet", "padded_page_count", "saddle_stitch_order", "write_booklet"]


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper size, landscape, in PostScript points."""

    name: str
    width: float
    height: float


PAPERS = {
    "a4": Paper("A4", 841.89, 595.28),
    "letter": Paper("Letter", 792.0, 612.0),
}


@dataclass(frozen=True, slots=True)
class Sheet:
    """The four pages (numbers from 1, of the padded book) one sheet carries, as
    seen when each side is face up, the fold running down the middle."""

    front_left: int
    front_right: int
    back_left: int
    back_right: int

    def sides(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return (self.front_left, self.front_right), (self.back_left, self.back_right)


def padded_page_count(n_pages: int) -> int:
    """n_pages rounded up to a multiple of four (a folded sheet holds four pages)."""
    return -(-n_pages // 4) * 4


def saddle_stitch_order(n_pages: int, sheets_per_signature: int | None = None) -> list[Sheet]:
    """The sheets of a booklet of n_pages pages, in the order they are printed and stacked.

    Pages after n_pages (up to the next multiple of four) are blank. Within a
    signature of S sheets (4S pages from page p), sheet i (from 0) carries on
    its front the signature's pages p+4S-1-2i | p+2i and on its back p+2i+1 |
    p+4S-2-2i: stacked and folded, the pages read in order. Without
    sheets_per_signature the whole book is one signature; with it, the book is
    cut into signatures of that many sheets (the last may have fewer), each
    folded on its own and the folded signatures stacked in order.
    """
    if n_pages < 1:
        raise ValueError("a booklet needs at least one page")
    if sheets_per_signature is not None and sheets_per_signature < 1:
        raise ValueError("sheets_per_signature must be at least 1")
    total = padded_page_count(n_pages)
    per_signature = 4 * sheets_per_signature if sheets_per_signature else total
    sheets: list[Sheet] = []
    for first in range(1, total + 1, per_signature):
        pages = min(per_signature, total - first + 1)
        last = first + pages - 1
        for i in range(pages // 4):
            sheets.append(Sheet(last - 2 * i, first + 2 * i, first + 2 * i + 1, last - 1 - 2 * i))
    return sheets


def _placement(page: PageObject, slot: int, paper: Paper) -> tuple[float, float, float]:
    """Where an A5 page goes in the left (slot 0) or right (slot 1) half of a side:
    (scale, x, y) of its lower left corner, centred in the half."""
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    half = paper.width / 2
    scale = min(half / width, paper.height / height, 1.0)
    x = slot * half + (half - width * scale) / 2 - float(box.left) * scale
    y = (paper.height - height * scale) / 2 - float(box.bottom) * scale
    return scale, x, y


def _as_form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """The page as a form XObject in writer (drawn whole, without parsing its text)."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if isinstance(contents, ArrayObject):
        data = b"\n".join(part.get_object().get_data() for part in contents)
    else:
        data = contents.get_data() if contents is not None else b""
    form = DecodedStreamObject()
    form.set_data(data)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(float(v)) for v in page.mediabox)
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.clone(writer)
    return writer._add_object(form.flate_encode())


def impose(pages: Sequence[PageObject], sheets: list[Sheet], paper: Paper,
           writer: PdfWriter) -> None:
    """Add to writer, for each sheet, its front then its back."""
    forms: dict[int, IndirectObject] = {}
    for sheet in sheets:
        for side in sheet.sides():
            target = writer.add_blank_page(paper.width, paper.height)
            drawn = DictionaryObject()
            operators = []
            for slot, number in enumerate(side):
                if number > len(pages):
                    continue                     # a blank page of the padding
                page = pages[number - 1]
                if number not in forms:
                    forms[number] = _as_form(page, writer)
                name = f"/Page{number}"
                drawn[NameObject(name)] = forms[number]
                scale, x, y = _placement(page, slot, paper)
                operators.append(f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm {name} Do Q")
            target[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): drawn})
            content = DecodedStreamObject()
            content.set_data("\n".join(operators).encode("ascii"))
            target[NameObject("/Contents")] = writer._add_object(content)


def write_booklet(pdf_path: Path, out_path: Path, *, paper: str = "a4",
                  sheets_per_signature: int | None = None) -> Path:
    """Impose the A5 PDF at pdf_path as a booklet on `paper` ("a4" or "letter") at out_path.

    The booklet carries the A5 PDF's title, author, language and dates, and an
    identifier made from its bytes, so the same A5 PDF gives the same booklet.
    """
    if paper not in PAPERS:
        raise OutputError(f"unknown booklet paper {paper!r}", hint=f"papers: {', '.join(PAPERS)}")
    sheet_paper = PAPERS[paper]
    try:
        data = Path(pdf_path).read_bytes()
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except (OSError, ValueError, PyPdfError) as exc:
        raise OutputError(f"cannot read the PDF to impose: {exc}", path=str(pdf_path)) from exc
    if not pages:
        raise OutputError("the PDF to impose has no pages", path=str(pdf_path))

    writer = PdfWriter()
    impose(pages, saddle_stitch_order(len(pages), sheets_per_signature), sheet_paper, writer)

    info = reader.metadata or {}
    metadata = {key: info[key] for key in ("/Title", "/Author", "/CreationDate", "/ModDate")
                if key in info}
    metadata["/Producer"] = "zinepress (booklet imposed with pypdf)"
    writer.add_metadata(metadata)
    language = reader.trailer["/Root"].get("/Lang")
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(language))
    identifier = ByteStringObject(hashlib.md5(data + sheet_paper.name.encode()
                                              + str(sheets_per_signature).encode(),
                                              usedforsecurity=False).digest())
    writer._ID = ArrayObject([identifier, identifier])

    def write(stream) -> None:
        writer.write(stream)

    return replace_atomically(Path(out_path), write)
