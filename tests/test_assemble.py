"""Assembly: editions follow their contents in book.toml; every block lands once; mistakes are named."""

from __future__ import annotations

import pytest

from zinepress.transforms.assemble import assemble, chapter_titles
from zinepress.changes import ChangeLog
from zinepress.bookfiles.config import load_book
from zinepress.errors import EditorialError
from zinepress.model import Span
from zinepress.pipeline import clean_source, read_sources
from zinepress.walk import block_text, plain_text


@pytest.fixture(scope="module")
def zh(zh_hans_model):
    return zh_hans_model[3]


def test_zh_parts_and_chapters_in_order(zh):
    roles = [c.role for c in zh.chapters]
    assert roles == ["part", "chapter", "chapter", "part"] + ["chapter"] * 7 + ["appendix", "notes"]
    titles = chapter_titles(zh)
    assert titles[1:3] == ["这场起义的背景", "总结：来自俄罗斯的观点"]
    assert titles[4] == "这个名叫“国家”的监狱"
    assert titles[9].startswith("“二十一世纪的殖民主义”") and titles[10].startswith("俄罗斯无政府工团主义者")
    assert titles[11:] == ["延伸阅读", "注释"]


def test_each_chapter_holds_its_own_text(zh):
    text = {c.ident: "\n".join(block_text(b) for b in c.blocks) for c in zh.chapters}
    assert text["part-1"].startswith("关于这场起义的采访和评估")        # the translators' preface opens Part I
    assert "1月6日（东哈萨克斯坦时间）早些时候" in text["chapter-1"]
    assert "狗可能会吠叫" in text["chapter-2"] and "狗可能会吠叫" not in text["chapter-1"]
    assert "本文分为以下部分" in text["part-2"]
    assert text["chapter-9"].startswith("我们，俄罗斯的无政府工团主义者")
    assert text["appendix-1"].startswith("This article was originally published by Lossi 36.")


def test_appendix_is_english_with_a_chinese_title(zh):
    appendix = zh.chapters[-2]
    assert appendix.lang == "en-US"                    # book.toml: American English
    assert isinstance(appendix.title[0], Span) and appendix.title[0].lang == "zh-Hans"


BOOK = """[book]
title = "T"
author = "A"
date = "2022"

[[source]]
id = "s"
file = "s.md"
kind = "markdown"
lang = "en"
description = "d"

[[source]]
id = "t"
file = "t.md"
kind = "markdown"
lang = "en"
description = "d"

[[edition]]
name = "en"
lang = "en"
sources = ["s", "t"]

  [[edition.contents]]
  role = "part"
  source = "s"
  heading = "Part One"

  [[edition.contents]]
  role = "chapter"
  source = "s"
  heading = "Chapter A"

  [[edition.contents]]
  role = "appendix"
  source = "t"
  title = "More"
"""


def _build(tmp_path, book_text, s_text="# Part One\n\nIntro.\n\n## Chapter A\n\nBody.\n\n## Chapter A2\n\nMore body.\n"):
    (tmp_path / "book").mkdir(exist_ok=True)
    (tmp_path / "book" / "book.toml").write_text(book_text, encoding="utf-8")
    (tmp_path / "s.md").write_text(s_text, encoding="utf-8")
    (tmp_path / "t.md").write_text("Appendix text.\n", encoding="utf-8")
    config = load_book(tmp_path / "book")
    cfg = config.editions[0]
    raw = read_sources(config, list(cfg.sources))
    cleaned = {i: clean_source(config, raw[i], ChangeLog()) for i in cfg.sources}
    return assemble(config, cfg, cleaned)


def test_made_up_book(tmp_path):
    edition = _build(tmp_path, BOOK)
    assert [(c.role, plain_text(c.title)) for c in edition.chapters] == [
        ("part", "Part One"), ("chapter", "Chapter A"), ("appendix", "More")]
    # a heading no entry names stays inside the chapter it falls in
    assert [block_text(b) for b in edition.chapters[1].blocks] == ["Body.", "Chapter A2", "More body."]


@pytest.mark.parametrize("change, message, line", [
    (lambda t: t.replace('heading = "Chapter A"', 'heading = "Chapter Z"'), "matches no heading of source s", 30),
    (lambda t: t.replace('heading = "Part One"', 'heading = "Chapter A2"'),
     "not in the source's order", 25),
    (lambda t: t.replace('source = "t"\n  title = "More"', 'source = "s"\n  title = "More"'),
     "taken whole by one contents entry", 35),
])
def test_mistakes_name_the_entry(tmp_path, change, message, line):
    with pytest.raises(EditorialError) as err:
        _build(tmp_path, change(BOOK))
    assert message in str(err.value) and err.value.line == line and "book.toml" in str(err.value)


def test_ambiguous_heading(tmp_path):
    with pytest.raises(EditorialError, match="matches 2 headings"):
        _build(tmp_path, BOOK, "# Part One\n\n## Chapter A\n\nx\n\n## Chapter A\n\ny\n")


def test_text_before_the_first_entry_would_be_lost(tmp_path):
    with pytest.raises(EditorialError) as err:
        _build(tmp_path, BOOK, "Stray words.\n\n# Part One\n\n## Chapter A\n\nBody.\n")
    assert "1 block of source s stands before its first contents entry" in str(err.value)
    assert "(line 1)" in str(err.value)
    # the hint names the other way out: a passage no edition prints, left out by its lines
    assert 'unused = [{ lines = "1", reason = "…" }] in its [[source]]' in err.value.hint
    with pytest.raises(EditorialError) as err:
        _build(tmp_path, BOOK, "A title page.\n\nBy someone.\n\n# Part One\n\n## Chapter A\n\nBody.\n")
    assert "2 blocks of source s stand before its first contents entry" in str(err.value)
    assert "(lines 1-3)" in str(err.value) and 'unused = [{ lines = "1-3"' in err.value.hint


def test_source_in_no_entry(tmp_path):
    text = BOOK.replace('  [[edition.contents]]\n  role = "appendix"\n  source = "t"\n  title = "More"\n', "")
    with pytest.raises(EditorialError, match="source t is in its sources but in no contents entry"):
        _build(tmp_path, text)


@pytest.mark.parametrize("lang, author", [("zh-Hans", "鲁迅、WordPress 中文社区"), ("zh-Hant", "魯迅、WordPress 中文社群"),
                                          ("en", "Lu Xun, WordPress China")])
def test_several_authors_are_listed_as_the_edition_s_language_lists_them(tmp_path, lang, author):
    # clreq: names in a Chinese list are parted by the enumeration comma 、, never ", "
    text = BOOK.replace('author = "A"', 'author = { zh-Hans = ["鲁迅", "WordPress 中文社区"], '
                                        'zh-Hant = ["魯迅", "WordPress 中文社群"], en = ["Lu Xun", "WordPress China"] }')
    text = text.replace('name = "en"\nlang = "en"', f'name = "{lang}"\nlang = "{lang}"')
    edition = _build(tmp_path, text)
    assert edition.author == author
    # the original work's credit in the colophon: its own names, the edition's separator
    assert edition.meta["original"]["author"] == ("鲁迅、WordPress 中文社区" if lang.startswith("zh")
                                                  else "鲁迅, WordPress 中文社区")
