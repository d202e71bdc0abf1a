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
    return {k: "".join(v) for k, v in parts.items()}


def _lang_of(element) -> str:
    while element is not None:
        lang = element.get(_XML_LANG) or element.get("lang")
        if lang:
            return lang
        element = element.getparent()
    return ""


_BLOCKS = {f"{{http://www.w3.org/1999/xhtml}}{tag}" for tag in
           ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "aside", "blockquote", "figcaption", "div")}


def _collect(element, lang: str, parts: dict[str, list[str]]) -> None:
    """Append element's text to parts by language; a block ends with a line break."""
    lang = element.get(_XML_LANG) or element.get("lang") or lang
    key = "zh" if lang.lower().startswith("zh") else "other"
    if element.text:
        parts[key].append(element.text)
    for child in element:
        _collect(child, lang, parts)
        if child.tail:
            parts[key].append(child.tail)
    if element.tag in _BLOCKS:
        parts[key].append("\n")


@pytest.fixture(scope="module")
def texts(release_dist) -> dict[str, dict[str, str]]:
    return {e: text_by_language(release_dist / f"kazakhstan.{e}.epub") for e in ("zh-Hans", "zh-Hant")}


def _around(text: str, pattern: str) -> list[str]:
    return [text[max(0, m.start() - 8):m.end() + 8] for m in re.finditer(pattern, text)]


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant"])
def test_chinese_punctuation_in_the_built_epub(texts, edition):
    chinese = texts[edition]["zh"]
    assert len(chinese) > 20_000
    assert _around(chinese, "— ?—") == [] or all("——" in s for s in _around(chinese, "— ?—"))
    assert _around(chinese, "— —") == []
    assert _around(chinese, r"\.\.\.|。。。") == []
    assert _around(chinese, f"[{HAN}],[{HAN}]") == []
    assert _around(chinese, f"[{HAN}] ?[,;:?!] ?[{HAN}]") == []
    assert _around(chinese, "^[AQ]；") == []
    assert "——" in chinese and "……" in chinese


def test_no_western_quotes_in_the_traditional_chinese_text(texts):
    chinese = texts["zh-Hant"]["zh"]
    # An apostrophe after a Latin letter (Yudol’, it’s) is not a quotation mark.
    quotes = [s for s in _around(chinese, "[“”‘’\"]")
              if not re.search("[A-Za-z]’", s)]
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


def test_the_traditional_text_is_a_fixed_point_of_its_own_conversion_outside_the_glossary(texts, book):
    """Converting the zh-Hant EPUB's Chinese text again with its OpenCC configuration
    changes nothing but inside the glossary's traditional forms; the message lists
    the characters left over, if any."""
    import difflib

    import opencc

    from conftest import ROOT
    from zinepress.transforms.variants import load_glossary

    config = next(e for e in book.editions if e.name == "zh-Hant").opencc
    text = re.sub(r"\s", "", texts["zh-Hant"]["zh"])
    again = opencc.OpenCC(config).convert(text)
    forms = {t.form(config) for t in load_glossary(ROOT / "book" / "glossary.toml").terms} - {None}
    covered = [False] * len(text)
    for form in forms:
        for match in re.finditer(re.escape(form), text):
            covered[match.start():match.end()] = [True] * len(form)
    left = []
    for op, a1, a2, _, _ in difflib.SequenceMatcher(None, text, again, autojunk=False).get_opcodes():
        if op != "equal" and not all(covered[a1:a2]):
            left.append(text[max(0, a1 - 2):a2 + 2])
    assert left == [], f"characters OpenCC would still change outside the glossary: {left}"
    assert again != text      # the glossary's forms are what a second conversion would spoil
