"""Real pdftotext extracts (tests/corpus/pdftext/): what a reader of each file sees, the
line numbers sed shows, the line-end hyphen rule, and the audit on each file.

The expectations were written by reading the files (with ``cat -A`` for the
form feeds), not by copying the reader's output.
"""

from __future__ import annotations

import copy
import subprocess
import tomllib
from pathlib import Path

import pytest

from zinepress.checks.audit import audit_edition
from zinepress.changes import ChangeLog
from zinepress.model import Div, Heading, Note, NoteRef, Para, Provenance, SoftBreak, Source, Text
from zinepress.readers.pdftext import read_pdftext
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.transforms.hyphens import LINE_END_HYPHENS
from zinepress.walk import plain_text, text_blocks

CORPUS = Path(__file__).parent / "corpus" / "pdftext"
FILES = sorted(p.name for p in CORPUS.glob("*.txt"))


def read(name: str) -> Source:
    return read_pdftext(CORPUS / name, name.split(".")[0], "en")


def cleaned(name: str) -> tuple[Source, Source, ChangeLog]:
    raw = read(name)
    log = ChangeLog()
    return raw, run_rules(copy.deepcopy(raw), rules_for("pdftext"), RuleContext(log)), log


def headings(source: Source) -> list[str]:
    return [" ".join(plain_text(b.inlines).split()) for b in source.blocks if isinstance(b, Heading)]


def divs(source: Source, kind: str) -> list[str]:
    return [" ".join(plain_text(p.inlines).split()) for b in source.blocks
            if isinstance(b, Div) and kind in b.classes for p in b.blocks]


def paragraphs(source: Source) -> list[str]:
    return [" ".join(plain_text(b.inlines).split()) for b in source.blocks if isinstance(b, Para)]


def sed(name: str, line: int) -> str:
    return subprocess.run(["sed", "-n", f"{line}p", str(CORPUS / name)], capture_output=True,
                          text=True, check=True).stdout.rstrip("\n").replace("\f", "")


# --- the corpus itself -------------------------------------------------------------


def test_eight_real_files_with_origin_and_licence():
    assert len(FILES) >= 8
    for name in FILES:
        origin = tomllib.loads((CORPUS / name.replace(".txt", ".origin.toml")).read_text())
        assert origin["repo"].count("/") == 1 and len(origin["commit"]) == 40 and origin["path"]
        assert origin["licence"] and origin["made_with"].startswith("pdftotext")
        assert ("-layout" in origin["made_with"]) == (".layout." in name)
        assert "\f" in (CORPUS / name).read_text(), "pdftotext writes a form feed at every page end"


# --- line numbers are sed's ------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_every_block_starts_on_the_line_sed_shows(name):
    """Form feeds never count as lines: each block's first line, as sed prints it, opens its text."""
    for block in read(name).blocks:
        if isinstance(block, Note):        # its first line starts with the label
            words = sed(name, block.prov.first_line).split()
            # its label alone ("¹", "4"), or glued to its first word ("²This", as Typst sets it)
            assert words[0].strip("⁰¹²³⁴⁵⁶⁷⁸⁹") == "" or words[0] == block.label \
                or words[0][:1] in "⁰¹²³⁴⁵⁶⁷⁸⁹", (name, block.prov)
        elif isinstance(block, (Para, Heading)) and block.prov:
            words = sed(name, block.prov.first_line).split()[:3]
            assert plain_text(block.inlines).split()[:len(words)] == words, (name, block.prov)


# --- what a reader sees, file by file ----------------------------------------------------


def test_pride_and_prejudice():
    source = read("pride-and-prejudice.txt")
    assert headings(source) == ["Chapter 1", "Chapter 2"]
    # pages 1 to 5 of the body end with their numbers; the contents page is numbered i
    assert divs(source, "page-number") == ["i", "1", "2", "3", "4", "5"]
    # "Chapter 1" heads pages 2, 3 and 4; the chapter's first page has the title itself
    assert divs(source, "running-head") == ["Chapter 1"] * 3
    assert divs(source, "title-page")[:2] == ["Pride and Prejudice", "Jane Austen"]
    paras = paragraphs(source)
    for said in ("“What is his name?”", "“Bingley.”", "“Is he married or single?”",
                 "“I hope Mr. Bingley will like it, Lizzy.”", "This was invitation enough."):
        assert said in paras
    # a paragraph goes on across a page break (page 2 ends "…anything", page 3 goes on)
    assert any("pretend to be anything extraordinary now." in p for p in paras)
    # and none holds a running head or page number
    assert not any("Chapter 1" in p for p in paras)


def test_a_study_in_scarlet_two_line_heading():
    source = read("a-study-in-scarlet.txt")
    # "CHAPTER I. MR." and "SHERLOCK HOLMES." are one heading printed on two lines
    assert headings(source) == ["PART I.", "CHAPTER I. MR. SHERLOCK HOLMES."]
    heading = next(b for b in source.blocks if isinstance(b, Heading) and "HOLMES" in plain_text(b.inlines))
    assert (heading.prov.first_line, heading.prov.last_line) == (36, 37)
    assert divs(source, "running-head") == ["CHAPTER I", "CHAPTER I"]
    assert any(p.startswith("I had neither kith nor kin in England") for p in paragraphs(source))


def test_robin_hood_contents_with_entries_on_two_lines():
    source = read("robin-hood.txt")
    entries = source.meta["contents"]
    assert entries[0] == {"title": "how robin hood became an outlaw", "page": 1}
    assert {"title": "how robin hood turned butcher, and entered the sheriff’s service", "page": 23} in entries
    assert {"title": "how the sheriff lost three good servants, and found them again", "page": 40} in entries
    assert len(entries) == 24          # chapters i to xxii, the notes, the licence
    # the chapter's label and its title (a contents entry) are one heading
    assert headings(source) == ["Chapter I how robin hood became an outlaw"]
    assert set(divs(source, "running-head")) == {"robin hood", "how robin hood became an outlaw"}


def test_viking_tales_layout_dot_leaders_and_a_wrapped_entry():
    source = read("viking-tales.layout.txt")
    titles = [e["title"] for e in source.meta["contents"]]
    assert titles[:3] == ["A List of the Illustrations", "What the Sagas Were", "i in norway"]
    # the list of illustrations: dot leaders, and one entry wrapped over two lines
    assert {"title": "“I will not be his wife unless he puts all of Norway under him for my sake”",
            "page": 47} in source.meta["contents"]
    assert {"title": "“He drove it into the wolf’s neck”", "page": 32} in source.meta["contents"]
    assert "2 viking tales" in divs(source, "running-head")
    assert "what the sagas were 3" in divs(source, "running-head")


def test_physical_modeling_layout_sections_from_the_contents():
    source = read("physical-modeling.layout.txt")
    entries = source.meta["contents"]
    assert entries[0] == {"title": "Preface", "page": "vii"}
    assert {"title": "1.2 A Glorified Calculator", "page": 3} in entries
    assert headings(source) == ["Chapter 1 Modeling and Simulation", "1.1 Modeling", "1.2 A Glorified Calculator"]
    # the running head "1.2 A Glorified Calculator 3" is furniture, the section heading is not
    assert "1.2 A Glorified Calculator 3" in divs(source, "running-head")


def test_ivanhoe_layout_footnote_and_contents():
    source = read("ivanhoe.layout.txt")
    assert source.meta["contents"][:3] == [{"title": "introduction to ivanhoe", "page": "x"},
                                           {"title": "dedicatory epistle", "page": "xxii"},
                                           {"title": "ivanhoe", "page": 1}]
    assert "introduction to ivanhoe" in headings(source)
    # the motto's footnote: "…loath to depart!1" calls it, "1" and its text stand at the page's foot
    (note,) = [b for b in source.blocks if isinstance(b, Note)]
    assert note.label == "1" and (note.prov.first_line, note.prov.last_line) == (84, 85)
    assert plain_text(note.blocks[0].inlines) == ("The motto alludes to the Author returning to the stage "
                                                  "repeatedly after having taken leave.")
    (motto,) = [b for b in source.blocks if isinstance(b, Para) and "loath to depart" in plain_text(b.inlines)]
    assert isinstance(motto.inlines[-1], NoteRef) and motto.inlines[-1].label == "1"
    assert plain_text(motto.inlines).endswith("seemed loath to depart!")


def test_typst_layout_feet_with_a_bar_list_items_and_its_hyphens():
    """A book Typst 0.12 made (Pandoc's sample book): its feet set number and title apart with a
    bar ("11 | Introduction", "Contents | 4"), its notes' labels are glued to their text
    ("²This"), it hyphenates at line ends with "-" and writes two hard hyphens as U+2010."""
    raw, clean, log = cleaned("typst-sample-book.layout.txt")
    # every page's number is read from its foot, and each foot goes as a running head
    assert [p["number"] for p in raw.meta["pages"]] == [4, 5, 11, 12, 13, 17]
    feet = {r.text for r in log.removals if r.rule == "running-heads"}
    assert feet == {"Contents | 4", "5 | Contents", "11 | Introduction", "Footnotes | 12", "13 | Unordered Lists",
                    "17 | Cross-references"}
    assert headings(clean) == ["Introduction", "2.1. Emphasis and Inline Code", "2.2. Mathematics",
                               "2.3. Footnotes", "2.4. Citations", "2.5. Blockquotes", "2.6. Lists",
                               "2.6.1. Unordered Lists", "2.13.2. Shell Example", "2.13.3. LaTeX Example",
                               "2.14. Divs and Custom Attributes", "2.15. Horizontal Rules",
                               "2.16. Cross-references"]
    # a list item whose words name a section ("• Raw LaTeX and raw HTML blocks") stays an item
    assert "• Headings of various levels • Emphasis (italic, bold, bold-italic, strikeout)" in \
        " ".join(paragraphs(clean))
    # the three notes at the foot of page 12, the first two labels glued to their words
    notes = [b for b in clean.blocks if isinstance(b, Note)]
    assert [(n.label, n.prov.first_line) for n in notes] == [("2", 140), ("3", 141), ("4", 142)]
    assert plain_text(notes[1].blocks[0].inlines) == "First footnote text."
    # line 98 ends "para-", line 99 goes on "graph.": one word; U+2010 inside a line stays
    text = " ".join(paragraphs(clean))
    assert "all in one paragraph." in text and "custom\u2010attributed Divs" in text
    assert sed("typst-sample-book.layout.txt", 98).endswith("para-")


def test_aestimatio_review_every_hyphen_a_soft_one():
    """A review typeset with LaTeX (STIX Two) whose font maps the hyphen glyph to
    U+00AD: pdftotext ends 22 lines with a soft hyphen and gives 14 hard hyphens
    inside lines as soft hyphens too (cat -A shows M-BM- before each)."""
    name = "aestimatio-de-anima-review.txt"
    raw, clean, log = cleaned(name)
    assert sed(name, 11).endswith("impossibil\u00ad") and sed(name, 12).startswith("ity of alchemical")
    assert sed(name, 108).endswith("by pseudo\u00ad") and sed(name, 109).startswith("Avicenna, but also")
    joins = {(e.line, e.after) for e in log.edits if e.rule == "line-end-hyphens"}
    assert len(joins) == 22 == sum(sed(name, n).endswith("\u00ad") for n in range(1, 189))
    assert (11, "impossibility") in joins and (2, "Edizioni") in joins
    # a word cut after a hard hyphen keeps it ("pseudo­Avi­" + "cenna"), and a compound cut at its
    # own hyphen before a capital is joined with it, as the text writes it elsewhere ("pseudo­Avicenna.")
    assert (49, "pseudo-Avicenna") in joins and (108, "pseudo-Avicenna,") in joins
    # the 14 inside lines: the two in the running heads (lines 85, 170) go with them, 12 are written "-"
    drawn = [(e.line, e.after) for e in log.edits if e.rule == "soft-hyphen-glyphs"]
    assert len(drawn) == 12 and (24, "Arabo-Islamic") in drawn and (75, "non-existent") in drawn
    text = " ".join(paragraphs(clean))
    assert "\u00ad" not in text
    assert "left obscure by pseudo-Avicenna, but also offered" in text
    assert "on the impossibility of alchemical transmutation" in text
    # the four pages' numbers, and the running heads over them: the reviewer, the review's title
    assert divs(raw, "page-number") == ["214", "215", "216", "217"]
    assert divs(raw, "running-head") == ["Gabriele Ferrario", "Gabriele Ferrario on Le De anima alchimique du "
                                         "pseudo\u00adAvicenne"] * 2
    # the front matter stands apart from the review's first paragraph, which ends on line 28
    paras = {b.prov.first_line: (b.prov.last_line, " ".join(plain_text(b.inlines).split()))
             for b in clean.blocks if isinstance(b, Para)}
    assert paras[6] == (6, "Reviewed by")
    assert paras[10][0] == 28 and paras[10][1].startswith("“Sciant artifices alkimie species metallorum")
    assert paras[10][1].endswith("were composed under his name.")
    # the footnote: "posse”.1" calls it (line 10), "1" and its text stand at the page's foot
    (note,) = [b for b in clean.blocks if isinstance(b, Note)]
    assert note.label == "1" and note.prov.first_line == 35
    assert plain_text(note.blocks[0].inlines).startswith("“Practitioners of alchemy should know that the kinds")
    (opening,) = [b for b in clean.blocks if isinstance(b, Para) and b.prov.first_line == 10]
    assert any(isinstance(i, NoteRef) and i.label == "1" for i in opening.inlines)


# --- line-end hyphens ------------------------------------------------------------------------


def _para(*lines: str) -> Source:
    inlines = []
    for line in lines:
        inlines += ([SoftBreak()] if inlines else []) + [Text(line)]
    return Source("t", "t.txt", "en", {}, [Para(inlines, Provenance("t", 10, 10 + len(lines) - 1))])


@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u00ad"])
def test_every_kind_of_line_end_hyphen_is_joined_the_same_way(hyphen):
    log = ChangeLog()
    out = LINE_END_HYPHENS.apply(_para(f"the smoke-vomit{hyphen}", "ing chimneys of the"), RuleContext(log))
    assert plain_text(out.blocks[0].inlines) == "the smoke-vomiting chimneys of the"
    assert [(e.rule, e.line, e.after) for e in log.edits] == [("line-end-hyphens", 10, "smoke-vomiting")]


def test_a_hyphen_the_text_writes_elsewhere_is_kept():
    log = ChangeLog()
    source = _para("the experience of three-and-", "twenty years; three-and-twenty years")
    out = LINE_END_HYPHENS.apply(source, RuleContext(log))
    assert plain_text(out.blocks[0].inlines).startswith("the experience of three-and-twenty years;")


def test_corpus_hyphens_are_joined_with_their_lines():
    _, _, log = cleaned("viking-tales.layout.txt")
    joins = {(e.line, e.before, e.after) for e in log.edits if e.rule == "line-end-hyphens"}
    assert (99, "Ice-\nland", "Iceland") in joins and sed("viking-tales.layout.txt", 99).endswith("Ice-")
    assert (89, "farm-\nhouses", "farmhouses") in joins


# --- the audit on each file ------------------------------------------------------------------


def _output(clean: Source) -> list[str]:
    """The text an edition built from the cleaned source holds, block by block."""
    return [" ".join(t.split()) for _, t in text_blocks(clean.blocks)]


@pytest.mark.parametrize("name", FILES)
def test_audit_passes_on_each_corpus_file(name):
    raw, clean, log = cleaned(name)
    result = audit_edition("en", [raw], log, _output(clean), "test")
    assert result.passed, [str(f) for f in result.findings[:3]]
    assert result.checked > 20


@pytest.mark.parametrize("name", FILES)
def test_a_deleted_sentence_is_still_caught(name):
    from zinepress.text.sentences import split_sentences
    raw, clean, log = cleaned(name)
    blocks = _output(clean)
    longest = max(range(len(blocks)), key=lambda i: len(blocks[i]))
    victim = max(split_sentences(blocks[longest]), key=len)
    blocks[longest] = blocks[longest].replace(victim, "", 1)
    result = audit_edition("en", [raw], log, blocks, "test")
    assert not result.passed
    # named itself (a short sentence before it, "Mr.", may be named too: its context is gone)
    finding = next(f for f in result.findings if f.text in victim or victim in f.text)
    assert finding.problem == "missing" and finding.source == raw.ident
    assert "sed -n" in finding.hint and f"{finding.line}p" in finding.hint
    assert victim.split()[0] in sed(name, finding.line) or victim.split()[-1] in sed(name, finding.line)


# --- `zinepress inspect` and `sources` count lines as sed does -----------------------------------

BOOK_TOML = """\
[book]
title = {{ en = "Corpus" }}
author = "Various"
date = "1900"
publisher = "zinepress"
rights = "Public domain."

[[source]]
id = "extract"
file = "seeds/{name}"
kind = "pdftext"
lang = "en"
description = "a pdftotext extract from tests/corpus/pdftext"

[[edition]]
name = "en"
lang = "en"
sources = ["extract"]
formats = ["epub"]

  [[edition.contents]]
  role = "chapter"
  source = "extract"
  heading = "Extract"
"""


@pytest.mark.parametrize("name", ["ivanhoe.layout.txt", "robin-hood.txt"])
def test_inspect_and_sources_show_seds_line_numbers(name, tmp_path):
    from zinepress.bookfiles.config import load_book
    from zinepress.editor.inspect import describe_sources, inspect_source
    (tmp_path / "book").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / name).write_bytes((CORPUS / name).read_bytes())
    (tmp_path / "book" / "book.toml").write_text(BOOK_TOML.format(name=name), encoding="utf-8")
    config = load_book(tmp_path / "book")
    inspection = inspect_source(config, "extract")
    last = subprocess.run(["sed", "-n", "$=", str(CORPUS / name)], capture_output=True, text=True).stdout
    assert inspection.lines == int(last)
    shown = 0
    notes = {v.index for v in inspection.blocks if v.kind.startswith("note")}
    for view in inspection.blocks:
        if view.own_text.strip() and view.first_line:
            words = sed(name, view.first_line).split()
            if view.parent in notes and words and words[0].strip("0123456789⁰¹²³⁴⁵⁶⁷⁸⁹") == "":
                words = words[1:]              # a note's first line starts with its label
            assert view.own_text.split()[:2] == words[:2], view
            shown += 1
    assert shown > 20
    summaries, _ = describe_sources(config)
    assert [s.lines for s in summaries] == [int(last)]


@pytest.mark.parametrize("name", ["pride-and-prejudice.txt", "ivanhoe.layout.txt", "robin-hood.txt",
                                  "aestimatio-de-anima-review.txt"])
def test_deleting_any_one_sentence_is_caught(name):
    """Every sentence of the output, taken out in turn, is named missing at a line of its block."""
    from zinepress.text.sentences import has_words, split_sentences
    raw, clean, log = cleaned(name)
    blocks = _output(clean)
    tried = 0
    for at, block in enumerate(blocks):
        for sentence in filter(has_words, split_sentences(block)):
            changed = list(blocks)
            changed[at] = block.replace(sentence, "", 1)
            result = audit_edition("en", [raw], log, changed, "test")
            assert not result.passed, (at, sentence)
            # named itself, or (a short one) with the words around it, at the line sed shows it on
            # (where soft-hyphen-glyphs wrote a drawn U+00AD as "-", sed shows the U+00AD)
            named = [f for f in result.findings if f.text in sentence or sentence in f.text]
            assert named, (sentence, [str(f) for f in result.findings])
            assert all(f.text.split()[0] in sed(name, f.line).replace("\u00ad", "-") for f in named), \
                [str(f) for f in named]
            tried += 1
    assert tried > 20


def test_a_numbered_page_before_the_first_heading_is_text_not_a_title_page(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("The first page of an article begins with its text,\nwhich goes on here.\n\n7\n"
                    "\fA Heading Of The Article\n\nMore text after the heading, and a sentence.\n\n8\n\f",
                    encoding="utf-8")
    source = read_pdftext(path, "a", "en")
    assert divs(source, "title-page") == []
    assert paragraphs(source)[0] == "The first page of an article begins with its text, which goes on here."
    assert divs(source, "page-number") == ["7", "8"]
