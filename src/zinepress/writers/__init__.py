"""Writers: format name -> function that writes an Edition to a file.

Each writer reads the book model, the templates and the styles; none of them
cleans or reorders text. The booklets (writers/booklet.py, formats
booklet-a4 and booklet-letter) are imposed from the A5 PDF, not written
from the model, so they are not in this registry.
"""

from __future__ import annotations

from .epub import write_epub
from .pdf import write_pdf

WRITERS = {"epub": write_epub, "pdf": write_pdf}

__all__ = ["WRITERS", "write_epub", "write_pdf"]
