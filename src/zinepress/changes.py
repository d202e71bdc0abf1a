"""What the cleaning rules did to the text: removals and in-place edits.

Every transform that drops text records a Removal naming its rule; every one
that changes characters records an Edit. The build report lists them all and
the audit counts the removed sentences as accounted for.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from zinepress.model import Provenance

# Where a rule cut one block of the source into several, in the edit it records: a line
# separator, which ends a sentence for the audit without starting a new line.
CUT_MARK = "\u2028"

@dataclass(frozen=True, slots=True)
class Removal:
    """Text a named rule took out of a source."""

    rule: str
    source: str
    first_line: int
    last_line: int
    text: str
    reason: str

    @property
    def where(self) -> str:
        return str(Provenance(self.source, self.first_line, self.last_line))


@dataclass(frozen=True, slots=True)
class Edit:
    """Characters a named rule changed in place (the words stay the same), or an
    editor's correction of the text (with its reason)."""

    rule: str
    source: str
    line: int
    before: str
    after: str
    reason: str = ""


@dataclass(slots=True)
class ChangeLog:
    """Collects the removals and edits of every rule, in the order they happen; the
    same change made again (two editions from one text) is recorded once."""

    removals: list[Removal] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    _seen: set[Removal | Edit] = field(default_factory=set, repr=False)

    def _add(self, into: list, change: Removal | Edit) -> None:
        if change not in self._seen:
            self._seen.add(change)
            into.append(change)

    def removed(self, rule: str, prov: Provenance | None, text: str, reason: str) -> None:
        """Record that rule removed text (found at prov) for reason."""
        source, first, last = (prov.source, prov.first_line, prov.last_line) if prov else ("?", 0, 0)
        self._add(self.removals, Removal(rule, source, first, last, text, reason))

    def edited(self, rule: str, prov: Provenance | None, before: str, after: str,
               reason: str = "") -> None:
        """Record that rule changed before into after (found at prov), for reason if given."""
        source, line = (prov.source, prov.first_line) if prov else ("?", 0)
        self._add(self.edits, Edit(rule, source, line, before, after, reason))

    def extend(self, other: ChangeLog) -> None:
        for removal in other.removals:
            self._add(self.removals, removal)
        for edit in other.edits:
            self._add(self.edits, edit)

    def to_json(self) -> dict[str, list[dict[str, object]]]:
        return {
            "removals": [asdict(r) for r in self.removals],
            "edits": [asdict(e) for e in self.edits],
        }
