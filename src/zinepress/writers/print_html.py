"""The print edition as one HTML document: what WeasyPrint lays out (writers/pdf.py).

Made from templates/print.html.j2 with the edition's stylesheets and the font
files fontconfig finds (writers/fonts.py). It loads no WeasyPrint: a build
makes it in its own process while a worker loads WeasyPrint, and hands it to
the worker that lays it out.
"""

from __future__ import annotations

from pathlib import Path

from zinepress import deps
from zinepress.errors import OutputError
from zinepress.model import Edition, Note
from zinepress.render.html import (
    ChapterView,
    chapter_views,
    make_environment,
    table_of_contents,
)
from zinepress.resources import DEFAULT_STYLES, DEFAULT_TEMPLATES
from zinepress.text.cjk import is_chinese
from zinepress.writers.fonts import print_fonts
from zinepress.writers.output import parse_build_date


def stylesheet_paths(edition: Edition, styles_dir: Path) -> list[Path]:
    """The stylesheets of the print edition, in cascade order."""
    names = ["base.css", "print.css"]
    if is_chinese(edition.lang):
        names += ["zh.css", "print-zh.css"]
    paths = [Path(styles_dir) / name for name in names]
    for path in paths:
        if not deps.note_file(path):       # WeasyPrint reads it
            raise OutputError("stylesheet not found", path=str(path))
    return paths


def _prints_something(view: ChapterView) -> bool:
    """Whether a chapter has anything to print: the notes chapter has not when each
    of its notes sits at the foot of the page of its call."""
    if view.role != "notes":
        return True
    return any(not isinstance(block, Note) or view.ctx.note(block).first_ref is None
               for block in view.blocks)


def render_print_html(edition: Edition, *, templates_dir: Path = DEFAULT_TEMPLATES,
                      styles_dir: Path = DEFAULT_STYLES, modified: str | None = None) -> str:
    """The print edition as one HTML document (what WeasyPrint lays out)."""
    stamp = parse_build_date(modified) if modified else None
    env = make_environment(Path(templates_dir))
    views = [view for view in chapter_views(edition, medium="print") if _prints_something(view)]
    return env.get_template("print.html.j2").render(
        edition=edition,
        chapters=views,
        toc=table_of_contents(views),
        stylesheets=[path.resolve().as_uri() for path in stylesheet_paths(edition, styles_dir)],
        fonts=print_fonts(edition.lang),
        built=stamp.date().isoformat() if stamp else None,
        stamp=stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else None,
    )
