"""Editorial line entries from book/: captions dropped, plain lines made headings, bad entries refused."""

from __future__ import annotations

import pytest

from conftest import SEED_FILES, apply_rule
from zinepress.errors import EditorialError
from zinepress.model import Heading, Para, Provenance, SoftBreak, Source, Text
from zinepress.readers.markdown import read_markdown
from zinepress.changes import ChangeLog
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.editorial import CAPTION_LINES, EDITORIAL_LINES, HEADING_LINES
from zinepress.walk import iter_blocks, plain_text


def _apply_all(source, entries):
    log = ChangeLog()
    return run_rules(source, EDITORIAL_LINES, RuleContext(log, entries)), log


def test_real_book_entries_on_000(book):
    source = read_markdown(SEED_FILES["000"], "000", "zh-Hans")
    cleaned, log = _apply_all(source, book.editorial_for("000"))
    assert [(r.rule, r.first_line) for r in log.removals] == [
        ("caption-of-missing-picture", 87), ("caption-of-missing-picture", 159),
        ("caption-of-missing-picture", 187), ("caption-of-missing-picture", 242)]
    headings = [(b.prov.first_line, plain_text(b.inlines)) for b in iter_blocks(cleaned.blocks)
                if isinstance(b, Heading) and b.level == 2]
    assert headings == [(88, "这场起义的背景"), (244, "总结：来自俄罗斯的观点")]
    # the line after the heading stays a paragraph of its own, with its own line
    after = next(b for b in iter_blocks(cleaned.blocks) if b.prov and b.prov.first_line == 89)
    assert isinstance(after, Para) and plain_text(after.inlines).startswith("1月6日")
    # the question glued under the caption on line 187 survives
    q = next(b for b in iter_blocks(cleaned.blocks) if b.prov and b.prov.first_line == 188)
    assert plain_text(q.inlines) == "Q：请介绍一下过去一周的事件表。"


def _source():
    para = Para([Text("Caption of a photo."), SoftBreak(), Text("A Heading"), SoftBreak(), Text("Body text.")],
                Provenance("t", 10, 12))
    return Source("t", "t", "en", {}, [para])


def test_made_up_caption_and_heading():
    entries = [{"kind": "caption", "source": "t", "match": "Caption of", "reason": "no photo"},
               {"kind": "heading", "source": "t", "match": "A Heading", "level": 3}]
    cleaned, log = _apply_all(_source(), entries)
    heading, body = cleaned.blocks
    assert isinstance(heading, Heading) and heading.level == 3 and heading.prov.first_line == 11
    assert plain_text(body.inlines) == "Body text." and body.prov.first_line == 12
    assert [(r.text, r.reason, r.first_line) for r in log.removals] == [("Caption of a photo.", "no photo", 10)]


@pytest.mark.parametrize("match, words", [("Nothing like this", "no line"), ("", "3 lines")])
def test_entry_must_match_exactly_one_line(match, words):
    entries = [{"kind": "caption", "source": "t", "match": match, "reason": "x", "_line": 7}]
    with pytest.raises(EditorialError) as err:
        apply_rule(CAPTION_LINES, _source(), editorial=entries)
    assert words in str(err.value) and err.value.line == 7 and "editorial.toml" in str(err.value)


def test_heading_rule_ignores_caption_entries():
    entries = [{"kind": "caption", "source": "t", "match": "Caption of", "reason": "no photo"}]
    cleaned, log = apply_rule(HEADING_LINES, _source(), editorial=entries)
    assert len(cleaned.blocks) == 1 and not log.removals


def test_language_entry_marks_a_phrase_and_a_wrong_count_names_the_entry_line(tmp_path):
    from zinepress.errors import EditorialError
    from zinepress.model import Para, Provenance, Source, Text
    from zinepress.transforms.language import LANGUAGE_PASSAGES
    source = Source("x", "x.html", "zh-Hans", {}, [Para([Text("在阿拉木图，Dozhd 频道（Телеканал Дождь）的记者")], Provenance("x", 3, 3))])
    entry = {"kind": "language", "source": "x", "match": "Телеканал Дождь", "lang": "ru", "_line": 7}
    result, _ = apply_rule(LANGUAGE_PASSAGES, source, [entry])
    inlines = result.blocks[0].inlines
    assert [type(n).__name__ for n in inlines] == ["Text", "Span", "Text"]
    assert inlines[1].lang == "ru" and inlines[1].children[0].text == "Телеканал Дождь"
    with pytest.raises(EditorialError) as error:
        apply_rule(LANGUAGE_PASSAGES, result, [{**entry, "match": "Дождь ТВ"}])
    assert error.value.line == 7 and "found 0 times" in str(error.value)
