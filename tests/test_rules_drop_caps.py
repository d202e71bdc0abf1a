"""The drop-caps rule on real PDF extracts (tests/corpus/pdftext/): a drop cap that
pdftotext set apart goes back before the rest of its word, and the audit still
counts every sentence once."""

from __future__ import annotations

import copy

from conftest import ROOT
from zinepress.changes import ChangeLog
from zinepress.checks.audit import audit_edition
from zinepress.readers.pdftext import read_pdftext
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.walk import text_blocks

PDFTEXT = ROOT / "tests" / "corpus" / "pdftext"


def _cleaned(name: str):
    raw = read_pdftext(PDFTEXT / name, "x", "en")
    log = ChangeLog()
    cleaned = run_rules(copy.deepcopy(raw), rules_for("pdftext"), RuleContext(log))
    return raw, cleaned, log


def _texts(source) -> list[str]:
    return [" ".join(text.split()) for _, text in text_blocks(source.blocks)]


def test_robin_hood_s_drop_cap_goes_back_before_its_word():
    # robin-hood.txt lines 192-194: "I", a blank line, "n the days of good King Harry…"
    raw, cleaned, log = _cleaned("robin-hood.txt")
    texts = _texts(cleaned)
    assert "I" not in texts and not any(t.startswith("n the days") for t in texts)
    opening = next(t for t in texts if t.startswith("In the days of good King Harry the Second of England"))
    assert "there were certain forests in the north country" in opening
    assert [(e.rule, e.line, e.before, e.after) for e in log.edits if e.rule == "drop-caps"] == \
        [("drop-caps", 192, "I\nn", "In")]
    # every sentence of the extract arrives once: the letter counted in its sentence
    out = texts
    assert audit_edition("en", [raw], log, out, "x").passed
    # and that sentence lost is still found missing, named with its line
    lost = [t for t in out if not t.startswith("In the days")]
    findings = [(f.problem, f.line, f.text[:30]) for f in audit_edition("en", [raw], log, lost, "x").findings]
    assert findings[:2] == [("missing", 192, "I"), ("missing", 194, "n the days of good King Harry ")]
    assert {problem for problem, _, _ in findings} == {"missing"}


def test_a_letter_beside_a_capital_stays_as_it_is():
    # pride-and-prejudice.txt line 21: "T" alone, then "However little known…": no word to join
    _, cleaned, log = _cleaned("pride-and-prejudice.txt")
    assert "T" in _texts(cleaned)
    assert not [e for e in log.edits if e.rule == "drop-caps"]
