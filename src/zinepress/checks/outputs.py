"""`zinepress check`: EPUBCheck and the audit, again, on the EPUBs in the output folder,
then Ace by DAISY when it is installed.

The build runs EPUBCheck and the audit before it puts an EPUB in place; this
runs them on what is there now (a file copied in by hand, an older build, a
reader's complaint), with the sources and book/ as they are now. Ace (ace.py)
takes some seconds an EPUB in a headless browser, so only this command runs
it; its verdict goes into the folder's report (report.json and report.html).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from zinepress.bookfiles.config import BookConfig
from zinepress.changes import ChangeLog
from zinepress.checks.ace import ace_command, run_ace
from zinepress.checks.audit import audit_edition, read_epub_blocks
from zinepress.checks.epubcheck import EpubCheckService
from zinepress.errors import ZinepressError
from zinepress.formats import EPUB_FORMATS
from zinepress.pipeline import edition_text, output_name, read_and_clean
from zinepress.report import BuildReport
from zinepress.report.render import write_report
from zinepress.transforms.variants import edition_conversion


def check_outputs(config: BookConfig, out_dir: Path, say: Callable[[str], None]) -> int:
    """Check every EPUB of the book found in out_dir; say what each check found;
    return how many EPUBs failed one."""
    targets = [(edition, out_dir / output_name(config, edition, fmt)) for edition in config.editions
               for fmt in edition.formats if fmt in EPUB_FORMATS]
    targets = [(edition, path) for edition, path in targets if path.is_file()]
    if not targets:
        raise ZinepressError("no EPUB of this book here", path=str(out_dir),
                             hint="run zinepress build first, or name the folder with --out")
    changes = ChangeLog()
    raw, cleaned = read_and_clean(config, list(config.sources), changes)
    failed = 0
    valid: list[Path] = []
    with EpubCheckService(warm_up=False) as service:
        checks = [service.submit(path) for _, path in targets]
        for (edition, path), check in zip(targets, checks):
            edition_changes = ChangeLog()
            edition_changes.extend(changes)
            edition_text(config, edition, cleaned, edition_changes)
            convert = edition_conversion(config.book_dir, edition.opencc) if edition.opencc else None
            audit = audit_edition(edition.name, [raw[i] for i in edition.sources], edition_changes,
                                  read_epub_blocks(path), path.name, convert)
            result = check.result()
            verdict = "passed" if audit.passed else f"FAILED ({len(audit.findings)} findings)"
            say(f"{path.name}: {result.summary()}; audit of {audit.checked} sentences {verdict}")
            for message in result.messages[:20]:
                say(f"  {message}")
            for finding in audit.findings[:20]:
                say(f"  {finding}")
            failed += not (result.passed and audit.passed)
            if result.passed:
                valid.append(path)
    # Ace reads only what EPUBCheck passed: an invalid EPUB is already a failure
    failed += _ace(valid, out_dir, say)
    return failed


def _ace(epubs: list[Path], out_dir: Path, say: Callable[[str], None]) -> int:
    """Run Ace by DAISY on each EPUB, say its verdict and put it in the report;
    return how many EPUBs it failed."""
    if ace_command() is None:
        say("Ace by DAISY is not installed: skipped (scripts/setup installs it)")
        return 0
    failed = 0
    verdicts: dict[str, str] = {}
    # each run drives a Chromium of its own: as many side by side as the machine has cores,
    # the verdicts said in the EPUBs' order
    with ThreadPoolExecutor(max_workers=max(1, min(len(epubs), os.cpu_count() or 1))) as pool:
        results = list(pool.map(run_ace, epubs))
    for path, result in zip(epubs, results):
        verdicts[path.name] = result.summary()
        say(f"{path.name}: {result.summary()}")
        for violation in result.violations[:20]:
            say(f"  {violation}")
        failed += not result.passed
    _record_verdicts(out_dir, verdicts)
    return failed


def _record_verdicts(out_dir: Path, verdicts: dict[str, str]) -> None:
    """Write Ace's verdicts into the folder's report, if it has one."""

    path = out_dir / "report.json"
    if not path.is_file():
        return
    report = BuildReport.from_json(json.loads(path.read_text(encoding="utf-8")))
    for record in report.outputs:
        if Path(record.path).name in verdicts:
            record.ace = verdicts[Path(record.path).name]
    write_report(report, out_dir)
