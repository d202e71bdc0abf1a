"""A drop cap joined to the rest of its word: the rule ``drop-caps``.

A chapter that opens with a drop cap (a large initial set beside the first
lines) comes out of pdftotext as a paragraph holding that one letter, then a
paragraph starting with the rest of the word in lower case: "I", then "n the
days of good King Harry". Where a paragraph is one capital letter and the very
next block is a paragraph that starts with a lower-case letter, the letter is
put back before it ("In the days of good King Harry") and its own paragraph is
gone. An initial beside anything else (a heading, a paragraph starting with a
capital or a digit: "T" then "However little known…") is left as it stands.
Each join is an edit in the report, as ordering's word joins are: the two
parts one per line, then the word they make.
"""

from __future__ import annotations

import re

from zinepress.model import Div, Para, Provenance, Source, Text
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import plain_text, text_leaves

DROP_CAPS_NAME = "drop-caps"
_WORD_START = re.compile(r"[^\W\d_]+")


def _initial(block) -> str | None:
    """The capital letter a paragraph holds alone, or None."""
    if not isinstance(block, Para):
        return None
    text = plain_text(block.inlines).strip()
    return text if len(text) == 1 and text.isalpha() and text.isupper() else None


def _rest_of_word(block) -> Text | None:
    """The first text of a paragraph that starts with a lower-case letter, or None."""
    if not isinstance(block, Para):
        return None
    first = next((leaf for leaf in text_leaves(block.inlines) if leaf.text.strip()), None)
    if first is None:
        return None
    start = first.text.lstrip()
    return first if start[:1].isalpha() and start[:1].islower() else None


def _join(blocks: list, ctx: RuleContext) -> list:
    out: list = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Div):
            block.blocks = _join(block.blocks, ctx)
        letter = _initial(block)
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        leaf = _rest_of_word(following) if letter else None
        if leaf is None:
            out.append(block)
            i += 1
            continue
        rest = leaf.text.lstrip()
        word = _WORD_START.match(rest).group()
        ctx.log.edited(DROP_CAPS_NAME, block.prov, f"{letter}\n{word}", letter + word)
        leaf.text = letter + rest
        if block.prov and following.prov:
            following.prov = Provenance(block.prov.source, block.prov.first_line, following.prov.last_line)
        out.append(following)
        i += 2
    return out


def join_drop_caps(source: Source, ctx: RuleContext) -> Source:
    """Put each drop cap back before the rest of its word (the module docstring)."""
    source.blocks = _join(source.blocks, ctx)
    return source


DROP_CAPS = Rule(
    DROP_CAPS_NAME,
    "puts a drop cap that pdftotext set apart back before the rest of its word (I / n the days → In the days)",
    join_drop_caps,
)
