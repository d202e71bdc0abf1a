"""Balanced Chinese titles in print: where a title too long for one line breaks.

A title left to the line breaker fills its first lines and leaves what is
over on the last, often one or two characters, or cuts a name (“……起义后的哈/
萨克斯坦”). A typesetter breaks a title into lines of about equal length,
at a clause where one is near (after ：，—— or a closing quote). This module
says where: it estimates each character's width (a Han character or
full-width mark one em, a Latin letter or digit about half), makes as few
lines as fit the measure with a character to spare, and puts each break at
the allowed place nearest the balanced one, a clause end winning within a
few characters. Python says where; the template writes the break.

The measures, in characters of the title's size, follow styles/print.css and
base.css: a chapter or part title (h1, 1.6em with zh.css's 0.05em letter
spacing) on the 300pt measure; a contents entry (10pt) short of the page
numbers' column (2.5em), and 1.5em less when it sits under a part.
"""

from __future__ import annotations

import math
import re

from zinepress.text.cjk import CJK_FORMS, HAN, WESTERN

TITLE_MEASURE = 17            # 300pt / (16pt x 1.05)
CONTENTS_MEASURE = 27         # (300pt - 25pt) / 10pt
CONTENTS_NESTED_MEASURE = 26  # (300pt - 15pt - 25pt) / 10pt

# A character a full em wide: Han, the CJK forms, Chinese quotes and dashes.
_HAN = re.compile(f"[{HAN}{CJK_FORMS}“”‘’—…⋯·]")
_WESTERN = re.compile(f"[{WESTERN}]")
_NO_START = "。，、；：？！）」』》〉】〕］”’·.,;:!?)]"
_NO_END = "（「『《〈【〔［“‘·(["
_TWO_EM = "—…⋯"
_CLAUSE_END = "：，、；。！？）」』》”’—…"
_CLAUSE_BONUS = 80.0         # a break after a clause is worth this much squared imbalance (em²)


def _width(char: str) -> float:
    if _HAN.match(char):
        return 1.0
    if char.isspace():
        return 0.3
    return 0.6


def _allowed(text: str, at: int) -> bool:
    """Whether a line may break before text[at]."""
    before, after = text[at - 1], text[at]
    if after in _NO_START or before in _NO_END or before.isspace() or after.isspace():
        return False
    if before == after and before in _TWO_EM:
        return False
    return not (_WESTERN.match(before) and _WESTERN.match(after))


def balanced_breaks(text: str, measure: int) -> list[int]:
    """The positions of text before which its lines break, for as few lines of at most
    measure ems as will do (a line holding Latin letters, whose widths are
    guessed, one em less), of about equal width, clause ends preferred; [] when
    it fits on one line (or no such breaking fits)."""
    widths = [_width(c) for c in text]
    total = sum(widths)
    if total <= measure:
        return []
    ends, guessed = [0.0], [0]
    for char, width in zip(text, widths):
        ends.append(ends[-1] + width)
        guessed.append(guessed[-1] + (width != 1.0))

    def fits(start: int, end: int) -> bool:
        spare = 1 if guessed[end] > guessed[start] else 0
        return ends[end] - ends[start] + spare <= measure

    candidates = [i for i in range(1, len(text)) if _allowed(text, i) and total - ends[i] >= 2]
    for lines in range(math.ceil(total / measure), 6):
        ideal = total / lines
        # best[j][i]: (cost, breaks) of j lines ending just before position i
        best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
        for _ in range(lines - 1):
            following: dict[int, tuple[float, list[int]]] = {}
            for start, (cost, breaks) in best.items():
                for i in candidates:
                    width = ends[i] - ends[start]
                    if i <= start or not fits(start, i):
                        continue
                    bonus = _CLAUSE_BONUS if text[i - 1] in _CLAUSE_END else 0.0
                    total_cost = cost + (width - ideal) ** 2 - bonus
                    if i not in following or total_cost < following[i][0]:
                        following[i] = (total_cost, breaks + [i])
            best = following
        finished = [(cost + (total - ends[i] - ideal) ** 2, breaks) for i, (cost, breaks) in best.items()
                    if fits(i, len(text))]
        if finished:
            return min(finished)[1]
    return []
