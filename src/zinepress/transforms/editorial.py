"""Editorial entries from book/editorial.toml that act on lines of a source.

These are the editors' choices for one book, kept as data: a line that is the
caption of a picture the sources do not contain is dropped; a plain line that
is really a heading becomes one. Each entry names its source and the line's
opening words; an entry that matches no line, or several, is an error.
"""

from __future__ import annotations

from zinepress.changes import CUT_MARK
from zinepress.errors import EditorialError
from zinepress.model import Block, Heading, Inline, Para, Provenance, SoftBreak, Source
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import map_blocks, plain_text

EDITORIAL_FILE = "book/editorial.toml"


def _lines(para: Para) -> list[tuple[int, list[Inline]]]:
    """The paragraph's lines (split at top-level soft breaks) with their line numbers."""
    first = para.prov.first_line if para.prov else 0
    lines: list[tuple[int, list[Inline]]] = [(first, [])]
    for node in para.inlines:
        if isinstance(node, SoftBreak):
            lines.append((lines[-1][0] + 1, []))
        else:
            lines[-1][1].append(node)
    return lines


def _join(lines: list[tuple[int, list[Inline]]]) -> list[Inline]:
    out: list[Inline] = []
    for n, (_, inlines) in enumerate(lines):
        if n:
            out.append(SoftBreak())
        out.extend(inlines)
    return out


def _apply_entries(kind: str, source: Source, ctx: RuleContext) -> Source:
    """Apply every editorial entry of one kind to the source."""
    entries = [e for e in ctx.editorial if e.get("kind") == kind]
    if not entries:
        return source
    found: dict[int, list[int]] = {i: [] for i in range(len(entries))}

    # First pass: find every line each entry matches.
    def locate(block: Block) -> list[Block]:
        if isinstance(block, Para):
            for number, inlines in _lines(block):
                text = plain_text(inlines).strip()
                for i, entry in enumerate(entries):
                    if text.startswith(str(entry["match"])):
                        found[i].append(number)
        return [block]
    map_blocks(source.blocks, locate)

    by_line: dict[int, dict[str, object]] = {}
    for i, entry in enumerate(entries):
        if len(found[i]) != 1:
            count = "no line" if not found[i] else f"{len(found[i])} lines ({', '.join(map(str, found[i]))})"
            raise EditorialError(f"{entry['kind']} entry {entry['match']!r} for source {source.ident} "
                                 f"matches {count}; it must match exactly one",
                                 path=EDITORIAL_FILE, line=entry.get("_line"),
                                 hint="give more of the line's opening words, or fix the entry")
        by_line[found[i][0]] = entry

    def act(block: Block) -> list[Block]:
        if not isinstance(block, Para) or not block.prov:
            return [block]
        lines = _lines(block)
        if not any(number in by_line for number, _ in lines):
            return [block]
        out: list[Block] = []
        pending: list[tuple[int, list[Inline]]] = []

        def flush() -> None:
            if pending:
                out.append(Para(_join(pending), Provenance(source.ident, pending[0][0], pending[-1][0])))
                pending.clear()

        for number, inlines in lines:
            entry = by_line.get(number)
            if entry is None:
                pending.append((number, inlines))
                continue
            flush()
            prov = Provenance(source.ident, number, number)
            if entry["kind"] == "caption":
                ctx.log.removed("caption-of-missing-picture", prov, plain_text(inlines),
                                str(entry.get("reason", "caption of a picture the sources do not contain")))
            else:
                out.append(Heading(int(entry.get("level", 2)), inlines, prov))
                if len(lines) > 1:      # a paragraph cut around its heading line: the audit cuts there too
                    text = plain_text(inlines)
                    ctx.log.edited("heading-lines", prov, text, CUT_MARK + text + CUT_MARK)
        flush()
        return out

    source.blocks = map_blocks(source.blocks, act)
    return source


CAPTION_LINES = Rule("caption-of-missing-picture",
                     "drops the lines book/editorial.toml names as captions of pictures the sources lack",
                     lambda source, ctx: _apply_entries("caption", source, ctx))
HEADING_LINES = Rule("heading-lines",
                     "makes the plain lines book/editorial.toml names into headings (no text removed)",
                     lambda source, ctx: _apply_entries("heading", source, ctx))
EDITORIAL_LINES = [CAPTION_LINES, HEADING_LINES]
