"""English punctuation, set as a typesetter would (an edition step).

Sources typed on a keyboard carry straight quotes, `...` and `--`, a hyphen
for a range (`17-19`) and a spaced hyphen or en dash for a dash. This step
sets curly quotes and apostrophes with SmartyPants (the `smartypants`
package), ellipses and em dashes with SmartyPants' own patterns (as regular
expressions, so that each match is an edit to log), then the two things
SmartyPants leaves alone: the en dash of a numeric range and the dash
written as a spaced hyphen or en dash (closed up to an em dash, as the rest
of the text sets it).

It runs on English text only: chapters, Divs and Spans whose language is
English. A passage in another language, a link whose text is a URL and a
URL inside the text stand in for SmartyPants as opaque characters, so their
own quotes and dashes stay as they are. Each change is logged as an edit
under its rule's name, with a few characters of context, for the build
report; the audit's sentence keys (sentences.py) ignore the style of quotes
and dashes and read `…` as `...`, so the words still count.
"""

from __future__ import annotations

import copy
import difflib
import re

import smartypants

from zinepress.changes import ChangeLog
from zinepress.model import (
    Block,
    Div,
    Edition,
    Inline,
    Provenance,
    Text,
)
from zinepress.walk import OPAQUE, child_blocks, own_inlines, rule_leaves

RULES = {
    "en-quotes": "straight \" and ' in English text become “ ” ‘ ’ (SmartyPants), an apostrophe "
                 "before a year's two digits (’90s) included",
    "en-ellipsis": "`...` in English text becomes the ellipsis … (SmartyPants)",
    "en-dashes": "`--`, and a hyphen, en dash or em dash with a space on each side, in English text "
                 "become the em dash —, closed up",
    "en-ranges": "a hyphen between two numbers (17-19) in English text becomes the en dash of a range",
}

_CONTEXT = 6            # characters of context on each side in a logged edit
_URL = re.compile(r"(?:https?://|www\.)\S+")
# What SmartyPants would read as markup, escapes or backticks: kept out of its sight.
_SHIELD = str.maketrans({"<": "\ue001", ">": "\ue002", "\\": "\ue003", "`": "\ue004", "&": "\ue005"})
_UNSHIELD = {ord(shield): chr(char) for char, shield in _SHIELD.items()}
_YEAR_APOSTROPHE = re.compile(r"‘(?=\d\ds?\b)")
_RANGE = re.compile(r"(?<![\d.,/-])(\d{1,4})-(?=\d{1,4}(?![\d/-]|[.,]\d))")


def is_english(lang: str) -> bool:
    return lang.lower() == "en" or lang.lower().startswith("en-")


def _smartypants(text: str, attrs: int) -> str:
    shielded = text.translate(_SHIELD)
    return smartypants.smartypants(shielded, attrs | smartypants.Attr.u).translate(_UNSHIELD)


Replacement = tuple[int, int, str]          # text[start:end] becomes new


def _quotes(text: str) -> list[Replacement]:
    """SmartyPants' quotes (each straight quote becomes one curly one, so the
    replacements are where the characters differ), an apostrophe for a year."""
    result = _YEAR_APOSTROPHE.sub("’", _smartypants(text, smartypants.Attr.q))
    if len(result) != len(text):                                # pragma: no cover (a safety net)
        matcher = difflib.SequenceMatcher(None, text, result, autojunk=False)
        return [(i1, i2, result[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    return [(i, i + 1, new) for i, (old, new) in enumerate(zip(text, result)) if old != new]


# SmartyPants' own patterns for ellipses (convert_ellipses) and dashes (convert_dashes:
# `--`), as regular expressions whose matches are the replacements; a dash with a space
# on each side is closed up.
_ELLIPSIS = re.compile(r"\.\.\.|\. \. \.")
_DASH = re.compile(r"(?<=\S) +(?:--|[-–—]) +(?=\S)|--")


def _ellipses(text: str) -> list[Replacement]:
    return [(m.start(), m.end(), "…") for m in _ELLIPSIS.finditer(text)]


def _dashes(text: str) -> list[Replacement]:
    return [(m.start(), m.end(), "—") for m in _DASH.finditer(text)]


def _ranges(text: str) -> list[Replacement]:
    return [(m.end(1), m.end(1) + 1, "–") for m in _RANGE.finditer(text)]


# The rules in the order they run: each gives the replacements it makes in a paragraph's text.
STAGES = [("en-quotes", _quotes), ("en-ellipsis", _ellipses), ("en-dashes", _dashes),
          ("en-ranges", _ranges)]


def _replace(text: str, replacements: list[Replacement]) -> str:
    for start, end, new in reversed(replacements):
        text = text[:start] + new + text[end:]
    return text


def smarten(text: str) -> str:
    """The text with every rule applied (OPAQUE characters stay where they are)."""
    for _rule, stage in STAGES:
        text = _replace(text, stage(text))
    return text


def _mask_urls(text: str) -> str:
    return _URL.sub(lambda m: OPAQUE * len(m.group()), text)


def _set_run(nodes: list[Text], prov: Provenance | None, log: ChangeLog) -> None:
    """Apply the rules to a run of Text nodes as one text and give each node its part back
    (a change belongs to the node its first character is in)."""
    text = "".join(n.text for n in nodes)
    owner = [i for i, n in enumerate(nodes) for _ in n.text]
    masked = _mask_urls(text)
    for rule, stage in STAGES:
        found = stage(masked)
        for start, end, new in found:
            edited = text[:start] + new + text[end:]
            log.edited(rule, prov, text[max(0, start - _CONTEXT):end + _CONTEXT],
                       edited[max(0, start - _CONTEXT):start + len(new) + _CONTEXT])
        for start, end, new in reversed(found):
            node = owner[start] if start < len(owner) else len(nodes) - 1
            text = text[:start] + new + text[end:]
            masked = masked[:start] + new + masked[end:]
            owner[start:end] = [node] * len(new)
    parts = [""] * len(nodes)
    for char, node in zip(text, owner):
        parts[node] += char
    for node, part in zip(nodes, parts):
        node.text = part


def typeset_inlines(inlines: list[Inline], prov: Provenance | None, log: ChangeLog) -> None:
    """Set the punctuation of one paragraph's English inlines in place."""
    runs: list[list[Text]] = [[]]
    for leaf in rule_leaves(inlines, is_english, lambda text: bool(_URL.match(text.strip()))):
        if leaf is None:
            runs.append([])
        else:
            runs[-1].append(leaf)
    for run in runs:
        if run:
            _set_run(run, prov, log)


def _typeset_blocks(blocks: list[Block], log: ChangeLog) -> None:
    for block in blocks:
        if isinstance(block, Div) and block.lang and not is_english(block.lang):
            continue
        inlines = own_inlines(block)
        if inlines is not None:
            typeset_inlines(inlines, getattr(block, "prov", None), log)
        _typeset_blocks(child_blocks(block), log)


def typeset_english(edition: Edition, log: ChangeLog) -> Edition:
    """A copy of the edition with the punctuation of its English chapters set."""
    result = copy.deepcopy(edition)
    for chapter in result.chapters:
        if is_english(chapter.lang or edition.lang):
            typeset_inlines(chapter.title, chapter.title_prov, log)
            _typeset_blocks(chapter.blocks, log)
    return result
