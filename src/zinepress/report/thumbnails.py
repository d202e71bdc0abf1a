"""Small PNG pictures of an output, for the build report: what each file looks like.

An EPUB is pictured by its cover (the OPF's cover-image, read from the zip
and scaled down with Pillow); the A5 PDF by the pages that show the book
(title page, then the first pages its outline opens: contents, the first
opening, the next chapter); a booklet by the two sides of its first sheet.
The poppler tools do the PDF work: pdfinfo counts the pages, pdftohtml reads
the outline, pdftoppm draws each page straight at thumbnail size, one
process per page, run side by side.

The pictures are named after the output and the page they show
(kazakhstan.en.pdf.p3.png, kazakhstan.en.epub.cover.png) and hold pixels
only: Pillow writes them again without text, time or colour-profile chunks,
so the same output gives the same bytes. Each is written beside its name and
renamed into place.
"""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from PIL import Image

from zinepress.errors import EnvironmentProblem, OutputError
from zinepress.formats import BOOKLET_FORMATS, EPUB_FORMATS
from zinepress.writers.output import replace_atomically

HEIGHT = 200                     # pixels, every picture
MOST_PDF_PAGES = 4
PLAIN_PAGES = (3, 5, 7)          # without an outline: rectos after the title page
BOOKLET_PAGES = (1, 2)           # the first sheet: its front and its back
POPPLER_TOOLS = ("pdfinfo", "pdftohtml", "pdftoppm")      # all in the Debian package poppler-utils

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"


def make_thumbnails(output: Path, fmt: str, folder: Path,
                    outline: tuple[int, list[int]] | None = None) -> list[Path]:
    """Write the pictures of output (written in format fmt) into folder; return their paths.

    Formats without a picture give none. Pictures an earlier run left for the
    same output under other names are removed. outline: for the A5 PDF, its page
    count and the pages its outline opens, when its writer knows them (else
    poppler reads them from the file).
    """
    output = Path(output)
    folder = Path(folder)
    if fmt in EPUB_FORMATS:
        pictures = _epub_cover(output)
    elif fmt == "pdf" and outline is not None:
        count, opened = outline
        pictures = _pdf_pictures(output, lambda path, _: book_pages(count, opened), count)
    elif fmt == "pdf":
        pictures = _pdf_pictures(output, lambda path, count: book_pages(count, _outline_pages(path)))
    elif fmt in BOOKLET_FORMATS:
        pictures = _pdf_pictures(output, lambda path, count: list(BOOKLET_PAGES))
    else:
        return []
    written = [replace_atomically(folder / f"{output.name}.{label}.png", lambda f, im=image: _save(im, f))
               for label, image in pictures]
    own = re.compile(re.escape(output.name) + r"\.(cover|p\d+)\.png")
    for stale in folder.glob("*.png") if folder.is_dir() else ():
        if own.fullmatch(stale.name) and stale not in written:
            stale.unlink(missing_ok=True)
    return written


def _save(image: Image.Image, stream) -> None:
    """PNG with pixels only: no text, time, gamma or profile chunks."""
    image = _on_white(image)
    image.info = {}
    image.save(stream, format="PNG", optimize=True)


# --- EPUB: the cover ---------------------------------------------------------------

def _epub_cover(path: Path) -> list[tuple[str, Image.Image]]:
    """The EPUB's cover picture scaled to HEIGHT, or nothing if it names none."""
    try:
        with zipfile.ZipFile(path) as archive:
            href = _cover_href(archive)
            if href is None:
                return []
            data = archive.read(href)
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise OutputError(f"cannot read the cover picture: {exc}", path=str(path)) from exc
    width = max(1, round(image.width * HEIGHT / image.height))
    return [("cover", _on_white(image).resize((width, HEIGHT), Image.Resampling.LANCZOS,
                                                          reducing_gap=3.0))]


def _on_white(image: Image.Image) -> Image.Image:
    """The picture as RGB, anything transparent laid on white (as a reader shows it)."""
    if image.mode in ("RGB", "L"):
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, "white")
    return Image.alpha_composite(background, rgba).convert("RGB")


def _cover_href(archive: zipfile.ZipFile) -> str | None:
    """The zip name of the picture the OPF calls its cover (EPUB 3 cover-image, else EPUB 2 meta)."""
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(f".//{_CONTAINER}rootfile")
    if rootfile is None:
        return None
    opf_name = rootfile.get("full-path", "")
    opf = etree.fromstring(archive.read(opf_name))
    items = opf.findall(f".//{_OPF}manifest/{_OPF}item")
    cover = next((i for i in items if "cover-image" in (i.get("properties") or "").split()), None)
    if cover is None:
        meta = opf.find(f".//{_OPF}metadata/{_OPF}meta[@name='cover']")
        ident = meta.get("content") if meta is not None else None
        cover = next((i for i in items if ident and i.get("id") == ident), None)
    if cover is None or not cover.get("href"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(opf_name), cover.get("href")))


# --- PDF: chosen pages -------------------------------------------------------------

def book_pages(count: int, outline: list[int]) -> list[int]:
    """The A5 pages that show the book (of count pages, whose outline opens the pages
    outline names): the title page, then the first pages the outline opens (contents,
    the first opening, the next chapter), PLAIN_PAGES without one."""
    openings = sorted({p for p in outline if 1 < p <= count})
    pages = [1, *openings[:MOST_PDF_PAGES - 1]]
    pages += [p for p in PLAIN_PAGES if p not in pages][:MOST_PDF_PAGES - len(pages)]
    return sorted(pages)


def _outline_pages(path: Path) -> list[int]:
    """The page numbers of the PDF's outline (bookmarks), as poppler's pdftohtml reads them:
    it prints the whole outline after the one page it is asked for."""
    result = subprocess.run(["pdftohtml", "-xml", "-stdout", "-i", "-q", "-f", "1", "-l", "1", str(path)],
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise OutputError(f"pdftohtml cannot read the PDF's outline: "
                          f"{result.stderr.decode(errors='replace').strip()}", path=str(path))
    return [int(n) for n in re.findall(rb'<item page="(\d+)"', result.stdout)]


def _pdf_pictures(path: Path, choose: Callable[[Path, int], list[int]],
                  count: int | None = None) -> list[tuple[str, Image.Image]]:
    """The pages choose(path, page count) names, drawn HEIGHT pixels high by pdftoppm: one
    process per run of pages (1, 3, 5 is one run: odd pages), the runs side by side.
    count: the page count, when known (else pdfinfo reads it)."""
    missing = [tool for tool in POPPLER_TOOLS if shutil.which(tool) is None]
    if missing:
        raise EnvironmentProblem(f"{', '.join(missing)} not installed, and the report's pictures of the PDFs "
                                 "need it", hint="install the Debian package poppler-utils (scripts/setup does)")
    if count is None:
        count = _page_count(path)
    elif not path.is_file():
        raise OutputError("no such PDF", path=str(path))
    pages = sorted({p for p in choose(path, count) if 1 <= p <= count})
    with tempfile.TemporaryDirectory(prefix="zinepress-thumbs-") as tmp:
        runs = []
        try:
            runs.extend(_draw(path, run, Path(tmp) / f"run{i}") for i, run in enumerate(_runs(pages)))
            drawn = dict(item for run in runs for item in _drawn(path, *run))
        finally:
            for _, _, process in runs:      # none left running when something failed
                if process.poll() is None:
                    process.kill()
                    process.wait()
    return [(f"p{page}", drawn[page]) for page in pages]


def _runs(pages: list[int]) -> list[list[int]]:
    """Sorted pages cut into runs pdftoppm draws in one go: each page after the first
    is the next one, or the next of the same parity (-o, -e)."""
    runs: list[list[int]] = []
    for page in pages:
        run = runs[-1] if runs else None
        if run and (len(run) == 1 and page - run[-1] in (1, 2) or
                    len(run) > 1 and page - run[-1] == run[1] - run[0]):
            run.append(page)
        else:
            runs.append([page])
    return runs


def _page_count(path: Path) -> int:
    """The PDF's page count, as pdfinfo reads it."""
    if not path.is_file():
        raise OutputError("no such PDF", path=str(path))
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=False)
    match = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.M)
    if result.returncode != 0 or not match:
        raise OutputError(f"pdfinfo cannot read the PDF: {result.stderr.decode(errors='replace').strip()}",
                          path=str(path))
    return int(match.group(1))


def _draw(path: Path, run: list[int], root: Path) -> tuple[list[int], Path, subprocess.Popen]:
    """Start pdftoppm on a run of pages; _drawn waits for it."""
    parity = []
    if len(run) > 1 and run[1] - run[0] == 2:
        parity = ["-o"] if run[0] % 2 else ["-e"]
    process = subprocess.Popen(
        ["pdftoppm", "-png", "-f", str(run[0]), "-l", str(run[-1]), *parity,
         "-scale-to-x", "-1", "-scale-to-y", str(HEIGHT), str(path), str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return run, root, process


def _drawn(path: Path, run: list[int], root: Path,
           process: subprocess.Popen) -> list[tuple[int, Image.Image]]:
    """The pages of a run, once pdftoppm has drawn them (as ROOT-NN.png, NN padded)."""
    _, err = process.communicate()
    files = {int(f.stem.rsplit("-", 1)[1]): f for f in root.parent.glob(f"{root.name}-*.png")}
    if process.returncode != 0 or sorted(files) != run:
        raise OutputError(f"pdftoppm could not draw pages {', '.join(map(str, run))}: "
                          f"{err.decode(errors='replace').strip()}", path=str(path))
    drawn = []
    for page in run:
        with Image.open(files[page]) as image:
            image.load()
            drawn.append((page, image.copy()))
    return drawn
