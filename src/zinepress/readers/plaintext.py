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
- **Emphasis**: ``*text*`` becomes Emph; so does ``_text_`` (Project Gutenberg's
  convention for italics), in plain text only.
- **A contents list**: a paragraph that is only "CONTENTS" (or "Table of
  Contents", with or without a full stop) and the paragraphs right after it
  whose lines are contents entries — ending in a page number, or short and
  not ending a sentence — with at most two blank lines between them, are kept
  together in a Div of class ``contents``, never headings; the cleaning rule
  ``contents-page`` removes it, as it does a PDF's (the book makes its own).
- **Pictures**: a paragraph ``[Illustration: …]`` (Project Gutenberg's mark of a
  picture the text does not have) is never a heading; the rule
  ``illustration-marks`` removes it with its caption.
- **Project Gutenberg's frame**: when the file has Gutenberg's start marker
  (``*** START OF THE PROJECT GUTENBERG EBOOK …``), the paragraphs up to it
  (title, author, release date, language, character set) and from its end
  marker on (the licence) stay plain paragraphs, never headings or notes; the
  cleaning rule ``gutenberg-frame`` removes them. The title is then the first
  heading-shaped paragraph after the start marker.
- **A Muse header**: a file that opens with Muse directives (``#title …``,
  ``#author …``, ``#lang …``, one a line: the header of the plain-text source
  The Anarchist Library and its sister libraries publish for each text, the
  ``.muse`` file) keeps them apart in a Div of class ``muse-header``, one Para a
  directive, never a heading; ``meta`` takes each directive's value ("title",
  "author", "date", "source", "lang", …). The cleaning rule ``muse-header``
  removes the Div.

The helpers ``split_paragraphs`` and ``parse_emphasis`` are shared with the
PDF-text reader, whose text is plain text too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from zinepress.model import (
    Block,
    Div,
    Emph,
    Heading,
    Inline,
    Note,
    Para,
    Provenance,
    SoftBreak,
    Source,
    Text,
)
from zinepress.readers.files import read_text, source_lines

# *emphasis*: the asterisks hug the text and do not sit inside a word ("5*3*2" stays).
_EMPHASIS = re.compile(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])")
# _emphasis_ likewise, for plain text (the underscores hug the text, not inside a word).
_UNDERSCORE = re.compile(r"(?<![\w_])_(?![\s_])(.+?)(?<![\s_])_(?![\w_])")
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
    """Cut text into runs of non-blank lines; whitespace-only lines (a form feed
    alone) count as blank. Lines are numbered as ``sed -n Np`` shows them."""
    runs: list[LineRun] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(source_lines(text), start=1):
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


def parse_emphasis(text: str, underscores: bool = False) -> list[Inline]:
    """Text with ``*emphasis*`` (and, with underscores, ``_emphasis_``) marked as
    Emph; everything else stays Text."""
    if underscores:
        out = []
        pos = 0
        for match in _UNDERSCORE.finditer(text):
            if match.start() > pos:
                out.extend(parse_emphasis(text[pos:match.start()]))
            out.append(Emph(parse_emphasis(match.group(1))))
            pos = match.end()
        if pos < len(text):
            out.extend(parse_emphasis(text[pos:]))
        return out
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


def lines_to_inlines(lines: tuple[str, ...] | list[str], underscores: bool = False) -> list[Inline]:
    """The inlines of a paragraph's lines, joined by SoftBreak."""
    out: list[Inline] = []
    for i, line in enumerate(lines):
        if i:
            out.append(SoftBreak())
        out.extend(parse_emphasis(line, underscores))
    return out


# Project Gutenberg's mark of a picture the text file does not have: "[Illustration: …]".
ILLUSTRATION = re.compile(r"^\[Illustration\b", re.I)


def looks_like_heading(run: LineRun) -> bool:
    """Whether a paragraph is heading-shaped (see the module docstring for the rule)."""
    if len(run.lines) != 1 or ILLUSTRATION.match(run.lines[0]):
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
    return Note(match.group(1), [Para(lines_to_inlines(lines, True), prov)], prov)


# Project Gutenberg's markers around the book's text (both spellings, with or without a space).
GUTENBERG_START = re.compile(r"^\*\*\*\s*START OF (?:THE|THIS) PROJECT GUTENBERG EBOOK", re.I)
# The production credit that follows the start marker ("Produced by …", "E-text prepared by …").
GUTENBERG_CREDIT = re.compile(r"^(?:Produced by|E-text prepared by|This (?:e-?text|file|e-?book) was produced|"
                              r"Transcribed from)\b", re.I)
GUTENBERG_END = re.compile(r"^\*\*\*\s*END OF (?:THE|THIS) PROJECT GUTENBERG EBOOK", re.I)


def gutenberg_body(runs: list[LineRun]) -> tuple[int, int]:
    """(first, end): the paragraphs between Project Gutenberg's start and end
    markers (after its production credit), or (0, len(runs)) when the file has
    no start marker."""
    first = next((i + 1 for i, run in enumerate(runs) if GUTENBERG_START.match(run.lines[0])), None)
    if first is None:
        return 0, len(runs)
    end = next((i for i in range(first, len(runs)) if GUTENBERG_END.match(runs[i].lines[0])), len(runs))
    while first < end and GUTENBERG_CREDIT.match(runs[first].lines[0]):
        first += 1
    return first, end


# A Muse directive: "#title Anarchy Works", "#SORTtopics a, b", "#pubdate 2021-12-31T12:05:59".
MUSE_DIRECTIVE = re.compile(r"^#([A-Za-z]+)(?:\s+(.*))?$")


def muse_header(runs: list[LineRun]) -> dict[str, str]:
    """The directives of a Muse header ({"title": …, "author": …}): the file's first
    paragraph when it opens with "#title" or "#author" and every line is a
    directive; {} otherwise."""
    if not runs or not all(MUSE_DIRECTIVE.match(line) for line in runs[0].lines):
        return {}
    directives = {m.group(1).lower(): (m.group(2) or "").strip()
                  for m in map(MUSE_DIRECTIVE.match, runs[0].lines) if m}
    return directives if {"title", "author"} & set(directives) else {}


_CONTENTS_TITLE = re.compile(r"^(?:table of )?contents\.?$", re.I)
# A contents entry's line: it ends in a page number (arabic, or roman as front
# matter is numbered: vii, xii; "2.00" is not one), or it is a short title that
# does not end a sentence.
_PAGE_NUMBER = re.compile(r"\s(?:\d{1,4}|[ivxl]{1,6})$", re.I)
_CONTENTS_GAP = 2            # blank lines allowed between the entries of one list


def _entry_line(line: str) -> bool:
    if _PAGE_NUMBER.search(line):
        return True
    words = line.split()
    return len(words) <= 10 and not line.endswith((",", ";", ":", "?", "!")) \
        and (not line.endswith(".") or line.upper() == line)


def contents_lists(runs: list[LineRun]) -> list[tuple[int, int]]:
    """(first, end) paragraph indexes of each contents list: its title paragraph and
    the entries after it (see the module docstring)."""
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        if len(run.lines) == 1 and _CONTENTS_TITLE.match(run.lines[0]):
            end = index + 1
            while end < len(runs) and runs[end].first_line - runs[end - 1].last_line - 1 <= _CONTENTS_GAP \
                    and all(_entry_line(line) for line in runs[end].lines):
                end += 1
            if end > index + 1:
                found.append((index, end))
                index = end
                continue
        index += 1
    return found


def read_plaintext(path: Path, ident: str, lang: str) -> Source:
    """Read a plain-text source into a Source (rules in the module docstring)."""
    runs = split_paragraphs(read_text(path))
    meta: dict[str, object] = {}
    blocks: list[Block] = []
    if directives := muse_header(runs):
        header = runs.pop(0)
        meta.update(directives)
        blocks.append(Div([Para([Text(line)], Provenance(ident, header.first_line + n, header.first_line + n))
                           for n, line in enumerate(header.lines)], ("muse-header",),
                          prov=Provenance(ident, header.first_line, header.last_line)))
    first, end = gutenberg_body(runs)
    notes_at = first + trailing_notes_start(runs[first:end])
    lists = {start: stop for start, stop in contents_lists(runs) if first <= start < end}
    # the title: the first paragraph of the text, pictures' marks before it aside
    title_at = next((i for i in range(first, end) if not ILLUSTRATION.match(runs[i].lines[0])), first)
    contents: list[Block] = []
    contents_end = -1
    for index, run in enumerate(runs):
        prov = Provenance(ident, run.first_line, run.last_line)
        inlines = lines_to_inlines(run.lines, underscores=True)
        if index in lists:
            contents_end = lists[index]
            contents = []
        if index < contents_end:
            contents.append(Para(inlines, prov))
            if index + 1 == contents_end:
                whole = Provenance(ident, runs[index + 1 - len(contents)].first_line, run.last_line)
                blocks.append(Div(contents, ("contents",), prov=whole))
            continue
        if index < first or index >= end:
            blocks.append(Para(inlines, prov))
        elif index >= notes_at:
            blocks.append(_note(run, ident))
        elif index + 1 < notes_at and looks_like_heading(run):
            level = 1 if index == title_at else 2
            blocks.append(Heading(level, inlines, prov))
        else:
            blocks.append(Para(inlines, prov))
    return Source(ident=ident, path=str(path), lang=lang, meta=meta, blocks=blocks)
