"""Passages of a source that no edition uses, left out of every edition.

A `[[source]]` of book/book.toml may name them: `unused = [{ lines = "313-464",
reason = "…" }]`. The site around a WordPress post that its theme does not mark
as such (a newsletter form, "more articles"), the title page of a book of which
the edition takes one essay: the editors leave these out by their lines, as `sed
-n` counts them, and say why. Every block inside a passage is removed under the
rule `unused-passages` with the editors' reason, so the report lists it and the
audit does not look for it. A passage must hold whole blocks: one that begins or
ends inside a paragraph, or holds no block at all, is an error naming the
passage, since a miscounted line would otherwise cut a sentence in two.
"""

from __future__ import annotations

import copy

from zinepress.errors import ConfigError
from zinepress.model import Block, BlockQuote, Div, Figure, ListBlock, Note, Source
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import block_text


def _inside(block: Block, first: int, last: int) -> bool:
    return block.prov is not None and first <= block.prov.first_line and block.prov.last_line <= last


def _overlaps(block: Block, first: int, last: int) -> bool:
    return block.prov is not None and block.prov.first_line <= last and first <= block.prov.last_line


def _drop_unused(source: Source, ctx: RuleContext) -> Source:
    """Remove every block that lies wholly inside one of the source's unused passages."""
    if not ctx.unused:
        return source
    hits = [0] * len(ctx.unused)

    def visit(blocks: list[Block]) -> list[Block]:
        out: list[Block] = []
        for block in blocks:
            passage = next((n for n, (first, last, _) in enumerate(ctx.unused) if _inside(block, first, last)),
                           None)
            if passage is not None:
                hits[passage] += 1
                ctx.log.removed("unused-passages", block.prov, block_text(block), ctx.unused[passage][2])
                continue
            cut = next(((first, last) for first, last, _ in ctx.unused if _overlaps(block, first, last)), None)
            if cut is None:
                out.append(block)
            elif isinstance(block, (BlockQuote, Div, Note, Figure)) and block.blocks:
                block = copy.copy(block)
                block.blocks = visit(block.blocks)
                out.append(block)
            elif isinstance(block, ListBlock):
                block = copy.copy(block)
                block.items = [visit(item) for item in block.items]
                out.append(block)
            else:
                raise _cut_error(source.ident, cut, block.prov.first_line, block.prov.last_line, ctx)
        return out

    source.blocks = visit(source.blocks)
    for (first, last, _), count in zip(ctx.unused, hits):
        if not count:
            lines = f"{first}-{last}" if last != first else str(first)
            raise ConfigError(f"source {source.ident}: unused passage lines = \"{lines}\" holds no block of the "
                              f"source (blank lines, or past its end)",
                              path=ctx.unused_at[0], line=ctx.unused_at[1],
                              hint=f"zinepress inspect {source.ident} shows the lines of each block")
    return source


def _cut_error(ident: str, cut: tuple[int, int], first: int, last: int, ctx: RuleContext) -> ConfigError:
    """The passage cut begins or ends inside the block of lines first-last: say where it may."""
    lines = f"{cut[0]}-{cut[1]}" if cut[1] != cut[0] else str(cut[0])
    if first < cut[0] <= last:
        where = f"start it at line {first} to leave out the whole block, or at line {last + 1} to keep it"
    else:
        where = f"end it at line {last} to leave out the whole block, or at line {first - 1} to keep it"
    return ConfigError(f"source {ident}: unused passage lines = \"{lines}\" cuts a block of lines "
                       f"{first}-{last} in two", path=ctx.unused_at[0], line=ctx.unused_at[1],
                       hint=f"a passage holds whole blocks: {where} (zinepress inspect {ident} "
                            "shows each block's lines)")


UNUSED_PASSAGES = Rule("unused-passages",
                       "drops the passages book.toml's [[source]] unused names (lines no edition uses), "
                       "with the editors' reason", _drop_unused)
