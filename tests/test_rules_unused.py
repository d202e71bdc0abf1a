"""Passages book.toml's [[source]] unused names are left out of every edition, each
removal named, and a passage that cuts a block or holds none is refused."""

from __future__ import annotations

import pytest

from conftest import ROOT
from zinepress.bookfiles.config import load_book
from zinepress.changes import ChangeLog
from zinepress.errors import ConfigError
from zinepress.pipeline import clean_source, read_sources
from zinepress.readers.plaintext import read_plaintext
from zinepress.readers.wordpress import read_wordpress
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.transforms.unused import UNUSED_PASSAGES
from zinepress.walk import block_text, iter_blocks, plain_text

CORPUS = ROOT / "tests" / "corpus"
NIGHTLY = CORPUS / "wordpress" / "firefox-nightly-blog.html"
GOLDMAN = CORPUS / "plaintext" / "gutenberg-goldman-anarchism.txt"


def _texts(source) -> list[str]:
    return [" ".join(block_text(b).split()) for b in iter_blocks(source.blocks) if not hasattr(b, "blocks")]


def _clean(source, kind: str, unused) -> tuple[object, ChangeLog]:
    log = ChangeLog()
    return run_rules(source, rules_for(kind), RuleContext(log, unused=tuple(unused))), log


def test_the_site_a_theme_does_not_mark_goes_by_its_lines():
    # The Firefox Nightly blog's theme: the category link above the title, the count of
    # comments, and after the post a download button, "More articles in News", "Recent
    # articles" and a newsletter form, all inside its <main>, none with WordPress's classes.
    unused = [(5, 9, "the category link"), (17, 21, "the link to the comments"),
              (313, 464, "download button, other posts, newsletter form")]
    kept, _ = _clean(read_wordpress(NIGHTLY, "nightly", "en"), "wordpress", [])
    assert {"Categories: News", "2 responses", "Download Firefox Nightly", "Thanks!",
            "Your e-mail address"} <= set(_texts(kept))
    cleaned, log = _clean(read_wordpress(NIGHTLY, "nightly", "en"), "wordpress", unused)
    texts = _texts(cleaned)
    for gone in ("Categories: News", "2 responses", "Download Firefox Nightly", "More articles in “News”",
                 "Recent articles", "Thanks!", "Your e-mail address", "Sign up now"):
        assert gone not in texts
    # the post stays whole: its title, byline, first and last items
    assert texts[0] == "These Weeks in Firefox: Issue 85"
    assert "Mike Conley December 18, 2020" in texts
    assert texts[-1].startswith("Fixed a bug where search engines were being re-added on startup")
    removals = [r for r in log.removals if r.rule == "unused-passages"]
    assert [(r.first_line, r.reason) for r in removals][:2] == [(5, "the category link"),
                                                                (17, "the link to the comments")]
    assert all(313 <= r.first_line and r.last_line <= 464 for r in removals[2:])
    assert any("newsletter" in r.reason and "Sign up now" in r.text for r in removals)


def test_a_title_page_before_the_essay_a_book_takes():
    cleaned, log = _clean(read_plaintext(GOLDMAN, "goldman", "en"), "plaintext",
                          [(34, 41, "the collection's title page")])
    headings = [plain_text(b.inlines) for b in iter_blocks(cleaned.blocks) if b.kind == "heading"]
    assert headings == ["ANARCHISM: WHAT IT REALLY STANDS FOR"]
    assert [(r.rule, r.first_line, r.text) for r in log.removals if r.rule == "unused-passages"] == [
        ("unused-passages", 34, "ANARCHISM AND OTHER ESSAYS"), ("unused-passages", 36, "Emma Goldman"),
        ("unused-passages", 41, "With Biographic Sketch by Hippolyte Havel")]


@pytest.mark.parametrize("first, last, words, where", [
    # the poem's paragraph runs 88-104
    (90, 120, "cuts a block of lines 88-104 in two", "start it at line 88 to leave out the whole block, "
                                                     "or at line 105 to keep it"),
    (30, 95, "cuts a block of lines 88-104 in two", "end it at line 104 to leave out the whole block, "
                                                    "or at line 87 to keep it"),
    (27, 31, "holds no block", "zinepress inspect goldman"),   # blank lines between the header's parts
])
def test_a_passage_must_hold_whole_blocks(first, last, words, where):
    source = read_plaintext(GOLDMAN, "goldman", "en")
    ctx = RuleContext(ChangeLog(), unused=((first, last, "x"),), unused_at=("book/book.toml", 12))
    with pytest.raises(ConfigError) as err:
        run_rules(source, [UNUSED_PASSAGES], ctx)
    assert words in err.value.message and err.value.line == 12
    assert where in err.value.hint and "zinepress inspect goldman" in err.value.hint


def test_book_toml_unused_reaches_the_cleaning(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "goldman.txt").write_bytes(GOLDMAN.read_bytes())
    (tmp_path / "book" / "book.toml").write_text('''[book]
title = "T"
author = "A"
date = "1910"

[[source]]
id = "goldman"
file = "seeds/goldman.txt"
kind = "plaintext"
lang = "en"
description = "d"
unused = [{ lines = "34-41", reason = "the collection's title page" },
          { lines = "406-407", reason = "blank lines in the licence" }]

[[edition]]
name = "en"
lang = "en"
sources = ["goldman"]
''', encoding="utf-8")
    config = load_book(tmp_path / "book")
    raw = read_sources(config, ["goldman"])["goldman"]
    with pytest.raises(ConfigError) as err:
        clean_source(config, raw, ChangeLog())
    assert 'lines = "406-407" holds no block' in err.value.message
    assert err.value.path == str(tmp_path / "book" / "book.toml") and err.value.line == 7
