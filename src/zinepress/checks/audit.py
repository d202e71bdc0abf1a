"""The audit: prove that every sentence of every source an edition uses is in it once.

How it counts. Every text block is turned into its key (sentence.sentence_key:
whitespace, punctuation width and quote style ignored) and the keys are joined
into a stream, one for the sources, one for the removed text, one for the
edition read back from its output. Each sentence of the sources (split at
sentence punctuation and at the source's own line breaks) must occur in the
edition exactly as often as it occurs in the sources minus the removed text.
Counting occurrences in streams, rather than matching sentences one to one,
keeps the audit independent of how later steps re-cut paragraphs (a line
made a heading, fragments joined).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from zinepress.changes import CUT_MARK, ChangeLog, Edit, Removal
from zinepress.errors import OutputError
from zinepress.model import INLINE_CONTAINERS, Inline, NoteRef, SoftBreak, Source, Text
from zinepress.text.sentences import has_words, sentence_key, split_sentences
from zinepress.walk import own_inlines, text_blocks

SEPARATOR = "\u2029"
CUT_HYPHENS = "-\u2010\u00ad"
# Edits of the ordering step that join two fragments: their "after" is the
# context of a short fragment they took whole.
JOIN_RULES = ("join-fragments", "dehyphenate", "drop-caps")
# A sentence whose key is shorter than this ("The", "4", "So") is checked in
# its context: with the sentences around it in its block, or as a whole block.
SHORT_KEY = 12
TEXT_SECTION_TYPES = {"chapter", "part", "appendix", "preface", "foreword", "introduction",
                      "bodymatter", "endnotes", "footnotes"}
_XHTML = "{http://www.w3.org/1999/xhtml}"
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_BLOCK_TAGS = {f"{_XHTML}{t}" for t in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
                                         "figcaption", "blockquote", "aside", "div", "td", "th", "pre")}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A sentence of a source and where it stands."""

    text: str
    key: str
    source: str
    line: int
    path: str = ""
    alone: bool = False   # a short fragment on its own: its key is the whole fragment
    context: bool = False  # a short sentence keyed with its neighbours


@dataclass(slots=True)
class Finding:
    """A sentence the edition has too few or too many times."""

    problem: str          # "missing" or "doubled"
    text: str
    source: str
    line: int
    expected: int
    found: int
    hint: str = ""

    def __str__(self) -> str:
        return (f"{self.source}:{self.line}: sentence {self.problem} (expected {self.expected}, "
                f"found {self.found}): {self.text[:80]}" + (f"\n    hint: {self.hint}" if self.hint else ""))


@dataclass(slots=True)
class AuditResult:
    """The outcome of auditing one edition's output."""

    edition: str
    output: str
    checked: int = 0
    removed: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.findings

    def to_json(self) -> dict[str, object]:
        return {"edition": self.edition, "output": self.output, "passed": self.passed,
                "sentences_checked": self.checked, "sentences_removed_by_rules": self.removed,
                "findings": [vars(f) if not hasattr(f, "__slots__") else
                             {s: getattr(f, s) for s in f.__slots__} for f in self.findings]}


def _audit_text(inlines: list[Inline]) -> str:
    """A block's text for the audit: the source's own line breaks kept, markup newlines not."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text.replace("\n", " "))
        elif isinstance(node, SoftBreak):
            parts.append("\n")
        elif isinstance(node, INLINE_CONTAINERS):
            parts.append(_audit_text(node.children))
        elif isinstance(node, NoteRef):
            continue
    return "".join(parts)


def _edited(text: str, block, edits: list[Edit]) -> str:
    """The block's text with the in-place edits the rules recorded for it applied."""
    if not block.prov:
        return text
    for edit in edits:
        if edit.source == block.prov.source and block.prov.first_line <= edit.line <= block.prov.last_line \
                and edit.before and edit.before in text:
            at = text.index(edit.before)
            after = edit.after
            lost = edit.before.count("\n") - after.count("\n")
            rest = text[at + len(edit.before):]
            if lost > 0:
                # a join took out line breaks ("ex-\ncellence" → "excellence"): put them back at the
                # next space, so that every later sentence keeps its source line
                space = next((i for i, c in enumerate(rest) if c in " \n"), len(rest))
                rest = rest[:space] + "\n" * lost + rest[space:].lstrip(" ")
            text = text[:at] + after + rest
    return text


def _without_cut_hyphen(text: str) -> str:
    """A block that ends in a hyphen after a letter ends a fragment cut mid-word
    ("replac-", "replac‐", or with a soft hyphen): the hyphen is the cut's, not the word's."""
    stripped = text.rstrip()
    return stripped[:-1] if len(stripped) > 1 and stripped[-1] in CUT_HYPHENS and stripped[-2].isalpha() else text


def source_occurrences(source: Source, edits: list[Edit] | None = None,
                       convert: Callable[[str], str] | None = None) -> tuple[list[Occurrence], list[str]]:
    """The sentences of a source as read (before cleaning), and its block keys.

    edits: in-place edits to apply first; convert: the edition's script
    conversion (OpenCC), applied to every sentence before it is keyed.
    """
    occurrences: list[Occurrence] = []
    block_keys: list[str] = []
    convert = convert or (lambda text: text)
    for block, _ in text_blocks(source.blocks):
        text = _without_cut_hyphen(_edited(_audit_text(own_inlines(block) or []), block, edits or []))
        block_keys.append(sentence_key(convert(text)))
        line = block.prov.first_line if block.prov else 0
        # a cut (an ordering split) parts fragments that the edition sets apart:
        # a short sentence's context stops there
        for segment in text.split(CUT_MARK):
            found: list[tuple[str, int]] = []
            for n, part in enumerate(segment.split("\n")):
                found += [(s, line + n) for s in split_sentences(part) if has_words(s)]
            line += segment.count("\n")
            keys = [sentence_key(convert(sentence)) for sentence, _ in found]
            for i, (sentence, at) in enumerate(found):
                key, alone = keys[i], False
                short = _weight(key) < SHORT_KEY
                if short:
                    key, alone = _in_context(keys, i)
                occurrences.append(Occurrence(" ".join(sentence.split()), key, source.ident, at, source.path,
                                              alone, short and not alone))
    return occurrences, block_keys


def _weight(key: str) -> int:
    """How telling a key is: letters and digits count 1, a Han or other wide character 3."""
    return sum(3 if ord(c) >= 0x2E80 else 1 for c in key)


def _in_context(keys: list[str], i: int) -> tuple[str, bool]:
    """The key a short sentence is counted by, and whether it stands alone: itself
    with its neighbours in the fragment until it is long enough, or else the whole
    fragment between block separators (the audit may then find it in a join)."""
    lo, hi = i, i + 1
    while _weight("".join(keys[lo:hi])) < SHORT_KEY and (lo > 0 or hi < len(keys)):
        lo, hi = max(lo - 1, 0), min(hi + 1, len(keys))
    joined = "".join(keys[lo:hi])
    if _weight(joined) < SHORT_KEY:
        return SEPARATOR + joined + SEPARATOR, True
    return joined, False


def _joined_context(occ: Occurrence, joins: list[Edit], texts: dict[str, list[str]]) -> str | None:
    """The key of the text an ordering join made of a short fragment and its
    neighbour (an edit "…left\nright…" → "…left right…"), if a join took it whole.
    texts: each source's blocks as read, for a word join's context (_word_context)."""
    bare = occ.key.strip(SEPARATOR)
    for edit in joins:
        if edit.source == occ.source and any(sentence_key(part) == bare for part in edit.before.split("\n")):
            key = sentence_key(edit.after)
            if _weight(key) < SHORT_KEY:
                return _word_context(bare, edit, texts.get(occ.source, [])) or key
            return key
    return None


def _word_context(bare: str, edit: Edit, texts: list[str]) -> str | None:
    """A word join records the word alone ("I\nn" → "In": a drop cap joined to its
    word), too short to count: its key with the rest of the sentence the other piece
    stands in, when exactly one block of the source opens (or ends) with that piece."""
    left, _, right = edit.before.partition("\n")
    if sentence_key(left) == bare:
        found = [t for t in texts if t.startswith(right) and sentence_key(t) != bare]
        if len(found) == 1:
            first = (split_sentences(found[0]) or [found[0]])[0]
            return sentence_key(edit.after + first[len(right):])
    elif sentence_key(right) == bare:
        found = [t for t in texts if t.endswith(left) and sentence_key(t) != bare]
        if len(found) == 1:
            last = (split_sentences(found[0]) or [found[0]])[-1]
            return sentence_key(last[:len(last) - len(left)] + edit.after)
    return None


def read_epub_blocks(path: Path) -> list[str]:
    """The book text of an EPUB, one string per block, in spine order.

    Only <section> elements whose epub:type marks book text count; the
    title page, navigation and colophon do not; note calls are skipped.
    """
    texts: list[str] = []
    try:
        with zipfile.ZipFile(path) as archive:
            container = etree.fromstring(archive.read("META-INF/container.xml"))
            opf_path = container.find(".//{*}rootfile").get("full-path")
            opf = etree.fromstring(archive.read(opf_path))
            manifest = {item.get("id"): item.get("href") for item in opf.iterfind(".//{*}manifest/{*}item")}
            names = set(archive.namelist())
            base = posixpath.dirname(opf_path)
            for itemref in opf.iterfind(".//{*}spine/{*}itemref"):
                href = posixpath.normpath(posixpath.join(base, manifest.get(itemref.get("idref"), "")))
                if href not in names:
                    continue            # its sentences are missing: the audit names them
                doc = etree.fromstring(archive.read(href))
                for section in doc.iter(f"{_XHTML}section"):
                    types = set((section.get(_EPUB_TYPE) or "").split())
                    if types & TEXT_SECTION_TYPES and not _inside_text_section(section):
                        texts.extend(_element_blocks(section))
    except (OSError, KeyError, AttributeError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise OutputError(f"cannot read the EPUB's text: {error}", path=str(path),
                          hint="build it again (zinepress build)") from None
    return texts


def _inside_text_section(section) -> bool:
    parent = section.getparent()
    while parent is not None:
        if parent.tag == f"{_XHTML}section" and set((parent.get(_EPUB_TYPE) or "").split()) & TEXT_SECTION_TYPES:
            return True
        parent = parent.getparent()
    return False


def _element_blocks(element) -> list[str]:
    """Text of each block element, its nested blocks given separately."""
    out: list[str] = []
    own: list[str] = []

    def collect(el, into: list[str]) -> None:
        if el.text and not _is_noteref(el):
            into.append(el.text)
        for child in el:
            if child.tag in _BLOCK_TAGS:
                out.extend(_element_blocks(child))
            elif not _is_noteref(child):
                collect(child, into)
            if child.tail:
                into.append(child.tail)

    collect(element, own)
    text = "".join(own)
    return ([text] if text.strip() else []) + out


def _is_noteref(el) -> bool:
    """A note call or a note's back-link: numbers the writer adds, not book text."""
    return "noteref" in (el.get(_EPUB_TYPE) or "").split() or el.get("role") == "doc-backlink"


def audit_edition(edition: str, sources: list[Source], changes: ChangeLog, output_blocks: list[str],
                  output_name: str, convert: Callable[[str], str] | None = None) -> AuditResult:
    """Audit one edition: its sources as read, what the rules changed, the output's blocks.

    convert is the edition's script conversion, if any (the output is in
    traditional characters, the sources in simplified ones).
    """
    result = AuditResult(edition, output_name)
    ids = {s.ident for s in sources}
    convert = convert or (lambda text: text)
    occurrences: list[Occurrence] = []
    source_keys: list[str] = []
    for source in sources:
        found, keys = source_occurrences(source, changes.edits, convert)
        occurrences.extend(found)
        source_keys.extend(keys)
    source_stream = _stream(source_keys)
    removed = [r for r in changes.removals if r.source in ids]
    # one key per line of removed text: a removal may hold several blocks
    removed_stream = _stream(sentence_key(convert(line)) for r in removed for line in r.text.split("\n"))
    output_stream = _stream(sentence_key(_without_cut_hyphen(t)) for t in output_blocks)

    joins = [e for e in changes.edits if e.rule in JOIN_RULES]
    texts = {s.ident: [_audit_text(own_inlines(b) or []).strip() for b, _ in text_blocks(s.blocks)]
             for s in sources}
    by_key: dict[str, list[Occurrence]] = {}
    in_joins: dict[str, list[Occurrence]] = {}
    for occ in occurrences:
        context = _joined_context(occ, joins, texts) if occ.alone else None
        if context is not None:
            in_joins.setdefault(context, []).append(occ)
        else:
            by_key.setdefault(occ.key, []).append(occ)
    result.checked = len(occurrences)
    removed_total = 0
    counts = [(key, occs, source_stream.count(key), removed_stream.count(key)) for key, occs in by_key.items()]
    counts += [(key, occs, len(occs), 0) for key, occs in in_joins.items()]
    for key, occs, in_source, in_removed in counts:
        removed_total += min(in_removed, len(occs))
        expected = max(in_source - in_removed, 0)
        found = output_stream.count(key)
        if found != expected and key.startswith(SEPARATOR):
            # a short fragment that a later step merged into a bigger block: counted as
            # text, as long as that tells the truth (it cannot make a count too high)
            bare = key.strip(SEPARATOR)
            if output_stream.count(bare) == max(source_stream.count(bare) - removed_stream.count(bare), 0):
                continue
        if found != expected and all(o.context for o in occs):
            # a short sentence with its neighbours, a block boundary now between them (an
            # editorial heading took the first line of a title block): the words are all
            # there, in order, once
            flat = [stream.replace(SEPARATOR, "") for stream in (source_stream, removed_stream, output_stream)]
            if flat[2].count(key) == max(flat[0].count(key) - flat[1].count(key), 0):
                continue
        if found != expected:
            problem = "missing" if found < expected else "doubled"
            first = _most_telling(occs, removed) if problem == "missing" else occs[0]
            result.findings.append(Finding(problem, first.text, first.source, first.line, expected, found,
                                           _hint(first, problem)))
    result.removed = removed_total
    result.findings.sort(key=lambda f: (f.source, f.line))
    return result


def _stream(keys) -> str:
    """Block keys as one stream, each block between separators of its own
    (so that a key that is a whole block, separators around it, counts once per block)."""
    return "".join(SEPARATOR + key + SEPARATOR for key in keys)


def _hint(occ: Occurrence, problem: str) -> str:
    """How to look at a finding: the source line, what the edition has, the rules' record."""
    where = f"sed -n {occ.line}p {occ.path}" if occ.path else f"line {occ.line} of source {occ.source}"
    did = ("a rule may have dropped or changed it without saying so, or two blocks were joined into one"
           if problem == "missing" else "it is in the edition more often than in the sources")
    return (f"see the line with `{where}`, the blocks the reader made of it with "
            f"`zinepress inspect {occ.source}`, and the removals in the build report; {did}")


def _most_telling(occs: list[Occurrence], removed: list[Removal]) -> Occurrence:
    """Of a missing sentence's occurrences, the first that no removal covers."""
    for occ in occs:
        if not any(r.source == occ.source and r.first_line <= occ.line <= r.last_line for r in removed):
            return occ
    return occs[0]


def count_by_rule(removals: list[Removal]) -> Counter:
    """How many removals each rule made."""
    return Counter(r.rule for r in removals)
