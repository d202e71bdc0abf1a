"""A PDF's /ID written without compressing every stream a second time.

The print PDF carries an /ID (writers/pdf.py: pdf_identifier), so that two
builds of an edition give the same bytes. pydyf, the library WeasyPrint writes
PDFs with, computes the ID's second half from the bytes of every object, which
it asks each stream for again after writing it; a stream compresses its data
(zlib, level 9) each time it is asked. For the A5 PDF, with its embedded
Chinese font subsets, that second compression took 0.08 s of a 0.5 s write.

While ``pydyf.PDF.write`` runs (``streams_compressed_once``), each stream's
data is computed once and kept: the same bytes, written and hashed. Nothing is
kept after the write, and nothing outside it sees a difference.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pydyf

from zinepress.writers.weasyprint.hooks import check_identifier_hooks

check_identifier_hooks()        # at import: what this module replaces is as it expects

_lock = threading.Lock()
_original_data = pydyf.Stream.data
_original_write = pydyf.PDF.write


def _write_computing_once(pdf, *args, **kwargs):
    """pydyf.PDF.write, each stream's data computed once for the whole write."""
    kept: dict[int, tuple[pydyf.Stream, bytes]] = {}

    def data(stream: pydyf.Stream) -> bytes:
        hit = kept.get(id(stream))
        if hit is None or hit[0] is not stream:
            hit = kept[id(stream)] = (stream, _original_data.fget(stream))
        return hit[1]

    pydyf.Stream.data = property(data)
    try:
        return _original_write(pdf, *args, **kwargs)
    finally:
        pydyf.Stream.data = _original_data


@contextmanager
def streams_compressed_once() -> Iterator[None]:
    """Within the block, pydyf compresses each stream of a PDF it writes once."""
    with _lock:
        pydyf.PDF.write = _write_computing_once
        try:
            yield
        finally:
            pydyf.PDF.write = _original_write
