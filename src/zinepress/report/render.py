"""Write the build report as dist/report.json and dist/report.html (from a template)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..writers._output import replace_atomically
from . import BuildReport

REPORT_TEMPLATE = "report.html.j2"
REPORT_STYLE = "report.css"


def write_report(report: BuildReport, out_dir: Path, templates_dir: Path,
                 styles_dir: Path) -> tuple[Path, Path]:
    """Write report.json and report.html into out_dir; return their paths."""
    data = json.dumps(report.to_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    json_path = replace_atomically(out_dir / "report.json", lambda f: f.write(data.encode("utf-8")))
    env = Environment(loader=FileSystemLoader(str(templates_dir)), autoescape=select_autoescape(["j2", "html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    html = env.get_template(REPORT_TEMPLATE).render(
        report=report,
        css=(styles_dir / REPORT_STYLE).read_text(encoding="utf-8"),
        by_source=report.removals_by_source(),
        rule_counts=Counter(r.rule for r in report.changes.removals),
        edit_counts=Counter(e.rule for e in report.changes.edits),
    )
    html_path = replace_atomically(out_dir / "report.html", lambda f: f.write(html.encode("utf-8")))
    return json_path, html_path
