"""The interview's questions (book/editorial.toml [[question]]) set in bold."""

from __future__ import annotations

import pytest

from zinepress.errors import EditorialError
from zinepress.model import Chapter, Edition, Emph, Para, Provenance, Strong, Text
from zinepress.transforms.questions import mark_questions


def _edition():
    blocks = [Para([Text("What can you tell us "), Emph([Text("about")]), Text(" it?")], Provenance("003", 86, 86)),
              Para([Text("Kyrgyz musician Vicram Ruzakhunov was arrested.")], Provenance("003", 88, 88)),
              Para([Text("What do you think will happen next?")], Provenance("003", 62, 62)),
              Para([Text("What do you think will happen next? Again.")], Provenance("002", 9, 9))]
    return Edition("en", "en", "T", "", "A", [Chapter("c", [Text("I")], blocks, sources=("003",))])


def _entry(match, source="003"):
    return {"kind": "question", "source": source, "match": match, "_line": 7}


def test_the_named_paragraph_is_set_in_bold_and_keeps_its_words():
    edition = mark_questions(_edition(), [_entry("What can you  tell us about"),
                                          _entry("What do you think will happen next?")])
    blocks = edition.chapters[0].blocks
    assert blocks[0].inlines == [Strong([Text("What can you tell us "), Emph([Text("about")]), Text(" it?")])]
    assert blocks[1].inlines == [Text("Kyrgyz musician Vicram Ruzakhunov was arrested.")]
    assert blocks[2].inlines == [Strong([Text("What do you think will happen next?")])]
    assert blocks[3].inlines == [Text("What do you think will happen next? Again.")]      # another source


def test_marking_twice_changes_nothing_more():
    edition = mark_questions(_edition(), [_entry("What do you think")])
    again = mark_questions(edition, [_entry("What do you think")])
    assert again.chapters[0].blocks[2].inlines == [Strong([Text("What do you think will happen next?")])]


def test_an_entry_of_a_source_the_edition_does_not_read_is_skipped():
    assert mark_questions(_edition(), [_entry("nothing", source="001")]).chapters[0].blocks[0].inlines[0] == \
        Text("What can you tell us ")


@pytest.mark.parametrize("match, count", [("How", "no paragraph"), ("What", "2 paragraphs")])
def test_an_entry_must_match_one_paragraph(match, count):
    with pytest.raises(EditorialError, match=count) as error:
        mark_questions(_edition(), [_entry(match)])
    assert error.value.line == 7 and "editorial.toml" in str(error.value.path)
