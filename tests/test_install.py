"""zinepress as a user installs it: the wheel in a fresh virtual environment (not
editable) builds `zinepress new`'s book from a folder outside the repository; and
where templates and stylesheets are found (resources.py): the book's own folders
beside book/, else the package's, the tool's own files apart from both."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from zinepress import resources

ROOT = Path(__file__).resolve().parents[1]

POST = """---
title: Print night at the social centre
---

# Folding

We met at seven and the copier was already warm.

# Stapling

By midnight two hundred zines were folded, stapled and stacked by the door.
"""


# The installed package alone: no PYTHONPATH pointing into a checkout.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def _run(*command, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd,
                          env=ENV, check=False, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """The wheel built from this checkout and installed with its dependencies into a
    new virtual environment (pip's ordinary index and cache): (the wheel, the venv's bin)."""
    # Built from a copy of what the wheel is made of, so that setuptools' build/ folder
    # lands there, not in the checkout (data/book/'s links are copied as links).
    project = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("src", "templates", "styles"):
        shutil.copytree(ROOT / name, project / name, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path_factory.mktemp("wheel")
    made = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, project)
    assert made.returncode == 0, made.stderr
    wheel = next(wheels.glob("zinepress-*.whl"))
    venv = tmp_path_factory.mktemp("venv")
    created = _run(sys.executable, "-m", "venv", venv)
    assert created.returncode == 0, created.stderr
    bin_dir = venv / "bin"
    added = _run(bin_dir / "pip", "install", "-q", wheel)
    assert added.returncode == 0, added.stderr
    return wheel, bin_dir


@pytest.mark.e2e
def test_the_wheel_carries_templates_and_styles(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "styles"):
        book_files = {p.name for p in (ROOT / folder).iterdir()}
        assert book_files and {f"zinepress/data/book/{folder}/{n}" for n in book_files} <= names
    for own in ("report/report.html.j2", "report/report.css", "preview/preview.html.j2",
                "preview/preview.js", "preview/preview.css", "new/book.toml.j2", "new/README.md.j2"):
        assert f"zinepress/data/{own}" in names


@pytest.mark.e2e
def test_the_installed_wheel_builds_a_new_book(installed, tmp_path):
    _, bin_dir = installed
    where = _run(bin_dir / "python", "-c", "import zinepress.resources as r; print(r.DEFAULT_STYLES)",
                 cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent)      # not this checkout
    assert not Path(where.stdout.strip()).is_symlink()

    folder = tmp_path / "print-night"
    made = _run(bin_dir / "zinepress", "new", folder, "--title", "Print Night", "--lang", "en", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    (folder / "seeds" / "first.md").write_text(POST, encoding="utf-8")
    built = _run(bin_dir / "zinepress", "build", "--format", "epub", "--format", "pdf", cwd=folder)
    assert built.returncode == 0, built.stderr
    dist = folder / "dist"
    epub = zipfile.ZipFile(dist / "print-night.en.epub")
    text = "".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))
    assert "two hundred zines were folded" in text
    pdf = PdfReader(dist / "print-night.en.pdf")
    assert pdf.pages[0].mediabox.width == pytest.approx(419.53, abs=0.5)            # A5, print.css
    assert "two hundred zines" in " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    report = (dist / "report.html").read_text(encoding="utf-8")
    first_rule = (resources.REPORT_FILES / "report.css").read_text(encoding="utf-8").split("}")[0]
    assert first_rule.strip() and first_rule.strip() in report                      # the tool's CSS


@pytest.mark.e2e
def test_a_book_s_own_styles_override_the_installed_package_s(installed, tmp_path):
    _, bin_dir = installed
    folder = tmp_path / "print-night"
    assert _run(bin_dir / "zinepress", "new", folder, "--title", "Print Night", "--lang", "en").returncode == 0
    (folder / "seeds" / "first.md").write_text(POST, encoding="utf-8")
    where = _run(bin_dir / "python", "-c", "import zinepress.resources as r; print(r.DEFAULT_STYLES)")
    packaged = Path(where.stdout.strip())
    shutil.copytree(packaged, folder / "styles")
    print_css = folder / "styles" / "print.css"
    print_css.write_text(print_css.read_text(encoding="utf-8").replace("size: 148mm 210mm;", "size: 210mm 297mm;"),
                         encoding="utf-8")
    built = _run(bin_dir / "zinepress", "build", "--format", "pdf", "--no-check", cwd=folder)
    assert built.returncode == 0, built.stderr
    page = PdfReader(folder / "dist" / "print-night.en.pdf").pages[0]
    assert page.mediabox.width == pytest.approx(595.28, abs=0.5)             # A4: the book's print.css
    assert "size: 148mm 210mm;" in (packaged / "print.css").read_text(encoding="utf-8")   # untouched


def test_a_book_without_folders_of_its_own_takes_the_package_s(tmp_path):
    assert resources.book_templates(tmp_path) == resources.DEFAULT_TEMPLATES
    assert resources.book_styles(tmp_path) == resources.DEFAULT_STYLES
    assert (resources.DEFAULT_TEMPLATES / "chapter.xhtml.j2").is_file()
    assert (resources.DEFAULT_STYLES / "print.css").is_file()


def test_a_book_s_own_folders_override_the_package_s(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "styles").mkdir()
    assert resources.book_templates(tmp_path) == tmp_path / "templates"
    assert resources.book_styles(tmp_path) == tmp_path / "styles"
    # the first book's are the repository's top-level folders
    assert resources.book_templates(ROOT) == ROOT / "templates"
    assert resources.book_styles(ROOT) == ROOT / "styles"


def test_the_tool_s_own_files_are_not_the_book_s():
    """The report, the preview and `zinepress new` read from the package only: none of
    their files is among a book's templates or styles, whose contents the outputs'
    cache keys hash (fingerprint.py), so editing them changes no book output."""
    own = {p.name for folder in (resources.REPORT_FILES, resources.PREVIEW_FILES, resources.NEW_BOOK_FILES)
           for p in folder.iterdir()}
    assert {"report.css", "report.html.j2", "preview.css", "preview.js", "book.toml.j2"} <= own
    book = {p.name for p in (ROOT / "templates").iterdir()} | {p.name for p in (ROOT / "styles").iterdir()}
    assert not own & book
