"""Editorial corrections from book/editorial.toml ([[correction]]).

A fault of the source's text that an editor fixes and a reader should never
see (a stray digit, a truncated word, two words run together) is corrected
in place, as data: each entry names its source, the exact phrase as it
stands (`match`, with enough context to be unambiguous), its `replacement`,
the `reason` and how many times the phrase stands in the source (`count`,
default 1). Each change is logged as an edit of the rule `correction`, with
its reason, so the report lists it with before and after and the audit
applies it to the source before counting sentences. An entry whose phrase
is not found `count` times fails the build, naming the entry's line.
"""

from __future__ import annotations

from ..errors import EditorialError
from ..model import Block, Inline, Provenance, Source, Text
from ..walk import INLINE_CONTAINERS, iter_blocks, own_inlines
from . import Rule, RuleContext
from .editorial import EDITORIAL_FILE

RULE = "correction"


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
                    ctx: RuleContext) -> int:
    phrase, replacement = str(entry["match"]), str(entry["replacement"])
    reason = str(entry["reason"])
    found = 0
    for block in iter_blocks(blocks):
        inlines = own_inlines(block)
        if not inlines:
            continue
        count = _replace(inlines, phrase, replacement)
        if count:
            prov = block.prov or Provenance(source.ident, 0, 0)
            for _ in range(count):
                ctx.log.edited(RULE, prov, phrase, replacement, reason)
            found += count
    return found


def apply_corrections(source: Source, ctx: RuleContext) -> Source:
    """Apply every [[correction]] entry of this source, in the file's order."""
    for entry in (e for e in ctx.editorial if e.get("kind") == "correction"):
        expected = int(entry.get("count", 1))
        found = _correct_blocks(source.blocks, entry, source, ctx)
        if found != expected:
            raise EditorialError(f"correction entry {str(entry['match'])!r} for source {source.ident} "
                                 f"is found {found} times, but its count is {expected}",
                                 path=EDITORIAL_FILE, line=entry.get("_line"),
                                 hint="the source changed under the entry: fix `match` or `count`")
    return source


CORRECTIONS = Rule(RULE,
                   "fixes faults of a source's text in place as book/editorial.toml says "
                   "([[correction]]: match, replacement, reason)",
                   apply_corrections)
