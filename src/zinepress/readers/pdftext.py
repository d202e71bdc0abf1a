"""Text extracted from an Anarchist Library PDF → book model, fragments and all.

The extraction holds one paragraph (or fragment of one) per line, lines
separated by blank lines, and the printed zine's furniture among them. The
reader labels that furniture rather than dropping it (the cleaning rules in
transforms/page_furniture.py drop it and say so) and keeps every body line as a
block with Provenance(ident, line, line):

- **Title page**: the lines before the line "Contents", as
  ``Div(classes=("title-page",))``. Its facts go into ``meta``: the year (the
  last all-digit line), ``retrieved`` (the "Retrieved on DATE from URL" line),
  and title, subtitle and author, found through the library's imprint line,
  which repeats them as "AUTHOR TITLE SUBTITLE YEAR".
- **Contents page**: "Contents" and the lines after it up to the next blank
  line, as ``Div(classes=("contents",))``; each entry ends with a tab and its
  page number, and an entry without one continues on the next line.
  ``meta["contents"]`` lists ``{"title", "page"}``.
- **Headings**: a body line that is exactly a contents entry's title;
  "I. ..." and "II. ..." (part titles) are level 1, the rest level 2.
- **Page numbers**: a body line of digits only, as
  ``Div(classes=("page-number",))`` holding the number (kept as ordering evidence).
- **Footnotes**: a line starting with superscript digits (¹ ² ³ ⁴) is a Note;
  superscript digits inside running text are NoteRef calls.
- **Emphasis**: ``*text*`` becomes Emph.
- **Glued fragments**: a lower-case word running straight into a capitalised
  word ("apartThe former") marks two fragments glued together; the line
  becomes two Paras there and ``meta["glue_points"]`` lists each point.
  Words whose left part starts with a capital (CrimethInc., ForteBank) are
  names, not glue. Fragments glued with a space ("elsewhere When") look like
  ordinary text and are left for the ordering step, which has editors' data.

Without a "Contents" line the reader cannot tell the title page from the
body: every line is then read as body.

Lines are numbered as ``sed -n Np`` shows them (split at "\\n" only). Text
that `pdftotext` wrote page by page (it holds form feeds) is read by
readers/pdfpages.py instead: paragraphs over many lines, running heads,
dot-leader contents pages.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

from zinepress.model import (
    Block,
    Div,
    Heading,
    Inline,
    Note,
    NoteRef,
    Para,
    Provenance,
    Source,
    Text,
)
from zinepress.readers.files import read_text, source_lines
from zinepress.readers.pdfpages import is_paged, read_pages
from zinepress.readers.plaintext import parse_emphasis
from zinepress.walk import map_inlines

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_NOTE_LINE = re.compile(rf"^([{_SUPERSCRIPTS}]+)\s*(\S.*)$")
_NOTE_CALL = re.compile(rf"[{_SUPERSCRIPTS}]+")
_PAGE_NUMBER = re.compile(r"^\d+$")
_CONTENTS_TITLE = "contents"
_CONTENTS_ENTRY = re.compile(r"^(.*?)\s*\t\s*(\d+)$")
_PART_TITLE = re.compile(r"^[IVXLC]+\.\s")
_RETRIEVED = re.compile(r"^Retrieved on (.+?) from (\S+)$")
_YEAR = re.compile(r"^\d{4}$")
# Two fragments glued without a space: a whole lower-case word (starting the
# line, or after a space, an opening quote or bracket) running into a
# capitalised word. A left part that starts with a capital is a name
# (ForteBank, KazStroyService) and never matches.
_GLUE = re.compile(r"(?<![^\s\"'“‘(\[])[a-z]{2,}(?=[A-Z][a-z]*(?![A-Za-z]))")
_EXCERPT_WORDS = 4


def read_pdftext(path: Path, ident: str, lang: str) -> Source:
    """Read PDF-extracted text into a Source (rules in the module docstring)."""
    text = read_text(path)
    if is_paged(text):
        return read_pages(text, path, ident, lang)
    lines = [line.rstrip() for line in source_lines(text)]
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    contents_at = next((i for i, (_, line) in enumerate(numbered)
                        if line.strip().casefold() == _CONTENTS_TITLE), None)
    meta: dict[str, object] = {}
    blocks: list[Block] = []
    body = numbered
    if contents_at is not None:
        title_lines = numbered[:contents_at]
        contents_end = _contents_end(lines, numbered[contents_at][0])
        contents_lines = [(n, line) for n, line in numbered[contents_at:] if n <= contents_end]
        body = [(n, line) for n, line in numbered if n > contents_end]
        if title_lines:
            blocks.append(_div("title-page", title_lines, ident))
            meta.update(parse_title_page([line for _, line in title_lines]))
        blocks.append(_div("contents", contents_lines, ident))
        meta["contents"] = parse_contents([line for _, line in contents_lines[1:]])
    headings = {_normalise(entry["title"]) for entry in meta.get("contents", [])}
    glue_points: list[dict[str, object]] = []
    for number, line in body:
        blocks.extend(_body_blocks(number, line, ident, headings, glue_points))
    meta["glue_points"] = glue_points
    return Source(ident=ident, path=str(path), lang=lang, meta=meta, blocks=blocks)


def _contents_end(lines: list[str], heading_line: int) -> int:
    """Last line of the contents page: the end of the run of lines after its heading."""
    number = heading_line + 1
    while number <= len(lines) and not lines[number - 1].strip():
        number += 1  # blank lines between "Contents" and the entries
    while number <= len(lines) and lines[number - 1].strip():
        number += 1
    return number - 1


def _div(kind: str, numbered: list[tuple[int, str]], ident: str) -> Div:
    paras: list[Block] = [Para([Text(line.strip())], Provenance(ident, n, n)) for n, line in numbered]
    return Div(paras, classes=(kind,), prov=Provenance(ident, numbered[0][0], numbered[-1][0]))


def parse_title_page(lines: list[str]) -> dict[str, object]:
    """Title, subtitle, author, year and retrieval facts of an Anarchist Library title page."""
    lines = [line.strip() for line in lines]
    meta: dict[str, object] = {}
    for line in lines:
        if match := _RETRIEVED.match(line):
            meta["retrieved"] = {"date": match.group(1), "url": match.group(2)}
    years = [line for line in lines if _YEAR.match(line)]
    if not years:
        return meta
    year = years[-1]
    meta["year"] = int(year)
    # The imprint line repeats "AUTHOR TITLE [SUBTITLE] YEAR": the lines it
    # repeats, in their order on the page, are title, subtitle and author.
    for at, imprint in enumerate(lines):
        if not imprint.endswith(" " + year):
            continue
        before = lines[:at]
        for title, subtitle, author in combinations(before, 3):
            if imprint == f"{author} {title} {subtitle} {year}":
                return meta | {"title": title, "subtitle": subtitle, "author": author}
        for title, author in combinations(before, 2):
            if imprint == f"{author} {title} {year}":
                return meta | {"title": title, "author": author}
    return meta


def parse_contents(lines: list[str]) -> list[dict[str, object]]:
    """Contents entries {"title", "page"}; an entry without a page number continues on the next line."""
    entries: list[dict[str, object]] = []
    pending = ""
    for line in lines:
        match = _CONTENTS_ENTRY.match(line.strip())
        part = (match.group(1) if match else line).strip()
        title = f"{pending} {part}" if pending else part
        if match:
            entries.append({"title": title, "page": int(match.group(2))})
            pending = ""
        else:
            pending = title
    return entries


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _body_blocks(number: int, line: str, ident: str, headings: set[str],
                 glue_points: list[dict[str, object]]) -> list[Block]:
    """The blocks of one body line (several when fragments are glued in it)."""
    prov = Provenance(ident, number, number)
    text = line.strip()
    if _PAGE_NUMBER.match(text):
        return [Div([Para([Text(text)], prov)], classes=("page-number",), prov=prov)]
    if match := _NOTE_LINE.match(text):
        label = match.group(1).translate(_FROM_SUPERSCRIPT)
        return [Note(label, [Para(parse_inlines(match.group(2)), prov)], prov)]
    if _normalise(text) in headings:
        level = 1 if _PART_TITLE.match(text) else 2
        return [Heading(level, parse_inlines(text), prov)]
    pieces = split_glued(text)
    for left, right in zip(pieces, pieces[1:]):
        glue_points.append({"line": number, "left": _tail(left), "right": _head(right)})
    return [Para(parse_inlines(piece), prov) for piece in pieces]


def split_glued(text: str) -> list[str]:
    """Cut a line where a lower-case word runs into a capitalised one ("apartThe")."""
    pieces: list[str] = []
    start = 0
    for match in _GLUE.finditer(text):
        pieces.append(text[start:match.end()])
        start = match.end()
    pieces.append(text[start:])
    return pieces


def _tail(text: str) -> str:
    words = text.split()
    return ("…" if len(words) > _EXCERPT_WORDS else "") + " ".join(words[-_EXCERPT_WORDS:])


def _head(text: str) -> str:
    words = text.split()
    return " ".join(words[:_EXCERPT_WORDS]) + ("…" if len(words) > _EXCERPT_WORDS else "")


def parse_inlines(text: str) -> list[Inline]:
    """Inlines of a line: ``*emphasis*`` as Emph, superscript digits as NoteRef."""
    return map_inlines(parse_emphasis(text), _note_calls)


def _note_calls(node: Inline) -> list[Inline]:
    if not isinstance(node, Text) or not _NOTE_CALL.search(node.text):
        return [node]
    out: list[Inline] = []
    pos = 0
    for match in _NOTE_CALL.finditer(node.text):
        if match.start() > pos:
            out.append(Text(node.text[pos:match.start()]))
        out.append(NoteRef(match.group().translate(_FROM_SUPERSCRIPT)))
        pos = match.end()
    if pos < len(node.text):
        out.append(Text(node.text[pos:]))
    return out
