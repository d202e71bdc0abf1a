"""`zinepress new DIR`: a new book folder, an error naming the first source to add,
and a book once it is there — all through the real command line."""

from __future__ import annotations

import pytest

import subprocess
import sys
import zipfile

from zinepress.bookfiles.config import load_book

pytestmark = pytest.mark.e2e          # builds whole books with the real command line

POST = """---
title: Print night at the social centre
date: 2026-11-30
---

We met at seven and the copier was already warm.

By midnight two hundred zines were folded, stapled and stacked by the door.
"""


def _zinepress(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "zinepress", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, check=False)


def test_a_new_book_says_which_source_to_add_then_builds(tmp_path):
    folder = tmp_path / "print-night"
    made = _zinepress("new", folder, "--title", "Print Night")
    assert made.returncode == 0, made.stderr
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == \
        ["README.md", "book", "book/book.toml", "book/order", "seeds"]
    assert "#" in (folder / "book/book.toml").read_text(encoding="utf-8")      # commented
    config = load_book(folder / "book")
    assert config.localized(config.title, "en") == "Print Night"

    first = _zinepress("build", "--no-check", cwd=folder)
    assert first.returncode == 2 and "Traceback" not in first.stderr
    assert "seeds/first.md: source file not found: put source 'first' here" in first.stderr
    assert not (folder / "dist").exists() or not list((folder / "dist").glob("*.epub"))

    (folder / "seeds/first.md").write_text(POST, encoding="utf-8")
    built = _zinepress("build", "--no-check", cwd=folder)
    assert built.returncode == 0, built.stderr
    names = sorted(p.name for p in (folder / "dist").iterdir() if p.suffix in (".epub", ".pdf"))
    assert names == ["print-night.en.booklet-a4.pdf", "print-night.en.booklet-letter.pdf",
                     "print-night.en.epub", "print-night.en.pdf"]
    with zipfile.ZipFile(folder / "dist/print-night.en.epub") as epub:
        text = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "two hundred zines were folded, stapled and stacked" in text


def test_new_will_not_write_into_a_folder_that_holds_something(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = _zinepress("new", tmp_path)
    assert result.returncode == 2
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
