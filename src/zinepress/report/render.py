"""Write the build report as dist/report.json and dist/report.html (from a template).

report.json is the report's facts as they are. report.html is one file a
person reads offline: render.py arranges the facts the way the page shows
them (outputs by edition with their pictures, changes by rule) and the
template (data/report/report.html.j2, report.css inlined: the tool's own files,
resources.REPORT_FILES, which no book overrides) draws them.
The pictures are PNG files beside the report (report-images/), named by
OutputRecord.thumbnails; only those that exist are shown.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from zinepress.changes import Edit, Removal
from zinepress.checks.audit import AuditResult
from zinepress.render.html import make_environment
from zinepress.report import BuildReport, OutputRecord
from zinepress.resources import REPORT_FILES
from zinepress.writers.output import replace_atomically

REPORT_TEMPLATE = "report.html.j2"
REPORT_STYLE = "report.css"
PASSED_CHECK = ": 0 errors, 0 warnings"      # the end of a passed check's summary (checks.CheckResult)
# within an edition, outputs are shown e-books first, then print
FORMAT_ORDER = ("epub", "epub-vertical", "pdf", "booklet-a4", "booklet-letter")
_PICTURE_NAME = re.compile(r"\.(?:(cover)|p(\d+))\.png$")


@dataclass(slots=True)
class Picture:
    """One thumbnail as the page shows it: what it is of, its size, where a click goes."""

    src: str
    width: int
    height: int
    page: int | None          # None: the cover
    href: str


@dataclass(slots=True)
class OutputView:
    record: OutputRecord
    pictures: list[Picture]
    check_failed: bool
    audit: AuditResult | None = None          # the audit of this output (EPUBs)


@dataclass(slots=True)
class EditionView:
    name: str
    outputs: list[OutputView] = field(default_factory=list)
    audits: list[AuditResult] = field(default_factory=list)


@dataclass(slots=True)
class RuleView:
    """A cleaning rule and everything it did, in source order."""

    name: str
    summary: str
    removals: list[Removal] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)


def write_report(report: BuildReport, out_dir: Path) -> tuple[Path, Path]:
    """Write report.json and report.html into out_dir; return their paths."""
    data = json.dumps(report.to_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    json_path = replace_atomically(out_dir / "report.json", lambda f: f.write(data.encode("utf-8")))
    env = make_environment(REPORT_FILES)
    editions = _editions(report, Path(out_dir))
    html = env.get_template(REPORT_TEMPLATE).render(
        report=report,
        css=(REPORT_FILES / REPORT_STYLE).read_text(encoding="utf-8"),
        editions=editions,
        rules=_rules(report),
        failed_checks=[o.record for e in editions for o in e.outputs if o.check_failed],
        status_counts=Counter(o.status for o in report.outputs),
        by_source=report.removals_by_source(),
        rule_counts=Counter(r.rule for r in report.changes.removals),
        edit_counts=Counter(e.rule for e in report.changes.edits),
    )
    html_path = replace_atomically(out_dir / "report.html", lambda f: f.write(html.encode("utf-8")))
    return json_path, html_path


def _editions(report: BuildReport, out_dir: Path) -> list[EditionView]:
    """Outputs and audits by edition, editions in the order the build made them,
    outputs in FORMAT_ORDER."""
    views: dict[str, EditionView] = {}
    for record in report.outputs:
        check_failed = bool(record.check) and not record.check.endswith(PASSED_CHECK)
        views.setdefault(record.edition, EditionView(record.edition)).outputs.append(
            OutputView(record, _pictures(record, out_dir), check_failed))
    for audit in report.audits:
        view = views.setdefault(audit.edition, EditionView(audit.edition))
        view.audits.append(audit)
        for output in view.outputs:
            if output.record.path == audit.output:
                output.audit = audit
    rank = {fmt: i for i, fmt in enumerate(FORMAT_ORDER)}
    for view in views.values():
        view.outputs.sort(key=lambda o: rank.get(o.record.format, len(rank)))
    return list(views.values())


def _pictures(record: OutputRecord, out_dir: Path) -> list[Picture]:
    """The record's thumbnails that exist, with their pixel size (read from the PNG header)."""
    pictures = []
    for src in record.thumbnails:
        try:
            with Image.open(out_dir / src) as image:
                width, height = image.size
        except OSError:
            continue
        match = _PICTURE_NAME.search(src)
        page = int(match.group(2)) if match and match.group(2) else None
        href = f"{record.path}#page={page}" if page and record.path.endswith(".pdf") else record.path
        pictures.append(Picture(src, width, height, page, href))
    return pictures


def _rules(report: BuildReport) -> list[RuleView]:
    """Every rule the build knows, in its order, then any other rule named by a change."""
    views = {r["name"]: RuleView(r["name"], r.get("summary", "")) for r in report.rules}
    for removal in sorted(report.changes.removals, key=lambda r: (r.source, r.first_line, r.last_line)):
        views.setdefault(removal.rule, RuleView(removal.rule, "")).removals.append(removal)
    for edit in sorted(report.changes.edits, key=lambda e: (e.source, e.line)):
        views.setdefault(edit.rule, RuleView(edit.rule, "")).edits.append(edit)
    return list(views.values())
