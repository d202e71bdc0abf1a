"""Removing the folder of fonts WeasyPrint makes for a document, once it is written.

For every @font-face of a document, WeasyPrint copies the font file into a
temporary folder of the document's FontConfiguration (a Noto CJK face is some
20 MB) and removes the folder only when that object is garbage-collected. A
worker process ends without collecting it, so every PDF and cover a build made
left its fonts in /tmp (tens of MB each). The writers call release_fonts when
they are done with a document.
"""

from __future__ import annotations

import shutil

from weasyprint.text.fonts import FontConfiguration

from zinepress.writers.weasyprint.hooks import check_font_folder

check_font_folder()             # at import: WeasyPrint keeps the folder where this expects


def release_fonts(fonts: FontConfiguration | None) -> None:
    """Remove the fonts WeasyPrint copied for a document (nothing when it copied none)."""
    folder = getattr(fonts, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        fonts._folder = None
