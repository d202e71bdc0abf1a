"""`zinepress sources` and `zinepress inspect`: the real command line, on the real
book and on a tiny made-up one (two kinds, a kind declared wrong, a GBK file, a
stray file in seeds/)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from zinepress.bookfiles.config import load_book
from zinepress.pipeline import read_sources
from zinepress.walk import iter_blocks

ROOT = Path(__file__).resolve().parents[1]


def zinepress(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zinepress", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def rows(output: str) -> dict[str, list[str]]:
    """The table's rows by their first cell."""
    return {line.split()[0]: line.split() for line in output.splitlines() if line.strip()}


@pytest.fixture(scope="module")
def real_sources() -> str:
    result = zinepress("sources")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_sources_of_the_real_book(real_sources):
    table = rows(real_sources)
    assert table["id"] == ["id", "file", "kind", "guessed", "size", "encoding", "lines", "blocks",
                           "cleaned", "removals"]
    # declared kind and guessed kind agree: markdown, wordpress, plaintext, pdftext, plaintext
    for ident, kind in {"000": "markdown", "001": "wordpress", "002": "plaintext", "003": "pdftext",
                        "004": "plaintext"}.items():
        assert table[ident][2:4] == [kind, kind], table[ident]
        assert table[ident][6] == "utf-8"
    assert "≠" not in real_sources
    config = load_book(ROOT / "book")
    raw = read_sources(config, list(config.sources))
    for ident, cfg in config.sources.items():
        data = cfg.file.read_bytes()
        row = table[ident]
        assert row[1] == f"seeds/{cfg.file.name}"
        assert row[4:6] == [f"{len(data) / 1024:.1f}", "KiB"]
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        assert int(row[7]) == lines                                  # 003 ends without a line break
        assert int(row[8]) == sum(1 for _ in iter_blocks(raw[ident].blocks))
    assert table["001"][7:] == ["1465", "284", "224", "47"]   # the ⚪️ paragraph (emoji), the "……" item (empty-list-items)
    assert table["003"][7:] == ["464", "249", "213", "5"]   # the Links paragraph set one address a line
    assert "not in book.toml" not in real_sources                  # every seed is a source


def test_inspect_001_shows_removals_and_edits_with_line_ranges():
    result = zinepress("inspect", "001")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("001  seeds/001_f0e4b6a2af196274.txt  (wordpress, zh-Hans, 1465 lines)\n")
    assert "284 blocks read, 224 after cleaning; 47 removals, 23 edits" in out   # lazy-load 18, stray-emphasis 3, emoji 2
    # the post's meta line, dropped as site chrome, with its line range and what was inside it
    meta = re.search(r"^\s+(\d+)  17–63\s+div\.entry-meta .*\[removed by wordpress-chrome\]$", out, re.M)
    assert meta, out
    assert re.search(rf"^\s+\d+  18–22\s+para\s+Gabriel Fornard .*\[removed with #{meta.group(1)}\]$", out, re.M)
    # a figure whose picture is not in the sources: removed, and its lazy-load attributes edited
    assert re.search(r"^\s+\d+  83–88\s+figure\s+\[picture .*\[removed by missing-figure; "
                     r"part removed by noscript-duplicates; edited by lazy-load\]$", out, re.M), out
    assert re.search(r"^\s+\d+  90\s+para\s+在街头战斗的人究竟是谁？$", out, re.M)   # untouched
    summary = out.split("\nby rule:\n")[1]
    assert re.search(r"^  wordpress-chrome\s+8 removals in \d+ blocks — drops the site", summary, re.M)
    assert re.search(r"^  lazy-load\s+18 edits in 18 blocks", summary, re.M)
    assert re.search(r"^  missing-figure\s+18 removals in 18 blocks", summary, re.M)
    assert "at no block as read" not in summary


def test_inspect_by_file_and_all():
    result = zinepress("inspect", "seeds/000_b69d0bd8fb471367.txt", "--all")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("000  seeds/000_b69d0bd8fb471367.txt  (markdown, zh-Hans, 276 lines)")
    assert re.search(r"^\s+\d+  25\s+para\s+请打开您的视野.*\[removed by repeated-paragraph\]$", out, re.M)
    assert "✗ repeated-paragraph: repeats what 000:12 already says" in out
    # the full text of a long paragraph, past the preview's cut
    assert "│ 这场起义对中国的异议人士和反抗者来说非常重要" in out and "分析中国经济情势的文章。" in out
    assert re.search(r"\[edited by editors-notes\]$", out, re.M)


def test_inspect_unknown_source_lists_the_ids():
    result = zinepress("inspect", "009")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "no source '009' in book.toml" in result.stderr
    assert "hint: sources: 000, 001, 002, 003, 004" in result.stderr


def test_help_has_examples():
    for command in ("sources", "inspect"):
        result = zinepress(command, "--help")
        assert result.returncode == 0 and f"example: zinepress {command}" in result.stdout


# --- a tiny book -------------------------------------------------------------

BOOK_TOML = """\
[book]
title = "Tiny"
author = "Nobody"
date = "2024"

[[source]]
id = "a"
file = "seeds/a.md"
kind = "markdown"
lang = "en"
description = "Markdown with front matter"

[[source]]
id = "b"
file = "seeds/b.html"
kind = "wordpress"
lang = "en"
description = "a WordPress export"

[[source]]
id = "c"
file = "seeds/c.txt"
kind = "plaintext"
lang = "en"
description = "Markdown, declared as plain text"

[[source]]
id = "g"
file = "seeds/g.txt"
kind = "plaintext"
lang = "zh-Hans"
description = "GBK, not UTF-8"

[[edition]]
name = "en"
lang = "en"
sources = ["a", "b", "c"]
formats = ["epub"]
"""

MARKDOWN = "---\ntitle: A\n---\n# A title\n\nFirst paragraph.\n\nSecond paragraph.\n"
WORDPRESS = ('---\ntitle: B\n---\n<div class="entry-content">\n<h2>A heading</h2>\n<p>Some text.</p>\n'
             '<div class="sharedaddy sd-sharing-enabled"><p>Share this:</p></div>\n</div>\n')
MD_AS_TEXT = "# Not plain\n\nA [link](https://example.org) and **bold** words.\n"
PDF_EXTRACT = ("Contents\n\nOne\t5\nTwo\t9\n\nSome text with a note call¹ here.\n\n12\n\n"
               "More text.\n\n13\n\n¹ The note.")


@pytest.fixture()
def tiny(tmp_path) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.md").write_text(MARKDOWN, encoding="utf-8")
    (seeds / "b.html").write_text(WORDPRESS, encoding="utf-8")
    (seeds / "c.txt").write_text(MD_AS_TEXT, encoding="utf-8")
    (seeds / "g.txt").write_bytes("哈萨克斯坦的起义。\n\n人民上街抗议燃料价格。\n".encode("gbk"))
    (seeds / "stray.txt").write_text(PDF_EXTRACT, encoding="utf-8")
    return tmp_path


def test_sources_of_a_tiny_book(tiny):
    result = zinepress("sources", cwd=tiny)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    table = rows(out)
    assert table["a"][1:4] == ["seeds/a.md", "markdown", "markdown"]
    assert table["a"][7:] == ["8", "3", "3", "0"]
    assert table["b"][2:4] == ["wordpress", "wordpress"]
    assert table["b"][4:6] == [str(len(WORDPRESS.encode())), "B"]
    assert table["b"][-1] == "1"                                   # the share buttons
    assert table["c"][2:5] == ["plaintext", "≠", "markdown"]
    assert "c: declared plaintext, but it looks like markdown (1 headings, 1 links, 1 bold)" in out
    assert table["g"][6] == "GBK" and table["g"][8:] == ["-", "-", "-"]
    assert re.search(r"^  g: not read: .*seeds/g\.txt:1: not UTF-8 .* it looks like GBK", out, re.M)
    stray = out.split("not in book.toml: add a [[source]] for each file the book uses\n")[1]
    line = next(line for line in stray.splitlines() if "seeds/stray.txt" in line)
    assert line.split()[1:6] == ["pdftext", str(len(PDF_EXTRACT.encode())), "B", "utf-8", "14"]
    assert "page-number lines" in line and "superscript note digits" in line
    assert not any(name in stray for name in ("a.md", "b.html", "c.txt", "g.txt"))


def test_inspect_on_a_tiny_book(tiny):
    result = zinepress("inspect", "b", cwd=tiny)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\s+\d+  7–8\s+div\.sharedaddy\.sd-sharing-enabled\s+\(1 block\)  "
                     r"\[removed by wordpress-chrome\]$", result.stdout, re.M), result.stdout
    result = zinepress("inspect", "seeds/stray.txt", cwd=tiny)
    assert result.returncode == 2
    assert "not in book.toml: add a [[source]] for it" in result.stderr
    result = zinepress("inspect", "g", cwd=tiny)
    assert result.returncode == 2 and "it looks like GBK" in result.stderr and "Traceback" not in result.stderr


def test_no_book_toml(tmp_path):
    for command in (["sources"], ["inspect", "000"]):
        result = zinepress(*command, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "book.toml: file not found" in result.stderr and "--book DIR" in result.stderr
        assert "Traceback" not in result.stderr
