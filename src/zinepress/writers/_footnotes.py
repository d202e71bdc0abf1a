"""Keep each footnote on the page of its call, where WeasyPrint would move it on.

When a paragraph's second line does not fit at the foot of a page and a page
break after its first line would leave an orphan, WeasyPrint (70) first moves
the page's last footnote to the next page to make room for that line, though
the footnote's call stays behind on this page. The print edition wants every
note at the foot of the page that calls it (and orphans avoided), so this
module turns that one step off: the paragraph then goes to the next page
whole, as orphans: 2 asks, and the note stays with its call. A footnote
that does not fit under its own call's line still moves with that line
(styles/print.css: footnote-policy: line).

WeasyPrint takes that step in layout.block._linebox_layout only when the
layout context is not inside columns; for the duration of one layout
(``footnotes_stay_with_calls``), the context reads as "in columns" to that
function alone, to that one question. Everything else sees the real value.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.layout import LayoutContext, block

_lock = threading.Lock()
_LINEBOX_LAYOUT = block._linebox_layout.__code__


def _get_in_column(context: LayoutContext) -> bool:
    if sys._getframe(1).f_code is _LINEBOX_LAYOUT:
        return True            # "don't move a footnote away from its call to fit a line"
    return context.__dict__.get("in_column", False)


def _set_in_column(context: LayoutContext, value: bool) -> None:
    # The real value, in the instance, where it stays when the property goes.
    context.__dict__["in_column"] = value


@contextmanager
def footnotes_stay_with_calls() -> Iterator[None]:
    """Within the block, WeasyPrint never moves a footnote away from its call's page
    to fit a line of text."""
    with _lock:
        LayoutContext.in_column = property(_get_in_column, _set_in_column)
        try:
            yield
        finally:
            del LayoutContext.in_column
