"""The cache's one promise, as a property: it never changes a result.

For an input file of a book (a source, a file of book/, a template, a
stylesheet), edit it, then build twice: with the build cache (warm from the
builds before) and with --no-cache. Both must end with the same exit status,
the same first line of their message when they fail, and the same bytes in
every output. Used by tests/test_cache_property.py (a sample) and by
`scripts/bench --cache-check` (every input file of both books).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZINEPRESS = [sys.executable, "-m", "zinepress"]
EPOCH = "1700000000"


@dataclass(frozen=True)
class Result:
    """What a build gave: its exit status, its message's first line, its outputs' hashes."""

    status: int
    message: str
    outputs: tuple[tuple[str, str], ...]


def make_project(book: Path, into: Path) -> Path:
    """A copy of a book's folder, its sources, and the repository's templates and styles
    as the book's own (so that editing them touches nothing of the repository)."""
    project = into / "project"
    shutil.copytree(book, project / "book")
    config = tomllib.loads((book / "book.toml").read_text(encoding="utf-8"))
    for source in config.get("source", []):       # 'file' is relative to the folder holding book/
        target = project / source["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(book.parent / source["file"], target)
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copytree(ROOT / "styles", project / "styles")
    return project


def input_files(project: Path) -> list[Path]:
    """Every file the book's build may read: sources, book/, templates, styles."""
    config = tomllib.loads((project / "book" / "book.toml").read_text(encoding="utf-8"))
    sources = [(project / source["file"]).resolve() for source in config.get("source", [])]
    others = [p for folder in ("book", "templates", "styles") for p in sorted((project / folder).rglob("*"))
              if p.is_file()]
    return sources + others


def build(project: Path, out: Path, cache: Path | None, *options: str) -> Result:
    """`zinepress build` of project into out, with cache (None: --no-cache)."""
    shutil.rmtree(out, ignore_errors=True)
    caching = ["--cache", str(cache)] if cache else ["--no-cache"]
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([*ZINEPRESS, "build", "--book", str(project / "book"), "--out", str(out),
                           *caching, *options], capture_output=True, text=True, env=env, check=False,
                          cwd=project)
    message = next((line for line in done.stderr.splitlines() if line.startswith("zinepress:")), "")
    outputs = tuple(sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest())
                           for p in out.glob("*") if p.suffix in (".epub", ".pdf"))) if out.is_dir() else ()
    message = message.replace(str(out), "OUT").replace(str(project), "PROJECT")
    return Result(done.returncode, message, outputs)


def edit(path: Path) -> str:
    """Change one letter of path near its middle (a word of a sentence, a key, a value,
    a property): return what was changed, to name the case."""
    text = path.read_text(encoding="utf-8")
    middle = len(text) // 2
    for index in list(range(middle, len(text))) + list(range(0, middle)):
        char = text[index]
        if char.isalpha():
            new = _other_letter(char)
            path.write_text(text[:index] + new + text[index + 1:], encoding="utf-8")
            line = text[:index].count("\n") + 1
            return f"{path.name}:{line}: {char!r} -> {new!r}"
    path.write_text(text + "\n", encoding="utf-8")
    return f"{path.name}: a newline added"


def _other_letter(char: str) -> str:
    if "a" <= char <= "y" or "A" <= char <= "Y":
        return chr(ord(char) + 1)
    if char in "zZ":
        return chr(ord(char) - 25)
    if "\u4e00" <= char <= "\u9fff":
        return "国" if char != "国" else "家"
    return "x"


def check_file(project: Path, path: Path, work: Path, cache: Path, *options: str) -> tuple[str, Result, Result]:
    """Edit path, build cached and uncached, put path back: (the edit, cached, uncached)."""
    original = path.read_bytes()
    try:
        change = edit(path)
        cached = build(project, work / "cached", cache, *options)
        fresh = build(project, work / "fresh", None, *options)
    finally:
        path.write_bytes(original)
    return change, cached, fresh
