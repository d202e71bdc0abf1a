"""Figures: drop those whose pictures are not in the sources, with their captions.

A figure that holds no picture at all (a pull quote wrapped in <figure>) is
not a picture: it is unwrapped and its text kept.
"""

from __future__ import annotations

from pathlib import Path

from zinepress import deps
from zinepress.model import Block, Figure, Source
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import block_text, map_blocks, plain_text


def _image_available(src: str, sources_dir: Path | None) -> bool:
    if "://" in src or src.startswith("data:") or not src or sources_dir is None:
        return False
    return deps.exists(sources_dir / src)


def _apply(source: Source, ctx: RuleContext) -> Source:
    def visit(block: Block) -> list[Block]:
        if not isinstance(block, Figure):
            return [block]
        if not block.images:
            return list(block.blocks)
        if all(_image_available(img.src, ctx.sources_dir) for img in block.images):
            return [block]
        missing = ", ".join(img.src for img in block.images)
        caption = " ".join(plain_text(block.caption).split())
        ctx.log.removed("missing-figure", block.prov,
                        "\n".join(t for t in [caption, *(block_text(b) for b in block.blocks)] if t),
                        f"picture not in the sources ({missing[:120]})")
        return []
    source.blocks = map_blocks(source.blocks, visit)
    return source


MISSING_FIGURES = Rule("missing-figure",
                       "drops figures whose pictures are not in the sources, with their captions",
                       _apply)
