"""The print writer: one HTML document from templates/print.html.j2, laid out by WeasyPrint.

The page (A5), running heads, page numbers, chapter breaks, the contents'
page numbers, bookmarks and footnotes are in styles/print.css; the fonts
are the installed files fontconfig finds (writers/fonts.py), declared with
@font-face in templates/print-fonts.css.j2. After writing, the PDF is
checked: every font in it must be a declared one and no glyph may have been
drawn as a box (.notdef), else the build fails naming the characters.

The PDF carries a fixed identifier and no date but the build date it is
given, so the same edition gives the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from zinepress import deps
from zinepress.errors import OutputError
from zinepress.model import Edition
from zinepress.resources import DEFAULT_STYLES, DEFAULT_TEMPLATES
from zinepress.writers.fonts import DECLARED_FAMILIES
from zinepress.writers.output import replace_atomically
from zinepress.writers.weasyprint.compress import punctuation_compression
from zinepress.writers.weasyprint.fonts import release_fonts
from zinepress.writers.weasyprint.footnotes import footnotes_stay_with_calls
from zinepress.writers.weasyprint.hyphenation import hyphenation_limits
from zinepress.writers.weasyprint.identifier import streams_compressed_once
from zinepress.writers.weasyprint.justify import inter_character_justification

__all__ = ["write_pdf", "write_document", "render_document", "page_starts",
           "print_page_starts", "pdf_identifier", "check_pdf_fonts", "pdf_font_names"]

log = logging.getLogger(__name__)


def pdf_identifier(edition: Edition) -> bytes:
    """The PDF's /ID: the same at every build of this edition."""
    return hashlib.md5(f"{edition.name}\n{edition.title}".encode(), usedforsecurity=False) \
        .hexdigest().encode("ascii")


class _GlyphWarnings(logging.Handler):
    """Collects WeasyPrint's warnings that a glyph was drawn as .notdef (a box)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if ".notdef" in message:
            self.missing.append(message)


@contextmanager
def _watch_glyphs() -> Iterator[_GlyphWarnings]:
    handler = _GlyphWarnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _fail_on_boxes(edition: Edition, handler: _GlyphWarnings) -> None:
    if handler.missing:
        found = sorted(set(re.findall(r"U\+[0-9A-F]{4,6}", " ".join(handler.missing))))
        raise OutputError(f"edition {edition.name}: no declared font has a glyph for "
                          f"{', '.join(found) or 'some characters'}; the print edition would "
                          "show boxes", hint="declare a font that has them in "
                                             "templates/print-fonts.css.j2 and styles/print.css")


def render_document(edition: Edition, *, templates_dir: Path = DEFAULT_TEMPLATES,
                    styles_dir: Path = DEFAULT_STYLES, modified: str | None = None,
                    html: str | None = None) -> Document:
    """The print edition laid out by WeasyPrint (pages, not yet a PDF).

    html: the edition's print HTML when it was made already (the build makes it in
    its own process: writers/print_html.py), else it is made here.
    Raises OutputError when a glyph of the text is in no declared font.
    """
    if html is None:
        # deferred: a build's worker is handed the HTML and need not load the templates
        from zinepress.writers.print_html import render_print_html
        html = render_print_html(edition, templates_dir=templates_dir, styles_dir=styles_dir,
                                 modified=modified)
    fonts = FontConfiguration()
    try:
        with _watch_glyphs() as glyphs, inter_character_justification(), footnotes_stay_with_calls(), \
                punctuation_compression(), hyphenation_limits():
            document = HTML(string=html, base_url=Path(styles_dir).resolve().as_uri() + "/") \
                .render(font_config=fonts)
        _fail_on_boxes(edition, glyphs)
    except BaseException:
        release_fonts(fonts)            # write_document releases them once the PDF is written
        raise
    log.info("%s: %d pages", edition.name, len(document.pages))
    return document


_BLOCK_ANCHOR = re.compile(r"b\d+-\d+")


def page_starts(document: Document, blocks_only: bool = True) -> dict[str, int]:
    """Element id -> the page (counted from 1) on which that element begins, from
    WeasyPrint's laid-out pages. blocks_only: only the ids of chapters' top-level
    blocks (block_anchor); else every id of the document."""
    starts: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            if not blocks_only or _BLOCK_ANCHOR.fullmatch(anchor):
                starts.setdefault(anchor, number)
    return starts


def outline_pages(document: Document) -> list[int]:
    """The pages (counted from 1) the PDF's outline opens, every level, in order: the
    bookmarks WeasyPrint writes into the PDF."""
    pages: list[int] = []

    def visit(tree: list) -> None:
        for _label, (page, _x, _y), children, _state in tree:
            pages.append(page + 1)
            visit(children)
    visit(document.make_bookmark_tree())
    return pages


def print_page_starts(edition: Edition, *, templates_dir: Path = DEFAULT_TEMPLATES,
                      styles_dir: Path = DEFAULT_STYLES,
                      modified: str | None = None) -> dict[str, int]:
    """Where each block of the A5 PDF begins: its id -> its page number (from 1).

    Every top-level block of a chapter has the id block_anchor(chapter, block)
    ("b3-12": render/html.py), computed from its position alone, so the EPUB
    writer can name the same block (write_epub's page_starts). The pages are
    those write_pdf writes for the same arguments. Blocks the print edition
    does not show (notes already at the foot of their pages, the notes chapter)
    have no entry.
    """
    document = render_document(edition, templates_dir=templates_dir, styles_dir=styles_dir,
                               modified=modified)
    try:
        return page_starts(document)
    finally:
        release_fonts(document.font_config)


def pdf_font_names(path: Path | BinaryIO) -> set[str]:
    """The names of the fonts a PDF uses (the subset tag "ABCDEF+" taken off)."""
    # deferred: only a written PDF's check reads it back; the writer needs no pypdf
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject

    names: set[str] = set()
    seen: set[int] = set()

    def visit(resources: object) -> None:
        if isinstance(resources, IndirectObject):
            resources = resources.get_object()
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            base = str(font.get_object().get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    reader = PdfReader(path if hasattr(path, "read") else str(path))
    for page in reader.pages:
        visit(page.get("/Resources"))
    return names


def check_pdf_fonts(path: Path | BinaryIO, declared: tuple[str, ...] = DECLARED_FAMILIES,
                    shown: str | None = None) -> None:
    """Fail when the PDF uses a font that is not one of the declared families: a
    glyph that none of them has, taken from whatever font the machine had.
    shown: the file name to give in the message."""
    check_font_names(pdf_font_names(path), declared, shown or str(path))


def check_font_names(names: set[str], declared: tuple[str, ...] = DECLARED_FAMILIES,
                     shown: str = "") -> None:
    """check_pdf_fonts on the font names (without subset tags) a PDF uses."""
    prefixes = tuple(family.replace(" ", "-") for family in declared)
    strays = sorted(name for name in names
                    if not any(name == p or name.startswith(p + "-") for p in prefixes))
    if strays:
        raise OutputError(f"the PDF uses fonts that are not declared: {', '.join(strays)}; some "
                          "characters are in none of the declared fonts", path=shown or None,
                          hint="declare a font that has them in templates/print-fonts.css.j2 "
                               "and styles/print.css")


def write_document(document: Document, edition: Edition, out_path: Path) -> Path:
    """Write a laid-out print edition (render_document) as a PDF at out_path, checked
    (check_pdf_fonts, no .notdef glyph); nothing is left at out_path when it fails.

    With render_document and page_starts, one layout gives both the PDF and the
    pages each block starts on (for the EPUB's page list)."""
    try:
        # drawing shapes text again (punctuation_compression); the /ID hashes every stream
        with _watch_glyphs() as glyphs, punctuation_compression(), streams_compressed_once():
            data = document.write_pdf(pdf_identifier=pdf_identifier(edition))
    finally:
        release_fonts(document.font_config)
    _fail_on_boxes(edition, glyphs)
    # the fonts WeasyPrint embedded, by the /BaseFont names it gave them (b"/ABCDEF+Name")
    check_font_names({font.name.decode("latin-1").split("+", 1)[-1] for font in document.fonts.values()},
                     shown=str(out_path))
    return replace_atomically(Path(out_path), lambda stream: stream.write(data))


def write_pdf(edition: Edition, out_path: Path, *, templates_dir: Path = DEFAULT_TEMPLATES,
              styles_dir: Path = DEFAULT_STYLES, modified: str | None = None) -> Path:
    """Write edition as an A5 print PDF at out_path and return out_path.

    modified (optional, as for write_epub) is the build date: the PDF's
    creation date and the colophon's. Without it the PDF holds no date.
    The PDF's fonts are checked (check_pdf_fonts); nothing is left at
    out_path when they fail.
    """
    document = render_document(edition, templates_dir=templates_dir, styles_dir=styles_dir,
                               modified=modified)
    return write_document(document, edition, out_path)
