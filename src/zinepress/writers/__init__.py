"""Writers: format name -> function that writes an Edition to a file.

Each writer reads the book model, the templates and the styles; none of them
cleans or reorders text.
"""

from __future__ import annotations

from .epub import write_epub
from .pdf import write_pdf

WRITERS = {"epub": write_epub, "pdf": write_pdf}

__all__ = ["WRITERS", "write_epub", "write_pdf"]
