"""Plain text → book model: blank-line paragraphs, evident headings, a trailing list of notes.

A paragraph is a run of non-blank lines; its lines are joined with SoftBreak
inlines and it keeps its 1-based line range. Beyond that the reader only
recognises what the text itself shows, and keeps everything else a Para
(book/ assigns chapter headings later):

- **Heading**: a paragraph of one line, at most 12 words and 80 characters,
  whose first letter is an upper-case Latin letter, that does not end in
  punctuation (closing quotes and brackets aside) and is followed by more
  text. "The Prison of Nations" and "Further Reading" qualify; questions
  ("What is behind the rage?") do not, since a question standing alone may as
  well be an interviewer's. The file's first paragraph, if heading-shaped, is
  its title (level 1); the others are sections (level 2).
- **Notes**: the paragraphs at the very end of the file that each start with
  "1.", "2.", ... numbered from 1 without gaps become Note blocks labelled
  "1", "2", ... A numbered run anywhere else stays text.
- **Emphasis**: ``*text*`` becomes Emph.

The helpers ``split_paragraphs`` and ``parse_emphasis`` are shared with the
PDF-text reader, whose text is plain text too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Block, Emph, Heading, Inline, Note, Para, Provenance, SoftBreak, Source, Text
from ._files import read_text

# *emphasis*: the asterisks hug the text and do not sit inside a word ("5*3*2" stays).
_EMPHASIS = re.compile(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])")
_NOTE_ITEM = re.compile(r"^\s*(\d+)\.\s+(\S.*)$")
_CLOSERS = "\"'”’)]»」』"
_OPENERS = "\"'“‘([«「『"
_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 80


@dataclass(frozen=True, slots=True)
class LineRun:
    """A paragraph of the file: its non-blank lines (stripped) and 1-based line range."""

    first_line: int
    last_line: int
    lines: tuple[str, ...]


def split_paragraphs(text: str) -> list[LineRun]:
    """Cut text into runs of non-blank lines; whitespace-only lines count as blank."""
    runs: list[LineRun] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            runs.append(LineRun(start, start + len(current) - 1, tuple(current)))
            current = []
    if current:
        runs.append(LineRun(start, start + len(current) - 1, tuple(current)))
    return runs


def parse_emphasis(text: str) -> list[Inline]:
    """Text with ``*emphasis*`` marked as Emph; everything else stays Text."""
    out: list[Inline] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > pos:
            out.append(Text(text[pos:match.start()]))
        out.append(Emph([Text(match.group(1))]))
        pos = match.end()
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def lines_to_inlines(lines: tuple[str, ...] | list[str]) -> list[Inline]:
    """The inlines of a paragraph's lines, joined by SoftBreak."""
    out: list[Inline] = []
    for i, line in enumerate(lines):
        if i:
            out.append(SoftBreak())
        out.extend(parse_emphasis(line))
    return out


def looks_like_heading(run: LineRun) -> bool:
    """Whether a paragraph is heading-shaped (see the module docstring for the rule)."""
    if len(run.lines) != 1:
        return False
    line = run.lines[0]
    if len(line) > _HEADING_MAX_CHARS or len(line.split()) > _HEADING_MAX_WORDS:
        return False
    first = line.lstrip(_OPENERS)[:1]
    if not (first.isascii() and first.isupper()):
        return False
    last = line.rstrip(_CLOSERS)[-1:]
    return last.isalnum()


def trailing_notes_start(runs: list[LineRun]) -> int:
    """Index of the first paragraph of the closing notes list (len(runs) if there is none)."""
    start = len(runs)
    while start > 0 and _NOTE_ITEM.match(runs[start - 1].lines[0]):
        start -= 1
    labels = [_NOTE_ITEM.match(run.lines[0]).group(1) for run in runs[start:]]
    if labels != [str(n) for n in range(1, len(labels) + 1)]:
        return len(runs)  # not a clean 1..n list: keep it as text rather than guess
    return start


def _note(run: LineRun, ident: str) -> Note:
    match = _NOTE_ITEM.match(run.lines[0])
    prov = Provenance(ident, run.first_line, run.last_line)
    lines = (match.group(2),) + run.lines[1:]
    return Note(match.group(1), [Para(lines_to_inlines(lines), prov)], prov)


def read_plaintext(path: Path, ident: str, lang: str) -> Source:
    """Read a plain-text source into a Source (rules in the module docstring)."""
    runs = split_paragraphs(read_text(path))
    notes_at = trailing_notes_start(runs)
    blocks: list[Block] = []
    for index, run in enumerate(runs):
        prov = Provenance(ident, run.first_line, run.last_line)
        if index >= notes_at:
            blocks.append(_note(run, ident))
        elif index + 1 < notes_at and looks_like_heading(run):
            level = 1 if index == 0 else 2
            blocks.append(Heading(level, lines_to_inlines(run.lines), prov))
        else:
            blocks.append(Para(lines_to_inlines(run.lines), prov))
    return Source(ident=ident, path=str(path), lang=lang, meta={}, blocks=blocks)
