"""What every reading system gets from the release's EPUBs (e2e, on conftest.release_dist):

- every embedded face has every character it sets (fontTools reads each subset's
  cmap; which text is bold is read off the XHTML as a reader's stylesheet cascade
  would: headings, strong, the colophon's terms, the notes' back-links);
- the Chinese title page and colophon hold no language code, no percent-encoded
  address and no English sentence (names and titles aside);
- with every aside footnote hidden, each note is still readable in the flow;
- the outline nests, the title page has its title, the landmarks name the notes
  and the colophon, the page list points only at page breaks the EPUB has;
- the package says its language, its translators and what the book is.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree

pytestmark = pytest.mark.e2e

EPUBS = ["kazakhstan.zh-Hans.epub", "kazakhstan.zh-Hant.epub", "kazakhstan.zh-Hant.vertical.epub",
         "kazakhstan.en.epub"]
CHINESE = [name for name in EPUBS if ".zh-" in name]
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _documents(epub: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(epub) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xhtml")}


def _lang(element) -> str:
    while element is not None:
        lang = element.get(XML_LANG) or element.get("lang")
        if lang:
            return lang
        element = element.getparent()
    return ""


def _is_bold(element) -> bool:
    """Bold as base.css sets it: headings, strong/b, the colophon's dt, a note's back-link."""
    while element is not None:
        tag = etree.QName(element).localname
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "th", "dt"):
            return True
        if tag == "a" and element.get("role") == "doc-backlink":
            return True
        element = element.getparent()
    return False


@pytest.mark.parametrize("name", CHINESE)
def test_no_embedded_face_lacks_a_character_it_sets(release_dist, name):
    epub = release_dist / name
    with zipfile.ZipFile(epub) as archive:
        fonts = {"bold" if "Bold" in n else "regular":
                 set(TTFont(io.BytesIO(archive.read(n))).getBestCmap())
                 for n in archive.namelist() if n.endswith(".otf")}
    assert set(fonts) == {"regular", "bold"}
    lacking: dict[str, set[str]] = {"regular": set(), "bold": set()}
    checked = 0
    for root in _documents(epub).values():
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            pieces = [(element, element.text)] + [(element, child.tail) for child in element]
            for owner, text in pieces:
                if not text or not _lang(owner).startswith("zh"):
                    continue
                face = "bold" if _is_bold(owner) else "regular"
                for char in text:
                    if char.isspace():
                        continue
                    checked += 1
                    if ord(char) not in fonts[face]:
                        lacking[face].add(char)
    assert checked > 20000, checked
    assert lacking == {"regular": set(), "bold": set()}


LANGUAGE_CODE = re.compile(r"\b(?:zh-Hans|zh-Hant|zh-TW|zh|en)\b")
PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
# Three Latin words in a row: a phrase or sentence, once names and titles are set aside.
ENGLISH_PHRASE = re.compile(r"[A-Za-z’']+(?:[ ,.;:]+[A-Za-z’']+){2,}")


@pytest.mark.parametrize("name", CHINESE)
def test_chinese_title_page_and_colophon_are_in_chinese(release_dist, name):
    docs = _documents(release_dist / name)
    for doc_name in ("EPUB/titlepage.xhtml", "EPUB/colophon.xhtml"):
        root = docs[doc_name]
        body = root.find("x:body", NS)
        # names and titles: the author, a cited title, an address (checked on its own below)
        for element in body.xpath(".//x:cite | .//x:p[@class='author'] | .//x:a", namespaces=NS):
            if etree.QName(element).localname == "a":
                assert not PERCENT_ESCAPE.search(element.text or ""), element.text
            for child in list(element):
                element.remove(child)
            element.text = ""           # its tail, the text after it, stays
        text = " ".join("".join(body.itertext()).split())
        assert not LANGUAGE_CODE.search(text), (doc_name, LANGUAGE_CODE.search(text).group(0))
        assert not PERCENT_ESCAPE.search(text), doc_name
        phrases = [p for p in ENGLISH_PHRASE.findall(text)]
        assert phrases == [], (doc_name, phrases)
        if doc_name.endswith("colophon.xhtml"):
            assert re.search("原著", text) and re.search("譯者|译者", text)
            assert ("简体中文" in text) or ("繁體中文" in text)


@pytest.mark.parametrize("name", EPUBS)
def test_notes_are_readable_with_aside_footnotes_hidden(release_dist, name):
    root = _documents(release_dist / name)["EPUB/text/notes.xhtml"]
    for aside in root.xpath("//x:aside", namespaces=NS):
        aside.getparent().remove(aside)            # as Apple Books and foliate hide them
    notes = root.xpath("//x:section[@epub:type='endnotes']/x:ol/x:li[@epub:type='endnote']",
                       namespaces=NS)
    assert len(notes) == (6 if ".zh-" in name else 4)
    for note in notes:
        text = " ".join("".join(note.itertext()).split())
        assert len(text) > 10, note.get("id")
        backlink = note.xpath(".//x:a[@role='doc-backlink']", namespaces=NS)
        assert backlink and text.startswith(backlink[0].text)
    # and every call points at one of them
    calls = [a for doc in _documents(release_dist / name).values()
             for a in doc.xpath("//x:a[@epub:type='noteref']", namespaces=NS)]
    ids = {note.get("id") for note in notes}
    assert calls and all(call.get("href").split("#")[1] in ids for call in calls)


@pytest.mark.parametrize("name", EPUBS)
def test_outline_landmarks_and_page_list(release_dist, name):
    docs = _documents(release_dist / name)
    title = docs["EPUB/titlepage.xhtml"].xpath("//x:h1[@epub:type='title']", namespaces=NS)
    assert len(title) == 1
    # a part's title is h1, its chapters' titles h2; the appendix and notes h1 again
    first_chapter = docs["EPUB/text/chapter-1.xhtml"].xpath("//x:section/*[1]", namespaces=NS)[0]
    assert etree.QName(first_chapter).localname == "h2"
    assert docs["EPUB/text/part-1.xhtml"].xpath("//x:section/*[1]", namespaces=NS)[0].tag.endswith("h1")
    assert docs["EPUB/text/notes.xhtml"].xpath("//x:section/*[1]", namespaces=NS)[0].tag.endswith("h1")
    nav = docs["EPUB/nav.xhtml"]
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert {"titlepage", "toc", "bodymatter", "endnotes", "colophon"} <= set(landmarks)
    targets = nav.xpath("//x:nav[@epub:type='page-list']//x:a/@href", namespaces=NS)
    assert targets and all("#page-" in href for href in targets)
    for href in targets:
        path, anchor = href.split("#")
        (marker,) = docs["EPUB/" + path].xpath(f"//*[@id='{anchor}']", namespaces=NS)
        assert marker.get(EPUB_TYPE) == "pagebreak"
    assert "colophon.xhtml" not in " ".join(targets)


@pytest.mark.parametrize("name", EPUBS)
def test_package_language_translators_and_description(release_dist, name):
    with zipfile.ZipFile(release_dist / name) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    lang = opf.xpath("//dc:language/text()", namespaces=NS)[0]
    assert opf.get(XML_LANG) == lang
    assert opf.xpath("//dc:description/text()", namespaces=NS)
    translators = opf.xpath("//dc:contributor", namespaces=NS)
    if ".zh-" in name:
        (translator,) = translators
        assert translator.text == "iYouPort"
        role = opf.xpath(f"//opf:meta[@refines='#{translator.get('id')}'][@property='role']/text()",
                         namespaces=NS)
        assert role == ["trl"]
    else:
        assert translators == []
