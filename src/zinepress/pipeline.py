"""The build's named steps: read → clean → assemble → notes → typography → script,
and what every build needs to know (its options, output names, its date).

builder.py runs them for a release: cached, in parallel, checked, audited.
"""

from __future__ import annotations

import copy
import hashlib
import os
import subprocess
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from zinepress import deps
from zinepress.bookfiles.config import BookConfig, EditionConfig
from zinepress.changes import ChangeLog
from zinepress.errors import ConfigError, SourceError
from zinepress.model import Edition, Source
from zinepress.readers import reader_for
from zinepress.readers.files import count_lines
from zinepress.report import SourceRecord
from zinepress.resources import DEFAULT_STYLES, DEFAULT_TEMPLATES
from zinepress.text.cjk import is_chinese
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.assemble import assemble
from zinepress.transforms.cleaning import rules_after_order, rules_for
from zinepress.transforms.english import typeset_english
from zinepress.transforms.notes import (
    check_note_calls,
    check_note_editions,
    load_notes,
    restore_notes,
)
from zinepress.transforms.order import load_order, order_source
from zinepress.transforms.questions import mark_questions
from zinepress.transforms.typography import typeset_chinese
from zinepress.transforms.variants import convert_edition, edition_conversion
from zinepress.walk import iter_blocks


@dataclass(slots=True)
class BuildOptions:
    """What to build, where, and how."""

    out_dir: Path
    editions: list[str] = field(default_factory=list)   # empty: all
    formats: list[str] = field(default_factory=list)    # empty: each edition's own
    templates_dir: Path | None = None
    styles_dir: Path | None = None
    check: bool = True                                  # run EPUBCheck on every EPUB
    cache_dir: Path | None = None                       # None: no cache, everything is made
    jobs: int = 0                                       # worker processes; 0: one per core


def modified_time(root: Path) -> str:
    """dcterms:modified for this build: SOURCE_DATE_EPOCH, else the last commit's time,
    else the start of today (so that the outputs, which are stamped with it, stay the
    same, and cached, all day)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                                   capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    if not epoch.isdigit():             # not in git: the start of today (UTC), the same all day
        epoch = str(int(time.time()) // 86400 * 86400)
    seconds = int(epoch)
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_sources(config: BookConfig, idents: list[str]) -> dict[str, Source]:
    """Read each named source with the reader for its kind; a source whose file is not
    there yet (a new book) is named with where to put it."""
    for ident in idents:
        file = config.sources[ident].file
        if not file.exists():
            shown = os.path.relpath(file, config.root)
            raise SourceError(f"source file not found: put source {ident!r} here ({shown})",
                              path=str(file), hint=f"or change the 'file' of [[source]] id = \"{ident}\" "
                                                   f"in {config.book_dir.name}/book.toml")
    return {i: reader_for(config.sources[i].kind)(config.sources[i].file, i, config.sources[i].lang)
            for i in idents}


def needed_sources(config: BookConfig, editions: list[EditionConfig]) -> list[str]:
    """The sources the editions read, and those whose own notes book/notes.toml takes,
    in book.toml's order."""
    wanted = {i for e in editions for i in e.sources}
    notes_file = config.book_dir / "notes.toml"
    if deps.exists(notes_file):
        wanted |= load_notes(notes_file, config.sources).source_ids()
    return [i for i in config.sources if i in wanted]


def clean_source(config: BookConfig, raw: Source, log: ChangeLog) -> Source:
    """A cleaned copy of a source (the raw one is kept for the audit), put in reading
    order when book/order/<id>.toml says its fragments were shuffled."""
    cfg = config.sources[raw.ident]
    ctx = RuleContext(log=log, editorial=config.editorial_for(raw.ident), sources_dir=cfg.file.parent,
                      unused=cfg.unused, unused_at=(str(config.book_dir / "book.toml"), cfg.line))
    cleaned = run_rules(copy.deepcopy(raw), rules_for(cfg.kind), ctx)
    order_file = config.book_dir / "order" / f"{raw.ident}.toml"
    if deps.exists(order_file):
        cleaned = order_source(cleaned, load_order(order_file), log)
    return run_rules(cleaned, rules_after_order(), ctx)


def read_and_clean(config: BookConfig, idents: list[str], log: ChangeLog) -> tuple[dict[str, Source],
                                                                              dict[str, Source]]:
    """The named sources as read (the audit's reference) and cleaned (clean_source), their
    removals and edits logged in log."""
    raw = read_sources(config, idents)
    return raw, {i: clean_source(config, raw[i], log) for i in idents}


def edition_text(config: BookConfig, edition_cfg: EditionConfig, cleaned: dict[str, Source],
                 log: ChangeLog) -> Edition:
    """The complete text of an edition: assembled into its contents, notes restored,
    interview questions set apart, Chinese punctuation normalised, English punctuation set, converted to its script."""
    edition = assemble(config, edition_cfg, cleaned)
    notes_file = config.book_dir / "notes.toml"
    if deps.exists(notes_file):
        notes = load_notes(notes_file)
        check_note_editions(notes, [(e.name, e.lang) for e in config.editions])
        edition = restore_notes(edition, notes, cleaned, log)
    check_note_calls(edition, cleaned)
    edition = mark_questions(edition, config.editorial)
    if is_chinese(edition_cfg.lang):
        edition = typeset_chinese(edition, log)
    edition = typeset_english(edition, log)
    if edition_cfg.opencc:
        edition = convert_edition(edition, edition_conversion(config.book_dir, edition_cfg.opencc))
    return edition


_EXTENSIONS = {"epub-vertical": "vertical.epub"}


def output_name(config: BookConfig, edition: EditionConfig, fmt: str) -> str:
    """The file name of an output, e.g. kazakhstan.zh-Hans.epub."""
    base = config.localized(config.title, "en") if "en" in config.title else config.book_dir.parent.name
    slug = "".join(c.lower() if c.isalnum() else "-" for c in base).strip("-") or "book"
    extension = f"{fmt}.pdf" if fmt.startswith("booklet-") else _EXTENSIONS.get(fmt, fmt)
    return f"{slug}.{edition.name}.{extension}"


def selected_editions(config: BookConfig, names: list[str]) -> list[EditionConfig]:
    known = {e.name: e for e in config.editions}
    for name in names:
        if name not in known:
            raise ConfigError(f"no edition named {name!r}", path=str(config.book_dir / "book.toml"),
                              hint=f"editions: {', '.join(known)}")
    return [known[n] for n in names] if names else list(config.editions)


def in_writing_order(formats: list[str]) -> list[str]:
    """The formats to write: the A5 PDF first (the EPUB's page list comes from its
    layout, the booklets are imposed from it), written even when only a booklet
    was asked for."""
    needs_pdf = "pdf" in formats or any(f.startswith("booklet-") for f in formats)
    return (["pdf"] if needs_pdf else []) + [f for f in formats if f != "pdf"]


def source_records(config: BookConfig, raw: dict[str, Source]) -> list[SourceRecord]:
    """What the report says of each source read: file, kind, hash, lines, blocks, use."""
    records = []
    for ident, source in raw.items():
        cfg = config.sources[ident]
        data = deps.read_bytes(cfg.file)
        lines = data.decode("utf-8").split("\n")
        records.append(SourceRecord(
            ident, os.path.relpath(cfg.file, config.root), cfg.kind, cfg.description,
            hashlib.sha256(data).hexdigest(), count_lines(data), sum(1 for _ in iter_blocks(source.blocks)),
            editions=[e.name for e in config.editions if ident in e.sources], use=cfg.use,
            unused=[{"lines": f"{first}-{last}" if last != first else str(first), "reason": reason,
                     "text": " ".join(" ".join(lines[first - 1:last]).split())[:160]}
                    for first, last, reason in cfg.unused]))
    return records


def default_folders(config: BookConfig, options: BuildOptions) -> tuple[Path, Path]:
    """The templates and styles folders of a build: the options', else the book's own
    (beside its book/ folder), else zinepress's (resources.py)."""
    return (options.templates_dir or config.templates_dir or DEFAULT_TEMPLATES,
            options.styles_dir or config.styles_dir or DEFAULT_STYLES)

