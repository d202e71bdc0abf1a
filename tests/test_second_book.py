"""The second book (tests/books/second): a made-up book with one source of each kind —
a Markdown post with front matter, a WordPress export with its site chrome, a plain-text
essay and a PDF text extract with its fragments shuffled — in a Chinese edition, its
Taiwan edition through OpenCC and an English edition, built by the real command line
from its book/ folder alone, with EPUBCheck. Every output is read back: the text of each
source in the order book.toml and book/order/table.toml give, the two notes called right
after their anchors, the glossary's form in zh-Hant, and the site chrome gone and
reported."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.e2e          # builds whole books with the real command line

SECOND = ROOT / "tests" / "books" / "second"
EDITIONS = ("zh-Hans", "zh-Hant", "en")
FORMATS = {"epub": "epub", "pdf": "pdf", "booklet-a4": "booklet-a4.pdf"}

# Sentences of each source, in reading order: per edition, the chapters in the order of
# book.toml's contents; the shuffled extract's paragraphs in the order book/order/table.toml
# restores (fragments joined across the cuts: "a good deal of patience", "everything",
# "furthest away").
NIGHT = ["每个月的第一个星期五，飞蛾印社的成员都会把仓库里的长桌搬到中间。",
         "七点整，我们宣布印刷之夜开始。",
         "桌上摆着裁好的纸、几罐油墨和三台旧订书机。",
         "折页看起来简单，其实很考验耐心：纸边要对齐，折痕要用骨刀压实。",
         "等天亮以后送到街角的书店。"]
DUPLICATOR = ["它每分钟能印六十张，但每换一种颜色就要换一次墨鼓。",
              "负责速印机的是阿米。",
              "第二种颜色印完以后，封面要晾半个小时。",
              "下一次印刷之夜，它还会在那里等我们。"]
NIGHT_HANT = ["每個月的第一個星期五，飛蛾印社的成員都會把倉庫裡的長桌搬到中間。",
              "七點整，我們宣布印刷之夜開始。",
              "桌上擺著裁好的紙、幾罐油墨和三臺舊訂書機。",
              "摺頁看起來簡單，其實很考驗耐心：紙邊要對齊，摺痕要用骨刀壓實。",
              "等天亮以後送到街角的書店。"]
DUPLICATOR_HANT = ["它每分鐘能印六十張，但每換一種顏色就要換一次墨鼓。",
                   "負責速印機的是阿米。",
                   "第二種顏色印完以後，封面要晾半個小時。",
                   "下一次印刷之夜，它還會在那裡等我們。"]
ESSAY = ["People sometimes ask the Moth Press Collective why we print at night.",
         "At night the street is quiet, the phones stop ringing, and a room full of people can work at "
         "one long table without anyone asking what it is for.",
         "New members start with folding, because folding teaches patience faster than anything else.",
         "In the morning they go to the bookshop on the corner, and the collective goes to sleep."]
TABLE = ["By nine the long table is covered in paper.",
         "which needs a drum change between them and a good deal of patience. Mira keeps a notebook",
         "Nobody is in charge of the table, but everyone knows where the guillotine is,",
         "After midnight the printing stops and the folding begins.",
         "the part where people talk about everything except the zine.",
         "The last bundle goes home with whoever lives furthest away, so that it travels.",
         "At six the table is bare again. The radio is still on."]
SENTENCES = {"zh-Hans": NIGHT + DUPLICATOR, "zh-Hant": NIGHT_HANT + DUPLICATOR_HANT, "en": ESSAY + TABLE}
CHAPTERS = {"zh-Hans": ["印刷之夜", "速印机旁的人们", "注释"],
            "zh-Hant": ["印刷之夜", "速印機旁的人們", "註釋"],
            "en": ["Why We Print at Night", "The Long Table", "Folding Until Morning", "Notes"]}

# The two notes: (anchor, a phrase of the note's text), in the order of their calls.
NOTES = {
    "zh-Hans": [("我们的油墨是大豆做的", "大豆油墨来自城东的一家小工厂"),
                ("仓库角落里那台旧速印机", "这台速印机是二〇〇九年从一所停办的中学买来的")],
    "zh-Hant": [("我們的油墨是大豆做的", "大豆油墨來自城東的一家小工廠"),
                ("倉庫角落裡那臺舊速印機", "這臺速印機是二〇〇九年從一所停辦的中學買來的")],
    "en": [("our soy-based ink", "The soy ink comes from a small works on the east side of town"),
           ("the old stencil duplicator", "bought in 2009 from a secondary school that had closed")],
}

# The site around the WordPress post, which must not reach the book.
CHROME = ["分享此文", "点击分享到", "點擊分享到", "相关文章", "相關文章", "Tagged", "2024年3月4日"]
# What the shuffled extract's furniture was, which must not reach the book either.
FURNITURE = ["The Moth Library", "Retrieved on", "Notes from a Print Night", "every-", "furthestNobody"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The second book copied to a folder of its own and built once by the command line,
    every edition and format, EPUBCheck included: (dist folder, report, the build's output)."""
    tmp = tmp_path_factory.mktemp("second")
    shutil.copytree(SECOND, tmp, dirs_exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "zinepress", "build", "--book", str(tmp / "book"),
                           "--out", str(tmp / "dist"), "--no-cache"],
                          capture_output=True, text=True, timeout=600, cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp / "dist" / "report.json").read_text(encoding="utf-8"))
    return tmp / "dist", report, done.stdout + done.stderr


def _output(dist: Path, edition: str, fmt: str) -> Path:
    return dist / f"print-night.{edition}.{FORMATS[fmt]}"


def _chapters(epub: Path) -> list[str]:
    """The XHTML of the EPUB's chapters and notes, in spine order."""
    with zipfile.ZipFile(epub) as z:
        opf = z.read("EPUB/content.opf").decode("utf-8")
        hrefs = {re.search(r'\bid="([^"]+)"', item).group(1): re.search(r'\bhref="([^"]+)"', item).group(1)
                 for item in re.findall(r"<item\b[^>]*>", opf)}
        spine = re.findall(r'<itemref idref="([^"]+)"', opf)
        return [z.read("EPUB/" + hrefs[i]).decode("utf-8") for i in spine if hrefs[i].startswith("text/")]


def _plain(xhtml: str) -> str:
    """The text of XHTML without the note calls' numbers, quarter-em gaps as nothing."""
    xhtml = re.sub(r'<a epub:type="noteref"[^>]*>.*?</a>', "", xhtml)
    return html.unescape(re.sub(r"<[^>]+>", "", xhtml)).replace("\u2005", "")


def _squeeze(text: str) -> str:
    """Text compared with print: no whitespace, no hyphen the layout put at a line end."""
    return re.sub(r"[\s\u2010\u00ad]", "", text)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _in_order(text: str, sentences: list[str]) -> None:
    at = -1
    for sentence in sentences:
        found = text.find(sentence, at + 1)
        assert found > at, f"{sentence!r} missing or out of order"
        assert text.count(sentence) == 1, f"{sentence!r} more than once"
        at = found


def test_every_output_is_built_and_passes_its_checks(built):
    dist, report, _ = built
    for edition in EDITIONS:
        for fmt in FORMATS:
            assert _output(dist, edition, fmt).stat().st_size > 0, (edition, fmt)
    assert not (dist / ".staging").exists() or not any((dist / ".staging").iterdir())
    assert report["passed"] is True
    made = {(o["edition"], o["format"]): o for o in report["outputs"]}
    assert set(made) == {(e, f) for e in EDITIONS for f in FORMATS}
    assert all(o["status"] == "built" for o in made.values())
    for edition in EDITIONS:
        assert made[edition, "epub"]["check"] == "EPUBCheck: 0 errors, 0 warnings", edition
    audits = {a["edition"]: a for a in report["audits"]}
    assert set(audits) == set(EDITIONS)
    assert all(a["passed"] and a["findings"] == [] and a["sentences_checked"] > 0 for a in audits.values())


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_epub_holds_each_source_in_order(built, edition):
    dist, _, _ = built
    chapters = _chapters(_output(dist, edition, "epub"))
    titles = [_plain(re.search(r"<h1>(.*?)</h1>", c).group(1)) for c in chapters]
    assert titles == CHAPTERS[edition]
    text = "\n".join(_plain(c) for c in chapters)
    _in_order(text, SENTENCES[edition])
    for left in CHROME + FURNITURE:
        assert left not in text, left


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_two_notes_are_called_right_after_their_anchors(built, edition):
    dist, _, _ = built
    chapters = _chapters(_output(dist, edition, "epub"))
    whole = "\n".join(chapters)
    notes = chapters[-1]
    assert len(re.findall(r'<li epub:type="endnote"', notes)) == 2
    for number, (anchor, text) in enumerate(NOTES[edition], start=1):
        calls = re.findall(re.escape(anchor) + r'<a epub:type="noteref"[^>]*href="notes\.xhtml#([^"]+)"[^>]*>'
                           r'(\d+)</a>', whole)
        assert calls and len(calls) == 1, (anchor, calls)
        target, label = calls[0]
        assert label == str(number)
        note = re.search(rf'<li epub:type="endnote"[^>]*id="{target}">(.*?)</li>', notes, re.S)
        assert note and text in _plain(note.group(1)), (anchor, text)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pdf_and_the_booklet_hold_the_text_and_the_notes(built, edition):
    dist, report, _ = built
    pdf = _squeeze(_pdf_text(_output(dist, edition, "pdf")))
    _in_order(pdf, [_squeeze(s) for s in SENTENCES[edition]])
    for number, (anchor, text) in enumerate(NOTES[edition], start=1):
        assert _squeeze(anchor) + str(number) in pdf, anchor      # the call right after its anchor
        assert _squeeze(text) in pdf, text                          # the note at the foot of its page
    for left in CHROME + FURNITURE:
        assert _squeeze(left) not in pdf, left
    pages = {(o["edition"], o["format"]): o["pages"] for o in report["outputs"]}
    booklet = _output(dist, edition, "booklet-a4")
    info = subprocess.run(["pdfinfo", str(booklet)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info and re.search(r"Page size:\s+841\.\d+ x 595\.\d+", info)    # A4, landscape
    sheets = -(-pages[edition, "pdf"] // 4)                     # padded to a multiple of four A5 pages
    assert pages[edition, "booklet-a4"] == 2 * sheets
    assert _squeeze(SENTENCES[edition][0]) in _squeeze(_pdf_text(booklet))


def test_the_glossary_form_is_in_zh_hant_and_opencc_s_is_not(built):
    dist, _, _ = built
    hant = "\n".join(_plain(c) for c in _chapters(_output(dist, "zh-Hant", "epub")))
    assert hant.count("宣布") == 1 and "宣佈" not in hant     # s2tw alone writes 宣佈
    assert "宣佈" not in _pdf_text(_output(dist, "zh-Hant", "pdf"))
    hans = "\n".join(_plain(c) for c in _chapters(_output(dist, "zh-Hans", "epub")))
    assert "我们宣布印刷之夜开始" in hans


def test_the_site_chrome_is_gone_and_reported_with_its_rule(built):
    _, report, _ = built
    chrome = [r for r in report["removals"] if r["source"] == "duplicator"]
    assert chrome and all(r["rule"] == "wordpress-chrome" for r in chrome)
    by_reason = {r["reason"]: r for r in chrome}
    shared = by_reason["Jetpack share buttons and likes"]
    assert "分享此文" in shared["text"] and "点击分享到Twitter" in shared["text"]
    assert "相关文章" in by_reason["Jetpack related posts"]["text"]
    assert "Tagged" in by_reason["tag list below the post"]["text"]
    assert "2024年3月4日" in by_reason["author, categories and date line above the post"]["text"]
    # the line ranges are the file's: the tag list runs to the end of the file
    lines = (SECOND / "seeds" / "duplicator.html").read_text(encoding="utf-8").splitlines()
    shared_lines = "\n".join(lines[shared["first_line"] - 1:shared["last_line"]])
    assert 'class="sharedaddy' in lines[shared["first_line"] - 1] and "share-facebook" in shared_lines
    tags = by_reason["tag list below the post"]
    assert 'class="entry-footer"' in lines[tags["first_line"] - 1] and tags["last_line"] == len(lines)
    # the extract's own furniture went by its rules too
    rules = {r["rule"] for r in report["removals"] if r["source"] == "table"}
    assert rules == {"title-page", "contents-page", "page-numbers"}
    pages = sorted(r["text"] for r in report["removals"] if r["rule"] == "page-numbers")
    assert pages == ["3", "4", "5", "6"]
    edits = {(e["rule"], e["after"]) for e in report["edits"] if e["source"] == "table"}
    assert ("dehyphenate", "everything") in edits
    assert ("join-fragments", "good deal of patience. Mira keeps") in edits
