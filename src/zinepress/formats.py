"""The formats a book can be made in, as book.toml and `--format` name them.

A module of its own, importing nothing, so that the command line can offer
the choices before it forks the build's workers (build/workers.py).
"""

FORMATS = ("epub", "pdf", "booklet-a4", "booklet-letter", "epub-vertical")
# An edition without `formats` gets these (the vertical EPUB, for Chinese, only on request).
DEFAULT_FORMATS = ("epub", "pdf", "booklet-a4", "booklet-letter")
EPUB_FORMATS = ("epub", "epub-vertical")
BOOKLET_FORMATS = ("booklet-a4", "booklet-letter")
