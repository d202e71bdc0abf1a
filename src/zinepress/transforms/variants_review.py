"""The editors' review of OpenCC's word-level choices, and the check that the build runs.

OpenCC converts simplified to traditional in two ways: one character for
another (the easy part), and choices a reader would notice — a phrase that
does not convert character by character (头发 → 頭髮, not 頭發), a word
localised (信息 → 資訊 with s2twp), a character with several traditional
forms (发 → 發/髮, 干 → 乾/幹/干, 后 → 後/后, 里 → 裡/里). ``variant_changes``
lists the second kind for an edition, from the OpenCC command line tool's
``--inspect`` output (its segmentation and each stage's output), in one call
per edition, on the text after glossary masking (what the glossary fixes is
not OpenCC's choice any more):

- a segment is listed when its output differs from converting its
  characters one at a time, or when it holds a character with more than one
  candidate in the configuration's first (character) stage;
- the key is the whole segment when it is a dictionary phrase; otherwise the
  span a later stage changed (found with difflib, widened to the later
  stage's phrase), or the single character with several candidates.

book/variants.toml holds the review, per OpenCC configuration: each change
accepted (``[s2tw.accept]`` with ``"头发" = "頭髮"``), or else overridden by a
term of book/glossary.toml, which masks it. ``check_variants`` fails the
build when a change nobody reviewed appears, or a glossary count is off.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import opencc

from zinepress import deps
from zinepress.bookfiles.config import EditionConfig
from zinepress.bookfiles.toml import load_toml
from zinepress.errors import ConfigError, EditorialError, EnvironmentProblem
from zinepress.model import Edition
from zinepress.text.cjk import HAN_RE
from zinepress.transforms.variants import (
    COUNT_HINT,
    Conversion,
    Term,
    chinese_passages,
    edition_conversion,
    glossary_count_message,
)
from zinepress.walk import text_leaves

REVIEW_FILE = "variants.toml"
_CLIB = Path(opencc.__file__).parent / "clib"
_SENTENCE_END = "。！？!?；\n"
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")    # not allowed in a TOML comment
_HAN = HAN_RE


# --- What OpenCC's dictionaries say ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Dictionaries:
    """What a configuration's dictionaries say, for judging its segments.

    phrases: the segmentation dictionary's keys of two characters or more;
    candidates: each character's forms in the first conversion stage;
    later_phrases: keys of two characters or more of the later stages.
    """

    phrases: frozenset[str]
    candidates: dict[str, tuple[str, ...]]
    later_phrases: frozenset[str]
    longest_later: int


def _tool(name: str) -> Path:
    path = _CLIB / "bin" / name
    if not path.exists():
        raise EnvironmentProblem(f"the opencc package has no command line tool {name}",
                                 path=str(path), hint="install the opencc version pinned in pyproject.toml "
                                                      "(scripts/setup does)")
    return path


def config_file(config: str) -> Path:
    """The JSON file of an OpenCC configuration shipped with the opencc package."""
    path = _CLIB / "share" / "opencc" / (config if config.endswith(".json") else f"{config}.json")
    if not path.exists():
        raise ConfigError(f"OpenCC has no configuration {config!r}", path="book/book.toml",
                          hint="use one of OpenCC's: s2t, s2tw, s2twp, s2hk…")
    return path


def _dict_files(spec: dict) -> list[tuple[str, str]]:
    """The (type, file) of each dictionary in a configuration's dict entry, in order."""
    if spec.get("type") == "group":
        return [f for d in spec.get("dicts", []) for f in _dict_files(d)]
    return [(str(spec.get("type")), str(spec.get("file")))]


def _read_dict(kind: str, name: str, scratch: Path) -> dict[str, tuple[str, ...]]:
    path = _CLIB / "share" / "opencc" / name
    if kind == "ocd2":
        out = scratch / f"{Path(name).stem}.txt"
        subprocess.run([str(_tool("opencc_dict")), "-i", str(path), "-f", "ocd2", "-o", str(out), "-t", "text"],
                       check=True, capture_output=True)
        path = out
    entries: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key:
            entries[key] = tuple(values.split())
    return entries


@lru_cache(maxsize=None)
def dictionaries(config: str) -> Dictionaries:
    """The dictionaries of a configuration, dumped with opencc_dict (a few hundredths of a second)."""
    spec = json.loads(config_file(config).read_text(encoding="utf-8"))
    chain = spec.get("conversion_chain", [])
    with tempfile.TemporaryDirectory(prefix="zinepress-opencc-") as tmp:
        scratch = Path(tmp)
        read = lambda files: [_read_dict(kind, name, scratch) for kind, name in files]  # noqa: E731
        segmentation = read(_dict_files(spec.get("segmentation", {}).get("dict", {})))
        first = read(_dict_files(chain[0]["dict"])) if chain else []
        later = read([f for step in chain[1:] for f in _dict_files(step["dict"])])
    candidates: dict[str, tuple[str, ...]] = {}
    for entries in first:
        for key, values in entries.items():
            if len(key) == 1:
                candidates[key] = tuple(dict.fromkeys(candidates.get(key, ()) + values))
    later_keys = frozenset(k for entries in later for k in entries if len(k) > 1)
    return Dictionaries(frozenset(k for entries in segmentation for k in entries if len(k) > 1), candidates,
                        later_keys, max((len(k) for k in later_keys), default=0))


def inspect(config: str, texts: list[str]) -> list[tuple[list[str], list[str], list[str]]]:
    """OpenCC's segmentation of each text, with each segment's output of the first and
    last conversion stages: one run of the command line tool for all the texts."""
    if not texts:
        return []
    result = subprocess.run([str(_tool("opencc")), "-c", str(config_file(config)), "--inspect"],
                            input="\n".join(texts) + "\n", capture_output=True, text=True, encoding="utf-8")
    if result.returncode:
        raise EnvironmentProblem(f"opencc --inspect failed: {result.stderr.strip()[:300]}")
    decoder = json.JSONDecoder()
    out: list[tuple[list[str], list[str], list[str]]] = []
    pos, data = 0, result.stdout
    for text in texts:
        while pos < len(data) and data[pos].isspace():
            pos += 1
        record, pos = decoder.raw_decode(data, pos)
        if record.get("input") != text:
            raise RuntimeError(f"opencc --inspect answered for another line: {record.get('input')!r}")
        stage = record
        while stage.get("pipelineStages"):
            stage = stage["pipelineStages"][-1]
        segments = stage.get("segments") or [record["output"]]
        stages = stage.get("stages") or [{"segments": segments}]
        out.append((segments, stages[0]["segments"], stages[-1]["segments"]))
    return out


# --- The changes ------------------------------------------------------------------


@dataclass(slots=True)
class Change:
    """One change OpenCC made beyond one-to-one character mapping, over the edition."""

    simplified: str
    traditional: str
    charwise: str = ""                      # what converting it character by character gives
    candidates: tuple[str, ...] = ()        # a single character's forms, if it has several
    phrase: bool = False                    # the key is a phrase of the segmentation dictionary
    localised: bool = False                 # a later stage's phrase replaced it
    count: int = 0
    sentences: list[str] = field(default_factory=list)   # each distinct sentence, key marked ⟦…⟧

    @property
    def kind(self) -> str:
        """one-to-many: a character with several forms, in its usual one; phrase: a dictionary
        phrase converted otherwise than character by character; phrase, usual forms: a
        phrase holding a one-to-many character, in its usual form; localisation: a later
        stage (s2twp's Taiwan vocabulary…) replaced part of the text."""
        if self.candidates:
            return "one-to-many"
        if self.localised or not self.phrase:
            return "localisation"
        return "phrase" if self.traditional != self.charwise else "phrase, usual forms"

    def describe(self) -> str:
        """simplified → traditional, with a character's forms, or what character by character gives."""
        if self.candidates:
            return f"{self.simplified} → {self.traditional} ({'/'.join(self.candidates)})"
        if self.traditional != self.charwise:
            return f"{self.simplified} → {self.traditional} (not {self.charwise})"
        return f"{self.simplified} → {self.traditional}"


def _sentence(text: str, start: int, end: int, width: int = 36) -> str:
    """The sentence of text around [start, end), the span marked, cut to about width on each side."""
    left = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    before, after = text[left:start].lstrip(), text[end:right].rstrip()
    if len(before) > width:
        before = "…" + before[-width:]
    if len(after) > width:
        after = after[:width] + "…"
    return f"{before}⟦{text[start:end]}⟧{after}"


def _segment_changes(segment: str, first: str, final: str, charwise: list[str],
                     dicts: Dictionaries) -> list[tuple[int, int, str, bool]]:
    """The listed (start, end, traditional, localised) spans of one segment (see the module
    docstring); localised: a later stage's phrase replaced the span."""
    many = [i for i, c in enumerate(segment) if len(dicts.candidates.get(c, ())) > 1]
    joined = "".join(charwise)
    if len(segment) > 1 and segment in dicts.phrases:
        localised = final != first and any(
            first[i:i + size] in dicts.later_phrases
            for size in range(2, min(dicts.longest_later, len(first)) + 1) for i in range(len(first) - size + 1))
        return [(0, len(segment), final, localised)] if final != joined or many else []
    if any(len(c) != 1 for c in charwise):
        return [(0, len(segment), final, True)] if final != joined or many else []
    matcher = difflib.SequenceMatcher(None, joined, final, autojunk=False)
    spans: list[list[int]] = []
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        span = _widened(i1, i2, first if len(first) == len(segment) else segment, dicts)
        if span[0] == span[1]:      # text added between two characters, in no phrase: the pair changed
            span = [max(i1 - 1, 0), min(i2 + 1, len(segment))]
        spans.append(span)
    merged: list[list[int]] = []
    for span in sorted(spans):
        if merged and span[0] < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span[1])
        else:
            merged.append(span)
    blocks = matcher.get_matching_blocks()

    def target(i: int, end: bool) -> int | None:
        """Where a span's start (or end) boundary i falls in the output: text inserted
        at the boundary belongs to the span."""
        if i in (0, len(joined)):
            return 0 if i == 0 else len(final)
        starts = {a: b for a, b, size in blocks if size}
        ends = {a + size: b + size for a, b, size in blocks if size}
        first, second = (starts, ends) if end else (ends, starts)
        if i in first or i in second:
            return first[i] if i in first else second[i]
        return next((b + i - a for a, b, size in blocks if a < i < a + size), None)

    out: list[tuple[int, int, str, bool]] = []
    for start, end in merged:
        j1, j2 = target(start, False), target(end, True)
        if j1 is None or j2 is None:
            return [(0, len(segment), final, True)]
        out.append((start, end, final[j1:j2], True))
    for i in many:
        if not any(start <= i < end for start, end in merged):
            out.append((i, i + 1, joined[i], False))
    return sorted(out)


def _widened(start: int, end: int, text: str, dicts: Dictionaries) -> list[int]:
    """[start, end) widened to cover the later stages' phrases that overlap it (for an
    empty span, an insertion point: the phrases it stands in or beside)."""
    new_start, new_end = start, end
    for pos in range(max(0, start - dicts.longest_later), end if end > start else end + 1):
        for size in range(min(dicts.longest_later, len(text) - pos), 1, -1):
            overlaps = pos + size > start if end > start else pos <= start <= pos + size
            if overlaps and text[pos:pos + size] in dicts.later_phrases:
                new_start, new_end = min(new_start, pos), max(new_end, pos + size)
                break
    return [new_start, new_end]


def variant_changes(edition: Edition, conversion: Conversion) -> list[Change]:
    """The changes OpenCC makes beyond one-to-one character mapping in an edition's
    Chinese text (as it stands before conversion), glossary terms masked, in the
    order of their first occurrence."""
    dicts = dictionaries(conversion.config)
    units: list[tuple[str, str, int]] = []      # (masked text, masked passage, offset in passage)
    for inlines, texts in chinese_passages(edition):
        converted = {id(node) for node in texts}
        leaves = [(node, conversion.mask(node.text)) for node in text_leaves(inlines)]
        passage = "".join(text for _, text in leaves)      # with passages in other languages, to show
        offset = 0
        for node, text in leaves:
            if id(node) in converted and _HAN.search(text):
                units.append((re.sub(r"[\n\r]", " ", text), passage, offset))
            offset += len(text)
    unique = list(dict.fromkeys(text for text, _, _ in units))
    inspected = dict(zip(unique, inspect(conversion.config, unique)))
    charwise_cache: dict[str, str] = {}

    def charwise(char: str) -> str:
        if char not in charwise_cache:
            charwise_cache[char] = conversion.engine.convert(char)
        return charwise_cache[char]

    changes: dict[tuple[str, str], Change] = {}
    for text, passage, offset in units:
        segments, firsts, finals = inspected[text]
        if len(firsts) != len(segments) or len(finals) != len(segments):
            raise RuntimeError(f"opencc --inspect gave stages that do not match its segments: {text[:40]!r}")
        pos = 0
        for segment, first, final in zip(segments, firsts, finals):
            for start, end, traditional, localised in _segment_changes(segment, first, final,
                                                                       [charwise(c) for c in segment], dicts):
                key = segment[start:end]
                change = changes.get((key, traditional))
                if change is None:
                    candidates = dicts.candidates.get(key, ()) if len(key) == 1 else ()
                    change = changes[(key, traditional)] = Change(
                        key, traditional, "".join(charwise(c) for c in key),
                        candidates if len(candidates) > 1 else (), len(key) > 1 and key in dicts.phrases,
                        localised)
                change.count += 1
                at = offset + pos + start
                sentence = conversion.unmask(_sentence(passage, at, at + len(key)), anchors=True)
                if sentence not in change.sentences:
                    change.sentences.append(sentence)
            pos += len(segment)
    return list(changes.values())


# --- The review file --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Review:
    """book/variants.toml: per OpenCC configuration, the accepted changes
    (simplified -> accepted traditional forms) and the line of each."""

    path: str
    accepted: dict[str, dict[str, tuple[str, ...]]]
    lines: dict[tuple[str, str], int]
    tables: set[str]

    def is_accepted(self, config: str, change: Change) -> bool:
        return change.traditional in self.accepted.get(config, {}).get(change.simplified, ())


# A line `key = ...` of a TOML table, the key bare or in double quotes.
_KEY_LINE = re.compile(r'^\s*(?:"([^"]+)"|([^\s="]+))\s*=')


def load_review(path: Path) -> Review:
    """Read and check book/variants.toml (its header explains the form); a missing file
    reviews nothing."""
    shown = f"{path.parent.name}/{path.name}"
    if not deps.exists(path):
        return Review(shown, {}, {}, set())
    data, raw = load_toml(path, ConfigError, shown)
    lines = raw.split("\n")
    accepted: dict[str, dict[str, tuple[str, ...]]] = {}
    where: dict[tuple[str, str], int] = {}
    tables: set[str] = set()
    for config, table in data.items():
        header = next((n for n, text in enumerate(lines, 1)
                       if re.match(rf"^\s*\[\s*\"?{re.escape(config)}\"?\s*[.\]]", text)), None)
        if not isinstance(table, dict):
            raise ConfigError(f"{config} must be a table of the changes reviewed for that OpenCC "
                              "configuration ([{config}.accept])", path=shown, line=header)
        for key in table:
            if key != "accept":
                raise ConfigError(f"unknown key {key!r} in [{config}]", path=shown, line=header,
                                  hint="each configuration's table holds accept only")
        tables.add(config)
        start = next((n for n, text in enumerate(lines, 1)
                      if re.match(rf"^\s*\[\s*\"?{re.escape(config)}\"?\s*\.\s*accept\s*\]", text)), 1)
        forms: dict[str, tuple[str, ...]] = {}
        key_lines: dict[str, int] = {}          # each key's first line after the table's header
        for n in range(len(lines), start - 1, -1):
            match = _KEY_LINE.match(lines[n - 1])
            if match:
                key_lines[match.group(1) or match.group(2)] = n
        for simplified, value in table.get("accept", {}).items():
            line = key_lines.get(simplified)
            values = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list) else ()
            if not values or not all(isinstance(v, str) and v for v in values):
                raise ConfigError(f"[{config}.accept] {simplified}: give the accepted traditional form, "
                                  "or a list of them", path=shown, line=line)
            forms[simplified] = values
            if line:
                where[(config, simplified)] = line
        accepted[config] = forms
    return Review(shown, accepted, where, tables)


def review_path(book_dir: Path) -> Path:
    return Path(book_dir) / REVIEW_FILE


# --- The check and its report ---------------------------------------------------


@dataclass(slots=True)
class EditionReview:
    """One edition's changes, which of them nobody reviewed, and the glossary's counts."""

    edition: str
    config: str
    changes: list[Change]
    unreviewed: list[Change]
    stale: list[tuple[str, str]]           # accepted forms that no longer occur
    term_counts: dict[str, int]
    count_problems: list[tuple[Term, str]]
    glossary_path: str = ""


def review_edition(book_dir: Path, edition_name: str, config: str, edition: Edition,
                   review: Review | None = None) -> EditionReview:
    """Review an edition's text as it stands before conversion."""
    conversion = edition_conversion(book_dir, config)
    review = review or load_review(review_path(book_dir))
    changes = variant_changes(edition, conversion)
    found = conversion.count_terms(edition)
    occurring = {(c.simplified, c.traditional) for c in changes}
    stale = [(simplified, form) for simplified, forms in review.accepted.get(config, {}).items()
             for form in forms if (simplified, form) not in occurring]
    return EditionReview(edition_name, config, changes,
                         [c for c in changes if not review.is_accepted(config, c)], stale,
                         {t.anchor: found[t.anchor] for t in conversion.glossary.terms},
                         conversion.count_problems(found, edition_name), conversion.glossary.path)


def check_variants(book_dir: Path, editions: Iterable[EditionConfig],
                   text_of: Callable[[EditionConfig], Edition]) -> str:
    """Fail the build (EditorialError) when an edition converted by OpenCC has a change
    nobody reviewed in book/variants.toml, or a glossary term whose count is off;
    else say what was checked ("" when no edition is converted).

    editions: the EditionConfigs being built; text_of: an edition's text before conversion.
    """
    review = load_review(review_path(book_dir))
    counts: list[tuple[Term, str]] = []
    glossary = ""
    unreviewed: list[str] = []
    names: list[str] = []
    checked: list[str] = []
    for edition_cfg in editions:
        if not edition_cfg.opencc:
            continue
        result = review_edition(book_dir, edition_cfg.name, edition_cfg.opencc, text_of(edition_cfg), review)
        checked.append(f"{result.edition} ({result.config}) {len(result.changes)} changes, "
                       f"{len(result.term_counts)} glossary terms")
        counts.extend(result.count_problems)
        glossary = result.glossary_path
        if result.unreviewed:
            names.append(edition_cfg.name)
            unreviewed.append(f"edition {result.edition} ({result.config}): {len(result.unreviewed)} "
                              f"changes nobody reviewed:")
            unreviewed.extend(f"  {c.describe()}  ×{c.count}  {c.sentences[0]}" for c in result.unreviewed[:30])
            if len(result.unreviewed) > 30:
                unreviewed.append(f"  … and {len(result.unreviewed) - 30} more")
    if counts:
        message = glossary_count_message(glossary, counts)
        if unreviewed:
            message += "\nand OpenCC made changes that nobody reviewed:\n" + "\n".join(unreviewed)
        raise EditorialError(message, path=glossary, line=counts[0][0].line,
                             hint=COUNT_HINT + (_review_hint(names, review) if unreviewed else ""))
    if unreviewed:
        raise EditorialError("OpenCC made changes that nobody reviewed\n" + "\n".join(unreviewed),
                             path=review.path, hint=_review_hint(names, review).removeprefix("; "))
    return f"script variants reviewed: {'; '.join(checked)}" if checked else ""


def _review_hint(names: list[str], review: Review) -> str:
    commands = " and ".join(f"zinepress variants diff --edition {n}" for n in names)
    return (f"; run {commands} and review them: accept each in {review.path} (add --toml to print "
            f"them in its form), or override it with a term in glossary.toml")


def format_diff(result: EditionReview, review: Review, all_sentences: bool = False) -> str:
    """The listing `zinepress variants diff` prints for one edition."""
    lines = [f"{result.edition} ({result.config}): {len(result.changes)} changes beyond one-to-one "
             f"character mapping, {len(result.changes) - len(result.unreviewed)} accepted, "
             f"{len(result.unreviewed)} not reviewed"]
    unreviewed = {id(c) for c in result.unreviewed}
    for change in result.changes:
        mark = "NEW" if id(change) in unreviewed else "ok "
        lines.append(f"  {mark} {change.describe()}  ×{change.count}  [{change.kind}]  {change.sentences[0]}")
        if all_sentences:
            lines.extend(f"          {s}" for s in change.sentences[1:])
    for simplified, form in result.stale:
        lines.append(f"  gone {simplified} → {form}: accepted in {review.path} but no longer in the text")
    if result.term_counts:
        lines.append(f"glossary: {len(result.term_counts)} terms")
        lines.extend(f"  {anchor} ×{count}" for anchor, count in result.term_counts.items())
    lines.extend(f"  {result.glossary_path}:{term.line}: {message}" for term, message in result.count_problems)
    return "\n".join(lines)


def format_toml(result: EditionReview, review: Review, printed: set[str] | None = None) -> str:
    """The changes nobody reviewed, in book/variants.toml's form, to paste. printed: the
    configurations whose table header was already printed (updated)."""
    if not result.unreviewed:
        return f"# {result.edition} ({result.config}): every change is reviewed\n"
    table = f"{result.config}.accept"
    out = [f"# {result.edition} ({result.config}): {len(result.unreviewed)} changes not reviewed. Paste the "
           f"lines of those that are right",
           f"# under [{table}] in {review.path}; override the others with a term in glossary.toml."]
    printed = printed if printed is not None else set()
    out.append(f"[{table}]" if result.config not in review.tables | printed else f"# [{table}]")
    printed.add(result.config)
    accepted = review.accepted.get(result.config, {})
    for change in result.unreviewed:
        forms = accepted.get(change.simplified, ())
        value = _toml_string(change.traditional) if not forms else \
            "[" + ", ".join(_toml_string(f) for f in (*forms, change.traditional)) + "]"
        replaces = f" (replaces line {review.lines[(result.config, change.simplified)]})" \
            if forms and (result.config, change.simplified) in review.lines else ""
        comment = _CONTROL.sub(" ", f"×{change.count} {change.kind}{replaces}: {change.sentences[0]}")
        out.append(f"{_toml_string(change.simplified)} = {value}  # {comment}")
    return "\n".join(out) + "\n"


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
