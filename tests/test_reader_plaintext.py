"""The plain-text reader: paragraphs, line ranges, headings, trailing notes, emphasis."""

from __future__ import annotations

from pathlib import Path

import pytest

from zinepress.errors import SourceError
from zinepress.model import Emph, Heading, Note, Para, Provenance, SoftBreak, Text
from zinepress.readers.plaintext import read_plaintext, split_paragraphs
from zinepress.walk import block_text, plain_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
S002 = SEEDS / "002_bc65b14c19d20a6f.txt"
S004 = SEEDS / "004_24c83fe0c7bbf0c1.txt"


def _read(tmp_path: Path, text: str):
    path = tmp_path / "source.txt"
    path.write_text(text, encoding="utf-8")
    return read_plaintext(path, "t", "en")


# --- the seeds ----------------------------------------------------------------


def test_004_every_paragraph_is_a_para_with_its_line():
    source = read_plaintext(S004, "004", "en")
    assert (source.ident, source.lang, source.path) == ("004", "en", str(S004))
    assert all(isinstance(b, Para) for b in source.blocks)
    # One-line paragraphs on the odd lines 1, 3, ... 47, blank lines between.
    assert [b.prov for b in source.blocks] == [Provenance("004", n, n) for n in range(1, 48, 2)]
    assert plain_text(source.blocks[0].inlines) == "This article was originally published by Lossi 36."
    assert plain_text(source.blocks[-1].inlines).startswith("Written by Aizada Arystanbek")


def test_004_questions_standing_alone_stay_paragraphs():
    source = read_plaintext(S004, "004", "en")
    by_line = {b.prov.first_line: b for b in source.blocks}
    for line, question in [(9, "What is behind the rage?"), (25, "What can we learn?")]:
        assert isinstance(by_line[line], Para)
        assert plain_text(by_line[line].inlines) == question


def test_002_four_notes_from_the_closing_list():
    source = read_plaintext(S002, "002", "en")
    notes = [b for b in source.blocks if isinstance(b, Note)]
    assert [n.label for n in notes] == ["1", "2", "3", "4"]
    assert [n.prov for n in notes] == [Provenance("002", n, n) for n in (250, 252, 254, 256)]
    assert source.blocks[-4:] == notes  # the list closes the file
    assert block_text(notes[0]).startswith("From December 17-19, 1986, there were protests in Almaty")
    assert "Kazfem, arguably the first feminist movement" in block_text(notes[1])
    assert block_text(notes[3]) == "This news article explores this issue, albeit from a partisan position."
    assert notes[0].blocks[0].prov == notes[0].prov


def test_002_headings_are_the_short_unpunctuated_lines():
    source = read_plaintext(S002, "002", "en")
    headings = [(b.level, b.prov.first_line, plain_text(b.inlines))
                for b in source.blocks if isinstance(b, Heading)]
    assert headings == [
        (1, 1, "Kazakhstan after the Uprising"),
        (2, 27, "The Prison of Nations"),
        (2, 49, "“Wahhabis, Terrorists, Protesters”—Misinformation about the Uprising"),
        (2, 115, "A Spring that Has Been Delayed for Thirty Years"),
        (2, 141, "From Zhanaozen to Almaty: Remembering the Dead"),
        (2, 246, "Further Reading"),
    ]


def test_002_numbered_points_inside_the_text_stay_paragraphs():
    source = read_plaintext(S002, "002", "en")
    texts = [plain_text(b.inlines) for b in source.blocks if isinstance(b, Para)]
    assert any(t.startswith("1) CSTO intervention.") for t in texts)
    # Captions end with a full stop: text, not headings.
    assert "January 5 in Almaty; a photograph taken by Zhanabergen Talgat." in texts


# --- made-up inputs -----------------------------------------------------------


def test_lines_of_one_paragraph_are_joined_with_soft_breaks(tmp_path):
    source = _read(tmp_path, "First line of it,\nsecond line.\n\n\n   \nAnother one.\n")
    first, second = source.blocks
    assert first.inlines == [Text("First line of it,"), SoftBreak(), Text("second line.")]
    assert first.prov == Provenance("t", 1, 2)
    assert second.prov == Provenance("t", 6, 6)  # a whitespace-only line is blank


def test_emphasis_becomes_emph(tmp_path):
    source = _read(tmp_path, "They burned *Akimat*, and 5*3*2 is arithmetic.\n")
    assert source.blocks[0].inlines == [
        Text("They burned "), Emph([Text("Akimat")]), Text(", and 5*3*2 is arithmetic."),
    ]


def test_heading_rule(tmp_path):
    text = "\n\n".join([
        "A Title Line",                 # first paragraph, heading-shaped: level 1
        "Body text follows here.",
        "A Section",                    # level 2
        "What is behind the rage?",     # a question: kept as text
        "Ends with a colon:",           # final punctuation: text
        "lower-case start",             # not capitalised: text
        "Two lines of a\nparagraph",    # more than one line: text
        "This line is far too long to be a heading because it has many words in it",
        "Last Line",                    # nothing follows it: text
    ])
    blocks = _read(tmp_path, text).blocks
    kinds = [(type(b).__name__, getattr(b, "level", None)) for b in blocks]
    assert kinds == [("Heading", 1), ("Para", None), ("Heading", 2)] + [("Para", None)] * 6


def test_trailing_numbered_list_becomes_notes(tmp_path):
    source = _read(tmp_path, "Text.\n\n  1. First note,\n  continued.\n\n  2. Second *note*.\n")
    para, one, two = source.blocks
    assert isinstance(para, Para)
    assert (one.label, one.prov) == ("1", Provenance("t", 3, 4))
    assert one.blocks[0].inlines == [Text("First note,"), SoftBreak(), Text("continued.")]
    assert (two.label, two.prov) == ("2", Provenance("t", 6, 6))
    assert two.blocks[0].inlines == [Text("Second "), Emph([Text("note")]), Text(".")]


@pytest.mark.parametrize("text", [
    "1. A list in the middle.\n\n2. Of the text.\n\nThen more text.\n",  # not at the end
    "Text.\n\n1. One.\n\n3. Three.\n",                                    # a gap in the numbers
    "Text.\n\n2. Two.\n\n3. Three.\n",                                    # not from 1
])
def test_numbered_paragraphs_that_are_not_a_closing_list_stay_text(tmp_path, text):
    assert all(isinstance(b, Para) for b in _read(tmp_path, text).blocks)


def test_split_paragraphs_line_ranges():
    runs = split_paragraphs("\n\na\nb\n\nc")
    assert [(r.first_line, r.last_line, r.lines) for r in runs] == [(3, 4, ("a", "b")), (6, 6, ("c",))]


def test_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(SourceError):
        read_plaintext(tmp_path / "nope.txt", "x", "en")


# Characters str.splitlines treats as line ends and sed does not: a form feed
# (pdftotext's page end, a printer's page break), \x1c-\x1e, NEL, U+2028/U+2029.
_LINE_END_LOOKALIKES = "Page one ends here.\n\f\nA second page\u2028goes on.\n\nA third\x1cparagraph.\n\n" \
                       "\fA fourth, after a form feed.\n\nA fifth\x85with a NEL\u2029inside.\n"


def _sed(path: Path, line: int) -> str:
    import subprocess
    return subprocess.run(["sed", "-n", f"{line}p", str(path)], capture_output=True, check=True,
                          text=True, encoding="utf-8").stdout


def test_lines_are_numbered_as_sed_shows_them(tmp_path):
    source = _read(tmp_path, _LINE_END_LOOKALIKES)
    paras = [b for b in source.blocks if isinstance(b, Para)]
    path = tmp_path / "source.txt"
    # each paragraph's first words are on the line its provenance names, as sed prints it
    firsts = {"Page one": 1, "A second": 3, "A third": 5, "A fourth": 7, "A fifth": 9}
    for para in paras:
        opening = next(k for k in firsts if block_text(para).startswith(k))
        assert para.prov.first_line == firsts[opening]
        assert opening in _sed(path, para.prov.first_line)
    assert len(paras) == 5      # the form feed alone on line 2 is a blank line, not text
