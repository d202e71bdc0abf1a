"""The book model as HTML, for the EPUB and PDF writers: Jinja2 setup and what templates need.

This module owns the template environment (autoescape on, StrictUndefined,
loaded from a folder by path), the ids and links of chapters and footnotes,
and which links may be written out. Every tag lives in templates/ and every
style in styles/: nothing here produces markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)

from zinepress import deps
from zinepress.errors import OutputError
from zinepress.model import (
    INLINE_CONTAINERS,
    Block,
    Chapter,
    Edition,
    Heading,
    Inline,
    Note,
    NoteRef,
    Text,
)
from zinepress.render.balance import (
    CONTENTS_MEASURE,
    CONTENTS_NESTED_MEASURE,
    TITLE_MEASURE,
    balanced_breaks,
)
from zinepress.resources import DEFAULT_TEMPLATES, user_cache_dir
from zinepress.text.cjk import CJK_FORMS, HAN, WESTERN
from zinepress.text.punctuation import half_width_marks, punctuation_style
from zinepress.walk import iter_blocks, iter_inlines, own_inlines, plain_text

# Chapter.role -> the epub:type of the chapter's <section>. The audit reads the
# book's text from sections with exactly these types; unknown roles count as
# chapters so that no text can hide from it.
SECTION_TYPES = {
    "chapter": "chapter",
    "part": "part",
    "appendix": "appendix",
    "preface": "preface",
    "foreword": "foreword",
    "introduction": "introduction",
    "notes": "endnotes",
}
BOOK_TEXT_TYPES = frozenset(SECTION_TYPES.values())

# Chapter.role -> the epub:type of the body that holds it (EPUB 3 structural divisions).
_MATTER = {"preface": "frontmatter", "foreword": "frontmatter", "introduction": "frontmatter",
           "appendix": "backmatter", "notes": "backmatter"}

# Hyperlinks that may leave the book; anything else (relative paths, fragments
# of the source web page) would point at nothing inside the EPUB.
_LINK_SCHEMES = ("http", "https", "mailto")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def make_environment(templates_dir: Path = DEFAULT_TEMPLATES, *more: Path) -> Environment:
    """The Jinja2 environment for templates_dir (then the folders in more, searched in
    turn): autoescape on, undefined names are errors.

    One per folder list and process, so each template is compiled once (Jinja still
    reloads a template whose file changed)."""
    return _environment(tuple(Path(folder).resolve() for folder in (templates_dir, *more)))


@lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...]) -> Environment:
    for folder in folders:
        if not folder.is_dir():
            raise OutputError("the templates folder does not exist", path=str(folder))
    # Templates, once compiled, are kept per machine (like __pycache__), for every later
    # process and build: Jinja compiles each one again only when its source changed.
    folder = user_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        compiled = FileSystemBytecodeCache(str(folder))
    except OSError:
        compiled = None                 # no cache: compile as usual
    env = _CheckedEnvironment(
        bytecode_cache=compiled,
        loader=RecordingLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["fail"] = _fail
    env.filters["iri"] = display_iri
    return env


class _CheckedEnvironment(Environment):
    """An Environment whose template errors are the user's (a book's own templates/
    may override the tool's): an OutputError naming the template file and line, never
    a traceback."""

    def handle_exception(self, source: str | None = None):
        try:
            return super().handle_exception(source)     # raises the error, its traceback rewritten
        except TemplateSyntaxError as error:
            raise OutputError(f"the template does not parse: {error.message}", path=error.filename,
                              line=error.lineno, hint="mend the template (Jinja2 syntax)") from None
        except TemplateError as error:
            path, line = _template_frame(error.__traceback__)
            raise OutputError(f"the template failed: {error.message}", path=path, line=line,
                              hint="a name it uses is not one the writer gives it; compare it "
                                   "with the tool's own template of that name") from None


def _template_frame(traceback) -> tuple[str | None, int | None]:
    """The template file and line a rewritten traceback ends in (its last template frame)."""
    found: tuple[str | None, int | None] = (None, None)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


class RecordingLoader(FileSystemLoader):
    """A FileSystemLoader that records each use of a template for the output being made
    (deps.py): when it is first loaded, and each time Jinja finds it in its cache (Jinja
    asks the loader's `uptodate` then), so a template loaded by an earlier job of the
    same process still counts for this one."""

    def get_source(self, environment: Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        digest = deps.file_digest(filename)
        deps.note(filename, digest)

        def still_there() -> bool:
            fresh = uptodate()
            if fresh:
                deps.note(filename, digest)
            return fresh

        return source, filename, still_there


def display_iri(url: str) -> str:
    """A URL as a reader reads it: percent-encoded non-ASCII letters decoded (an
    IRI), so a Chinese address shows its words, not five lines of %e8%bf%99.
    Encoded ASCII (a space, a reserved / or ?) and invisible characters stay
    encoded, so the text still names the same address."""

    def decode(match: re.Match) -> str:
        raw = match.group(0)
        try:
            text = bytes.fromhex(raw.replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return raw
        return "".join(char if unicodedata.category(char) not in ("Cc", "Cf", "Cn")
                       else "".join(f"%{b:02X}" for b in char.encode("utf-8")) for char in text)

    return _NON_ASCII_ESCAPES.sub(decode, url)


# Runs of percent-escapes of non-ASCII bytes (UTF-8 sequences).
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _fail(message: str) -> None:
    """Let a template stop the build (an unknown node kind, say)."""
    raise OutputError(message)


def link_target(href: str) -> str | None:
    """The URL to write for a link, or None when the link must become plain text.

    Only absolute web and mail links are kept; spaces and non-ASCII characters
    are percent-encoded so that EPUBCheck accepts the URL.
    """
    href = href.strip()
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return quote(href, safe=_URL_SAFE)


def slug(text: str, fallback: str) -> str:
    """An XML id and file-name stem made of text: ASCII letters, digits, '-' and '_'."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")
    if not cleaned:
        cleaned = fallback
    if not cleaned[0].isalpha():
        cleaned = f"{fallback}-{cleaned}"
    return cleaned


def block_anchor(chapter: int, block: int) -> str:
    """The id of a chapter's top-level block: "b{chapter}-{block}", both counted from 0
    (chapter: its place in Edition.chapters; block: its place in Chapter.blocks).

    Positional, so that every writer computes the same id for the same block:
    the print writer puts it on the block and finds the page it starts on
    (writers/pdf.py, print_page_starts), the EPUB writer can point at it.
    """
    return f"b{chapter}-{block}"


# --- Typography in the markup --------------------------------------------------
#
# Han characters and Western letters or digits side by side get a gap (about a
# quarter em, as clreq asks, in the markup since readers lack text-autospace);
# a run of dashes or ellipses (—— ……) must not break; in vertical writing,
# Latin words of up to two characters and numbers of up to two digits stand
# upright in one column (text-combine-upright); of two Chinese punctuation
# marks side by side, one is set at half width (text/punctuation.py).
# Python only says where; the template writes the markup (blocks.html.j2,
# text_runs).

_HAN = HAN
_WESTERN = WESTERN
_GAP = re.compile(f"(?<=[{_HAN}])(?=[{_WESTERN}])|(?<=[{_WESTERN}])(?=[{_HAN}])")
_UNBREAKABLE = re.compile("\u2014(?: ?\u2014)+|\u2026{2,}|\u22ef{2,}")
_CJK = re.compile(f"[{_HAN}{CJK_FORMS}]")
_JOINED = re.compile(f"[{_WESTERN}.,:/%&'’+\\-]")
# Vertical writing: a Latin word or number of one or two characters between
# non-Western characters.
_UPRIGHT = re.compile(f"(?<![{_WESTERN}])(?:[0-9]{{1,2}}|[A-Za-z]{{1,2}})(?![{_WESTERN}])")
# Marks that may not start a line: they stay with a note call before them.
_CLOSING_MARKS = "。，、；：？！）」』》〉】〕］”’.,;:!?)]}\u2026"
# Chinese breaks (print): a paragraph's or title's last line holds at least two
# characters (its last two Han characters and the marks after them stay
# together), and the middle dot of a transliterated name (努尔苏丹·纳扎尔巴耶夫)
# keeps to the characters on both sides: no line starts or ends with it.
_TAIL = re.compile(f"[{_HAN}][{re.escape(_CLOSING_MARKS)}]*([{_HAN}])[{re.escape(_CLOSING_MARKS)}]*$")
_NAME_DOT = re.compile(f"[{_HAN}](?:[·・‧][{_HAN}])+")


def text_runs(text: str, before: str = "", *, upright: bool = False, after: str = "",
              punctuation: str = "", tail: bool = False,
              breaks: list[int] | None = None, joiner: bool = False) -> list[tuple[str, str]]:
    """A text cut into runs: ("text", s), ("gap", ""), ("nobreak", s), ("halt", mark)
    or, when upright (vertical writing), ("upright", s).

    before: the character just before the text (in the same paragraph), so that
    a gap between two inline nodes is found too; it goes at the text's start.
    after: the character just after it, for a pair of marks across two nodes.
    punctuation: the locale of the punctuation rules (punctuation_style), whose
    adjacent marks are set at half width ("halt"); "" for none.
    tail: the text ends a Chinese paragraph or title: its last two Han characters
    and the marks after them do not break ("nobreak").
    breaks: positions before which a line break goes ("break", ""): a balanced
    title (render/balance.py).
    joiner: what must not break is held by word joiners ("join", "": U+2060
    between two characters) rather than a "nobreak" run (print: no inline box
    more for WeasyPrint to lay out).
    """
    cuts: list[tuple[int, int, str]] = [(m.start(), m.end(), "nobreak")
                                        for m in _UNBREAKABLE.finditer(text)]
    cuts.extend((at, at + 1, "halt") for at in half_width_marks(text, punctuation, before, after))
    glued = [(m.start(), m.end(), [at for at in range(m.start() + 1, m.end())])
             for m in _NAME_DOT.finditer(text)]
    if tail and (match := _TAIL.search(text)):
        glued.append((match.start(), match.end(), [match.start(1)]))
    for start, end, joins in glued:          # where no other run stands
        if not any(s < end and start < e for s, e, _ in cuts):
            cuts.extend([(at, at, "join") for at in joins] if joiner else [(start, end, "nobreak")])
    cuts.extend((at, at, "break") for at in breaks or ()
                if not any(s < at < e for s, e, _ in cuts))
    uprights = [(m.start(), m.end(), "upright") for m in _UPRIGHT.finditer(text)
                if upright and _in_chinese(text, m.start(), m.end(), before)]
    edges = {i for start, end, _ in uprights for i in (start, end)}   # an upright run takes no gap
    cuts.extend(uprights)
    if before and text and _GAP.match(before + text[0], 1) and 0 not in edges:
        cuts.append((0, 0, "gap"))
    cuts.extend((m.start(), m.start(), "gap") for m in _GAP.finditer(text)
                if m.start() > 0 and m.start() not in edges)
    runs: list[tuple[str, str]] = []
    at = 0
    for start, end, kind in sorted(cuts):
        if start > at:
            runs.append(("text", text[at:start]))
        runs.append((kind, text[start:end]))
        at = max(at, end)
    if at < len(text):
        runs.append(("text", text[at:]))
    return runs


def _in_chinese(text: str, start: int, end: int, before: str) -> bool:
    """Whether text[start:end] stands alone in Chinese text: the nearest character
    on one side (spaces aside) is Han or a full-width mark, and on neither side is
    it a letter, a digit or a mark that joins it to one (BV of "Infrastructure
    BV", the 1 of "1.21")."""
    left = (before + text[:start]).rstrip()[-1:]
    right = text[end:].lstrip()[:1]
    if any(c and _JOINED.match(c) for c in (left, right)):
        return False
    return any(c and _CJK.match(c) for c in (left, right))


def _title_breaks(chapter: Chapter) -> dict[int, list[int]]:
    """Where a chapter's title breaks in print, balanced (render/balance.py): for a
    title that is one text, its id -> the positions."""
    inlines = chapter.title
    while True:
        nodes = [node for node in inlines if not (isinstance(node, Text) and not node.text.strip())]
        if len(nodes) != 1:
            return {}
        if isinstance(nodes[0], Text):
            return {id(nodes[0]): balanced_breaks(nodes[0].text, TITLE_MEASURE)}
        if not isinstance(nodes[0], INLINE_CONTAINERS):
            return {}
        inlines = nodes[0].children


def _last_texts(chapter: Chapter) -> set[int]:
    """id(Text) of the Text that ends each title and block of a chapter (none where a
    note call or another inline ends it)."""
    ends: set[int] = set()

    def last(inlines: list[Inline]) -> Text | None:
        for node in reversed(inlines):
            if isinstance(node, Text):
                if node.text.strip():
                    return node
                continue
            if isinstance(node, INLINE_CONTAINERS):
                return last(node.children)
            return None
        return None

    for inlines in [chapter.title] + [own_inlines(b) for b in iter_blocks(chapter.blocks)]:
        if inlines and (node := last(inlines)) is not None:
            ends.add(id(node))
    return ends


def _previous_characters(chapter: Chapter) -> dict[int, str]:
    """id(Text) -> the character just before it in its run of inlines ("" when a
    note call, a soft break or the start of the block stands between)."""
    return _neighbour_characters(chapter, before=True)


def _next_characters(chapter: Chapter) -> dict[int, str]:
    """id(Text) -> the character just after it in its run of inlines ("" when a
    note call, a soft break or the end of the block stands between)."""
    return _neighbour_characters(chapter, before=False)


def _neighbour_characters(chapter: Chapter, before: bool) -> dict[int, str]:
    """id(Text) -> the character next to it on one side, walking each block's inlines
    forwards (before) or backwards (after)."""
    found: dict[int, str] = {}

    def walk(inlines: list[Inline], near: str) -> str:
        for node in inlines if before else reversed(inlines):
            if isinstance(node, Text):
                found[id(node)] = near
                near = (node.text[-1:] if before else node.text[:1]) or near
            elif isinstance(node, INLINE_CONTAINERS):
                near = walk(node.children, near)
            else:
                near = ""
        return near

    walk(chapter.title, "")
    for block in iter_blocks(chapter.blocks):
        inlines = own_inlines(block)
        if inlines is not None:
            walk(inlines, "")
    return found


def chapter_inlines(chapter: Chapter) -> Iterator[Inline]:
    """Every inline of a chapter in reading order: its title, then its blocks."""
    yield from iter_inlines(chapter.title)
    for block in iter_blocks(chapter.blocks):
        inlines = own_inlines(block)
        if inlines is not None:
            yield from iter_inlines(inlines)


# --- Footnotes ---------------------------------------------------------------


@dataclass(slots=True)
class NoteTarget:
    """A Note as written: its id, and the first call that points at it (if any)."""

    note: Note
    id: str
    chapter: int
    first_ref: RefTarget | None = None

    @property
    def label(self) -> str:
        return self.note.label


@dataclass(slots=True)
class RefTarget:
    """A NoteRef as written: its id, its note, and whether it is the note's first call."""

    ref: NoteRef
    id: str
    chapter: int
    target: NoteTarget
    first: bool

    @property
    def label(self) -> str:
        return self.ref.label


@dataclass(slots=True)
class NoteIndex:
    """Which note each call points to, and the ids of both, for a whole edition.

    A call goes to the note with its label in the same chapter, else to the
    only note with that label elsewhere in the edition. Ids are positional
    ("<chapter>-note-3", "<chapter>-ref-3") since labels may hold any text.
    """

    chapter_ids: list[str]
    notes: dict[int, NoteTarget] = field(default_factory=dict)
    refs: dict[int, RefTarget] = field(default_factory=dict)

    @classmethod
    def build(cls, edition: Edition, chapter_ids: list[str]) -> NoteIndex:
        index = cls(chapter_ids)
        by_label: list[dict[str, NoteTarget]] = []
        for number, chapter in enumerate(edition.chapters):
            labels: dict[str, NoteTarget] = {}
            notes = [b for b in iter_blocks(chapter.blocks) if isinstance(b, Note)]
            for position, note in enumerate(notes, 1):
                if note.label in labels:
                    raise OutputError(f"chapter {chapter.ident!r} has two notes labelled "
                                      f"{note.label!r}", path=str(note.prov or "") or None)
                target = NoteTarget(note, f"{chapter_ids[number]}-note-{position}", number)
                labels[note.label] = target
                index.notes[id(note)] = target
            by_label.append(labels)

        for number, chapter in enumerate(edition.chapters):
            refs = [node for node in chapter_inlines(chapter) if isinstance(node, NoteRef)]
            for position, ref in enumerate(refs, 1):
                target = by_label[number].get(ref.label)
                if target is None:
                    elsewhere = [labels[ref.label] for labels in by_label if ref.label in labels]
                    if len(elsewhere) != 1:
                        found = "no note" if not elsewhere else f"{len(elsewhere)} notes"
                        raise OutputError(f"chapter {chapter.ident!r} calls note {ref.label!r} "
                                          f"but the edition has {found} with that label")
                    target = elsewhere[0]
                written = RefTarget(ref, f"{chapter_ids[number]}-ref-{position}", number,
                                    target, first=target.first_ref is None)
                if written.first:
                    target.first_ref = written
                index.refs[id(ref)] = written
        return index


# --- What templates receive --------------------------------------------------


@dataclass(slots=True)
class RenderContext:
    """What the block macros need while rendering one chapter.

    medium: "epub" (XHTML, notes as asides where they stand) or "print"
    (HTML, each note's text placed at its first call, to float to the foot).
    file_of: the file holding a chapter, by its number ("" when one document
    holds them all); hrefs between chapters go through it.
    """

    notes: NoteIndex
    medium: str
    file_of: Callable[[int], str]
    chapter: int = 0
    heading_base: int = 1
    block_anchors: bool = False     # give top-level blocks their block_anchor id
    page_marks: dict[tuple[int, str], list[int]] = field(default_factory=dict)  # EPUB: see marks
    previous_chars: dict[int, str] = field(default_factory=dict)   # see text_runs
    vertical: bool = False          # vertical writing: short Latin words and numbers upright
    next_chars: dict[int, str] = field(default_factory=dict)       # see text_runs
    punctuation: str = ""           # the locale of adjacent marks at half width (text_runs)
    tails: set[int] = field(default_factory=set)   # id(Text) ending a Chinese block (text_runs)
    title_breaks: dict[int, list[int]] = field(default_factory=dict)   # id(Text) -> breaks
    title_texts: set[int] = field(default_factory=set)   # id(Text) of the chapter's title
    title_rank: int = 1             # the chapter title's heading rank (EPUB: 2 for a chapter of a part)
    _cut_nodes: list[Text] = field(default_factory=list)            # print: see glued

    @property
    def xhtml(self) -> bool:
        """Whether the output is XHTML (write xml:lang beside lang)."""
        return self.medium == "epub"

    def ref(self, node: NoteRef) -> RefTarget:
        return self.notes.refs[id(node)]

    def note(self, node: Note) -> NoteTarget:
        return self.notes.notes[id(node)]

    def href_to(self, chapter: int, ident: str) -> str:
        """The href of element ident in chapter, seen from the chapter being rendered."""
        if chapter == self.chapter:
            return f"#{ident}"
        return f"{self.file_of(chapter)}#{ident}"

    def note_href(self, ref: RefTarget) -> str:
        return self.href_to(ref.target.chapter, ref.target.id)

    def backlink_href(self, note: NoteTarget) -> str:
        assert note.first_ref is not None
        return self.href_to(note.first_ref.chapter, note.first_ref.id)

    def heading_level(self, node: Heading) -> int:
        """The HTML heading rank of a block heading: the chapter title is h1 (in the
        EPUB, h2 for a chapter of a part: title_rank), the chapter's highest
        headings one rank below, and so on down to h6."""
        rank = self.title_rank + 1
        return max(rank, min(6, node.level - self.heading_base + rank))

    @staticmethod
    def link(href: str) -> str | None:
        return link_target(href)

    def marks(self, index: int, where: str) -> list[int]:
        """The print pages whose page-break marker stands `where` ("before" or
        "after") this chapter's top-level block number index (writers/page_marks.py)."""
        return self.page_marks.get((index, where), [])

    def anchor(self, index: int) -> str | None:
        """The id of this chapter's top-level block number index, if blocks carry ids."""
        return block_anchor(self.chapter, index) if self.block_anchors else None

    def text_runs(self, node: Text) -> list[tuple[str, str]]:
        """A Text node as runs of text, gaps, unbreakable marks (see text_runs)."""
        return text_runs(node.text, self.previous_chars.get(id(node), ""), upright=self.vertical,
                         after=self.next_chars.get(id(node), ""), punctuation=self.punctuation,
                         tail=id(node) in self.tails, breaks=self.title_breaks.get(id(node)),
                         # a title's text is also the PDF's bookmark: no joiner in it
                         joiner=self.medium == "print" and id(node) not in self.title_texts)

    def glued(self, nodes: list[Inline]) -> list[list[Inline]]:
        """Print: the inlines in groups that must not break, each note call with the
        character before it and the closing marks after it ("的³。"), so that no
        line starts with a call or a closing mark after one (WeasyPrint may break
        after a footnote call). Other nodes stand alone. Texts cut for a group
        are new Text nodes, with the character before each remembered."""
        if self.medium != "print" or not any(isinstance(n, NoteRef) for n in nodes):
            return [[node] for node in nodes]
        groups: list[list[Inline]] = []
        rest: list[Inline] = list(nodes)
        while rest:
            node = rest.pop(0)
            if not isinstance(node, NoteRef):
                groups.append([node])
                continue
            group: list[Inline] = [node]
            before = groups[-1][-1] if groups and len(groups[-1]) == 1 else None
            if isinstance(before, Text) and before.text[-1:].strip():
                groups.pop()
                head, tail = self._cut(before, len(before.text) - 1)
                if head.text:
                    groups.append([head])
                group.insert(0, tail)
            after = rest[0] if rest else None
            if isinstance(after, Text):
                marks = len(after.text) - len(after.text.lstrip(_CLOSING_MARKS))
                if marks:
                    rest.pop(0)
                    head, tail = self._cut(after, marks)
                    group.append(head)
                    if tail.text:
                        rest.insert(0, tail)
            groups.append(group)
        return groups

    def _cut(self, node: Text, at: int) -> tuple[Text, Text]:
        """node's text cut in two new Text nodes, the character before each remembered."""
        before = self.previous_chars.get(id(node), "")
        after = self.next_chars.get(id(node), "")
        head, tail = Text(node.text[:at]), Text(node.text[at:])
        self.previous_chars[id(head)] = before
        self.previous_chars[id(tail)] = head.text[-1:] or before
        self.next_chars[id(tail)] = after
        self.next_chars[id(head)] = tail.text[:1] or after
        if id(node) in self.tails:
            self.tails.add(id(tail))
        self._cut_nodes.extend((head, tail))      # keep them alive: ids must stay unique
        return head, tail


# Characters a running head holds on one line (A5, the head's size).
RUNNING_HEAD_LENGTH = 30


@dataclass(slots=True)
class ChapterView:
    """A chapter with what its templates need: ids, file, epub:types, context."""

    chapter: Chapter
    number: int
    id: str
    file: str
    section_type: str
    matter: str
    ctx: RenderContext

    @property
    def title(self) -> list[Inline]:
        return self.chapter.title

    @property
    def blocks(self) -> list[Block]:
        return self.chapter.blocks

    @property
    def lang(self) -> str:
        return self.chapter.lang

    @property
    def role(self) -> str:
        return self.chapter.role

    @property
    def toc_title(self) -> str:
        """The title as plain text, for the contents and <title>; the id if it has none."""
        return plain_text(self.chapter.title, softbreak=" ").strip() or self.id

    def toc_runs(self, nested: bool = False) -> list[tuple[str, str]]:
        """The contents entry as runs (text_runs): in a Chinese print edition its lines
        balanced and its last two characters together. nested: the entry sits
        under a part (a shorter measure)."""
        if not self.ctx.tails:
            return text_runs(self.toc_title)
        measure = CONTENTS_NESTED_MEASURE if nested else CONTENTS_MEASURE
        return text_runs(self.toc_title, tail=True, breaks=balanced_breaks(self.toc_title, measure),
                         joiner=True)

    @property
    def running_head(self) -> str:
        """The title for the print edition's running heads: a title too long for one
        line of the head is cut at its first colon or dash, as a typesetter would set
        a short title ("这个名叫“国家”的监狱：起义后的……" → "这个名叫“国家”的监狱")."""
        title = self.toc_title
        if len(title) <= RUNNING_HEAD_LENGTH:
            return title
        short = re.split(r"：|: |——| — ", title, maxsplit=1)[0].strip()
        return short or title


@dataclass(slots=True)
class TocEntry:
    """A line of the table of contents and the entries nested under it."""

    view: ChapterView
    children: list[TocEntry] = field(default_factory=list)


def chapter_views(edition: Edition, *, medium: str,
                  file_name: Callable[[str], str] = lambda ident: "",
                  block_anchors: bool | None = None,
                  page_marks: list | None = None, vertical: bool = False) -> list[ChapterView]:
    """One ChapterView per chapter of the edition, with unique ids and resolved notes.

    file_name maps a chapter id to the file that holds it (EPUB); the default
    puts every chapter in the one document (print). block_anchors: whether
    top-level blocks carry their block_anchor id (default: in print only).
    page_marks: the print pages' PageMarks (writers/page_marks.py), for the
    EPUB's page-break markers. vertical: the text is set in vertical writing
    (short Latin words and numbers upright).
    """
    by_chapter: dict[int, dict[tuple[int, str], list[int]]] = {}
    for mark in page_marks or []:
        if mark.where in ("before", "after"):
            chapter_no, block_no = (int(n) for n in mark.anchor[1:].split("-"))
            by_chapter.setdefault(chapter_no, {}).setdefault((block_no, mark.where), []).append(mark.page)
    if block_anchors is None:
        block_anchors = medium == "print"
    ids: list[str] = []
    for number, chapter in enumerate(edition.chapters, 1):
        ident = slug(chapter.ident, f"chapter-{number}")
        if ident in ids:
            raise OutputError(f"two chapters have the id {ident!r}; chapter idents must differ")
        ids.append(ident)
    notes = NoteIndex.build(edition, ids)
    files = [file_name(ident) for ident in ids]

    views = []
    in_part = False
    for number, (chapter, ident) in enumerate(zip(edition.chapters, ids)):
        levels = [b.level for b in iter_blocks(chapter.blocks) if isinstance(b, Heading)]
        # The EPUB's outline nests as its contents do (table_of_contents): a
        # chapter after a part is a level below it. Print keeps h1 for every title.
        in_part = chapter.role == "part" or (in_part and chapter.role == "chapter")
        rank = 2 if medium == "epub" and in_part and chapter.role == "chapter" else 1
        ctx = RenderContext(notes, medium, files.__getitem__, number, min(levels, default=1),
                            block_anchors, by_chapter.get(number, {}),
                            _previous_characters(chapter), vertical=vertical,
                            next_chars=_next_characters(chapter),
                            # print halves the marks inside WeasyPrint's layouts (_compress.py)
                            punctuation=_punctuation_of(chapter, edition) if medium != "print" else "",
                            tails=_last_texts(chapter)
                            if medium == "print" and _punctuation_of(chapter, edition) else set(),
                            title_breaks=_title_breaks(chapter)
                            if medium == "print" and _punctuation_of(chapter, edition) else {},
                            title_texts={id(node) for node in iter_inlines(chapter.title)
                                         if isinstance(node, Text)},
                            title_rank=rank)
        views.append(ChapterView(
            chapter=chapter,
            number=number,
            id=ident,
            file=files[number],
            section_type=SECTION_TYPES.get(chapter.role, "chapter"),
            matter=_MATTER.get(chapter.role, "bodymatter"),
            ctx=ctx,
        ))
    return views


def _punctuation_of(chapter: Chapter, edition: Edition) -> str:
    """The locale of a chapter's punctuation: the edition's (zh-Hant keeps Taiwan's
    rules for chapters still tagged zh-Hans), none for a chapter in another language."""
    if not punctuation_style(chapter.lang or edition.lang):
        return ""
    return punctuation_style(edition.lang)


def table_of_contents(views: list[ChapterView]) -> list[TocEntry]:
    """The contents as a tree: chapters that follow a part sit under it, until the
    next part or a chapter of another role (appendix, preface...)."""
    entries: list[TocEntry] = []
    part: TocEntry | None = None
    for view in views:
        entry = TocEntry(view)
        if view.role == "part":
            part = entry
            entries.append(entry)
        elif view.role == "chapter" and part is not None:
            part.children.append(entry)
        else:
            part = None
            entries.append(entry)
    return entries
