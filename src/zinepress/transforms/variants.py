"""Script variants: convert an edition's Chinese text with OpenCC, the glossary around it.

Conversion runs on the model's text only: never on URLs (link targets are
not text), never on passages marked as another language (a Span or Div
with a non-Chinese lang, a chapter in English).

An edition's conversion (``Conversion``, one per book and OpenCC
configuration, shared by the book's text and the audit) is three steps:

1. the glossary (book/glossary.toml): each term's simplified anchor, longest
   first, is masked with a private-use placeholder, so OpenCC never sees it;
2. OpenCC with the edition's configuration (s2tw, s2hk, s2twp…);
3. for traditional targets, corner brackets: 「」 for “” and 『』 for ‘’ —
   character by character, so a quote may open in one inline and close in
   another — except apostrophes: a ’ after a Latin letter stays when another
   Latin letter follows (Kazakhstan’s) or no ‘ is open before it in the same
   text (the transliteration Yudol’), and a ‘ right after a Latin letter is an
   apostrophe typed the wrong way round (Yudol‘), not an opening quote;

then each placeholder becomes the term's traditional form: the glossary
always wins over OpenCC's choice. Each term says how many times its anchor
occurs in the edition's text; a different count fails the build (the source
changed under the term).
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

from zinepress import deps
from zinepress.bookfiles.toml import find_line, load_toml
from zinepress.errors import ConfigError, EditorialError
from zinepress.model import Block, Div, Edition, Inline, Span, Text
from zinepress.text.cjk import is_chinese
from zinepress.walk import child_blocks, own_inlines

GLOSSARY_FILE = "glossary.toml"
TRADITIONAL_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
_PLACEHOLDER_BASE = 0xF0000          # Supplementary Private Use Area-A: never in a source
_TERM_KEYS = {"anchor": True, "traditional": True, "count": True, "note": False}


# --- The glossary ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One [[term]] of book/glossary.toml.

    forms: OpenCC configuration -> traditional form; the key "" gives the
    form for every configuration (traditional = "…" in the file). A term
    whose forms are given per configuration does not apply to the others.
    """

    anchor: str
    forms: dict[str, str]
    count: int
    note: str = ""
    line: int | None = None

    def form(self, config: str) -> str | None:
        return self.forms.get(config, self.forms.get(""))


@dataclass(frozen=True, slots=True)
class Glossary:
    """book/glossary.toml, checked; path is the file as shown in messages."""

    path: str
    terms: tuple[Term, ...] = ()


def load_glossary(path: Path) -> Glossary:
    """Read and check book/glossary.toml (its header explains the form).

    Unknown and missing keys, a bad count or form, an anchor given twice are
    ConfigErrors naming the file and the entry's line. A missing file is an
    empty glossary.
    """
    shown = f"{path.parent.name}/{path.name}"
    if not deps.exists(path):
        return Glossary(shown)
    data, raw = load_toml(path, ConfigError, shown)
    lines = raw.split("\n")
    for key in data:
        if key != "term":
            raise ConfigError(f"unknown table {key!r}", path=shown,
                              line=find_line(lines, rf"^\s*\[*\s*{re.escape(key)}\b", 1, len(lines) + 1, None),
                              hint="the glossary holds [[term]] entries only")
    items = data.get("term", [])
    if not isinstance(items, list):
        raise ConfigError("term must be a list of [[term]] tables", path=shown)
    headers = [n for n, text in enumerate(lines, 1) if text.strip() == "[[term]]"]
    terms: list[Term] = []
    seen: dict[str, int | None] = {}
    for number, item in enumerate(items):
        line = headers[number] if number < len(headers) else None
        end = headers[number + 1] if number + 1 < len(headers) else len(lines) + 1
        for key in item:
            if key not in _TERM_KEYS:
                raise ConfigError(f"unknown key {key!r} in a [[term]]", path=shown,
                                  line=find_line(lines, rf"^\s*{re.escape(key)}\s*[=.]", line or 1, end, line),
                                  hint=f"allowed keys: {', '.join(_TERM_KEYS)}")
        for key, required in _TERM_KEYS.items():
            if required and key not in item:
                raise ConfigError(f"missing required key {key!r} in a [[term]]", path=shown, line=line,
                                  hint="each term needs its anchor, its traditional form and its count")
        anchor = item["anchor"]
        if not isinstance(anchor, str) or not anchor.strip() or anchor != anchor.strip():
            raise ConfigError("a term's anchor must be the phrase as it stands in the source, "
                              "without surrounding spaces", path=shown, line=line)
        if anchor in seen:
            raise ConfigError(f"term {anchor!r} is given twice (first at line {seen[anchor]})",
                              path=shown, line=line)
        seen[anchor] = line
        value = item["traditional"]
        if isinstance(value, str) and value:
            forms = {"": value}
        elif isinstance(value, dict) and value and all(isinstance(v, str) and v for v in value.values()):
            forms = dict(value)
        else:
            raise ConfigError(f"term {anchor}: traditional must be a string, or a table of "
                              "OpenCC configuration = string (s2tw = \"…\")", path=shown, line=line)
        count = item["count"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ConfigError(f"term {anchor}: count must be the number of times the anchor occurs "
                              f"in the edition's text (1 or more), not {count!r}", path=shown, line=line)
        terms.append(Term(anchor, forms, count, str(item.get("note", "")), line))
    return Glossary(shown, tuple(terms))


# --- The conversion ----------------------------------------------------------


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and ord(char) < 0x250


def corner_quotes(text: str) -> str:
    """“” → 「」 and ‘’ → 『』, apostrophes left alone (see the module docstring)."""
    if "’" not in text and "‘" not in text:
        return text.translate(TRADITIONAL_QUOTES)
    out: list[str] = []
    open_single = 0
    for i, char in enumerate(text):
        if char == "‘" and i and _is_latin_letter(text[i - 1]):
            out.append(char)                # an apostrophe typed as ‘ (Yudol‘): no quote opens here
            continue
        if char == "‘":
            open_single += 1
        elif char == "’" and i and _is_latin_letter(text[i - 1]) and (
                not open_single or (i + 1 < len(text) and _is_latin_letter(text[i + 1]))):
            out.append(char)
            continue
        elif char == "’":
            open_single = max(open_single - 1, 0)
        out.append(TRADITIONAL_QUOTES.get(ord(char), char) if char in "“”‘’" else char)
    return "".join(out)


class Conversion:
    """One edition's script conversion: glossary masked, OpenCC, corner brackets.

    Call it on a text to convert it. config: the OpenCC configuration; the
    glossary applies when it converts to a traditional script (s2…).
    """

    def __init__(self, config: str, glossary: Glossary | None = None) -> None:
        try:
            self.engine = opencc.OpenCC(config)
        except RuntimeError:
            raise ConfigError(f"OpenCC has no configuration {config!r}", path="book/book.toml",
                              hint="use one of OpenCC's: s2t, s2tw, s2twp, s2hk, t2s, tw2s, hk2s…") from None
        self.config = config
        self.traditional = config.startswith("s2")
        self.glossary = glossary if glossary is not None and self.traditional else Glossary("")
        # a term whose traditional forms are given per configuration, none for this one, does not apply
        self.terms = sorted((t for t in self.glossary.terms if t.form(config) is not None),
                            key=lambda t: -len(t.anchor))
        self.forms = [t.form(config) or "" for t in self.terms]
        self.pattern = re.compile("|".join(_anchor_pattern(t.anchor) for t in self.terms)) \
            if self.terms else None

    def mask(self, text: str, found: Counter | None = None) -> str:
        """The text with each glossary anchor (longest first) replaced by its placeholder;
        found, if given, counts the anchors masked (by term)."""
        if self.pattern is None:
            return text

        def placeholder(match: re.Match) -> str:
            index = match.lastindex - 1
            if found is not None:
                found[self.terms[index].anchor] += 1
            return chr(_PLACEHOLDER_BASE + index)
        return self.pattern.sub(placeholder, text)

    def unmask(self, text: str, anchors: bool = False) -> str:
        """Each placeholder replaced by its term's traditional form (or, with anchors, its anchor)."""
        if self.pattern is None:
            return text
        return "".join(self._unmasked(char, anchors) for char in text)

    def _unmasked(self, char: str, anchors: bool) -> str:
        index = ord(char) - _PLACEHOLDER_BASE
        if 0 <= index < len(self.terms):
            return self.terms[index].anchor if anchors else self.forms[index]
        return char

    def convert(self, text: str, found: Counter | None = None) -> str:
        masked = self.mask(text, found)
        converted = self.engine.convert(masked)
        if self.traditional:
            converted = corner_quotes(converted)
        return self.unmask(converted)

    def __call__(self, text: str) -> str:
        return self.convert(text)

    def count_terms(self, edition: Edition) -> Counter:
        """How many times each term's anchor occurs in the edition's Chinese text."""
        found: Counter = Counter()
        for _, texts in chinese_passages(edition):
            for node in texts:
                self.mask(node.text, found)
        return found

    def count_problems(self, found: Counter, edition: str) -> list[tuple[Term, str]]:
        """The terms whose count does not match what was found, each with its message."""
        return [(t, f"term {t.anchor} (→ {t.form(self.config)}) is expected {t.count} times in edition "
                    f"{edition}'s text, found {found[t.anchor]}: the source changed under it")
                for t in self.terms if found[t.anchor] != t.count]

    def check_counts(self, found: Counter, edition: str) -> None:
        """Raise EditorialError when a term's count does not match."""
        problems = self.count_problems(found, edition)
        if problems:
            raise EditorialError(glossary_count_message(self.glossary.path, problems),
                                 path=self.glossary.path, line=problems[0][0].line, hint=COUNT_HINT)


COUNT_HINT = ("look at where the anchor stands now (zinepress variants diff lists each term's count); "
              "fix the term's anchor, or set its count to what the edition holds")


def glossary_count_message(path: str, problems: list[tuple[Term, str]]) -> str:
    """The message for terms whose counts are off: the first's (its place is the error's),
    then each other one with its place."""
    rest = "".join(f"\n  {path}:{term.line}: {message}" for term, message in problems[1:])
    return problems[0][1] + rest


def _anchor_pattern(anchor: str) -> str:
    """The anchor as a regex group; whitespace may stand between two characters unless
    both are ASCII letters or digits (the sources as read still have line breaks
    that the cleaning rules join)."""
    parts = [re.escape(anchor[0])]
    for before, char in zip(anchor, anchor[1:]):
        both_ascii = before.isascii() and char.isascii() and before.isalnum() and char.isalnum()
        parts.append(re.escape(char) if both_ascii or char.isspace() or before.isspace()
                     else r"\s*" + re.escape(char))
    return "(" + "".join(parts) + ")"


@lru_cache(maxsize=None)
def converter(config: str) -> Conversion:
    """The conversion of an OpenCC configuration (s2tw, s2hk, s2twp…) without a glossary, loaded once."""
    return Conversion(config)


def edition_conversion(book_dir: Path, config: str) -> Conversion:
    """The conversion an edition with OpenCC configuration `config` uses, with the
    glossary of book_dir: built once per book and configuration, and shared by the
    book's text, its review and the audit."""
    path = Path(book_dir) / GLOSSARY_FILE
    text = deps.read_text(path) if deps.exists(path) else ""
    return _conversion(str(path), text, config)


@lru_cache(maxsize=16)
def _conversion(path: str, text: str, config: str) -> Conversion:
    return Conversion(config, load_glossary(Path(path)))


# --- Walking the edition's Chinese text --------------------------------------


def _inline_texts(inlines: list[Inline]) -> Iterator[Text]:
    for node in inlines:
        if isinstance(node, Text):
            yield node
        elif isinstance(node, Span) and not is_chinese(node.lang):
            continue
        elif hasattr(node, "children"):
            yield from _inline_texts(node.children)


def _block_passages(blocks: list[Block]) -> Iterator[tuple[list[Inline], list[Text]]]:
    for block in blocks:
        if isinstance(block, Div) and not is_chinese(block.lang):
            continue
        inlines = own_inlines(block)
        if inlines is not None:
            yield inlines, list(_inline_texts(inlines))
        yield from _block_passages(child_blocks(block))


def chinese_passages(edition: Edition) -> Iterator[tuple[list[Inline], list[Text]]]:
    """The Text nodes the conversion converts, one list per chapter title or text block
    (given with its inlines), in reading order: the Chinese chapters' text, passages
    in other languages left out."""
    for chapter in edition.chapters:
        if is_chinese(chapter.lang):
            yield chapter.title, list(_inline_texts(chapter.title))
            yield from _block_passages(chapter.blocks)


def convert_edition(edition: Edition, conversion: Conversion | str) -> Edition:
    """A copy of an edition with its Chinese text converted (a Conversion, or an OpenCC
    configuration's name for OpenCC alone); a glossary term whose count does not
    match is an EditorialError."""
    if isinstance(conversion, str):
        conversion = converter(conversion)
    result = copy.deepcopy(edition)
    found: Counter = Counter()
    for chapter in result.chapters:
        if is_chinese(chapter.lang):
            chapter.lang = edition.lang
    for _, texts in chinese_passages(result):
        for node in texts:
            node.text = conversion.convert(node.text, found)
    conversion.check_counts(found, edition.name)
    return result
