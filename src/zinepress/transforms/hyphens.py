"""Words hyphenated at a line end, joined again: the rule ``line-end-hyphens``.

Text extracted from a typeset page keeps the typesetter's line breaks, and
with them the hyphens that cut words at a line end. pdftotext writes them
as a hyphen-minus (-), a hyphen (U+2010) or a soft hyphen (U+00AD),
depending on the font and the program that made the PDF; all three are
treated the same way. Where a line ends in a letter and one of them, and
the next line starts with a lower-case letter, the two parts are joined
without the hyphen ("vomit‐" + "ing" → "vomiting"), and a hyphen inside
the first part stays ("smoke-vomit‐" + "ing" → "smoke-vomiting"). The
hyphen is kept, as a real one, when the next part starts with a capital or
a digit, or when the source writes the hyphenated word elsewhere on one line
("three-and-" + "twenty", with "three-and-twenty" in the text). Each join is
an edit in the report, with both parts as they stood.
"""

from __future__ import annotations

import re

from zinepress.model import Provenance, SoftBreak, Source, Text
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import iter_blocks, own_inlines, plain_text

LINE_END_HYPHENS_NAME = "line-end-hyphens"
HYPHENS = "-\u2010\u00ad"
_LEFT = re.compile(rf"(\S*[^\W\d_])[{HYPHENS}]$")
_RIGHT = re.compile(r"^([^\W\d_][^\s]*)")
_WORD = re.compile(rf"[^\W\d_]+(?:[{HYPHENS}][^\W\d_]+)*")


def _vocabulary(source: Source) -> set[str]:
    """The hyphenated words the source writes inside a line."""
    words: set[str] = set()
    for block in iter_blocks(source.blocks):
        inlines = own_inlines(block)
        if inlines:
            for line in plain_text(inlines).split("\n"):
                words.update(w.casefold().replace("\u2010", "-") for w in _WORD.findall(line)
                             if "-" in w or "\u2010" in w)
    return words


def join_line_end_hyphens(source: Source, ctx: RuleContext) -> Source:
    """Join words cut at a line end (rules in the module docstring)."""
    attested = _vocabulary(source)
    for block in iter_blocks(source.blocks):
        inlines = own_inlines(block)
        if not inlines:
            continue
        line = block.prov.first_line if block.prov else 0   # the line the inline at i ends on
        i = 0
        while i + 2 < len(inlines):
            # the line breaks after inline i (more than one where lines set aside stood between)
            breaks = 0
            while i + 1 + breaks < len(inlines) and isinstance(inlines[i + 1 + breaks], SoftBreak):
                breaks += 1
            left, brk = inlines[i], inlines[i + 1]
            right = inlines[i + 1 + breaks] if i + 1 + breaks < len(inlines) else None
            cut = _LEFT.search(left.text) if isinstance(left, Text) else None
            start = _RIGHT.match(right.text) if isinstance(right, Text) else None
            if not (cut and start and isinstance(brk, SoftBreak) and start.group(1)[0].islower()):
                if isinstance(inlines[i], SoftBreak):
                    line += 1
                i += 1
                continue
            head, tail = cut.group(1), start.group(1)
            hyphen = left.text[-1]
            word = re.match(r"[^\W\d_]+", tail).group()
            keep = hyphen != "\u00ad" and f"{head}-{word}".casefold().replace("\u2010", "-") in attested
            joined = head + (hyphen if keep else "") + tail
            where = Provenance(block.prov.source, line, line) if block.prov else None
            ctx.log.edited(LINE_END_HYPHENS_NAME, where, f"{head}{hyphen}" + "\n" * breaks + tail, joined)
            left.text = left.text[:cut.start()] + joined
            right.text = right.text[start.end():]
            del inlines[i + 1:i + 1 + breaks]   # the line breaks: the word's second part ends a later line
            line += breaks
            if right.text:
                left.text += right.text
            del inlines[i + 1]
    return source


LINE_END_HYPHENS = Rule(
    LINE_END_HYPHENS_NAME,
    "joins words hyphenated at a line end (-, U+2010 or U+00AD), keeping a hyphen the word has anyway",
    join_line_end_hyphens,
)
