"""The booklet: the A5 print PDF imposed two pages to a side, to print, fold and staple.

Each sheet of paper (A4 or Letter, landscape) carries four pages of the
book: two on its front, two on its back. Printed double-sided, flipping on
the short edge, the stack of sheets folded in half gives the book in order
(saddle stitch). The book is padded with blank pages at its end to a
multiple of four. A book too thick to fold as one can be made of
signatures: groups of N sheets, each folded on its own, stacked in order.

saddle_stitch_order says which page goes where; write_booklet does it with
pypdf. Each side keeps a band of MARK_ZONE at its top, its bottom and its
outer edges for the marks, so the pages are scaled to fit what is left of
each half (95% on A4, 91% on Letter), their spine edges at the fold:

- fold marks: a short line at the top and the bottom of the fold;
- trim marks: at the outer corners of each page, where the folded booklet
  is cut at its head, its foot and its fore-edge.

Creep: a folded sheet wraps around the sheets inside it, so its fore-edge
ends up short of theirs by about the thickness of the paper inside. Each
page is moved away from the fold by the thickness of the sheets its own
sheet wraps (paper_thickness, in mm, times the sheets inside it in its
signature): the innermost sheet stays, the outer ones move out, and once
the folded booklet is trimmed every page has the same margins. Its trim
marks move with it.

Cover sheet (cover_sheet): one more sheet, outside all the others, to print
on card: the book's first page (the title page) again as the front cover,
on the right of its outer side, and blank pages for the back cover and the
insides. It wraps the whole booklet, so it moves out by the thickness of
every sheet inside it.

(pdfimpose would do the same, but it is AGPL-3.0 and needs PyMuPDF; the
imposition is a page order and a few placed forms, which pypdf does.)
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

from zinepress.errors import OutputError
from zinepress.writers.output import replace_atomically

__all__ = ["PAPERS", "Paper", "Sheet", "padded_page_count", "saddle_stitch_order", "write_booklet",
           "MARK_ZONE", "DEFAULT_PAPER_THICKNESS", "creep_shifts", "COVER", "BLANK", "cover_sheet"]

MM = 72 / 25.4                      # PostScript points in a millimetre
MARK_ZONE = 5 * MM                  # the band each side keeps for the marks
MARK_GAP = 1 * MM                   # between a trim corner and its marks
MARK_LENGTH = 3 * MM
MARK_WIDTH = 0.25                   # pt
DEFAULT_PAPER_THICKNESS = 0.1       # mm: 80 g/m² office paper
COVER = -1                          # on a cover sheet: the book's first page, as its front cover
BLANK = 0                           # on a cover sheet: a blank page


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


def cover_sheet() -> Sheet:
    """The cover sheet: back cover | front cover outside, the two inside covers blank."""
    return Sheet(BLANK, COVER, BLANK, BLANK)


def creep_shifts(sheets: list[Sheet], sheets_per_signature: int | None,
                 paper_thickness: float) -> list[float]:
    """How far (pt) each sheet's pages move away from the fold: paper_thickness (mm)
    times the sheets inside it in its signature; the innermost sheet moves by 0."""
    per_signature = sheets_per_signature or len(sheets)
    shifts = []
    for first in range(0, len(sheets), per_signature):
        count = min(per_signature, len(sheets) - first)
        shifts += [(count - 1 - i) * paper_thickness * MM for i in range(count)]
    return shifts


def _scale(page: PageObject, paper: Paper) -> float:
    """The scale of the pages on a side: each fits its half less the mark bands
    (top, bottom and outer edge), never enlarged."""
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    return min((paper.width / 2 - MARK_ZONE) / width, (paper.height - 2 * MARK_ZONE) / height, 1.0)


def _placement(page: PageObject, slot: int, paper: Paper, scale: float,
               shift: float) -> tuple[float, float]:
    """Where a page goes in the left (slot 0) or right (slot 1) half of a side: (x, y)
    of its lower left corner, its spine edge at the fold, moved out by shift,
    centred from head to foot."""
    box = page.mediabox
    width, height = float(box.width) * scale, float(box.height) * scale
    middle = paper.width / 2
    left = middle - width - shift if slot == 0 else middle + shift
    x = left - float(box.left) * scale
    y = (paper.height - height) / 2 - float(box.bottom) * scale
    return x, y


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S"


def fold_marks(paper: Paper, page_height: float) -> list[str]:
    """A short line at the head and the foot of the fold, in the mark bands."""
    middle, bottom = paper.width / 2, (paper.height - page_height) / 2
    top = bottom + page_height
    return [_line(middle, bottom - MARK_GAP, middle, max(0.0, bottom - MARK_GAP - MARK_LENGTH)),
            _line(middle, top + MARK_GAP, middle, min(paper.height, top + MARK_GAP + MARK_LENGTH))]


def trim_marks(paper: Paper, slot: int, x: float, width: float, page_height: float) -> list[str]:
    """Corner marks at a page's outer corners: a line above and below its fore-edge,
    and one beyond the fore-edge at its head and its foot."""
    bottom = (paper.height - page_height) / 2
    top = bottom + page_height
    edge = x if slot == 0 else x + width
    out = -1 if slot == 0 else 1
    beyond = [edge + out * MARK_GAP, edge + out * (MARK_GAP + MARK_LENGTH)]
    beyond = [min(max(v, 0.0), paper.width) for v in beyond]
    return [_line(edge, bottom - MARK_GAP, edge, max(0.0, bottom - MARK_GAP - MARK_LENGTH)),
            _line(edge, top + MARK_GAP, edge, min(paper.height, top + MARK_GAP + MARK_LENGTH)),
            _line(beyond[0], bottom, beyond[1], bottom),
            _line(beyond[0], top, beyond[1], top)]


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
           writer: PdfWriter, shifts: Sequence[float] | None = None) -> None:
    """Add to writer, for each sheet, its front then its back, with fold and trim
    marks; shifts: how far each sheet's pages move out (creep_shifts)."""
    forms: dict[int, IndirectObject] = {}
    scale = _scale(pages[0], paper)
    width, height = (float(pages[0].mediabox.width) * scale, float(pages[0].mediabox.height) * scale)
    for index, sheet in enumerate(sheets):
        shift = shifts[index] if shifts else 0.0
        for side in sheet.sides():
            target = writer.add_blank_page(paper.width, paper.height)
            drawn = DictionaryObject()
            operators = []
            marks = fold_marks(paper, height)
            for slot, number in enumerate(side):
                x, y = _placement(pages[0], slot, paper, scale, shift)
                marks += trim_marks(paper, slot, x, width, height)
                if number == BLANK or number > len(pages):
                    continue                     # a blank page of the padding or the cover
                number = 1 if number == COVER else number
                page = pages[number - 1]
                if number not in forms:
                    forms[number] = _as_form(page, writer)
                name = f"/Page{number}"
                drawn[NameObject(name)] = forms[number]
                x, y = _placement(page, slot, paper, scale, shift)
                operators.append(f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm {name} Do Q")
            operators.append(f"q 0 G {MARK_WIDTH} w [] 0 d " + " ".join(marks) + " Q")
            target[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): drawn})
            content = DecodedStreamObject()
            content.set_data("\n".join(operators).encode("ascii"))
            target[NameObject("/Contents")] = writer._add_object(content)


def write_booklet(pdf_path: Path, out_path: Path, *, paper: str = "a4",
                  sheets_per_signature: int | None = None,
                  paper_thickness: float = DEFAULT_PAPER_THICKNESS, cover: bool = False) -> Path:
    """Impose the A5 PDF at pdf_path as a booklet on `paper` ("a4" or "letter") at out_path,
    with creep compensated for paper_thickness (mm; 0 for none), and with a cover sheet
    first when cover is true.

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
    sheets = saddle_stitch_order(len(pages), sheets_per_signature)
    shifts = creep_shifts(sheets, sheets_per_signature, paper_thickness)
    if cover:           # outside every sheet: it wraps them all
        sheets = [cover_sheet(), *sheets]
        shifts = [len(shifts) * paper_thickness * MM, *shifts]
    impose(pages, sheets, sheet_paper, writer, shifts)

    info = reader.metadata or {}
    metadata = {key: info[key] for key in ("/Title", "/Author", "/CreationDate", "/ModDate")
                if key in info}
    metadata["/Producer"] = "zinepress (booklet imposed with pypdf)"
    writer.add_metadata(metadata)
    language = reader.trailer["/Root"].get("/Lang")
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(language))
    identifier = ByteStringObject(hashlib.md5(data + sheet_paper.name.encode()
                                              + str(sheets_per_signature).encode()
                                              + str(paper_thickness).encode() + str(cover).encode(),
                                              usedforsecurity=False).digest())
    writer._ID = ArrayObject([identifier, identifier])

    def write(stream) -> None:
        writer.write(stream)

    return replace_atomically(Path(out_path), write)
