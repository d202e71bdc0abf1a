"""The print writer: one HTML document from templates/print.html.j2, laid out by WeasyPrint.

The page (A5), page numbers, chapter breaks and footnotes are in
styles/print.css; the fonts are the installed Noto files (writers/_fonts.py).
The PDF carries a fixed identifier and no date but the build date it is
given, so the same edition gives the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from ..errors import OutputError
from ..model import Edition
from ._fonts import print_fonts
from ._html import (
    DEFAULT_STYLES,
    DEFAULT_TEMPLATES,
    chapter_views,
    make_environment,
    table_of_contents,
)
from ._output import parse_build_date, replace_atomically

__all__ = ["write_pdf", "render_print_html", "pdf_identifier"]

log = logging.getLogger(__name__)


def pdf_identifier(edition: Edition) -> bytes:
    """The PDF's /ID: the same at every build of this edition."""
    return hashlib.md5(f"{edition.name}\n{edition.title}".encode(), usedforsecurity=False) \
        .hexdigest().encode("ascii")


def stylesheet_paths(edition: Edition, styles_dir: Path) -> list[Path]:
    """The stylesheets of the print edition, in cascade order."""
    names = ["base.css", "print.css"]
    if edition.lang.lower().startswith("zh"):
        names.append("zh.css")
    paths = [Path(styles_dir) / name for name in names]
    for path in paths:
        if not path.is_file():
            raise OutputError("stylesheet not found", path=str(path))
    return paths


def render_print_html(edition: Edition, *, templates_dir: Path = DEFAULT_TEMPLATES,
                      styles_dir: Path = DEFAULT_STYLES, modified: str | None = None) -> str:
    """The print edition as one HTML document (what WeasyPrint lays out)."""
    stamp = parse_build_date(modified) if modified else None
    env = make_environment(Path(templates_dir))
    views = chapter_views(edition, medium="print")
    return env.get_template("print.html.j2").render(
        edition=edition,
        chapters=views,
        toc=table_of_contents(views),
        stylesheets=[path.resolve().as_uri() for path in stylesheet_paths(edition, styles_dir)],
        fonts=print_fonts(edition.lang),
        built=stamp.date().isoformat() if stamp else None,
        stamp=stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else None,
    )


def write_pdf(edition: Edition, out_path: Path, *, templates_dir: Path = DEFAULT_TEMPLATES,
              styles_dir: Path = DEFAULT_STYLES, modified: str | None = None) -> Path:
    """Write edition as an A5 print PDF at out_path and return out_path.

    modified (optional, as for write_epub) is the build date: the PDF's
    creation date and the colophon's. Without it the PDF holds no date.
    """
    html = render_print_html(edition, templates_dir=templates_dir, styles_dir=styles_dir,
                             modified=modified)
    fonts = FontConfiguration()
    document = HTML(string=html, base_url=Path(styles_dir).resolve().as_uri() + "/") \
        .render(font_config=fonts)
    log.info("%s: %d pages", edition.name, len(document.pages))
    identifier = pdf_identifier(edition)
    return replace_atomically(
        Path(out_path),
        lambda stream: document.write_pdf(stream, pdf_identifier=identifier),
    )
