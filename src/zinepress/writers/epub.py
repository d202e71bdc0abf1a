"""The EPUB 3 writer: the package (OPF, NCX) through ebooklib, documents from templates.

Inside the EPUB (all under EPUB/):
    titlepage.xhtml        the title page  <section epub:type="titlepage">
    nav.xhtml              the navigation document (toc, landmarks)
    text/<chapter>.xhtml   one file per Chapter, <section epub:type=chapter|part|appendix...>
    colophon.xhtml         <section epub:type="colophon">
    styles/*.css           base.css, epub.css (+ zh.css for Chinese editions)
    content.opf, toc.ncx   written by ebooklib

ebooklib stamps each zip entry with the current time; the package is
re-zipped with fixed dates and a fixed order so that the same edition gives
the same bytes.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from ebooklib import epub
from lxml import etree

from ..errors import OutputError
from ..model import Edition
from ._html import (
    BOOK_TEXT_TYPES,
    DEFAULT_STYLES,
    DEFAULT_TEMPLATES,
    ChapterView,
    TocEntry,
    chapter_views,
    make_environment,
    table_of_contents,
)
from ._output import parse_build_date, replace_atomically

__all__ = ["BOOK_TEXT_TYPES", "write_epub", "book_identifier", "EPUB_FOLDER"]

EPUB_FOLDER = "EPUB"
TEXT_DIR = "text/"
STYLES_DIR = "styles/"
XHTML = "application/xhtml+xml"

# A fixed namespace for the book identifiers (uuid5 of edition name and title).
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://zinepress.invalid/book-identifier")
# The zip entries' date: the earliest a zip file can hold.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def book_identifier(edition: Edition) -> str:
    """A URN that is the same at every build of this edition."""
    name = f"{edition.name}\n{edition.title}"
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, name)}"


def write_epub(edition: Edition, out_path: Path, *, templates_dir: Path = DEFAULT_TEMPLATES,
               styles_dir: Path = DEFAULT_STYLES, modified: str) -> Path:
    """Write edition as an EPUB 3 file at out_path and return out_path.

    modified is the build's date ("2022-01-31" or "2022-01-31T12:00:00Z"): it
    becomes dcterms:modified and the colophon's date, so it decides the bytes.
    """
    stamp = parse_build_date(modified)
    book = _package(edition, Path(templates_dir), Path(styles_dir), stamp)
    raw = io.BytesIO()
    # raise_exceptions: ebooklib otherwise reports a failed write by returning False.
    epub.write_epub(raw, book, {"mtime": stamp, "raise_exceptions": True, "epub3_pages": False,
                                "epub3_landmark": False, "epub2_guide": False})
    return replace_atomically(Path(out_path), lambda stream: _rezip(raw.getvalue(), stream))


def _stylesheet_names(edition: Edition) -> list[str]:
    names = ["base.css", "epub.css"]
    if edition.lang.lower().startswith("zh"):
        names.append("zh.css")
    return names


def _package(edition: Edition, templates_dir: Path, styles_dir: Path,
             stamp: datetime) -> epub.EpubBook:
    """The EpubBook: metadata, stylesheets, documents, spine and NCX."""
    env = make_environment(templates_dir)
    views = chapter_views(edition, medium="epub",
                          file_name=lambda ident: f"{ident}.xhtml")
    toc = table_of_contents(views)
    css = _stylesheet_names(edition)
    built = stamp.date().isoformat()

    book = epub.EpubBook()
    book.set_identifier(book_identifier(edition))
    book.set_language(edition.lang)
    book.add_metadata("DC", "title", edition.title, {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if edition.subtitle:
        book.add_metadata("DC", "title", edition.subtitle, {"id": "subtitle"})
        book.add_metadata(None, "meta", "subtitle",
                          {"refines": "#subtitle", "property": "title-type"})
    book.title = edition.title
    if edition.author:
        book.add_author(edition.author)

    for name in css:
        path = styles_dir / name
        if not path.is_file():
            raise OutputError("stylesheet not found", path=str(path))
        book.add_item(epub.EpubItem(uid=f"css-{path.stem}", file_name=STYLES_DIR + name,
                                    media_type="text/css", content=path.read_bytes()))

    def document(uid: str, file_name: str, template: str, **context: object) -> epub.EpubItem:
        depth = file_name.count("/")
        stylesheets = ["../" * depth + STYLES_DIR + name for name in css]
        content = env.get_template(template).render(edition=edition, stylesheets=stylesheets,
                                                    **context).encode("utf-8")
        _check_well_formed(content, file_name)
        item = epub.EpubItem(uid=uid, file_name=file_name, media_type=XHTML, content=content)
        book.add_item(item)
        return item

    titlepage = document("titlepage", "titlepage.xhtml", "titlepage.xhtml.j2")
    nav = document("nav", "nav.xhtml", "nav.xhtml.j2", chapters=views, toc=toc, text_dir=TEXT_DIR)
    nav.properties = ["nav"]
    chapters = [document(f"c-{view.id}", TEXT_DIR + view.file, "chapter.xhtml.j2", chapter=view)
                for view in views]
    colophon = document("colophon", "colophon.xhtml", "colophon.xhtml.j2", built=built)

    book.add_item(epub.EpubNcx())
    book.toc = [_ncx_entry(entry) for entry in toc]
    book.spine = [titlepage, nav, *chapters, colophon]
    return book


def _check_well_formed(content: bytes, file_name: str) -> None:
    """Fail now, with the place, if a document is not XML (a control character in
    the text, say) rather than leave it to EPUBCheck or an e-reader."""
    try:
        etree.fromstring(content)
    except etree.XMLSyntaxError as exc:
        raise OutputError(f"{EPUB_FOLDER}/{file_name} would not be well-formed XHTML: {exc}") \
            from exc


def _ncx_entry(entry: TocEntry) -> object:
    """The NCX (EPUB 2 table of contents) entry of a TocEntry, as ebooklib wants it."""
    link = _ncx_link(entry.view)
    if not entry.children:
        return link
    return (link, [_ncx_entry(child) for child in entry.children])


def _ncx_link(view: ChapterView) -> epub.Link:
    return epub.Link(TEXT_DIR + view.file, view.toc_title, f"n-{view.id}")


def _rezip(package: bytes, stream: BinaryIO) -> None:
    """Copy ebooklib's zip with fixed dates and order: mimetype first and stored,
    then container.xml, the OPF, and every other entry by name."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        names = source.namelist()
        opf = f"{EPUB_FOLDER}/content.opf"
        first = ["mimetype", "META-INF/container.xml", opf]
        missing = [name for name in first if name not in names]
        if missing:
            raise OutputError(f"ebooklib wrote no {', '.join(missing)}")
        order = first + sorted(set(names) - set(first))
        with zipfile.ZipFile(stream, "w") as target:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
                info.create_system = 3  # Unix, whatever builds it
                info.external_attr = 0o100644 << 16
                if name == "mimetype":
                    info.compress_type = zipfile.ZIP_STORED
                    target.writestr(info, source.read(name))
                else:
                    info.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(info, source.read(name), compresslevel=9)
