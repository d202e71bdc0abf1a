"""editor/length_alignment.py: paragraphs found in a translation by their lengths alone."""

from __future__ import annotations

from zinepress.editor.length_alignment import alignment_cost

# a translation's paragraph lengths (Han characters) and the source's (words), about 1.8 a word
TRANSLATION = [400, 300, 90, 150, 20, 260, 75, 180, 45, 120]
SOURCE = [165, 50, 85, 12, 145, 40]          # the translation's paragraphs 1-6, in order


def test_the_order_the_translation_has_fits_best():
    in_order = alignment_cost(SOURCE, TRANSLATION, 1.8)
    assert in_order < 0.5
    # the same paragraphs with the last one moved first: each out of its place costs
    moved = alignment_cost(SOURCE[-1:] + SOURCE[:-1], TRANSLATION, 1.8)
    assert moved > in_order + 0.5


def test_a_paragraph_the_translator_split_costs_little():
    split = TRANSLATION[:3] + [70, 80] + TRANSLATION[4:]        # 150 -> 70 + 80
    assert alignment_cost(SOURCE, split, 1.8) < 1.0


def test_the_alignment_may_start_and_end_anywhere():
    assert alignment_cost([50, 85], TRANSLATION, 1.8) < 0.2
