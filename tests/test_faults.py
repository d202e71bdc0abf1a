"""Faults of the machine and of the person at it, through the real command line:
Ctrl-C in the middle of a build, a font that is not installed. Each leaves dist/
exactly as it was, and says what happened without a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.e2e          # builds whole books with the real command line

OLD_EPUB = b"the previous good build's EPUB"
OLD_REPORT = b'{"previous": true}\n'


def _dist_with_a_previous_build(out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True)
    (out / "kazakhstan.en.epub").write_bytes(OLD_EPUB)
    (out / "report.json").write_bytes(OLD_REPORT)
    return {p.name: p.read_bytes() for p in out.iterdir()}


def _as_it_was(out: Path, before: dict[str, bytes]) -> None:
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def _group_is_gone(group: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_ctrl_c_stops_every_process_and_leaves_dist_as_it_was(tmp_path):
    out = tmp_path / "dist"
    before = _dist_with_a_previous_build(out)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    # A terminal sends Ctrl-C to the whole foreground group: the build, its workers, Java.
    build = subprocess.Popen([sys.executable, "-m", "zinepress", "build", "--book", ROOT / "book",
                              "--out", out, "--no-cache"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True, env=dict(os.environ, TMPDIR=str(temporary)))
    deadline = time.monotonic() + 60
    while not (out / ".staging").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(3)                       # well into laying out the PDFs
    os.killpg(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert _group_is_gone(build.pid), "a worker or the JVM outlived the build"
    _as_it_was(out, before)
    assert sorted(p.name for p in temporary.iterdir()) == []      # nothing a stopped worker wrote


def test_a_font_that_is_not_installed_is_named_with_its_package(tmp_path):
    out = tmp_path / "dist"
    before = _dist_with_a_previous_build(out)
    fonts = tmp_path / "fonts.conf"         # fontconfig that knows no font at all
    fonts.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                     f'<fontconfig><cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>\n',
                     encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts))
    result = subprocess.run([sys.executable, "-m", "zinepress", "build", "--book", ROOT / "book",
                             "--edition", "en", "--format", "pdf", "--out", out, "--no-cache"],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 2, result.stderr
    assert "is not installed" in result.stderr and "apt-get install fonts-noto" in result.stderr
    assert "Traceback" not in result.stderr
    _as_it_was(out, before)


def test_epubcheck_finding_errors_fails_the_build_and_keeps_the_epub_out(tmp_path):
    """A source with a malformed link: EPUBCheck says RSC-020 with the place in the EPUB;
    exit 2; the old EPUB stays; the new report says why."""
    (tmp_path / "book").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "book/book.toml").write_text(
        '[book]\ntitle = "Checks"\nauthor = "A"\ndate = "2024"\n\n[[source]]\nid = "s"\n'
        'file = "seeds/s.md"\nkind = "markdown"\nlang = "en"\ndescription = "d"\n\n'
        '[[edition]]\nname = "en"\nlang = "en"\nsources = ["s"]\nformats = ["epub"]\n', encoding="utf-8")
    (tmp_path / "seeds/s.md").write_text("# T\n\nA [broken link](http://[bad) in the text.\n",
                                         encoding="utf-8")
    out = tmp_path / "dist"
    out.mkdir()
    (out / "checks.en.epub").write_bytes(OLD_EPUB)
    result = subprocess.run([sys.executable, "-m", "zinepress", "build", "--book", tmp_path / "book",
                             "--out", out, "--no-cache"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "EPUBCheck found 1 problems" in result.stderr and "RSC-020" in result.stderr
    assert ".en.epub/EPUB/text/" in result.stderr and "hint:" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "checks.en.epub").read_bytes() == OLD_EPUB
    assert sorted(p.name for p in out.iterdir()) == ["checks.en.epub", "report.html", "report.json"]


def test_a_build_leaves_nothing_in_the_temporary_folder(tmp_path):
    """WeasyPrint copies every @font-face font into a folder of its own (a Noto CJK face is
    some 20 MB) and removes it only when its font configuration is collected, which a
    worker process never does: the writers remove it (writers/weasyprint/fonts.py), or
    every build would leave tens of MB per PDF and cover in /tmp."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary), SOURCE_DATE_EPOCH="1700000000")
    done = subprocess.run([sys.executable, "-m", "zinepress", "build", "--book", str(ROOT / "tests/books/second/book"),
                           "--out", str(tmp_path / "dist"), "--no-cache", "--no-check", "--edition", "zh-Hans"],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.pdf"))            # PDFs and covers were made
    assert sorted(p.name for p in temporary.iterdir()) == []
