"""Page seams: how many of the places where a shuffled source's reading jumps are joined right.

A shuffled source (003) is its pages as the file holds them, in another order.
Read in the editors' order (book/order/<id>.toml), the body goes on from one
fragment to the file's next one inside a page, and jumps elsewhere in the file
where a page, as the file holds it, ends: those jumps are the **seams** (30 in
003). A proposal has a seam **right** when, in its own reading order, the same
place of the file (the end of the left fragment: its line and how many words of
that line come before the cut) is followed by the same place (the start of the
right fragment), joined the same way (heading, paragraph, continue, word). A
proposal that does not cut a line where the editors cut it (a split missed), or
that reads the right page after another one, or joins it as a new paragraph
where the sentence runs on, has that seam wrong. The notes are read the same
way (note 1 runs on from one page's foot to another's: a seam), except where a
note begins: notes are placed by their labels, not read on from the one before.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from zinepress.model import Source
from zinepress.transforms.order import _expand_runs, _place, load_order, source_fragments

# a place in the file: (line, words of that line's fragments before it)
Place = tuple[int, int]


def reading(source: Source, order_file: Path) -> list[tuple[Place, Place, str]]:
    """A cleaned source as order_file reads it, body then notes: for each
    fragment, where it starts and ends in the file and how it joins the one before."""
    spec = load_order(order_file)
    fragments = source_fragments(source, spec.splits, spec.path)
    start: dict[int, Place] = {}
    end: dict[int, Place] = {}
    words_before: dict[int, int] = defaultdict(int)
    for f in fragments:
        start[f.seq] = (f.line, words_before[f.line])
        words_before[f.line] += len(f.text.split())
        end[f.seq] = (f.line, words_before[f.line])
    entries = _expand_runs(fragments, spec.order, spec, source.ident)
    placed = _place(fragments, entries, spec, source.ident, check_all=False)
    notes = _place(fragments, list(spec.notes), spec, source.ident, check_all=False)
    read = [(placed[id(e)], e.join) for e in entries] + [(notes[id(e)], e.join) for e in spec.notes]
    return [(start[f.seq], end[f.seq], join) for f, join in read]


def joins(read: list[tuple[Place, Place, str]]) -> dict[Place, tuple[Place, str]]:
    """Each place a fragment ends: where the reading goes on, and how (not into a note's beginning)."""
    return {left_end: (right_start, join)
            for (_, left_end, _), (right_start, _, join) in zip(read, read[1:]) if join != "note"}


def seams(editors: list[tuple[Place, Place, str]]) -> dict[Place, tuple[Place, str]]:
    """The editors' joins that jump in the file: the right fragment is not the
    one that follows the left in the file (the body's next body fragment, a
    note's next note fragment)."""
    follows: dict[Place, Place] = {}
    is_note = [False] * len(editors)
    for i, (_, _, join) in enumerate(editors):   # a note and its continuations
        is_note[i] = join == "note" or (i > 0 and is_note[i - 1])
    for section in (False, True):
        placed = sorted(f for f, note in zip(editors, is_note) if note == section)
        follows.update({end: start for (_, end, _), (start, _, _) in zip(placed, placed[1:])})
    return {end: (start, join) for end, (start, join) in joins(editors).items() if follows.get(end) != start}


def seams_right(source: Source, editors_file: Path, proposal_file: Path) -> tuple[int, int]:
    """(seams the proposal joins as the editors do, seams in all)."""
    truth = seams(reading(source, editors_file))
    proposed = joins(reading(source, proposal_file))
    return sum(proposed.get(end) == step for end, step in truth.items()), len(truth)
