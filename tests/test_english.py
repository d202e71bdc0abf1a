"""English punctuation (transforms/english.py): the rules on small texts, what they leave
alone, what they log, and that the audit's sentence keys read through them."""

from __future__ import annotations

import pytest

from zinepress.changes import ChangeLog
from zinepress.model import Chapter, Edition, Emph, Link, NoteRef, Para, Provenance, Span, Text
from zinepress.text.sentences import sentence_key, split_sentences
from zinepress.transforms.english import RULES, smarten, typeset_english, typeset_inlines


@pytest.mark.parametrize("before, after", [
    ('"Hello," she said.', "“Hello,” she said."),
    ("it's the people's 'victory'", "it’s the people’s ‘victory’"),
    ("in the '90s", "in the ’90s"),
    ('without warning"... But', "without warning”… But"),
    ("classified... then", "classified… then"),
    ("a word -- then", "a word—then"),
    ("shoulder straps - then you", "shoulder straps—then you"),
    ("to revolt – and explore", "to revolt—and explore"),
    ("From December 17-19, 1986,", "From December 17–19, 1986,"),
    ("pages 12-140.", "pages 12–140."),
])
def test_each_rule(before, after):
    assert smarten(before) == after


@pytest.mark.parametrize("text", [
    "COVID-19 and post-Soviet",          # a hyphen after a letter is a word's own
    "a 1.5-2.5 ratio, 2022-01-05",       # decimals and dates are no ranges
    "“already curly” — it’s…",           # set text stays set (a spaced em dash closes up only)
])
def test_what_is_no_range_or_already_set(text):
    assert "–" not in smarten(text)
    assert smarten(smarten(text)) == smarten(text)


def test_links_to_urls_other_languages_and_urls_in_text_are_left_alone():
    inlines = [Text('He said "'), Emph([Text("go")]), Text('" -- see '),
               Link("https://a.example/c--d", [Text("https://a.example/c--d's")]),
               Text(" and "), Span("ru", [Text('"Дождь" - 1-2')]),
               Text(" or www.example.org/a--b's page, 1-2.")]
    log = ChangeLog()
    typeset_inlines(inlines, Provenance("003", 7, 7), log)
    assert inlines[0].text == "He said “" and inlines[1].children[0].text == "go"
    assert inlines[2].text == "”—see "
    assert inlines[3].children[0].text == "https://a.example/c--d's"
    assert inlines[5].children[0].text == '"Дождь" - 1-2'
    assert inlines[6].text == " or www.example.org/a--b's page, 1–2."
    assert [e.rule for e in log.edits] == ["en-quotes", "en-quotes", "en-dashes", "en-ranges"]
    assert all(e.source == "003" and e.line == 7 for e in log.edits)
    assert set(e.rule for e in log.edits) <= set(RULES)


def test_a_note_call_stops_the_context_but_not_the_pairing_of_its_own_run():
    inlines = [Text('"robbers."'), NoteRef("4"), Text(" Then 'we' left")]
    typeset_inlines(inlines, None, ChangeLog())
    assert inlines[0].text == "“robbers.”" and inlines[2].text == " Then ‘we’ left"


def test_only_english_chapters_are_set():
    chapters = [Chapter("c1", [Text('"Title"')], [Para([Text("it's 1-2")])], lang="en-US"),
                Chapter("c2", [Text("标题")], [Para([Text('他说"好"... 1-2')])], lang="zh-Hans")]
    edition = Edition("zh-Hans", "zh-Hans", "T", "", "A", chapters)
    result = typeset_english(edition, ChangeLog())
    assert result.chapters[0].title[0].text == "“Title”"
    assert result.chapters[0].blocks[0].inlines[0].text == "it’s 1–2"
    assert result.chapters[1].blocks[0].inlines[0].text == '他说"好"... 1-2'
    assert edition.chapters[0].blocks[0].inlines[0].text == "it's 1-2"      # a copy


@pytest.mark.parametrize("text", [
    'From December 17-19, 1986, there were "protests"... Then -- it began. It\'s over - now.',
    '"A president who calls his people \'terrorist gangs\' represents a nadir." And so on...',
    'He said "without warning"... But Kazakhstan was still classified... then there is more.',
])
def test_the_audit_keys_read_through_the_rules(text):
    assert [sentence_key(s) for s in split_sentences(smarten(text))] == \
        [sentence_key(s) for s in split_sentences(text)]
