"""Transforms: small steps that take a Source (or an Edition) and return it changed.

A cleaning rule is a Rule: a name (shown in the build report), a one-line
summary of what it removes or changes and why, and a function
``apply(source, ctx) -> source``. Every block or character a rule drops is
recorded in ``ctx.log`` under the rule's name, so nothing is lost silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zinepress.changes import ChangeLog
from zinepress.model import Source


@dataclass(slots=True)
class RuleContext:
    """What a rule may consult: the change log, the book's editorial entries
    for this source, the folder the sources live in, and the passages of the
    source book.toml says no edition uses, with where book.toml says so."""

    log: ChangeLog
    editorial: list[dict[str, object]] = field(default_factory=list)
    sources_dir: Path | None = None
    unused: tuple[tuple[int, int, str], ...] = ()   # (first line, last line, reason)
    unused_at: tuple[str, int | None] = ("book/book.toml", None)   # file and line of the [[source]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named cleaning rule."""

    name: str
    summary: str
    apply: Callable[[Source, RuleContext], Source]


def run_rules(source: Source, rules: list[Rule], ctx: RuleContext) -> Source:
    """Apply rules to a source in the order given."""
    for rule in rules:
        source = rule.apply(source, ctx)
    return source
