"""The build: read → clean → assemble → write → audit → report, as named, timed steps.

Outputs are written into a staging folder inside the output folder and moved
into place only when every audit passed, so dist/ never holds a book that
lost text. The report is always written, so a failed build can be read.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .assemble import assemble
from .audit import audit_edition, read_epub_blocks
from .changes import ChangeLog
from .checks import run_epubcheck
from .config import BookConfig, EditionConfig
from .errors import AuditError, ConfigError, OutputError
from .model import Edition, Source
from .readers import reader_for
from .report import BuildReport, OutputRecord, SourceRecord
from .report.render import write_report
from .transforms import RuleContext, run_rules
from .transforms.cleaning import all_rules, rules_for
from .transforms.typography import is_chinese, typeset_chinese
from .transforms.variants import convert_edition, edition_conversion
from .walk import iter_blocks

Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(slots=True)
class BuildOptions:
    """What to build and where."""

    out_dir: Path
    editions: list[str] = field(default_factory=list)   # empty: all
    formats: list[str] = field(default_factory=list)    # empty: each edition's own
    templates_dir: Path | None = None
    styles_dir: Path | None = None
    check: bool = True                                  # run EPUBCheck on every EPUB


def package_version() -> str:
    try:
        return version("zinepress")
    except PackageNotFoundError:
        return "0+unknown"


def modified_time(root: Path) -> str:
    """dcterms:modified for this build: SOURCE_DATE_EPOCH, else the last commit's time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                                   capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_sources(config: BookConfig, idents: list[str]) -> dict[str, Source]:
    """Read each named source with the reader for its kind."""
    return {i: reader_for(config.sources[i].kind)(config.sources[i].file, i, config.sources[i].lang)
            for i in idents}


def clean_source(config: BookConfig, raw: Source, log: ChangeLog) -> Source:
    """A cleaned copy of a source (the raw one is kept for the audit), put in reading
    order when book/order/<id>.toml says its fragments were shuffled."""
    cfg = config.sources[raw.ident]
    ctx = RuleContext(log=log, editorial=config.editorial_for(raw.ident), sources_dir=cfg.file.parent)
    cleaned = run_rules(copy.deepcopy(raw), rules_for(cfg.kind), ctx)
    order_file = config.book_dir / "order" / f"{raw.ident}.toml"
    if order_file.exists():
        from .transforms.order import load_order, order_source
        cleaned = order_source(cleaned, load_order(order_file), log)
    return cleaned


def edition_text(config: BookConfig, edition_cfg: EditionConfig, cleaned: dict[str, Source],
                 log: ChangeLog) -> Edition:
    """The complete text of an edition: assembled into its contents, notes restored,
    Chinese punctuation normalised, converted to its script."""
    edition = assemble(config, edition_cfg, cleaned)
    notes_file = config.book_dir / "notes.toml"
    if notes_file.exists():
        from .transforms.notes import load_notes, restore_notes
        edition = restore_notes(edition, load_notes(notes_file), cleaned, log)
    if is_chinese(edition_cfg.lang):
        edition = typeset_chinese(edition, log)
    if edition_cfg.opencc:
        edition = convert_edition(edition, edition_conversion(config.book_dir, edition_cfg.opencc))
    return edition


# The EPUB formats: each one is checked by EPUBCheck and audited.
EPUB_FORMATS = ("epub", "epub-vertical")
_EXTENSIONS = {"epub-vertical": "vertical.epub"}


def output_name(config: BookConfig, edition: EditionConfig, fmt: str) -> str:
    """The file name of an output, e.g. kazakhstan.zh-Hans.epub."""
    base = config.localized(config.title, "en") if "en" in config.title else config.book_dir.parent.name
    slug = "".join(c.lower() if c.isalnum() else "-" for c in base).strip("-") or "book"
    extension = f"{fmt}.pdf" if fmt.startswith("booklet-") else _EXTENSIONS.get(fmt, fmt)
    return f"{slug}.{edition.name}.{extension}"


def _selected(config: BookConfig, names: list[str]) -> list[EditionConfig]:
    known = {e.name: e for e in config.editions}
    for name in names:
        if name not in known:
            raise ConfigError(f"no edition named {name!r}", path=str(config.book_dir / "book.toml"),
                              hint=f"editions: {', '.join(known)}")
    return [known[n] for n in names] if names else list(config.editions)


def _write(fmt: str, edition: Edition, path: Path, options: BuildOptions, modified: str,
           a5_pdf: Path | None = None, signature_sheets: int | None = None,
           page_marks: list | None = None) -> list | None:
    """Write one output. A booklet is imposed from a5_pdf, the A5 PDF already written;
    the EPUB gets the print pages' marks (page list) when the PDF was laid out first.
    Writing the A5 PDF returns those marks."""
    from .writers import _html
    from .writers.booklet import write_booklet
    from .writers.epub import write_epub
    from .writers.pagination import document_page_marks
    from .writers.pdf import render_document, write_document
    templates = options.templates_dir or _html.DEFAULT_TEMPLATES
    styles = options.styles_dir or _html.DEFAULT_STYLES
    if fmt in EPUB_FORMATS:
        write_epub(edition, path, templates_dir=templates, styles_dir=styles, modified=modified,
                   page_marks=page_marks, vertical=fmt == "epub-vertical")
    elif fmt == "pdf":
        document = render_document(edition, templates_dir=templates, styles_dir=styles, modified=modified)
        write_document(document, edition, path)
        return document_page_marks(document)
    elif fmt.startswith("booklet-") and a5_pdf is not None:
        write_booklet(a5_pdf, path, paper=fmt.removeprefix("booklet-"),
                      sheets_per_signature=signature_sheets)
    else:
        raise ConfigError(f"unknown format {fmt!r}")
    return None


def _in_writing_order(formats: list[str]) -> list[str]:
    """The formats to write: the A5 PDF first (the EPUB's page list comes from its
    layout, the booklets are imposed from it), written even when only a booklet
    was asked for."""
    needs_pdf = "pdf" in formats or any(f.startswith("booklet-") for f in formats)
    return (["pdf"] if needs_pdf else []) + [f for f in formats if f != "pdf"]


def _pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
        return len(PdfReader(str(path)).pages)
    except Exception:  # the page count is informative only
        return None


def build(config: BookConfig, options: BuildOptions, progress: Progress = _stderr) -> BuildReport:
    """Build the selected editions and formats; raise AuditError if text went missing."""
    editions = _selected(config, options.editions)
    modified = modified_time(config.root)
    report = BuildReport(book=config.localized(config.title, "en"), version=package_version(),
                         modified=modified,
                         rules=[{"name": name, "summary": summary} for name, summary in all_rules()])
    needed = list(config.sources)

    started = time.monotonic()
    raw = read_sources(config, needed)
    for ident, source in raw.items():
        cfg = config.sources[ident]
        data = cfg.file.read_bytes()
        lines = data.decode("utf-8").split("\n")
        report.sources.append(SourceRecord(
            ident, os.path.relpath(cfg.file, config.root), cfg.kind, cfg.description,
            hashlib.sha256(data).hexdigest(), data.count(b"\n"), sum(1 for _ in iter_blocks(source.blocks)),
            editions=[e.name for e in config.editions if ident in e.sources], use=cfg.use,
            unused=[{"lines": f"{first}-{last}" if last != first else str(first), "reason": reason,
                     "text": " ".join(" ".join(lines[first - 1:last]).split())[:160]}
                    for first, last, reason in cfg.unused]))
    progress(f"read {len(raw)} sources ({time.monotonic() - started:.1f}s)")

    started = time.monotonic()
    cleaned = {i: clean_source(config, raw[i], report.changes) for i in needed}
    progress(f"cleaned: {len(report.changes.removals)} removals, {len(report.changes.edits)} edits "
             f"({time.monotonic() - started:.1f}s)")

    # OpenCC's word-level choices reviewed, glossary counts right: before any output is written
    from dataclasses import replace
    from .transforms.variants_review import check_variants
    started = time.monotonic()
    reviewed = check_variants(config.book_dir, editions,
                              lambda e: edition_text(config, replace(e, opencc=""), cleaned, ChangeLog()))
    if reviewed:
        progress(f"{reviewed} ({time.monotonic() - started:.1f}s)")

    out_dir = options.out_dir
    staging = out_dir / ".staging"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot write to the output folder: {err.strerror}", path=str(out_dir),
                          hint="choose another folder with --out, or fix its permissions") from None
    staged: list[tuple[Path, Path]] = []
    failed_checks: list[str] = []
    try:
        for edition_cfg in editions:
            edition = edition_text(config, edition_cfg, cleaned, report.changes)
            formats = [f for f in (options.formats or edition_cfg.formats) if f in edition_cfg.formats] \
                if options.formats else list(edition_cfg.formats)
            page_marks = None
            for fmt in _in_writing_order(formats):
                started = time.monotonic()
                name = output_name(config, edition_cfg, fmt)
                path = staging / name
                a5_pdf = staging / output_name(config, edition_cfg, "pdf")
                marks = _write(fmt, edition, path, options, modified, a5_pdf, config.signature_sheets,
                               page_marks)
                page_marks = marks if marks is not None else page_marks
                if fmt not in formats:
                    continue                # the A5 PDF a booklet needed, not asked for itself
                seconds = time.monotonic() - started
                record = OutputRecord(edition_cfg.name, fmt, name, path.stat().st_size,
                                      _pdf_pages(path) if fmt not in EPUB_FORMATS else None, round(seconds, 2))
                report.outputs.append(record)
                staged.append((path, out_dir / name))
                pages = f", {record.pages} pages" if record.pages else ""
                progress(f"wrote {name} ({record.size / 1024:.0f} KiB{pages}, {seconds:.1f}s)")
                if fmt in EPUB_FORMATS and options.check:
                    check = run_epubcheck(path)
                    record.check = check.summary()
                    progress(f"checked {name}: {record.check}")
                    if not check.passed:
                        failed_checks.extend(f"{name}: {m}" for m in check.messages)
                if fmt in EPUB_FORMATS:
                    convert = edition_conversion(config.book_dir, edition_cfg.opencc) \
                        if edition_cfg.opencc else None
                    result = audit_edition(edition_cfg.name, [raw[i] for i in edition_cfg.sources],
                                           report.changes, read_epub_blocks(path), name, convert)
                    report.audits.append(result)
                    verdict = "passed" if result.passed else f"FAILED ({len(result.findings)} findings)"
                    progress(f"audit {name}: {result.checked} sentences, {result.removed} removed by rules: "
                             f"{verdict}")
        if report.passed and not failed_checks:
            for tmp, final in staged:
                os.replace(tmp, final)
    finally:
        write_report(report, out_dir, options.templates_dir or _defaults()[0], options.styles_dir or _defaults()[1])
        shutil.rmtree(staging, ignore_errors=True)
    if failed_checks:
        listing = "\n".join(f"  {m}" for m in failed_checks[:20])
        raise OutputError(f"EPUBCheck found {len(failed_checks)} problems; nothing was written to "
                          f"{out_dir} but the report\n{listing}")
    if not report.passed:
        findings = [f for a in report.audits for f in a.findings]
        listing = "\n".join(f"  {f}" for f in findings[:20])
        more = f"\n  … and {len(findings) - 20} more" if len(findings) > 20 else ""
        raise AuditError(f"audit failed: {len(findings)} sentences missing or doubled; "
                         f"nothing was written to {out_dir} but the report\n{listing}{more}",
                         path=str(out_dir / "report.html"))
    return report


def _defaults() -> tuple[Path, Path]:
    from .writers._html import DEFAULT_STYLES, DEFAULT_TEMPLATES
    return DEFAULT_TEMPLATES, DEFAULT_STYLES
