"""The EPUB 3 writer: the package (OPF, NCX) through ebooklib, documents from templates.

Inside the EPUB (all under EPUB/), in spine order:
    cover.xhtml            the cover page  <section epub:type="cover">, first
    titlepage.xhtml        the title page  <section epub:type="titlepage">
    nav.xhtml              the navigation document (toc, landmarks, page list)
    text/<chapter>.xhtml   one file per Chapter, <section epub:type=chapter|part|appendix...>
    colophon.xhtml         <section epub:type="colophon">
and beside them:
    images/cover.png       the cover picture (writers/cover.py), the cover-image
    styles/*.css           fonts.css (Chinese editions), base.css, epub.css (+ zh.css,
                           + vertical.css in the vertical edition)
    fonts/*.otf            Chinese editions: Noto Serif CJK cut to the book's characters
    content.opf, toc.ncx   written by ebooklib

The package metadata says what the book is (titles, creator, language,
publisher, date, rights, the sources' URLs) and how accessible it is
(schema.org accessibility properties and the EPUB Accessibility 1.1
conformance claim, as EPUBCheck 5 reads them).

The vertical edition (vertical=True, for Chinese: 直排) is the same book set in
columns top to bottom, right to left: styles/vertical.css, pages turned
right to left (<spine page-progression-direction="rtl">), short Latin words
and numbers upright (chapter_views(vertical=True) marks them), its own
identifier and an edition title, so that a reader shelves both editions.

ebooklib stamps each zip entry with the current time; the package is
re-zipped with fixed dates and a fixed order so that the same edition gives
the same bytes.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as distribution_version
from pathlib import Path
from typing import BinaryIO

from ebooklib import epub
from lxml import etree

from zinepress import deps
from zinepress.errors import OutputError
from zinepress.model import Edition
from zinepress.render.html import (
    BOOK_TEXT_TYPES,
    ChapterView,
    TocEntry,
    chapter_views,
    make_environment,
    table_of_contents,
)
from zinepress.resources import DEFAULT_STYLES, DEFAULT_TEMPLATES
from zinepress.text.cjk import is_chinese
from zinepress.writers.cover import cover_png
from zinepress.writers.faces import face_text
from zinepress.writers.output import parse_build_date, replace_atomically
from zinepress.writers.page_marks import FRONT_MATTER, PageMark
from zinepress.writers.subset import FAMILY, check_coverage, cjk_fonts

__all__ = ["BOOK_TEXT_TYPES", "write_epub", "book_identifier", "zinepress_version",
           "EPUB_FOLDER", "PageTarget"]

EPUB_FOLDER = "EPUB"
TEXT_DIR = "text/"
STYLES_DIR = "styles/"
FONTS_DIR = "fonts/"
FONTS_CSS = "fonts.css"
COVER_IMAGE = "images/cover.png"
COVER_PAGE = "cover.xhtml"
XHTML = "application/xhtml+xml"

# A fixed namespace for the book identifiers (uuid5 of edition name and title).
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://zinepress.invalid/book-identifier")
# The zip entries' date: the earliest a zip file can hold.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# EPUB Accessibility 1.1 metadata (https://www.w3.org/TR/epub-a11y-11/). The
# text is the only access mode that matters: the one picture, the cover, has
# its text as alternative text. The summary is in labels.j2, by language.
_ACCESS_MODES = ("textual", "visual")
_ACCESS_MODES_SUFFICIENT = ("textual",)
_FEATURES = ("alternativeText", "readingOrder", "structuralNavigation", "tableOfContents")
_PAGE_FEATURES = ("pageNavigation", "printPageNumbers")   # with a page list
_HAZARDS = ("none",)
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

# The vertical edition's name, by script (直排 in Taiwan, 竖排 in simplified use).


@dataclass(frozen=True, slots=True)
class PageTarget:
    """A line of the page list: a page of the print edition and where it starts."""

    label: str
    href: str       # seen from the navigation document


def book_identifier(edition: Edition, *, vertical: bool = False) -> str:
    """A URN that is the same at every build of this edition (and another one for
    its vertical edition)."""
    name = f"{edition.name}\n{edition.title}" + ("\nvertical" if vertical else "")
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, name)}"


def print_identifier(edition: Edition) -> str:
    """A URN for this edition's print PDF, the source of the page list's numbers."""
    name = f"{edition.name}\n{edition.title}\nprint"
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, name)}"


def zinepress_version() -> str:
    """The installed zinepress's version, for the colophon."""
    try:
        return distribution_version("zinepress")
    except PackageNotFoundError:
        return "0+unknown"


def write_epub(edition: Edition, out_path: Path, *, templates_dir: Path = DEFAULT_TEMPLATES,
               styles_dir: Path = DEFAULT_STYLES, modified: str,
               page_marks: list[PageMark] | None = None, version: str | None = None,
               vertical: bool = False, cover: bytes | None = None) -> Path:
    """Write edition as an EPUB 3 file at out_path and return out_path.

    modified is the build's date ("2022-01-31" or "2022-01-31T12:00:00Z"): it
    becomes dcterms:modified and the colophon's date, so it decides the bytes.

    page_marks (optional): where each page of the print PDF begins
    (writers/page_marks.py); with them the text gets page-break markers and
    the navigation document a page list with an entry for every page.

    version: the zinepress version the colophon names (default: the installed one).

    vertical: write the vertical edition (see the module's docstring).

    cover: the cover picture (PNG bytes) if already drawn (make_cover), else it is drawn here.
    """
    stamp = parse_build_date(modified)
    book = _package(edition, Path(templates_dir), Path(styles_dir), stamp, page_marks,
                    version or zinepress_version(), vertical, cover)
    raw = io.BytesIO()
    # raise_exceptions: ebooklib otherwise reports a failed write by returning False.
    epub.write_epub(raw, book, {"mtime": stamp, "raise_exceptions": True, "epub3_pages": False,
                                "epub3_landmark": False, "epub2_guide": False})
    return replace_atomically(Path(out_path),
                              lambda stream: _rezip(raw.getvalue(), stream, edition.lang))


def make_cover(edition: Edition, *, templates_dir: Path = DEFAULT_TEMPLATES,
               styles_dir: Path = DEFAULT_STYLES) -> bytes:
    """The edition's cover picture (PNG bytes), the same for each of its EPUBs."""
    return cover_png(edition, make_environment(Path(templates_dir)), Path(styles_dir))


def _stylesheet_names(edition: Edition, vertical: bool = False) -> list[str]:
    names = ["base.css", "epub.css"]
    if is_chinese(edition.lang):
        names.append("zh.css")
    if vertical:
        names.append("vertical.css")
    return names


def _package(edition: Edition, templates_dir: Path, styles_dir: Path, stamp: datetime,
             page_marks: list[PageMark] | None, version: str, vertical: bool,
             cover_picture: bytes | None = None) -> epub.EpubBook:
    """The EpubBook: metadata, stylesheets, fonts, cover, documents, spine and NCX."""
    env = make_environment(templates_dir)
    labels = env.get_template("labels.j2").make_module({"edition": edition}).labels
    views = chapter_views(edition, medium="epub", file_name=lambda ident: f"{ident}.xhtml",
                          block_anchors=False, page_marks=page_marks, vertical=vertical)
    toc = table_of_contents(views)
    embeds_font = is_chinese(edition.lang)
    css = ([FONTS_CSS] if embeds_font else []) + _stylesheet_names(edition, vertical)
    built = stamp.date().isoformat()

    book = epub.EpubBook()
    _metadata(book, edition, labels, paginated=bool(page_marks), vertical=vertical)
    edition_label = labels["vertical_edition"] if vertical else ""

    documents: dict[str, epub.EpubItem] = {}

    def document(uid: str, file_name: str, template: str, **context: object) -> epub.EpubItem:
        depth = file_name.count("/")
        stylesheets = ["../" * depth + STYLES_DIR + name for name in css]
        content = env.get_template(template).render(edition=edition, stylesheets=stylesheets,
                                                    vertical=vertical, edition_label=edition_label,
                                                    **context).encode("utf-8")
        _check_well_formed(content, file_name)
        item = epub.EpubItem(uid=uid, file_name=file_name, media_type=XHTML, content=content)
        documents[file_name] = item
        return item

    cover = document("cover", COVER_PAGE, "cover.xhtml.j2", image=COVER_IMAGE)
    titlepage = document("titlepage", "titlepage.xhtml", "titlepage.xhtml.j2",
                         page=front_pages(page_marks or []).get("titlepage"))
    chapters = [document(f"c-{view.id}", TEXT_DIR + view.file, "chapter.xhtml.j2", chapter=view)
                for view in views]
    colophon = document("colophon", "colophon.xhtml", "colophon.xhtml.j2", built=built,
                        version=version)
    anchors = _anchors([cover, titlepage, *chapters, colophon])
    front = front_pages(page_marks or [])
    pages = _page_targets(page_marks, anchors, front) if page_marks else []
    nav = document("nav", "nav.xhtml", "nav.xhtml.j2", chapters=views, toc=toc, text_dir=TEXT_DIR,
                   cover=COVER_PAGE, pages=pages, page=front.get("toc"))
    nav.properties = ["nav"]
    _anchors([cover, titlepage, nav, *chapters, colophon])   # ids unique across the book

    # The manifest: stylesheets, fonts, the cover picture, then the documents.
    if embeds_font:
        sheets = [_stylesheet(styles_dir / name) for name in _stylesheet_names(edition, vertical)]
        faces = face_text((item.content for item in documents.values()),
                          (sheet.decode("utf-8") for sheet in sheets))
        check_coverage(edition.lang, faces)
        fonts = cjk_fonts(edition.lang, "".join(sorted(faces.regular)), "".join(sorted(faces.bold)),
                          folder=FONTS_DIR)
        font_css = env.get_template("epub-fonts.css.j2").render(fonts=fonts, family=FAMILY)
        book.add_item(epub.EpubItem(uid="css-fonts", file_name=STYLES_DIR + FONTS_CSS,
                                    media_type="text/css", content=font_css.encode("utf-8")))
    for name in _stylesheet_names(edition, vertical):
        path = styles_dir / name
        book.add_item(epub.EpubItem(uid=f"css-{path.stem}", file_name=STYLES_DIR + name,
                                    media_type="text/css", content=_stylesheet(path)))
    if embeds_font:
        for font in fonts:
            book.add_item(epub.EpubItem(uid=f"font-{font.weight}", file_name=font.file_name,
                                        media_type=font.media_type, content=font.data))
    if cover_picture is None:
        cover_picture = cover_png(edition, env, styles_dir)
    book.set_cover(COVER_IMAGE, cover_picture, create_page=False)
    for item in (cover, titlepage, nav, *chapters, colophon):
        book.add_item(item)

    book.add_item(epub.EpubNcx())
    book.toc = [_ncx_entry(entry) for entry in toc]
    book.spine = [cover, titlepage, nav, *chapters, colophon]
    if vertical:
        book.set_direction("rtl")    # <spine page-progression-direction="rtl"> (not <package dir>)
    return book


def _stylesheet(path: Path) -> bytes:
    if not deps.note_file(path):
        raise OutputError("stylesheet not found", path=str(path))
    return deps.read_bytes(path)


def _metadata(book: epub.EpubBook, edition: Edition, labels: dict[str, str], *,
              paginated: bool, vertical: bool = False) -> None:
    """The package metadata: what the book is, where it comes from, how accessible it is."""
    book.set_identifier(book_identifier(edition, vertical=vertical))
    book.set_language(edition.lang)
    book.add_metadata("DC", "title", edition.title, {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if edition.subtitle:
        book.add_metadata("DC", "title", edition.subtitle, {"id": "subtitle"})
        book.add_metadata(None, "meta", "subtitle",
                          {"refines": "#subtitle", "property": "title-type"})
    if vertical:
        book.add_metadata("DC", "title", labels["vertical_edition"], {"id": "edition-title"})
        book.add_metadata(None, "meta", "edition",
                          {"refines": "#edition-title", "property": "title-type"})
        # Kindle's way of saying the book is vertical (an OPF 2 meta, which EPUB 3 allows).
        book.add_metadata(None, "meta", "", {"name": "primary-writing-mode",
                                             "content": "vertical-rl"})
    book.title = edition.title
    meta = edition.meta
    authors = meta.get("authors") or ([edition.author] if edition.author else [])
    for n, author in enumerate(authors):
        book.add_author(author, role="aut", uid="creator" if n == 0 else f"creator{n + 1}")
    for number, translator in enumerate(meta.get("translators") or [], 1):
        book.add_metadata("DC", "contributor", translator, {"id": f"translator-{number}"})
        book.add_metadata(None, "meta", "trl", {"refines": f"#translator-{number}",
                                                "property": "role", "scheme": "marc:relators"})
    for key in ("publisher", "date", "rights", "description"):
        if meta.get(key):
            book.add_metadata("DC", key, str(meta[key]))
    for url in source_urls(edition):
        book.add_metadata("DC", "source", url)
    if paginated:
        book.add_metadata("DC", "source", print_identifier(edition), {"id": "pagination-source"})
        book.add_metadata(None, "meta", "pagination",
                          {"refines": "#pagination-source", "property": "source-of"})

    def schema(name: str, values: tuple[str, ...]) -> None:
        for value in values:
            book.add_metadata(None, "meta", value, {"property": f"schema:{name}"})

    schema("accessMode", _ACCESS_MODES)
    schema("accessModeSufficient", _ACCESS_MODES_SUFFICIENT)
    schema("accessibilityFeature", tuple(sorted(_FEATURES + (_PAGE_FEATURES if paginated else ()))))
    schema("accessibilityHazard", _HAZARDS)
    schema("accessibilitySummary", (labels["a11y_summary"],))
    book.add_metadata(None, "meta", CONFORMS_TO, {"property": "dcterms:conformsTo"})
    if meta.get("publisher"):
        book.add_metadata(None, "meta", str(meta["publisher"]), {"property": "a11y:certifiedBy"})


def source_urls(edition: Edition) -> list[str]:
    """The URLs of the edition's sources, each once, in the order of the sources."""
    urls: list[str] = []
    for source in edition.meta.get("sources") or []:
        url = source.get("url") if isinstance(source, dict) else None
        if url and url not in urls:
            urls.append(url)
    return urls


def _anchors(items: list[epub.EpubItem]) -> dict[str, tuple[int, str]]:
    """Every id of the documents -> (its place in reading order, its href from the
    EPUB folder); an id used twice in the book is an error."""
    found: dict[str, tuple[int, str]] = {}
    position = 0
    for item in items:
        for element in etree.fromstring(item.content).iter():
            ident = element.get("id") if isinstance(element.tag, str) else None
            if ident is None:
                continue
            if ident in found:
                raise OutputError(f"the id {ident!r} is used twice in the EPUB "
                                  f"({found[ident][1].split('#')[0]} and {item.file_name})")
            found[ident] = (position, f"{item.file_name}#{ident}")
            position += 1
    return found


# The print front matter the EPUB also has before its text: the title page and
# the contents (nav.xhtml). The print colophon stands at the EPUB's end.
_EPUB_FRONT_MATTER = ("titlepage", "toc")


def front_pages(page_marks: list[PageMark]) -> dict[str, int]:
    """The print page on which each of the EPUB's own front matter documents
    begins (title page, contents): the page-break marker that document carries."""
    pages: dict[str, int] = {}
    for mark in page_marks:
        if mark.where == "front" and mark.anchor in _EPUB_FRONT_MATTER:
            pages.setdefault(mark.anchor, mark.page)
    return pages


def _page_targets(page_marks: list[PageMark], anchors: dict[str, tuple[int, str]],
                  front: dict[str, int]) -> list[PageTarget]:
    """The page list: the pages of the print edition the EPUB has, each pointing at
    its page-break marker. Of the front matter only the first page of the title
    page and of the contents are listed (their documents carry a marker); the
    print colophon, at the back of the EPUB, and a second page of the contents,
    which has no place of its own, are left out."""
    targets: list[PageTarget] = []
    for mark in page_marks:
        if mark.where == "front":
            if front.get(mark.anchor) != mark.page:
                continue
            href = FRONT_MATTER[mark.anchor].split("#")[0] + f"#page-{mark.page}"
        else:
            marker = f"page-{mark.page}"
            if marker not in anchors:
                raise OutputError(f"page {mark.page} has no page-break marker in the EPUB "
                                  f"(expected {mark.where} block {mark.anchor})")
            href = anchors[marker][1]
        targets.append(PageTarget(str(mark.page), href))
    return targets


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


def _with_package_lang(opf: bytes, lang: str) -> bytes:
    """The OPF with xml:lang on its <package> (ebooklib writes none): the language of
    the package's own text, the titles and descriptions (Ace by DAISY: epub-lang)."""
    if b"<package " not in opf or b"xml:lang=" in opf.split(b">", 2)[1]:
        return opf
    return opf.replace(b"<package ", f'<package xml:lang="{lang}" '.encode(), 1)


def _rezip(package: bytes, stream: BinaryIO, lang: str) -> None:
    """Copy ebooklib's zip with fixed dates and order: mimetype first and stored,
    then container.xml, the OPF (given its xml:lang), and every other entry by name."""
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
                    data = source.read(name)
                    if name == opf:
                        data = _with_package_lang(data, lang)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(info, data, compresslevel=9)
