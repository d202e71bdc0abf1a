"""Put a shuffled source back into reading order, as book/order/<id>.toml says.

Text extracted from a PDF whose pages were cut up and shuffled (source 003)
reaches us as fragments: whole paragraphs, runs of them, and pieces cut
mid-paragraph or mid-word. The editors' order file lists every fragment once,
by its opening words, in reading order, with how it joins the one before;
this module loads that file, checks it, cuts the source into fragments and
rebuilds the body from them.

**Fragments.** Every top-level Para, Heading and Note of the cleaned source
is a fragment (the reader already splits two fragments glued inside a line
without a space, "apartThe former"); the file's ``splits`` cut the fragments
glued with a space, which no reader can see ("…looted shops. and the
safety…"). Page furniture (title page, contents page, page numbers) is not
a fragment: the cleaning rules drop it before ordering, and if some is still
there the same rules drop it here, logged under their names.

**The file** (TOML; every array entry on a line of its own, so that errors
can name it)::

    source = "003"
    splits = [ { before = "…looted shops.", after = "and the safety of" }, … ]
    order  = [ { join = "heading",   match = "I. The Uprising in Kazakhstan" },
               { join = "paragraph", match = "A full-scale uprising has" },
               { join = "continue",  match = "Afghanistan. War is the" },
               { join = "word",      match = "ment; now he is missing" }, … ]
    notes  = [ { join = "note", match = "¹ From December 17-19, 1986" },
               { join = "word", match = "ing him with an official" }, … ]

An entry with ``through = "…"`` places a run: its fragment, joined as
``join`` says, and the body fragments after it in the source up to the one
whose text starts with those words, each a heading or a new paragraph as the
source has it (``{ join = "continue", match = "Afghanistan. War", through =
"Is there anything" }``).

``match`` is the fragment's opening words (plain text: no ``*`` around
emphasis, note calls left out; a note's text is matched with or without its
superscript label); it must match exactly one fragment, and ``line = N``
(the fragment's line in the source) tells apart fragments whose text is the
same. ``join`` says how a fragment meets the one before it: ``heading`` (a
new block, which must be a heading), ``paragraph`` (a new paragraph),
``continue`` (the same paragraph goes on, after a space), ``word`` (a word
cut in two: joined without a space, a hyphen at the cut dropped as
transforms/text.py's dehyphenate says) and, in ``notes``, ``note`` (a new
footnote, which must be a note line of the source).

**Checks** (each an EditorialError naming the order file and the entry's
line): a split or entry that matches nothing or more than one fragment, a
fragment two entries claim, a fragment no entry places, a join the
fragments cannot make. Every join is logged: a cut word under "dehyphenate",
a paragraph running across a cut under "join-fragments".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from zinepress.bookfiles.toml import find_line, load_toml
from zinepress.changes import CUT_MARK, ChangeLog
from zinepress.errors import EditorialError
from zinepress.model import (
    INLINE_CONTAINERS,
    Block,
    Div,
    Heading,
    Inline,
    Note,
    Para,
    SoftBreak,
    Source,
    Text,
)
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.page_furniture import (
    CONTENTS_PAGE,
    PAGE_NUMBERS,
    RUNNING_HEADS,
    TITLE_PAGE,
)
from zinepress.transforms.text import DEHYPHENATE_NAME, dehyphenate, join_fragments
from zinepress.walk import plain_text, text_leaves

JOIN_FRAGMENTS_NAME = "join-fragments"

JOINS = {
    "heading": "a new block, which must be a heading of the source",
    "paragraph": "a new paragraph",
    "continue": "the paragraph goes on after a space (a sentence or paragraph runs across the cut)",
    "word": "a word cut in two: joined without a space (a hyphen at the cut dropped)",
    "note": "a new footnote (in notes only), which must be a note line of the source",
}
_BODY_JOINS = ("heading", "paragraph", "continue", "word")
_NOTE_JOINS = ("note", "continue", "word")
_ENTRY_KEYS = ("join", "match", "line", "through")
_SPLIT_KEYS = ("before", "after", "line")
_TOP_KEYS = ("source", "splits", "order", "notes")
SPLIT_FRAGMENTS_NAME = "split-fragments"
_FURNITURE = ("title-page", "contents", "page-number", "running-head")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_EXCERPT_WORDS = 6


# --- the order file ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SplitSpec:
    """A cut inside one line: between text ending in ``before`` and text starting with ``after``."""

    before: str
    after: str
    line: int | None = None          # this entry's line in the order file
    source_line: int | None = None   # optionally: the source line the cut is on


@dataclass(frozen=True, slots=True)
class OrderEntry:
    """One fragment, by its opening words, and how it joins the fragment before it."""

    match: str
    join: str
    line: int | None = None          # this entry's line in the order file
    source_line: int | None = None   # optionally: the fragment's line in the source
    through: str | None = None       # a run: the opening words of its last fragment


@dataclass(frozen=True, slots=True)
class OrderSpec:
    """The checked contents of an order file."""

    path: str                        # as shown in messages ("book/order/003.toml")
    source: str
    splits: tuple[SplitSpec, ...] = ()
    order: tuple[OrderEntry, ...] = ()
    notes: tuple[OrderEntry, ...] = ()


def display_path(path: Path) -> str:
    """The path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_order(path: Path | str) -> OrderSpec:
    """Read and check an order file (the format is in the module docstring)."""
    path = Path(path)
    shown = display_path(path)
    data, text = load_toml(path, EditorialError, shown)
    lines = text.split("\n")
    for key in data:
        if key not in _TOP_KEYS:
            raise EditorialError(f"unknown key {key!r}", path=shown, line=find_line(lines, rf"^\s*{re.escape(key)}\s*="),
                                 hint=f"allowed keys: {', '.join(_TOP_KEYS)}")
    source = data.get("source")
    if not isinstance(source, str) or not source:
        raise EditorialError("missing the source id (source = \"003\")", path=shown,
                             line=find_line(lines, r"^\s*source\s*="))
    if not data.get("order"):
        raise EditorialError("no order entries (order = [ … ])", path=shown, line=find_line(lines, r"^\s*order\s*="))
    splits = [_split_spec(item, line, shown)
              for item, line in _entries_with_lines(data, lines, "splits", shown)]
    order = [_order_entry(item, line, shown, _BODY_JOINS)
             for item, line in _entries_with_lines(data, lines, "order", shown)]
    notes = [_order_entry(item, line, shown, _NOTE_JOINS)
             for item, line in _entries_with_lines(data, lines, "notes", shown)]
    if order[0].join in ("continue", "word"):
        raise EditorialError(f"the first entry cannot {order[0].join!r}: there is nothing before it",
                             path=shown, line=order[0].line)
    if notes and notes[0].join != "note":
        raise EditorialError("the notes must start with an entry whose join is \"note\"",
                             path=shown, line=notes[0].line)
    return OrderSpec(shown, source, tuple(splits), tuple(order), tuple(notes))


def _entries_with_lines(data: dict, lines: list[str], key: str, shown: str) -> list[tuple[dict, int]]:
    """The entries of one array with the line each sits on (one entry per line)."""
    items = data.get(key, [])
    start = find_line(lines, rf"^\s*{re.escape(key)}\s*=")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise EditorialError(f"{key} must be an array of inline tables ({{ … }}), one a line",
                             path=shown, line=start)
    if not items:
        return []
    entry_lines: list[int] = []
    for n in range(start or 1, len(lines) + 1):
        stripped = lines[n - 1].strip()
        if n != start and stripped.startswith("]"):
            break
        code = stripped.split("=", 1)[1].strip() if n == start else stripped
        if code.startswith("["):
            code = code[1:].strip()
        if code.startswith("{"):
            entry_lines.append(n)
    if len(entry_lines) != len(items):
        raise EditorialError(f"{key}: put each entry on a line of its own", path=shown, line=start)
    return list(zip(items, entry_lines))


def _check_keys(item: dict, allowed: tuple[str, ...], line: int, shown: str) -> None:
    for key in item:
        if key not in allowed:
            raise EditorialError(f"unknown key {key!r} in this entry", path=shown, line=line,
                                 hint=f"allowed keys: {', '.join(allowed)}")
    source_line = item.get("line")
    if source_line is not None and (not isinstance(source_line, int) or source_line < 1):
        raise EditorialError("line must be the source line number (a positive integer)",
                             path=shown, line=line)


def _text_value(item: dict, key: str, line: int, shown: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise EditorialError(f"this entry needs {key} = \"…\" (some words of the text)",
                             path=shown, line=line)
    return " ".join(value.split())


def _split_spec(item: dict, line: int, shown: str) -> SplitSpec:
    _check_keys(item, _SPLIT_KEYS, line, shown)
    return SplitSpec(_text_value(item, "before", line, shown), _text_value(item, "after", line, shown),
                     line, item.get("line"))


def _order_entry(item: dict, line: int, shown: str, joins: tuple[str, ...]) -> OrderEntry:
    _check_keys(item, _ENTRY_KEYS, line, shown)
    join = item.get("join", "paragraph")
    if join not in joins:
        raise EditorialError(f"unknown join {join!r} here", path=shown, line=line,
                             hint="joins: " + "; ".join(f"{j} = {JOINS[j]}" for j in joins))
    through = item.get("through")
    if through is not None and (not isinstance(through, str) or not through.strip()):
        raise EditorialError("through must be the opening words of the run's last fragment",
                             path=shown, line=line)
    return OrderEntry(_text_value(item, "match", line, shown), join, line, item.get("line"),
                      " ".join(through.split()) if through else None)


# --- fragments -----------------------------------------------------------------


@dataclass(slots=True)
class Fragment:
    """A piece of the source's body: one block, or a piece of one cut at a split."""

    block: Para | Heading | Note
    line: int          # its line in the source
    seq: int           # its place in the source, counting fragments
    text: str          # its plain text, whitespace runs as one space (a note: label first)

    @property
    def excerpt(self) -> str:
        words = self.text.split()
        more = "…" if len(words) > _EXCERPT_WORDS else ""
        return " ".join(words[:_EXCERPT_WORDS]) + more

    def where(self, source: str) -> str:
        return f"{source}:{self.line} “{self.excerpt}”"

    def matches(self, match: str) -> bool:
        return self.text.startswith(match) or (
            isinstance(self.block, Note) and note_text(self.block).startswith(match))


def note_text(note: Note) -> str:
    """A note's text without its label."""
    return " ".join(" ".join(plain_text(b.inlines).split()) for b in note.blocks
                    if isinstance(b, (Para, Heading)))


def fragment_text(block: Block) -> str:
    """The text an order entry matches: plain text, whitespace runs as one space;
    a note's text follows its label in superscript ("¹ From December…")."""
    if isinstance(block, Note):
        return f"{block.label.translate(_SUPERSCRIPTS)} {note_text(block)}"
    if isinstance(block, (Para, Heading)):
        return " ".join(plain_text(block.inlines).split())
    return ""


def is_furniture(block: Block) -> bool:
    """Page furniture the cleaning rules drop: title page, contents page, page numbers, running heads."""
    return isinstance(block, Div) and any(c in _FURNITURE for c in block.classes)


def source_fragments(source: Source, splits: Sequence[SplitSpec] = (), path: str = "",
                     log: ChangeLog | None = None) -> list[Fragment]:
    """The fragments of a source's body in source order, cut at every split.

    Each split must fall in exactly one place of the body (an EditorialError
    naming path and the split's line otherwise). With a log, each cut is
    recorded as an edit under "split-fragments" (the text across the cut,
    then the same with CUT_MARK at the cut) so that the audit cuts there too.
    """
    pieces: list[Para | Heading | Note] = []
    for block in source.blocks:
        if is_furniture(block):
            continue
        if not isinstance(block, (Para, Heading, Note)):
            raise EditorialError(f"{source.ident}:{_line(block)}: a {block.kind} block cannot be ordered "
                                 "as a fragment", path=path or None)
        pieces.append(block)
    for split in splits:
        found = [(i, m) for i, block in enumerate(pieces) if isinstance(block, Para)
                 and (split.source_line is None or _line(block) == split.source_line)
                 for m in split_pattern(split).finditer(plain_text(block.inlines))]
        if len(found) != 1:
            lines = ", ".join(f"{source.ident}:{_line(pieces[i])}" for i, _ in found)
            count = "nowhere in the source" if not found else f"in {len(found)} places ({lines})"
            raise EditorialError(f"split “…{split.before}” | “{split.after}…” falls {count}; "
                                 "it must fall in exactly one", path=path or None, line=split.line,
                                 hint="quote the words on each side of the cut exactly, "
                                      "or add line = N (the source line)")
        (i, m), = found
        para = pieces[i]
        if log is not None:
            across = m.group(0)
            cut_at, cut_end = m.start(1) - m.start(0), m.end(1) - m.start(0)
            log.edited(SPLIT_FRAGMENTS_NAME, para.prov, across, across[:cut_at] + CUT_MARK + across[cut_end:])
        left, right = _cut_inlines(para.inlines, m.start(1), m.end(1))
        pieces[i:i + 1] = [Para(left, para.prov), Para(right, para.prov)]
    return [Fragment(block, _line(block), seq, fragment_text(block)) for seq, block in enumerate(pieces)]


def _line(block: Block) -> int:
    return block.prov.first_line if block.prov else 0


def split_pattern(split: SplitSpec) -> re.Pattern[str]:
    """The split's two texts with whitespace between them; group 1 is the cut."""
    def words(text: str) -> str:
        return r"\s+".join(re.escape(w) for w in text.split())
    return re.compile(rf"{words(split.before)}(\s+){words(split.after)}")


def _cut_inlines(inlines: list[Inline], start: int, end: int) -> tuple[list[Inline], list[Inline]]:
    """The inlines before character start and from character end of their plain
    text (the characters between, whitespace, go). Note calls and other inlines
    without text go left when they sit at or before start."""
    left: list[Inline] = []
    right: list[Inline] = []
    offset = 0

    def walk(nodes: list[Inline], into_left: list[Inline], into_right: list[Inline]) -> None:
        nonlocal offset
        for node in nodes:
            if isinstance(node, Text):
                text = node.text
                head = text[:max(0, start - offset)]
                tail = text[max(0, end - offset):]
                if head:
                    into_left.append(Text(head))
                if tail:
                    into_right.append(Text(tail))
                offset += len(text)
            elif isinstance(node, INLINE_CONTAINERS):
                l_node, r_node = copy.copy(node), copy.copy(node)
                l_node.children, r_node.children = [], []
                walk(node.children, l_node.children, r_node.children)
                if l_node.children:
                    into_left.append(l_node)
                if r_node.children:
                    into_right.append(r_node)
            elif isinstance(node, SoftBreak):
                if offset < start:
                    into_left.append(node)
                elif offset >= end:
                    into_right.append(node)
                offset += 1  # plain_text shows a soft break as one character
            else:
                (into_left if offset <= start else into_right).append(copy.deepcopy(node))

    walk(inlines, left, right)
    return left, right


# --- ordering --------------------------------------------------------------------


def order_source(source: Source, spec: OrderSpec, log: ChangeLog) -> Source:
    """The source's body in reading order: headings and paragraphs as the order
    says, fragments of one paragraph joined, then the notes in label order.

    The input is not changed. Every join is logged (see the module docstring);
    page furniture still present is dropped by the page-furniture rules and
    logged under their names.
    """
    if spec.source != source.ident:
        raise EditorialError(f"this order file is for source {spec.source!r}, not {source.ident!r}",
                             path=spec.path, line=1)
    source = _without_furniture(source, log)
    fragments = source_fragments(source, spec.splits, spec.path, log)
    spec = replace(spec, order=tuple(_expand_runs(fragments, spec.order, spec, source.ident)))
    placed = _place(fragments, list(spec.order) + list(spec.notes), spec, source.ident)

    body: list[Block] = []
    for entry in spec.order:
        _add(body, placed[id(entry)], entry, spec, source.ident, log)
    notes: list[Block] = []
    for entry in spec.notes:
        _add(notes, placed[id(entry)], entry, spec, source.ident, log)
    labels = [n.label for n in notes if isinstance(n, Note)]
    for label in labels:
        if labels.count(label) > 1:
            raise EditorialError(f"note {label} is made twice", path=spec.path,
                                 line=next(e.line for e in spec.notes if e.join == "note"
                                           and placed[id(e)].block.label == label))
    notes.sort(key=lambda n: (not n.label.isdigit(), int(n.label) if n.label.isdigit() else 0, n.label))
    meta = dict(source.meta)
    meta["order_file"] = spec.path
    meta["fragments"] = len(fragments)
    return replace(source, meta=meta, blocks=body + notes)


def _expand_runs(fragments: list[Fragment], entries: Sequence[OrderEntry], spec: OrderSpec,
                 ident: str) -> list[OrderEntry]:
    """Each run entry (``through = "…"``) as one entry per fragment: its first
    fragment with the entry's join, then the body fragments after it in the
    source up to the one ``through`` opens, each a heading or a new paragraph
    as the source has it (notes are left to the notes section)."""
    out: list[OrderEntry] = []
    body = [f for f in fragments if not isinstance(f.block, Note)]
    for entry in entries:
        if entry.through is None:
            out.append(entry)
            continue
        first = _place(fragments, [replace(entry, through=None)], spec, ident, check_all=False)
        start = body.index(next(iter(first.values())))
        end = next((i for i in range(start + 1, len(body)) if body[i].text.startswith(entry.through)), None)
        if end is None:
            raise EditorialError(f"the run from “{entry.match}” never reaches “{entry.through}”",
                                 path=spec.path, line=entry.line,
                                 hint="through is the opening words of the run's last fragment, "
                                      "which comes after the first in the source")
        out.append(replace(entry, through=None))
        for f in body[start + 1:end + 1]:
            out.append(OrderEntry(f.text, "heading" if isinstance(f.block, Heading) else "paragraph",
                                  entry.line, f.line))
    return out


def _without_furniture(source: Source, log: ChangeLog) -> Source:
    if not any(is_furniture(b) for b in source.blocks):
        return source
    return run_rules(replace(source, blocks=list(source.blocks)),
                     [TITLE_PAGE, CONTENTS_PAGE, PAGE_NUMBERS, RUNNING_HEADS],
                     RuleContext(log))


def _place(fragments: list[Fragment], entries: list[OrderEntry], spec: OrderSpec,
           ident: str, check_all: bool = True) -> dict[int, Fragment]:
    """Each entry's one fragment; every fragment placed exactly once (check_all)."""
    placed: dict[int, Fragment] = {}
    claimed: dict[int, OrderEntry] = {}
    for entry in entries:
        found = [f for f in fragments if f.matches(entry.match)
                 and (entry.source_line is None or f.line == entry.source_line)]
        if not found:
            raise EditorialError(f"entry “{entry.match}” matches no fragment of source {ident}",
                                 path=spec.path, line=entry.line,
                                 hint="match is the fragment's opening words, exactly as the source has "
                                      "them (after any split); check for a typo or a missing split")
        if len(found) > 1:
            listed = "; ".join(f.where(ident) for f in found[:6])
            raise EditorialError(f"entry “{entry.match}” matches {len(found)} fragments: {listed}",
                                 path=spec.path, line=entry.line,
                                 hint="give more of the opening words, or add line = N (the source line)")
        fragment = found[0]
        if fragment.seq in claimed:
            first = claimed[fragment.seq]
            raise EditorialError(f"entry “{entry.match}” places fragment {fragment.where(ident)} "
                                 f"a second time (line {first.line} places it already)", path=spec.path,
                                 line=entry.line, hint="each fragment goes in exactly one place")
        claimed[fragment.seq] = entry
        placed[id(entry)] = fragment
    unplaced = [f for f in fragments if f.seq not in claimed] if check_all else []
    if unplaced:
        listed = "\n  ".join(f.where(ident) for f in unplaced)
        raise EditorialError(f"{len(unplaced)} fragment(s) of source {ident} not placed by any entry:\n  "
                             f"{listed}", path=spec.path,
                             hint="add an entry for each, where it belongs in the reading order")
    return placed


def _add(blocks: list[Block], fragment: Fragment, entry: OrderEntry, spec: OrderSpec, ident: str,
         log: ChangeLog) -> None:
    """Add one fragment to the blocks being built, as its entry's join says."""
    block = fragment.block

    def fail(message: str) -> None:
        raise EditorialError(f"entry “{entry.match}” ({ident}:{fragment.line}): {message}",
                             path=spec.path, line=entry.line)

    if entry.join in ("heading", "paragraph", "note"):
        if entry.join == "heading" and not isinstance(block, Heading):
            fail("join \"heading\" but the fragment is not a heading")
        if entry.join == "note" and not isinstance(block, Note):
            fail("join \"note\" but the fragment is not a note line (¹ ² ³ …)")
        if entry.join == "paragraph" and not isinstance(block, Para):
            kind = "a heading (use join = \"heading\")" if isinstance(block, Heading) \
                else "a note (it goes in notes)"
            fail(f"join \"paragraph\" but the fragment is {kind}")
        blocks.append(copy.deepcopy(block))
        return
    if not isinstance(block, Para):
        fail(f"join {entry.join!r} needs a plain paragraph fragment")
    if not blocks:
        fail(f"join {entry.join!r} but there is nothing before it")
    previous = blocks[-1]
    if isinstance(previous, Heading):
        fail(f"join {entry.join!r} would run on from a heading")
    target = previous.blocks[-1] if isinstance(previous, Note) else previous
    if not isinstance(target, Para):
        fail(f"join {entry.join!r} after a block that is not a paragraph")
    joined = _join(target, block, entry.join, log)
    if joined is None:
        fail("join \"word\" but the paragraph before does not end in a word part, "
             "or this fragment does not start with a letter")
    if isinstance(previous, Note):
        blocks[-1] = Note(previous.label, previous.blocks[:-1] + [joined], previous.prov)
    else:
        blocks[-1] = joined


def _join(left: Para, right: Para, join: str, log: ChangeLog) -> Para | None:
    """left and right as one paragraph (the log says how), or None when a word join cannot be made."""
    left_text = plain_text(left.inlines).rstrip()
    right_text = plain_text(right.inlines).lstrip()
    if join == "word":
        if dehyphenate(left_text, right_text) is not None:
            return join_fragments(left, right, log)  # logs the "dehyphenate" edit
        head = re.search(r"[^\W\d_]+$", left_text)
        tail = re.match(r"[^\W\d_]+", right_text)
        if not head or not tail:
            return None
        log.edited(DEHYPHENATE_NAME, left.prov, f"{head.group()}\n{tail.group()}",
                   head.group() + tail.group())
        return _concat(left, right, "")
    left_words, right_words = left_text.split()[-3:], right_text.split()[:3]
    log.edited(JOIN_FRAGMENTS_NAME, left.prov, " ".join(left_words) + "\n" + " ".join(right_words),
               " ".join(left_words + right_words))
    return _concat(left, right, " ")


def _concat(left: Para, right: Para, glue: str) -> Para:
    """One Para of left, glue and right (no change to either); the left's provenance."""
    inlines = copy.deepcopy(left.inlines)
    more = copy.deepcopy(right.inlines)
    _strip_edge(inlines, end=True)
    _strip_edge(more, end=False)
    out: list[Inline] = []
    for node in inlines + ([Text(glue)] if glue else []) + more:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return Para(out, left.prov)


def _strip_edge(inlines: list[Inline], end: bool) -> None:
    """Strip whitespace at the end (or start) of the inlines' text, in place."""
    leaves = [leaf for leaf in text_leaves(inlines) if leaf.text]
    if not leaves:
        return
    if end:
        leaves[-1].text = leaves[-1].text.rstrip()
    else:
        leaves[0].text = leaves[0].text.lstrip()


# --- writing the format ------------------------------------------------------------

FORMAT_HELP = """\
FRAGMENTS. Each body line of the source is a fragment, or several: the
reader cuts a line where two fragments were glued without a space ("his
apartThe former"), and `splits` cuts where they were glued with a space,
which no program can see. The title page, contents page and page numbers
are not fragments (the cleaning rules drop them).

splits = [ { before = "text ending the left piece", after = "text starting the right piece" } ]
  The two texts, a space apart in the source, must occur in exactly one place.

order = [ { join = "...", match = "the fragment's opening words" } ]
  The body, one entry per fragment, in reading order.
  match  the fragment's opening words as the source has them (emphasis
         without its *, note calls left out); they must match exactly one
         fragment. `line = N` (the fragment's line in the source) tells
         apart fragments whose words are the same.
  join   how the fragment meets the one before it:
         heading    a part or chapter title (a new block; must be a heading)
         paragraph  a new paragraph
         continue   the same paragraph goes on after a space (a sentence,
                    or the paragraph, runs across the cut)
         word       a word was cut in two: joined without a space, and a
                    hyphen at the cut dropped ("apart" + "ment", "replac-" + "ing")
  through  (optional) a run: this fragment and those after it in the source
         up to the one these words open, as the source has them (a heading
         stays a heading, every other fragment a new paragraph).

notes = [ ... ]
  The footnotes: each starts with join = "note" (a source line that starts
  with ¹ ² ³ ⁴) and goes on with continue/word entries. The book prints
  them after the text, in label order.

Every fragment is placed exactly once. An entry that matches no fragment or
several, and a fragment placed twice or not at all, is an error naming this
file and the entry's line."""



def opening_words(fragment: Fragment, fragments: Sequence[Fragment],
                  min_words: int = 5) -> tuple[str, int | None]:
    """The shortest opening (at least min_words words) that matches only this
    fragment, and None; or the whole text and the fragment's line, when another
    fragment's text starts with all of it (then the entry needs line = N)."""
    others = [g for g in fragments if g is not fragment]
    words = fragment.text.split()
    for n in range(min(min_words, len(words)), len(words) + 1):
        prefix = " ".join(words[:n])
        if not any(g.matches(prefix) for g in others):
            return prefix, None
    return fragment.text, fragment.line


def toml_string(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def entry_toml(entry: OrderEntry) -> str:
    """One order entry as the file writes it: { join = "…", match = "…" }."""
    pad = " " * (len("paragraph") - len(entry.join))
    line = f", line = {entry.source_line}" if entry.source_line else ""
    through = f", through = {toml_string(entry.through)}" if entry.through else ""
    return f"{{ join = {toml_string(entry.join)},{pad} match = {toml_string(entry.match)}{line}{through} }}"


def split_toml(split: SplitSpec) -> str:
    """One split entry as the file writes it."""
    line = f", line = {split.source_line}" if split.source_line else ""
    return f"{{ before = {toml_string(split.before)}, after = {toml_string(split.after)}{line} }}"


def render_order(source_id: str, splits: Sequence[SplitSpec | str], order: Sequence[OrderEntry | str],
                 notes: Sequence[OrderEntry | str], header: str = "",
                 comments: dict[int, str] | None = None) -> str:
    """An order file's text. A str item is a comment line; comments maps the
    id() of an entry to a comment written after it on its line."""
    comments = comments or {}

    def array(name: str, items: Sequence[SplitSpec | OrderEntry | str]) -> str:
        out = [f"{name} = ["]
        for item in items:
            if isinstance(item, str):
                out.append(f"  # {item}" if item else "")
                continue
            code = split_toml(item) if isinstance(item, SplitSpec) else entry_toml(item)
            note = f"  # {comments[id(item)]}" if id(item) in comments else ""
            out.append(f"  {code},{note}")
        return "\n".join(out + ["]"])

    header = "".join(f"# {line}".rstrip() + "\n" for line in header.split("\n")) if header else ""
    source_line = f"source = {toml_string(source_id)}"
    parts = [f"{header}\n{source_line}" if header else source_line]
    parts.append("# Fragments glued with a space inside one line of the source "
                 "(the reader cannot see these).\n" + array("splits", splits))
    parts.append(array("order", order))
    parts.append(array("notes", notes))
    return "\n\n".join(parts) + "\n"
