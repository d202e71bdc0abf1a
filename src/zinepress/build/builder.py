"""The release build: plan every output, take the unchanged ones from the cache,
make the rest in a pool of processes, check and audit them, then put them in place.

The work is a graph (scheduler.py). For each edition with something to make:

    pdf layout ──┬── pdf written ──┬── booklet-a4
                 │                 └── booklet-letter
    cover ───────┴── epub, vertical ──┬── EPUBCheck (one JVM for the whole build, checks.py)
                                      └── audit

The A5 PDFs start first because the EPUBs' page lists are read from their
layout (handed over through a file as soon as the pages are laid out, so an
EPUB is written while its PDF is) and the booklets are imposed from them.

Every step records the files it reads (zinepress/deps.py): each source read
and cleaned, each edition's text, the review of the script variants, each
cover and each output is kept in the cache under its slot (what it is, the
code, the tools, the date: fingerprint.py) with that trace, and taken from
there only while every file of the trace is unchanged (cache.py). An output
found so is copied from the cache and its jobs are not in the graph; its trace
is the configuration's, its edition text's, and whatever its jobs read
(templates, stylesheets, its A5 PDF's for an EPUB's page list or a booklet).

Outputs are made in a staging folder inside the output folder and moved into
place only when every check and audit passed; the report is always written.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from zinepress import deps
from zinepress.bookfiles.config import BookConfig, EditionConfig
from zinepress.build import jobs
from zinepress.build.cache import BuildCache, CachedOutput
from zinepress.build.fingerprint import Fingerprints, package_version
from zinepress.build.progress import BuildProgress
from zinepress.build.scheduler import Job
from zinepress.build.workers import Workers
from zinepress.changes import ChangeLog
from zinepress.deps import Digests, Trace, TracedMapping
from zinepress.errors import AuditError, OutputError
from zinepress.formats import EPUB_FORMATS
from zinepress.model import Edition, Source
from zinepress.pipeline import (
    BuildOptions,
    default_folders,
    edition_text,
    in_writing_order,
    modified_time,
    needed_sources,
    output_name,
    read_and_clean,
    selected_editions,
    source_records,
)
from zinepress.report import BuildReport, OutputRecord, SourceRecord
from zinepress.report.render import write_report
from zinepress.transforms.cleaning import all_rules
from zinepress.transforms.variants_review import check_variants

STAGING = ".staging"
PICTURES = "report-images"          # the report's thumbnails, beside it in the output folder


@dataclass(slots=True)
class SourceFacts:
    """One source read and cleaned, and the files that took (its trace)."""

    record: SourceRecord
    raw: Source                             # as read (the audit's reference)
    cleaned: Source
    changes: ChangeLog                      # the cleaning rules' removals and edits
    trace: dict[str, str]


@dataclass(slots=True)
class Facts:
    """What the build learns from the sources before any edition is made. Looking up a
    source in raw or cleaned records its trace for the step being made."""

    sources: list[SourceRecord]
    changes: ChangeLog                      # the cleaning rules' removals and edits
    raw: TracedMapping                      # ident -> Source as read
    cleaned: TracedMapping                  # ident -> Source cleaned
    reviewed: str                           # what the review of the script variants checked


@dataclass(slots=True)
class EditionFacts:
    """An edition's text, the changes made on the way to it, and the files it was
    made from (the configuration's, its sources', book/'s)."""

    text: Edition
    changes: ChangeLog
    trace: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Planned:
    """One output of this build and what is known of it."""

    edition: EditionConfig
    fmt: str
    name: str
    slot: str                               # what it is (cache.py); its key comes with its trace
    key: str | None                         # the cache entry's key: found, or known once made
    wanted: bool                            # asked for; False: the A5 PDF a booklet is imposed from
    cached: CachedOutput | None = None
    record: OutputRecord | None = None
    entry: CachedOutput | None = None       # what goes into the cache once it is all done
    path: Path | None = None                # the file, in the staging folder or the cache
    pictures: list[Path] = field(default_factory=list)
    page_marks: Any = None
    trace: Trace = field(default_factory=Trace)   # what it was made from, once made
    pending: int = 0                        # its jobs not done yet
    dirty: bool = False                     # the cache entry needs writing

    @property
    def job(self) -> str:
        return f"{self.fmt}:{self.edition.name}"


def build(config: BookConfig, options: BuildOptions, progress: BuildProgress | None = None,
          workers: Workers | None = None) -> BuildReport:
    """Build the selected editions and formats into options.out_dir; raise AuditError
    when text went missing and OutputError when a check failed (their report is written
    all the same; a build stopped by another error leaves out_dir as it was). workers:
    started by the caller (as early as it could), else here; the build closes them."""
    started = time.monotonic()
    progress = progress or BuildProgress()
    editions = selected_editions(config, options.editions)
    templates, styles = default_folders(config, options)
    modified = modified_time(config.root)
    prints = Fingerprints(modified, str(config.root.absolute()))
    cache = BuildCache(options.cache_dir)
    digests = Digests()
    plan = _plan(config, editions, options, prints, cache, digests)
    workers = workers or Workers(options.jobs)
    epubs = [i for i in plan if i.fmt in EPUB_FORMATS]
    if not any(i.cached is None or i.cached.audit is None for i in plan):
        workers.close()                     # the cache has everything: no worker is needed
    if options.check and any(i.cached is None or i.cached.check is None for i in epubs):
        workers.start_checks()
    try:
        return _build(config, editions, options, plan, prints, cache, digests, workers, progress,
                      (templates, styles, modified), started)
    finally:
        workers.close()


def _build(config: BookConfig, editions: list[EditionConfig], options: BuildOptions, plan: list[Planned],
           prints: Fingerprints, cache: BuildCache, digests: Digests, workers: Workers,
           progress: BuildProgress, layout: tuple[Path, Path, str], started: float) -> BuildReport:
    templates, styles, modified = layout
    facts = _facts(config, editions, prints, cache, digests, progress)
    report = BuildReport(book=config.localized(config.title, "en"), version=package_version(),
                         modified=modified, rules=_rules(), sources=facts.sources)
    report.changes.extend(facts.changes)
    texts = {e.name: _edition_facts(config, e, facts, prints, cache, digests) for e in editions}
    for edition_facts in texts.values():
        report.changes.extend(edition_facts.changes)

    staging = _staging(options.out_dir)
    try:
        _make(plan, texts, facts, report.changes, config, options, layout, staging, cache, prints,
              workers, progress)
        for item in plan:
            if item.wanted:
                report.outputs.append(item.record)
                if item.entry.audit is not None:
                    report.audits.append(item.entry.audit)
        # A build with --no-check does not fail on what an earlier build's EPUBCheck said.
        failed_checks = [f"{item.name}: {m}" for item in plan if options.check and item.wanted
                         and item.entry.check and not item.entry.check.passed
                         for m in item.entry.check.messages]
        if report.passed and not failed_checks:
            _put_in_place(plan, options.out_dir)
        report.seconds = round(time.monotonic() - started, 2)
        progress.close()
        # The build ran to its end, passed or not: its report. One that stopped on an
        # error or Ctrl-C leaves dist/ as it was, the report of what is there included.
        write_report(report, options.out_dir)
    finally:
        progress.close()
        shutil.rmtree(staging, ignore_errors=True)
        cache.store_timings({i.name: i.record.seconds for i in plan
                             if i.record is not None and i.record.status == "built"})
        cache.prune(keep={i.key for i in plan if i.key})
    _raise_failures(report, failed_checks, options.out_dir)
    return report


# --- Planning ---------------------------------------------------------------------------


def _plan(config: BookConfig, editions: list[EditionConfig], options: BuildOptions,
          prints: Fingerprints, cache: BuildCache, digests: Digests) -> list[Planned]:
    """Every output of the build, the A5 PDFs first within an edition, each with its
    slot and its cache entry if one was made from the files as they are. An EPUB made
    while the PDF is laid out has a page list, one made alone has none: the slot says
    which."""
    plan = []
    for edition in editions:
        wanted = [f for f in options.formats if f in edition.formats] if options.formats \
            else list(edition.formats)
        order = in_writing_order(wanted)
        for fmt in order:
            variant = f"{fmt}+pages" if fmt in EPUB_FORMATS and "pdf" in order else fmt
            slot = prints.slot("output", edition.name, variant, dated=True)
            key = cache.find(slot, digests)
            cached = cache.lookup(key) if key else None
            plan.append(Planned(edition, fmt, output_name(config, edition, fmt), slot,
                                key if cached else None, fmt in wanted, cached))
    return plan


def _rules() -> list[dict[str, str]]:
    return [{"name": name, "summary": summary} for name, summary in all_rules()]


# --- Facts: sources, cleaning, the review of the script variants, edition texts ----------


def _facts(config: BookConfig, editions: list[EditionConfig], prints: Fingerprints, cache: BuildCache,
           digests: Digests, progress: BuildProgress) -> Facts:
    """Every source the editions need, read and cleaned (each from the cache while the
    files it was made from are unchanged), and the review of the script variants."""
    started = time.monotonic()
    parts = [_source_facts(config, ident, prints, cache, digests) for ident in needed_sources(config, editions)]
    changes = ChangeLog()
    for part in parts:
        changes.extend(part.changes)
    progress.step(f"{len(parts)} sources read and cleaned: {len(changes.removals)} removals, "
                  f"{len(changes.edits)} edits ({time.monotonic() - started:.1f}s)")
    traces = {p.record.ident: p.trace for p in parts}
    raw = TracedMapping({p.record.ident: p.raw for p in parts}, traces)
    cleaned = TracedMapping({p.record.ident: p.cleaned for p in parts}, traces)
    started = time.monotonic()
    reviewed = _review(config, editions, cleaned, prints, cache, digests)
    if reviewed:
        progress.step(f"{reviewed} ({time.monotonic() - started:.1f}s)")
    return Facts([p.record for p in parts], changes, raw, cleaned, reviewed)


def _source_facts(config: BookConfig, ident: str, prints: Fingerprints, cache: BuildCache,
                  digests: Digests) -> SourceFacts:
    slot = prints.slot("source", ident)
    made = cache.recall(slot, digests)
    if isinstance(made, SourceFacts):
        return made
    with deps.recording(Trace(config.reads)) as trace:
        changes = ChangeLog()
        raw, cleaned = read_and_clean(config, [ident], changes)
        record = source_records(config, raw)[0]
    made = SourceFacts(record, raw[ident], cleaned[ident], changes, dict(trace))
    cache.keep(slot, trace, made)
    return made


def _review(config: BookConfig, editions: list[EditionConfig], cleaned: TracedMapping,
            prints: Fingerprints, cache: BuildCache, digests: Digests) -> str:
    """The review of the script variants (check_variants): what it checked; it fails the
    build when a change nobody reviewed is made."""
    if not any(e.opencc for e in editions):
        return ""
    slot = prints.slot("review", [e.name for e in editions])
    reviewed = cache.recall(slot, digests)
    if isinstance(reviewed, str):
        return reviewed
    with deps.recording(Trace(config.reads)) as trace:
        reviewed = check_variants(config.book_dir, editions,
                                  lambda e: edition_text(config, replace(e, opencc=""), cleaned, ChangeLog()))
    cache.keep(slot, trace, reviewed)
    return reviewed


def _edition_facts(config: BookConfig, edition: EditionConfig, facts: Facts, prints: Fingerprints,
                   cache: BuildCache, digests: Digests) -> EditionFacts:
    slot = prints.slot("edition", edition.name)
    made = cache.recall(slot, digests)
    if isinstance(made, EditionFacts):
        return made
    with deps.recording(Trace(config.reads)) as trace:
        for ident in edition.sources:       # what its audit compares it with
            facts.raw[ident]
        changes = ChangeLog()
        text = edition_text(config, edition, facts.cleaned, changes)
    made = EditionFacts(text, changes, dict(trace))
    cache.keep(slot, trace, made)
    return made


# --- Making: the graph of jobs -----------------------------------------------------------


def _make(plan: list[Planned], texts: dict[str, EditionFacts], facts: Facts, changes: ChangeLog,
          config: BookConfig, options: BuildOptions, layout: tuple[Path, Path, str], staging: Path,
          cache: BuildCache, prints: Fingerprints, workers: Workers, progress: BuildProgress) -> None:
    """Make, check and audit what the cache lacks; every planned item ends with its
    record and entry."""
    timings = cache.timings()
    graph: list[Job] = []
    needs_check = []
    for item in plan:
        if item.wanted:
            progress.add(item.name, timings.get(item.name))
        if item.cached is not None:
            item.entry, item.path = item.cached, item.cached.path
            item.record = replace(item.cached.record, status="cached")
            item.page_marks = item.cached.page_marks
            item.pictures = [item.cached.folder / t for t in item.cached.thumbnails]
            item.trace = Trace(item.cached.trace)
        else:
            item.trace = Trace(config.reads).add(texts[item.edition.name].trace)
            graph.append(_make_job(item, plan, texts, config, layout, staging, progress))
            item.pending += 1
            if item.fmt in EPUB_FORMATS and not any(j.name == _cover_job(item) for j in graph):
                text = texts[item.edition.name].text
                slot = prints.slot("cover", text.title, text.subtitle, text.author, text.lang)
                graph.append(Job(_cover_job(item), run=jobs.make_cover, priority=1,
                                 args=lambda results, text=text, slot=slot:
                                 (text, *layout[:2], cache.folder, slot)))
        if item.fmt in EPUB_FORMATS:
            if options.check and (item.cached is None or item.cached.check is None):
                needs_check.append(item)
            if item.cached is None or item.cached.audit is None:
                graph.append(_audit_job(item, texts, facts, changes, config, progress))
                item.pending += 1
    for item in needs_check:
        graph.append(_check_job(item, workers.epubcheck, progress))
        item.pending += 1
    for item in plan:
        if item.pending == 0:
            _finish(item, progress)
    if not graph:
        return
    workers.run(graph)
    for item in plan:
        if item.dirty:
            if item.cached is None:
                _add_pdf_trace(item, plan)
                item.key = cache.remember(item.slot, item.trace)
                item.entry.trace = dict(item.trace)
                cache.store(item.key, item.entry, item.path, item.pictures)
            else:
                cache.update(item.key, item.entry)


def _add_pdf_trace(item: Planned, plan: list[Planned]) -> None:
    """An EPUB's page list is read from its A5 PDF's layout and a booklet is imposed from
    the PDF: what the PDF was made from, they are made from too."""
    pdf = next((p for p in plan if p.edition is item.edition and p.fmt == "pdf"), None)
    if pdf is not None and pdf is not item:
        item.trace.add(pdf.trace)


def _make_job(item: Planned, plan: list[Planned], texts: dict[str, EditionFacts], config: BookConfig,
              layout: tuple[Path, Path, str], staging: Path, progress: BuildProgress) -> Job:
    """The job that writes item's file into the staging folder; layout: the templates
    and styles folders and the date the outputs are stamped with."""
    pdf = next((p for p in plan if p.edition is item.edition and p.fmt == "pdf"), None)
    text = texts[item.edition.name].text
    path = staging / item.name
    pictures = staging / PICTURES if item.wanted else None
    common = layout
    pdf_made = pdf is not None and pdf.cached is None
    after = (pdf.job,) if pdf_made and pdf is not item else ()
    milestones: tuple[str, ...] = ()
    if item.fmt == "pdf":
        # An EPUB needs only the PDF's layout, not the PDF: the PDF job publishes its page
        # marks as soon as the pages are laid out, and the EPUB is written while the PDF is.
        milestones = (_layout_milestone(item),)
        run, args = jobs.make_pdf, lambda results: (text, path, *common, pictures, milestones[0],
                                                    jobs.print_html(text, *common))
    elif item.fmt in EPUB_FORMATS:
        after = (_cover_job(item), _layout_milestone(pdf)) if pdf_made else (_cover_job(item),)

        def args(results):
            marks = results[_layout_milestone(pdf)] if pdf_made else pdf.page_marks if pdf else None
            return (text, path, *common, marks, item.fmt, pictures, results[_cover_job(item)])
        run = jobs.make_epub
    else:
        run, args = jobs.make_booklet, lambda results: (pdf.path, path, item.fmt, config.signature_sheets,
                                                        pictures, config.paper_thickness,
                                                        config.cover_sheet)

    def done(made: jobs.Made) -> None:
        item.path, item.pictures, item.page_marks = path, made.thumbnails, made.page_marks
        item.record = OutputRecord(item.edition.name, item.fmt, item.name, made.size, made.pages,
                                   round(made.seconds, 2),
                                   thumbnails=[f"{PICTURES}/{p.name}" for p in made.thumbnails])
        item.entry = CachedOutput(item.name, item.record, page_marks=made.page_marks)
        item.trace.add(made.reads)
        _job_done(item, progress)

    def start() -> None:
        if item.fmt != "pdf":
            progress.activity(item.name, "writing")
            return
        progress.activity(item.name, "laying out")
        for other in plan:
            if other.edition is item.edition and other.wanted and other is not item and other.cached is None:
                progress.activity(other.name, "waiting for the A5 layout", started=False)

    return Job(item.job, after, run=run, args=args, priority=0 if item.fmt == "pdf" else 2,
               milestones=milestones, on_start=start, on_done=done)


def _layout_milestone(pdf: Planned) -> str:
    """The milestone of a PDF job: its pages are laid out (their marks, for the page list)."""
    return f"layout:{pdf.job}"


def _cover_job(item: Planned) -> str:
    """The name of the job that draws the cover of item's edition (for its EPUBs)."""
    return f"cover:{item.edition.name}"


def _audit_job(item: Planned, texts: dict[str, EditionFacts], facts: Facts, changes: ChangeLog,
               config: BookConfig, progress: BuildProgress) -> Job:
    edition = item.edition
    sources = [facts.raw[i] for i in edition.sources]
    after = (item.job,) if item.cached is None else ()

    def done(audited: jobs.Audited) -> None:
        item.entry.audit = audited.result
        item.trace.add(audited.reads)
        _job_done(item, progress)

    return Job(f"audit:{item.job}", after, run=jobs.audit_epub,
               args=lambda results: (edition.name, sources, changes, item.path, item.name,
                                     config.book_dir, edition.opencc),
               priority=3, on_start=lambda: progress.activity(item.name, "auditing"), on_done=done)


def _check_job(item: Planned, service, progress: BuildProgress) -> Job:
    after = (item.job,) if item.cached is None else ()

    def done(result) -> None:
        item.entry.check = result
        item.record.check = result.summary()
        _job_done(item, progress)

    return Job(f"check:{item.job}", after, external=lambda results: service.submit(item.path),
               on_start=lambda: progress.activity(item.name, "EPUBCheck"), on_done=done)


def _job_done(item: Planned, progress: BuildProgress) -> None:
    item.pending -= 1
    item.dirty = True
    if item.pending == 0:
        _finish(item, progress)


def _finish(item: Planned, progress: BuildProgress) -> None:
    """Every job of item is done: show its line."""
    if item.entry.check is not None and not item.record.check:
        item.record.check = item.entry.check.summary()
    if item.wanted:
        progress.done(item.name, summary_line(item.record, item.entry))


def summary_line(record: OutputRecord, entry: CachedOutput) -> str:
    """One output as the terminal shows it when it is done."""
    size = f"{record.size / 1024:,.0f} KiB"
    pages = f", {record.pages} pages" if record.pages else ""
    made = "unchanged" if record.status == "cached" else f"{record.seconds:.1f}s"
    checks = [record.check] if record.check else []
    if entry.audit is not None:
        checks.append("audit passed" if entry.audit.passed else f"audit FAILED ({len(entry.audit.findings)})")
    tail = f"; {'; '.join(checks)}" if checks else ""
    return f"  {record.path:<40} {made:>9}  {size}{pages}{tail}"


# --- Putting in place ------------------------------------------------------------------------


def _staging(out_dir: Path) -> Path:
    staging = out_dir / STAGING
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot write to the output folder: {err.strerror}", path=str(out_dir),
                          hint="choose another folder with --out, or fix its permissions") from None
    return staging


def _put_in_place(plan: list[Planned], out_dir: Path) -> None:
    """Move (made) or copy (cached) every wanted output and its pictures into out_dir,
    each by a rename, so a reader sees the old file or the new one."""
    pictures = out_dir / PICTURES
    pictures.mkdir(exist_ok=True)
    for item in plan:
        if not item.wanted:
            continue
        _place(item.path, out_dir / item.name, copy=item.cached is not None)
        for picture in item.pictures:
            _place(picture, pictures / picture.name, copy=item.cached is not None)


def _place(path: Path, final: Path, copy: bool) -> None:
    """Put one file in place; a cached file already there, byte for byte, stays as it is
    (its time too: tools that sync dist/ see no change)."""
    if copy and final.is_file() and filecmp.cmp(path, final, shallow=False):
        return
    if copy:
        work = final.parent / f".{final.name}.tmp"
        shutil.copyfile(path, work)
        os.replace(work, final)
    else:
        os.replace(path, final)


def _raise_failures(report: BuildReport, failed_checks: list[str], out_dir: Path) -> None:
    if failed_checks:
        listing = "\n".join(f"  {m}" for m in failed_checks[:20])
        raise OutputError(f"EPUBCheck found {len(failed_checks)} problems; nothing was written to "
                          f"{out_dir} but the report\n{listing}", path=str(out_dir / "report.html"),
                          hint="each message names the file inside the EPUB and its line; build with "
                               "--no-check to get the EPUB and look at it there")
    if not report.passed:
        findings = [f for a in report.audits for f in a.findings]
        listing = "\n".join(f"  {f}" for f in findings[:20])
        more = f"\n  … and {len(findings) - 20} more" if len(findings) > 20 else ""
        count = "1 sentence" if len(findings) == 1 else f"{len(findings)} sentences"
        raise AuditError(f"audit failed: {count} missing or doubled; "
                         f"nothing was written to {out_dir} but the report\n{listing}{more}",
                         path=str(out_dir / "report.html"))
