"""How well a run of paragraphs fits somewhere in a translation, by their lengths alone.

Gale and Church's observation (1993): a paragraph and its translation have
lengths in a steady ratio, so a sequence of paragraph lengths finds its place in
the translation's sequence, and two orders of the same paragraphs can be told
apart, with no dictionary. Used where two readings of a run balance equally well
and no anchor is near (two pages printed in reverse, cut at one of two paragraph
ends): the order whose lengths the translation has, in its order, wins.

Lengths are the source's words and the translation's Han characters (or words,
for a translation in a Latin script), the ratio the two texts' totals give. The
alignment is free to start and end anywhere in the translation; a translator may
split a paragraph in two or join two, or add one (a caption): each costs a little.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

_SKIP = 1.5        # a paragraph on one side with none on the other
_MERGE = 0.5       # two paragraphs on one side for one on the other


def _cost(a: float, b: float) -> float:
    return abs(math.log((a + 1.0) / (b + 1.0)))


def alignment_cost(source: Sequence[int], translation: Sequence[int], ratio: float) -> float:
    """The cheapest alignment of the source's paragraph lengths (in order) to some
    stretch of the translation's (in order), the source's lengths scaled by ratio
    (the translation's units per source word)."""
    e = [n * ratio for n in source]
    c = list(translation)
    n, m = len(e), len(c)
    inf = float("inf")
    # d[i][j]: the first i source paragraphs aligned, ending at translation paragraph j
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    d[0] = [0.0] * (m + 1)      # start anywhere
    for i in range(1, n + 1):
        for j in range(0, m + 1):
            best = d[i - 1][j] + _SKIP                       # a source paragraph left out
            if j:
                best = min(best, d[i - 1][j - 1] + _cost(e[i - 1], c[j - 1]),
                           d[i][j - 1] + _SKIP)              # a translation paragraph left out
            if j >= 2:
                best = min(best, d[i - 1][j - 2] + _cost(e[i - 1], c[j - 2] + c[j - 1]) + _MERGE)
            if i >= 2 and j:
                best = min(best, d[i - 2][j - 1] + _cost(e[i - 2] + e[i - 1], c[j - 1]) + _MERGE)
            d[i][j] = best
    return min(d[n])
