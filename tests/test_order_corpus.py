"""`order propose` measured on the real pdftotext extracts, their pages shuffled here
(the true order is the file as it stands): with and without a reference, the share
of neighbouring sentences in true order, and how many entries an editor reviews."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from zinepress.changes import ChangeLog
from zinepress.model import Note
from zinepress.editor.order_proposal import format_proposal, propose_order
from zinepress.readers.pdftext import read_pdftext
from zinepress.text.sentences import split_sentences
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.transforms.order import load_order, order_source
from zinepress.walk import text_blocks

CORPUS = Path(__file__).parent / "corpus" / "pdftext"
# file: pages at its front that stay where they are (title and contents pages: a
# shuffle of the body, as a PDF's pages come out of a scanner or a bad imposition)
FRONT = {"pride-and-prejudice.txt": 3, "robin-hood.txt": 4, "a-study-in-scarlet.txt": 3,
         "ivanhoe.layout.txt": 4, "viking-tales.layout.txt": 5, "physical-modeling.layout.txt": 1,
         "typst-sample-book.layout.txt": 2, "aestimatio-de-anima-review.txt": 1}


def _clean(source):
    return run_rules(copy.deepcopy(source), rules_for("pdftext"), RuleContext(ChangeLog()))


def _sentences(source) -> list[str]:
    """The source's sentences in its order, footnotes last (where an ordered source has them)."""
    out: list[str] = []
    body = [b for b in source.blocks if not isinstance(b, Note)]
    notes = [b for b in source.blocks if isinstance(b, Note)]
    for _, text in text_blocks(body + notes):
        out += [" ".join(s.split()) for s in split_sentences(" ".join(text.split()))]
    return out


def neighbours_in_order(truth: list[str], proposed: list[str]) -> float:
    """The share of neighbouring sentences of the truth that are neighbours, in that order, in proposed."""
    pairs = set(zip(proposed, proposed[1:]))
    true_pairs = list(zip(truth, truth[1:]))
    return sum(p in pairs for p in true_pairs) / len(true_pairs)


def shuffled(name: str, tmp_path: Path) -> Path:
    """The file with its body pages in another order (the same every run)."""
    pages = (CORPUS / name).read_text(encoding="utf-8").split("\f")
    tail = pages.pop()
    body = list(range(FRONT[name], len(pages)))
    while body == sorted(body):
        random.Random(7).shuffle(body)
    out = tmp_path / name
    out.write_text("\f".join(pages[i] for i in list(range(FRONT[name])) + body) + "\f" + tail, encoding="utf-8")
    return out


def measure(name: str, tmp_path: Path, with_reference: bool) -> tuple[float, float, int, int]:
    """(as shuffled, as proposed, entries written, source lines)."""
    truth = _sentences(_clean(read_pdftext(CORPUS / name, "x", "en")))
    path = shuffled(name, tmp_path)
    raw = read_pdftext(path, "x", "en")
    reference = read_pdftext(CORPUS / name, "ref", "en") if with_reference else None
    proposal = format_proposal(propose_order(raw, reference), "x")
    order_file = tmp_path / "x.toml"
    order_file.write_text(proposal, encoding="utf-8")
    proposed = _sentences(order_source(_clean(raw), load_order(order_file), ChangeLog()))
    lines = path.read_text(encoding="utf-8").count("\n")
    return (neighbours_in_order(truth, _sentences(_clean(raw))), neighbours_in_order(truth, proposed),
            proposal.count("\n  { join ="), lines)


@pytest.mark.parametrize("name", sorted(FRONT))
def test_without_a_reference(name, tmp_path):
    before, after, entries, lines = measure(name, tmp_path, with_reference=False)
    assert before < 1.0                      # the shuffle did break the text
    assert after >= 0.995 and after >= before
    assert entries * 10 <= lines


@pytest.mark.parametrize("name", sorted(FRONT))
def test_with_a_reference(name, tmp_path):
    _, after, entries, lines = measure(name, tmp_path, with_reference=True)
    assert after == 1.0
    assert entries * 10 <= lines


def test_every_join_has_its_confidence(tmp_path):
    raw = read_pdftext(shuffled("pride-and-prejudice.txt", tmp_path), "x", "en")
    entries = [e for e in propose_order(raw) if e.section == "order"]
    assert {e.confidence for e in entries} <= {"high", "medium", "low"}
    text = format_proposal(propose_order(raw), "x")
    # each run after the first says why it follows the one before, and how sure that is:
    # pages 1-2 and 2-3 by their numbers, 3-4 also by a sentence running across the break
    assert text.count("# [high] the printed page numbers put this page after the one before") == 2
    assert "# [high] the sentence runs on across the page break" in text
    assert text.count("\n  { join =") == 4
