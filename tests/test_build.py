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

FORBIDDEN = ["共享此文章", "点击分享到", "正在加载", "赞过", "Tagged", "jetpack", "data-lazy-src", "i0.wp.com"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    status = main(["build", "--book", str(ROOT / "book"), "--edition", "zh-Hans", "--out", str(out)])
    assert status == 0
    return out


@pytest.fixture(scope="module")
def report(dist):
    return json.loads((dist / "report.json").read_text(encoding="utf-8"))


def _epub_text(path):
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                         if n.endswith((".xhtml", ".opf", ".ncx", ".html")))


def test_outputs_written(dist, report):
    names = sorted(p.name for p in dist.iterdir())
    assert names == ["kazakhstan.zh-Hans.epub", "kazakhstan.zh-Hans.pdf", "report.html", "report.json"]
    assert [(o["format"], o["path"]) for o in report["outputs"]] == [
        ("epub", "kazakhstan.zh-Hans.epub"), ("pdf", "kazakhstan.zh-Hans.pdf")]
    assert report["outputs"][1]["pages"] > 10


def test_no_site_chrome_anywhere_in_the_text(dist):
    epub = _epub_text(dist / "kazakhstan.zh-Hans.epub")
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(dist / "kazakhstan.zh-Hans.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    for text in (epub, pdf):
        for junk in FORBIDDEN:
            assert junk not in text
    assert not re.search(r"^\s*Published\s*$", pdf, re.M)
    assert not re.search(r">\s*Published\s*<", epub)
    # and the text itself is there
    assert "然后，互联网被关闭了。" in epub and "干预者可耻" in epub


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
    (audit,) = report["audits"]
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
                   "--no-check", "--out", str(tmp_path)])
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
