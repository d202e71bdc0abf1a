"""The evidence a proposal of reading order weighs: the words of a fragment and where a
reference text has them (order_proposal.py, page_order.py), and the shape of a
proposal's entry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zinepress.model import Source
from zinepress.walk import text_blocks

_TOKEN = re.compile(r"\S+")
# reference tokens: a gap this small is "next" (captions are skipped)
NEAR = 60
MIN_SEGMENT = 3           # aligned tokens that count as a real match


@dataclass(frozen=True, slots=True)
class ProposedEntry:
    """One line of a proposed order file.

    section "splits": a cut inside source line ``line`` between ``before``
    and ``after``. Sections "order" and "notes": a fragment (at source line
    ``line``), its opening words ``match`` and its ``join``; ``pin_line``
    when another fragment has the same words (the file then needs line = N).
    ``why`` is the evidence or the doubt; ``page_end`` the printed page that
    ends with this fragment.
    """

    section: str
    line: int
    join: str = ""
    match: str = ""
    pin_line: bool = False
    before: str = ""
    after: str = ""
    why: str = ""
    page_end: int | None = None
    body_index: int = -1        # the fragment's place among the source's body fragments
    confidence: str = ""        # of the join: "high", "medium" or "low"


def word_key(token: str) -> str:
    return re.sub(r"[\W_]", "", token.casefold())


def word_tokens(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each word of text that has letters or digits."""
    return [(k, m.start(), m.end()) for m in _TOKEN.finditer(text) if (k := word_key(m.group()))]


@dataclass(slots=True)
class Reference:
    keys: list[str]
    paragraph: list[int]      # the reference paragraph of each token
    trigrams: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, source: Source) -> Reference:
        keys: list[str] = []
        paragraph: list[int] = []
        for n, (_, text) in enumerate(text_blocks(source.blocks)):
            for key, _, _ in word_tokens(text):
                keys.append(key)
                paragraph.append(n)
        ref = cls(keys, paragraph)
        for i in range(len(keys) - 2):
            ref.trigrams.setdefault((keys[i], keys[i + 1], keys[i + 2]), []).append(i)
        return ref

    def align(self, keys: list[str], after: int | None = None) -> list[int | None]:
        """The reference position of each key, or None. Words found in several
        places are placed after the previous match, or after ``after`` (where the
        text before them matched)."""
        n = len(keys)
        pos: list[int | None] = [None] * n
        prev: int | None = None
        for i in range(n):
            if prev is not None and prev + 1 < len(self.keys) and self.keys[prev + 1] == keys[i]:
                pos[i] = prev + 1
            elif i + 2 < n:
                hits = self.trigrams.get((keys[i], keys[i + 1], keys[i + 2]), [])
                anchor = prev if prev is not None else (after if i == 0 else None)
                if len(hits) == 1:
                    pos[i] = hits[0]
                elif hits and anchor is not None:
                    pos[i] = next((h for h in hits if anchor < h <= anchor + NEAR), None)
            prev = pos[i]
        for i in range(n - 1, 0, -1):  # extend matches backwards
            p = pos[i]
            if p is not None and pos[i - 1] is None and p > 0 and self.keys[p - 1] == keys[i - 1]:
                pos[i - 1] = p - 1
        return pos


def aligned_runs(pos: list[int | None]) -> list[tuple[int, int, int, int]]:
    """Runs (first token, last token, first ref pos, last ref pos) of consecutive
    positions; runs a few tokens apart that go on in the reference are one run."""
    runs: list[list[int]] = []
    for i, p in enumerate(pos):
        if p is None:
            continue
        if runs and i == runs[-1][1] + 1 and p == runs[-1][3] + 1:
            runs[-1][1], runs[-1][3] = i, p
        else:
            runs.append([i, i, p, p])
    merged: list[list[int]] = []
    for run in runs:
        if merged and run[0] - merged[-1][1] <= 4 and 0 < run[2] - merged[-1][3] <= 4:
            merged[-1][1], merged[-1][3] = run[1], run[3]
        else:
            merged.append(run)
    return [tuple(r) for r in merged if r[1] - r[0] + 1 >= MIN_SEGMENT]
