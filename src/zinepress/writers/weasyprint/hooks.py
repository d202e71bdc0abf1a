"""What zinepress's hooks into WeasyPrint's internals expect to find, checked when they are imported.

Four modules change what WeasyPrint does during a layout: footnotes.py (a
footnote stays on its call's page), justify.py (inter-character
justification), hyphenation.py (no more than two hyphens in a row, none at a
page's foot) and compress.py (adjacent Chinese marks at half width); two more
change how it works, not what it makes: fonts.py (its copies of the fonts
removed once a PDF is written) and identifier.py (the PDF's /ID computed
without compressing every stream twice). Each reaches into functions WeasyPrint
(or pydyf, the library it writes PDFs with) does not publish, as they are in
the versions pyproject.toml pins. A WeasyPrint upgrade could rename one,
change its parameters or stop calling it by that name, and the hook would then
do nothing, silently. So each hook module, when imported, names here what it
replaces and what it relies on; anything missing or changed stops the build with
an error naming the pinned version, instead of a book quietly set otherwise.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType

import pydyf
import weasyprint
from weasyprint.layout import block, inline
from weasyprint.text import line_break
from weasyprint.text.fonts import FontConfiguration
from weasyprint.text.line_break import Layout

from zinepress.errors import ZinepressError

# The versions the hooks were written for (pyproject.toml pins the same;
# tests/test_weasyprint_hooks.py checks that they agree).
PINNED_WEASYPRINT = "70.0"
PINNED_PYDYF = "0.13.0"


class WeasyPrintHookError(ZinepressError):
    """WeasyPrint lacks, or has changed, an internal a zinepress hook replaces."""


def _fail(what: str, problem: str, library: ModuleType = weasyprint) -> WeasyPrintHookError:
    """The error for a hooked library (WeasyPrint, or its pydyf) that has changed."""
    name, pinned = ("pydyf", PINNED_PYDYF) if library is pydyf else ("WeasyPrint", PINNED_WEASYPRINT)
    return WeasyPrintHookError(
        f"{name} {library.__version__} {problem}: zinepress hooks {what} as in "
        f"{name} {pinned}, the version it pins",
        hint=f"install the pinned version (pip install {name.lower()}=={pinned}), "
             f"or update the hook to the new {name}")


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


def expect_reads(function: Callable, names: tuple[str, ...], why: str,
                 library: ModuleType = weasyprint) -> None:
    """function's code must name each of names (an attribute it reads or a global it
    calls): what a hook relies on, as why says."""
    where = f"{function.__module__}.{function.__qualname__}"
    missing = [n for n in names if n not in function.__code__.co_names]
    if missing:
        raise _fail(f"{where} ({why})", f"no longer uses {', '.join(missing)} in {where}", library)


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


def check_hyphenation_hooks() -> None:
    """_hyphenation.py: it replaces inline.split_first_line (which split_text_box calls by
    its module's name) and block.iter_line_boxes (which _linebox_layout calls by its
    module's name) with a copy that lays lines out with get_next_linebox."""
    expect_function(inline, "split_first_line", ("text", "style", "context", "max_width",
                                                 "justification_spacing", "is_line_start", "minimum"))
    expect_reads(inline.split_text_box, ("split_first_line",), "split_text_box calls split_first_line")
    expect_function(inline, "iter_line_boxes", (
        "context", "box", "position_y", "bottom_space", "skip_stack", "containing_block",
        "absolute_boxes", "fixed_boxes", "first_letter_style", "first_line_style"))
    expect_reads(block._linebox_layout, ("iter_line_boxes",), "_linebox_layout calls iter_line_boxes")
    expect_function(inline, "get_next_linebox", (
        "context", "linebox", "position_y", "bottom_space", "skip_stack", "containing_block",
        "absolute_boxes", "fixed_boxes", "first_letter_style", "first_line_style"))
    for name in ("resolve_percentages", "resolve_one_percentage", "handle_leader"):
        if not callable(getattr(inline, name, None)):
            raise _fail(f"weasyprint.layout.inline.{name}", f"has no weasyprint.layout.inline.{name}")


def check_compress_hooks() -> None:
    """_compress.py: it replaces the method Layout.set_text(self, text, justify), through
    which every Pango layout WeasyPrint makes gets its text, and reads layout.text."""
    what = "weasyprint.text.line_break.Layout.set_text(self, text, justify)"
    method = getattr(Layout, "set_text", None)
    if not inspect.isfunction(method):
        raise _fail(what, "has no method Layout.set_text")
    found = tuple(inspect.signature(method).parameters)
    if found != ("self", "text", "justify"):
        raise _fail(what, f"has changed Layout.set_text: its parameters are now ({', '.join(found)})")
    expect_reads(method, ("text",), "set_text keeps the text it lays out in layout.text")


def check_font_folder() -> None:
    """writers/weasyprint/fonts.py: WeasyPrint copies each @font-face font into a folder of
    its own (FontConfiguration._folder) and removes it only in __del__, which a worker
    process that ends never runs; zinepress removes it once the PDF is written."""
    expect_reads(FontConfiguration.add_font_face, ("_folder",),
                 "add_font_face copies the fonts into FontConfiguration._folder")
    expect_reads(FontConfiguration.__del__, ("_folder",), "__del__ removes FontConfiguration._folder")


def check_identifier_hooks() -> None:
    """writers/weasyprint/identifier.py: pydyf's PDF.write(self, output, version,
    identifier, compress) asks each stream for its data (the property Stream.data,
    which compresses it) to write it, and again to hash the /ID."""
    what = "pydyf.PDF.write(self, output, version, identifier, compress)"
    found = tuple(inspect.signature(pydyf.PDF.write).parameters)
    if found != ("self", "output", "version", "identifier", "compress"):
        raise _fail(what, f"has changed pydyf.PDF.write: its parameters are now ({', '.join(found)})",
                    pydyf)
    expect_reads(pydyf.PDF.write, ("data", "md5"), "write hashes every object's data for the /ID", pydyf)
    if not isinstance(getattr(pydyf.Stream, "data", None), property):
        raise _fail("pydyf.Stream.data", "has no property pydyf.Stream.data", pydyf)
