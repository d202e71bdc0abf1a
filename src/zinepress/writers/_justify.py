"""Inter-character justification for WeasyPrint, which justifies only by stretching spaces.

Chinese text is set on a character grid (styles/print.css: the measure is a
whole number of characters), so a line of Han text fills the measure by
itself, and a line holding Latin words or digits (with the gaps around them)
justifies by its spaces. Two kinds of lines are left: a line Pango made one
character short because a closing mark (。，、) may not start the next line or
an opening one (（「) may not end this one, and a line whose few spaces would
have to grow too wide. For elements whose style sets the custom property
``--zinepress-justify: inter-character``, such a line gets its spaces
stretched by at most MAX_SPACE_STRETCH and the rest of the missing width
spread evenly between its characters (CSS Text 3's ``text-justify:
inter-character``, which WeasyPrint does not know). Lines whose spaces can
take the width alone are left to WeasyPrint.

The styles decide where it applies; this module only does it. It hooks
WeasyPrint's ``justify_line`` for the duration of one layout
(``inter_character_justification``), and touches nothing else.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import FROM_UNITS, ffi, pango
from weasyprint.text.line_break import create_layout

from ._weasyprint_hooks import check_justify_hooks

check_justify_hooks()           # at import: what this module replaces is as it expects

PROPERTY = "__zinepress_justify"   # --zinepress-justify, as WeasyPrint keys custom properties
INTER_CHARACTER = "inter-character"

_lock = threading.Lock()


def _mode(box: boxes.Box) -> str:
    """The value of --zinepress-justify on a box ("" when not set)."""
    try:
        value = box.style[PROPERTY]
    except (KeyError, TypeError):
        return ""
    if not value or isinstance(value, str):
        return value or ""
    return "".join(getattr(token, "value", "") or "" for token in value).strip()


def _graphemes(text: str) -> int:
    """How many characters a reader sees in text (marks and selectors join the one before)."""
    return sum(1 for c in text
               if not unicodedata.combining(c) and not "\ufe00" <= c <= "\ufe0f" and c != "\u200d")


def _width(layout) -> float:
    """The width Pango gives the first line of a layout."""
    line, _ = layout.get_first_line()
    extents = ffi.new("PangoRectangle *")
    pango.pango_layout_line_get_extents(line, ffi.NULL, extents)
    return extents.width * FROM_UNITS


def _text_boxes(box: boxes.Box) -> Iterator[boxes.TextBox]:
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _spread(context, box: boxes.Box, spacing: float, word_spacing: float, x_advance: float,
            state: dict) -> float:
    """Move box by x_advance, add spacing between its characters (and before it,
    unless it holds the line's first character) and word_spacing to its spaces;
    return the new advance."""
    if isinstance(box, boxes.TextBox):
        if state["started"]:
            x_advance += spacing          # the gap between the previous box and this one
        state["started"] = True
        box.position_x += x_advance
        spaces = inline.count_expandable_spaces(box)
        if _graphemes(box.text) > 1 or spaces:
            style = box.style.copy()       # a line's boxes may share their style
            style["letter_spacing"] = spacing
            spaced = create_layout(box.text, style, context, max_width=None,
                                   justification_spacing=word_spacing)
            spaced.set_text(box.text, justify=True)
            plain = create_layout(box.text, box.style, context, max_width=None,
                                  justification_spacing=0)
            added = _width(spaced) - _width(plain)
            plain.deactivate()
            spaced.deactivate()
            box.style = style
            box.justification_spacing = word_spacing
            box.pango_layout = spaced
            box.width += added
            x_advance += added
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(context, child, spacing, word_spacing, x_advance, state)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance


# How much a space may grow before the rest of the width goes between characters.
MAX_SPACE_STRETCH = 0.25   # em


def justify_line(context, line: boxes.LineBox, extra_width: float) -> None:
    """WeasyPrint's justify_line, with inter-character justification where the
    styles ask for it: spaces first, each up to MAX_SPACE_STRETCH, and what is
    left between the characters."""
    if _mode(line) != INTER_CHARACTER or extra_width <= 0:
        _original_justify_line(context, line, extra_width)
        return
    spaces = inline.count_expandable_spaces(line)
    cap = MAX_SPACE_STRETCH * line.style["font_size"]
    if spaces and extra_width / spaces <= cap:
        _original_justify_line(context, line, extra_width)
        return
    characters = sum(_graphemes(box.text) for box in _text_boxes(line))
    if characters < 2:
        _original_justify_line(context, line, extra_width)
        return
    word_spacing = cap if spaces else 0
    spacing = (extra_width - word_spacing * spaces) / (characters - 1)
    _spread(context, line, spacing, word_spacing, 0, {"started": False})


_original_justify_line = inline.justify_line


@contextmanager
def inter_character_justification() -> Iterator[None]:
    """Let WeasyPrint justify by characters where the styles ask, within the block."""
    with _lock:
        inline.justify_line = justify_line
        try:
            yield
        finally:
            inline.justify_line = _original_justify_line
