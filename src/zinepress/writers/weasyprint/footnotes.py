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

WeasyPrint takes that step in layout.block._linebox_layout only when
``context.in_column`` is false (in columns it never moves a note). For the
duration of one layout (``footnotes_stay_with_calls``), block_container_layout
calls a copy of _linebox_layout whose code reads, for that one question, an
attribute that is always true (STAY): the same function, but for the name of
one attribute read; everything else, inside it and out, sees the real
in_column. _weasyprint_hooks checks at import that all this is still there.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from weasyprint.layout import LayoutContext, block

from zinepress.writers.weasyprint.hooks import check_footnote_hooks

check_footnote_hooks()          # at import: what this module replaces is as it expects

ASKED = "in_column"                         # the question _linebox_layout asks ...
STAY = "zinepress_footnotes_stay"           # ... and the attribute its copy reads instead

_lock = threading.Lock()


def _reading(function: Callable, old: str, new: str) -> Callable:
    """A copy of function whose code reads the attribute new where it read old."""
    code = function.__code__
    code = code.replace(co_names=tuple(new if name == old else name for name in code.co_names))
    copy = types.FunctionType(code, function.__globals__, function.__name__, function.__defaults__,
                              function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    return copy


_original_linebox_layout = block._linebox_layout
_linebox_layout_keeping_notes = _reading(_original_linebox_layout, ASKED, STAY)


@contextmanager
def footnotes_stay_with_calls() -> Iterator[None]:
    """Within the block, WeasyPrint never moves a footnote away from its call's page
    to fit a line of text."""
    with _lock:
        setattr(LayoutContext, STAY, True)      # "don't move a footnote away from its call"
        block._linebox_layout = _linebox_layout_keeping_notes
        try:
            yield
        finally:
            block._linebox_layout = _original_linebox_layout
            delattr(LayoutContext, STAY)
