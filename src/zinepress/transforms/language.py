"""Passages in another language, named in book/editorial.toml ([[language]]).

A Russian channel name or a French article title inside a Chinese source
must be marked as such: readers pick the right font and voice, and neither
OpenCC nor the Chinese punctuation rules touch it. Each entry names its
source, the exact phrase (`match`), its BCP 47 language and how many times
it stands in the source (`count`, default 1); the phrase becomes a Span with
that language. No text changes, so nothing is logged but an error when an
entry's count does not match.
"""

from __future__ import annotations

from zinepress.errors import EditorialError
from zinepress.model import Block, Inline, Span, Text
from zinepress.transforms import Rule, RuleContext
from zinepress.transforms.editorial import EDITORIAL_FILE
from zinepress.walk import INLINE_CONTAINERS, iter_blocks, own_inlines


def _mark(inlines: list[Inline], phrase: str, lang: str) -> tuple[list[Inline], int]:
    """The inlines with every occurrence of phrase inside one Text wrapped in a
    Span(lang), and how many there were (an already marked passage is skipped)."""
    out: list[Inline] = []
    found = 0
    for node in inlines:
        if isinstance(node, Text) and phrase in node.text:
            parts = node.text.split(phrase)
            for n, part in enumerate(parts):
                if n:
                    out.append(Span(lang, [Text(phrase)]))
                    found += 1
                if part:
                    out.append(Text(part))
            continue
        if isinstance(node, INLINE_CONTAINERS) and not (isinstance(node, Span) and node.lang == lang):
            node.children, inner = _mark(node.children, phrase, lang)
            found += inner
        out.append(node)
    return out, found


def _mark_blocks(blocks: list[Block], phrase: str, lang: str) -> int:
    found = 0
    for block in iter_blocks(blocks):
        inlines = own_inlines(block)
        if inlines:
            marked, count = _mark(inlines, phrase, lang)
            inlines[:] = marked
            found += count
    return found


def mark_languages(source, ctx: RuleContext):
    """Wrap each [[language]] entry's phrase in a Span of its language."""
    for entry in (e for e in ctx.editorial if e.get("kind") == "language"):
        phrase, lang = str(entry["match"]), str(entry["lang"])
        expected = int(entry.get("count", 1))
        found = _mark_blocks(source.blocks, phrase, lang)
        if found != expected:
            raise EditorialError(f"language entry {phrase!r} for source {source.ident} is found "
                                 f"{found} times, but its count is {expected}",
                                 path=EDITORIAL_FILE, line=entry.get("_line"),
                                 hint="the source changed under the entry: fix `match` or `count`")
    return source


LANGUAGE_PASSAGES = Rule("language-passages",
                         "marks the phrases book/editorial.toml names ([[language]]) as passages in "
                         "another language (no text removed)",
                         mark_languages)
