"""Where zinepress finds its templates and stylesheets: package data, found with importlib.resources.

Two kinds, kept apart:

- **The book's** templates and styles (chapter, nav, title page, colophon, cover,
  print HTML; base.css, epub.css, print.css, zh.css ...): what a book's outputs
  are made of. The package carries a default set (``data/book/``: in a source
  checkout, links to the repository's top-level templates/ and styles/, copied
  into the wheel when it is built). A book overrides them with folders of its
  own beside its book/ folder: ``templates/`` and ``styles/``, each taken whole.
- **The tool's own** (``data/report/``, ``data/preview/``, ``data/new/``): the
  build report, the preview page and the files of ``zinepress new``. No book
  can override them and no book output reads them, so editing the report's CSS
  changes no output and no output's cache key.

zinepress is installed as files (not zipped), since Jinja and WeasyPrint read
folders; these are real paths.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from zinepress import deps

DATA = Path(str(files("zinepress").joinpath("data")))

DEFAULT_TEMPLATES = DATA / "book" / "templates"
DEFAULT_STYLES = DATA / "book" / "styles"

REPORT_FILES = DATA / "report"          # report.html.j2, report.css
PREVIEW_FILES = DATA / "preview"        # preview.html.j2, preview-error.html.j2, preview.js, *.css
NEW_BOOK_FILES = DATA / "new"           # book.toml.j2, README.md.j2


def book_templates(root: Path) -> Path:
    """The templates a book's outputs are made with: root/templates (beside its book/
    folder) when the book has one, else the package's."""
    own = Path(root) / "templates"
    return own if deps.folder_exists(own) else DEFAULT_TEMPLATES


def book_styles(root: Path) -> Path:
    """The stylesheets of a book's outputs: root/styles when the book has one, else the
    package's."""
    own = Path(root) / "styles"
    return own if deps.folder_exists(own) else DEFAULT_STYLES


def user_cache_dir() -> Path:
    """zinepress's folder for what is compiled once per machine (the EPUBCheck runner,
    the templates): $ZINEPRESS_CACHE, else zinepress/ in $XDG_CACHE_HOME (~/.cache).
    Like Python's __pycache__: keyed by the sources, safe to delete."""
    if os.environ.get("ZINEPRESS_CACHE"):
        return Path(os.environ["ZINEPRESS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zinepress"
