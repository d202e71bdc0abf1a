"""Repeated paragraphs: a paragraph every sentence of which the source already said.

Blog posts repeat themselves (a pasted block twice, a pull quote restating a
sentence). The later copy goes; the report names the first occurrence.
Notes are never judged: two notes citing the same work say the same thing on
purpose, and each has its call.
"""

from __future__ import annotations

from zinepress.model import Block, Note, Para, Source
from zinepress.text.sentences import has_words, sentence_key, split_sentences
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import map_blocks, plain_text

# Paragraphs shorter than this (in key characters) are never judged repeats:
# "A：" or "And so on." may legitimately occur twice.
MIN_KEY_LENGTH = 12


def _apply(source: Source, ctx: RuleContext) -> Source:
    seen: dict[str, str] = {}

    def visit(block: Block) -> list[Block]:
        if not isinstance(block, Para):
            return [block]
        text = plain_text(block.inlines)
        keys = [sentence_key(s) for s in split_sentences(text) if has_words(s)]
        where = str(block.prov) if block.prov else "?"
        if keys and sum(map(len, keys)) >= MIN_KEY_LENGTH and all(k in seen for k in keys):
            first = sorted({seen[k] for k in keys})
            ctx.log.removed("repeated-paragraph", block.prov, text,
                            f"repeats what {', '.join(first)} already says")
            return []
        for key in keys:
            seen.setdefault(key, where)
        return [block]

    source.blocks = [kept for block in source.blocks
                     for kept in ([block] if isinstance(block, Note) else map_blocks([block], visit))]
    return source


REPEATED_PARAGRAPHS = Rule("repeated-paragraph",
                           "drops a paragraph whose every sentence appeared earlier in the same source",
                           _apply)
