"""What zinepress's hooks into WeasyPrint's internals expect to find, checked when they are imported.

Two modules change what WeasyPrint does during a layout: _footnotes.py (a
footnote stays on its call's page) and _justify.py (inter-character
justification). Both reach into functions WeasyPrint does not publish, as they
are in the version pyproject.toml pins. A WeasyPrint upgrade could rename one,
change its parameters or stop calling it by that name, and the hook would then
do nothing, silently. So each hook module, when imported, names here what it
replaces and what it relies on; anything missing or changed stops the build with
an error naming the pinned version, instead of a book quietly set otherwise.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType

import weasyprint
from weasyprint.layout import block, inline
from weasyprint.text import line_break

from ..errors import ZinepressError

# The WeasyPrint version the hooks were written for (pyproject.toml pins the same;
# tests/test_weasyprint_hooks.py checks that they agree).
PINNED_WEASYPRINT = "70.0"


class WeasyPrintHookError(ZinepressError):
    """WeasyPrint lacks, or has changed, an internal a zinepress hook replaces."""


def _fail(what: str, problem: str) -> WeasyPrintHookError:
    return WeasyPrintHookError(
        f"WeasyPrint {weasyprint.__version__} {problem}: zinepress hooks {what} as in "
        f"WeasyPrint {PINNED_WEASYPRINT}, the version it pins",
        hint=f"install the pinned version (pip install weasyprint=={PINNED_WEASYPRINT}), "
             f"or update the hook to the new WeasyPrint")


def expect_function(module: ModuleType, name: str, parameters: tuple[str, ...]) -> Callable:
    """module.name, which must be a function taking exactly these parameters (by name,
    in order); return it."""
    what = f"{module.__name__}.{name}({', '.join(parameters)})"
    function = getattr(module, name, None)
    if not inspect.isfunction(function):
        raise _fail(what, f"has no function {module.__name__}.{name}")
    found = tuple(inspect.signature(function).parameters)
    if found != parameters:
        raise _fail(what, f"has changed {module.__name__}.{name}: its parameters are now "
                          f"({', '.join(found)})")
    return function


def expect_reads(function: Callable, names: tuple[str, ...], why: str) -> None:
    """function's code must name each of names (an attribute it reads or a global it
    calls): what a hook relies on, as why says."""
    where = f"{function.__module__}.{function.__qualname__}"
    missing = [n for n in names if n not in function.__code__.co_names]
    if missing:
        raise _fail(f"{where} ({why})", f"no longer uses {', '.join(missing)} in {where}")


# --- What each hook module relies on --------------------------------------------------


def check_justify_hooks() -> None:
    """_justify.py: it replaces inline.justify_line, which text_align calls by its
    module's name, and lays text out again with create_layout."""
    expect_function(inline, "justify_line", ("context", "line", "extra_width"))
    expect_reads(inline.text_align, ("justify_line",), "text_align calls justify_line")
    expect_function(inline, "count_expandable_spaces", ("box",))
    expect_function(line_break, "create_layout",
                    ("text", "style", "context", "max_width", "justification_spacing"))


def check_footnote_hooks() -> None:
    """_footnotes.py: it replaces block._linebox_layout (which block_container_layout
    calls by its module's name) with a copy whose one question context.in_column, asked
    before a footnote is moved to the next page, reads another attribute."""
    expect_function(block, "_linebox_layout", (
        "context", "box", "index", "child", "new_children", "page_is_empty", "absolute_boxes",
        "fixed_boxes", "adjoining_margins", "bottom_space", "position_y", "skip_stack",
        "first_letter_style", "first_line_style", "draw_bottom_decoration", "max_lines"))
    expect_reads(block.block_container_layout, ("_linebox_layout",),
                 "block_container_layout calls _linebox_layout")
    expect_reads(block._linebox_layout, ("in_column", "report_footnote", "current_page_footnotes"),
                 "a footnote is moved to the next page to fit a line unless the context is in columns")
