"""zinepress report: the summary of the last build's report, or the report in a browser."""

from __future__ import annotations

import argparse
import json
import webbrowser

from zinepress.errors import ZinepressError
from zinepress.report.summary import summary_lines


def run(args: argparse.Namespace) -> int:
    if args.open:
        page = (args.out / "report.html").resolve()
        if not page.is_file():
            raise ZinepressError("no report here yet", path=str(page), hint="run zinepress build first")
        if not webbrowser.open(page.as_uri()):
            print(f"no web browser found; open {page.as_uri()}")
        return 0
    path = args.out / "report.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ZinepressError("no report here yet", path=str(path), hint="run zinepress build first") from None
    for line in summary_lines(data):
        print(line)
    return 0
