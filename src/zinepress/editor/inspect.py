"""Describing sources for an editor: what each file looks like, what the readers
make of it and what the cleaning rules do to it (`zinepress sources`,
`zinepress inspect`).

The functions here return plain data; the format_* functions turn it into the
text the command line prints.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from zinepress.bookfiles.config import BookConfig
from zinepress.changes import ChangeLog
from zinepress.errors import ConfigError, ZinepressError
from zinepress.model import (
    Block,
    BlockQuote,
    Div,
    Figure,
    Heading,
    ListBlock,
    Note,
    Source,
)
from zinepress.pipeline import clean_source
from zinepress.readers import reader_for
from zinepress.readers.files import count_lines, guess_encoding
from zinepress.transforms.cleaning import all_rules, rules_for
from zinepress.walk import (
    block_text,
    child_blocks,
    iter_blocks,
    own_inlines,
    plain_text,
)

PREVIEW_WIDTH = 70          # columns of text shown per block (a CJK character takes two)
SEEDS_DIR = "seeds"


# --- What a file looks like --------------------------------------------------

_FRONT_MATTER = re.compile(r"\A\ufeff?(?:[ \t]*\n)*---[ \t]*\n.*?\n---[ \t]*\n", re.S)
_HTML = re.compile(r"<(?:html|body|div|article|p|figure|section)\b", re.I)
_WP_CLASSES = re.compile(r"class=\"[^\"]*\b(?:wp-[\w-]+|entry-(?:content|title|meta)|sharedaddy|"
                         r"jetpack[\w-]*|post-\d+|hentry)\b")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_LINK = re.compile(r"!?\[[^\]\n]+\]\([^)\s]+\)")
_MD_STRONG = re.compile(r"\*\*[^*\n]+\*\*")
_PAGE_LINE = re.compile(r"(?:\A|\n)[ \t]*\n[ \t]*\d{1,3}[ \t]*\n[ \t]*(?=\n)")
_SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]")
_CONTENTS_ENTRY = re.compile(r"^[^\t\n]+\t[ \t]*\d+[ \t]*$", re.M)
_MUSE = re.compile(r"\A\ufeff?#(?:title|author)\s")
_GUTENBERG = re.compile(r"^\*\*\*\s*START OF (?:THE|THIS) PROJECT GUTENBERG EBOOK", re.M | re.I)


def guess_kind(text: str) -> tuple[str, str]:
    """The reader kind a file's text looks like, and why: HTML tags or WordPress
    classes → wordpress; Project Gutenberg's start marker or a Muse header → plaintext; front
    matter or Markdown markup → markdown; the signs
    of a PDF extract (page-number lines, form feeds, superscript note digits,
    a contents page with page numbers) → pdftext; else plaintext."""
    tags = len(_HTML.findall(text))
    wp_classes = len(_WP_CLASSES.findall(text))
    if wp_classes or "<html" in text.lower() or tags >= 3:
        signs = [f"{tags} HTML block tags"] + ([f"{wp_classes} WordPress classes"] if wp_classes else [])
        return "wordpress", ", ".join(signs)
    if _GUTENBERG.search(text):
        return "plaintext", "Project Gutenberg's start marker"
    if _MUSE.match(text):
        return "plaintext", "a Muse header (#title, #author: The Anarchist Library's plain-text source)"
    front = bool(_FRONT_MATTER.match(text))
    markup = {"headings": len(_MD_HEADING.findall(text)), "links": len(_MD_LINK.findall(text)),
              "bold": len(_MD_STRONG.findall(text))}
    if front or sum(markup.values()) >= 2:
        signs = (["front matter"] if front else []) + [f"{n} {what}" for what, n in markup.items() if n]
        return "markdown", ", ".join(signs)
    pdf = {"form feeds": text.count("\f"), "page-number lines": len(_PAGE_LINE.findall(text)),
           "superscript note digits": len(_SUPERSCRIPT.findall(text)),
           "contents entries with page numbers": len(_CONTENTS_ENTRY.findall(text))}
    found = {what: n for what, n in pdf.items() if n}
    if pdf["form feeds"] or len(found) >= 2:
        return "pdftext", ", ".join(f"{n} {what}" for what, n in found.items())
    return "plaintext", "no markup, no page furniture"


def detect_encoding(data: bytes) -> str:
    """"utf-8" (or "utf-8 with BOM"), else what the bytes look like ("GBK", "Big5",
    "UTF-16", …), by the readers' own guess (readers/files.py)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return guess_encoding(data) or "not UTF-8 (unknown)"
    return "utf-8 with BOM" if data.startswith(b"\xef\xbb\xbf") else "utf-8"


def _decoded(data: bytes, encoding: str) -> str:
    """The text of a file, for guessing its kind even when it is not UTF-8."""
    for name in ("utf-8-sig", {"GBK": "GB18030", "UTF-16": "utf-16"}.get(encoding, encoding)):
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


# --- `zinepress sources` -----------------------------------------------------


@dataclass(slots=True)
class SourceSummary:
    """One file: a declared source (ident set) or a stray file beside them."""

    file: str                       # relative to the project folder
    size: int
    encoding: str
    lines: int
    guessed: str
    why: str                        # the signs the guess rests on
    ident: str = ""
    kind: str = ""                  # as declared in book.toml
    blocks: int | None = None       # as read
    cleaned: int | None = None      # left after cleaning
    removals: int | None = None
    edits: int | None = None
    problem: str = ""               # why it could not be read or cleaned

    @property
    def mismatch(self) -> bool:
        """Declared one kind, looks like another (a file that is not there looks like nothing)."""
        return bool(self.kind) and self.guessed not in (self.kind, "-")


def _describe_file(path: Path, root: Path) -> SourceSummary:
    data = path.read_bytes()
    encoding = detect_encoding(data)
    guessed, why = guess_kind(_decoded(data, encoding))
    return SourceSummary(os.path.relpath(path, root), len(data), encoding, count_lines(data), guessed, why)


def describe_sources(config: BookConfig) -> tuple[list[SourceSummary], list[SourceSummary]]:
    """Each source of book.toml as read and cleaned, and the files in seeds/ (and
    in the sources' folders) that book.toml does not name."""
    declared: list[SourceSummary] = []
    for ident, cfg in config.sources.items():
        if not cfg.file.is_file():
            declared.append(SourceSummary(os.path.relpath(cfg.file, config.root), 0, "-", 0, "-", "",
                                          ident, cfg.kind, problem="file not found"))
            continue
        summary = _describe_file(cfg.file, config.root)
        summary.ident, summary.kind = ident, cfg.kind
        try:
            raw = reader_for(cfg.kind)(cfg.file, ident, cfg.lang)
            summary.blocks = sum(1 for _ in iter_blocks(raw.blocks))
            log = ChangeLog()
            cleaned = clean_source(config, raw, log)
            summary.cleaned = sum(1 for _ in iter_blocks(cleaned.blocks))
            summary.removals = sum(1 for r in log.removals if r.source == ident)
            summary.edits = sum(1 for e in log.edits if e.source == ident)
        except ZinepressError as err:
            summary.problem = str(err).replace("\n  hint: ", "; ").replace("\n", " ")
        declared.append(summary)
    named = {cfg.file.resolve() for cfg in config.sources.values()}
    folders = {(config.root / SEEDS_DIR).resolve()} | {cfg.file.parent.resolve() for cfg in config.sources.values()}
    strays = [_describe_file(path, config.root)
              for folder in sorted(folders) if folder.is_dir()
              for path in sorted(folder.iterdir())
              if path.is_file() and not path.name.startswith(".") and path.resolve() not in named]
    return declared, strays


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KiB"


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.rjust(w) if i in right else cell.ljust(w)
                      for i, (cell, w) in enumerate(zip(row, widths))).rstrip() for row in rows]


def format_sources(declared: list[SourceSummary], strays: list[SourceSummary]) -> str:
    """The table `zinepress sources` prints, with notes on mismatches and strays."""
    def number(n: int | None) -> str:
        return "-" if n is None else str(n)

    rows = [["id", "file", "kind", "guessed", "size", "encoding", "lines", "blocks", "cleaned", "removals"]]
    for s in declared:
        rows.append([s.ident, s.file, s.kind, ("≠ " if s.mismatch else "") + s.guessed, _size(s.size),
                     s.encoding, str(s.lines), number(s.blocks), number(s.cleaned), number(s.removals)])
    out = _table(rows, right={4, 6, 7, 8, 9})
    for s in declared:
        if s.mismatch:
            out.append(f"  {s.ident}: declared {s.kind}, but it looks like {s.guessed} ({s.why}); "
                       f"check kind = in book.toml")
        if s.problem:
            out.append(f"  {s.ident}: not read: {s.problem}")
    if strays:
        out += ["", "not in book.toml: add a [[source]] for each file the book uses"]
        rows = [["file", "guessed", "size", "encoding", "lines", "why"]]
        rows += [[s.file, s.guessed, _size(s.size), s.encoding, str(s.lines), s.why] for s in strays]
        out += ["  " + line for line in _table(rows, right={2, 4})]
        if any(s.encoding not in ("utf-8", "utf-8 with BOM") for s in strays):
            out.append("  (the readers take UTF-8 only: convert the others first, e.g. "
                       "iconv -f GBK -t UTF-8 FILE > FILE.utf8)")
    return "\n".join(out) + "\n"


# --- `zinepress inspect SOURCE` ----------------------------------------------


@dataclass(slots=True)
class BlockView:
    """One block as read, and what the cleaning rules did to it."""

    index: int                      # position among all blocks, depth first (iter_blocks)
    depth: int
    kind: str                       # heading 2, para, quote, list, figure, note 1, div.sharedaddy…
    first_line: int
    last_line: int
    text: str                       # its text, whitespace collapsed (a container: how many blocks)
    own_text: str                   # the text it holds itself (not its children's), soft breaks kept
    parent: int | None = None
    removed_by: list[str] = field(default_factory=list)
    part_removed_by: list[str] = field(default_factory=list)   # a removal inside it, smaller than it
    edited_by: Counter = field(default_factory=Counter)
    reasons: list[str] = field(default_factory=list)          # "rule: reason" of each removal

    @property
    def lines(self) -> str:
        if not self.first_line:
            return "?"
        return str(self.first_line) if self.first_line == self.last_line else f"{self.first_line}–{self.last_line}"


@dataclass(slots=True)
class RuleTally:
    rule: str
    summary: str
    removals: int = 0
    edits: int = 0
    blocks: int = 0                 # blocks as read that it removed or edited


@dataclass(slots=True)
class Inspection:
    ident: str
    file: str
    kind: str
    lang: str
    lines: int
    blocks: list[BlockView]
    cleaned_blocks: int
    rules: list[RuleTally]          # in the order they first changed something
    idle_rules: list[str]           # rules that ran on this source and changed nothing
    unplaced: list[str]             # changes whose lines hold no block as read


def find_source(config: BookConfig, name: str) -> str:
    """The id of the source called name: its id, or its file's path (as given, or
    relative to the project folder)."""
    if name in config.sources:
        return name
    for candidate in (Path(name), config.root / name):
        for ident, cfg in config.sources.items():
            if candidate.exists() and candidate.resolve() == cfg.file.resolve():
                return ident
    hint = f"sources: {', '.join(config.sources)}"
    if Path(name).is_file() or (config.root / name).is_file():
        hint = (f"the file is not in book.toml: add a [[source]] for it (zinepress sources guesses its "
                f"kind); {hint}")
    raise ConfigError(f"no source {name!r} in book.toml", path=str(config.book_dir / "book.toml"), hint=hint)


def _kind_label(block: Block) -> str:
    if isinstance(block, Heading):
        return f"heading {block.level}"
    if isinstance(block, BlockQuote):
        return "quote"
    if isinstance(block, ListBlock):
        return "list (numbered)" if block.ordered else "list"
    if isinstance(block, Note):
        return f"note {block.label}"
    if isinstance(block, Div):
        label = ".".join(("div",) + block.classes[:2])
        return label + (f" lang={block.lang}" if block.lang else "")
    return block.kind


def _views(blocks: list[Block]) -> list[BlockView]:
    views: list[BlockView] = []

    def walk(items: list[Block], depth: int, parent: int | None) -> None:
        for block in items:
            prov = block.prov
            inlines = own_inlines(block)
            own = plain_text(inlines) if inlines else ""
            children = child_blocks(block)
            text = " ".join(plain_text(inlines).split()) if inlines is not None else ""
            if isinstance(block, Figure):
                pictures = " ".join(f"[picture {image.src.rsplit('/', 1)[-1]}]" for image in block.images)
                text = f"{pictures} {text}".strip()
            if children and not text:               # a container: its text is in the lines below
                text = f"({len(children)} block{'s' if len(children) != 1 else ''})"
            elif not text:
                text = " ".join(block_text(block).split())
            views.append(BlockView(len(views), depth, _kind_label(block), prov.first_line if prov else 0,
                                   prov.last_line if prov else 0, text, own, parent))
            walk(children, depth + 1, len(views) - 1)

    walk(blocks, 0, None)
    return views


def _innermost(views: list[BlockView], first: int, last: int) -> BlockView | None:
    inside = [v for v in views if v.first_line and v.first_line <= first and last <= v.last_line]
    return max(inside, key=lambda v: (v.depth, -v.index)) if inside else None


def inspect_source(config: BookConfig, name: str) -> Inspection:
    """The blocks of one source as read, each with the cleaning rules that removed
    or edited it (matched by source id and line range), and a tally by rule."""
    ident = find_source(config, name)
    cfg = config.sources[ident]
    raw: Source = reader_for(cfg.kind)(cfg.file, ident, cfg.lang)
    views = _views(raw.blocks)
    log = ChangeLog()
    cleaned = clean_source(config, raw, log)   # cleans a copy

    summaries = dict(all_rules())
    tallies: dict[str, RuleTally] = {}
    touched: dict[str, set[int]] = {}
    unplaced: list[str] = []

    def tally(rule: str) -> RuleTally:
        touched.setdefault(rule, set())
        return tallies.setdefault(rule, RuleTally(rule, summaries.get(rule, "")))

    for removal in (r for r in log.removals if r.source == ident):
        tally(removal.rule).removals += 1
        covered = [v for v in views if v.first_line and removal.first_line <= v.first_line
                   and v.last_line <= removal.last_line]
        if not covered:
            inner = _innermost(views, removal.first_line, removal.last_line)
            covered = [inner] if inner else []
            if inner and removal.rule not in inner.part_removed_by:
                inner.part_removed_by.append(removal.rule)
        else:
            for view in covered:
                if removal.rule not in view.removed_by:
                    view.removed_by.append(removal.rule)
        if covered:
            covered[0].reasons.append(f"{removal.rule}: {removal.reason}")
        else:
            unplaced.append(f"{removal.rule} removed lines {removal.where.split(':', 1)[-1]}")
        touched[removal.rule].update(v.index for v in covered)
    for edit in (e for e in log.edits if e.source == ident):
        tally(edit.rule).edits += 1
        inner = _innermost(views, edit.line, edit.line) if edit.line else None
        if inner is None:
            unplaced.append(f"{edit.rule} edited line {edit.line or '?'}")
            continue
        inner.edited_by[edit.rule] += 1
        touched[edit.rule].add(inner.index)
    for rule, indexes in touched.items():
        tallies[rule].blocks = len(indexes)
    idle = [r.name for r in rules_for(cfg.kind) if r.name not in tallies]
    return Inspection(ident, os.path.relpath(cfg.file, config.root), cfg.kind, cfg.lang,
                      count_lines(cfg.file.read_bytes()), views, sum(1 for _ in iter_blocks(cleaned.blocks)),
                      list(tallies.values()), list(dict.fromkeys(idle)), unplaced)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def preview(text: str, width: int = PREVIEW_WIDTH) -> str:
    """The start of a text, cut to about width columns (a CJK character is two)."""
    if _width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        used += _width(c)
        if used > width - 1:
            break
        out.append(c)
    return "".join(out) + "…"


def _marks(view: BlockView, views: list[BlockView]) -> str:
    marks = []
    ancestor, up = None, view.parent            # the outermost removed block around it
    while up is not None:
        ancestor = up if views[up].removed_by else ancestor
        up = views[up].parent
    inherited = views[ancestor].removed_by if ancestor is not None else []
    own = [r for r in view.removed_by if r not in inherited]
    if ancestor is not None:
        marks.append(f"removed with #{views[ancestor].index}" + (f", also by {', '.join(own)}" if own else ""))
    elif view.removed_by:
        marks.append(f"removed by {', '.join(view.removed_by)}")
    if view.part_removed_by:
        marks.append(f"part removed by {', '.join(view.part_removed_by)}")
    if view.edited_by:
        marks.append("edited by " + ", ".join(f"{rule} ×{n}" if n > 1 else rule
                                               for rule, n in view.edited_by.items()))
    return f"  [{'; '.join(marks)}]" if marks else ""


def format_inspection(inspection: Inspection, full: bool = False) -> str:
    """What `zinepress inspect` prints: a header, one line per block (with --all
    its full text under it), then the tally by rule."""
    i = inspection
    removals = sum(t.removals for t in i.rules)
    edits = sum(t.edits for t in i.rules)
    out = [f"{i.ident}  {i.file}  ({i.kind}, {i.lang}, {i.lines} lines)",
           f"{len(i.blocks)} blocks read, {i.cleaned_blocks} after cleaning; "
           f"{removals} removal{'s' if removals != 1 else ''}, {edits} edit{'s' if edits != 1 else ''}", ""]
    kinds = [("  " * v.depth) + v.kind for v in i.blocks]
    kind_width = min(max((len(k) for k in kinds), default=4), 30)
    line_width = max([len("lines")] + [len(v.lines) for v in i.blocks])
    out.append(f"{'#':>4}  {'lines':<{line_width}}  {'kind':<{kind_width}}  text")
    for view, kind in zip(i.blocks, kinds):
        out.append(f"{view.index:>4}  {view.lines:<{line_width}}  {kind:<{kind_width}}  "
                   f"{preview(view.text)}{_marks(view, i.blocks)}".rstrip())
        if full:
            indent = " " * (8 + line_width + 2 * view.depth)
            lines = [] if preview(view.text) == view.text else view.own_text.split("\n")
            for line in filter(None, (line.strip() for line in lines)):
                out.append(f"{indent}│ {line}")
            for reason in view.reasons:
                out.append(f"{indent}✗ {reason}")
    out += ["", "by rule:"]
    if not i.rules:
        out.append("  no rule changed this source")
    rule_width = max((len(t.rule) for t in i.rules), default=0)
    for t in i.rules:
        counts = [f"{t.removals} removal{'s' if t.removals != 1 else ''}"] if t.removals else []
        counts += [f"{t.edits} edit{'s' if t.edits != 1 else ''}"] if t.edits else []
        out.append(f"  {t.rule:<{rule_width}}  {', '.join(counts)} in {t.blocks} "
                   f"block{'s' if t.blocks != 1 else ''}" + (f" — {t.summary}" if t.summary else ""))
    if i.idle_rules:
        out.append(f"  changed nothing: {', '.join(i.idle_rules)}")
    for note in i.unplaced:
        out.append(f"  at no block as read: {note}")
    return "\n".join(out) + "\n"
