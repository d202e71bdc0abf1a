"""WordPress cleaning rules: each drops what it names, logs it with lines, and nothing else."""

from __future__ import annotations

import copy

import pytest

from conftest import SEED_FILES, apply_rule
from zinepress.model import Div, Figure, Image, Para, Provenance, Source, Text
from zinepress.readers.wordpress import read_wordpress
from zinepress.transforms.wordpress import (EMBEDDED_TWEETS, LAZY_LOAD, NOSCRIPT_DUPLICATES,
                                            WORDPRESS_CHROME)
from zinepress.walk import block_text, iter_blocks


@pytest.fixture(scope="module")
def raw():
    return read_wordpress(SEED_FILES["001"], "001", "zh-Hans")


def _text(source):
    return "\n".join(block_text(b) for b in source.blocks)


def test_chrome_removed_from_real_post(raw):
    before = _text(raw)
    for junk in ("共享此文章", "点击分享到", "正在加载", "赞过", "Tagged", "Published"):
        assert junk in before
    cleaned, log = apply_rule(WORDPRESS_CHROME, copy.deepcopy(raw))
    after = _text(cleaned)
    for junk in ("共享此文章", "点击分享到", "正在加载", "赞过", "Tagged", "Published", "Gabriel Fornard"):
        assert junk not in after
    assert {r.rule for r in log.removals} == {"wordpress-chrome"}
    where = {(r.first_line, r.last_line) for r in log.removals}
    assert (1394, 1450) in where        # the tag list
    assert any(r.first_line == 17 for r in log.removals)   # the meta line under the title
    # the post's own text is untouched
    assert "干预者可耻" in after and "延迟了三十年的春天" in after


def test_tweet_removed_with_its_text(raw):
    cleaned, log = apply_rule(EMBEDDED_TWEETS, copy.deepcopy(raw))
    (removal,) = log.removals
    assert removal.rule == "embedded-tweets" and removal.first_line == 1151
    assert "Solidarity with uprising" in removal.text
    assert "Solidarity with uprising" not in _text(cleaned)


def test_noscript_duplicates_and_lazy_load(raw):
    cleaned, log = apply_rule(NOSCRIPT_DUPLICATES, copy.deepcopy(raw))
    assert len(log.removals) == 18
    figures = [b for b in iter_blocks(cleaned.blocks) if isinstance(b, Figure) and b.images]
    assert all(len(f.images) == 1 and "in-noscript" not in f.images[0].attrs for f in figures)
    cleaned, log = apply_rule(LAZY_LOAD, cleaned)
    assert len(log.edits) == 18 and all(e.rule == "lazy-load" for e in log.edits)
    assert "data-lazy-src" in log.edits[0].before
    assert not any("data-lazy-src" in f.images[0].attrs for f in figures)


def _figure(*images):
    return Figure(list(images), [Text("caption")], prov=Provenance("t", 3, 5))


def test_noscript_copy_of_a_different_picture_is_kept():
    source = Source("t", "t", "zh", {}, [_figure(Image("a.jpg"), Image("b.jpg", attrs={"in-noscript": "true"}))])
    cleaned, log = apply_rule(NOSCRIPT_DUPLICATES, source)
    assert [i.src for i in cleaned.blocks[0].images] == ["a.jpg", "b.jpg"] and not log.removals


def test_made_up_chrome_and_tweet():
    blocks = [Para([Text("keep me")], Provenance("t", 1, 1)),
              Div([Para([Text("Share this")])], ("sharedaddy", "sd-block"), prov=Provenance("t", 2, 4)),
              Div([Para([Text("ad")])], ident="atatags-123", prov=Provenance("t", 5, 5)),
              Div([Para([Text("tweet")])], ("twitter-tweet",), prov=Provenance("t", 6, 8))]
    source = Source("t", "t", "en", {}, blocks)
    cleaned, log = apply_rule(WORDPRESS_CHROME, source)
    assert [r.text for r in log.removals] == ["Share this", "ad"]
    cleaned, log = apply_rule(EMBEDDED_TWEETS, cleaned)
    assert [r.text for r in log.removals] == ["tweet"]
    assert [block_text(b) for b in cleaned.blocks] == ["keep me"]


def test_made_up_lazy_load_attributes_stripped_src_kept():
    image = Image("https://example.org/real.jpg", attrs={"data-lazy-src": "https://example.org/real.jpg?pending=1",
                                                         "srcset": "data:image/gif;base64,R0l",
                                                         "class": "graf-image jetpack-lazy-image",
                                                         "data-width": "1156"})
    figure = Figure([image], [Text("caption")], prov=Provenance("t", 3, 5))
    cleaned, log = apply_rule(LAZY_LOAD, Source("t", "t", "en", {}, [figure]))
    kept = cleaned.blocks[0].images[0]
    assert kept.src == "https://example.org/real.jpg"
    assert kept.attrs == {"class": "graf-image", "data-width": "1156"}
    (edit,) = log.edits
    assert edit.rule == "lazy-load" and edit.line == 3 and "data-lazy-src" in edit.before and "jetpack" in edit.before
