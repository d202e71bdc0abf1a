"""Repeated paragraphs: the later copy goes, naming the first; short ones are never judged."""

from __future__ import annotations

from conftest import SEED_FILES, apply_rule
from zinepress.model import Para, Provenance, Source, Text
from zinepress.readers.markdown import read_markdown
from zinepress.transforms.dedupe import REPEATED_PARAGRAPHS


def test_real_000_repeats():
    source = read_markdown(SEED_FILES["000"], "000", "zh-Hans")
    _, log = apply_rule(REPEATED_PARAGRAPHS, source)
    lines = [r.first_line for r in log.removals]
    assert lines == [25, 130, 132, 134, 214, 275]
    by_line = {r.first_line: r for r in log.removals}
    assert "000:29" in by_line[130].reason
    assert "000:74" in by_line[275].reason
    assert by_line[275].text.startswith("推翻政府是必要的")


def _para(text, line):
    return Para([Text(text)], Provenance("t", line, line))


def test_made_up():
    blocks = [_para("The same long sentence here. Another one.", 1), _para("Something else entirely.", 2),
              _para("Another one.  The same long sentence here.", 3), _para("And so on.", 4),
              _para("And so on.", 5), _para("The same long sentence here. But new.", 6)]
    cleaned, log = apply_rule(REPEATED_PARAGRAPHS, Source("t", "t", "en", {}, blocks))
    assert [r.first_line for r in log.removals] == [3]     # 5 is too short to judge, 6 says something new
    assert [b.prov.first_line for b in cleaned.blocks] == [1, 2, 4, 5, 6]
