"""Page-furniture rules: each drops its Divs and records every removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from zinepress.changes import ChangeLog, Removal
from zinepress.model import BlockQuote, Div, Para, Provenance, Source, Text
from zinepress.readers.pdftext import read_pdftext
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.page_furniture import CONTENTS_PAGE, PAGE_NUMBERS, TITLE_PAGE
from zinepress.walk import iter_blocks

S003 = Path(__file__).resolve().parents[1] / "seeds" / "003_4035574dc5f78640.txt"


@pytest.fixture
def zine():
    return read_pdftext(S003, "003", "en")


def _divs(blocks, kind):
    return [b for b in iter_blocks(blocks) if isinstance(b, Div) and kind in b.classes]


def test_rule_names():
    assert [r.name for r in (TITLE_PAGE, CONTENTS_PAGE, PAGE_NUMBERS)] == [
        "title-page", "contents-page", "page-numbers"]
    assert all(r.summary for r in (TITLE_PAGE, CONTENTS_PAGE, PAGE_NUMBERS))


def test_contents_page_on_the_seed(zine):
    ctx = RuleContext(ChangeLog())
    before = len(zine.blocks)
    result = CONTENTS_PAGE.apply(zine, ctx)
    assert not _divs(result.blocks, "contents")
    assert len(result.blocks) == before - 1
    (removal,) = ctx.log.removals
    assert (removal.rule, removal.source, removal.first_line, removal.last_line) == (
        "contents-page", "003", 19, 34)
    # One line per contents line; the tab before the page number may show as a space.
    lines = [line.replace("\t", " ") for line in removal.text.splitlines()]
    assert lines[:2] == ["Contents", "I. The Uprising in Kazakhstan 5"]
    assert lines[-1] == "Links: 45" and len(lines) == 15
    assert result.meta["contents"]  # the parsed entries stay in meta
    assert ctx.log.edits == []


def test_page_numbers_on_the_seed(zine):
    ctx = RuleContext(ChangeLog())
    result = PAGE_NUMBERS.apply(zine, ctx)
    assert not _divs(result.blocks, "page-number")
    assert [(r.rule, r.where, r.text) for r in ctx.log.removals] == [
        ("page-numbers", "003:64", "44"),
        ("page-numbers", "003:100", "42"),
        ("page-numbers", "003:206", "12"),
    ]
    assert _divs(result.blocks, "title-page")  # other furniture is another rule's business


def test_title_page_on_the_seed(zine):
    ctx = RuleContext(ChangeLog())
    result = TITLE_PAGE.apply(zine, ctx)
    assert not _divs(result.blocks, "title-page")
    (removal,) = ctx.log.removals
    assert (removal.rule, removal.where) == ("title-page", "003:1-17")
    assert removal.text.splitlines() == [
        "The Anarchist Library Anti-Copyright", "Kazakhstan", "Anarchist Reports and Assessments",
        "CrimethInc.", "CrimethInc. Kazakhstan Anarchist Reports and Assessments 2022",
        "Retrieved on November 6, 2022 from https://crimethinc.com/zines/kazakhstan-anarchist-reports",
        "theanarchistlibrary.org", "2022",
    ]
    assert result.meta["title"] == "Kazakhstan"


def test_all_three_leave_only_the_text(zine):
    ctx = RuleContext(ChangeLog())
    result = run_rules(zine, [TITLE_PAGE, CONTENTS_PAGE, PAGE_NUMBERS], ctx)
    assert not [b for b in result.blocks if isinstance(b, Div)]
    assert [r.rule for r in ctx.log.removals] == ["title-page", "contents-page"] + ["page-numbers"] * 3


def _page(number: str, line: int) -> Div:
    prov = Provenance("m", line, line)
    return Div([Para([Text(number)], prov)], classes=("page-number",), prov=prov)


def test_made_up_nested_page_number_is_dropped_and_other_divs_kept():
    text = Para([Text("Kept.")], Provenance("m", 1, 1))
    quote = BlockQuote([Para([Text("Quoted.")], Provenance("m", 3, 3)), _page("7", 5)],
                       Provenance("m", 3, 5))
    other = Div([Para([Text("A tweet.")], Provenance("m", 7, 7))], classes=("twitter-tweet",),
                prov=Provenance("m", 7, 7))
    source = Source("m", "m.txt", "en", {}, [text, quote, other, _page("8", 9)])
    ctx = RuleContext(ChangeLog())
    result = PAGE_NUMBERS.apply(source, ctx)
    kept_quote = BlockQuote([Para([Text("Quoted.")], Provenance("m", 3, 3))], Provenance("m", 3, 5))
    assert result.blocks == [text, kept_quote, other]
    assert len(quote.blocks) == 2          # the input is not changed in place
    reason = ctx.log.removals[0].reason
    assert ctx.log.removals == [Removal("page-numbers", "m", 5, 5, "7", reason),
                                Removal("page-numbers", "m", 9, 9, "8", reason)]
    assert reason


def test_made_up_contents_div_with_several_lines():
    prov = Provenance("m", 2, 4)
    contents = Div([Para([Text("Contents")], Provenance("m", 2, 2)),
                    Para([Text("One\t3")], Provenance("m", 4, 4))], classes=("contents",), prov=prov)
    source = Source("m", "m.txt", "en", {}, [contents, Para([Text("Body.")], Provenance("m", 6, 6))])
    ctx = RuleContext(ChangeLog())
    result = CONTENTS_PAGE.apply(source, ctx)
    assert [type(b) for b in result.blocks] == [Para]
    (removal,) = ctx.log.removals
    assert (removal.rule, removal.first_line, removal.last_line) == ("contents-page", 2, 4)
    assert removal.text.replace("\t", " ") == "Contents\nOne 3"
