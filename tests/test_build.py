"""End to end: `zinepress build` on the real book writes the zh-Hans EPUB, PDF and report, clean."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import pytest

from conftest import ROOT
from zinepress import pipeline
from zinepress.cli import main
from zinepress.model import Para
from zinepress.walk import iter_blocks, map_blocks, plain_text

pytestmark = pytest.mark.e2e          # EPUBCheck's JVM, or books built with the real command line

FORBIDDEN = ["共享此文章", "点击分享到", "正在加载", "赞过", "Tagged", "jetpack", "data-lazy-src", "i0.wp.com"]


@pytest.fixture(scope="module")
def dist(release_dist):
    return release_dist


@pytest.fixture(scope="module")
def report(dist):
    return json.loads((dist / "report.json").read_text(encoding="utf-8"))


def _epub_text(path):
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                         if n.endswith((".xhtml", ".opf", ".ncx", ".html")))


EDITIONS = ["zh-Hans", "zh-Hant", "en"]


def test_outputs_written(dist, report):
    names = sorted(p.name for p in dist.iterdir())
    outputs = sorted([f"kazakhstan.{e}.{f}" for e in EDITIONS
                      for f in ("epub", "pdf", "booklet-a4.pdf", "booklet-letter.pdf")]
                     + ["kazakhstan.zh-Hant.vertical.epub"])
    assert names == sorted(outputs + ["report-images", "report.html", "report.json"])
    assert sorted(o["path"] for o in report["outputs"]) == outputs
    assert all(o["pages"] > 30 for o in report["outputs"] if o["format"] == "pdf")
    assert all(o["pages"] > 15 for o in report["outputs"] if o["format"].startswith("booklet-"))
    assert all(o["check"] == "EPUBCheck: 0 errors, 0 warnings" for o in report["outputs"] if o["format"] in ("epub", "epub-vertical"))


def _pdf_text(path):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant"])
def test_no_site_chrome_anywhere_in_the_text(dist, edition):
    epub = _epub_text(dist / f"kazakhstan.{edition}.epub")
    pdf = _pdf_text(dist / f"kazakhstan.{edition}.pdf")
    for text in (epub, pdf):
        for junk in FORBIDDEN:
            assert junk not in text
    assert not re.search(r"^\s*Published\s*$", pdf, re.M)
    assert not re.search(r">\s*Published\s*<", epub)
    # and the text itself is there
    assert ("然后，互联网被关闭了。" in epub and "干预者可耻" in epub) or \
        ("然後，網際網路被關閉了。" in epub or "然後，互聯網被關閉了。" in epub)


def test_report_lists_removals_of_000_and_001_with_rule_and_lines(report):
    removals = report["removals"]
    by_source = {s: [r for r in removals if r["source"] == s] for s in ("000", "001")}
    assert {r["rule"] for r in by_source["000"]} == {"caption-of-missing-picture", "repeated-paragraph"}
    assert {r["rule"] for r in by_source["001"]} >= {"wordpress-chrome", "embedded-tweets", "noscript-duplicates",
                                                      "missing-figure"}
    for removal in removals:
        assert removal["first_line"] >= 1 and removal["last_line"] >= removal["first_line"]
    assert any(r["first_line"] == 87 and r["rule"] == "caption-of-missing-picture" for r in by_source["000"])


def test_audit_passed(report):
    assert [a["output"] for a in report["audits"]] == [
        "kazakhstan.zh-Hans.epub", "kazakhstan.zh-Hant.epub", "kazakhstan.zh-Hant.vertical.epub",
        "kazakhstan.en.epub"]
    for audit in report["audits"]:
        assert audit["passed"] and audit["findings"] == [] and audit["sentences_checked"] > 700


def test_report_html_is_readable(dist):
    html = (dist / "report.html").read_text(encoding="utf-8")
    assert "Audit passed" in html and "wordpress-chrome" in html and "000:87" in html


def test_lost_paragraph_fails_the_build_and_names_its_line(tmp_path, monkeypatch, capsys):
    """A bug that loses a paragraph after cleaning: exit 2, the line named, no book in place."""
    real_assemble = pipeline.assemble

    def losing_assemble(config, edition, cleaned):
        result = real_assemble(config, edition, cleaned)
        victim = next(b for c in result.chapters for b in iter_blocks(c.blocks)
                      if isinstance(b, Para) and plain_text(b.inlines).startswith("这就是常态。"))
        for chapter in result.chapters:
            chapter.blocks = map_blocks(chapter.blocks, lambda b: [] if b is victim else [b])
        return result

    monkeypatch.setattr(pipeline, "assemble", losing_assemble)
    status = main(["build", "--book", str(ROOT / "book"), "--edition", "zh-Hans", "--format", "epub",
                   "--no-check", "--no-cache", "--out", str(tmp_path)])
    assert status == 2
    err = capsys.readouterr().err
    assert "audit failed" in err and "000:21: sentence missing" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json"]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert not report["passed"]
    assert {(f["source"], f["line"]) for f in report["audits"][0]["findings"]} == {("000", 21)}


def test_bad_book_toml_exit_2_names_file_and_line(tmp_path, capsys):
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text('[book]\ntitle = "T"\nauthor = "A"\ndate = "2022"\ncolour = "red"\n',
                                    encoding="utf-8")
    status = main(["build", "--book", str(book), "--out", str(tmp_path / "dist")])
    assert status == 2
    err = capsys.readouterr().err
    assert f"{book / 'book.toml'}:5: unknown key 'colour'" in err and "Traceback" not in err
    assert not (tmp_path / "dist").exists()


def test_report_command(dist, capsys):
    assert main(["report", "--out", str(dist)]) == 0
    out = capsys.readouterr().out
    assert "kazakhstan.zh-Hans.epub" in out and "passed" in out and "removed by wordpress-chrome" in out


def test_sources_no_edition_reads_are_reported_with_their_unused_passages(report, dist):
    by_id = {s["ident"]: s for s in report["sources"]}
    assert by_id["002"]["editions"] == [] and "note" in by_id["002"]["use"]
    unused = by_id["002"]["unused"]
    assert [u["lines"] for u in unused] == ["4", "154-241"]
    assert unused[0]["text"].startswith("采访:阿拉木图(Almaty)") and unused[1]["text"].startswith("为了更深入地了解")
    assert all(u["reason"] for u in by_id["002"]["unused"])
    assert "Passages no edition uses" in (dist / "report.html").read_text(encoding="utf-8")


def _spine_texts(path):
    """(file name, text) of each chapter document of an EPUB, in spine order."""
    out = []
    with zipfile.ZipFile(path) as archive:
        opf = archive.read("EPUB/content.opf").decode("utf-8")
        for href in re.findall(r'<item [^>]*href="(text/[^"]+)"', opf):
            out.append((href, archive.read(f"EPUB/{href}").decode("utf-8")))
    return out


def _toc(path):
    with zipfile.ZipFile(path) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode("utf-8")
    toc = nav.split('epub:type="landmarks"')[0]
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<a href=\"text/[^\"]+\">(.*?)</a>", toc, re.S)]


def test_contents_of_each_edition(dist):
    en = _toc(dist / "kazakhstan.en.epub")
    assert en == ["I. The Uprising in Kazakhstan", "The Background of the Uprising",
                  "Conclusion: A View from Russia", "II. Kazakhstan after the Uprising",
                  "The Prison of Nations", "“Wahhabis, Terrorists, Protesters”—Misinformation about the Uprising",
                  "A Spring that Has Been Delayed for Thirty Years",
                  "From Zhanaozen to Almaty: Remembering the Dead",
                  "Interview: Eyewitness Testimony from Anarchists in Almaty", "Links:", "Further Reading", "Notes"]
    zh = _toc(dist / "kazakhstan.zh-Hans.epub")
    assert len(zh) == 13 and zh[1:3] == ["这场起义的背景", "总结：来自俄罗斯的观点"]
    assert zh[-2:] == ["延伸阅读", "注释"] and "白俄罗斯无政府主义者的视角" in zh[9]
    hant = _toc(dist / "kazakhstan.zh-Hant.epub")
    assert hant[1:3] == ["這場起義的背景", "總結：來自俄羅斯的觀點"] and hant[-2:] == ["延伸閱讀", "註釋"]


def test_english_edition_reads_as_one_text(dist):
    chapters = dict(_spine_texts(dist / "kazakhstan.en.epub"))
    body = "\n".join(t for name, t in chapters.items() if name != "text/notes.xhtml")
    for broken in ("apart ment", "apartThe", "replac-", "every one for half", "everyIt", "¹", "²", "³", "⁴"):
        assert broken not in body
    assert "police came to his apartment; now he is missing." in body
    assert "I called everyone for half a day" in body
    assert not re.search(r"<p>\s*\d+\s*</p>", body)          # no page number left as a paragraph
    part_one = chapters["text/part-1.xhtml"]
    assert re.search(r"<h1>I\. The Uprising in Kazakhstan</h1>\s*(<span epub:type=\"pagebreak\"[^>]*></span>\s*)?"
                     r"<p>A full-scale uprising has broken out", part_one)
    notes = chapters["text/notes.xhtml"]
    assert "and replacing him with an official from Russia." in notes


NOTE_ANCHORS = {
    "en": ["carrying out a massacre,", "for years,", "in 2019.", "robbers.”"],
    "zh-Hans": ["进行了一场大屠杀", "多年来一直参与该市的女权主义组织", "在城市马拉松上进行的横幅行动后开始的", "试图阻止“强盗”"],
    "zh-Hant": ["進行了一場大屠殺", "多年來一直參與該市的女權主義組織", "在城市馬拉松上進行的橫幅行動後開始的", "試圖阻止「強盜」"],
}


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_four_notes_are_called_right_after_their_anchors(dist, edition):
    text = "".join(t for _, t in _spine_texts(dist / f"kazakhstan.{edition}.epub"))
    calls = [re.sub(r"<[^>]+>", "", m.group(1))
             for m in re.finditer(r"((?:[^<]|<(?!a epub:type=\"noteref\")[^>]*>){0,80})<a epub:type=\"noteref\"", text)]
    for anchor in NOTE_ANCHORS[edition]:
        assert sum(c.endswith(anchor) for c in calls) == 1, anchor
    notes = re.findall(r'<li epub:type="endnote"', text)
    editors = re.findall(r'class="editors-note-mark">(.*?)</span>', text)
    if edition == "en":
        assert len(notes) == 4 and editors == []
    else:
        assert len(notes) == 6 and len(editors) == 2 and editors[0] in ("编注：", "編注：")


SHUFFLED = """Contents

Part One\t1

Part One

the morning came and every-

We woke late. Then

one went home.

the night fell.
"""


def test_made_up_shuffled_source_with_a_bad_order_fails_the_build(tmp_path, capsys):
    book = tmp_path / "book"
    (book / "order").mkdir(parents=True)
    (tmp_path / "zine.txt").write_text(SHUFFLED, encoding="utf-8")
    (book / "book.toml").write_text(
        '[book]\ntitle = "Z"\nauthor = "A"\ndate = "2022"\n\n[[source]]\nid = "z"\nfile = "zine.txt"\n'
        'kind = "pdftext"\nlang = "en"\ndescription = "a shuffled zine"\n\n[[edition]]\nname = "en"\n'
        'lang = "en"\nsources = ["z"]\nformats = ["epub"]\n', encoding="utf-8")
    good = ('source = "z"\norder = [\n  { join = "heading", match = "Part One" },\n'
            '  { join = "paragraph", match = "We woke late." },\n  { join = "continue", match = "the morning" },\n'
            '  { join = "word", match = "one went home." },\n  { join = "paragraph", match = "the night" },\n]\n')
    (book / "order" / "z.toml").write_text(good, encoding="utf-8")
    assert main(["build", "--book", str(book), "--no-check", "--out", str(tmp_path / "ok")]) == 0
    epub = _epub_text(next((tmp_path / "ok").glob("*.epub")))
    assert "We woke late. Then the morning came and everyone went home." in epub
    capsys.readouterr()

    cases = {
        "missing": good.replace('  { join = "continue", match = "the morning" },\n', ""),
        "unknown": good.replace('match = "the morning"', 'match = "the evening"'),
        "ambiguous": good.replace('match = "We woke late."', 'match = "We woke late."').replace(
            'match = "the morning"', 'match = "the"'),
    }
    expected = {"missing": "not placed by any entry", "unknown": "matches no fragment",
                "ambiguous": "matches 2 fragments"}
    for name, text in cases.items():
        (book / "order" / "z.toml").write_text(text, encoding="utf-8")
        out = tmp_path / name
        assert main(["build", "--book", str(book), "--no-check", "--out", str(out)]) == 2, name
        err = capsys.readouterr().err
        assert "z.toml" in err and expected[name] in err and "Traceback" not in err, (name, err)
        assert not list(out.glob("*.epub")) if out.exists() else True
