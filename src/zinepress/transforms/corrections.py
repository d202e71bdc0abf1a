"""Editorial corrections from book/editorial.toml ([[correction]]).

A fault of the source's text that an editor fixes and a reader should never
see (a stray digit, a truncated word, two words run together) is corrected
in place, as data: each entry names its source, the exact phrase as it
stands (`match`, with enough context to be unambiguous), its `replacement`,
the `reason` and how many times the phrase stands in the source (`count`,
default 1). Corrections run once the source is cleaned and put in order
(cleaning.rules_after_order), so `match` is the text as a reader reads it.
Each change is logged as an edit of the rule `correction`, with
its reason, so the report lists it with before and after and the audit
applies it to the source before counting sentences. An entry whose phrase
is not found `count` times fails the build, naming the entry's line.

Emoji (📌, ⚪️, ⛓) are in no font the EPUB embeds, so a reader without an
emoji font would show boxes: each one the sources use is named by an
[[emoji]] entry, the same keys with `replacement` optional (default: removed),
and changed under the rule `emoji`, while the source is cleaned. A paragraph left empty by it is dropped
(a removal of the rule, with the reason).
"""

from __future__ import annotations

from zinepress.errors import EditorialError
from zinepress.model import Block, Inline, Para, Provenance, Source, Text
from zinepress.transforms import Rule, RuleContext
from zinepress.transforms.editorial import EDITORIAL_FILE
from zinepress.walk import (
    INLINE_CONTAINERS,
    iter_blocks,
    map_blocks,
    own_inlines,
    plain_text,
)

RULE = "correction"
EMOJI_RULE = "emoji"


def _replace(inlines: list[Inline], phrase: str, replacement: str) -> int:
    """Replace phrase inside each Text node (in place); how many were replaced."""
    found = 0
    for node in inlines:
        if isinstance(node, Text) and phrase in node.text:
            found += node.text.count(phrase)
            node.text = node.text.replace(phrase, replacement)
        elif isinstance(node, INLINE_CONTAINERS):
            found += _replace(node.children, phrase, replacement)
    return found


def _correct_blocks(blocks: list[Block], entry: dict[str, object], source: Source,
                    ctx: RuleContext, rule: str) -> int:
    phrase, replacement = str(entry["match"]), str(entry.get("replacement", ""))
    reason = str(entry["reason"])
    found = 0
    emptied: list[Block] = []
    for block in iter_blocks(blocks):
        inlines = own_inlines(block)
        if not inlines:
            continue
        count = _replace(inlines, phrase, replacement)
        if not count:
            continue
        prov = block.prov or Provenance(source.ident, 0, 0)
        found += count
        if isinstance(block, Para) and not plain_text(inlines).strip():
            ctx.log.removed(rule, prov, phrase * count, reason)
            emptied.append(block)
            continue
        for _ in range(count):
            ctx.log.edited(rule, prov, phrase, replacement, reason)
    if emptied:
        source.blocks = map_blocks(source.blocks,
                                   lambda b: [] if any(b is e for e in emptied) else [b])
    return found


def _apply(kind: str, rule: str, source: Source, ctx: RuleContext) -> Source:
    """Apply every entry of one kind to this source, in the file's order."""
    for entry in (e for e in ctx.editorial if e.get("kind") == kind):
        expected = int(entry.get("count", 1))
        found = _correct_blocks(source.blocks, entry, source, ctx, rule)
        if found != expected:
            raise EditorialError(f"{kind} entry {str(entry['match'])!r} for source {source.ident} "
                                 f"is found {found} times, but its count is {expected}",
                                 path=EDITORIAL_FILE, line=entry.get("_line"),
                                 hint="the source changed under the entry: fix `match` or `count`")
    return source


def apply_corrections(source: Source, ctx: RuleContext) -> Source:
    """Apply every [[correction]] entry of this source."""
    return _apply("correction", RULE, source, ctx)


def replace_emoji(source: Source, ctx: RuleContext) -> Source:
    """Apply every [[emoji]] entry of this source (removing an emptied paragraph)."""
    return _apply("emoji", EMOJI_RULE, source, ctx)


CORRECTIONS = Rule(RULE,
                   "fixes faults of a source's text in place as book/editorial.toml says "
                   "([[correction]]: match, replacement, reason)",
                   apply_corrections)
EMOJI = Rule(EMOJI_RULE,
             "removes the emoji book/editorial.toml names ([[emoji]]), or replaces them by text: "
             "no embedded font has them",
             replace_emoji)
