"""The Chinese editions as built: typography and script read back from the EPUBs.

Each text node of the book's sections is read with its language (the nearest
lang attribute): the rules hold for Chinese text; passages marked as another
language keep their own punctuation.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

HAN = "\u4e00-\u9fff\u3400-\u4dbf"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def text_by_language(path: Path) -> dict[str, str]:
    """{"zh": text, "other": text} of an EPUB's book sections (title page, contents
    and colophon aside), each text node under the language of its element."""
    parts: dict[str, list[str]] = {"zh": [], "other": []}
    with zipfile.ZipFile(path) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        manifest = {i.get("id"): i.get("href") for i in opf.iterfind(".//{*}manifest/{*}item")}
        for itemref in opf.iterfind(".//{*}spine/{*}itemref"):
            href = posixpath.normpath(posixpath.join(posixpath.dirname(opf_path), manifest[itemref.get("idref")]))
            doc = etree.fromstring(archive.read(href))
            for section in doc.iter("{http://www.w3.org/1999/xhtml}section"):
                if section.get(_EPUB_TYPE) in ("chapter", "part", "appendix", "endnotes", "footnotes"):
                    _collect(section, _lang_of(section), parts)
    return {k: "\n".join(v) for k, v in parts.items()}


def _lang_of(element) -> str:
    while element is not None:
        lang = element.get(_XML_LANG) or element.get("lang")
        if lang:
            return lang
        element = element.getparent()
    return ""


def _collect(element, lang: str, parts: dict[str, list[str]]) -> None:
    lang = element.get(_XML_LANG) or element.get("lang") or lang
    key = "zh" if lang.lower().startswith("zh") else "other"
    if element.text:
        parts[key].append(element.text)
    for child in element:
        _collect(child, lang, parts)
        if child.tail:
            parts[key].append(child.tail)


@pytest.fixture(scope="module")
def texts(release_dist) -> dict[str, dict[str, str]]:
    return {e: text_by_language(release_dist / f"kazakhstan.{e}.epub") for e in ("zh-Hans", "zh-Hant")}


def _around(text: str, pattern: str) -> list[str]:
    return [text[max(0, m.start() - 8):m.end() + 8] for m in re.finditer(pattern, text)]


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant"])
def test_chinese_punctuation_in_the_built_epub(texts, edition):
    chinese = texts[edition]["zh"]
    assert len(chinese) > 50_000
    assert _around(chinese, "— ?—") == [] or all("——" in s for s in _around(chinese, "— ?—"))
    assert _around(chinese, "— —") == []
    assert _around(chinese, r"\.\.\.|。。。") == []
    assert _around(chinese, f"[{HAN}],[{HAN}]") == []
    assert _around(chinese, f"[{HAN}] ?[,;:?!] ?[{HAN}]") == []
    assert _around(chinese, "^[AQ]；") == []
    assert "——" in chinese and "……" in chinese


def test_no_western_quotes_in_the_traditional_chinese_text(texts):
    chinese = texts["zh-Hant"]["zh"]
    # An apostrophe between two Latin letters (Yudol’s) is not a quotation mark.
    quotes = [s for s in _around(chinese, "[“”‘’\"]")
              if not re.search("[A-Za-z]’[A-Za-z]", s)]
    assert quotes == []
    assert chinese.count("「") == chinese.count("」") > 100
    # English passages keep theirs.
    assert "“" in texts["zh-Hant"]["other"] and "’" in texts["zh-Hant"]["other"]


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant"])
def test_passages_in_other_languages_are_marked_and_untouched(texts, edition):
    other = texts[edition]["other"]
    for phrase in ("Déclaration des anarcho-syndicalistes et anarchistes russes sur la situation au Kazakhstan",
                   "Казахстан после восстания", "Телеканал Дождь", "Qazaqstannyń Demokratııalyq Tandaýy"):
        assert phrase in other
        assert phrase not in texts[edition]["zh"]
