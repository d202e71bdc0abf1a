"""Text that `pdftotext` made of a typeset PDF, page by page → book model.

`pdftotext` (with or without ``-layout``) writes a form feed at the end of
every page and one line per printed line. Unlike the Anarchist Library
extracts that readers/pdftext.py reads line by line, a paragraph here runs
over many lines, and every page carries its furniture. The reader:

- **numbers lines as ``sed -n Np`` does**: the file is split at "\\n" only;
  a form feed starts a new page, never a new line;
- **labels page furniture** (it never drops text; the cleaning rules in
  transforms/page_furniture.py drop it and say so): a line of digits or roman
  numerals at the top or foot of a page is a page number
  (``Div(classes=("page-number",))``); a line beside it there, or a line
  holding a number and a title apart (``-layout``: "iv   viking tales"),
  or a line whose words, numbers aside, open (or close) two pages and a
  third of them (an RFC's "RFC 1459 … May 1993" and "Oikarinen & Reed
  [Page 4]", a review's title over every other page) is a running head or
  foot (``Div(classes=("running-head",))``); "Page 4" in a foot is the
  page's number;
- **reads the contents page**: the page whose first line is "Contents" (and
  the pages after it that hold only entries) as ``Div(classes=("contents",))``,
  from its title on where the title stands under other text (an RFC's first
  page: status and abstract, then "Table of Contents");
  an entry ends with its page number, after dot leaders, spaces or on a line
  of its own; an entry without one continues on the next line.
  ``meta["contents"]`` lists ``{"title", "page"}``;
- **finds headings**: a line, or two or three lines together, that are a
  contents title (a leading section number may differ), and a label line
  ("Chapter I", "CHAPTER I. MR.", "PART I.") with the title lines after it
  ("SHERLOCK HOLMES."): one Heading, its lines joined by a space;
- **cuts paragraphs**: at a blank line, at an indented line (``-layout``),
  after a short line that ends a sentence or before a line that opens a
  quotation after a sentence's end (a new speaker), and after a line of a
  few words before a capitalised one (an article's front matter: "Reviewed
  by", a name, an address; all three without ``-layout``).
  A paragraph goes on across a page break only to the page printed next (a
  page without a number: where the text shows it runs on), so that a shuffled
  extract is cut at its page seams for the ordering step. Its lines stay apart
  as SoftBreaks (one more for each line of furniture it runs past, so that its
  n-th line break is the source's), line-end hyphens as printed:
  transforms/hyphens.py joins them under a named rule. ``meta["pages"]``
  lists each page's printed number and lines;
- **footnotes**: a line in a page's lower half that starts with superscript
  digits, or with a number that a word above it on the page calls
  ("…loath to depart!1" … "1 The motto alludes…"), starts a Note that goes
  on to the next note or the page's end; the call becomes a NoteRef.

Lines before the contents page (or, without one, the pages printed without a
number before the first heading's page) are the title page,
``Div(classes=("title-page",))``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    SoftBreak,
    Source,
    Text,
)
from zinepress.readers.files import source_lines

_NUMBER = re.compile(r"^(?:\d{1,4}|[ivxlcdm]{1,7})$", re.I)
_HEAD_WITH_NUMBER = re.compile(r"^(?:(?:\d{1,4}|[ivxlcdm]{1,7})\s{2,}\S.*|.*\S\s{2,}(?:\d{1,4}|[ivxlcdm]{1,7}))$", re.I)
# A running head or foot that sets its number and its title apart with a bar or a dot
# ("11 | Introduction", "Contents | 4": Typst's and many web-to-PDF templates' footers).
_HEAD_WITH_BAR = re.compile(r"^(?:(?:\d{1,4}|[ivxlcdm]{1,7})\s*[|·]\s*\S.*|.*\S\s*[|·]\s*(?:\d{1,4}|[ivxlcdm]{1,7}))$", re.I)
# "Page 4", "[Page 4]", "page iv" in a running head or foot
_PAGE_WORD = re.compile(r"\bpage\s+(\d{1,4}|[ivxlcdm]{1,7})\b", re.I)
_BULLETS = "•‣◦▪●∙"
_CONTENTS_TITLE = re.compile(r"^(?:table of )?contents$|^table des matières$|^目录$|^目錄$", re.I)
_LEADERS = re.compile(r"(?:\s*\.){3,}\s*")
_ENTRY = re.compile(r"^(.*?\S)(?:\s*(?:\.\s*){3,}|\s{2,}|\t)\s*(\d{1,4}|[ivxlcdm]{1,7})$", re.I)
# an entry whose number stands one space after its closing quote (no leaders: the line was full)
_ENTRY_TIGHT = re.compile(r"^(.*[”\"’.)])\s(\d{1,4})$")
_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*|[ivxlc]+)\.?\s+", re.I)
_LABEL = re.compile(r"^(?:chapter|part|book|section)\s+(?:\d+|[ivxlc]+|[a-z]+)\b\.?", re.I)
_OPENING_QUOTES = "“‘«„"
_SENTENCE_END = tuple(".!?:;\"'”’»…)")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_NOTE_LINE = re.compile(rf"^([{_SUPERSCRIPTS}]+)\s*(\S.*)$")
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_PLAIN_NOTE = re.compile(r"^(\d{1,2})(?:\s+(\S.*))?$")
_EDGE = 3            # lines at a page's top (and foot) where furniture sits
_SHORT = 0.8         # a line shorter than this share of the measure may end a paragraph
_STUB = 0.4          # a line shorter than this share of the measure ends one, sentence or not
_INDENT = 2          # columns of indent that start a paragraph (-layout)
_REPEATED_EDGE = 2   # pages a line must head (or foot) to be a running head without a page number
_HEAD_WORDS = 12     # words a running head may have (an article's title over every other page)


@dataclass(slots=True)
class _Line:
    number: int       # as sed -n Np counts
    page: int
    text: str         # without form feeds and trailing spaces
    indent: int = 0
    kind: str = "body"   # body, blank, page-number, running-head, contents, title-page, heading, note


@dataclass(slots=True)
class _Page:
    index: int
    lines: list[_Line] = field(default_factory=list)

    @property
    def filled(self) -> list[_Line]:
        return [line for line in self.lines if line.text.strip()]


def is_paged(text: str) -> bool:
    """Whether text is pdftotext's output page by page (it holds form feeds)."""
    return "\f" in text


def read_pages(text: str, path: Path, ident: str, lang: str) -> Source:
    """Read pdftotext's paged output into a Source (rules in the module docstring)."""
    pages = _pages(text)
    layout = _is_layout(pages)
    _mark_furniture(pages)
    contents_lines = _mark_contents(pages)
    entries = parse_entries([line.text for line in contents_lines])
    body = [line for page in pages for line in page.lines if line.kind in ("body", "blank")]
    blocks_at: list[tuple[int, Block]] = []
    _mark_headings(body, entries, blocks_at, ident)
    first_heading = min((n for n, _ in blocks_at), default=None)
    constant = _constant_numbers(pages)
    numbers = {page.index: _printed_number(page, constant) for page in pages}
    title_lines: list[_Line] = []
    if contents_lines:
        title_lines = [line for line in body if line.kind == "body" and line.number < contents_lines[0].number]
    elif first_heading is not None:
        # without a contents page, the title page is the pages printed without a number
        # that come before the first heading's page (a page of the text has its number)
        heading_page = next(line.page for line in body if line.number == first_heading)
        leading = [p.index for p in pages if p.index < heading_page]
        unnumbered = [i for n, i in enumerate(leading) if all(numbers[j] is None for j in leading[:n + 1])]
        title_lines = [line for line in body if line.kind == "body" and line.page in unnumbered]
    for line in title_lines:
        line.kind = "title-page"
    meta: dict[str, object] = {"contents": entries, "layout": layout,
                               "pages": [{"index": page.index, "number": numbers[page.index],
                                          "first_line": page.lines[0].number, "last_line": page.lines[-1].number}
                                         for page in pages]}
    blocks_at += _furniture_blocks(pages, ident)
    if title_lines:
        blocks_at.append((title_lines[0].number, _div("title-page", title_lines, ident)))
    if contents_lines:
        blocks_at.append((contents_lines[0].number, _div("contents", contents_lines, ident)))
    notes, called = _notes(pages, ident)
    blocks_at += notes
    blocks_at += _paragraphs([line for page in pages for line in page.lines], layout, ident, numbers, called)
    blocks_at.sort(key=lambda nb: nb[0])
    return Source(ident=ident, path=str(path), lang=lang, meta=meta, blocks=[b for _, b in blocks_at])


# --- pages and furniture ---------------------------------------------------------------


def _pages(text: str) -> list[_Page]:
    pages = [_Page(0)]
    for number, raw in enumerate(source_lines(text), start=1):
        for _ in range(raw.count("\f")):
            if pages[-1].lines or len(pages) == 1 and number > 1:
                pages.append(_Page(len(pages)))
        content = raw.replace("\f", "").rstrip()
        indent = len(content) - len(content.lstrip())
        pages[-1].lines.append(_Line(number, pages[-1].index, content, indent,
                                     "body" if content.strip() else "blank"))
    return [p for p in pages if p.filled]


def _is_layout(pages: list[_Page]) -> bool:
    """-layout output keeps the page's columns: indents and runs of spaces inside lines."""
    lines = [line.text for page in pages for line in page.filled]
    spaced = sum(1 for t in lines if t.startswith("  ") or re.search(r"\S\s{3,}\S", t))
    return bool(lines) and spaced / len(lines) > 0.15


def _mark_furniture(pages: list[_Page]) -> None:
    """Page numbers, and the running heads and feet beside them: a line at the
    page's edge next to its number whose text stands at the edge of another
    page too, or a line that holds a number and a title apart (-layout)."""
    edges = [(page, edge, top) for page in pages
             for edge, top in ((page.filled[:_EDGE], True), (list(reversed(page.filled[-_EDGE:])), False))
             if not (edge and _CONTENTS_TITLE.match(edge[0].text.strip()))]   # a contents page's top: entries
    on_pages: dict[str, set[int]] = {}     # a text at a page's edge -> the pages it stands on so
    for page, edge, _ in edges:
        for line in edge:
            if key := _head_key(line.text):
                on_pages.setdefault(key, set()).add(page.index)
    seen = {key: len(found) for key, found in on_pages.items()}
    titles: dict[str, set[int]] = {}    # the same, page numbers left out ("iv viking tales" → "viking tales")
    for key, found in on_pages.items():
        titles.setdefault(_strip_numbers(key), set()).update(found)
    title_pages = {title: len(found) for title, found in titles.items()}
    for page, edge, top in edges:
        numbers = [line for line in edge if _NUMBER.match(line.text.strip()) and line.kind == "body"]
        if numbers:
            number = numbers[0]
            number.kind = "page-number"
            for line in edge[:edge.index(number) + 2]:
                if line.kind == "body" and _looks_like_head(line.text) and seen.get(_head_key(line.text), 0) > 1:
                    line.kind = "running-head"
                    break
        elif top and edge and edge[0].kind == "body" \
                and _HEAD_WITH_NUMBER.match(edge[0].text.strip()) and len(edge[0].text.split()) <= 8 \
                and _set_as_head(edge[0].text, title_pages):
            edge[0].kind = "running-head"
        elif edge and edge[0].kind == "body" and _HEAD_WITH_BAR.match(edge[0].text.strip()) \
                and len(edge[0].text.split()) <= 8:
            edge[0].kind = "running-head"      # at the top or the foot: the bar says what it is
    _mark_repeated_edges(pages)


def _mark_repeated_edges(pages: list[_Page]) -> None:
    """A page's first or last line whose words, numbers aside, stand at that same
    edge of at least two pages and of a third of them is a running head or foot,
    though no page number stands beside it: an RFC's "RFC 1459  Internet Relay
    Chat Protocol  May 1993" and "Oikarinen & Reed  [Page 4]", a review's title
    over every other page (the author's name over the others)."""
    edges: dict[tuple[bool, str], list[_Line]] = {}
    for page in pages:
        filled = page.filled
        for top, line in ((True, filled[0]), (False, filled[-1])) if filled else ():
            words = line.text.split()
            if line.kind == "body" and 0 < len(words) <= _HEAD_WORDS and not line.text.rstrip().endswith((",", ";")):
                edges.setdefault((top, _edge_key(line.text)), []).append(line)
    for lines in edges.values():
        if len({line.page for line in lines}) >= max(_REPEATED_EDGE, len(pages) / 3):
            for line in lines:
                line.kind = "running-head"


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _set_as_head(text: str, seen: dict[str, int]) -> bool:
    """A line with a number and a title apart is a running head when its title
    stands at another page's edge too, is set in small or full capitals
    (which pdftotext gives as lower or upper case), or is a numbered section's
    title ("1.2 A Glorified Calculator")."""
    title = _strip_numbers(text)
    repeated = seen.get(title.casefold(), 0) > 1
    numbered = bool(re.match(r"^\d+(?:\.\d+)+\s", title))
    return repeated or numbered or title.islower() or title.isupper()


def _strip_numbers(text: str) -> str:
    return " ".join(w for w in text.split() if not _NUMBER.match(w))


def _head_key(text: str) -> str:
    text = " ".join(text.split()).casefold()
    return "" if not text or _CONTENTS_TITLE.match(text) or _NUMBER.match(text) else text


def _looks_like_head(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 8 and not text.rstrip().endswith((",", ";"))


def _mark_contents(pages: list[_Page]) -> list[_Line]:
    """The contents pages' lines, marked; [] when there are none. A contents
    page starts with "Contents", or holds little but entries (dot leaders and
    page numbers: a contents page whose title is a picture); the pages after
    it that hold only entries go on with it."""
    for at, page in enumerate(pages):
        lines = [line for line in page.filled if line.kind == "body"]
        # the title may stand under the page's other text (an RFC's first page: its
        # status and abstract, then "Table of Contents"): the contents start there
        at_title = next((n for n, line in enumerate(lines) if _CONTENTS_TITLE.match(line.text.strip())), 0)
        if at_title and _all_entries(lines[at_title:], share=0.6):
            lines = lines[at_title:]
        titled = bool(lines) and bool(_CONTENTS_TITLE.match(lines[0].text.strip()))
        if not titled and not (len(lines) >= 4 and _all_entries(lines, share=0.6)):
            continue
        found = list(lines)
        for following in pages[at + 1:]:
            more = [line for line in following.filled if line.kind == "body"]
            if not more or not _all_entries(more):
                break
            found += more
        for line in found:
            line.kind = "contents"
        return found
    return []


def _all_entries(lines: list[_Line], share: float = 0.34) -> bool:
    entries = [line for line in lines if _ENTRY.match(line.text.strip()) or _NUMBER.match(line.text.strip())
               or _ENTRY_TIGHT.match(line.text.strip())]
    prose = [line for line in lines if len(_LEADERS.sub(" ", line.text).split()) > 12 and line not in entries]
    return len(entries) >= max(1, share * len(lines)) and len(prose) <= len(lines) // 5


def parse_entries(lines: list[str]) -> list[dict[str, object]]:
    """Contents entries {"title", "page"} from the contents pages' lines.

    An entry ends with its page number (after dot leaders, a tab or spaces,
    or on a line of its own); a number line with no title pending is the
    entry's label ("iii"), not a page; a title without a number goes on in
    the next line.
    """
    entries: list[dict[str, object]] = []
    pending = ""
    for raw in lines:
        text = " ".join(raw.split())
        if not text or _CONTENTS_TITLE.match(text):
            continue
        if _NUMBER.match(text):
            if pending:
                entries.append({"title": pending, "page": _page_number(text)})
                pending = ""
            continue
        match = _ENTRY.match(raw.strip()) or _ENTRY_TIGHT.match(raw.strip())
        if match:
            title = _LEADERS.sub(" ", match.group(1)).strip()
            title = " ".join(f"{pending} {title}".split())
            entries.append({"title": title, "page": _page_number(match.group(2))})
            pending = ""
        else:
            pending = " ".join(f"{pending} {_LEADERS.sub(' ', text)}".split())
    return entries


def _page_number(text: str) -> int | str:
    return int(text) if text.isdigit() else text.lower()


def _div(kind: str, lines: list[_Line], ident: str) -> Div:
    paras: list[Block] = [Para([Text(line.text.strip())], Provenance(ident, line.number, line.number))
                          for line in lines if line.text.strip()]
    return Div(paras, classes=(kind,), prov=Provenance(ident, lines[0].number, lines[-1].number))


def _furniture_blocks(pages: list[_Page], ident: str) -> list[tuple[int, Block]]:
    out: list[tuple[int, Block]] = []
    for page in pages:
        for line in page.filled:
            if line.kind in ("page-number", "running-head"):
                prov = Provenance(ident, line.number, line.number)
                out.append((line.number, Div([Para([Text(line.text.strip())], prov)],
                                             classes=(line.kind,), prov=prov)))
    return out


def _notes(pages: list[_Page], ident: str) -> tuple[list[tuple[int, Block]], dict[int, set[str]]]:
    """Footnotes at a page's foot, and the labels called on each page. A note
    starts at a line in the page's lower half that starts with superscript
    digits, or with a number (on its own line or before the text) that a word
    above it on the page calls ("depart!1"); it goes on to the next note or
    the page's end."""
    out: list[tuple[int, Block]] = []
    called: dict[int, set[str]] = {}
    for page in pages:
        body = [line for line in page.filled if line.kind == "body"]
        starts = [i for i, line in enumerate(body) if i >= len(body) // 2 and i > 0
                  and _note_start(line, body[:i])]
        if not starts:
            continue
        for n, start in enumerate(starts):
            lines = body[start:starts[n + 1] if n + 1 < len(starts) else len(body)]
            if len(lines) == 1 and _NUMBER.match(lines[0].text.strip()):
                continue            # a number with no text after it is no note
            at, note = _note(lines, ident)
            out.append((at, note))
            if not _NOTE_LINE.match(lines[0].text.strip()):
                called.setdefault(page.index, set()).add(note.label)
    return out, called


def _note_start(line: _Line, above: list[_Line]) -> str | None:
    """The label of the note this line starts, or None."""
    text = line.text.strip()
    if match := _NOTE_LINE.match(text):
        return match.group(1)
    match = _PLAIN_NOTE.match(text)
    if match and any(_call(match.group(1)).search(other.text) for other in above):
        return match.group(1)
    return None


def _call(label: str) -> re.Pattern[str]:
    """A note call in running text: the label right after a word and its punctuation
    (up to two marks: "depart!1", "posse”.1")."""
    return re.compile(rf"(?<=[^\W\d_])([.,;:!?’”\"»)]{{0,2}}){label}(?=\s|$)")


def _note(lines: list[_Line], ident: str) -> tuple[int, Note]:
    match = _NOTE_LINE.match(lines[0].text.strip()) or _PLAIN_NOTE.match(lines[0].text.strip())
    label = match.group(1).translate(_FROM_SUPERSCRIPT)
    texts = ([match.group(2)] if match.group(2) else []) + [line.text.strip() for line in lines[1:]]
    prov = Provenance(ident, lines[0].number, lines[-1].number)
    # the note's text starts on the label's line, or on the next when the label stands alone
    text_prov = Provenance(ident, lines[0 if match.group(2) else min(1, len(lines) - 1)].number, lines[-1].number)
    for line in lines:
        line.kind = "note"
    return lines[0].number, Note(label, [Para(_inlines(texts), text_prov)], prov)


# --- headings and paragraphs -----------------------------------------------------------


def title_key(text: str) -> str:
    """A heading's or contents title's key: no section number, punctuation or case."""
    return _key(text)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", _SECTION_NUMBER.sub("", text.strip())).casefold().split())


def _mark_headings(body: list[_Line], entries: list[dict[str, object]], out: list[tuple[int, Block]],
                   ident: str) -> None:
    """Lines that are headings: contents titles (over up to three lines) and label lines."""
    titles = {_key(str(e["title"])) for e in entries if _key(str(e["title"]))}
    filled = [line for line in body if line.kind == "body"]
    i = 0
    while i < len(filled):
        found = 0
        if filled[i].text.strip()[:1] in _BULLETS:     # a list item, though its words name a section
            i += 1
            continue
        for size in (3, 2, 1):
            group = filled[i:i + size]
            if len(group) == size and _same_page_run(group) and _key(" ".join(l.text for l in group)) in titles:
                found = size
                break
        if not found and _LABEL.match(filled[i].text.strip()) and len(filled[i].text.split()) <= 8:
            found = 1
            label = filled[i].text.strip()
            for line in filled[i + 1:i + 3]:   # the title goes on in capitals, or is a contents title
                text = line.text.strip()
                if not _same_page_run(filled[i:i + found + 1]) or len(text.split()) > 8:
                    break
                if _key(text) in titles or (label.isupper() and text.isupper()):
                    found += 1
                    continue
                break
        if found:
            group = filled[i:i + found]
            for line in group:
                line.kind = "heading"
            prov = Provenance(ident, group[0].number, group[-1].number)
            text = " ".join(" ".join(line.text.split()) for line in group)
            out.append((group[0].number, Heading(1 if _LABEL.match(text) or not _SECTION_NUMBER.match(text)
                                                 else 2, [Text(text)], prov)))
            i += found
        else:
            i += 1


def _same_page_run(group: list[_Line]) -> bool:
    return all(b.page == a.page and b.number - a.number <= 2 for a, b in zip(group, group[1:]))


def _printed_number(page: _Page, constant: frozenset[str] = frozenset()) -> int | str | None:
    """The number printed on a page (a roman one in lower case), or None: a
    page-number line, "Page 4" in a running head or foot, or a number in a
    running head that is not the same on most pages (an RFC's "RFC 1459 … May
    1993" heads every page: neither number is the page's)."""
    found = next((line.text.strip() for line in page.filled if line.kind == "page-number"), None)
    heads = [line.text for line in page.filled if line.kind == "running-head"]
    if found is None:
        found = next((m.group(1) for head in heads if (m := _PAGE_WORD.search(head))), None)
    if found is None:
        head = next((h for h in heads if any(_NUMBER.match(w) and w not in constant for w in h.split())), "")
        found = next((w for w in head.split() if _NUMBER.match(w) and w not in constant), None)
    return None if found is None else _page_number(found)


def _constant_numbers(pages: list[_Page]) -> frozenset[str]:
    """Numbers that stand in the running heads of more than half the pages (a
    year, a document's number): not page numbers."""
    counts: dict[str, int] = {}
    for page in pages:
        words = {w for line in page.filled if line.kind == "running-head" for w in line.text.split()}
        for word in words:
            if _NUMBER.match(word):
                counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if len(pages) > 2 and n > len(pages) / 2)


def _follows(numbers: dict[int, int | str | None], before: int, after: int) -> bool:
    """Whether page ``after`` is the page printed after page ``before`` (by their
    numbers; two pages without numbers, or one, count as following each other
    only when they stand next to each other and no number says otherwise)."""
    a, b = numbers.get(before), numbers.get(after)
    if isinstance(a, int) and isinstance(b, int):
        return b == a + 1
    if isinstance(a, str) and isinstance(b, str):
        return roman_value(b) == roman_value(a) + 1
    return after == before + 1 and (a is None or b is None)


def _runs_on(numbers: dict[int, int | str | None], before: _Line, after: _Line) -> bool:
    """Whether a paragraph may run on from the last line of one page to the first of
    the next in the file: the next is the page printed next, and, when a page has no
    number to say so, the text shows it (no sentence end before, or lower case after)."""
    if not _follows(numbers, before.page, after.page):
        return False
    if numbers.get(before.page) is None or numbers.get(after.page) is None:
        return not before.text.strip().endswith(_SENTENCE_END) or after.text.strip()[:1].islower()
    return True


def roman_value(text: str) -> int:
    """The value of a roman numeral in lower case ("xiv" → 14)."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for i, c in enumerate(text):
        v = values[c]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def _paragraphs(lines: list[_Line], layout: bool, ident: str, numbers: dict[int, int | str | None],
                called: dict[int, set[str]]) -> list[tuple[int, Block]]:
    """Body lines cut into paragraphs (rules in the module docstring). A
    paragraph runs on across a page break only to the page printed next: pages
    out of order (a shuffled extract) are cut apart for the ordering step."""
    margins: dict[int, int] = {}
    measures: dict[int, float] = {}
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        if line.kind == "body":
            by_page.setdefault(line.page, []).append(line)
    for page, filled in by_page.items():
        if filled:
            margins[page] = min(line.indent for line in filled)
            lengths = sorted(len(line.text.strip()) for line in filled)
            measures[page] = lengths[int(len(lengths) * 0.7)] if len(lengths) > 3 else max(lengths)
    out: list[tuple[int, Block]] = []
    current: list[_Line] = []
    gap = False
    for line in lines:
        if line.kind in ("page-number", "running-head"):
            continue                 # furniture: a paragraph runs on across it
        if line.kind == "blank":
            gap = True
            continue
        if line.kind != "body":      # a heading, note, contents or title page line ends a paragraph
            if current:
                out.append(_para(current, ident, called))
            current, gap = [], False
            continue
        if current and (line.page != current[-1].page and not _runs_on(numbers, current[-1], line)
                        or _starts_paragraph(current[-1], line, gap, layout, margins, measures)):
            out.append(_para(current, ident, called))
            current = []
        current.append(line)
        gap = False
    if current:
        out.append(_para(current, ident, called))
    return out


def _starts_paragraph(prev: _Line, line: _Line, gap: bool, layout: bool, margins: dict[int, int],
                      measures: dict[int, float]) -> bool:
    text, before = line.text.strip(), prev.text.strip()
    ends = before.endswith(_SENTENCE_END)
    short = ends and len(before) < _SHORT * measures.get(prev.page, len(before) + 1)
    indented = line.indent >= margins.get(line.page, 0) + _INDENT
    if line.page != prev.page:       # across a page break, the gap is the page's
        if not ends or text[:1].islower():
            return False
        return indented if layout else short
    if gap:
        return True
    if layout:
        return indented and line.indent > prev.indent
    # without -layout: a short line that ends a sentence, or a sentence's end and then a line
    # that opens a quotation (a new speaker: novels set each one's words as a paragraph), or a
    # line of a few words before one that opens with a capital or a quotation (an article's
    # front matter: "Reviewed by", the author's name, an address, then the text)
    stub = len(before) < _STUB * measures.get(prev.page, len(before) + 1) and before[-1:] not in "-\u2010\u00ad" \
        and (text[:1].isupper() or text[:1] in _OPENING_QUOTES)
    return short or stub or (ends and text[:1] in _OPENING_QUOTES)


def _para(lines: list[_Line], ident: str, called: dict[int, set[str]] | None = None) -> tuple[int, Block]:
    prov = Provenance(ident, lines[0].number, lines[-1].number)
    labels = [sorted((called or {}).get(line.page, ())) for line in lines]
    gaps = [0] + [b.number - a.number - 1 for a, b in zip(lines, lines[1:])]
    return lines[0].number, Para(_inlines([line.text.strip() for line in lines], labels, gaps), prov)


def _inlines(texts: list[str], labels: list[list[str]] | None = None,
             gaps: list[int] | None = None) -> list[Inline]:
    """A paragraph's lines as Text between SoftBreaks; the note calls of the
    labels given for each line as NoteRefs. A paragraph that runs on past lines
    set aside (a page's foot and the next page's head) has a SoftBreak for each
    of them too, so that its n-th line break is the source's n-th."""
    out: list[Inline] = []
    for n, text in enumerate(texts):
        if out:
            out.extend(SoftBreak() for _ in range(1 + (gaps[n] if gaps else 0)))
        text = " ".join(text.split())
        for label in (labels[n] if labels else []):
            if match := _call(label).search(text):
                out += [Text(text[:match.end(1)]), NoteRef(label)]
                text = text[match.end():]
        out.append(Text(text))
    return [node for node in out if not isinstance(node, Text) or node.text]
