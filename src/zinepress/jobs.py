"""The steps of a build that run in worker processes: one output each.

Each function takes plain, picklable values (the edition's text, paths,
options), writes one file into the staging folder, pictures it for the
report, and returns what the build records about it. Everything heavy they
use (WeasyPrint, fonts, templates, OpenCC) is loaded once per process.
"""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from .changes import ChangeLog
from .errors import ZinepressError
from .model import Edition, Source

# How long an EPUB waits for its A5 PDF's layout at the most (a bug guard: it comes).
MARKS_WAIT_SECONDS = 900


@dataclass(slots=True)
class Made:
    """What making one output gave."""

    seconds: float
    size: int
    pages: int | None = None
    thumbnails: list[Path] = field(default_factory=list)
    page_marks: list | None = None          # the A5 PDF's: for the EPUB's page list


def preload() -> None:
    """Import what every output needs, once per worker process, when it starts (the
    templates compile when first used, once per process: writers/_html.py).

    An error of the user's environment here (a WeasyPrint whose internals the PDF
    writer's hooks no longer find: writers/_weasyprint_hooks.py) would break the
    pool and read as a bug; it is left to the job that imports the writer again, which
    raises it to the build, and the build reports it (exit 2)."""
    try:
        from .writers import booklet, epub, pdf  # noqa: F401
    except ZinepressError:
        pass
    from .report import thumbnails  # noqa: F401


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
        return len(PdfReader(str(path)).pages)
    except Exception:  # the page count is informative only
        return None


def _pictures(path: Path, fmt: str, pictures: Path | None) -> list[Path]:
    if pictures is None:
        return []
    from .report.thumbnails import make_thumbnails
    return make_thumbnails(path, fmt, pictures)


def make_pdf(edition: Edition, path: Path, templates_dir: Path, styles_dir: Path, modified: str,
             pictures: Path | None, marks_file: Path | None = None) -> Made:
    """The A5 print PDF; its page marks go to the EPUB's page list, and to marks_file as
    soon as the pages are laid out, for the EPUBs waiting for them (wait_for_marks)
    while the PDF is written."""
    from .writers.pagination import document_page_marks
    from .writers.pdf import render_document, write_document
    started = time.monotonic()
    document = render_document(edition, templates_dir=templates_dir, styles_dir=styles_dir,
                               modified=modified)
    marks = document_page_marks(document)
    if marks_file is not None:
        publish_marks(marks_file, marks)
    write_document(document, edition, path)
    seconds = time.monotonic() - started
    return Made(seconds, path.stat().st_size, len(document.pages), _pictures(path, "pdf", pictures),
                marks)


def publish_marks(path: Path, marks: list) -> None:
    """Hand the A5 PDF's page marks to the EPUBs of its edition (written whole, then renamed)."""
    work = path.with_name(path.name + ".tmp")
    work.write_bytes(pickle.dumps(marks, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(work, path)


def wait_for_marks(path: Path, seconds: float = MARKS_WAIT_SECONDS) -> list:
    """The page marks publish_marks hands over, once they are there. The build starts an
    EPUB only after every A5 PDF has started (they come first), so they come; if the
    PDF fails, the build stops this worker."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the A5 PDF's page marks did not come in {seconds:.0f} s: {path}")
        time.sleep(0.05)
    return pickle.loads(path.read_bytes())


def make_cover(edition: Edition, templates_dir: Path, styles_dir: Path, cache_folder: Path | None,
               key: str) -> bytes:
    """The cover picture of an edition's EPUBs (drawn while its A5 PDF is laid out), or
    the one drawn before from the same words, templates, styles and fonts (key)."""
    from .cache import BuildCache
    from .writers.epub import make_cover as draw
    cache = BuildCache(cache_folder)
    cover = cache.load_facts(key)
    if not isinstance(cover, bytes):
        cover = draw(edition, templates_dir=templates_dir, styles_dir=styles_dir)
        cache.store_facts(key, cover)
    return cover


def make_epub(edition: Edition, path: Path, templates_dir: Path, styles_dir: Path, modified: str,
              page_marks: list | None, fmt: str, pictures: Path | None, cover: bytes | None = None,
              marks_file: Path | None = None) -> Made:
    """An EPUB (fmt "epub" or "epub-vertical"); with marks_file, its page list comes from
    the A5 PDF being laid out in another worker."""
    from .writers.epub import write_epub
    if page_marks is None and marks_file is not None:
        page_marks = wait_for_marks(marks_file)
    started = time.monotonic()
    write_epub(edition, path, templates_dir=templates_dir, styles_dir=styles_dir, modified=modified,
               page_marks=page_marks, vertical=fmt == "epub-vertical", cover=cover)
    seconds = time.monotonic() - started
    return Made(seconds, path.stat().st_size, None, _pictures(path, fmt, pictures))


def make_booklet(a5_pdf: Path, path: Path, fmt: str, signature_sheets: int | None,
                 pictures: Path | None) -> Made:
    """A booklet imposed from the A5 PDF (fmt "booklet-a4" or "booklet-letter")."""
    from .writers.booklet import write_booklet
    started = time.monotonic()
    write_booklet(a5_pdf, path, paper=fmt.removeprefix("booklet-"), sheets_per_signature=signature_sheets)
    seconds = time.monotonic() - started
    return Made(seconds, path.stat().st_size, pdf_pages(path), _pictures(path, fmt, pictures))


def audit_epub(edition_name: str, sources: list[Source], changes: ChangeLog, path: Path, name: str,
               book_dir: Path, opencc: str):
    """The audit of one EPUB: every sentence of its sources arrived once, or a rule
    names its removal (audit.audit_edition)."""
    from .audit import audit_edition, read_epub_blocks
    from .transforms.variants import edition_conversion
    convert = edition_conversion(book_dir, opencc) if opencc else None
    return audit_edition(edition_name, sources, changes, read_epub_blocks(path), name, convert)
