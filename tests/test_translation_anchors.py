"""editor/translation_anchors.py: where a translation in another script places a fragment,
from the numbers and Latin-script names it keeps as written."""

from __future__ import annotations

from zinepress.editor.translation_anchors import Translations, agreed_place, anchor_keys, monotone
from zinepress.model import Para, Provenance, Source, Text


def _source(ident: str, lang: str, *paragraphs: str) -> Source:
    return Source(ident, f"{ident}.txt", lang, meta={},
                  blocks=[Para([Text(t)], prov=Provenance(ident, n + 1, n + 1)) for n, t in enumerate(paragraphs)])


def test_anchors_are_numbers_and_latin_words():
    assert anchor_keys("正如兰道夫·伯恩（Randolph Silliman Bourne）所说，2020年的抗议") == \
        ["randolph", "silliman", "bourne", "2020"]
    assert anchor_keys("一个字母 a 不算") == []


def test_a_fragment_is_placed_by_anchors_found_once_on_each_side():
    part1 = _source("000", "zh-Hans", "集体安全条约组织（CSTO）在2021年", "正如伯恩（Randolph Bourne）所说", "1989年以后")
    part2 = _source("001", "zh-Hans", "记者 Lukpan Akhmediyarov 被捕；CSTO 的部队")
    tr = Translations.of([part1, part2])
    places = tr.places(["War is the health of the state, as Randolph Bourne put it.",
                        "Local journalist Lukpan Akhmediyarov has been arrested.",
                        "The CSTO sent troops in 2021.",        # CSTO twice in the translations: no anchor
                        "after 1989, and again in 1989",        # 1989 twice in the source: no anchor
                        "a gloss: anarchism"])                  # no anchor in the translations
    assert places[0] == [tr.position["randolph"], tr.position["bourne"]]
    assert places[1] == [tr.position["lukpan"], tr.position["akhmediyarov"]]
    assert places[2] == [tr.position["2021"]]
    assert places[3] == [] and places[4] == []
    # the translations in the order given: Part II's anchors after Part I's
    assert tr.position["lukpan"] > tr.position["bourne"]


def test_a_lower_case_word_in_the_translation_is_a_gloss_not_an_anchor():
    tr = Translations.of([_source("000", "zh", "无政府主义（anarchism）")])
    assert tr.places(["anarchism is the idea"]) == [[]]


def test_a_run_is_placed_where_its_anchors_agree():
    assert agreed_place([6, 8, 372, 10], 420) == 8          # one stray anchor out of four
    assert agreed_place([93], 420) is None                   # one anchor alone places nothing
    assert agreed_place([93], 420, alone=True) == 93
    assert agreed_place([10, 300], 420) is None               # two that disagree


def test_anchors_that_disagree_with_the_pages_drop_out():
    # (position, page): a page 5 run holding a page of Part II's text at 270 is dropped
    assert monotone([(-1, 5), (270, 5), (27, 12), (63, 18), (264, 42)]) == [(-1, 5), (27, 12), (63, 18), (264, 42)]
