"""Properties of the cleaning and typography transforms, on texts Hypothesis makes up.

Run with a fixed seed and a bounded number of examples (the profile below), so
CI sees the same examples every time; `HYPOTHESIS_PROFILE=explore` tries more.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import opencc
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT
from zinepress.checks.audit import audit_edition
from zinepress.changes import ChangeLog
from zinepress.model import Link, Span, Text
from zinepress.readers import reader_for
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.transforms.typography import normalise, typeset_inlines
from zinepress.transforms.variants import edition_conversion, load_glossary
from zinepress.walk import iter_blocks, plain_text

settings.register_profile("ci", derandomize=True, database=None, max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

HAN = "他们的斗争不会停止人民起义哈萨克斯坦政府抗议者说"
LATIN = "abcXYZ019"
MARKS = ",.;:?!()\"'-… —－。，、：；？！（）“”‘’"
SPACES = "  "

chinese_text = st.text(alphabet=HAN + LATIN + MARKS + SPACES, min_size=1, max_size=40)
latin_text = st.text(alphabet=LATIN + ",.;:?!()\"'- ", min_size=1, max_size=30)


# --- Typography -------------------------------------------------------------------


@given(chinese_text)
def test_the_punctuation_rules_are_idempotent(text):
    once, _ = normalise(text)
    twice, changes = normalise(once)
    assert twice == once, changes


@given(chinese_text, latin_text, latin_text, chinese_text)
def test_the_punctuation_rules_never_touch_latin_passages_urls_or_attributes(before, latin, path, after):
    url = f"https://example.org/{path.replace(' ', '')}?a=1,b=2..."
    passage = Span(lang="en", children=[Text(latin)])
    link = Link(href=url, children=[Text(url)])
    named = Link(href=url, children=[Text(before)])       # a link with Chinese text: its href stays
    inlines = [Text(before), passage, Text("，"), link, named, Text(after)]
    typeset_inlines(inlines, None, ChangeLog())
    assert passage.children[0].text == latin
    assert link.children[0].text == url and link.href == url and named.href == url


# --- Cleaning -----------------------------------------------------------------------


paragraph = st.text(alphabet=HAN + LATIN + MARKS + " \\$", min_size=1, max_size=60) \
    .map(lambda t: t.strip()).filter(bool)
plain_source = st.lists(paragraph, min_size=1, max_size=6).map(lambda ps: "\n\n".join(ps) + "\n")


def _read_and_clean(text: str, kind: str = "plaintext"):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "source.txt"
        path.write_text(text, encoding="utf-8")
        raw = reader_for(kind)(path, "s", "zh-Hans")
    log = ChangeLog()
    cleaned = run_rules(copy.deepcopy(raw), rules_for(kind), RuleContext(log, [], None))
    return raw, cleaned, log


def _texts(source) -> list[str]:
    return [plain_text(block.inlines) for block in iter_blocks(source.blocks) if hasattr(block, "inlines")]


@settings(max_examples=40)
@given(plain_source)
def test_cleaning_is_idempotent(text):
    _, cleaned, _ = _read_and_clean(text)
    log = ChangeLog()
    again = run_rules(copy.deepcopy(cleaned), rules_for("plaintext"), RuleContext(log, [], None))
    assert _texts(again) == _texts(cleaned)
    assert log.removals == []


@settings(max_examples=40)
@given(plain_source)
def test_cleaning_removes_nothing_that_no_rule_claims(text):
    """The audit's view: every sentence of the source as read is in the cleaned text
    as often as it was, less what a named rule removed."""
    raw, cleaned, log = _read_and_clean(text)
    result = audit_edition("test", [raw], log, _texts(cleaned), "cleaned")
    assert result.passed, [str(f) for f in result.findings]


# --- Script variants ------------------------------------------------------------------


GLOSSARY = load_glossary(ROOT / "book" / "glossary.toml")
TO_SIMPLIFIED = opencc.OpenCC("tw2s")


@given(st.sampled_from(GLOSSARY.terms), st.sampled_from(["", "。", "，", "「", "」", " "]))
def test_glossary_terms_come_back_from_traditional_to_simplified(term, mark):
    convert = edition_conversion(ROOT / "book", "s2tw")
    traditional = convert(f"{mark}{term.anchor}{mark}")
    assert term.form("s2tw") in traditional
    back = TO_SIMPLIFIED.convert(traditional.replace("「", "“").replace("」", "”"))
    assert back == f"{mark}{term.anchor}{mark}".replace("「", "“").replace("」", "”")
