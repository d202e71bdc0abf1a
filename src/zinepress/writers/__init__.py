"""Writers: format name -> function that writes an Edition to a file.

Each writer reads the book model, the templates and the styles; none of them
cleans or reorders text. The booklets (writers/booklet.py, formats
booklet-a4 and booklet-letter) are imposed from the A5 PDF, not written
from the model, so they are not in this registry.

The writers are imported when first asked for: importing WeasyPrint takes a
second, and a build with nothing to make (everything cached) needs none of it.
"""

from __future__ import annotations

from importlib import import_module

_LAZY = {"write_epub": ".epub", "write_pdf": ".pdf"}

__all__ = ["WRITERS", "write_epub", "write_pdf"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    if name == "WRITERS":
        return {"epub": __getattr__("write_epub"), "pdf": __getattr__("write_pdf")}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
