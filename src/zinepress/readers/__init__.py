"""Readers: one module per kind of source, each ``read(path, ident, lang) -> Source``."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from zinepress.model import Source

Reader = Callable[[Path, str, str], Source]

# kind (as named in book.toml) -> (module, function)
READERS: dict[str, tuple[str, str]] = {
    "markdown": ("markdown", "read_markdown"),
    "wordpress": ("wordpress", "read_wordpress"),
    "plaintext": ("plaintext", "read_plaintext"),
    "pdftext": ("pdftext", "read_pdftext"),
}


def reader_for(kind: str) -> Reader:
    """The reader function for a kind of source."""
    module, function = READERS[kind]
    return getattr(import_module(f"{__name__}.{module}"), function)
