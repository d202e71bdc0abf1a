"""Script variants: convert an edition's Chinese text with OpenCC.

Conversion runs on the model's text only: never on URLs (link targets are
not text), never on passages marked as another language (a Span or Div
with a non-Chinese lang, a chapter in English). Traditional editions also
take corner brackets for quotation marks: 「」 for “” and 『』 for ‘’.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import lru_cache

import opencc

from ..errors import ConfigError
from ..model import Block, Div, Edition, Inline, Span, Text
from ..walk import child_blocks, own_inlines

TRADITIONAL_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


@lru_cache(maxsize=None)
def converter(config: str) -> Callable[[str], str]:
    """The conversion function of an OpenCC configuration (s2tw, s2hk, s2twp…), loaded once."""
    try:
        engine = opencc.OpenCC(config)
    except RuntimeError:
        raise ConfigError(f"OpenCC has no configuration {config!r}",
                          path="book/book.toml",
                          hint="use one of OpenCC's: s2t, s2tw, s2twp, s2hk, t2s, tw2s, hk2s…") from None
    if config.startswith("s2"):         # to a traditional script: corner brackets too
        return lambda text: engine.convert(text).translate(TRADITIONAL_QUOTES)
    return engine.convert


def _is_chinese(lang: str) -> bool:
    return not lang or lang.lower().startswith("zh")


def _convert_inlines(inlines: list[Inline], convert: Callable[[str], str]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            node.text = convert(node.text)
        elif isinstance(node, Span) and not _is_chinese(node.lang):
            continue
        elif hasattr(node, "children"):
            _convert_inlines(node.children, convert)


def _convert_blocks(blocks: list[Block], convert: Callable[[str], str]) -> None:
    for block in blocks:
        if isinstance(block, Div) and not _is_chinese(block.lang):
            continue
        inlines = own_inlines(block)
        if inlines is not None:
            _convert_inlines(inlines, convert)
        _convert_blocks(child_blocks(block), convert)


def convert_edition(edition: Edition, config: str) -> Edition:
    """A copy of an edition with its Chinese text converted by the OpenCC configuration."""
    convert = converter(config)
    result = copy.deepcopy(edition)
    for chapter in result.chapters:
        if _is_chinese(chapter.lang):
            chapter.lang = edition.lang
            _convert_inlines(chapter.title, convert)
            _convert_blocks(chapter.blocks, convert)
    return result
