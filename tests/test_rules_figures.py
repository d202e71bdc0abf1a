"""Figures whose pictures are not in the sources go, with their captions; picture-less figures unwrap."""

from __future__ import annotations

import copy

from conftest import SEED_FILES, apply_rule
from zinepress.model import Figure, Image, Para, Provenance, Source, Text
from zinepress.readers.wordpress import read_wordpress
from zinepress.transforms.figures import MISSING_FIGURES
from zinepress.walk import block_text, iter_blocks


def test_real_post_loses_every_remote_picture_and_caption():
    raw = read_wordpress(SEED_FILES["001"], "001", "zh-Hans")
    cleaned, log = apply_rule(MISSING_FIGURES, copy.deepcopy(raw))
    assert not [b for b in iter_blocks(cleaned.blocks) if isinstance(b, Figure)]
    assert len(log.removals) == 18
    assert all(r.rule == "missing-figure" for r in log.removals)
    assert (log.removals[0].first_line, log.removals[0].text) == (83, "")   # a picture without caption
    first = log.removals[1]
    assert (first.first_line, first.text) == (130, "1 月 6 日：阿拉木图的景色。摄影师：“大火散发着浓雾；现在一切看起来都像是核冬天。”")
    # the pull quote wrapped in a picture-less <figure> is kept as text
    text = "\n".join(block_text(b) for b in cleaned.blocks)
    assert "本文应有助于驳斥哈萨克斯坦" in text
    assert "i0.wp.com" not in str(cleaned.blocks)


def test_picture_present_in_sources_is_kept(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    figure = Figure([Image("photo.jpg")], [Text("A photo.")], prov=Provenance("t", 1, 2))
    gone = Figure([Image("https://example.org/x.jpg")], [Text("Gone.")], prov=Provenance("t", 3, 4))
    source = Source("t", "t", "en", {}, [figure, gone, Para([Text("text")])])
    cleaned, log = apply_rule(MISSING_FIGURES, source, sources_dir=tmp_path)
    assert cleaned.blocks[0] == figure and len(cleaned.blocks) == 2
    assert [(r.text, r.first_line) for r in log.removals] == [("Gone.", 3)]
