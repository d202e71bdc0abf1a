"""The cover picture: templates/cover.html.j2 laid out by WeasyPrint, rasterised by pdftoppm.

The cover is typography only (title, subtitle, author, the edition's
language), so it is drawn from the book's data at every build rather than
kept as a file. Its bytes depend only on that data, the template, the
stylesheet and the installed fonts: WeasyPrint writes the same one-page PDF
each time, and pdftoppm turns it into a PNG that holds pixels and nothing
else (no date, no name).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jinja2 import Environment
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from zinepress import deps
from zinepress.errors import EnvironmentProblem, OutputError
from zinepress.model import Edition
from zinepress.writers.fonts import print_fonts
from zinepress.writers.weasyprint.fonts import release_fonts

# styles/cover.css sets a 5 x 8 inch page: at 320 dpi, 1600 x 2560 pixels
# (the 1:1.6 shape and size Kindle and Kobo recommend).
RESOLUTION = 320
STYLESHEET = "cover.css"


def cover_png(edition: Edition, env: Environment, styles_dir: Path) -> bytes:
    """The edition's cover as PNG bytes."""
    stylesheet = Path(styles_dir) / STYLESHEET
    if not deps.note_file(stylesheet):     # WeasyPrint reads it
        raise OutputError("stylesheet not found", path=str(stylesheet))
    if shutil.which("pdftoppm") is None:
        raise EnvironmentProblem("pdftoppm is not installed, and the EPUB cover needs it",
                                 hint="run scripts/setup (installs poppler-utils)")
    html = env.get_template("cover.html.j2").render(
        edition=edition, stylesheet=stylesheet.resolve().as_uri(), fonts=print_fonts(edition.lang))
    fonts = FontConfiguration()
    try:
        pdf = HTML(string=html, base_url=Path(styles_dir).resolve().as_uri() + "/").write_pdf(font_config=fonts)
    finally:
        release_fonts(fonts)
    with tempfile.TemporaryDirectory(prefix="zinepress-cover-") as folder:
        source = Path(folder) / "cover.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(
            ["pdftoppm", "-png", "-r", str(RESOLUTION), "-singlefile", "-f", "1", "-l", "1",
             str(source), str(Path(folder) / "cover")],
            capture_output=True, text=True, check=False)
        png = Path(folder) / "cover.png"
        if result.returncode != 0 or not png.is_file():
            raise OutputError(f"pdftoppm could not draw the cover: {result.stderr.strip()}")
        return png.read_bytes()
