"""A made-up book with a simplified, a Taiwan and a Hong Kong edition, built by `zinepress build`:
the Hong Kong edition is five lines of book.toml, the glossary wins, a passage marked as
English is left alone, and nothing OpenCC chose goes out unreviewed."""

from __future__ import annotations

import pytest

import re

import opencc

from conftest import ROOT
from zinepress.checks.audit import read_epub_blocks
from zinepress.cli import main
from zinepress.transforms.variants import load_glossary
from zinepress.transforms.variants_review import dictionaries

pytestmark = pytest.mark.e2e          # builds whole books with the real command line

MARKDOWN = """---
title: 甲
---

# 第一章

我不明白发生了什么。我们后来在里面吃面条，他说“我们的”和‘交相辉映’。

Kazakhstan’s 起义的背景。
"""

WORDPRESS = """---
title: 乙
---
<h1>第二章</h1>
<p>这个信息很重要，<span lang="en">“Hello,” it’s Kazakhstan’s day</span>，头发白了。</p>
<div lang="en">
<p>An English passage: “quotes” and it’s 'straight' too.</p>
</div>
<p>最后一段说完了。</p>
"""

BOOK = """[book]
title = { zh-Hans = "测试", zh-Hant = "測試" }
author = "A"
date = "2022"

[[source]]
id = "a"
file = "src/a.md"
kind = "markdown"
lang = "zh-Hans"
description = "Markdown"

[[source]]
id = "b"
file = "src/b.html"
kind = "wordpress"
lang = "zh-Hans"
description = "WordPress"

[[edition]]
name = "zh-Hans"
lang = "zh-Hans"
sources = ["a", "b"]
formats = ["epub"]

[[edition]]
name = "zh-Hant"
lang = "zh-Hant"
base = "zh-Hans"
opencc = "s2tw"
"""

HONG_KONG = """
[[edition]]
name = "zh-HK"
lang = "zh-Hant-HK"
base = "zh-Hans"
opencc = "s2hk"
"""

GLOSSARY = """[[term]]
anchor = "明白发生"
traditional = "明白發生"
count = 1
note = "明白|发生 (understand what happened): OpenCC reads 白发, white hair"
"""

ENGLISH = "An English passage: “quotes” and it’s 'straight' too."


def _build(book, out) -> int:
    return main(["build", "--book", str(book), "--no-check", "--out", str(out)])


def test_made_up_book_with_a_hong_kong_edition(tmp_path, capsys):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "src" / "b.html").write_text(WORDPRESS, encoding="utf-8")
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text(BOOK + HONG_KONG, encoding="utf-8")
    (book / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")

    # nothing reviewed yet: the build fails before writing anything, and says what to do
    assert _build(book, tmp_path / "dist") == 2
    err = capsys.readouterr().err
    assert "OpenCC made changes that nobody reviewed" in err and "Traceback" not in err
    assert "edition zh-Hant (s2tw)" in err and "edition zh-HK (s2hk)" in err
    assert "头发 → 頭髮" in err and "zinepress variants diff --edition zh-Hant" in err
    assert not (tmp_path / "dist").exists()

    # the editors review: variants diff prints the changes in the review file's form
    assert main(["variants", "diff", "--book", str(book), "--toml"]) == 0
    pasted = capsys.readouterr().out
    assert "[s2tw.accept]" in pasted and "[s2hk.accept]" in pasted
    assert '"头发" = "頭髮"' in pasted and '"里面" = "裡面"' in pasted and '"里面" = "裏面"' in pasted
    assert "\"白发\"" not in pasted and "髮生" not in pasted      # the glossary's, not OpenCC's
    (book / "variants.toml").write_text(pasted, encoding="utf-8")
    assert main(["variants", "diff", "--book", str(book), "--edition", "zh-HK"]) == 0
    listing = capsys.readouterr().out
    assert "0 not reviewed" in listing and "明白发生 ×1" in listing and "NEW" not in listing

    assert _build(book, tmp_path / "dist") == 0, capsys.readouterr().err
    dist = tmp_path / "dist"
    assert len(list(dist.glob("*.epub"))) == 3
    texts = {}
    for path in dist.glob("*.epub"):
        edition = path.name.split(".")[-2]
        texts[edition] = read_epub_blocks(path)
    hans, hant, hk = ("\n".join(texts[e]) for e in ("zh-Hans", "zh-Hant", "zh-HK"))

    # the simplified edition is as written
    assert "我不明白发生了什么" in hans and "我们后来在里面吃面条" in hans
    # Taiwan and Hong Kong forms; the glossary's form in both
    assert "我們後來在裡面吃麵條" in hant and "我們後來在裏面吃麪條" in hk
    assert "他說「我們的」和『交相輝映』" in hant and "他説「我們的」和『交相輝映』" in hk
    for text in (hant, hk):
        assert "我不明白發生了什麼" in text and "明白髮生" not in text
        assert "頭髮白了" in text
        # the passages marked as English are untouched, quotes, apostrophes and all
        assert ENGLISH in text and "“Hello,” it’s Kazakhstan’s day" in text
        # an apostrophe in Chinese text stays one
        assert re.search(r"Kazakhstan’s\s*起義", text) and "Kazakhstan』s" not in text
        assert "“" not in text.replace(ENGLISH, "").replace("“Hello,”", "")

    # no simplified character left: converting again changes nothing outside the glossary's terms
    for edition, config in (("zh-Hant", "s2tw"), ("zh-HK", "s2hk")):
        engine = opencc.OpenCC(config)
        for block in texts[edition]:
            block = block.replace("明白發生", "")
            assert engine.convert(block) == block, (edition, block)

    # the source changes under the glossary: the build fails, naming the file and line
    (book / "glossary.toml").write_text(GLOSSARY.replace("count = 1", "count = 2"), encoding="utf-8")
    assert _build(book, tmp_path / "again") == 2
    err = capsys.readouterr().err
    assert f"{book.name}/glossary.toml:1: term 明白发生 (→ 明白發生) is expected 2 times" in err
    assert "the source changed under it" in err and not (tmp_path / "again").exists()


def test_the_books_zh_hant_epub_has_no_simplified_character_left_and_the_glossary_forms(release_dist):
    """The real zh-Hant EPUB: no character that is only simplified (one that s2tw changes on its
    own and whose traditional forms, in OpenCC's character table, do not include itself: 干 may
    stay, as in 干預; 发 may not) is left; each s2tw glossary form stands in the text as often
    as its term says, and OpenCC's own choice nowhere."""
    blocks = read_epub_blocks(release_dist / "kazakhstan.zh-Hant.epub")
    text = re.sub(r"\s", "", "".join(blocks))
    candidates = dictionaries("s2tw").candidates
    engine = opencc.OpenCC("s2tw")
    left = sorted({c for c in set(text) if engine.convert(c) != c and c not in candidates.get(c, ())})
    assert left == [], f"simplified characters left in zh-Hant: {''.join(left)}"
    for term in load_glossary(ROOT / "book" / "glossary.toml").terms:
        form = term.form("s2tw")
        assert text.count(form) >= term.count, term.anchor
        plain = engine.convert(term.anchor)
        assert plain == form or plain not in text, term.anchor
    assert "Yudol’" in text and "Yudol』" not in text
