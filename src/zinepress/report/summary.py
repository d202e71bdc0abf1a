"""The last build's report as a few lines of text (zinepress report)."""

from __future__ import annotations

from collections.abc import Iterator


def summary_lines(data: dict) -> Iterator[str]:
    """report.json's content, summed up: the outputs, the audits, the removals per rule."""
    yield f"{data['book']} — zinepress {data['version']}, {data['modified']}"
    for output in data["outputs"]:
        pages = f", {output['pages']} pages" if output.get("pages") else ""
        check = f", {output['check']}" if output.get("check") else ""
        status = " (unchanged)" if output.get("status") == "cached" else ""
        yield f"  {output['path']}: {output['size'] / 1024:.0f} KiB{pages}{check}{status}"
    for audit in data["audits"]:
        verdict = "passed" if audit["passed"] else f"FAILED, {len(audit['findings'])} findings"
        yield f"  audit {audit['output']}: {audit['sentences_checked']} sentences, {verdict}"
    counts: dict[str, int] = {}
    for removal in data["removals"]:
        counts[removal["rule"]] = counts.get(removal["rule"], 0) + 1
    for rule, count in sorted(counts.items()):
        yield f"  removed by {rule}: {count}"
