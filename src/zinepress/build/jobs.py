"""The steps of a build that run in worker processes: one output each.

Each function takes plain, picklable values (the edition's text, paths,
options), writes one file into the staging folder, pictures it for the
report, and returns what the build records about it, with the files it read
(templates, stylesheets: deps.py) for the output's cache key. Everything heavy
they use (WeasyPrint, fonts, templates, OpenCC) is loaded once per process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zinepress import deps
from zinepress.build.scheduler import publish
from zinepress.changes import ChangeLog
from zinepress.errors import ZinepressError
from zinepress.model import Edition, Source


@dataclass(slots=True)
class Made:
    """What making one output gave."""

    seconds: float
    size: int
    pages: int | None = None
    thumbnails: list[Path] = field(default_factory=list)
    page_marks: list | None = None          # the A5 PDF's: for the EPUB's page list
    reads: dict[str, str] = field(default_factory=dict)   # the files it read (deps.Trace)


@dataclass(slots=True)
class Cover:
    """An EPUB cover picture and the files it was drawn from."""

    png: bytes
    reads: dict[str, str]


@dataclass(slots=True)
class Audited:
    """An audit's result (audit.AuditResult) and the files it read."""

    result: Any
    reads: dict[str, str]


def preload() -> None:
    """Import what the first job needs, once per worker process, when it starts: the A5
    PDF's writer, which loads WeasyPrint (every edition begins with its PDF; its cover
    and EPUBs need WeasyPrint too). The EPUB and booklet writers and the report's
    pictures load with the first job that uses them, off the PDF's path (the templates
    compile when first used, once per process: render/html.py).

    An error of the user's environment here (a WeasyPrint whose internals the PDF
    writer's hooks no longer find: writers/weasyprint/hooks.py) would break the
    pool and read as a bug; it is left to the job that imports the writer again, which
    raises it to the build, and the build reports it (exit 2)."""
    try:
        # deferred: loaded in the worker that runs the job (WeasyPrint, PIL, pypdf), never in the build's own process
        from zinepress.writers import page_marks, pdf  # noqa: F401
    except ZinepressError:
        pass


def pdf_pages(path: Path) -> int | None:
    try:
        # deferred: loaded in the worker that runs the job (WeasyPrint, PIL, pypdf), never in the build's own process
        from pypdf import PdfReader
        return len(PdfReader(str(path)).pages)
    except Exception:  # the page count is informative only
        return None


def _pictures(path: Path, fmt: str, pictures: Path | None,
              outline: tuple[int, list[int]] | None = None) -> list[Path]:
    if pictures is None:
        return []
    # deferred: loaded in the worker that runs the job (WeasyPrint, PIL, pypdf), never in the build's own process
    from zinepress.report.thumbnails import make_thumbnails
    return make_thumbnails(path, fmt, pictures, outline)


def make_pdf(edition: Edition, path: Path, templates_dir: Path, styles_dir: Path, modified: str,
             pictures: Path | None, layout_milestone: str | None = None,
             html: tuple[str, dict[str, str]] | None = None) -> Made:
    """The A5 print PDF. Its page marks (the EPUB's page list) are published as
    layout_milestone as soon as the pages are laid out, so that the EPUBs of its
    edition are written while the PDF is. html: the print HTML and the files
    making it read (print_html below), when the build made it in its own process."""
    # deferred: loaded in the worker that runs the job (WeasyPrint, PIL, pypdf), never in the build's own process
    from zinepress.writers.page_marks import document_page_marks
    from zinepress.writers.pdf import outline_pages, render_document, write_document
    started = time.monotonic()
    with deps.recording() as reads:
        if html is not None:
            deps.note_trace(html[1])
        document = render_document(edition, templates_dir=templates_dir, styles_dir=styles_dir,
                                   modified=modified, html=html[0] if html else None)
    marks = document_page_marks(document)
    if layout_milestone is not None:
        publish(layout_milestone, marks)
    write_document(document, edition, path)
    seconds = time.monotonic() - started
    # the pictures choose pages from the outline the document has, without poppler reading it back
    outline = (len(document.pages), outline_pages(document))
    return Made(seconds, path.stat().st_size, len(document.pages), _pictures(path, "pdf", pictures, outline),
                marks, dict(reads))


def print_html(edition: Edition, templates_dir: Path, styles_dir: Path,
               modified: str) -> tuple[str, dict[str, str]]:
    """The edition's print HTML and the files making it read, made in the build's own
    process when the PDF job is handed to a worker: there it takes no time from the
    layout, and the worker loads no templates."""
    # deferred: loaded when a PDF is to be made, after the workers have forked
    from zinepress.writers.print_html import render_print_html
    with deps.recording() as reads:
        html = render_print_html(edition, templates_dir=templates_dir, styles_dir=styles_dir,
                                 modified=modified)
    return html, dict(reads)


def make_cover(edition: Edition, templates_dir: Path, styles_dir: Path, cache_folder: Path | None,
               slot: str) -> Cover:
    """The cover picture of an edition's EPUBs (drawn while its A5 PDF is laid out), or
    the one drawn before in the same slot (the same words, code and fonts) from files
    that have not changed since."""
    # deferred: loaded in the worker that runs the job (WeasyPrint, PIL, pypdf), never in the build's own process
    from zinepress.build.cache import BuildCache
    from zinepress.writers.epub import make_cover as draw
    cache = BuildCache(cache_folder)
    cover = cache.recall(slot, deps.Digests())
    if not isinstance(cover, Cover):
        with deps.recording() as reads:
            cover = Cover(draw(edition, templates_dir=templates_dir, styles_dir=styles_dir), {})
        cover.reads = dict(reads)
        cache.keep(slot, reads, cover)
    return cover


def make_epub(edition: Edition, path: Path, templates_dir: Path, styles_dir: Path, modified: str,
              page_marks: list | None, fmt: str, pictures: Path | None, cover: Cover | None = None) -> Made:
    """An EPUB (fmt "epub" or "epub-vertical"); page_marks: its A5 PDF's, for the page list."""
    # deferred: loaded in the worker that runs the job (WeasyPrint, PIL, pypdf), never in the build's own process
    from zinepress.writers.epub import write_epub
    started = time.monotonic()
    with deps.recording() as reads:
        write_epub(edition, path, templates_dir=templates_dir, styles_dir=styles_dir, modified=modified,
                   page_marks=page_marks, vertical=fmt == "epub-vertical",
                   cover=cover.png if cover else None)
    if cover is not None:
        reads.add(cover.reads)
    seconds = time.monotonic() - started
    return Made(seconds, path.stat().st_size, None, _pictures(path, fmt, pictures), reads=dict(reads))


def make_booklet(a5_pdf: Path, path: Path, fmt: str, signature_sheets: int | None,
                 pictures: Path | None, paper_thickness: float = 0.1, cover_sheet: bool = False) -> Made:
    """A booklet imposed from the A5 PDF (fmt "booklet-a4" or "booklet-letter"), its creep
    compensated for paper_thickness (mm), with a cover sheet when asked."""
    # deferred: loaded in the worker that runs the job (WeasyPrint, PIL, pypdf), never in the build's own process
    from zinepress.writers.booklet import write_booklet
    started = time.monotonic()
    write_booklet(a5_pdf, path, paper=fmt.removeprefix("booklet-"), sheets_per_signature=signature_sheets,
                  paper_thickness=paper_thickness, cover=cover_sheet)
    seconds = time.monotonic() - started
    return Made(seconds, path.stat().st_size, pdf_pages(path), _pictures(path, fmt, pictures))


def audit_epub(edition_name: str, sources: list[Source], changes: ChangeLog, path: Path, name: str,
               book_dir: Path, opencc: str):
    """The audit of one EPUB: every sentence of its sources arrived once, or a rule
    names its removal (audit.audit_edition)."""
    # deferred: loaded in the worker that runs the job (WeasyPrint, PIL, pypdf), never in the build's own process
    from zinepress.checks.audit import audit_edition, read_epub_blocks
    from zinepress.transforms.variants import edition_conversion
    with deps.recording() as reads:
        convert = edition_conversion(book_dir, opencc) if opencc else None
        result = audit_edition(edition_name, sources, changes, read_epub_blocks(path), name, convert)
    return Audited(result, dict(reads))
