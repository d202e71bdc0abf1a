"""A book's own templates/ (which override the tool's) with a mistake in them: the
build stops with the template's file and line, exit 2, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from zinepress.errors import OutputError
from zinepress.render.html import make_environment
from zinepress.resources import DEFAULT_TEMPLATES

TINY_BOOK = ROOT / "tests" / "bad" / "book-date-unreadable"


def test_a_name_the_writer_does_not_give_is_named_with_its_line(tmp_path):
    (tmp_path / "page.j2").write_text("<p>{{ title }}</p>\n<p>{{ edition.lanh }}</p>\n", encoding="utf-8")
    with pytest.raises(OutputError) as failure:
        make_environment(tmp_path).get_template("page.j2").render(title="T", edition=object())
    assert failure.value.path == str(tmp_path / "page.j2") and failure.value.line == 2
    assert "has no attribute 'lanh'" in str(failure.value)


def test_a_template_that_does_not_parse_is_named_with_its_line(tmp_path):
    (tmp_path / "page.j2").write_text("<p>one</p>\n{% if title %}\n<p>two</p>\n{% endfor %}\n", encoding="utf-8")
    with pytest.raises(OutputError) as failure:
        make_environment(tmp_path).get_template("page.j2")
    assert failure.value.path == str(tmp_path / "page.j2") and failure.value.line == 4
    assert "does not parse" in str(failure.value)


def test_a_book_s_broken_template_stops_its_build_with_file_and_line(tmp_path):
    book = tmp_path / "tiny"
    shutil.copytree(TINY_BOOK, book)
    toml = book / "book" / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("spring 2022", "2022"), encoding="utf-8")
    shutil.copytree(DEFAULT_TEMPLATES, book / "templates")
    colophon = book / "templates" / "colophon.xhtml.j2"
    lines = colophon.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "edition.lang" in line)
    lines[at] = lines[at].replace("edition.lang", "edition.lanh", 1)
    colophon.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "zinepress", "build", "--book", "book", "--out", "dist",
                             "--no-cache", "--no-check"], cwd=book, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert f"templates/colophon.xhtml.j2:{at + 1}: the template failed:" in result.stderr
    assert "lanh" in result.stderr and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (book / "dist").exists() or not list((book / "dist").glob("*.epub"))
