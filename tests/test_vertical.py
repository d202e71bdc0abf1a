"""The vertical zh-Hant EPUB (直排, format "epub-vertical"), from the session's release build
(the real pipeline, every edition and format: the A5 PDF gives it its page list), read
beside the horizontal zh-Hant EPUB.

The build runs EPUBCheck on both EPUBs and audits both (pipeline.build): a message
from EPUBCheck or a lost sentence fails the build, and the report says what each got.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from conftest import ROOT
from zinepress.checks.audit import read_epub_blocks
from zinepress.bookfiles.config import load_book

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
}
VERTICAL = "kazakhstan.zh-Hant.vertical.epub"
HORIZONTAL = "kazakhstan.zh-Hant.epub"


@pytest.fixture(scope="module")
def dist(release_dist) -> Path:
    """The session's release build (tests/conftest.py): every edition and format."""
    return release_dist


@pytest.fixture(scope="module")
def report(dist) -> dict:
    return json.loads((dist / "report.json").read_text(encoding="utf-8"))


class Epub:
    """An EPUB read back: its entries and its OPF."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.files = {name: archive.read(name) for name in archive.namelist()}
        self.opf = etree.fromstring(self.files["EPUB/content.opf"])

    def xpath(self, query: str) -> list:
        return self.opf.xpath(query, namespaces=NS)

    def chapters(self) -> dict[str, etree._Element]:
        return {name: etree.fromstring(data) for name, data in sorted(self.files.items())
                if name.startswith("EPUB/text/") and name.endswith(".xhtml")}

    def identifier(self) -> str:
        (identifier,) = self.xpath("//dc:identifier/text()")
        return identifier


@pytest.fixture(scope="module")
def vertical(dist) -> Epub:
    return Epub(dist / VERTICAL)


@pytest.fixture(scope="module")
def horizontal(dist) -> Epub:
    return Epub(dist / HORIZONTAL)


# --- The build: checked, audited, reported ----------------------------------------


def test_vertical_epub_passes_epubcheck_in_the_build(report):
    (record,) = [o for o in report["outputs"] if o["path"] == VERTICAL]
    assert record["format"] == "epub-vertical"
    assert record["check"] == "EPUBCheck: 0 errors, 0 warnings"
    assert record["pages"] is None


def test_vertical_epub_is_audited(report):
    (audit,) = [a for a in report["audits"] if a["output"] == VERTICAL]
    assert audit["edition"] == "zh-Hant"
    assert audit["passed"] and audit["findings"] == []
    (other,) = [a for a in report["audits"] if a["output"] == HORIZONTAL]
    assert audit["sentences_checked"] == other["sentences_checked"] > 500


def test_same_text_as_the_horizontal_epub(dist):
    """Only the markup differs: the text reads back as the horizontal one's, but for the
    quarter-em gaps (U+2005), which an upright number does not take."""
    def blocks(name: str) -> list[str]:
        return [text.replace("\u2005", "") for text in read_epub_blocks(dist / name)]

    assert blocks(VERTICAL) == blocks(HORIZONTAL)


def test_only_chinese_editions_ask_for_it():
    formats = {edition.name: edition.formats for edition in load_book(ROOT / "book").editions}
    assert "epub-vertical" in formats["zh-Hant"]
    assert "epub-vertical" not in formats["zh-Hans"] and "epub-vertical" not in formats["en"]


def test_calibre_reads_every_chapter(vertical, tmp_path):
    """A second reading engine opens it: every chapter's title and last paragraph."""
    if shutil.which("ebook-convert") is None:
        pytest.skip("Calibre's ebook-convert is not installed (scripts/setup installs it)")
    target = tmp_path / "vertical.txt"
    result = subprocess.run(["ebook-convert", str(vertical.path), str(target)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    text = re.sub(r"\s+", "", target.read_text(encoding="utf-8"))
    for name, doc in vertical.chapters().items():
        (section,) = doc.xpath("//x:body/x:section", namespaces=NS)
        title = "".join(section.xpath("x:h1 | x:h2", namespaces=NS)[0].itertext())
        paragraphs = ["".join(p.itertext()) for p in section.xpath(".//x:p", namespaces=NS)]
        for piece in (title, paragraphs[-1]):
            assert re.sub(r"\s+", "", piece) in text, (name, piece[:40])


# --- The package ----------------------------------------------------------------


def test_pages_turn_right_to_left(vertical, horizontal):
    (spine,) = vertical.xpath("//opf:spine")
    assert spine.get("page-progression-direction") == "rtl"
    assert vertical.opf.get("dir") is None          # the text itself is not right-to-left
    (spine,) = horizontal.xpath("//opf:spine")
    assert spine.get("page-progression-direction") is None


def test_its_own_identifier(vertical, horizontal):
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", vertical.identifier())
    assert vertical.identifier() != horizontal.identifier()


def test_title_says_vertical_edition(vertical, horizontal):
    titles = {t.get("id"): t.text for t in vertical.xpath("//dc:title")}
    assert titles == {**{t.get("id"): t.text for t in horizontal.xpath("//dc:title")},
                      "edition-title": "直排版"}
    refines = {m.get("refines"): m.text for m in vertical.xpath("//opf:meta[@property='title-type']")}
    assert refines["#title"] == "main" and refines["#edition-title"] == "edition"
    assert vertical.xpath("//opf:meta[@name='primary-writing-mode']/@content") == ["vertical-rl"]
    page = etree.fromstring(vertical.files["EPUB/titlepage.xhtml"])
    assert page.xpath("//x:p[@class='edition-label']/text()", namespaces=NS) == ["直排版"]


def test_page_list_of_the_print_edition(vertical):
    nav = etree.fromstring(vertical.files["EPUB/nav.xhtml"])
    labels = nav.xpath("//x:nav[@id='page-list']//x:a/text()", namespaces=NS)
    assert labels[:3] == ["1", "3", "5"] and len(labels) > 30   # no print colophon, p. 2
    assert "pageNavigation" in vertical.xpath(
        "//opf:meta[@property='schema:accessibilityFeature']/text()")


# --- Stylesheet and markup ----------------------------------------------------------


def test_vertical_css_is_linked_last_from_every_chapter(vertical, horizontal):
    for name, doc in vertical.chapters().items():
        links = doc.xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS)
        assert links[-1] == "../styles/vertical.css", name
    css = vertical.files["EPUB/styles/vertical.css"].decode("utf-8")
    rule = re.search(r"(?m)^html\s*\{([^}]*)\}", css).group(1)
    for prop in ("writing-mode", "-epub-writing-mode", "-webkit-writing-mode"):
        assert re.search(rf"(?<![-\w]){prop}:\s*vertical-rl;", rule), prop
    assert re.search(r"\.tcy\s*\{[^}]*text-combine-upright:\s*all", css)
    assert "EPUB/styles/vertical.css" not in horizontal.files


def test_the_english_appendix_stays_horizontal(vertical):
    for name, doc in vertical.chapters().items():
        (section,) = doc.xpath("//x:body/x:section", namespaces=NS)
        english = (section.get("lang") or "").startswith("en")
        assert (doc.get("class") == "horizontal") == english, name
    assert any(doc.get("class") == "horizontal" for doc in vertical.chapters().values())


def test_short_numbers_stand_upright_and_years_do_not(vertical, horizontal):
    spans = [span for doc in vertical.chapters().values()
             for span in doc.iter("{http://www.w3.org/1999/xhtml}span") if span.get("class") == "tcy"]
    texts = [span.text for span in spans]
    assert len(spans) > 50
    assert all(re.fullmatch(r"[0-9]{1,2}|[A-Za-z]{1,2}", text) for text in texts), \
        sorted(set(texts))
    # dates: 1月6日, 12月17日
    assert any(span.text == "1" and (span.tail or "").startswith("月") for span in spans)
    assert any(span.text.isdigit() and len(span.text) == 2 and (span.tail or "").startswith("日")
               for span in spans)
    # years keep their four digits together, sideways, outside any .tcy
    text = "".join(t for doc in vertical.chapters().values() for t in doc.itertext())
    assert "2022" in text and "1986" in text
    assert not any(re.search("[0-9]{3}", t) for t in texts)
    # the horizontal edition has no upright runs
    assert b'class="tcy"' not in b"".join(horizontal.files[name] for name in horizontal.chapters())


# --- The embedded font's vertical forms ----------------------------------------------


def _vertical_substitutions(font: TTFont, feature: str) -> dict[str, str]:
    gsub = font["GSUB"].table
    lookups = {index for record in gsub.FeatureList.FeatureRecord if record.FeatureTag == feature
               for index in record.Feature.LookupListIndex}
    mapping: dict[str, str] = {}
    for index in lookups:
        for table in gsub.LookupList.Lookup[index].SubTable:
            table = table.ExtSubTable if table.LookupType == 7 else table
            mapping.update(getattr(table, "mapping", {}))
    return mapping


def test_subset_font_keeps_the_vertical_forms(vertical):
    (name,) = [n for n in vertical.files if n.startswith("EPUB/fonts/") and "Regular" in n]
    font = TTFont(io.BytesIO(vertical.files[name]))
    for table in ("vhea", "vmtx", "VORG"):
        assert table in font, table
    cmap = font.getBestCmap()
    for feature in ("vert", "vrt2"):
        mapping = _vertical_substitutions(font, feature)
        for char in "「」『』（）":
            glyph = cmap[ord(char)]
            assert mapping.get(glyph, glyph) != glyph, (feature, char)
    # ：and ； turn in vertical text too (Taiwan's ，。、 sit centred, with no vertical form)
    mapping = _vertical_substitutions(font, "vert")
    for char in "：；…":
        assert mapping.get(cmap[ord(char)], cmap[ord(char)]) != cmap[ord(char)], char
