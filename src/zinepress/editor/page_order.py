"""Propose a reading order for text that pdftotext made of shuffled pages.

The PDF-text reader (readers/pdfpages.py) keeps each page's printed number
(``meta["pages"]``) and cuts a paragraph at a page break only when the next
page in the file is not the page printed next, so the fragments of such a
source are whole pages' runs of paragraphs, cut only where the shuffle cut
the text. A page is the unit the shuffle moved, so the proposal orders pages,
and writes one run entry per run of pages (``through``):

- **printed numbers** order the pages (roman front matter first); a page
  printed without one takes the number the contents page gives its heading,
  or a gap in the printed numbers its seams fit (as many such pages as gaps:
  each its gap); a page with none of these goes after the page whose text runs on into it (a word
  cut in two, a sentence without its end), or before the page its own text
  runs on into, else where the file has it;
- **a reference** (another edition in order), when given, orders the pages
  it holds by where their words stand in it, and the numbers order the rest;
- **the seam** between two pages says how they join: a word cut by a hyphen
  (``word``), a sentence running on (``continue``), else a new paragraph;
- **confidence**: high when the numbers follow each other (or the reference
  says so) and the seam agrees, medium when only the numbers or only the
  seam speak, low when nothing does (the page stays where the file has it).
"""

from __future__ import annotations

import re

from zinepress.editor.order_evidence import (
    ProposedEntry,
    Reference,
    aligned_runs,
    word_tokens,
)
from zinepress.model import Heading, Note, Para, Source
from zinepress.readers.pdfpages import roman_value, title_key
from zinepress.transforms.order import Fragment, opening_words, source_fragments

_ROMAN = re.compile(r"^[ivxlcdm]+$")
_OPEN_END = re.compile(r"[^.!?:;\"”’)»…]$")
_HYPHEN_END = re.compile(r"[^\W\d_][-\u2010\u00ad]$")


def _number_key(number: int | str | None) -> tuple[int, int] | None:
    if isinstance(number, int):
        return (1, number)
    if isinstance(number, str) and _ROMAN.match(number):
        return (0, roman_value(number))
    return None


def _seam(left: Fragment, right: Fragment) -> tuple[str, str]:
    """How right meets left across a page break, and why."""
    if isinstance(right.block, Heading):
        return "heading", ""
    if not isinstance(left.block, Para) or not isinstance(right.block, Para):
        return "paragraph", ""
    tail, head = left.text.rstrip(), right.text.lstrip()
    if _HYPHEN_END.search(tail) and head[:1].islower():
        return "word", "a word hyphenated at the page break"
    if _OPEN_END.search(tail) or head[:1].islower():
        return "continue", "the sentence runs on across the page break"
    return "paragraph", ""


def propose_page_order(source: Source, reference: Source | None = None) -> list[ProposedEntry]:
    """A proposed order of a paged source's fragments (rules in the module docstring)."""
    fragments = source_fragments(source)
    pages = source.meta["pages"]
    body = [f for f in fragments if not isinstance(f.block, Note)]
    body_index = {f.seq: i for i, f in enumerate(body)}

    def page_of(f: Fragment) -> int:
        return next(p["index"] for p in pages if p["first_line"] <= f.line <= p["last_line"])

    # runs: fragments of one page, and of pages the reader already joined (printed next)
    runs: list[list[Fragment]] = []
    for f in body:
        if runs and (page_of(f) == page_of(runs[-1][-1]) or _joined(runs[-1][-1], f, pages, page_of)):
            runs[-1].append(f)
        else:
            runs.append([f])
    numbers = {p["index"]: p["number"] for p in pages}

    contents = {title_key(str(e["title"])): e["page"] for e in source.meta.get("contents", [])}

    def printed_key(run: list[Fragment]) -> tuple[int, int] | None:
        keys = [k for f in run if (k := _number_key(numbers[page_of(f)])) is not None]
        if not keys:   # a page printed without a number: the contents page's number of its heading
            keys = [k for f in run if isinstance(f.block, Heading)
                    for title, page in contents.items() if title and title_key(f.text).endswith(title)
                    if (k := _number_key(page)) is not None]
        return min(keys) if keys else None

    inferred = _numbers_for_gaps(runs, [printed_key(run) for run in runs])

    def run_key(run: list[Fragment]) -> tuple[int, int] | None:
        return printed_key(run) or inferred.get(id(run))

    ref_pos: dict[int, int] = {}
    if reference is not None:
        ref = Reference.of(reference)
        for n, run in enumerate(runs):
            keys = [k for f in run for k, _, _ in word_tokens(f.text)]
            segments = aligned_runs(ref.align(keys))
            if segments and sum(s[1] - s[0] + 1 for s in segments) * 2 >= len(keys):
                ref_pos[n] = segments[0][2]
    # order: by reference position where known, else by printed number; runs with
    # neither stay after the run before them in the file
    keyed = [(n, run) for n, run in enumerate(runs) if n in ref_pos or run_key(run) is not None]
    if ref_pos:
        keyed.sort(key=lambda nr: (0, ref_pos[nr[0]]) if nr[0] in ref_pos else (1, *run_key(nr[1])))
    else:
        keyed.sort(key=lambda nr: run_key(nr[1]))
    ordered = [n for n, _ in keyed]
    for n in range(len(runs)):
        if n in ordered:
            continue
        host = ordered.index(n - 1) + 1 if n - 1 in ordered else 0
        for at, m in enumerate(ordered):   # a run whose text goes on in this one's opening
            nxt = ordered[at + 1] if at + 1 < len(ordered) else None
            if _seam(runs[m][-1], runs[n][0])[0] in ("word", "continue") and \
                    (nxt is None or _seam(runs[m][-1], runs[nxt][0])[0] == "paragraph"):
                host = at + 1
                break
        else:
            for at, m in enumerate(ordered):   # or a run this one's text goes on in
                before = ordered[at - 1] if at else None
                if _seam(runs[n][-1], runs[m][0])[0] in ("word", "continue") and \
                        (before is None or _seam(runs[before][-1], runs[m][0])[0] == "paragraph"):
                    host = at
                    break
        ordered.insert(host, n)

    entries: list[ProposedEntry] = []
    previous: int | None = None
    for n in ordered:
        run = runs[n]
        first = run[0]
        if previous is None:
            join, why = ("heading" if isinstance(first.block, Heading) else "paragraph"), ""
            level = "high" if run_key(run) is not None or n in ref_pos else "low"
        else:
            join, why = _seam(runs[previous][-1], first)
            level = _confidence(runs[previous], run, join, run_key, ref_pos, previous, n)
            if level == "low":
                why = ("? " + why) if why else "? no page number or seam places this run: kept where the file has it"
            elif not why:
                why = _page_why(runs[previous], run, run_key)
        for i, f in enumerate(run):
            match, pin = opening_words(f, fragments)
            entries.append(ProposedEntry(
                "order", f.line, join if i == 0 else ("heading" if isinstance(f.block, Heading) else "paragraph"),
                match, pin is not None, why=why if i == 0 else "", body_index=body_index[f.seq],
                confidence=level if i == 0 else "high"))
        previous = n
    for f in fragments:
        if isinstance(f.block, Note):
            match, pin = opening_words(f, fragments)
            entries.append(ProposedEntry("notes", f.line, "note", match, pin is not None, confidence="high"))
    return entries


def _numbers_for_gaps(runs: list[list[Fragment]], keys: list[tuple[int, int] | None]) -> dict[int, tuple[int, int]]:
    """Numbers for pages printed without one (a number glued into the text, a
    page of pictures): the gaps in the printed numbers, each given to the page
    whose seams with the pages either side of the gap fit it (a sentence or word
    running across); when there are as many such pages as gaps, every one gets
    its gap, in the file's order where the seams do not tell. id(run) -> key."""
    present = {k for k in keys if k is not None and k[0] == 1}
    if not present:
        return {}
    numbers = sorted(k[1] for k in present)
    gaps = [g for g in range(numbers[0], numbers[-1] + 1) if (1, g) not in present]
    loose = [n for n, k in enumerate(keys) if k is None]
    if not gaps or not loose:
        return {}
    at_key = {k: n for n, k in enumerate(keys) if k is not None}

    def fits(n: int, gap: int) -> int:
        score = 0
        before, after = at_key.get((1, gap - 1)), at_key.get((1, gap + 1))
        if before is not None and _seam(runs[before][-1], runs[n][0])[0] in ("word", "continue"):
            score += 2
        if after is not None and _seam(runs[n][-1], runs[after][0])[0] in ("word", "continue"):
            score += 2
        return score

    scored = sorted(((fits(n, g), -i, -j, n, g) for i, n in enumerate(loose) for j, g in enumerate(gaps)),
                    reverse=True)
    everyone = len(loose) == len(gaps)
    given: dict[int, tuple[int, int]] = {}
    used: set[int] = set()
    for score, _, _, n, g in scored:
        if (score or everyone) and id(runs[n]) not in given and g not in used:
            given[id(runs[n])] = (1, g)
            used.add(g)
    return given


def _joined(a: Fragment, b: Fragment, pages: list[dict], page_of) -> bool:
    """Whether two fragments on different pages sit on pages printed one after the other."""
    numbers = {p["index"]: p["number"] for p in pages}
    ka, kb = _number_key(numbers[page_of(a)]), _number_key(numbers[page_of(b)])
    return ka is not None and kb is not None and ka[0] == kb[0] and kb[1] == ka[1] + 1


def _confidence(before: list[Fragment], run: list[Fragment], join: str, run_key, ref_pos: dict[int, int],
                previous: int, n: int) -> str:
    ka, kb = run_key(before), run_key(run)
    numbers_follow = ka is not None and kb is not None and ka[0] == kb[0] and 0 < kb[1] - ka[1] <= 1 + len(before)
    reference = previous in ref_pos and n in ref_pos
    if numbers_follow or reference:
        return "high"
    if ka is not None and kb is not None:
        return "medium"
    return "medium" if join in ("word", "continue") else "low"


def _page_why(before: list[Fragment], run: list[Fragment], run_key) -> str:
    ka, kb = run_key(before), run_key(run)
    if ka is not None and kb is not None:
        return "the printed page numbers put this page after the one before"
    return ""
