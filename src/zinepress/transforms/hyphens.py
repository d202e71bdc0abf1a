"""Words hyphenated at a line end, joined again: the rule ``line-end-hyphens``.

Text extracted from a typeset page keeps the typesetter's line breaks, and
with them the hyphens that cut words at a line end. pdftotext writes them
as a hyphen-minus (-), a hyphen (U+2010) or a soft hyphen (U+00AD),
depending on the font and the program that made the PDF; all three are
treated the same way. Where a line ends in a letter and one of them, and
the next line starts with a lower-case letter, the two parts are joined
without the hyphen ("vomit‐" + "ing" → "vomiting"), and a hyphen inside
the first part stays ("smoke-vomit‐" + "ing" → "smoke-vomiting"). The
hyphen is kept, as a real one, when the source writes the hyphenated word
elsewhere on one line ("three-and-" + "twenty", with "three-and-twenty" in
the text); a next part that starts with a capital is joined only so
("pseudo-" + "Avicenna" → "pseudo-Avicenna", a compound cut at its own
hyphen, with "pseudo-Avicenna" on a line elsewhere), else left on its line
(the cut may be a page seam of a shuffled extract). A kept soft hyphen becomes a hyphen-minus: the PDF drew it,
and U+00AD would vanish from an EPUB. Each join is an edit in the report,
with both parts as they stood.

Some PDFs map their hyphen glyph to U+00AD, so that pdftotext gives every
hyphen they draw as a soft hyphen, inside a line too ("pseudo­Avicenne",
"Arabo­Islamic"). A soft hyphen is invisible, so one that a PDF draws inside
a line is a hyphen: the rule ``soft-hyphen-glyphs`` writes it as a
hyphen-minus (an edit), in text extracted from a PDF only.
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
                words.update(_as_hyphen_minus(w.casefold()) for w in _WORD.findall(line)
                             if any(h in w for h in HYPHENS))
    return words


def _as_hyphen_minus(text: str) -> str:
    return text.replace("\u2010", "-").replace("\u00ad", "-")


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
            if not (cut and start and isinstance(brk, SoftBreak) and start.group(1)[0].isalpha()):
                if isinstance(inlines[i], SoftBreak):
                    line += 1
                i += 1
                continue
            head, tail = cut.group(1), start.group(1)
            hyphen = left.text[-1]
            word = re.match(r"[^\W\d_]+", tail).group()
            keep = _as_hyphen_minus(f"{head}-{word}".casefold()) in attested
            if tail[0].isupper() and not keep:
                if isinstance(inlines[i], SoftBreak):
                    line += 1
                i += 1
                continue
            joined = head + (("-" if hyphen == "\u00ad" else hyphen) if keep else "") + tail
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


SOFT_HYPHEN_GLYPHS_NAME = "soft-hyphen-glyphs"
_DRAWN_SOFT_HYPHEN = re.compile(r"(?<=[^\W\d_])\u00ad(?=[^\W\d_])")
_WORD_AROUND = re.compile(r"\S*\u00ad\S*")


def write_drawn_soft_hyphens(source: Source, ctx: RuleContext) -> Source:
    """Soft hyphens between letters inside a line of a PDF's text become hyphens
    (see the module docstring)."""
    for block in iter_blocks(source.blocks):
        line = block.prov.first_line if block.prov else 0
        for node in own_inlines(block) or []:
            if isinstance(node, SoftBreak):
                line += 1
            elif isinstance(node, Text) and _DRAWN_SOFT_HYPHEN.search(node.text):
                where = Provenance(block.prov.source, line, line) if block.prov else None
                for word in _WORD_AROUND.findall(node.text):
                    fixed = _DRAWN_SOFT_HYPHEN.sub("-", word)
                    if fixed != word:
                        ctx.log.edited(SOFT_HYPHEN_GLYPHS_NAME, where, word, fixed)
                node.text = _DRAWN_SOFT_HYPHEN.sub("-", node.text)
    return source


SOFT_HYPHEN_GLYPHS = Rule(
    SOFT_HYPHEN_GLYPHS_NAME,
    "writes a soft hyphen (U+00AD) that a PDF draws between two letters inside a line as a hyphen "
    "(\"pseudo\u00adAvicenne\" → \"pseudo-Avicenne\"): its font maps the hyphen glyph to U+00AD",
    write_drawn_soft_hyphens,
)
