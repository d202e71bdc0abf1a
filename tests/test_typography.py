"""Chinese typography: the markup's gaps, unbreakable marks and upright runs."""

from __future__ import annotations

from zinepress.render.html import text_runs


def test_gaps_between_han_and_western_and_unbreakable_dashes():
    assert text_runs("在2022年，IYP发布——这是……好") == [
        ("text", "在"), ("gap", ""), ("text", "2022"), ("gap", ""), ("text", "年，IYP"),
        ("gap", ""), ("text", "发布"), ("nobreak", "——"), ("text", "这是"), ("nobreak", "……"),
        ("text", "好")]


def test_gap_across_inline_nodes_goes_at_the_start():
    assert text_runs("CSTO）", before="在") == [("gap", ""), ("text", "CSTO）")]


def test_no_gap_next_to_full_width_punctuation_or_inside_latin():
    assert text_runs("，IYP。") == [("text", "，IYP。")]
    assert text_runs("in English — one dash") == [("text", "in English — one dash")]


def test_vertical_short_latin_words_and_numbers_stand_upright_without_gaps():
    assert text_runs("第7章在CS上和Dozhd的12个", upright=True) == [
        ("text", "第"), ("upright", "7"), ("text", "章在"), ("upright", "CS"), ("text", "上和"),
        ("gap", ""), ("text", "Dozhd"), ("gap", ""), ("text", "的"), ("upright", "12"), ("text", "个")]
    # Three digits are set sideways; a Latin passage has nothing upright.
    assert ("upright", "202") not in text_runs("在2022年", upright=True)
    assert text_runs("in English 12 ab — one", upright=True) == [("text", "in English 12 ab — one")]
    # Horizontal writing never makes runs upright.
    assert all(kind != "upright" for kind, _ in text_runs("第7章", upright=False))


# --- Punctuation (transforms/typography.py) ------------------------------------------

import re  # noqa: E402

import pytest  # noqa: E402

from zinepress.changes import ChangeLog  # noqa: E402
from zinepress.model import Emph, Link, Para, Span, Text  # noqa: E402
from zinepress.transforms.typography import normalise, typeset_inlines  # noqa: E402


@pytest.mark.parametrize("before, after, rule", [
    ('这不是"他们的"战斗，而是"我们的"：', "这不是“他们的”战斗，而是“我们的”：", "cjk-quotes"),
    ('摆脱 "旁观者" 的身份', "摆脱“旁观者”的身份", "cjk-quotes"),
    ("一些事”。 — — 来自一位", "一些事”。——来自一位", "cjk-dashes"),
    ("起义 - 不是抗议者", "起义——不是抗议者", "cjk-dashes"),
    ("战争－－持续", "战争——持续", "cjk-dashes"),
    ("战争--持续", "战争——持续", "cjk-dashes"),
    ("“抓特务” …… 这就是", "“抓特务”……这就是", "cjk-ellipsis"),
    ("等等...然后", "等等……然后", "cjk-ellipsis"),
    ("等等。。。然后", "等等……然后", "cjk-ellipsis"),
    ("阿克托别 (Aktobe)的抗议者", "阿克托别（Aktobe）的抗议者", "cjk-punctuation"),
    ("死者! 最重要的是", "死者！最重要的是", "cjk-punctuation"),
    ("政府,人民", "政府，人民", "cjk-punctuation"),
    ("A；新年过后不久", "A：新年过后不久", "label-colon"),
    ("Q;哈萨克斯坦境外", "Q：哈萨克斯坦境外", "label-colon"),
    ("一个叫 Oyan Kazakhstan（“醒来吧", "一个叫Oyan Kazakhstan（“醒来吧", "cjk-spacing"),
])
def test_each_rule_on_chinese_text(before, after, rule):
    text, changes = normalise(before)
    assert text == after
    assert rule in {name for name, _, _ in changes}


@pytest.mark.parametrize("latin", [
    'He said: "hello, world..." -- and left (quickly)!',
    "Kazakhstan’s turn; isn't it?",
    "7:30 to 1,000 people",
    "Oyan Kazakhstan",
])
def test_latin_text_keeps_its_half_width_punctuation(latin):
    assert normalise(latin) == (latin, [])
    # Latin text beside Chinese: only the marks touching the Chinese change.
    text, _ = normalise(f"他说{latin}")
    assert latin.split(" ", 1)[-1][-6:-1] in text


def test_quotes_pair_across_inlines_and_spans_in_another_language_are_left_alone():
    para = Para([Text('这不是"'), Emph([Text('他们的"战斗')]), Text("，见"),
                 Span("fr", [Text("la situation, au Kazakhstan...")]), Text(" (注)")])
    log = ChangeLog()
    typeset_inlines(para.inlines, None, log)
    assert para.inlines[0].text == "这不是“"
    assert para.inlines[1].children[0].text == "他们的”战斗"
    assert para.inlines[3].children[0].text == "la situation, au Kazakhstan..."
    assert para.inlines[4].text == "（注）"
    assert all(e.rule.startswith("cjk-") for e in log.edits)


def test_a_url_shown_as_link_text_is_not_touched():
    url = "https://example.org/a,b...c"
    para = Para([Text("见"), Link(url, [Text(url)]), Text("。")])
    typeset_inlines(para.inlines, None, ChangeLog())
    assert para.inlines[1].children[0].text == url


def test_no_rule_changes_its_own_output():
    for sample in ['这不是"他们的"战斗 — — 来自 (Aktobe)! 等等... A；好 Oyan 叫']:
        once, _ = normalise(sample)
        assert normalise(once) == (once, [])


def test_the_zh_hans_text_is_typeset(zh_hans_model):
    from zinepress.transforms.typography import typeset_chinese
    from zinepress.walk import plain_text, text_blocks
    cfg, _, _, edition = zh_hans_model
    log = ChangeLog()
    typeset = typeset_chinese(edition, log)
    chinese = [c for c in typeset.chapters if c.lang.startswith("zh") or not c.lang]
    text = "\n".join(plain_text(c.title) + "\n" + "\n".join(
        plain_text(b.inlines if hasattr(b, "inlines") else b.caption) for b, _ in text_blocks(c.blocks))
        for c in chinese)
    han = "\u4e00-\u9fff"
    assert "— —" not in text and "..." not in text
    assert not re.search(f"[{han}],[{han}]", text)
    assert not re.search(f'[{han}]"|"[{han}]', text)
    assert not re.search(r"^[AQ]；", text, re.M)
    # The French and Russian titles of 001 are marked and untouched.
    assert "Déclaration des anarcho-syndicalistes et anarchistes russes sur la situation au Kazakhstan" in text
    rules = {e.rule for e in log.edits}
    assert {"cjk-quotes", "cjk-dashes", "cjk-ellipsis", "cjk-punctuation", "label-colon", "cjk-spacing"} <= rules
    # The English appendix is not touched.
    english = next(c for c in typeset.chapters if c.lang.startswith("en"))
    original = next(c for c in edition.chapters if c.lang.startswith("en"))
    assert [plain_text(b.inlines) for b, _ in text_blocks(english.blocks)] == \
           [plain_text(b.inlines) for b, _ in text_blocks(original.blocks)]


def test_spaces_between_chinese_and_a_passage_in_another_language_go():
    para = Para([Text("名为 "), Span("ru-Latn", [Text("Yudol’")]), Text(" 的杂志")])
    typeset_inlines(para.inlines, None, ChangeLog())
    assert [getattr(n, "text", None) for n in para.inlines] == ["名为", None, "的杂志"]
    assert para.inlines[1].children[0].text == "Yudol’"


def test_an_apostrophe_after_a_latin_letter_stays():
    assert normalise("杂志《Yudol'》，并在")[0] == "杂志《Yudol'》，并在"
    assert normalise("他说'好'吧")[0] == "他说‘好’吧"


def test_a_note_call_is_no_neighbour_of_the_mark_after_it():
    # tests/corpus/wordpress/zh-block-theme-faq.html's list item ";H、人员成本费用冲抵;" with an
    # editors' note called after 冲抵: the semicolon still follows Chinese text
    from zinepress.model import NoteRef
    para = Para([Text("H、人员成本费用冲抵"), NoteRef("tw"), Text(";")])
    log = ChangeLog()
    typeset_inlines(para.inlines, None, log)
    assert [n.text if isinstance(n, Text) else n.label for n in para.inlines] == ["H、人员成本费用冲抵", "tw", "；"]
    assert [e.rule for e in log.edits] == ["cjk-punctuation"]
    # Latin text after a call keeps its half-width marks
    para = Para([Text("Sherwood"), NoteRef("1"), Text("; and so on")])
    typeset_inlines(para.inlines, None, ChangeLog())
    assert para.inlines[2].text == "; and so on"
