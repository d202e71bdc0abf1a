"""Assemble an edition from cleaned sources: one chapter per source, in the order given.

Later, book/ will declare parts and chapters; until then each source is a
chapter whose title is its first level-1 heading (moved out of the body,
wherever it stands in it).
"""

from __future__ import annotations

import re

from .config import BookConfig, EditionConfig
from .model import Chapter, Edition, Heading, Source, Text
from .walk import iter_blocks, map_blocks, plain_text


def _chapter(source: Source) -> Chapter:
    first = next((b for b in iter_blocks(source.blocks) if isinstance(b, Heading) and b.level == 1), None)
    if first is not None:
        title = first.inlines
        blocks = map_blocks(list(source.blocks), lambda b: [] if b is first else [b])
    else:
        title = [Text(str(source.meta.get("title", source.ident)))]
        blocks = list(source.blocks)
    ident = "ch-" + re.sub(r"[^A-Za-z0-9-]+", "-", source.ident).strip("-")
    return Chapter(ident=ident, title=title, blocks=blocks, role="chapter", lang=source.lang,
                   sources=(source.ident,))


def assemble(config: BookConfig, edition: EditionConfig, cleaned: dict[str, Source]) -> Edition:
    """The edition's text: its sources' chapters in the order book.toml lists them."""
    return Edition(
        name=edition.name,
        lang=edition.lang,
        title=config.localized(config.title, edition.lang),
        subtitle=config.localized(config.subtitle, edition.lang),
        author=config.author,
        chapters=[_chapter(cleaned[ident]) for ident in edition.sources],
        meta={"date": config.date, "publisher": config.publisher, "rights": config.rights,
              "urls": list(config.urls),
              "sources": [{"id": s, "description": config.sources[s].description,
                           "url": config.sources[s].url} for s in edition.sources]},
    )


def chapter_titles(edition: Edition) -> list[str]:
    """The chapter titles as plain text (for the report and tests)."""
    return [plain_text(c.title) for c in edition.chapters]
