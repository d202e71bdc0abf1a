"""The build report: what was read, what each rule removed, the audit, the outputs.

BuildReport collects facts as values; render.py turns them into
dist/report.json (for machines) and dist/report.html (for people).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from zinepress.changes import ChangeLog, Edit, Removal
from zinepress.checks.audit import AuditResult, Finding


@dataclass(slots=True)
class SourceRecord:
    """One source as the build saw it."""

    ident: str
    file: str
    kind: str
    description: str
    sha256: str
    lines: int
    blocks_read: int
    editions: list[str] = field(default_factory=list)
    use: str = ""
    unused: list[dict[str, object]] = field(default_factory=list)   # {lines, reason, text}


@dataclass(slots=True)
class OutputRecord:
    """One file written into the output folder."""

    edition: str
    format: str
    path: str
    size: int
    pages: int | None = None
    seconds: float = 0.0
    check: str = ""
    ace: str = ""                  # Ace by DAISY's verdict, once `zinepress check` ran it
    status: str = "built"          # "built" by this build, or "cached" (unchanged inputs, copied from the cache)
    thumbnails: list[str] = field(default_factory=list)   # PNG pictures of it, relative to the output folder


@dataclass(slots=True)
class BuildReport:
    """Everything a person checking a build wants to know."""

    book: str
    version: str
    modified: str
    sources: list[SourceRecord] = field(default_factory=list)
    rules: list[dict[str, str]] = field(default_factory=list)
    changes: ChangeLog = field(default_factory=ChangeLog)
    audits: list[AuditResult] = field(default_factory=list)
    outputs: list[OutputRecord] = field(default_factory=list)
    seconds: float = 0.0           # the whole build, wall clock; 0.0 when not measured

    @property
    def passed(self) -> bool:
        return all(a.passed for a in self.audits)

    def removals_by_source(self) -> dict[str, dict[str, list]]:
        """source id -> rule name -> removals, in source order."""
        grouped: dict[str, dict[str, list]] = {}
        for removal in sorted(self.changes.removals, key=lambda r: (r.source, r.first_line)):
            grouped.setdefault(removal.source, {}).setdefault(removal.rule, []).append(removal)
        return grouped

    def to_json(self) -> dict[str, object]:
        return {
            "book": self.book, "version": self.version, "modified": self.modified,
            "passed": self.passed,
            "sources": [asdict(s) for s in self.sources],
            "rules": self.rules,
            **self.changes.to_json(),
            "audits": [a.to_json() for a in self.audits],
            "outputs": [asdict(o) for o in self.outputs],
            "seconds": self.seconds,
        }

    @classmethod
    def from_json(cls, data: dict) -> BuildReport:
        """The report as to_json wrote it (zinepress check adds its verdicts to it)."""
        changes = ChangeLog()
        changes.removals = [Removal(**r) for r in data.get("removals", [])]
        changes.edits = [Edit(**e) for e in data.get("edits", [])]
        audits = []
        for a in data.get("audits", []):
            audit = AuditResult(a["edition"], a["output"], a.get("sentences_checked", 0),
                                a.get("sentences_removed_by_rules", 0))
            audit.findings = [Finding(**f) for f in a.get("findings", [])]
            audits.append(audit)
        return cls(book=data["book"], version=data["version"], modified=data["modified"],
                   sources=[SourceRecord(**s) for s in data.get("sources", [])],
                   rules=list(data.get("rules", [])), changes=changes, audits=audits,
                   outputs=[OutputRecord(**o) for o in data.get("outputs", [])],
                   seconds=float(data.get("seconds", 0.0)))
