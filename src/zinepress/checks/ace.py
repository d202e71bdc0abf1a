"""Ace by DAISY: the accessibility checker publishers gate EPUBs on.

Ace (npm @daisy/ace) opens each document of an EPUB in a headless browser
and runs axe-core plus its own EPUB checks (the package's language, the page
list pointing at page breaks, ...). scripts/setup installs it into
tools/node/ with npm; it drives Debian's Chromium through puppeteer (no
browser of its own: PUPPETEER_SKIP_DOWNLOAD at install time,
PUPPETEER_EXECUTABLE_PATH here). `zinepress check` runs it after EPUBCheck
when it is installed; a machine without it skips it and says so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from zinepress.errors import OutputError

# Where scripts/setup installs the Node tools, beside src/ in the project.
NODE_TOOLS = Path(__file__).resolve().parents[3] / "tools" / "node"   # the repository's tools/node/
ACE_COMMAND = NODE_TOOLS / "node_modules" / ".bin" / "ace-puppeteer"
CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 300     # seconds for one EPUB (Ace itself allows 240 per document)


@dataclass(frozen=True, slots=True)
class AceViolation:
    """One failed Ace assertion: its rule, impact and where."""

    rule: str
    impact: str
    where: str
    description: str

    def __str__(self) -> str:
        return f"{self.impact} {self.rule} in {self.where}: {self.description}"


@dataclass(slots=True)
class AceResult:
    """What Ace found in one EPUB."""

    path: str
    violations: list[AceViolation] = field(default_factory=list)
    error: str = ""        # Ace could not check it (no report), and what it said

    @property
    def passed(self) -> bool:
        return not self.violations and not self.error

    def summary(self) -> str:
        if self.error:
            return f"Ace by DAISY could not check it: {self.error}"
        if self.passed:
            return "Ace by DAISY: 0 violations"
        impacts: dict[str, int] = {}
        for violation in self.violations:
            impacts[violation.impact] = impacts.get(violation.impact, 0) + 1
        counts = ", ".join(f"{n} {impact}" for impact, n in sorted(impacts.items()))
        return f"Ace by DAISY: {len(self.violations)} violations ({counts})"


def ace_command() -> Path | None:
    """Ace's command line, if scripts/setup installed it (and a Chromium to drive), else None."""
    override = os.environ.get("ZINEPRESS_ACE")
    command = Path(override) if override else ACE_COMMAND
    if not command.is_file() or not _chromium():
        return None
    return command


def _chromium() -> str | None:
    return os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium") or \
        (CHROMIUM if Path(CHROMIUM).is_file() else None)


def run_ace(epub: Path) -> AceResult:
    """Run Ace on one EPUB and read its report."""
    command = ace_command()
    if command is None:
        raise OutputError("Ace by DAISY is not installed", hint="run scripts/setup (it installs it with npm)")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": _chromium() or CHROMIUM}
    with tempfile.TemporaryDirectory(prefix="zinepress-ace-") as folder:
        try:
            done = subprocess.run([str(command), "--silent", "--force", "--outdir", folder,
                                   "--tempdir", str(Path(folder) / "tmp"), str(epub)],
                                  capture_output=True, text=True, env=env, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return AceResult(str(epub), error=f"it took more than {TIMEOUT} s")
        report = Path(folder) / "report.json"
        if not report.is_file():
            said = " ".join((done.stderr or done.stdout).split())[-300:]
            return AceResult(str(epub), error=f"no report (exit {done.returncode}): {said}")
        return read_ace_report(json.loads(report.read_text(encoding="utf-8")), epub)


def read_ace_report(data: dict, epub: Path) -> AceResult:
    """The violations of an Ace report.json (EARL: assertions per document)."""
    result = AceResult(str(epub))
    for document in data.get("assertions", []):
        where = str(document.get("earl:testSubject", {}).get("url", ""))
        for assertion in document.get("assertions", []):
            if assertion.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = assertion.get("earl:test", {})
            result.violations.append(AceViolation(
                str(test.get("dct:title", "?")), str(test.get("earl:impact", "?")), where,
                str(assertion.get("earl:result", {}).get("dct:description", "")).strip()))
    return result
