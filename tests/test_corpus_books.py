"""The two books made of corpus files (tests/books/nora, Chinese-first; tests/books/nowhere,
English-first), each built once per session by the real command line from its book/ folder
alone, EPUBCheck included, and read back: what each edition holds, in which order, with
which notes; the metadata book.toml gives as people write it (a range of years, several
authors, no subtitle); and what the rules took out of the real sources."""

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

pytestmark = pytest.mark.e2e
BOOKS = ROOT / "tests" / "books"


def _build(tmp_path_factory, name: str):
    """The book copied to a folder of its own and built once, every edition and format
    its book.toml asks for: (dist folder, report)."""
    tmp = tmp_path_factory.mktemp(name)
    shutil.copytree(BOOKS / name, tmp, dirs_exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "zinepress", "build", "--book", str(tmp / "book"),
                           "--out", str(tmp / "dist"), "--no-cache"],
                          capture_output=True, text=True, timeout=900, cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp / "dist", json.loads((tmp / "dist" / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nora(tmp_path_factory):
    return _build(tmp_path_factory, "nora")


@pytest.fixture(scope="session")
def nowhere(tmp_path_factory):
    return _build(tmp_path_factory, "nowhere")


def _epub(dist: Path, stem: str, edition: str) -> tuple[str, list[str]]:
    """(the package document, the XHTML of its chapters in spine order)."""
    with zipfile.ZipFile(dist / f"{stem}.{edition}.epub") as z:
        opf = z.read("EPUB/content.opf").decode("utf-8")
        hrefs = {re.search(r'\bid="([^"]+)"', item).group(1): re.search(r'\bhref="([^"]+)"', item).group(1)
                 for item in re.findall(r"<item\b[^>]*>", opf)}
        spine = re.findall(r'<itemref idref="([^"]+)"', opf)
        chapters = [z.read("EPUB/" + hrefs[i]).decode("utf-8") for i in spine if hrefs[i].startswith("text/")]
        colophon = z.read("EPUB/colophon.xhtml").decode("utf-8")
    return opf, chapters + [colophon]


def _plain(xhtml: str) -> str:
    xhtml = re.sub(r'<a epub:type="noteref"[^>]*>.*?</a>', "", xhtml)
    return html.unescape(re.sub(r"<[^>]+>", "", xhtml)).replace("\u2005", "")


def _titles(chapters: list[str]) -> list[str]:
    return [_plain(m.group(1)) for c in chapters[:-1] if (m := re.search(r"<h1>(.*?)</h1>", c))]


def _checked(report, editions_formats):
    assert report["passed"] is True
    made = {(o["edition"], o["format"]): o for o in report["outputs"]}
    assert set(made) == editions_formats
    for (edition, fmt), output in made.items():
        if fmt == "epub":
            assert output["check"] == "EPUBCheck: 0 errors, 0 warnings", edition
    assert all(a["passed"] and a["findings"] == [] and a["sentences_checked"] > 0 for a in report["audits"])


# --- nora: Chinese first ---------------------------------------------------------

NORA = "what-happens-after-nora-leaves"


def test_nora_builds_every_output_and_passes_its_checks(nora):
    _, report = nora
    _checked(report, {("zh-Hans", "epub"), ("zh-Hans", "pdf"), ("zh-Hant", "epub"), ("en", "epub"), ("en", "pdf")})


@pytest.mark.parametrize("edition, authors", [("zh-Hant", ["魯迅", "Hexo", "Jekyll"]),
                                              ("en", ["Lu Xun", "Hexo", "Jekyll"])])
def test_nora_s_authors_are_written_as_each_edition_s_language_writes_them(nora, edition, authors):
    dist, _ = nora
    opf, chapters = _epub(dist, NORA, edition)
    assert re.findall(r"<dc:creator[^>]*>([^<]*)</dc:creator>", opf) == authors
    assert ("、" if edition.startswith("zh") else ", ").join(authors) in _plain(chapters[-1])


def test_nora_s_metadata_takes_the_date_range_s_first_year_and_every_author(nora):
    dist, _ = nora
    opf, chapters = _epub(dist, NORA, "zh-Hans")
    assert re.findall(r"<dc:date>([^<]*)</dc:date>", opf) == ["1923"]
    assert re.findall(r"<dc:creator[^>]*>([^<]*)</dc:creator>", opf) == ["鲁迅", "Hexo", "Jekyll"]
    assert 'id="subtitle"' not in opf                                   # no subtitle given, none made
    colophon = _plain(chapters[-1])
    assert "写作时间" in colophon and "1923–2021" in colophon
    assert "鲁迅、Hexo、Jekyll" in colophon and "鲁迅, Hexo" not in colophon


@pytest.mark.parametrize("edition, titles, opening, closing", [
    ("zh-Hans", ["娜拉走后怎样", "文档", "注释"],
     "——一九二三年十二月二十六日在北京女子高等师范学校文艺会讲", "我这讲演也就此完结了。"),
    ("zh-Hant", ["娜拉走後怎樣", "文檔", "註釋"],
     "——一九二三年十二月二十六日在北京女子高等師範學校文藝會講", "我這講演也就此完結了。"),
    ("en", ["Goodbye, Dear Frank.", "Diversity in Open Source, and Jekyll’s role in it", "Notes"],
     "Over the weekend, the Jekyll core team learned of the passing of one of our own", "Be nice"),
])
def test_nora_s_editions_hold_their_sources_under_their_front_matter_titles(nora, edition, titles, opening,
                                                                         closing):
    dist, _ = nora
    _, chapters = _epub(dist, NORA, edition)
    assert _titles(chapters) == titles
    text = "\n".join(_plain(c) for c in chapters[:-1])
    assert opening in text and closing in text
    # the first section heading of a source stays after the paragraphs that open it
    if edition != "en":
        hexo = _plain(chapters[1])
        assert hexo.index("欢迎使用" if edition == "zh-Hans" else "歡迎使用") < hexo.index("什么是" if edition == "zh-Hans"
                                                                                  else "什麼是")


@pytest.mark.parametrize("edition, anchor, note, absent", [
    ("zh-Hans", "伊孛生是十九世纪后半的瑙威的一个文人", "伊孛生今通译易卜生", "Frank Taillandier died"),
    ("zh-Hant", "伊孛生是十九世紀後半的瑙威的一個文人", "伊孛生今通譯易卜生", "Frank Taillandier died"),
    ("en", "popularly known by his GitHub username @DirtyF", "Frank Taillandier died in September 2021",
     "易卜生"),
])
def test_a_note_of_one_language_is_only_in_its_editions(nora, edition, anchor, note, absent):
    dist, _ = nora
    _, chapters = _epub(dist, NORA, edition)
    whole = "\n".join(chapters)
    calls = re.findall(re.escape(anchor) + r'<a epub:type="noteref"[^>]*>(\d+)</a>', whole)
    assert calls == ["1"]
    notes = re.findall(r'<li epub:type="endnote"[^>]*>(.*?)</li>', whole, re.S)
    assert len(notes) == 1 and note in _plain(notes[0])
    assert absent not in _plain(whole)


def test_nora_s_glossary_overrides_opencc_where_it_misreads_lu_xun(nora):
    dist, _ = nora
    text = "\n".join(_plain(c) for c in _epub(dist, NORA, "zh-Hant")[1])
    assert "還有一個中國人" in text and "箇中" not in text
    assert "一出籠門" in text and "一齣" not in text
    assert "或者去生發" in text and "生髮" not in text
    assert "背著咒詛" in text and "揹著" not in text


# --- nowhere: English first --------------------------------------------------------

NOWHERE = "news-from-nowhere-and-elsewhere"


def test_nowhere_builds_every_output_and_passes_its_checks(nowhere):
    _, report = nowhere
    _checked(report, {("en", "epub"), ("en", "pdf"), ("en", "booklet-a4")})


def test_nowhere_reads_in_its_contents_order_with_all_its_notes(nowhere):
    dist, _ = nowhere
    opf, chapters = _epub(dist, NOWHERE, "en")
    assert _titles(chapters) == ["NEWS FROM NOWHERE", "CHAPTER I: DISCUSSION AND BED", "CHAPTER II: A MORNING BATH",
                                 "A Library of Anarchism", "What we do", "Notes"]
    assert re.findall(r"<dc:date>([^<]*)</dc:date>", opf) == ["1890"]
    assert len(re.findall(r"<dc:creator", opf)) == 3
    whole = "\n".join(chapters)
    # the editors' note first, then the wiki page's 47 notes, numbered in the order of their calls
    notes = re.findall(r'<li epub:type="endnote"[^>]*>(.*?)</li>', whole, re.S)
    assert len(notes) == 48 and "Socialist League" in _plain(notes[0])
    assert "The Anarchist Library talk at 2020 London Anarchist Bookfair" in _plain(notes[1])
    text = _plain(whole)
    assert "public meetings and after-lecture debates" in text        # the hard hyphen kept, no space
    assert re.search(r"<em>TENTH IMPRESSION</em>", whole)               # _italics_ as emphasis
    assert "_" not in _plain(chapters[0])


def test_nowhere_leaves_out_the_gutenberg_frame_and_the_site_and_says_so(nowhere):
    dist, report = nowhere
    text = "\n".join(_plain(c) for c in _epub(dist, NOWHERE, "en")[1][:-1])
    for gone in ("Project Gutenberg", "Release Date", "START OF THE PROJECT", "Produced by", "David Price",
                 "FULL LICENSE"):
        assert gone not in text, gone
    rules = {(r["source"], r["rule"]) for r in report["removals"]}
    assert ("nowhere", "gutenberg-frame") in rules and ("cc", "wordpress-chrome") in rules
    frame = [r for r in report["removals"] if r["rule"] == "gutenberg-frame"]
    assert frame[0]["first_line"] == 1 and any("END OF THE PROJECT GUTENBERG" in r["text"] for r in frame)
