"""Chinese print typesetting (clreq), measured on the PDFs: adjacent punctuation at
half width, justification that never letter-spaces a Western word, balanced
titles and contents entries, no one-character last line, no line starting with
a middle dot; and the rules behind them on small inputs.

The rules are tested on strings; a small edition (a few paragraphs) is laid out
once for the module; the real book's PDFs come from the session's release build
(release_dist, marked e2e).
"""

from __future__ import annotations

import re
import zipfile

import pytest

from pdf_chars import (
    PUNCTUATION,
    latin_words,
    letter_gap,
    lone_last_character,
    pdf_lines,
    punctuation_pairs,
)
from test_writers import MODIFIED
from zinepress.model import Chapter, Edition, Para, Strong, Text
from zinepress.transforms.typography import normalise
from zinepress.render.balance import TITLE_MEASURE, balanced_breaks
from zinepress.render.html import text_runs
from zinepress.writers.weasyprint.justify import stretch_points
from zinepress.text.punctuation import MAINLAND, TAIWAN, half_width_marks, punctuation_style
from zinepress.writers.pdf import write_pdf

CHINESE = ["zh-Hans", "zh-Hant"]


# --- Which marks are halved (clreq 3.1.6) ----------------------------------------


def test_punctuation_style_follows_the_edition_locale():
    assert punctuation_style("zh-Hans") == MAINLAND
    assert punctuation_style("zh-CN") == MAINLAND
    assert punctuation_style("zh-Hant") == TAIWAN
    assert punctuation_style("zh-TW") == TAIWAN
    assert punctuation_style("en") == ""


def _halved(text: str, style: str) -> str:
    return "".join(text[at] for at in sorted(half_width_marks(text, style)))


def test_mainland_halves_the_first_of_two_marks_or_the_second_opening_one():
    assert _halved("说：“好”。", MAINLAND) == "：”"
    assert _halved("（“体制内健康力量”）；", MAINLAND) == "“”）"
    assert _halved("美元）”。", MAINLAND) == "）”"
    assert _halved("他说，好。", MAINLAND) == ""          # no two marks side by side


def test_taiwan_keeps_centred_marks_full_width_beside_an_opening_mark():
    # ，「: the opening bracket is halved, the centred comma stays as it is
    assert _halved("他說，「好」。", TAIWAN) == "「」"
    # 」。: the closing bracket; 。」: the centred mark's centred half form
    assert _halved("美元。」", TAIWAN) == "。"
    # ？ has no half-width form in Noto CJK TC
    assert _halved("來這裡？」", TAIWAN) == ""
    assert half_width_marks("好」", TAIWAN, after="。") == {1}   # a pair across two inlines


def test_text_runs_mark_halved_marks_and_leave_english_alone():
    assert text_runs("说：“好”。", punctuation=MAINLAND) == [
        ("text", "说"), ("halt", "："), ("text", "“好"), ("halt", "”"), ("text", "。")]
    assert text_runs("He said: “fine”.") == [("text", "He said: “fine”.")]


# --- Breaks --------------------------------------------------------------------


def test_the_last_two_characters_of_a_paragraph_keep_together():
    assert text_runs("他们不是“罪犯”［原文如此］。", tail=True)[-1] == ("nobreak", "如此］。")
    assert text_runs("许多人认为是“正确的”。", tail=True)[-1] == ("nobreak", "确的”。")
    assert all(kind != "nobreak" for kind, _ in text_runs("许多人认为是正确的。"))
    # print: a word joiner between the two instead of a span
    assert text_runs("许多人认为是“正确的”。", tail=True, joiner=True)[-3:] == [
        ("text", "许多人认为是“正确"), ("join", ""), ("text", "的”。")]


def test_a_middle_dot_keeps_to_both_neighbours():
    runs = text_runs("将努尔苏丹·纳扎尔巴耶夫赶走")
    assert ("nobreak", "丹·纳") in runs
    assert "".join(run for _, run in runs) == "将努尔苏丹·纳扎尔巴耶夫赶走"


@pytest.mark.parametrize("title", [
    "这不是“他们的”战斗，而是“我们的”：哈萨克斯坦起义——不是抗议者，而是革命者",
    "采访：阿拉木图无政府主义者的目击证言",
    "俄罗斯无政府工团主义者和无政府主义者关于哈萨克斯坦局势的声明",
    "“二十一世纪的殖民主义”——白俄罗斯无政府主义者的视角",
])
def test_balanced_titles_fit_the_measure_and_leave_no_lone_character(title):
    breaks = balanced_breaks(title, TITLE_MEASURE)
    lines = [title[a:b] for a, b in zip([0] + breaks, breaks + [len(title)])]
    assert len(lines) > 1
    assert all(len(line) <= TITLE_MEASURE for line in lines)
    assert len(lines[-1]) >= 2
    assert max(map(len, lines)) - min(map(len, lines)) <= TITLE_MEASURE // 2 or \
        any(line[-1] in "：，——”" for line in lines[:-1])
    assert all(not line.startswith(tuple("。，、；：？！）」』”")) for line in lines)


def test_a_clause_end_wins_over_a_word_cut_in_two():
    breaks = balanced_breaks("“瓦哈比派、恐怖分子、抗议者”——关于这场起义的无数谣言", TITLE_MEASURE)
    assert breaks == [len("“瓦哈比派、恐怖分子、抗议者”")]
    assert balanced_breaks("延伸阅读", TITLE_MEASURE) == []


# --- Justification ---------------------------------------------------------------


def test_stretch_points_never_fall_inside_a_western_word_or_a_two_em_dash():
    texts = ["在Timur的", "——", "1986年（", "4.2亿", "。"]
    points = stretch_points(texts)
    line = "".join(texts)
    places = [sum(map(len, texts[:n])) + at for n, p in enumerate(points) for at in p]
    pairs = [line[at:at + 2] for at in places]
    assert "Ti" not in pairs and "86" not in pairs and "4." not in pairs and "——" not in pairs
    assert {"在T", "r的", "的—", "—1", "6年", "年（", "（4", "2亿", "亿。"} <= set(pairs)
    # a word joiner is no character of its own: the place is after the one before it
    assert stretch_points(["说\u2060了。"]) == [[0, 2]]


# --- ASCII brackets in Chinese text ---------------------------------------------


def test_ascii_brackets_in_chinese_text_become_full_width():
    text, edits = normalise("所谓的“掠夺者”[原文如此]。")
    assert text == "所谓的“掠夺者”［原文如此］。"
    assert {rule for rule, _, _ in edits} == {"cjk-punctuation"}
    assert normalise("see [1] and f(x)[2]")[0] == "see [1] and f(x)[2]"


# --- A small edition, laid out ---------------------------------------------------


def _edition(name: str, lang: str) -> Edition:
    text = ("这是一段很长的中文文字，用来检验两端对齐的效果，" * 2 + "据说帖木儿·图尔洛夫（Timur "
            "Turlov）是“美国投资公司”（“Freedom Finance”）的创始人，"
            "其资产在2020年增加了两倍，达到14.7亿美元（2019年为4.535亿美元）。”他说：“好。”")
    chapter = Chapter("one", [Strong([Text("采访：阿拉木图无政府主义者的目击证言")])],
                      [Para([Text(text)]), Para([Text("这是一个绝对的低谷。他们都在相互支援了。")])],
                      lang=lang, sources=("000",))
    return Edition(name=name, lang=lang, title="测试", subtitle="", author="某人",
                   chapters=[chapter])


@pytest.fixture(scope="module")
def small_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small-chinese")
    paths = {}
    for name in CHINESE:
        paths[name] = write_pdf(_edition(name, name), folder / f"{name}.pdf", modified=MODIFIED)
    return {name: pdf_lines(path) for name, path in paths.items()}


@pytest.mark.parametrize("edition", CHINESE)
def test_small_edition_adjacent_marks_are_set_half_width(small_pdfs, edition):
    pairs = punctuation_pairs(small_pdfs[edition])
    if edition == "zh-Hant":
        # Taiwan's centred 。， before a closing mark keep their centre: their half
        # form starts a quarter em early, the pair's second mark 0.75 em after it
        # plus what the justification adds; the book's test counts them in.
        pairs = [(line, a, b) for line, a, b in pairs if a.text not in "，。、；：！？"]
    assert len(pairs) >= 4
    far = [(a.text + b.text, round(b.x0 - a.x0, 2)) for _, a, b in pairs
           if b.x0 - a.x0 > 0.75 * a.size + 0.05]
    assert not far


@pytest.mark.parametrize("edition", CHINESE)
def test_small_edition_latin_words_are_not_letter_spaced(small_pdfs, edition):
    words = [w for line in small_pdfs[edition] if line.chinese for w in latin_words(line)]
    assert {"".join(c.text for c in w) for w in words} >= {"Timur", "Turlov", "Freedom", "Finance"}
    assert all(letter_gap(w) <= 0.3 for w in words), \
        [("".join(c.text for c in w), letter_gap(w)) for w in words]


@pytest.mark.parametrize("edition", CHINESE)
def test_small_edition_lines_are_still_flush(small_pdfs, edition):
    lines = [line for line in small_pdfs[edition] if line.size == 10.0 and line.chinese]
    right = max(line.x1 for line in lines)
    full = [line for line in lines[:-1] if line.x1 > right - 15]
    assert len(full) >= 4
    assert all(abs(line.x1 - right) < 0.6 for line in full), [(l.text, l.x1) for l in full]


def test_small_edition_no_lone_last_character(small_pdfs):
    for lines in small_pdfs.values():
        assert not [line.text for line in lines if lone_last_character(line.text)]


# --- The real book (the session's release build) ------------------------------------


def _book_lines(release_dist, edition):
    return pdf_lines(release_dist / f"kazakhstan.{edition}.pdf")


@pytest.mark.e2e
@pytest.mark.parametrize("edition", CHINESE)
def test_book_adjacent_punctuation_starts_within_three_quarters_of_an_em(release_dist, edition):
    pairs = punctuation_pairs(_book_lines(release_dist, edition))
    assert len(pairs) > 80
    close = [1 for _, a, b in pairs if b.x0 - a.x0 <= 0.75 * a.size + 0.05]
    assert len(close) / len(pairs) >= 0.9


@pytest.mark.e2e
@pytest.mark.parametrize("edition", CHINESE)
def test_book_latin_words_on_chinese_lines_are_not_letter_spaced(release_dist, edition):
    words = [w for line in _book_lines(release_dist, edition) if line.chinese
             for w in latin_words(line, shortest=4)]
    assert len(words) > 50
    spread = [("".join(c.text for c in w), round(letter_gap(w), 2)) for w in words
              if letter_gap(w) > 0.3]
    assert not spread


@pytest.mark.e2e
@pytest.mark.parametrize("edition", CHINESE)
def test_book_no_line_ends_a_chinese_paragraph_with_one_character(release_dist, edition):
    lines = _book_lines(release_dist, edition)
    assert not [(line.page, line.text) for line in lines if lone_last_character(line.text)]


@pytest.mark.e2e
@pytest.mark.parametrize("edition", CHINESE)
def test_book_titles_and_contents_entries_end_with_more_than_one_character(release_dist, edition):
    lines = _book_lines(release_dist, edition)
    contents_pages = {line.page for line in lines if line.text.strip() in ("目录", "目錄")}
    titles = [line for line in lines if line.size >= 11 and line.chinese]
    entries = [line for line in lines if line.page in contents_pages and line.size == 10.0]
    assert len(titles) > 10 and len(entries) > 10
    for line in titles + entries:
        text = re.sub(r"[.\s]*\d+$", "", line.text.strip())      # the leaders and page number
        assert len(text) >= 2 and not lone_last_character(text), (line.page, line.text)


@pytest.mark.e2e
@pytest.mark.parametrize("edition", CHINESE)
def test_book_no_line_starts_with_a_middle_dot(release_dist, edition):
    lines = _book_lines(release_dist, edition)
    assert any("·" in line.text for line in lines)
    assert not [(line.page, line.text) for line in lines if line.text.lstrip().startswith("·")]


@pytest.mark.e2e
@pytest.mark.parametrize("edition", CHINESE)
def test_book_running_heads_set_quotes_full_width(release_dist, edition):
    quotes = "“”" if edition == "zh-Hans" else "「」"
    heads = [c for line in _book_lines(release_dist, edition) if line.size == 7.5 and line.top < 50
             for c in line.chars if c.text in quotes]
    assert heads
    assert all(abs((c.x1 - c.x0) - c.size) < 0.01 for c in heads)
    assert all("CJK" in c.font for c in heads)


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["kazakhstan.zh-Hans.epub", "kazakhstan.zh-Hant.epub",
                                  "kazakhstan.zh-Hant.vertical.epub"])
def test_book_epub_marks_the_halved_marks(release_dist, name):
    with zipfile.ZipFile(release_dist / name) as epub:
        text = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
        css = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    halved = re.findall(r'<span class="halt">(.)</span>', text)
    assert len(halved) > 80
    assert set(halved) <= set(PUNCTUATION)
    assert '"halt"' in css
    if "vertical" in name:
        assert '"vhal"' in css
