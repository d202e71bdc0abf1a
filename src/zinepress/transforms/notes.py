"""Footnotes: the editors' inline remarks become notes, and the book's notes are restored.

Two steps, at two places in the build:

- ``EDITORS_NOTES``, a cleaning rule: an editors' remark written inline in a
  Chinese source, as 【注：…】 or as a whole sentence in 【…】, becomes a
  footnote where it stood: a NoteRef in its place (for a remark that is a
  paragraph of its own, at the end of the preceding paragraph) and a Note
  right after the paragraph, holding the remark without its brackets and
  "注：". The Note's text sits in ``Div(classes=("editors-note",))``: the mark
  of an editors' note (编注), for the writers to show. Each remark is logged
  as an edit (``【注：X】`` → ``X``), so that the audit finds the remark's
  sentences in the notes. Brackets that only gloss a word
  ("truth【你不能逃避真相】") or hold no sentence are left alone.
- ``restore_notes``, on an assembled Edition: for each note of
  book/notes.toml, the call goes right after its anchor text (which must
  occur exactly once in the edition), and every Note of the edition (the
  restored ones, the editors' notes, a source's own) moves to the notes
  chapter at the end. Notes are then numbered "1", "2", ... in the order of
  their first call, calls and notes alike, so editors' notes and restored
  notes share one sequence.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zinepress.bookfiles.toml import key_line, load_toml
from zinepress.changes import ChangeLog
from zinepress.errors import ConfigError, EditorialError
from zinepress.model import (
    INLINE_CONTAINERS,
    Block,
    BlockQuote,
    Chapter,
    Div,
    Edition,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Note,
    NoteRef,
    Para,
    Provenance,
    SoftBreak,
    Source,
    Text,
)
from zinepress.text.sentences import sentence_key
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import (
    block_text,
    child_blocks,
    iter_blocks,
    iter_inlines,
    map_blocks,
    own_inlines,
    plain_text,
)

NOTES_FILE = "book/notes.toml"
EDITORS_NOTE_CLASS = "editors-note"
NOTES_CHAPTER_ID = "notes"
DEFAULT_TITLES = {"en": "Notes", "zh-Hans": "注释"}


# --- Inline surgery ----------------------------------------------------------
#
# Offsets count characters of plain_text(inlines, softbreak="\n"): a Text
# counts its length, a SoftBreak one, a NoteRef nothing.


def _length(node: Inline) -> int:
    if isinstance(node, Text):
        return len(node.text)
    if isinstance(node, SoftBreak):
        return 1
    if isinstance(node, INLINE_CONTAINERS):
        return sum(_length(child) for child in node.children)
    return 0


def split_inlines(inlines: list[Inline], pos: int) -> tuple[list[Inline], list[Inline]]:
    """The inlines cut at a plain-text offset: (before, after). A Text or a container
    (Emph, Link...) that straddles the offset is cut in two; a NoteRef standing
    exactly at the offset goes after it. The input is not changed."""
    left: list[Inline] = []
    right: list[Inline] = []
    for node in inlines:
        if pos <= 0:
            right.append(node)
            continue
        size = _length(node)
        if size <= pos:
            left.append(node)
            pos -= size
            continue
        if isinstance(node, Text):
            left.append(Text(node.text[:pos]))
            right.append(Text(node.text[pos:]))
        else:  # a container (only they and Text have a length above one)
            inner_left, inner_right = split_inlines(node.children, pos)
            first, second = copy.copy(node), copy.copy(node)
            first.children, second.children = inner_left, inner_right
            left.append(first)
            right.append(second)
        pos = 0
    return left, right


def _first_atom(inlines: list[Inline]) -> Inline | None:
    """The first inline that is not an empty Text or a container (looking inside them)."""
    for node in inlines:
        if isinstance(node, Text) and not node.text:
            continue
        if isinstance(node, INLINE_CONTAINERS):
            found = _first_atom(node.children)
            if found is not None:
                return found
            continue
        return node
    return None


# --- The editors' remarks (a cleaning rule) ------------------------------------

_REMARK = re.compile(r"【([^【】]*)】")
_NOTE_PREFIX = re.compile(r"^\s*(?:编注|編注|注)\s*[：:]\s*")
_SENTENCE_END = "。！？!?…"
_CLOSERS = "”’」』）)】\""


def _ends_sentence(text: str) -> bool:
    """Whether text ends a sentence (closing quotes and brackets aside)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def remark_text(match: re.Match[str], text: str) -> tuple[int, int] | None:
    """Where the note text of an editors' remark is (start, end offsets in text), or None
    when the brackets are not an editors' remark.

    A remark is 【注：…】 (or 编注：) anywhere, or 【…】 holding a whole sentence that
    stands where a sentence may start: at the start of its line or after the end
    of a sentence. Brackets glossing a word ("truth【你不能逃避真相】"), or holding no
    sentence ("【1】", "【视频】"), are not remarks.
    """
    inner_start = match.start(1)
    inner = match.group(1)
    prefix = _NOTE_PREFIX.match(inner)
    if prefix is None:
        before = text[:match.start()].split("\n")[-1].rstrip()
        if before and not _ends_sentence(before):
            return None
        if not _ends_sentence(inner):
            return None
        skip = len(inner) - len(inner.lstrip())
    else:
        skip = prefix.end()
    start = inner_start + skip
    end = inner_start + len(inner.rstrip())
    return (start, end) if end > start else None


def _editors_note(label: str, content: list[Inline], prov: Provenance | None) -> Note:
    return Note(label, [Div([Para(content, prov)], classes=(EDITORS_NOTE_CLASS,), prov=prov)], prov)


def _apply_editors_notes(source: Source, ctx: RuleContext) -> Source:
    count = 0
    last: list[Para | Heading | None] = [None]   # the text block before, in reading order

    def take_remarks(para: Para) -> list[Block]:
        nonlocal count
        text = plain_text(para.inlines, softbreak="\n")
        breaks = plain_text(para.inlines, softbreak="\x00")   # the source's own line breaks only
        found = [(m, span) for m in _REMARK.finditer(text) if (span := remark_text(m, text))]
        if not found:
            last[0] = para
            return [para]
        first_line = para.prov.first_line if para.prov else 0
        kept: list[Inline] = []
        notes: list[Note] = []
        refs: list[NoteRef] = []
        rest = para.inlines
        consumed = 0
        for match, (start, end) in found:
            before, rest = split_inlines(rest, match.start() - consumed)
            _, rest = split_inlines(rest, start - match.start())
            content, rest = split_inlines(rest, end - start)
            _, rest = split_inlines(rest, match.end() - end)
            consumed = match.end()
            count += 1
            label = f"编注{count}"
            line = first_line + breaks.count("\x00", 0, match.start())
            prov = Provenance(source.ident, line, line) if para.prov else None
            ctx.log.edited(EDITORS_NOTES.name, prov, match.group(0), text[start:end])
            notes.append(_editors_note(label, content, prov))
            ref = NoteRef(label)
            refs.append(ref)
            kept.extend(before)
            kept.append(ref)
        kept.extend(rest)
        if plain_text(kept).strip():
            para.inlines = kept
            last[0] = para
            return [para, *notes]
        # The paragraph was nothing but remarks: the calls go to the end of the one before.
        target = last[0]
        if target is None:
            raise EditorialError(f"the editors' remark {text.strip()[:40]!r} of source {source.ident} "
                                 "has no paragraph before it to carry its note call",
                                 path=source.path, line=first_line)
        target.inlines = [*target.inlines, *refs]
        return list(notes)

    def visit(blocks: list[Block]) -> list[Block]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Note):
                pass  # a source's own note is not the editors' remark
            elif isinstance(block, Para):
                out.extend(take_remarks(block))
                continue
            elif isinstance(block, Heading):
                last[0] = block
            elif isinstance(block, ListBlock):
                block.items = [visit(item) for item in block.items]
            elif isinstance(block, (BlockQuote, Div, Figure)):
                block.blocks = visit(block.blocks)
            out.append(block)
        return out

    source.blocks = visit(source.blocks)
    return source


EDITORS_NOTES = Rule(
    "editors-notes",
    "turns the editors' remarks written inline as 【注：…】 or 【…】 into footnotes (编注) where they "
    "stood; the brackets and “注：” go (an edit), the remark's text becomes the note",
    _apply_editors_notes,
)


# --- book/notes.toml -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteText:
    """A note's text in one language: given in full, or a source's own note (by label)."""

    text: str = ""
    source: str = ""
    note: str = ""
    drop_opening: str = ""

    @property
    def is_reference(self) -> bool:
        return bool(self.source)


@dataclass(frozen=True, slots=True)
class NoteSpec:
    """One [[note]] of book/notes.toml."""

    ident: str
    anchors: dict[str, str]
    texts: dict[str, NoteText]
    line: int | None = None
    editions: tuple[str, ...] = ()      # the editions (names or languages) it belongs to; () = every one

    def belongs_to(self, name: str, lang: str) -> bool:
        """Whether the note is in the edition called name, in language lang: its
        `editions` name the edition, its language or its base language ("zh"
        takes zh-Hans and zh-Hant)."""
        if not self.editions:
            return True
        wanted = {e.lower() for e in self.editions}
        return bool({name.lower(), lang.lower(), lang.split("-")[0].lower()} & wanted)


@dataclass(frozen=True, slots=True)
class Translation:
    """Who translated the texts given in full for a language, for the colophon."""

    by: str
    source_lang: str
    credit: str = ""


@dataclass(frozen=True, slots=True)
class NotesSpec:
    """book/notes.toml, checked."""

    path: str
    notes: tuple[NoteSpec, ...]
    titles: dict[str, str] = field(default_factory=dict)
    translations: dict[str, Translation] = field(default_factory=dict)

    def source_ids(self) -> set[str]:
        """The sources whose notes the texts refer to (read them for restore_notes)."""
        return {t.source for n in self.notes for t in n.texts.values() if t.is_reference}

    def title(self, lang: str) -> str:
        return pick(self.titles, lang) or pick(DEFAULT_TITLES, lang) or "Notes"

    def translation(self, lang: str) -> Translation | None:
        """The translation credit that applies to an edition's notes, if any."""
        key = pick_key(self.translations, lang)
        return self.translations[key] if key is not None else None


def pick_key(table: dict[str, object], lang: str) -> str | None:
    """The key of table for lang: lang itself; for Chinese, zh-Hans (a traditional
    edition's text is converted from it later); else a key of the same base language."""
    if lang in table:
        return lang
    base = lang.split("-")[0].lower()
    if base == "zh" and "zh-Hans" in table:
        return "zh-Hans"
    return next((key for key in table if key.split("-")[0].lower() == base), None)


def pick(table: dict[str, str], lang: str) -> str:
    key = pick_key(table, lang)
    return table[key] if key is not None else ""


_TOP_KEYS = {"title": False, "translation": False, "note": True}
_NOTE_KEYS = {"id": True, "anchor": True, "text": True, "editions": False}
_REF_KEYS = {"source": True, "note": True, "drop_opening": False}
_TRANSLATION_KEYS = {"by": True, "from": True, "credit": False}


def _check(table: object, allowed: dict[str, bool], where: str, path: str, lines: list[str],
           start: int, end: int, line: int | None) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table", path=path, line=line)
    for key in table:
        if key not in allowed:
            raise ConfigError(f"unknown key {key!r} in {where}", path=path,
                              line=key_line(lines, key, start, end, line),
                              hint=f"allowed keys: {', '.join(allowed)}")
    for key, required in allowed.items():
        if required and key not in table:
            raise ConfigError(f"missing required key {key!r} in {where}", path=path, line=line)
    return table


def _lang_strings(value: object, where: str, path: str, line: int | None) -> dict[str, str]:
    if not isinstance(value, dict) or not value or \
            not all(isinstance(v, str) and v.strip() for v in value.values()):
        raise ConfigError(f"{where} must be a table of language = text (none empty)", path=path, line=line,
                          hint='e.g. { en = "Notes", zh-Hans = "注释" }')
    return dict(value)


def load_notes(path: Path | str, source_ids: Iterable[str] | None = None) -> NotesSpec:
    """Read and check book/notes.toml (see the file's own comments for its form).

    Unknown and missing keys are ConfigErrors naming the file and line; so is a
    text that refers to a source not in source_ids (when given).
    """
    path = Path(path)
    shown = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    data, raw = load_toml(path, ConfigError, shown)
    lines = raw.split("\n")
    headers = [n for n, text in enumerate(lines, 1) if text.strip() == "[[note]]"]
    first_header = headers[0] if headers else len(lines) + 1
    _check(data, _TOP_KEYS, "notes.toml", shown, lines, 1, len(lines) + 1, None)

    titles = _lang_strings(data["title"], "title", shown, key_line(lines, "title", 1, first_header, None)) \
        if "title" in data else {}
    translations: dict[str, Translation] = {}
    for lang, entry in data.get("translation", {}).items():
        line = next((n for n, text in enumerate(lines, 1)
                     if re.match(rf"^\s*\[translation\.\"?{re.escape(lang)}\"?\]", text)),
                    key_line(lines, lang, 1, first_header, None))
        end = next((n for n in range(line + 1, len(lines) + 1) if lines[n - 1].lstrip().startswith("[")),
                   len(lines) + 1) if line else first_header
        entry = _check(entry, _TRANSLATION_KEYS, f"translation.{lang}", shown, lines, line or 1, end, line)
        translations[lang] = Translation(str(entry["by"]), str(entry["from"]), str(entry.get("credit", "")))

    known = set(source_ids) if source_ids is not None else None
    notes: list[NoteSpec] = []
    seen: dict[str, int | None] = {}
    items = data["note"]
    if not isinstance(items, list):
        raise ConfigError("note must be a list of [[note]] tables", path=shown)
    for number, item in enumerate(items):
        line = headers[number] if number < len(headers) else None
        end = headers[number + 1] if number + 1 < len(headers) else len(lines) + 1
        item = _check(item, _NOTE_KEYS, "a [[note]]", shown, lines, line or 1, end, line)
        ident = str(item["id"])
        if ident in seen:
            raise ConfigError(f"note id {ident!r} is used twice (first on line {seen[ident]})", path=shown,
                              line=line, hint="give each [[note]] an id of its own, or remove the copy")
        seen[ident] = line
        anchor_line = key_line(lines, "anchor", line or 1, end, line)
        anchors = _lang_strings(item["anchor"], f"anchor of note {ident}", shown, anchor_line)
        texts_table = item["text"]
        text_line = key_line(lines, "text", line or 1, end, line)
        if not isinstance(texts_table, dict) or not texts_table:
            raise ConfigError(f"text of note {ident} must be a table of language = text or "
                              "{ source, note }", path=shown, line=text_line)
        texts: dict[str, NoteText] = {}
        for lang, value in texts_table.items():
            where_line = key_line(lines, lang, text_line or 1, end, text_line)
            if isinstance(value, str):
                if not value.strip():
                    raise ConfigError(f"note {ident}: the {lang} text is empty", path=shown, line=where_line)
                texts[lang] = NoteText(text=value.strip())
                continue
            value = _check(value, _REF_KEYS, f"the {lang} text of note {ident}", shown, lines,
                           where_line or 1, where_line + 1 if where_line else end, where_line)
            if known is not None and str(value["source"]) not in known:
                raise ConfigError(f"note {ident}: the {lang} text names unknown source {value['source']!r}",
                                  path=shown, line=where_line, hint=f"sources: {', '.join(sorted(known))}")
            texts[lang] = NoteText(source=str(value["source"]), note=str(value["note"]),
                                   drop_opening=str(value.get("drop_opening", "")))
        for lang in sorted(anchors.keys() ^ texts.keys()):
            has, lacks = ("an anchor", "a text") if lang in anchors else ("a text", "an anchor")
            raise ConfigError(f"note {ident} has {has} for {lang} but not {lacks}", path=shown, line=line)
        editions = item.get("editions", [])
        if isinstance(editions, str):
            editions = [editions]
        if not isinstance(editions, list) or not all(isinstance(e, str) and e for e in editions):
            raise ConfigError(f"note {ident}: editions must be a list of edition names or languages",
                              path=shown, line=key_line(lines, "editions", line or 1, end, line),
                              hint='e.g. editions = ["en"] or editions = ["zh-Hans", "zh-Hant"]')
        notes.append(NoteSpec(ident, anchors, texts, line, tuple(editions)))
    return NotesSpec(shown, tuple(notes), titles, translations)


def check_note_editions(notes: NotesSpec, editions: Iterable[tuple[str, str]]) -> None:
    """Every name in a note's `editions` names an edition of the book, its language or
    its base language (editions: (name, lang) pairs); a typo would drop the note from
    every edition without a word, so it is an error naming the note's line."""
    editions = list(editions)
    known = {n.lower() for name, lang in editions for n in (name, lang, lang.split("-")[0])}
    for spec in notes.notes:
        for wanted in spec.editions:
            if wanted.lower() not in known:
                raise ConfigError(f"note {spec.ident}: {wanted!r} in its editions is neither an edition of the "
                                  "book nor a language of one", path=notes.path, line=spec.line,
                                  hint="editions: " + ", ".join(f"{name} ({lang})" for name, lang in editions))


# --- Restoring the notes in an edition -----------------------------------------

_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                             "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'"})


def _text_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Blocks holding text themselves, in reading order, notes left out."""
    for block in blocks:
        if isinstance(block, Note):
            continue
        if own_inlines(block) is not None:
            yield block
        yield from _text_blocks(child_blocks(block))


def _set_inlines(block: Block, inlines: list[Inline]) -> None:
    if isinstance(block, (Heading, Para)):
        block.inlines = inlines
    elif isinstance(block, Figure):
        block.caption = inlines


def _calls_with_prov(chapter: Chapter) -> Iterator[tuple[Provenance | None, NoteRef]]:
    """The note calls of a chapter in reading order (title, then text; not inside
    notes), each with where its block came from."""
    for node in iter_inlines(chapter.title):
        if isinstance(node, NoteRef):
            yield chapter.title_prov, node
    for block in _text_blocks(chapter.blocks):
        for node in iter_inlines(own_inlines(block) or []):
            if isinstance(node, NoteRef):
                yield getattr(block, "prov", None), node


def _chapter_calls(chapter: Chapter) -> Iterator[NoteRef]:
    """The note calls of a chapter in reading order (title, then text; not inside notes)."""
    for _, node in _calls_with_prov(chapter):
        yield node


def _call_without_note(edition: Edition, chapter: Chapter, prov: Provenance | None, ref: NoteRef,
                       sources: dict[str, Source], fallback: str | None = None) -> EditorialError:
    """The error for a call that no note of the edition answers, naming the source
    file and line of the call."""
    source = sources.get(prov.source) if prov is not None else None
    where = f"source {prov.source}" if prov is not None else f"chapter {chapter.ident!r}"
    return EditorialError(f"{where} calls note {ref.label!r} here, but edition {edition.name} has no note "
                          f"{ref.label!r} it can go to", path=source.path if source else fallback,
                          line=prov.first_line if prov is not None else None,
                          hint="the source's note was lost (cut off, or not written as a note); add it to "
                               "the source, or give its text in book/notes.toml")


def check_note_calls(edition: Edition, sources: dict[str, Source]) -> None:
    """Every call of the edition goes to a note, as the writers resolve it (one with its
    label in the same chapter, else the only one with it in the edition); else an
    EditorialError naming the source file and line of the call."""
    chapter_notes = [[b for b in iter_blocks(c.blocks) if isinstance(b, Note)] for c in edition.chapters]
    counts: dict[str, int] = {}
    for note in (n for notes_of in chapter_notes for n in notes_of):
        counts[note.label] = counts.get(note.label, 0) + 1
    for chapter, notes_of in zip(edition.chapters, chapter_notes):
        own = {n.label for n in notes_of}
        for prov, ref in _calls_with_prov(chapter):
            if ref.label not in own and counts.get(ref.label) != 1:
                raise _call_without_note(edition, chapter, prov, ref, sources)


def _note_text(note: Note) -> str:
    return block_text(note).replace("\n", " ")


def _where(note: Note) -> str:
    return str(note.prov) if note.prov else "?"


@dataclass(slots=True)
class _Found:
    block: Block
    offset: int          # plain-text offset of the anchor's end in the block


def _find_anchor(edition: Edition, anchor: str) -> list[_Found]:
    needle = anchor.translate(_QUOTE_FOLD)
    found: list[_Found] = []
    for chapter in edition.chapters:
        for block in _text_blocks(chapter.blocks):
            hay = plain_text(own_inlines(block) or [], softbreak="\n").translate(_QUOTE_FOLD)
            at = hay.find(needle)
            while at >= 0:
                found.append(_Found(block, at + len(needle)))
                at = hay.find(needle, at + len(needle))
    return found


def _source_note(spec: NotesSpec, note: NoteSpec, lang: str, ref: NoteText,
                 note_sources: dict[str, Source]) -> Note:
    """A copy of the source's own note that a NoteText refers to, its drop_opening cut off."""
    source = note_sources.get(ref.source)
    if source is None:
        raise EditorialError(f"note {note.ident}: the {lang} text comes from source {ref.source}, "
                             "which was not given to restore_notes", path=spec.path, line=note.line)
    matches = [b for b in iter_blocks(source.blocks) if isinstance(b, Note) and b.label == ref.note]
    if len(matches) != 1:
        raise EditorialError(f"note {note.ident}: source {ref.source} has {len(matches)} notes labelled "
                             f"{ref.note!r}; it must have exactly one", path=spec.path, line=note.line)
    found = copy.deepcopy(matches[0])
    if ref.drop_opening:
        first = next((b for b in iter_blocks(found.blocks) if own_inlines(b) is not None), None)
        inlines = own_inlines(first) if first is not None else None
        text = plain_text(inlines or [], softbreak="\n")
        if inlines is None or not text.lstrip().startswith(ref.drop_opening):
            raise EditorialError(f"note {note.ident}: note {ref.note} of source {ref.source} does not start "
                                 f"with the drop_opening {ref.drop_opening!r}", path=spec.path, line=note.line)
        cut = len(text) - len(text.lstrip()) + len(ref.drop_opening)
        rest = text[cut:]
        cut += len(rest) - len(rest.lstrip())
        _set_inlines(first, split_inlines(inlines, cut)[1])
    return found


def restore_notes(edition: Edition, notes: NotesSpec, note_sources: dict[str, Source],
                  log: ChangeLog) -> Edition:
    """The edition with the notes of book/notes.toml called after their anchors, every
    Note of it moved into the notes chapter (ident "notes", role "notes", added at the
    end unless the contents already made one), and all notes numbered by first call.

    note_sources: the sources that notes' texts refer to ({"002": Source}); they
    may be raw or cleaned. log: where text dropped from them (a drop_opening of a
    note used in the book) is recorded. Raises EditorialError, naming
    book/notes.toml and the entry's line, when an anchor matches nowhere or more
    than once, or when the edition's own note differs from the source note it
    should repeat. The ids of notes whose text is the editors' translation go
    into edition.meta["editors_translations"], for the colophon.
    """
    edition = copy.deepcopy(edition)
    lang = edition.lang

    # Which note each existing call goes to (as the writers resolve it): a note with
    # its label in the same chapter, else the only one with that label in the edition.
    chapter_notes = [[b for b in iter_blocks(c.blocks) if isinstance(b, Note)] for c in edition.chapters]
    all_notes = [n for notes_of in chapter_notes for n in notes_of]
    target: dict[int, Note | None] = {}
    for chapter, notes_of in zip(edition.chapters, chapter_notes):
        for ref in _chapter_calls(chapter):
            same = [n for n in notes_of if n.label == ref.label]
            anywhere = [n for n in all_notes if n.label == ref.label]
            target[id(ref)] = same[0] if same else (anywhere[0] if len(anywhere) == 1 else None)

    # Place each note of book/notes.toml.
    used: set[int] = set()
    translated: list[str] = []
    for spec in notes.notes:
        if not spec.belongs_to(edition.name, lang):
            continue
        anchor_lang = pick_key(spec.anchors, lang)
        if anchor_lang is None:
            raise EditorialError(f"note {spec.ident} has no anchor for the edition's language {lang}",
                                 path=notes.path, line=spec.line)
        anchor = spec.anchors[anchor_lang]
        found = _find_anchor(edition, anchor)
        if len(found) != 1:
            where = "nowhere" if not found else f"{len(found)} times"
            raise EditorialError(f"note {spec.ident}: the {anchor_lang} anchor {anchor!r} occurs {where} in "
                                 f"edition {edition.name}; it must occur exactly once", path=notes.path,
                                 line=spec.line, hint="give more (or other) words of the text the call follows")
        text = spec.texts[pick_key(spec.texts, lang) or anchor_lang]
        label = text.note if text.is_reference else spec.ident
        block = found[0].block
        inlines = own_inlines(block) or []
        left, right = split_inlines(inlines, found[0].offset)
        after = _first_atom(right)
        existing_ref = after if isinstance(after, NoteRef) else None
        if existing_ref is not None and existing_ref.label != label:
            raise EditorialError(f"note {spec.ident}: a call to note {existing_ref.label!r} already stands "
                                 f"after the anchor {anchor!r}", path=notes.path, line=spec.line)

        if text.is_reference:
            note = _source_note(notes, spec, anchor_lang, text, note_sources)
            own = target.get(id(existing_ref)) if existing_ref is not None else None
            if own is None:
                same = [n for n in all_notes if n.label == label and id(n) not in used]
                if len(same) > 1:
                    raise EditorialError(f"note {spec.ident}: edition {edition.name} has {len(same)} notes "
                                         f"labelled {label!r} ({', '.join(map(_where, same))})",
                                         path=notes.path, line=spec.line)
                own = same[0] if same else None
            if own is not None:
                if sentence_key(_note_text(own)) != sentence_key(_note_text(note)):
                    raise EditorialError(f"note {spec.ident}: the edition's note {label} ({_where(own)}) differs "
                                         f"from note {text.note} of source {text.source} ({_where(note)})",
                                         path=notes.path, line=spec.line,
                                         hint=f"edition: {_note_text(own)[:70]!r}… "
                                              f"source: {_note_text(note)[:70]!r}…")
                note = own   # the edition's own (its source is the one the audit counts)
            elif text.drop_opening:
                log.removed("notes", note.prov, text.drop_opening,
                            f"opening of note {text.note} of source {text.source} that is not part of the "
                            f"note (book/notes.toml, note {spec.ident})")
        else:
            note = Note(label, [Para([Text(text.text)])])
            translation = notes.translation(lang)
            if translation is not None and translation.by == "editors":
                translated.append(spec.ident)
        used.add(id(note))

        if existing_ref is None:
            existing_ref = NoteRef(label)
            _set_inlines(block, [*left, existing_ref, *right])
        target[id(existing_ref)] = note
        if all(note is not n for n in all_notes):
            all_notes.append(note)

    # Number by first call, in reading order; notes nobody calls come last.
    numbers: dict[int, str] = {}
    for chapter in edition.chapters:
        for prov, ref in _calls_with_prov(chapter):
            note = target.get(id(ref))
            if note is None:
                raise _call_without_note(edition, chapter, prov, ref, note_sources, notes.path)
            ref.label = numbers.setdefault(id(note), str(len(numbers) + 1))
    for note in all_notes:
        note.label = numbers.setdefault(id(note), str(len(numbers) + 1))
    ordered = sorted(all_notes, key=lambda n: int(n.label))

    # Move every note into the notes chapter.
    for chapter in edition.chapters:
        chapter.blocks = map_blocks(chapter.blocks, lambda b: [] if isinstance(b, Note) else [b])
    chapter = next((c for c in edition.chapters if c.role == "notes"), None)
    if chapter is None and ordered:
        chapter = Chapter(NOTES_CHAPTER_ID, [], [], role="notes", lang=lang)
        edition.chapters.append(chapter)
    if chapter is not None:
        if not plain_text(chapter.title).strip():
            chapter.title = [Text(notes.title(lang))]
        chapter.blocks = [*chapter.blocks, *ordered]
        chapter.sources = tuple(dict.fromkeys(
            [*chapter.sources, *(n.prov.source for n in ordered if n.prov)]))
    if translated:
        # the colophon says the notes' text is the editors' translation (templates/front.html.j2)
        edition.meta["editors_translations"] = translated
    return edition


def is_editors_note(note: Note) -> bool:
    """Whether a Note is an editors' note (编注), as EDITORS_NOTES makes them."""
    return any(isinstance(b, Div) and EDITORS_NOTE_CLASS in b.classes for b in note.blocks)
