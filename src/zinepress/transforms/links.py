"""A paragraph that lists addresses, set one address a line, each a link ([[links]]).

A text extracted from a PDF runs a "Links:" section into one paragraph of
bare addresses. An editor names it in book/editorial.toml (`source`, the
paragraph's opening words as `match`, a `reason`, and `cut`: addresses the
source cuts short that no source gives whole, which stay plain text rather
than links that lead nowhere). The paragraph becomes one paragraph a line:
each address on its own, and the words between them; the words stay the same, so the change is
an edit of the rule `link-lines` whose after-text marks each cut (CUT_MARK),
which the audit reads as the end of a block.

It runs after a shuffled source is put back in order (pipeline.clean_source),
when the paragraph is whole.
"""

from __future__ import annotations

import re

from zinepress.changes import CUT_MARK
from zinepress.errors import EditorialError
from zinepress.model import Block, Inline, Link, Para, Source, Text
from zinepress.transforms import Rule, RuleContext
from zinepress.transforms.editorial import EDITORIAL_FILE
from zinepress.walk import plain_text

RULE = "link-lines"
# An address: a scheme, then everything up to a space (the PDF text has no other delimiter).
ADDRESS = re.compile(r"https?://\S+")


def _lines(text: str, cut: set[str]) -> list[list[Inline]]:
    """The paragraph's text with each address on a line of its own, a Link (but those in
    cut), and the words between addresses on theirs."""
    lines: list[list[Inline]] = []
    start = 0
    for match in ADDRESS.finditer(text):
        before = text[start:match.start()].strip()
        if before:
            lines.append([Text(before)])
        url = match.group(0)
        lines.append([Text(url) if url in cut else Link(url, [Text(url)])])
        start = match.end()
    rest = text[start:].strip()
    if rest:
        lines.append([Text(rest)])
    return lines


def link_lines(source: Source, ctx: RuleContext) -> Source:
    """Set each [[links]] paragraph of this source one address a line."""
    for entry in (e for e in ctx.editorial if e.get("kind") == "links"):
        match = str(entry["match"])
        found = [i for i, block in enumerate(source.blocks)
                 if isinstance(block, Para) and plain_text(block.inlines).strip().startswith(match)]
        if len(found) != 1:
            raise EditorialError(f"links entry {match!r} for source {source.ident} matches "
                                 f"{len(found)} paragraphs; it must match exactly one",
                                 path=EDITORIAL_FILE, line=entry.get("_line"),
                                 hint="give more of the paragraph's opening words")
        para = source.blocks[found[0]]
        text = " ".join(plain_text(para.inlines).split())
        cut = {str(url) for url in entry.get("cut", [])}
        unknown = cut - set(ADDRESS.findall(text))
        if unknown:
            raise EditorialError(f"links entry {match!r}: `cut` names an address the paragraph "
                                 f"does not hold: {sorted(unknown)[0]}", path=EDITORIAL_FILE,
                                 line=entry.get("_line"))
        lines = _lines(text, cut)
        new: list[Block] = [Para(inlines, para.prov) for inlines in lines]
        # each line becomes a paragraph: the edit marks the cuts, so that the audit's
        # sentences (and the context of a short one) do not run across them
        ctx.log.edited(RULE, para.prov, text, CUT_MARK.join(plain_text(i) for i in lines),
                       str(entry["reason"]))
        source.blocks[found[0]:found[0] + 1] = new
    return source


LINK_LINES = Rule(RULE, "sets a paragraph listing addresses one address a line, each a link "
                        "(book/editorial.toml, [[links]])", link_lines)
