"""The EPUB's page list and page-break markers follow the print PDF's pages."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from conftest import ROOT
from zinepress.cli import main
from zinepress.writers.page_marks import PageMark, plan_page_marks

pytestmark = pytest.mark.e2e          # builds whole books with the real command line


def test_plan_every_page_gets_one_mark():
    pages = [["titlepage"], ["colophon"], ["toc"], [], ["b0-0", "b0-1"], [], ["b1-0"], ["b1-2", "b1-1"]]
    assert plan_page_marks(pages) == [
        PageMark(1, "titlepage", "front"), PageMark(2, "colophon", "front"), PageMark(3, "toc", "front"),
        PageMark(4, "toc", "front"),                 # a blank page of the front matter
        PageMark(5, "b0-0", "before"),
        PageMark(6, "b0-1", "after"),                # continues the last block begun on page 5
        PageMark(7, "b1-0", "before"),
        PageMark(8, "b1-1", "before"),               # the first block in reading order, not in id order
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    assert main(["build", "--book", str(ROOT / "book"), "--edition", "en", "--edition", "zh-Hans",
                 "--format", "epub", "--format", "pdf", "--no-check", "--no-cache", "--out", str(out)]) == 0
    return out


def _epub(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith(".xhtml")}


def _pdf_page_text(path, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def _plain(xhtml):
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", xhtml)).replace("&#34;", '"').replace("&#39;", "'")


@pytest.mark.parametrize("edition", ["en", "zh-Hans"])
def test_every_print_page_is_in_the_page_list_and_in_the_right_chapter(built, edition):
    from pypdf import PdfReader
    pdf = built / f"kazakhstan.{edition}.pdf"
    pages = len(PdfReader(str(pdf)).pages)
    docs = _epub(built / f"kazakhstan.{edition}.epub")
    nav = docs["EPUB/nav.xhtml"]
    page_list = nav.split('epub:type="page-list"')[1]
    entries = re.findall(r'<a href="([^"]+)">(\d+)</a>', page_list)
    # every print page the EPUB has: the print colophon (p. 2, at the EPUB's end) and
    # the contents' second page (p. 4) are not listed; every entry is a page break
    assert [int(label) for _, label in entries] == [1, 3] + list(range(5, pages + 1))
    assert all("#page-" in href for href, _ in entries)
    checked = 0
    for href, label in entries:
        file, _, fragment = href.partition("#")
        doc = docs[f"EPUB/{file}"]
        if fragment.startswith("page-"):
            # the marker is in the chapter document, once
            assert doc.count(f'id="{fragment}"') == 1
            assert f'epub:type="pagebreak" role="doc-pagebreak" id="{fragment}" aria-label="{label}"' in doc
            # and that chapter holds the text printed on that page (the front matter's
            # pages hold the EPUB's own title page and contents, not the print's)
            if not file.startswith("text/"):
                continue
            lines = [l.strip() for l in _pdf_page_text(pdf, int(label)).split("\n") if len(l.strip()) > 12]
            body = [l for l in lines[1:-1] if not l.isdigit()]     # not the running head or the number
            if body:
                line = re.sub(r"^\s*(?:\d+\.|•)\s*", "", body[len(body) // 2])   # not a list's marker
                probe = re.sub(r"\s+", "", line)[:10]
                assert probe in _plain(doc), (label, file, probe)
                checked += 1
    assert checked > pages // 2


def test_markers_appear_in_page_order(built):
    docs = _epub(built / "kazakhstan.en.epub")
    opf = zipfile.ZipFile(built / "kazakhstan.en.epub").read("EPUB/content.opf").decode("utf-8")
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    manifest = dict(re.findall(r'<item [^>]*href="([^"]+)"[^>]*id="([^"]+)"', opf))
    ids_to_href = {v: k for k, v in manifest.items()}
    order = []
    for idref in spine:
        href = ids_to_href.get(idref)
        if href and f"EPUB/{href}" in docs:
            order += [int(n) for n in re.findall(r'id="page-(\d+)"', docs[f"EPUB/{href}"])]
    assert order == sorted(order) and len(order) == len(set(order))
