"""editor/stream_cut.py: a translation's paragraphs and sentences, read for where a run
of a booklet-shuffled source is cut and which seams join one paragraph."""

from __future__ import annotations

from zinepress.editor.stream_cut import TranslationText, one_paragraph, sentence_spans
from zinepress.model import Para, Provenance, Source, Text


def _zh(*paragraphs: str) -> Source:
    return Source("zh", "zh.txt", "zh-Hans", meta={},
                  blocks=[Para([Text(t)], prov=Provenance("zh", n + 1, n + 1)) for n, t in enumerate(paragraphs)])


def test_sentences_and_their_places():
    text = "It is led by Mukhtar Ablyazov. He was jailed in 2017! Then? he left"
    assert [text[a:b] for a, b in sentence_spans(text)] == \
        ["It is led by Mukhtar Ablyazov.", "He was jailed in 2017!", "Then?", "he left"]


def test_a_translation_s_sentences_are_counted_in_han_characters():
    tr = TranslationText.of([_zh("有一个反对派团体。它由穆赫塔尔（Mukhtar Ablyazov）领导。", "2017年以后。")])
    assert tr.paragraphs == [[8, 8], [3]]
    assert tr.anchor_at["ablyazov"] == (0, 1) and tr.anchor_at["2017"] == (1, 0)
    assert tr.han == 19


def test_two_fragments_one_paragraph_of_the_translation_hold_are_one():
    tr = TranslationText.of([_zh("有一个叫做民主选择的反对派团体。它由穆赫塔尔（Mukhtar Ablyazov）领导。他在2017年重建了运动。",
                                 "另一段（LGBTQ）。")])
    once = {"mukhtar", "ablyazov", "2017", "lgbtq"}.__contains__
    # the anchor is in the right fragment's first sentence, the translation's second
    assert one_paragraph("One unusual group is called Democratic Choice.",
                         "It is led by Mukhtar Ablyazov. He re-established it in 2017.", tr, once)
    # the translation's paragraph ends where the left fragment does
    assert not one_paragraph("They also support LGBTQ activities.", "On the opposing side, haters.", tr, once)
    # no anchor: nothing to say
    assert not one_paragraph("A closed sentence.", "Another one.", tr, once)
