"""The translations `order propose` reads when none is named: the book's own.

Inside a book, a shuffled source's translations are already declared: the
sources of book.toml in another language than the source's (the primary
subtag: zh-Hans and zh-Hant are one language, en and en-US another) that an
edition uses. They are read in reading order: the order of the first edition
that lists them (the zh-Hans edition of the first book lists 000, 001, 004:
000 and 001 are Chinese, the translations of 003's Parts I and II; 004 is
English, no translation of 003).

A source of another language is not always a translation of the one to order
(a Chinese post and an English zine in one book). The anchors say which is:
a candidate is read only when at least MIN_SHARED_ANCHORS of its anchors
(numbers, Latin-script words written with a capital: translation_anchors.py)
are found once in it and once in the source. A run is placed only by two
anchors that agree, and a text that is not a translation shares a few by
chance: 004 shares 3 with 000 and 2 with 001, the second test book's Chinese
posts 0 and 1 with its English zine; 000, the translation of a fifth of 003,
shares 9 with it, 001 61. When candidates of several languages pass, one
translation of each part is enough and two would make each other's anchors
common: the language whose candidates share the most anchors is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from zinepress.bookfiles.config import BookConfig
from zinepress.editor.translation_anchors import Translations
from zinepress.model import Source
from zinepress.walk import text_blocks

MIN_SHARED_ANCHORS = 5


def language(tag: str) -> str:
    """A language tag's language: "zh" for zh-Hans, "en" for en-US."""
    return tag.split("-")[0].casefold()


@dataclass(frozen=True, slots=True)
class BookTranslations:
    """The translations found in book.toml for one source, and why."""

    source: str
    read: tuple[str, ...]                   # read as translations, in reading order
    editions: tuple[str, ...]               # the editions whose order they are in
    left_out: tuple[tuple[str, str], ...]   # candidates not read: (id, why)

    def describe(self) -> str:
        """What the command says on stderr (empty when book.toml has no candidate)."""
        lines = []
        if self.read:
            where = ", ".join(self.editions)
            lines.append(f"read as translations (book.toml, edition{'s' if len(self.editions) > 1 else ''} "
                         f"{where}): {', '.join(self.read)}; --no-translations to leave them out")
        for ident, why in self.left_out:
            lines.append(f"not read as a translation of {self.source}: {ident} {why}; "
                         f"--reference {ident} reads it anyway")
        return "\n".join(lines)


def candidates(config: BookConfig, source_id: str) -> list[tuple[str, str]]:
    """The sources of another language than source_id's that an edition uses,
    in the order of the first edition listing each: (id, that edition's name)."""
    own = language(config.sources[source_id].lang)
    found: dict[str, str] = {}
    for edition in config.editions:
        for ident in edition.sources:
            if ident not in found and ident in config.sources and language(config.sources[ident].lang) != own:
                found[ident] = edition.name
    return list(found.items())


def shared_anchors(source: Source, translation: Source) -> int:
    """How many of the translation's anchors are found once in it and once in the source."""
    places = Translations.of([translation]).places(text for _, text in text_blocks(source.blocks))
    return sum(len(p) for p in places)


def book_translations(config: BookConfig, source: Source, read: Callable[[str], Source]) -> BookTranslations:
    """The translations of source that book.toml declares (read(id) reads a source)."""
    found = candidates(config, source.ident)
    shared = {ident: shared_anchors(source, read(ident)) for ident, _ in found}
    by_language: dict[str, list[tuple[str, str]]] = {}
    for ident, edition in found:
        if shared[ident] >= MIN_SHARED_ANCHORS:
            by_language.setdefault(language(config.sources[ident].lang), []).append((ident, edition))
    chosen: Sequence[tuple[str, str]] = max(by_language.values(), key=lambda group: sum(shared[i] for i, _ in group),
                                            default=())
    read_ids = tuple(ident for ident, _ in chosen)
    left_out = []
    for ident, _ in found:
        if shared[ident] < MIN_SHARED_ANCHORS:
            left_out.append((ident, f"shares {shared[ident]} anchor{'' if shared[ident] == 1 else 's'} "
                                    f"(numbers, names) with {source.ident}, fewer than {MIN_SHARED_ANCHORS}"))
        elif ident not in read_ids:
            left_out.append((ident, f"is in another language than {', '.join(read_ids)}, "
                                    "whose anchors it shares fewer of"))
    return BookTranslations(source.ident, read_ids, tuple(dict.fromkeys(edition for _, edition in chosen)),
                            tuple(left_out))
