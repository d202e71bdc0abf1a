"""OpenCC's word-level choices for each converted edition, against the editors' review
(book/variants.toml): what `zinepress variants diff` prints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from zinepress.bookfiles.config import BookConfig
from zinepress.changes import ChangeLog
from zinepress.errors import ZinepressError
from zinepress.pipeline import edition_text, read_and_clean
from zinepress.transforms.variants_review import (
    format_diff,
    format_toml,
    load_review,
    review_edition,
    review_path,
)


def variants_diff(config: BookConfig, names: list[str], toml: bool = False,
                  every_sentence: bool = False) -> Iterator[str]:
    """Per edition converted by OpenCC (those of names; all when names is empty), the
    changes beyond one-to-one mapping, marked ok or NEW; toml: only the NEW ones, in
    variants.toml's form."""
    converted = [e for e in config.editions if e.opencc]
    for name in names:
        if name not in {e.name for e in converted}:
            raise ZinepressError(f"no edition {name!r} converted by OpenCC in book.toml",
                                 path=str(config.book_dir / "book.toml"),
                                 hint=f"editions with opencc: {', '.join(e.name for e in converted) or 'none'}")
    editions = [e for e in converted if not names or e.name in names]
    _, cleaned = read_and_clean(config, list(config.sources), ChangeLog())
    review = load_review(review_path(config.book_dir))
    printed: set[str] = set()
    for edition_cfg in editions:
        text = edition_text(config, replace(edition_cfg, opencc=""), cleaned, ChangeLog())
        result = review_edition(config.book_dir, edition_cfg.name, edition_cfg.opencc, text, review)
        yield format_toml(result, review, printed) if toml else format_diff(result, review, every_sentence)
