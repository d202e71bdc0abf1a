"""Where a translation of a shuffled source has a fragment's text, read from anchors alone.

A translation in another script (000 and 001, the Chinese of 003's Parts I and
II) shares no words with the source, but it keeps as written what no translator
translates: numbers and years, Latin-script names, addresses, a quoted English
word. Read in the order the translations are given (the reading order of the
parts they translate), those anchors stand in the same order as in the source.
An anchor tells where a fragment falls only when it is found once in the
translations and once in the source ("Bourne", "1989"); common ones ("2022",
"CSTO" said twice) place nothing. The position is the anchor's place among all
the translations' anchors: a coarse scale, but one that rises through the book.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zinepress.model import Source
from zinepress.walk import text_blocks

# a run of Latin letters, or of digits: "Randolph", "1989", "CSTO", "avtonom", "org"
_ANCHOR = re.compile(r"[A-Za-z]{2,}|\d+")


def anchor_keys(text: str) -> list[str]:
    """The anchors of a text, case-folded, in order."""
    return [m.group().casefold() for m in _ANCHOR.finditer(text)]


@dataclass(slots=True)
class Translations:
    """The anchors of one or more translations, in the order given: each
    unique anchor's position on that one scale."""

    position: dict[str, int]
    length: int

    @classmethod
    def of(cls, sources: Sequence[Source]) -> Translations:
        keys = [k for source in sources for _, text in text_blocks(source.blocks) for k in anchor_keys(text)]
        counts = Counter(keys)
        return cls({k: i for i, k in enumerate(keys) if counts[k] == 1}, len(keys))

    def places(self, texts: Iterable[str]) -> list[list[int]]:
        """For each text (a fragment of the source), the positions of its anchors
        that occur once in the translations and once in all the texts. Only
        numbers and words written with a capital count: a lower-case English
        word in a translation is a gloss ("无政府主义（anarchism）"), found
        wherever the translator chose to give it."""
        texts = list(texts)
        keyed = [[m.group().casefold() for m in _ANCHOR.finditer(t) if not m.group()[0].islower()]
                 for t in texts]
        counts = Counter(k for keys in keyed for k in keys)
        return [[self.position[k] for k in keys if counts[k] == 1 and k in self.position] for keys in keyed]


def agreed_place(positions: Sequence[int], scale: int, alone: bool = False) -> float | None:
    """Where most of a run's anchors agree it falls: the median of the largest
    group of them within a twentieth of the scale of each other, when that group
    holds at least two (one anchor alone may be a name the translator gave
    somewhere else), or one when alone is true; else None."""
    ordered = sorted(positions)
    best: list[int] = []
    for i, p in enumerate(ordered):
        group = [q for q in ordered[i:] if q - p <= scale / 20]
        if len(group) > len(best):
            best = group
    return statistics.median(best) if len(best) >= (1 if alone else 2) else None


def monotone(pairs: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The longest subset of (position, page) pairs in which the page rises with
    the position: a run whose anchors disagree with the rest (a page of another
    part glued to it) drops out instead of bending the scale."""
    pairs = sorted(pairs)
    best: list[list[tuple[float, float]]] = []
    for n, pair in enumerate(pairs):
        before = [best[m] for m in range(n) if pairs[m][1] <= pair[1]]
        best.append(max(before, key=len, default=[]) + [pair])
    return max(best, key=len, default=[])
