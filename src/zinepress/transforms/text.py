"""Character-level repairs of extracted text: stray backslash escapes, words split across fragments.

``STRAY_ESCAPES`` is a Rule. ``dehyphenate`` and ``join_fragments`` are the
tools the ordering step uses when it puts two fragments of one paragraph
back together; every change they make is recorded as an Edit.
"""

from __future__ import annotations

import copy
import re
import string

from zinepress.changes import ChangeLog
from zinepress.model import Inline, Para, Source, Text
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import iter_blocks, own_inlines, text_leaves

STRAY_ESCAPES_NAME = "stray-escapes"
DEHYPHENATE_NAME = "dehyphenate"

# A backslash before ASCII punctuation is a Markdown escape that leaked into
# plain text ("\$4.3 billion"); no sentence of a book means it. A backslash
# before a letter, or a doubled one, is left alone.
_PUNCTUATION = string.punctuation.replace("\\", "")
_STRAY_ESCAPE = re.compile(rf"\\([{re.escape(_PUNCTUATION)}])")
_TOKEN = re.compile(r"\S+")
# Hyphens that can end a line of typeset text: hyphen-minus, soft hyphen, hyphen.
_HYPHENS = "-\u00ad\u2010"
_SOFT_HYPHEN = "\u00ad"
# The two word parts an edit names: letters and hyphens, no punctuation around them.
_WORD_END = re.compile(rf"[^\W\d_](?:[^\W\d_]|[{_HYPHENS}])*$")
_WORD_START = re.compile(r"[^\W\d_]+")


def _unescape_stray(source: Source, ctx: RuleContext) -> Source:
    for block in iter_blocks(source.blocks):
        inlines = own_inlines(block)
        if inlines is None:
            continue
        for leaf in text_leaves(inlines):
            if not _STRAY_ESCAPE.search(leaf.text):
                continue
            # One edit per word, so the report shows the escape in its context.
            for token in _TOKEN.findall(leaf.text):
                fixed = _STRAY_ESCAPE.sub(r"\1", token)
                if fixed != token:
                    ctx.log.edited(STRAY_ESCAPES_NAME, block.prov, token, fixed)
            leaf.text = _STRAY_ESCAPE.sub(r"\1", leaf.text)
    return source


STRAY_ESCAPES = Rule(
    STRAY_ESCAPES_NAME,
    "removes backslashes left before punctuation by a Markdown export (\\$600 → $600)",
    _unescape_stray,
)


def dehyphenate(left: str, right: str) -> str | None:
    """Join a word split between the end of left and the start of right.

    "…and replac-" + "ing him…" gives "…and replacing him…". Only a hyphen
    ending left, after a letter, counts: hyphens inside a fragment
    ("anti-imperialists", "son-in-law") are never touched. The hyphen is kept
    when the split word is already a compound ("son-in-" + "law") or the
    right part starts with a capital ("anti-" + "Soviet"); a soft hyphen is
    always dropped. Returns None when left does not end in a hyphenated word
    part or right does not start with a letter.
    """
    head, tail = left.rstrip(), right.lstrip()
    words = head.split()
    if not words or not tail[:1].isalpha():
        return None
    last = words[-1]
    if len(last) < 2 or last[-1] not in _HYPHENS or not last[-2].isalpha():
        return None
    compound = any(h in last[:-1] for h in _HYPHENS)
    keep_hyphen = last[-1] != _SOFT_HYPHEN and (compound or tail[0].isupper())
    return (head if keep_hyphen else head[:-1]) + tail


def join_fragments(left_para: Para, right_para: Para, log: ChangeLog) -> Para:
    """One Para from two fragments of it, left first; neither input is changed.

    A word split across the two is joined (see dehyphenate) and recorded as
    an Edit under "dehyphenate": before is the two word parts one per line,
    after the joined word. Otherwise the fragments meet with one space. The
    result keeps the left fragment's provenance (a Provenance holds one line
    range); the edit names the join.
    """
    left = copy.deepcopy(left_para.inlines)
    right = copy.deepcopy(right_para.inlines)
    left_leaf = next(reversed(list(text_leaves(left))), None)
    right_leaf = next(text_leaves(right), None)
    if left_leaf is None or right_leaf is None:
        return Para(_merge_texts(left + [Text(" ")] + right), left_para.prov)
    head, tail = left_leaf.text.rstrip(), right_leaf.text.lstrip()
    joined = dehyphenate(head, tail)
    if joined is None:
        left_leaf.text, right_leaf.text = head, tail
        return Para(_merge_texts(left + [Text(" ")] + right), left_para.prov)
    kept_hyphen = joined == head + tail
    left_leaf.text = head if kept_hyphen else head[:-1]
    right_leaf.text = tail
    before_word = _WORD_END.search(head).group()
    after_word = _WORD_START.match(tail).group()
    word = before_word + after_word if kept_hyphen else before_word[:-1] + after_word
    log.edited(DEHYPHENATE_NAME, left_para.prov, f"{before_word}\n{after_word}", word)
    return Para(_merge_texts(left + right), left_para.prov)


def _merge_texts(inlines: list[Inline]) -> list[Inline]:
    """Adjacent top-level Text nodes as one; empty ones dropped."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return out
