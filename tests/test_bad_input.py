"""Bad input: a build that never lies. Each folder of tests/bad/ is a tiny broken book;
the real command line must fail on it with exit status 2 and one clear message (the
file, the line where there is one, a hint of what to do), no traceback, and leave
the output folder exactly as it was.

tests/bad/<case>/expected.toml: status, message (a regular expression searched for
in stderr) and, optionally, out (the --out to pass; default dist).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "expected.toml").is_file())
OLD_EPUB = b"PK\x03\x04 an EPUB of an earlier build, kept byte for byte"
OLD_REPORT = b'{"book": "an earlier build", "passed": true}\n'


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under root, with the bytes of each file."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def test_there_are_cases():
    assert len(CASES) >= 22


@pytest.mark.parametrize("case", CASES)
def test_bad_book_fails_clearly_and_leaves_dist_alone(case, tmp_path):
    expected = tomllib.loads((BAD / case / "expected.toml").read_text(encoding="utf-8"))
    book = tmp_path / case
    shutil.copytree(BAD / case, book, ignore=shutil.ignore_patterns("expected.toml"))
    dist = book / "dist"
    dist.mkdir()
    (dist / "kazakhstan.old.epub").write_bytes(OLD_EPUB)
    (dist / "report.json").write_bytes(OLD_REPORT)
    before = _tree(book)

    result = subprocess.run([sys.executable, "-m", "zinepress", "build", "--book", "book",
                             "--out", expected.get("out", "dist"), "--no-check", "--no-cache"],
                            cwd=book, capture_output=True, text=True, timeout=120)
    err = result.stderr

    assert result.returncode == expected["status"], err
    assert "Traceback" not in err and "internal error" not in err, err
    assert err.startswith("zinepress: error: ") and err.count("zinepress: error:") == 1, err
    assert re.search(expected["message"], err), f"{expected['message']!r} not in:\n{err}"
    assert re.search(r"^  hint: \S", err, re.M), f"no hint in:\n{err}"
    # the output folder as it was: the old EPUB and report byte for byte, nothing else
    assert sorted(p.name for p in dist.iterdir()) == ["kazakhstan.old.epub", "report.json"]
    assert (dist / "kazakhstan.old.epub").read_bytes() == OLD_EPUB
    assert (dist / "report.json").read_bytes() == OLD_REPORT
    # and nothing else of the book's folder made or changed (no cache, no temporary file)
    assert _tree(book) == before
