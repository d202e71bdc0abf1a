"""Which embedded face sets which character: the text each face of the EPUB draws.

The Chinese editions embed a regular and a bold cut of Noto Serif CJK
(writers/subset.py). Each is cut down to the characters it actually sets, so
the weight of every piece of text is read from the EPUB's own stylesheets:
an element is bold when it, or its nearest ancestor that says, matches a rule
with a bold `font-weight` (h1–h6, strong, b and th are bold by default). The
text whose language is not Chinese is set in the reader's own fonts (a
[lang]:not(:lang(zh)) rule in styles/epub.css) and needs no embedded glyph,
but a character in Chinese text that the face lacks would show as a box, so
the caller checks that every one is covered.

Numbers the reader draws (the markers of an ordered list) count as text of
the list item's face.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import cssselect2
import tinycss2
from lxml import etree

# Elements a browser draws bold without a stylesheet's say-so.
_BOLD_BY_DEFAULT = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "th"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(slots=True)
class FaceText:
    """The characters each weight sets, in Chinese text and in all text."""

    regular: set[str] = field(default_factory=set)
    bold: set[str] = field(default_factory=set)
    # Characters of Chinese text, by weight: those no embedded face may lack.
    chinese_regular: set[str] = field(default_factory=set)
    chinese_bold: set[str] = field(default_factory=set)


def weight_rules(stylesheets: Iterable[str]) -> cssselect2.Matcher:
    """A matcher of the stylesheets' rules that set font-weight, each with True
    (bold) or False (normal) as its payload."""
    matcher = cssselect2.Matcher()
    for css in stylesheets:
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            bold = _declared_weight(rule.content)
            if bold is None:
                continue
            try:
                selectors = cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.SelectorError:
                continue
            for selector in selectors:
                matcher.add_selector(selector, bold)
    return matcher


def _declared_weight(content) -> bool | None:
    for declaration in tinycss2.parse_declaration_list(content, skip_comments=True,
                                                       skip_whitespace=True):
        if declaration.type == "declaration" and declaration.lower_name == "font-weight":
            value = tinycss2.serialize(declaration.value).strip().lower()
            if value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600):
                return True
            return False
    return None


def face_text(documents: Iterable[bytes], stylesheets: Iterable[str]) -> FaceText:
    """The characters each weight sets in the XHTML documents, under the stylesheets."""
    matcher = weight_rules(stylesheets)
    found = FaceText()
    for content in documents:
        root = etree.fromstring(content)
        wrapper = cssselect2.ElementWrapper.from_xml_root(root)
        _walk(wrapper, False, "", matcher, found)
    return found


def _walk(wrapper, bold: bool, lang: str, matcher: cssselect2.Matcher, found: FaceText) -> None:
    element = wrapper.etree_element
    local = etree.QName(element).localname
    lang = element.get(_XML_LANG) or element.get("lang") or lang
    # (specificity, order, pseudo-element, payload), lowest first; pseudo-elements
    # (::before) style generated boxes, not the element's text
    matches = [m for m in matcher.match(wrapper) if m[2] is None]
    if matches:
        # the most specific rule, the later one on a tie (the cascade, without !important)
        bold = matches[-1][3]
    elif local in _BOLD_BY_DEFAULT:
        bold = True
    chinese = lang.lower().startswith("zh")
    pieces = [element.text or ""]
    if local == "ol" or (local == "li" and etree.QName(element.getparent()).localname == "ol"):
        pieces.append("0123456789.")     # the markers the reader draws
    for child in wrapper.iter_children():
        _walk(child, bold, lang, matcher, found)
        pieces.append(child.etree_element.tail or "")
    characters = {c for piece in pieces for c in piece if not c.isspace()}
    (found.bold if bold else found.regular).update(characters)
    if chinese:
        (found.chinese_bold if bold else found.chinese_regular).update(characters)
