"""Script variants: OpenCC on the model's Chinese text only; corner brackets in traditional editions."""

from __future__ import annotations

import pytest

from zinepress.errors import ConfigError
from zinepress.model import Chapter, Div, Edition, Emph, Link, Para, Span, Text
from zinepress.transforms.variants import convert_edition, converter
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
