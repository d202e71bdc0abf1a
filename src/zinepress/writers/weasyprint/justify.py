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
spread evenly over the places between two characters where clreq allows it
(CSS Text 3's ``text-justify: inter-character``, which WeasyPrint does not
know): between Han characters and marks, and where Han meets a Latin word,
never inside a run of Latin, Greek or Cyrillic letters and digits ("Timur",
"1986", "4.2"), nor inside a two-em dash or ellipsis (—— ……). A line with no
such place is left to WeasyPrint (its spaces stretch). Lines whose spaces
can take the width alone are left to WeasyPrint too.

The width goes into the advance of the character before each such place: a
text box's Pango layout (_SpacedLayout) widens those glyphs after shaping,
each time WeasyPrint shapes the box again (to draw it). Pango's own letter
spacing would spread inside Latin words as well.

The styles decide where it applies; this module only does it. It hooks
WeasyPrint's ``justify_line`` for the duration of one layout
(``inter_character_justification``), and touches nothing else.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.line_break import Layout, create_layout

from zinepress.writers.weasyprint.hooks import check_justify_hooks

check_justify_hooks()           # at import: what this module replaces is as it expects

PROPERTY = "__zinepress_justify"   # --zinepress-justify, as WeasyPrint keys custom properties
INTER_CHARACTER = "inter-character"

# A run of Western letters or digits, with the marks that join its parts ("4.2", "don't").
_WESTERN = "A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff"
_WESTERN_RUN = re.compile(f"[{_WESTERN}]+(?:[.,:/'’+\\-&][{_WESTERN}]+)*")
_TWO_EM = "—…⋯"                     # halves of —— and …… stay joined

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


def _starts_grapheme(char: str) -> bool:
    """Whether char begins what a reader sees as a character (marks, selectors and
    joiners join the one before)."""
    return (not unicodedata.combining(char) and not "\ufe00" <= char <= "\ufe0f"
            and char not in "\u200d\u2060")


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


def stretch_points(texts: list[str]) -> list[list[int]]:
    """Where a line of these texts (its text boxes, in order) may take extra width:
    for each text, the positions of the characters after which it may, the place
    between the last character of one text and the first of the next included.

    Not inside a run of Western letters and digits, not beside a space (the
    spaces stretch themselves), not between the halves of —— or ……."""
    line = "".join(texts)
    run_of = [-1] * len(line)
    for number, match in enumerate(_WESTERN_RUN.finditer(line)):
        run_of[match.start():match.end()] = [number] * (match.end() - match.start())
    graphemes = [at for at, char in enumerate(line) if _starts_grapheme(char)]
    allowed: set[int] = set()
    for this, following in zip(graphemes, graphemes[1:]):
        a, b = line[this], line[following]
        if a.isspace() or b.isspace():
            continue
        if run_of[this] >= 0 and run_of[this] == run_of[following]:
            continue
        if a == b and a in _TWO_EM:
            continue
        allowed.add(this)
    points, offset = [], 0
    for text in texts:
        points.append([at - offset for at in sorted(allowed) if offset <= at < offset + len(text)])
        offset += len(text)
    return points


class _SpacedLayout(Layout):
    """A text box's layout whose glyphs after the given characters are widened."""

    def __init__(self, style, justification_spacing: float, extra: dict[int, int]) -> None:
        self.extra = extra                 # UTF-8 byte offset of a character -> Pango units
        super().__init__(style, justification_spacing)

    def set_text(self, text: str, justify: bool = False) -> None:
        super().set_text(text, justify)
        if self.extra:
            # WeasyPrint sets this before drawing a box; set now, so that Pango does
            # not lay the text out again then, losing the widened glyphs.
            pango.pango_layout_set_single_paragraph_mode(self.layout, True)
            _widen(self.layout, self.extra)


def _widen(layout, extra: dict[int, int]) -> None:
    """Add extra[byte] to the advance of the last glyph of the cluster starting at byte."""
    line = pango.pango_layout_get_line_readonly(layout, 0)
    run = line.runs
    while run != ffi.NULL:
        item = run.data
        run = run.next
        glyphs = item.glyphs
        offset = item.item.offset
        count = glyphs.num_glyphs
        for i in range(count):
            cluster = glyphs.log_clusters[i]
            if i + 1 < count and glyphs.log_clusters[i + 1] == cluster:
                continue                   # not the cluster's last glyph
            width = extra.get(offset + cluster)
            if width:
                glyphs.glyphs[i].geometry.width += width


def _byte_offsets(text: str) -> list[int]:
    offsets, at = [], 0
    for char in text:
        offsets.append(at)
        at += len(char.encode())
    return offsets


def _spread(context, box: boxes.Box, spacing: float, word_spacing: float, x_advance: float,
            points: dict[int, list[int]]) -> float:
    """Move box by x_advance, add spacing after the characters of its text boxes that
    points names (id(text box) -> positions) and word_spacing to their spaces;
    return the new advance."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        after = points.get(id(box), [])
        spaces = inline.count_expandable_spaces(box)
        if after or spaces:
            added = 0.0
            if spaces and word_spacing:
                plain = create_layout(box.text, box.style, context, max_width=None,
                                      justification_spacing=0)
                spaced = create_layout(box.text, box.style, context, max_width=None,
                                       justification_spacing=word_spacing)
                spaced.set_text(box.text, justify=True)
                added += _width(spaced) - _width(plain)
                plain.deactivate()
                spaced.deactivate()
            starts = _byte_offsets(box.text)
            units = int(spacing * TO_UNITS)
            layout = _SpacedLayout(box.style, word_spacing, {starts[at]: units for at in after})
            layout.set_text(box.text, justify=True)
            added += units * FROM_UNITS * len(after)
            box.justification_spacing = word_spacing
            box.pango_layout = layout
            box.width += added
            x_advance += added
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(context, child, spacing, word_spacing, x_advance, points)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance


# How much a space may grow before the rest of the width goes between characters.
MAX_SPACE_STRETCH = 0.25   # em


def justify_line(context, line: boxes.LineBox, extra_width: float) -> None:
    """WeasyPrint's justify_line, with inter-character justification where the
    styles ask for it: spaces first, each up to MAX_SPACE_STRETCH, and what is
    left between the characters where clreq allows (stretch_points)."""
    if _mode(line) != INTER_CHARACTER or extra_width <= 0:
        _original_justify_line(context, line, extra_width)
        return
    spaces = inline.count_expandable_spaces(line)
    cap = MAX_SPACE_STRETCH * line.style["font_size"]
    if spaces and extra_width / spaces <= cap:
        _original_justify_line(context, line, extra_width)
        return
    texts = list(_text_boxes(line))
    points = stretch_points([box.text for box in texts])
    places = sum(len(p) for p in points)
    if not places:
        _original_justify_line(context, line, extra_width)
        return
    word_spacing = cap if spaces else 0
    spacing = (extra_width - word_spacing * spaces) / places
    if not word_spacing and int(spacing * TO_UNITS) == 0:
        # less than a Pango unit a place (most lines of a character grid miss the measure
        # by a rounding's hundredth of a pixel): the glyphs would not move, so nothing does
        return
    _spread(context, line, spacing, word_spacing, 0,
            {id(box): p for box, p in zip(texts, points) if p})


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
