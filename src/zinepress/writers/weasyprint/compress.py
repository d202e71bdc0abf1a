"""Adjacent Chinese punctuation at half width in the print edition, inside WeasyPrint's layouts.

The EPUB wraps each mark to be halved in a span whose style turns on the
font's `halt` feature (text/punctuation.py says which marks,
styles/zh.css how). In print that span would cut the mark out of its text
into a text box of its own, and Pango shapes a box holding only punctuation
(script Common) without the regional forms of the `locl` feature: the
zh-Hans colon and question mark would come out in their Japanese, centred
forms. So print turns `halt` on for exactly those marks inside the text they
stand in: for elements whose style sets ``--zinepress-punctuation: compress``,
each Pango layout WeasyPrint makes gets a font-features attribute over the
bytes of each mark to halve, in line breaking and in drawing alike. The
locale of the rules is the element's language (punctuation_style).

It replaces WeasyPrint's ``Layout.set_text`` for the duration of one layout
(``punctuation_compression``), and touches nothing else.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import Layout

from zinepress.text.punctuation import PUNCTUATION, half_width_marks, punctuation_style
from zinepress.writers.weasyprint.hooks import check_compress_hooks

check_compress_hooks()          # at import: what this module replaces is as it expects

PROPERTY = "__zinepress_punctuation"   # --zinepress-punctuation, as WeasyPrint keys custom properties
COMPRESS = "compress"
_HALT = b"halt 1"
_PAIR = re.compile(f"[{PUNCTUATION}]{{2}}")

_lock = threading.Lock()
_original_set_text = Layout.set_text


def _compresses(style) -> bool:
    try:
        value = style[PROPERTY]
    except (KeyError, TypeError):
        return False
    if isinstance(value, str):
        return value.strip() == COMPRESS
    return "".join(getattr(token, "value", "") or "" for token in value or ()).strip() == COMPRESS


def set_text(self: Layout, text: str, justify: bool = False) -> None:
    """WeasyPrint's Layout.set_text, then `halt` on the marks clreq halves."""
    _original_set_text(self, text, justify)
    text = self.text                       # set_text may keep only the first line of text
    if not text or not _PAIR.search(text) or not _compresses(self.style):
        return
    marks = half_width_marks(text, punctuation_style(self.style["lang"] or ""))
    if not marks:
        return
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    starts = _byte_offsets(text)
    for at in sorted(marks):
        attribute = pango.pango_attr_font_features_new(_HALT)
        attribute.start_index, attribute.end_index = starts[at], starts[at + 1]
        pango.pango_attr_list_insert(attributes, attribute)
    pango.pango_layout_set_attributes(self.layout, attributes)


def _byte_offsets(text: str) -> list[int]:
    """The UTF-8 byte offset of each character of text, and of its end."""
    offsets, at = [0], 0
    for char in text:
        at += len(char.encode())
        offsets.append(at)
    return offsets


@contextmanager
def punctuation_compression() -> Iterator[None]:
    """Set adjacent Chinese marks at half width where the styles ask, within the block."""
    with _lock:
        Layout.set_text = set_text
        try:
            yield
        finally:
            Layout.set_text = _original_set_text
