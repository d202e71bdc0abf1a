"""Order runs of a source shuffled as a booklet's sheets: two streams, one forward, one backward.

A saddle-stitched booklet printed or scanned sheet by sheet gives its pages as
1, N, N-1, 2, 3, N-2 …: the front of the book going forward interleaved with
the back going backward; a careless merge of two halves does the same. Such a
file shows itself in the pages it can date (printed page numbers, chapter
openings the contents page numbers, text a reference places): read in file
order they fall into one rising series and one falling series above it.

When they do, every run of the file is in one of the two streams, and the
reading order is the forward stream in file order followed by the backward
stream in reverse file order. Dated runs go to the stream their page says;
each undated run goes to the stream where its seams read best (a run ending
mid-sentence wants the run its text goes on in next; a run opening in lower
case wants one that leaves a sentence open), and the streams change as
seldom as the seams allow (a shuffle moves blocks of pages).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# What changing stream between two runs next to each other in the file costs:
# a tie-breaker, far below any seam's evidence.
_SWITCH = 0.1
_MIN_DATED = 2      # dated runs each stream needs before the model is believed


def booklet_order(keys: Sequence[float | None], seam: Callable[[int, int], float],
                  words: Sequence[int] = (), starts: Sequence[float | None] = (),
                  page_words: float = 0.0, near: Sequence[float | None] = ()) -> list[int] | None:
    """The reading order of runs 0..n-1 (file order) under the two-stream model,
    or None when their dates do not fall into one rising and one falling series.

    keys: each run's page (or a page-like position) where known, else None.
    seam(a, b): the cost of run b following run a in reading order (lower is better).
    words, starts: each run's length in words and, where a printed page or a
    chapter's page says so, the word its first line stands at in the book (the
    page's number times page_words, the words a page holds); between two runs so
    placed in one stream, the runs assigned there should fill the words between them.
    """
    dated = [(i, k) for i, k in enumerate(keys) if k is not None]
    values = sorted({k for _, k in dated})
    best: tuple[float, list[int]] | None = None
    for lower, upper in zip(values, values[1:]):
        forward = [(i, k) for i, k in dated if k <= lower]
        backward = [(i, k) for i, k in dated if k >= upper]
        if len(forward) < _MIN_DATED or len(backward) < _MIN_DATED:
            continue
        if any(a[1] > b[1] for a, b in zip(forward, forward[1:])):
            continue
        if any(a[1] < b[1] for a, b in zip(backward, backward[1:])):
            continue
        if all(i < j for i, _ in backward for j, _ in forward):
            continue   # the back half simply stands before the front: no interleaving
        fixed = {i: True for i, _ in forward} | {i: False for i, _ in backward}
        for i, k in enumerate(near):
            if k is not None and keys[i] is None and (k <= lower or k >= upper):
                fixed[i] = k <= lower
        found = _best_split(len(keys), fixed, seam, list(words) or [0] * len(keys),
                            list(starts) or [None] * len(keys), page_words)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    return best[1] if best else None


_BEAM = 4000        # partial assignments kept at each step
_PAGE_COST = 2.0    # the cost of a page's worth of words too many or too few between two placed runs


def _best_split(n: int, fixed: dict[int, bool], seam: Callable[[int, int], float], words: list[int],
                starts: list[float | None], page_words: float) -> tuple[float, list[int]] | None:
    """The cheapest assignment of runs to the forward (True) and backward stream,
    dated runs keeping theirs: (cost, reading order). A beam search over the file
    order; a state is the last run of each stream, the stream of the run before,
    and for each stream its last placed run and the words assigned since."""
    scale = _PAGE_COST / page_words if page_words else 0.0
    State = tuple  # (fw, bw, prev, f_anchor, f_words, b_anchor, b_words)
    states: dict[State, tuple[float, tuple[bool, ...]]] = {(-1, -1, None, -1, 0, -1, 0): (0.0, ())}
    for k in range(n):
        nxt: dict[State, tuple[float, tuple[bool, ...]]] = {}
        for (fw, bw, prev, fa, fwords, ba, bwords), (cost, choices) in states.items():
            for forward in ((fixed[k],) if k in fixed else (True, False)):
                step = _SWITCH if prev is not None and prev != forward else 0.0
                if forward:
                    step += seam(fw, k) if fw >= 0 else 0.0
                    if starts[k] is not None:
                        if fa >= 0:
                            step += scale * abs(fwords - (starts[k] - starts[fa]))
                        key = (k, bw, True, k, words[k], ba, bwords)
                    else:
                        key = (k, bw, True, fa, fwords + words[k], ba, bwords)
                else:
                    step += seam(k, bw) if bw >= 0 else 0.0
                    if starts[k] is not None:
                        if ba >= 0:
                            step += scale * abs(bwords + words[k] - (starts[ba] - starts[k]))
                        key = (fw, k, False, fa, fwords, k, 0)
                    else:
                        key = (fw, k, False, fa, fwords, ba, bwords + words[k])
                total = cost + step
                if key not in nxt or total < nxt[key][0]:
                    nxt[key] = (total, choices + (forward,))
        states = dict(sorted(nxt.items(), key=lambda kv: kv[1][0])[:_BEAM])
    best: tuple[float, list[int]] | None = None
    for (fw, bw, *_), (cost, choices) in states.items():
        if fw >= 0 and bw >= 0:
            cost += seam(fw, bw)
        order = [i for i in range(n) if choices[i]] + [i for i in reversed(range(n)) if not choices[i]]
        if best is None or cost < best[0]:
            best = (cost, order)
    return best
