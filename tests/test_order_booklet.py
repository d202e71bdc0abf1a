"""`order propose` on a file shuffled as a booklet's sheets (editor/booklet_order.py and
its use in editor/order_proposal.py): the model on small inputs, and the figures on the first book's
003 against the editors' book/order/003.toml."""

from __future__ import annotations

import contextlib
import copy
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from order_seams import seams_right
from test_order_corpus import _sentences, neighbours_in_order
from zinepress.bookfiles.config import load_book
from zinepress.changes import ChangeLog
from zinepress.cli import main
from zinepress.editor.booklet_order import booklet_order
from zinepress.editor.order_proposal import format_proposal, propose_order, propose_splits
from zinepress.model import Para, Provenance, Source, Text
from zinepress.readers import reader_for
from zinepress.readers.pdftext import read_pdftext
from zinepress.readers.plaintext import read_plaintext
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.transforms.order import load_order, order_source
from zinepress.walk import text_blocks

ROOT = Path(__file__).resolve().parents[1]
S002 = ROOT / "seeds" / "002_bc65b14c19d20a6f.txt"
S003 = ROOT / "seeds" / "003_4035574dc5f78640.txt"


# --- the model ----------------------------------------------------------------------


def _no_seams(a: int, b: int) -> float:
    return 0.0


def test_front_forward_back_backward_is_read_as_a_booklet():
    # pages 1..8 of a booklet as its sheets give them: 8 1 2 7 6 3 4 5
    file_pages = [8, 1, 2, 7, 6, 3, 4, 5]
    order = booklet_order([float(p) for p in file_pages], _no_seams)
    assert [file_pages[i] for i in order] == list(range(1, 9))


def test_undated_pages_follow_their_seams():
    # 8 1 2 ? 6 3 ? 5: page 7 and page 4 carry no number; their seams say where they go
    file_pages = [8, 1, 2, 7, 6, 3, 4, 5]
    keys = [None if p in (7, 4) else float(p) for p in file_pages]

    def seam(a: int, b: int) -> float:   # a sentence runs from page p into page p + 1
        return -1.0 if file_pages[b] == file_pages[a] + 1 else 1.0

    order = booklet_order(keys, seam)
    assert [file_pages[i] for i in order] == list(range(1, 9))


def test_words_per_page_place_what_the_seams_cannot():
    # 8 1 2 7 6 3 4 5 with only 1, 4, 6 and 8 numbered and no seam to read: the
    # runs' lengths must fill the words between the numbered pages of each stream
    file_pages = [8, 1, 2, 7, 6, 3, 4, 5]
    length = {1: 300, 2: 250, 3: 350, 4: 300, 5: 280, 6: 300, 7: 320, 8: 300}
    start = {p: sum(length[q] for q in range(1, p)) for p in length}
    dated = {1, 4, 6, 8}
    keys = [float(p) if p in dated else None for p in file_pages]
    starts = [float(start[p]) if p in dated else None for p in file_pages]
    order = booklet_order(keys, _no_seams, [length[p] for p in file_pages], starts, 300.0)
    assert [file_pages[i] for i in order] == list(range(1, 9))


def test_a_rough_page_says_the_stream_where_nothing_else_does():
    # 12 pages as a booklet's sheets give them; only 1, 5, 8 and 12 dated, no seam to read:
    # a translation's anchors put most of the others near their page, a page or so off
    file_pages = [12, 1, 2, 11, 10, 3, 4, 9, 8, 5, 6, 7]
    keys = [float(p) if p in (1, 5, 8, 12) else None for p in file_pages]
    near = {2: 2.4, 11: 10.7, 10: 9.8, 3: 3.2, 4: 3.9, 9: 9.1}   # 6 and 7: no anchors
    order = booklet_order(keys, _no_seams, near=[near.get(p) for p in file_pages])
    assert [file_pages[i] for i in order] == list(range(1, 13))
    # without them the runs stay in the stream of the run before (11 after 2)
    assert [file_pages[i] for i in booklet_order(keys, _no_seams)] != list(range(1, 13))


def test_a_file_in_order_is_no_booklet():
    assert booklet_order([1.0, 2.0, None, 4.0, 5.0], _no_seams) is None
    assert booklet_order([5.0, 6.0, 1.0, 2.0], _no_seams) is None   # halves swapped, not interleaved


def test_a_bare_word_ending_inside_a_line_is_proposed_as_a_split(tmp_path):
    line = "They gave the address https://example.org/after-the-up ment; now he is missing."
    source = Source("x", "x.txt", "en", meta={}, blocks=[Para([Text(line)], prov=Provenance("x", 1, 1))])
    found = propose_splits(source)
    assert [(spec.before.split()[-1], spec.after.split()[0]) for spec, _, _ in found] == \
        [("https://example.org/after-the-up", "ment;")]
    assert "is no word" in found[0][2]


# --- the first book's 003 -------------------------------------------------------------


def _clean(source):
    return run_rules(copy.deepcopy(source), rules_for("pdftext"), RuleContext(ChangeLog()))


def _translations() -> list:
    """000 and 001, the Chinese of 003's Parts I and II, as book.toml declares them."""
    config = load_book(ROOT / "book")
    return [reader_for(config.sources[i].kind)(config.sources[i].file, i, config.sources[i].lang)
            for i in ("000", "001")]


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    """For each set of references ("" none, "002", "002+000+001", "000+001"): (the share of the
    editors' neighbouring sentences that stay neighbours, entries written); "shuffled": the file's."""
    raw = read_pdftext(S003, "003", "en")
    truth = _sentences(order_source(_clean(raw), load_order(ROOT / "book" / "order" / "003.toml"), ChangeLog()))
    out = {"shuffled": (neighbours_in_order(truth, _sentences(_clean(raw))), 0)}
    ref, translations = read_plaintext(S002, "002", "en"), _translations()
    for name, reference, translated in (("", None, []), ("002", ref, []), ("002+000+001", ref, translations),
                                        ("000+001", None, translations)):
        text = format_proposal(propose_order(raw, reference, translations=translated), "003",
                               "002" if reference else None, [t.ident for t in translated])
        path = tmp_path_factory.mktemp("order") / "003.toml"
        path.write_text(text, encoding="utf-8")
        proposed = _sentences(order_source(_clean(raw), load_order(path), ChangeLog()))
        out[name] = (neighbours_in_order(truth, proposed), text.count("\n  { join ="))
    return out


def test_003_with_002_nearly_the_editors_order(figures):
    with_ref, entries = figures["002"]
    assert with_ref >= 0.98 > figures["shuffled"][0]
    assert entries * 8 <= 463           # an editor reviews tens of entries, not hundreds


def test_003_without_a_reference_far_closer_than_as_shuffled(figures):
    without, entries = figures[""]
    assert without >= 0.95 and without - figures["shuffled"][0] >= 0.045
    assert entries * 8 <= 463


def test_003_with_002_and_the_translations_is_the_editors_order(figures):
    # 000 and 001 place "Afghanistan. War is the health…" (its "Randolph Bourne") in Part I,
    # after p. 5, cut line 80 where p. 6 ends ("…in Iraq and" / "of Kazakhstan…"), and cut the
    # two reversed pages at lines 168-192 where their paragraphs' lengths fit
    both, entries = figures["002+000+001"]
    assert both == 1.0
    assert entries * 8 <= 463
    # the translations alone: closer than without them
    alone, entries = figures["000+001"]
    assert alone >= 0.965 and alone > figures[""][0]
    assert entries * 8 <= 463


def _paragraphs(order_file: Path) -> list[str]:
    """003 put in order as order_file says: the text of each block, as the build assembles it."""
    ordered = order_source(_clean(read_pdftext(S003, "003", "en")), load_order(order_file), ChangeLog())
    return [" ".join(text.split()) for _, text in text_blocks(ordered.blocks)]


# --- the command as an editor runs it: the book's translations read by default ------------------


CASES = {"002": ["--reference", "002"], "": [], "002, no translations": ["--reference", "002", "--no-translations"],
         "no translations": ["--no-translations"]}


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """For each case of CASES: `zinepress order propose 003 …`'s (proposal file, stderr)."""
    out = {}
    folder = tmp_path_factory.mktemp("cli")
    for name, flags in CASES.items():
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            assert main(["order", "propose", "003", *flags, "--book", str(ROOT / "book")]) == 0
        path = folder / f"{len(out)}.toml"
        path.write_text(stdout.getvalue(), encoding="utf-8")
        out[name] = (path, stderr.getvalue())
    return out


def _figures(proposal: Path) -> tuple[float, tuple[int, int]]:
    """(the editors' neighbouring sentences the proposal keeps, (its page seams right, seams))."""
    editors = ROOT / "book" / "order" / "003.toml"
    truth = _sentences(order_source(_clean(read_pdftext(S003, "003", "en")), load_order(editors), ChangeLog()))
    proposed = _sentences(order_source(_clean(read_pdftext(S003, "003", "en")), load_order(proposal), ChangeLog()))
    return neighbours_in_order(truth, proposed), seams_right(_clean(read_pdftext(S003, "003", "en")), editors, proposal)


def test_order_propose_003_with_002_reads_the_book_s_translations_and_gives_the_editors_order(cli):
    proposal, err = cli["002"]
    assert "read as translations (book.toml, edition zh-Hans): 000, 001; --no-translations to leave them out" in err
    text = proposal.read_text(encoding="utf-8")
    assert text.startswith("# PROPOSED by `zinepress order propose 003 --reference 002` from the reference 002, "
                           "the anchors of\n# the translations 000, 001 (book.toml, edition zh-Hans),")
    assert _paragraphs(proposal) == _paragraphs(ROOT / "book" / "order" / "003.toml")
    assert _figures(proposal) == (1.0, (30, 30))


def test_order_propose_003_without_the_translations_is_002_s_evidence_alone(cli, figures):
    proposal, err = cli["002, no translations"]
    assert "translation" not in err
    assert "anchors" not in proposal.read_text(encoding="utf-8").split("\n\n")[0]
    near, (right, seams) = _figures(proposal)
    assert near == figures["002"][0] < 1.0 and right < seams == 30
    assert _paragraphs(proposal) != _paragraphs(ROOT / "book" / "order" / "003.toml")


def test_order_propose_003_without_a_reference_reads_the_translations_too(cli, figures):
    proposal, err = cli[""]
    assert "read as translations (book.toml, edition zh-Hans): 000, 001" in err
    with_them, (right, _) = _figures(proposal)
    without, (right_without, _) = _figures(cli["no translations"][0])
    assert with_them == figures["000+001"][0] > without == figures[""][0] > figures["shuffled"][0]
    assert right > right_without


def test_page_seams_count_a_join_the_proposal_gets_wrong(tmp_path):
    editors = ROOT / "book" / "order" / "003.toml"
    source = _clean(read_pdftext(S003, "003", "en"))
    assert seams_right(source, editors, editors) == (30, 30)
    # a seam joined the wrong way (two pages in reverse, "every" + "one": a word cut in two)
    text = editors.read_text(encoding="utf-8")
    wrong = text.replace('{ join = "word",      match = "one for half a day',
                         '{ join = "continue",  match = "one for half a day')
    assert wrong != text
    (tmp_path / "003.toml").write_text(wrong, encoding="utf-8")
    assert seams_right(source, editors, tmp_path / "003.toml") == (29, 30)
    # a page read before the one it follows ("…the American imperial project in Iraq and" /
    # "Afghanistan. War is the health…"): that seam is lost
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if 'match = "It is instructive that the"' in line)
    lines[at], lines[at + 1] = lines[at + 1], lines[at]
    (tmp_path / "003.toml").write_text("\n".join(lines), encoding="utf-8")
    assert seams_right(source, editors, tmp_path / "003.toml")[0] < 30


def test_003_s_proposal_says_it_reads_as_a_booklet_and_how_sure_each_join_is():
    raw = read_pdftext(S003, "003", "en")
    text = format_proposal(propose_order(raw, read_plaintext(S002, "002", "en")), "003", "002")
    # the chapter openings the contents page dates, as the file's two streams give them
    assert "# [medium] the file reads as a booklet's sheets (front pages forward, back pages backward): " \
           "this run dates to p. 5 (003:66)" in text
    assert "this run dates to p. 45" in text and "this run dates to p. 9 (003:144)" in text
    # runs nothing dates are the ones to review first
    assert "# [low] ? the file reads as a booklet's sheets: this run placed by its seams alone" in text


def test_a_sentence_opening_in_capitals_after_one_without_an_end_is_proposed_as_a_split():
    line = ("Protests have broken out in France, Ecuador, and elsewhere When the first news of domestic "
            "military intervention came out, this did not seem to cause a setback.")
    source = Source("x", "x.txt", "en", meta={}, blocks=[Para([Text(line)], prov=Provenance("x", 1, 1))])
    found = propose_splits(source)
    assert [(spec.before.split()[-1], spec.after.split()[0]) for spec, _, _ in found] == [("elsewhere", "When")]
    # a name, or a title's capitals, is no such opening
    for text in ("He met them in Almaty When Harry came.", "They read The Return of The King again."):
        plain = Source("x", "x.txt", "en", meta={}, blocks=[Para([Text(text)], prov=Provenance("x", 1, 1))])
        assert not [s for s in propose_splits(plain) if "opens in capitals" in s[2]], text


# --- the English edition built from the proposal -----------------------------------


# The markers of the print edition's pages (the release EPUB is made with its A5 PDF; this
# test builds the EPUB alone, without a page list) are not the text.
PAGE_BREAK = re.compile(rb'<span epub:type="pagebreak"[^>]*>[^<]*</span>')


def epub_chapters(epub: Path) -> dict[str, bytes]:
    """The EPUB's chapters (text/*.xhtml), without the print edition's page markers."""
    with zipfile.ZipFile(epub) as z:
        return {n: PAGE_BREAK.sub(b"", z.read(n)) for n in z.namelist()
                if n.startswith("EPUB/text/") and n.endswith(".xhtml")}


@pytest.mark.e2e
def test_the_english_edition_built_from_the_proposal_is_the_editors(release_dist, cli, tmp_path):
    """`order propose 003 --reference 002` (the book's translations 000 and 001 read by
    default), saved as the book's order file, gives the English EPUB the editors' order
    gives, chapter for chapter."""
    book = tmp_path / "book"
    shutil.copytree(ROOT / "book", book)
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    shutil.copy(cli["002"][0], book / "order" / "003.toml")
    out = tmp_path / "dist"
    assert main(["build", "--book", str(book), "--out", str(out), "--cache", str(tmp_path / "cache"),
                 "--edition", "en", "--format", "epub", "--no-check"]) == 0
    ours, theirs = epub_chapters(out / "kazakhstan.en.epub"), epub_chapters(release_dist / "kazakhstan.en.epub")
    assert ours.keys() == theirs.keys() and len(ours) > 5
    assert [n for n in ours if ours[n] != theirs[n]] == []
