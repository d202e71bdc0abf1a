"""Script variants: OpenCC on the model's Chinese text only, the glossary around it, corner
brackets in traditional editions; the list of OpenCC's word-level choices and their review."""

from __future__ import annotations

import pytest

from zinepress.errors import ConfigError, EditorialError
from zinepress.model import Chapter, Div, Edition, Emph, Link, Para, Span, Text
from zinepress.transforms.variants import (Conversion, convert_edition, converter, edition_conversion,
                                           load_glossary)
from zinepress.transforms.variants_review import load_review, review_edition, variant_changes
from zinepress.walk import block_text, plain_text


def _edition():
    para = Para([Text("恶性循环，“头发"), Emph([Text("干净”")]), Text("后来"),
                 Link("https://example.org/发展", [Text("发展")]), Span("en", [Text("Hello 发")])])
    english = Div([Para([Text("English “quotes” stay.")])], lang="en")
    zh = Chapter("c1", [Text("这场起义的背景")], [para, english], "chapter", "zh-Hans")
    en = Chapter("a1", [Span("zh-Hant", [Text("延伸閱讀")])], [Para([Text("An “English” appendix.")])],
                 "appendix", "en")
    return Edition("zh-Hant", "zh-Hant", "t", "s", "a", [zh, en])


def test_text_converted_urls_and_other_languages_untouched():
    result = convert_edition(_edition(), "s2tw")
    chapter, appendix = result.chapters
    para, english = chapter.blocks
    assert plain_text(chapter.title) == "這場起義的背景" and chapter.lang == "zh-Hant"
    assert plain_text(para.inlines) == "惡性循環，「頭髮乾淨」後來發展Hello 发"
    link = para.inlines[3]
    assert link.href == "https://example.org/发展"
    assert block_text(english) == "English “quotes” stay."
    assert block_text(appendix.blocks[0]) == "An “English” appendix." and appendix.lang == "en"


def test_the_original_is_not_changed():
    edition = _edition()
    convert_edition(edition, "s2tw")
    assert plain_text(edition.chapters[0].title) == "这场起义的背景"


def test_s2tw_keeps_prose_words_that_s2twp_would_localise():
    assert converter("s2tw")("恶性循环 支持 进程") == "惡性循環 支持 進程"
    assert converter("s2twp")("恶性循环") != "惡性循環"


def test_unknown_configuration_is_a_clear_error():
    with pytest.raises(ConfigError, match="OpenCC has no configuration 's2xx'"):
        converter("s2xx")


# --- Corner brackets and apostrophes -------------------------------------------


def test_corner_brackets_keep_apostrophes():
    convert = converter("s2tw")
    assert convert("他说“我们的”和‘交相辉映’。") == "他說「我們的」和『交相輝映』。"
    # between two Latin letters, or after a Latin letter with no ‘ open: an apostrophe
    assert convert("Kazakhstan’s 起义") == "Kazakhstan’s 起義"
    assert convert("名为 Yudol’的杂志，《Yudol‘》") == "名為 Yudol’的雜誌，《Yudol‘》"
    # a quote that closes after a Latin word still closes
    assert convert("‘Kazfem’组织") == "『Kazfem』組織"
    # quotes opening in one inline and closing in another
    para = Para([Text("“他们"), Emph([Text("的”")]), Text("‘"), Emph([Text("Oyan")]), Text("’")])
    chapter = Chapter("c", [], [para], "chapter", "zh-Hans")
    result = convert_edition(Edition("zh-Hant", "zh-Hant", "t", "s", "a", [chapter]), "s2tw")
    assert plain_text(result.chapters[0].blocks[0].inlines) == "「他們的」『Oyan』"


# --- The glossary --------------------------------------------------------------

GLOSSARY = """# a made-up glossary
[[term]]
anchor = "明白发生"
traditional = "明白發生"
count = 1
note = "OpenCC reads 白发"

[[term]]
anchor = "宣布"
traditional = { s2tw = "宣布" }
count = 1
"""


def _one_para_edition(text: str) -> Edition:
    chapter = Chapter("c", [Text("标题")], [Para([Text(text)])], "chapter", "zh-Hans")
    return Edition("zh-Hant", "zh-Hant", "t", "s", "a", [chapter])


def test_each_term_of_the_books_glossary_wins_over_opencc(book):
    glossary = load_glossary(book.book_dir / "glossary.toml")
    assert len(glossary.terms) >= 10 and all(t.note and t.count >= 1 for t in glossary.terms)
    for term in glossary.terms:
        overridden = []
        for config in ("s2tw", "s2twp", "s2hk"):
            form = term.form(config)
            if form is None:
                assert config != "s2tw", term.anchor        # every term serves this book's zh-Hant
                continue
            with_glossary = Conversion(config, glossary)
            frame = converter(config)("我们看到")
            assert with_glossary(f"我们看到{term.anchor}。") == f"{frame}{form}。", (term.anchor, config)
            if converter(config)(term.anchor) != form:
                overridden.append(config)
        # each term changes what plain OpenCC would write, for some configuration, or pins
        # a form that OpenCC would spoil on a second pass (干預 → 幹預)
        pinned = any(converter(c)(term.form(c)) != term.form(c) for c in ("s2tw", "s2twp", "s2hk")
                     if term.form(c) is not None)
        assert overridden or pinned, f"{term.anchor}: OpenCC already writes {term.forms} everywhere"


def test_glossary_terms_are_masked_longest_first_and_across_line_breaks(tmp_path):
    (tmp_path / "glossary.toml").write_text(
        '[[term]]\nanchor = "发生"\ntraditional = "X"\ncount = 1\n\n'
        '[[term]]\nanchor = "明白发生"\ntraditional = "明白發生"\ncount = 1\n', encoding="utf-8")
    conversion = Conversion("s2tw", load_glossary(tmp_path / "glossary.toml"))
    assert conversion("我明白\n发生了什么，也知道发生了") == "我明白發生了什麼，也知道X了"


def test_a_term_given_per_configuration_applies_to_those_only(tmp_path):
    (tmp_path / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    glossary = load_glossary(tmp_path / "glossary.toml")
    assert Conversion("s2tw", glossary)("宣布") == "宣布"
    assert Conversion("s2hk", glossary)("宣布") == converter("s2hk")("宣布") == "宣佈"
    assert Conversion("s2hk", glossary)("明白发生") == "明白發生"
    # a conversion to simplified takes no glossary
    assert Conversion("t2s", glossary)("明白發生") == "明白发生"


def test_a_glossary_count_that_does_not_match_fails_naming_file_and_line(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "glossary.toml").write_text(GLOSSARY.replace("count = 1\nnote", "count = 2\nnote"), encoding="utf-8")
    conversion = edition_conversion(book, "s2tw")
    edition = _one_para_edition("我不明白发生了什么，他宣布了。")
    with pytest.raises(EditorialError) as caught:
        convert_edition(edition, conversion)
    err = caught.value
    assert (err.path, err.line) == ("book/glossary.toml", 2)
    assert str(err).startswith("book/glossary.toml:2: term 明白发生 (→ 明白發生) is expected 2 times in "
                               "edition zh-Hant's text, found 1: the source changed under it")
    # with the right count, the glossary's form is in the text
    (book / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    result = convert_edition(edition, edition_conversion(book, "s2tw"))
    assert plain_text(result.chapters[0].blocks[0].inlines) == "我不明白發生了什麼，他宣布了。"


@pytest.mark.parametrize("entry, message, line", [
    ('[[term]]\nanchor = "宣布"\ntraditional = "宣布"\ncount = 1\ncolour = "red"\n', "unknown key 'colour'", 5),
    ('[[term]]\nanchor = "宣布"\ntraditional = "宣布"\n', "missing required key 'count'", 1),
    ('[[term]]\nanchor = "宣布"\ntraditional = "宣布"\ncount = 0\n', "count must be", 1),
    ('[[term]]\nanchor = "宣布"\ntraditional = 3\ncount = 1\n', "traditional must be", 1),
    ('[[term]]\nanchor = "宣布"\ntraditional = "宣布"\ncount = 1\n\n'
     '[[term]]\nanchor = "宣布"\ntraditional = "宣佈"\ncount = 1\n', "given twice", 6),
    ('[[word]]\nanchor = "宣布"\n', "unknown table 'word'", 1),
])
def test_a_bad_glossary_entry_is_an_error_naming_its_line(tmp_path, entry, message, line):
    (tmp_path / "glossary.toml").write_text(entry, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_glossary(tmp_path / "glossary.toml")
    assert caught.value.line == line and caught.value.path.endswith("glossary.toml")


def test_the_book_conversion_and_the_audit_share_one_conversion(book):
    assert edition_conversion(book.book_dir, "s2tw") is edition_conversion(book.book_dir, "s2tw")


# --- The review ------------------------------------------------------------------


def _changes(config: str, *paragraphs: str):
    chapter = Chapter("c", [], [Para([Text(p)]) for p in paragraphs], "chapter", "zh-Hans")
    edition = Edition("zh-Hant", "zh-Hant", "t", "s", "a", [chapter])
    return {(c.simplified, c.traditional): c for c in variant_changes(edition, converter(config))}


def test_the_diff_lists_one_to_many_choices_with_counts_and_sentences():
    changes = _changes("s2tw", "他的头发很长。", "她的头发白了。", "他们发钱。", "我们后来吃面条，皇后也来了。",
                       "他干了很多事。")
    hair = changes[("头发", "頭髮")]
    assert hair.count == 2 and hair.kind == "phrase" and hair.charwise == "頭發"
    assert hair.sentences == ["他的⟦头发⟧很长。", "她的⟦头发⟧白了。"]
    send = changes[("发", "發")]
    assert send.kind == "one-to-many" and send.candidates == ("發", "髮") and send.count == 1
    assert send.sentences == ["他们⟦发⟧钱。"] and send.describe() == "发 → 發 (發/髮)"
    assert changes[("了", "了")].candidates == ("了", "瞭")
    assert changes[("后来", "後來")].kind == "phrase, usual forms"
    assert changes[("吃面", "吃麵")].kind == "phrase" and changes[("皇后", "皇后")].kind == "phrase"
    assert changes[("干了", "幹了")].count == 1
    # one-to-one characters are not listed
    assert not any(key[0] in ("他", "的", "很长", "钱") for key in changes)


def test_the_diff_lists_vocabulary_localisation():
    changes = _changes("s2twp", "这个信息很重要，软件也是。", "恶性循环，进程和所有的网络连接都断了。")
    assert changes[("信息", "資訊")].kind == "localisation"
    assert changes[("软件", "軟體")].sentences == ["这个信息很重要，⟦软件⟧也是。"]
    # a localised word inside a longer unmatched run is found by the later stage's own phrases
    assert {("进程", "程序"), ("网络", "網路"), ("连接", "連線"), ("恶性循环", "惡性迴圈")} <= set(changes)
    assert changes[("恶性循环", "惡性迴圈")].describe() == "恶性循环 → 惡性迴圈 (not 惡性循環)"
    assert all(c.kind == "localisation" for key, c in changes.items() if key[0] in ("进程", "网络", "连接"))
    assert ("信息", "資訊") not in _changes("s2tw", "这个信息很重要。")


def test_the_diff_leaves_out_what_the_glossary_fixes_and_other_languages(tmp_path):
    (tmp_path / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    para = Para([Text("我不明白发生了什么，"), Span("en", [Text("hair 头发")]), Text("头发白了。")])
    edition = Edition("zh-Hant", "zh-Hant", "t", "s", "a", [Chapter("c", [], [para], "chapter", "zh-Hans")])
    changes = variant_changes(edition, Conversion("s2tw", load_glossary(tmp_path / "glossary.toml")))
    hair = next(c for c in changes if c.simplified == "头发")
    assert hair.count == 1 and hair.sentences == ["我不明白发生了什么，hair 头发⟦头发⟧白了。"]
    assert not any("白发" in c.simplified or c.traditional == "髮" for c in changes)


def test_the_review_file_is_checked(tmp_path):
    (tmp_path / "variants.toml").write_text('[s2tw.accept]\n"头发" = "頭髮"\n"了" = ["了", "瞭"]\n',
                                            encoding="utf-8")
    review = load_review(tmp_path / "variants.toml")
    assert review.accepted == {"s2tw": {"头发": ("頭髮",), "了": ("了", "瞭")}}
    assert review.lines[("s2tw", "了")] == 3
    (tmp_path / "variants.toml").write_text('[s2tw.accept]\n"头发" = "頭髮"\n\n[s2tw.reject]\n"了" = "了"\n',
                                            encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'reject'"):
        load_review(tmp_path / "variants.toml")
    (tmp_path / "variants.toml").write_text('[s2tw.accept]\n"头发" = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="give the accepted traditional form") as caught:
        load_review(tmp_path / "variants.toml")
    assert caught.value.line == 2


def test_the_books_review_covers_every_change_of_zh_hant(book):
    """The review committed in book/variants.toml accepts every change OpenCC makes in zh-Hant,
    and every glossary count matches (what the build checks)."""
    from dataclasses import replace

    from zinepress.changes import ChangeLog
    from zinepress.pipeline import clean_source, edition_text, read_sources
    cfg = next(e for e in book.editions if e.name == "zh-Hant")
    raw = read_sources(book, list(book.sources))
    cleaned = {i: clean_source(book, raw[i], ChangeLog()) for i in book.sources}
    text = edition_text(book, replace(cfg, opencc=""), cleaned, ChangeLog())
    result = review_edition(book.book_dir, "zh-Hant", "s2tw", text)
    assert len(result.changes) > 400
    assert result.unreviewed == [] and result.count_problems == [] and result.stale == []
    kinds = {c.kind for c in result.changes}
    assert kinds == {"one-to-many", "phrase", "phrase, usual forms"}
    # the wrong choices are the glossary's, not OpenCC's
    assert not any(c.simplified in ("事干", "下采", "上游", "白发", "并为", "干的") for c in result.changes)
    assert result.term_counts["哈萨克斯坦"] == 147   # 哈萨克斯： corrected (book/editorial.toml)
