"""Hyphenation as a book is set: never more than two hyphenated lines in a row, and
never a word cut across a page turn.

CSS says how often a line may end in a hyphen (styles/print.css:
``hyphenate-limit-chars``, ``hyphenate-limit-zone``) but WeasyPrint (70) has
no ``hyphenate-limit-lines`` and no rule about the page's last line. This
module adds both, for the duration of one layout
(``hyphenation_limits``): WeasyPrint lays out a paragraph line by line
(layout.inline.iter_line_boxes); before each line it decides whether that
line may end in a hyphen added by automatic hyphenation, and lays it out
with ``hyphens: manual`` when it may not:

- after MAX_CONSECUTIVE hyphenated lines of the paragraph;
- when the line is one of the last lines that fit on the page: the page's
  last line, or one that the paragraph's `widows` moves there (the last
  BOTTOM_LINES, or as many as `widows` asks, styles/print.css giving a
  chapter's last paragraph five).

A word's own hyphens and soft hyphens still break as they always do.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.formatting_structure import boxes
from weasyprint.layout import block, inline
from weasyprint.text.line_break import strut

from zinepress.writers.weasyprint.hooks import check_hyphenation_hooks

MAX_CONSECUTIVE = 2     # hyphenated lines in a row, at most
BOTTOM_LINES = 2        # the lines at a page's foot that never end in a hyphen

_lock = threading.Lock()
_state = threading.local()
_manual_styles: dict[int, tuple[object, object]] = {}


def _last_text(box: boxes.Box) -> boxes.TextBox | None:
    """The last text box of a line, in its normal flow."""
    if isinstance(box, boxes.TextBox):
        return box
    for child in reversed(getattr(box, "children", ())):
        if child.is_in_normal_flow():
            found = _last_text(child)
            if found is not None:
                return found
    return None


HYPHENS = ("-", "\u2010", "\u00ad")   # a word's own hyphens (a line may break after them)


def ends_hyphenated(line: boxes.LineBox) -> bool:
    """Whether a laid-out line ends in a hyphen: the one automatic hyphenation added,
    or a word's own (post-/Soviet), which counts towards a run all the same."""
    text = _last_text(line)
    if text is None:
        return False
    ending = text.text.rstrip()
    character = text.style["hyphenate_character"]
    return ending.endswith(HYPHENS) or bool(character) and ending.endswith(character)


def _manual(style):
    """The style with hyphens: manual (one copy per style, for this layout)."""
    kept = _manual_styles.get(id(style))
    if kept is None or kept[0] is not style:
        copy = style.copy()
        copy["hyphens"] = "manual"
        kept = _manual_styles[id(style)] = (style, copy)
    return kept[1]


def split_first_line(text, style, *args, **kwargs):
    """WeasyPrint's split_first_line, without automatic hyphenation while the line
    being laid out may not end in a hyphen."""
    if getattr(_state, "no_hyphen", False) and style["hyphens"] == "auto":
        style = _manual(style)
    return _original_split_first_line(text, style, *args, **kwargs)


def iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing_block,
                    absolute_boxes, fixed_boxes, first_letter_style, first_line_style):
    """WeasyPrint's iter_line_boxes, deciding before each line whether it may end in
    a hyphen (see the module docstring)."""
    inline.resolve_percentages(box, containing_block)
    if skip_stack is None:
        inline.resolve_one_percentage(box, "text_indent", containing_block.width)
    else:
        box.text_indent = 0
    run = 0
    line_height = strut(box.style)[0]
    foot_lines = max(BOTTOM_LINES, box.style["widows"])
    while True:
        near_foot = context.overflows_page(bottom_space, position_y + (foot_lines + 1) * line_height)
        _state.no_hyphen = run >= MAX_CONSECUTIVE or near_foot
        try:
            line, resume_at = inline.get_next_linebox(
                context, box, position_y, bottom_space, skip_stack, containing_block,
                absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
        finally:
            _state.no_hyphen = False
        first_line_style = None
        if line:
            inline.handle_leader(context, line, containing_block)
            position_y = line.position_y + line.height
            line_height = line.height or line_height
            run = run + 1 if ends_hyphenated(line) else 0
        if line is None:
            return
        yield line, resume_at
        if resume_at is None:
            return
        skip_stack = resume_at
        box.text_indent = 0
        first_letter_style = None


check_hyphenation_hooks()       # at import: what this module replaces is as it expects
_original_split_first_line = inline.split_first_line
_original_iter_line_boxes = block.iter_line_boxes
if _original_iter_line_boxes is not inline.iter_line_boxes:     # pragma: no cover
    raise ImportError("weasyprint.layout.block no longer takes iter_line_boxes from inline")


@contextmanager
def hyphenation_limits() -> Iterator[None]:
    """Within the block, WeasyPrint hyphenates at most MAX_CONSECUTIVE lines in a row
    and never the last BOTTOM_LINES lines of a page."""
    with _lock:
        inline.split_first_line = split_first_line
        block.iter_line_boxes = iter_line_boxes
        try:
            yield
        finally:
            inline.split_first_line = _original_split_first_line
            block.iter_line_boxes = _original_iter_line_boxes
            _manual_styles.clear()
