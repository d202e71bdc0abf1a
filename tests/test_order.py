"""The reading order of the shuffled source 003 (book/order/003.toml), the ordering
step that applies it, and the helper that proposes an order."""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

import pytest

from zinepress.changes import ChangeLog
from zinepress.cli import main
from zinepress.errors import EditorialError
from zinepress.model import Div, Heading, Note, NoteRef, Para, Provenance, Source, Text
from zinepress.editor.order_proposal import format_proposal, propose_order, propose_splits
from zinepress.readers.pdftext import read_pdftext
from zinepress.readers.plaintext import read_plaintext
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.transforms.order import load_order, order_source, source_fragments
from zinepress.walk import block_text, iter_blocks

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
S002 = SEEDS / "002_bc65b14c19d20a6f.txt"
S003 = SEEDS / "003_4035574dc5f78640.txt"
ORDER_003 = ROOT / "book" / "order" / "003.toml"


def _clean(source):
    return run_rules(copy.deepcopy(source), rules_for("pdftext"), RuleContext(ChangeLog()))


@pytest.fixture(scope="module")
def raw003():
    return read_pdftext(S003, "003", "en")


@pytest.fixture(scope="module")
def ref002():
    return read_plaintext(S002, "002", "en")


@pytest.fixture(scope="module")
def cleaned003(raw003):
    return _clean(raw003)


@pytest.fixture(scope="module")
def spec003():
    return load_order(ORDER_003)


@pytest.fixture(scope="module")
def ordered003(cleaned003, spec003):
    log = ChangeLog()
    return order_source(cleaned003, spec003, log), log


def _texts(blocks):
    return [block_text(b) for b in blocks]


def _key(text: str) -> str:
    """Text compared across editions: letters and digits only, lower case."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _same_text(text: str) -> str:
    """Whitespace runs as one space, curly quotes as straight ones."""
    return " ".join(text.translate(str.maketrans("“”‘’", "\"\"''")).split())


# --- the order of 003 ---------------------------------------------------------------

# Every fragment of 003 in reading order: (source line, opening words, join).
READING_ORDER = [
    (66, 'I. The Uprising in', 'heading'),
    (68, 'A full-scale uprising has', 'paragraph'),
    (70, '"What is now happening', 'paragraph'),
    (72, '"All night there were', 'paragraph'),
    (74, 'The last message we', 'paragraph'),
    (76, 'What is significant about', 'paragraph'),
    (78, 'The urgency with which', 'paragraph'),
    (80, 'It is instructive that', 'paragraph'),
    (102, 'Afghanistan. War is the', 'continue'),
    (104, 'Uprisings, on the other', 'paragraph'),
    (106, 'In capitalist democracies like', 'paragraph'),
    (108, 'Revolution—but for what purpose?', 'paragraph'),
    (110, 'And in any case,', 'paragraph'),
    (112, 'What anarchists have to', 'paragraph'),
    (114, 'In response to the', 'paragraph'),
    (116, 'The ordinary people in', 'paragraph'),
    (144, 'The Background of the', 'heading'),
    (146, 'Early on January 6', 'paragraph'),
    (148, 'For context, what anarchist,', 'paragraph'),
    (150, 'Early on, there was', 'paragraph'),
    (152, 'As for movements from', 'paragraph'),
    (154, 'As for environmentalists, if', 'paragraph'),
    (158, 'legally permitted to participate', 'continue'),
    (160, 'Are there any opposition', 'paragraph'),
    (162, 'Regarding opposition parties, there', 'paragraph'),
    (164, 'There is also some', 'paragraph'),
    (166, 'In recent years, this', 'paragraph'),
    (168, 'One unusual opposition group—I', 'paragraph'),
    (192, 'It is led by', 'continue'),
    (194, 'In any case, what', 'paragraph'),
    (196, 'What tensions within Kazakhstan', 'paragraph'),
    (198, 'What really sparked the', 'paragraph'),
    (200, 'There are also serious', 'paragraph'),
    (202, 'There were some small', 'paragraph'),
    (204, "Kazakhstan's political system and", 'paragraph'),
    (234, 'legal parties that were', 'continue'),
    (236, 'The situation in Kazakhstan', 'paragraph'),
    (238, 'To return to the', 'paragraph'),
    (240, 'There had already been', 'paragraph'),
    (244, 'roads in protest. Then,', 'continue'),
    (246, 'What started with a', 'paragraph'),
    (248, 'Describe the different agendas', 'paragraph'),
    (250, 'At first, the government', 'paragraph'),
    (252, 'But the protests still', 'paragraph'),
    (254, 'Some of the fiercest', 'paragraph'),
    (280, 'In my view, the', 'paragraph'),
    (282, 'The city is under', 'paragraph'),
    (284, 'In response, the government', 'paragraph'),
    (286, 'Present a chronology of', 'paragraph'),
    (288, 'The protest started in', 'paragraph'),
    (290, 'The most massive protests', 'paragraph'),
    (292, 'Since then, President Tokayev', 'paragraph'),
    (294, "In other cities, it's", 'paragraph'),
    (296, 'In the capital, Nur-Sultan,', 'paragraph'),
    (298, 'In short, all Kazakhstan', 'paragraph'),
    (300, 'Do you think the', 'paragraph'),
    (318, 'around the world in', 'continue'),
    (320, 'I think a lot', 'paragraph'),
    (322, 'What are the possibilities', 'paragraph'),
    (324, 'From my point of', 'paragraph'),
    (326, 'The president of Kazakhstan,', 'paragraph'),
    (330, 'Kazakhstan faces a dark', 'paragraph'),
    (332, 'What can people outside', 'paragraph'),
    (334, 'The only realistic way', 'paragraph'),
    (336, 'Conclusion: A View from', 'heading'),
    (338, 'In the following text,', 'paragraph'),
    (340, 'After decades of repression,', 'paragraph'),
    (342, 'We can feel some', 'paragraph'),
    (344, '"No matter how much', 'paragraph'),
    (346, 'seedlings', 'continue'),
    (348, 'Of fair anger are', 'paragraph'),
    (350, 'Prometheus children, carrying fire', 'paragraph'),
    (352, 'When we look at', 'paragraph'),
    (364, 'the people of these', 'continue'),
    (366, 'Kazakhstan can be an', 'paragraph'),
    (368, 'When situations unfold like', 'paragraph'),
    (370, 'We can ask ourselves:', 'paragraph'),
    (372, 'We in the ex-Soviet', 'paragraph'),
    (374, 'Solidarity and strength to', 'paragraph'),
    (398, 'II. Kazakhstan after the', 'heading'),
    (400, 'Eyewitness Accounts from Almaty;', 'heading'),
    (402, 'Following up our coverage', 'paragraph'),
    (404, 'This text also includes', 'paragraph'),
    (406, 'The following sources should', 'paragraph'),
    (408, 'To those who spread', 'paragraph'),
    (410, 'This is not to', 'paragraph'),
    (412, 'A crisis like the', 'paragraph'),
    (414, 'If it is true,', 'paragraph'),
    (434, 'that aim to centralize', 'continue'),
    (436, 'In the following overview,', 'paragraph'),
    (438, 'The Prison of Nations', 'heading'),
    (440, 'Starting on January 1,', 'paragraph'),
    (442, 'At first, the protesters', 'paragraph'),
    (444, 'The regime attempted to', 'paragraph'),
    (446, "According to Kazakhstan's Interior", 'paragraph'),
    (448, 'The military suppression of', 'paragraph'),
    (450, 'Here is the analysis', 'paragraph'),
    (452, '1) CSTO intervention. All', 'paragraph'),
    (454, '2) Authoritarian rule has', 'paragraph'),
    (456, '3) The economic crisis', 'paragraph'),
    (458, '"Wahhabis, Terrorists, Protesters"—Misinformation about', 'heading'),
    (460, 'According to the avtonom.org', 'paragraph'),
    (462, '"The Kazakh authorities are', 'paragraph'),
    (464, 'From the beginning of', 'paragraph'),
    (424, 'in the uprising. But', 'continue'),
    (426, 'From Anarchist Fighter:', 'paragraph'),
    (428, 'The journalist Maksim Kurnikov', 'paragraph'),
    (430, 'Exactly the same thing', 'paragraph'),
    (432, 'Kurnikov also spoke of', 'paragraph'),
    (434, 'What does all this', 'paragraph'),
    (414, 'However, as we can', 'continue'),
    (416, 'Claims about Islamic fundamentalists', 'paragraph'),
    (418, 'According to Anarchist Fighter:', 'paragraph'),
    (420, '"The question about the', 'paragraph'),
    (422, 'Opposition journalist Lukpan Akhmedyarov,', 'paragraph'),
    (424, 'It is noteworthy that', 'paragraph'),
    (388, 'What is it? Some', 'paragraph'),
    (390, 'One thing is clear:', 'paragraph'),
    (392, "Let's allow ourselves a", 'paragraph'),
    (394, 'The various rumors about', 'paragraph'),
    (396, 'Rumors and speculation serve', 'paragraph'),
    (374, 'or not, each of', 'continue'),
    (376, 'Tokayev himself has not', 'paragraph'),
    (378, 'According to Anarchist Fighter,', 'continue'),
    (380, '"It turns out that', 'paragraph'),
    (382, 'And the main thing', 'paragraph'),
    (384, 'Beyond the question of', 'paragraph'),
    (386, '"Putin is not a', 'paragraph'),
    (358, 'and the safety of', 'continue'),
    (360, "Look at Kazakhstan's Forbes", 'paragraph'),
    (362, 'Then comes a certain', 'paragraph'),
    (364, 'The fifth and sixth', 'paragraph'),
    (352, 'Infrastructure BV and Asset', 'continue'),
    (354, "Dinara Kulibayeva, Nazarbayev's daughter,", 'paragraph'),
    (356, 'And so on.', 'paragraph'),
    (358, 'And on the other', 'paragraph'),
    (308, 'Considering that workers are', 'paragraph'),
    (310, 'A Spring that Has', 'heading'),
    (312, 'Again, according to the', 'paragraph'),
    (314, '"The Kazakh authorities and', 'paragraph'),
    (316, 'The sitution in Kazakhstan', 'paragraph'),
    (300, 'When the first news', 'paragraph'),
    (302, 'Then the internet was', 'paragraph'),
    (304, 'Yet one of the', 'paragraph'),
    (264, 'In Kazakhstan, the regime', 'paragraph'),
    (266, 'According to avtonom.org:', 'paragraph'),
    (268, '"A president who calls', 'paragraph'),
    (270, 'In fact, this is', 'paragraph'),
    (272, 'From Zhanaozen to Almaty:', 'heading'),
    (274, 'From Anarchist Fighter:', 'paragraph'),
    (276, '"The current uprising in', 'paragraph'),
    (278, 'And in January 2022,', 'paragraph'),
    (254, 'others. The formal reason', 'continue'),
    (256, "Kazakhstan's rebellious culture has", 'paragraph'),
    (258, 'Interview: Eyewitness Testimony from', 'heading'),
    (260, 'To get more perspective', 'paragraph'),
    (222, 'they have the closest', 'continue'),
    (224, 'Introduce yourselves and the', 'paragraph'),
    (226, 'We are two anarchists', 'paragraph'),
    (228, "I can't name any", 'paragraph'),
    (230, 'I was one of', 'paragraph'),
    (232, 'There is a youth', 'paragraph'),
    (208, 'On the opposing side—mostly', 'continue'),
    (210, 'Kazakhstan is an authoritarian', 'paragraph'),
    (212, 'The situation has always', 'paragraph'),
    (214, 'Even at the time', 'paragraph'),
    (216, 'Before, if there was', 'paragraph'),
    (218, 'By the way, I', 'paragraph'),
    (220, 'Tell us what you', 'paragraph'),
    (182, 'Soon after the New', 'paragraph'),
    (184, 'On the way home', 'paragraph'),
    (186, 'Regarding what happened in', 'paragraph'),
    (188, 'When the demonstrators approached', 'paragraph'),
    (190, 'About an hour after', 'paragraph'),
    (192, 'People heard explosions all', 'paragraph'),
    (168, 'one for half a', 'word'),
    (170, 'There was no information', 'paragraph'),
    (172, 'The city was half', 'paragraph'),
    (174, 'Then we saw the', 'paragraph'),
    (176, '"This is my city', 'paragraph'),
    (178, 'We offered the protesters', 'paragraph'),
    (180, '"Now," he said, "They', 'paragraph'),
    (128, 'He and other men', 'paragraph'),
    (130, 'Many of the bourgeois', 'paragraph'),
    (132, 'None of the people', 'paragraph'),
    (134, 'They wanted the government', 'paragraph'),
    (136, 'The sound of explosions', 'paragraph'),
    (138, 'My friends and I', 'paragraph'),
    (140, 'That night, the whole', 'paragraph'),
    (142, 'On January 7, some', 'paragraph'),
    (116, 'had been possible to', 'continue'),
    (118, 'On the evening of', 'paragraph'),
    (120, 'There has been a', 'paragraph'),
    (122, 'President Tokaev still rules,', 'paragraph'),
    (124, 'Everything started as a', 'paragraph'),
    (126, 'After it started, some', 'paragraph'),
    (128, 'Here in Kazakhstan, I', 'paragraph'),
    (90, 'The former adviser of', 'paragraph'),
    (92, 'What can you say', 'paragraph'),
    (94, 'Everyone outside of Kazakhstan', 'paragraph'),
    (96, 'I will not describe', 'paragraph'),
    (98, 'The scary thing about', 'paragraph'),
    (80, 'of Kazakhstan, so that', 'continue'),
    (82, "We can't say anything", 'paragraph'),
    (84, 'The mass media that', 'paragraph'),
    (86, 'What can you tell', 'paragraph'),
    (88, 'Kyrgyz musician Vicram Ruzakhunov', 'paragraph'),
    (90, 'Local independent journalist Lukpan', 'paragraph'),
    (48, 'ment; now he is', 'word'),
    (50, 'Officials have already confirmed', 'paragraph'),
    (52, 'In Almaty, journalists from', 'paragraph'),
    (54, 'On January 6, volunteers', 'paragraph'),
    (56, 'How do you think', 'paragraph'),
    (58, 'The entry of Russian', 'paragraph'),
    (60, "Personally, I'm afraid that", 'paragraph'),
    (62, 'What do you think', 'paragraph'),
    (36, "Now it's very early", 'paragraph'),
    (38, 'For sure, repression will', 'paragraph'),
    (40, 'Is there anything that', 'paragraph'),
    (42, 'To spread information, of', 'paragraph'),
    (44, 'The most important support', 'paragraph'),
    (46, 'Links:', 'heading'),
    (48, 'The articles are taken', 'paragraph'),
    (328, '¹ From December 17-19,', 'note'),
    (306, 'ing him with an', 'word'),
    (262, '² Kazfem, arguably the', 'note'),
    (242, '³ On April 21,', 'note'),
    (156, '⁴ This news article', 'note'),
]


def test_order_file_loads_and_names_itself(spec003):
    assert spec003.source == "003"
    assert spec003.path.endswith("book/order/003.toml")
    assert len(spec003.splits) == 14
    assert len(spec003.order) + len(spec003.notes) == 228
    assert all(e.line for e in spec003.order + spec003.notes)  # every entry knows its line


def test_every_fragment_placed_exactly_once(cleaned003, spec003):
    fragments = source_fragments(cleaned003, spec003.splits)
    assert len(fragments) == 228
    hits = {}
    for entry in spec003.order + spec003.notes:
        found = [f.seq for f in fragments if f.matches(entry.match)
                 and (entry.source_line is None or f.line == entry.source_line)]
        assert len(found) == 1, entry
        hits.setdefault(found[0], []).append(entry.line)
    assert sorted(hits) == [f.seq for f in fragments]
    assert all(len(lines) == 1 for lines in hits.values())


def test_reading_order_is_pinned(cleaned003, spec003, ordered003):
    fragments = source_fragments(cleaned003, spec003.splits)
    resolved = []
    for entry in spec003.order + spec003.notes:
        (f,) = [f for f in fragments if f.matches(entry.match)
                and (entry.source_line is None or f.line == entry.source_line)]
        resolved.append((f.line, " ".join(f.text.split()[:4]), entry.join))
    assert resolved == READING_ORDER
    # The ordered text holds the fragments in that order (notes after the body).
    ordered, _ = ordered003
    text = "\n".join(_texts(ordered.blocks))
    at = 0
    for line, words, _ in READING_ORDER:
        words = re.sub(r"^[¹²³⁴] ", "", words)
        found = text.find(words, at)
        assert found >= 0, (line, words)
        at = found + len(words)


def test_blocks_follow_the_joins(ordered003):
    ordered, _ = ordered003
    paragraphs = sum(1 for _, _, join in READING_ORDER if join == "paragraph")
    assert sum(isinstance(b, Para) for b in ordered.blocks) == paragraphs == 190
    assert sum(isinstance(b, Heading) for b in ordered.blocks) == 11
    assert [type(b).__name__ for b in ordered.blocks[-4:]] == ["Note"] * 4
    assert not any(isinstance(b, (Div, Note)) for b in ordered.blocks[:-4])


def test_joins_read_as_the_zine(ordered003):
    ordered, _ = ordered003
    text = "\n".join(_texts(ordered.blocks))
    for joined in [
        "police came to his apartment; now he is missing. My friends",
        "and replacing him with an official from Russia.",
        "I called everyone for half a day, heard about victims",
        "the American imperial project in Iraq and Afghanistan. War is the health of the state",
        "spread to all the cities of Kazakhstan, so that from outside",
        "they are the only ones legally permitted to participate",
        "The rest of the politicians and legal parties that were contestants",
        "started blockading roads in protest. Then, in a few days",
        "for years, so they have the closest thing to a \"neutral\" standpoint",
        "an example for all the others. The formal reason",
        "France, Ecuador, and elsewhere around the world in response to increasing fuel prices?",
        "to strengthen the common cause which the people of these countries should share.",
        "KazStroyService Infrastructure BV and Asset Minerals Holdings",
        "the security of the post-Soviet elite and the safety of their property.",
        "engage with them. True or not, each of these interventions",
        "a variety of factions that aim to centralize their own ideologies",
        "in the Almaty events. However, as we can see, organized groups",
        "factions participated in the uprising. But that is not itself a problem",
        "The previous day, it had been possible to get inside the buildings",
        "Choice of Kazakhstan. It is led by a former businessman",
    ]:
        assert joined in text, joined
    for wrong in ["apart ment", "apartThe", "replac- ing", "replac-", "every one for", "everyIt",
                  "looted shops. and", "go together. had", "Kazakhstan. one for", "elsewhere When",
                  "KazStroyService the people", "kazakhstan-after-the-up ment"]:
        assert wrong not in text, wrong
    # Page numbers and footnote lines never sit inside the running text.
    body = [b for b in ordered.blocks if not isinstance(b, Note)]
    assert not any(re.fullmatch(r"\d+", block_text(b).strip()) for b in body)
    assert not any(re.search(r"(^|\s)(44|42|12)(\s|$)", block_text(b)) for b in body)
    body_text = "\n".join(_texts(body))
    assert not any(ch in body_text for ch in "¹²³⁴")
    for note_words in ["This news article explores", "Kazfem, arguably the first", "On April 21, Asya",
                       "From December 17-19, 1986"]:
        assert note_words not in body_text
    # The body ends with the links; the last one is cut short in the zine itself.
    assert block_text(body[-1]).endswith("https://crimethinc.com/2022/01/12/kazakhstan-after-the-up")


def test_headings_in_contents_order(ordered003, raw003):
    ordered, _ = ordered003
    headings = [b for b in ordered.blocks if isinstance(b, Heading)]
    assert [block_text(h) for h in headings] == [e["title"] for e in raw003.meta["contents"]]
    assert [h.level for h in headings] == [1, 2, 2, 1, 2, 2, 2, 2, 2, 2, 2]
    assert isinstance(ordered.blocks[0], Heading) and block_text(ordered.blocks[0]) == \
        "I. The Uprising in Kazakhstan"


def test_four_notes_whole_and_called_once(ordered003, ref002):
    ordered, _ = ordered003
    notes = [b for b in ordered.blocks if isinstance(b, Note)]
    assert [n.label for n in notes] == ["1", "2", "3", "4"]
    (ref_note1,) = [b for b in ref002.blocks if isinstance(b, Note) and b.label == "1"]
    assert _same_text(block_text(notes[0])) == _same_text(block_text(ref_note1))
    assert block_text(notes[0]).endswith("led astray via leaflets.")
    assert notes[0].prov == Provenance("003", 328, 328)
    # Notes 2-4 as 002 has them, without its draft Chinese openings.
    for note in notes[1:]:
        (ref,) = [b for b in ref002.blocks if isinstance(b, Note) and b.label == note.label]
        assert _key(block_text(ref)).endswith(_key(block_text(note)))
    calls = [n.label for b in ordered.blocks if not isinstance(b, Note) for n in b.inlines
             if isinstance(n, NoteRef)]
    assert calls == ["1", "2", "3", "4"]


def test_part_two_matches_002_paragraph_for_paragraph(ordered003, ref002):
    """002 has Part II in order: every paragraph of Part II (up to the interview,
    which 002 half replaced with Chinese) is one of 002's paragraphs, in 002's order."""
    ordered, _ = ordered003
    texts = _texts(ordered.blocks)
    start = texts.index("Eyewitness Accounts from Almaty; Analysis from Russian Anarchists")
    end = texts.index("Interview: Eyewitness Testimony from Anarchists in Almaty")
    ref_keys = [_key(t) for t in _texts(ref002.blocks)]
    positions = []
    for text in texts[start + 1:end]:
        key = _key(text)
        if text.startswith("The sitution in Kazakhstan"):
            key = key.replace("massacreand", "massacre1and")  # 002 writes the note call as a "1"
        hits = [i for i, k in enumerate(ref_keys) if k == key]
        assert hits, text[:60]
        positions.append(hits)
    chosen = []
    for hits in positions:  # "From Anarchist Fighter:" occurs twice: take the next one
        chosen.append(min(h for h in hits if not chosen or h > chosen[-1]))
    assert chosen == sorted(chosen)
    assert len(chosen) == 65


def test_every_join_is_logged(ordered003):
    _, log = ordered003
    words = [(e.rule, e.line, e.before, e.after) for e in log.edits if e.rule == "dehyphenate"]
    assert words == [("dehyphenate", 192, "every\none", "everyone"),
                     ("dehyphenate", 90, "apart\nment", "apartment"),
                     ("dehyphenate", 328, "replac-\ning", "replacing")]
    continued = [e for e in log.edits if e.rule == "join-fragments"]
    assert len(continued) == sum(1 for _, _, join in READING_ORDER if join == "continue") == 20
    assert all("\n" in e.before and e.after == e.before.replace("\n", " ") for e in continued)
    assert log.removals == []


def test_ordering_leaves_its_input_alone(cleaned003, spec003):
    before = copy.deepcopy(cleaned003)
    order_source(cleaned003, spec003, ChangeLog())
    assert cleaned003 == before


def test_page_furniture_left_in_is_dropped_and_logged(raw003, spec003):
    log = ChangeLog()
    ordered = order_source(raw003, spec003, log)
    assert [r.rule for r in log.removals] == ["title-page", "contents-page"] + ["page-numbers"] * 3
    assert not any(isinstance(b, Div) for b in iter_blocks(ordered.blocks))


def test_notes_and_headings_survive_cleaning(cleaned003):
    assert sum(isinstance(b, Note) for b in cleaned003.blocks) == 4
    assert sum(isinstance(b, Heading) for b in cleaned003.blocks) == 11


# --- a made-up shuffled zine ------------------------------------------------------------

MADE_UP = """\
Banner

A Title

Some Author

Some Author A Title 1999

1999

Contents

One: The Start\t3
Two: The End\t5

pel. They carried what they could.¹

The chapel was dry. They waited there for three days, and the water went down.

One: The Start

This is the first paragraph of the story. It is short.

The storm came from the east. By evening the wind had torn the roofs from the barns and

3

¹ The chapel stands on the only rock in the valley; the rest was drained by replac-

Two: The End

At dawn the people walked up the hill to the old chaNobody slept. In the morning the neighbours counted the damage.

4

the river rose in the night. ing the marsh with fields.
"""

MADE_UP_ORDER = """\
# The made-up zine's order.
source = "z"

splits = [
  { before = "rose in the night.", after = "ing the marsh" },
]

order = [
  # ─── One: The Start ───
  { join = "heading",   match = "One: The Start" },
  { join = "paragraph", match = "This is the first" },
  { join = "paragraph", match = "The storm came" },
  { join = "continue",  match = "the river rose" },
  { join = "paragraph", match = "Nobody slept." },
  # ─── Two: The End ───
  { join = "heading",   match = "Two: The End" },
  { join = "paragraph", match = "At dawn" },
  { join = "word",      match = "pel. They carried" },
  { join = "paragraph", match = "The chapel was dry" },
]

notes = [
  { join = "note", match = "¹ The chapel stands" },
  { join = "word", match = "ing the marsh" },
]
"""

MADE_UP_TEXT = [
    "One: The Start",
    "This is the first paragraph of the story. It is short.",
    "The storm came from the east. By evening the wind had torn the roofs from the barns and "
    "the river rose in the night.",
    "Nobody slept. In the morning the neighbours counted the damage.",
    "Two: The End",
    "At dawn the people walked up the hill to the old chapel. They carried what they could.",
    "The chapel was dry. They waited there for three days, and the water went down.",
    "The chapel stands on the only rock in the valley; the rest was drained by replacing the marsh "
    "with fields.",
]


@pytest.fixture
def zine(tmp_path):
    path = tmp_path / "zine.txt"
    path.write_text(MADE_UP, encoding="utf-8")
    return read_pdftext(path, "z", "en")


def _order_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "order" / "z.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_made_up_zine_is_put_in_order(zine, tmp_path):
    log = ChangeLog()
    ordered = order_source(_clean(zine), load_order(_order_file(tmp_path, MADE_UP_ORDER)), log)
    assert _texts(ordered.blocks) == MADE_UP_TEXT
    assert [type(b).__name__ for b in ordered.blocks] == [
        "Heading", "Para", "Para", "Para", "Heading", "Para", "Para", "Note"]
    assert ordered.blocks[5].inlines[-1] == NoteRef("1")
    assert [(e.rule, e.before, e.after) for e in log.edits] == [
        ("split-fragments", "rose in the night. ing the marsh", "rose in the night.\u2028ing the marsh"),
        ("join-fragments", "the barns and\nthe river rose", "the barns and the river rose"),
        ("dehyphenate", "cha\npel", "chapel"),
        ("dehyphenate", "replac-\ning", "replacing"),
    ]


def _fails(zine, tmp_path, text: str) -> EditorialError:
    path = _order_file(tmp_path, text)
    with pytest.raises(EditorialError) as info:
        order_source(_clean(zine), load_order(path), ChangeLog())
    err = info.value
    assert err.path == str(path) and str(path) in str(err)
    return err


def test_missing_entry_names_the_unplaced_fragment(zine, tmp_path):
    text = MADE_UP_ORDER.replace('  { join = "paragraph", match = "Nobody slept." },\n', "")
    err = _fails(zine, tmp_path, text)
    assert "not placed by any entry" in err.message
    assert "z:32 “Nobody slept. In the morning the…”" in err.message


def test_unknown_entry_names_its_line(zine, tmp_path):
    text = MADE_UP_ORDER.replace('match = "The storm came"', 'match = "The tempest came"')
    err = _fails(zine, tmp_path, text)
    assert err.line == _line_of(text, "The tempest came")
    assert "“The tempest came” matches no fragment" in err.message
    assert f":{err.line}: " in str(err)


def test_ambiguous_entry_names_its_line_and_the_fragments(zine, tmp_path):
    text = MADE_UP_ORDER.replace('match = "The storm came"', 'match = "The"')
    err = _fails(zine, tmp_path, text)
    assert err.line == _line_of(text, 'match = "The" }')
    assert "matches 3 fragments" in err.message
    assert "z:18 “The chapel was dry. They waited…”" in err.message
    assert "z:24 “The storm came from the east.…”" in err.message
    assert "z:28 “¹ The chapel stands on the…”" in err.message
    assert "line = N" in err.hint


def test_fragment_placed_twice(zine, tmp_path):
    text = MADE_UP_ORDER.replace('  { join = "paragraph", match = "The storm came" },\n',
                                 '  { join = "paragraph", match = "The storm came" },\n'
                                 '  { join = "paragraph", match = "The storm came from" },\n')
    err = _fails(zine, tmp_path, text)
    assert err.line == _line_of(text, "The storm came from")
    assert f"line {_line_of(text, 'The storm came')} places it already" in err.message


def test_line_tells_apart_fragments_with_the_same_words(zine, tmp_path):
    text = MADE_UP_ORDER.replace('match = "The storm came"', 'match = "The", line = 24') \
                        .replace('match = "The chapel was dry"', 'match = "The", line = 18')
    ordered = order_source(_clean(zine), load_order(_order_file(tmp_path, text)), ChangeLog())
    assert _texts(ordered.blocks) == MADE_UP_TEXT


@pytest.mark.parametrize("change, message", [
    (('after = "ing the marsh"', 'after = "ing the swamp"'), "falls nowhere in the source"),
    (('join = "continue",  match = "the river rose"', 'join = "glue", match = "the river rose"'),
     "unknown join 'glue'"),
    (('join = "paragraph", match = "At dawn"', 'join = "heading", match = "At dawn"'),
     "the fragment is not a heading"),
    (('join = "paragraph", match = "The chapel was dry"', 'join = "word",      match = "The chapel was dry"'),
     "does not end in a word part"),
    (('match = "Nobody slept." }', 'match = "Nobody slept.", colour = "red" }'), "unknown key 'colour'"),
])
def test_other_mistakes_name_the_file(zine, tmp_path, change, message):
    text = MADE_UP_ORDER.replace(*change)
    assert text != MADE_UP_ORDER
    err = _fails(zine, tmp_path, text)
    assert message in err.message


def test_entries_must_sit_on_lines_of_their_own(tmp_path):
    text = MADE_UP_ORDER.replace('"Nobody slept." },\n', '"Nobody slept." }, { match = "x" },\n')
    path = _order_file(tmp_path, text)
    with pytest.raises(EditorialError, match="a line of its own") as info:
        load_order(path)
    assert info.value.line == _line_of(text, "order = [")


def test_wrong_source(zine, tmp_path):
    path = _order_file(tmp_path, MADE_UP_ORDER.replace('source = "z"', 'source = "003"'))
    with pytest.raises(EditorialError, match="for source '003', not 'z'"):
        order_source(_clean(zine), load_order(path), ChangeLog())


# --- proposing an order ---------------------------------------------------------------


def test_propose_gets_the_made_up_zine_right(zine, tmp_path):
    entries = propose_order(zine)
    assert [(e.before, e.after) for e in entries if e.section == "splits"] == [
        ("the river rose in the night.", "ing the marsh with fields.")]
    proposed = [(e.line, e.join, e.match) for e in entries if e.section != "splits"]
    assert [(line, join) for line, join, _ in proposed] == [
        (20, "heading"), (22, "paragraph"), (24, "paragraph"), (36, "continue"), (32, "paragraph"),
        (30, "heading"), (32, "paragraph"), (16, "word"), (18, "paragraph"),
        (28, "note"), (36, "word")]
    # Written out, the proposal is an order file that puts the zine in order.
    path = _order_file(tmp_path, format_proposal(entries, "z"))
    ordered = order_source(_clean(zine), load_order(path), ChangeLog())
    assert _texts(ordered.blocks) == MADE_UP_TEXT
    text = path.read_text(encoding="utf-8")
    assert "page 3 ends in this run" in text and "page 4 ends in this run" in text
    assert "placed at the end of “One: The Start”" in text


def test_propose_splits_on_sentence_glue(zine):
    found = propose_splits(_clean(zine))
    assert [(s.before, s.after, line) for s, line, _ in found] == [
        ("the river rose in the night.", "ing the marsh with fields.", 36)]


def test_propose_gets_part_two_right_with_002(raw003, ref002, cleaned003, spec003):
    entries = propose_order(raw003, ref002)
    # Every cut of Part II that 002 shows is proposed.
    proposed_splits = {(e.line, e.after.split()[0]) for e in entries if e.section == "splits"}
    for line, first in [(300, "When"), (352, "Infrastructure"), (358, "and"), (364, "the"), (374, "or"),
                        (414, "However,"), (424, "in"), (434, "that")]:
        assert (line, first) in proposed_splits
    # The fragments that occur in 002 come in the true order.
    fragments = source_fragments(cleaned003, spec003.splits)
    ref_key = _key("\n".join(_texts(ref002.blocks)))
    in_002 = [f for f in fragments if len(_key(f.text)) >= 20 and _key(f.text) in ref_key]
    assert len(in_002) >= 70

    def where(f, seq):
        return next(i for i, (line, match) in enumerate(seq) if line == f.line and f.text.startswith(match))

    truth = []
    for entry in spec003.order:
        (f,) = [f for f in fragments if f.matches(entry.match)
                and (entry.source_line is None or f.line == entry.source_line)]
        truth.append((f.line, entry.match))
    proposal = [(e.line, e.match) for e in entries if e.section == "order"]
    body_002 = [f for f in in_002 if any(line == f.line and f.text.startswith(m) for line, m in truth)]
    assert sorted(body_002, key=lambda f: where(f, proposal)) == sorted(body_002, key=lambda f: where(f, truth))
    # And the proposal's joins inside Part II are the true ones.
    true_joins = {(line, match): e.join for (line, match), e in zip(truth, spec003.order)}
    for e in entries:
        if e.section == "order" and (e.line, e.match) in true_joins and \
                any(f.line == e.line and f.text.startswith(e.match) for f in body_002):
            assert e.join == true_joins[(e.line, e.match)], (e.line, e.match)


def test_cli_order_propose_prints_an_order_file(capsys):
    # without the book's translations (000 and 001): 002's evidence alone
    assert main(["order", "propose", "003", "--reference", "002", "--no-translations",
                 "--book", str(ROOT / "book")]) == 0
    out = capsys.readouterr().out
    data = tomllib.loads(out)
    assert data["source"] == "003"
    # runs of fragments the source has in order are one entry each (through = the run's last)
    assert data["order"][0] == {"join": "heading", "match": "I. The Uprising in Kazakhstan",
                                "through": "Local independent journalist Lukpan Akhmediyarov"}
    assert len(data["order"]) < 60
    assert {"join": "word", "match": "ing him with an official"} in data["notes"]
    assert out.startswith("# PROPOSED by `zinepress order propose 003 --reference 002`")


def test_cli_order_propose_reads_references_in_another_language_as_translations(capsys):
    book = str(ROOT / "book")
    assert main(["order", "propose", "003", "--reference", "002", "--reference", "000", "--reference", "001",
                 "--book", book]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# PROPOSED by `zinepress order propose 003 --reference 002 --reference 000 "
                          "--reference 001` from\n# the reference 002, the anchors of the translations 000, 001,")
    data = tomllib.loads(out)
    # 000's "Randolph Silliman Bourne" puts the run that opens "Afghanistan. War is the health" in Part I,
    # 001's "Vicram Ruzakhunov" the end of the run p. 5 opens in Part II: the page break between them,
    # inside line 80, is where the sentences of 000 and 001 put it
    assert {"before": "American imperial project in Iraq and", "after": "of Kazakhstan, so that from outside"} \
        in data["splits"]
    assert "003:80: a dated page runs on into text the translations place in the other stream" in out
    assert data["order"][:2] == [
        {"join": "heading", "match": "I. The Uprising in Kazakhstan", "through": "It is instructive that the"},
        {"join": "continue", "match": "Afghanistan. War is the health", "through": "The ordinary people in Kazakhstan"}]
    assert "# [medium] the sentence runs on: no sentence ends on “and” (003:102)" in out
    # two references in the source's language: which one to read word for word is not guessed
    assert main(["order", "propose", "003", "--reference", "002", "--reference", "004", "--book", book]) == 2
    assert "several references in the language of 003: 002, 004" in capsys.readouterr().err


def test_cli_order_propose_unknown_source(capsys):
    assert main(["order", "propose", "009", "--book", str(ROOT / "book")]) == 2
    assert "no source '009'" in capsys.readouterr().err


def test_dialogue_is_not_proposed_as_glued_fragments():
    """“Is it?” said he; is one sentence going on, not two fragments glued together."""
    para = Para([Text("“Is it?” said he; “then I shall go.” She smiled! and went on. so glued here")],
                Provenance("d", 3, 3))
    source = Source("d", "d.txt", "en", {}, [para])
    found = propose_splits(source)
    assert [(s.before.split()[-1], s.after.split()[0]) for s, _, _ in found] == [("on.", "so")]
