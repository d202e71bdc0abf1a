"""A book made of real pdftotext extracts (tests/books/pages/): it builds, EPUBCheck and
the audit pass, and the audit still catches one sentence taken out of the EPUB."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from zinepress.transforms.assemble import assemble
from zinepress.checks.audit import audit_edition, read_epub_blocks
from zinepress.changes import ChangeLog
from zinepress.cli import main
from zinepress.bookfiles.config import load_book
from zinepress.pipeline import clean_source, read_sources

BOOK = Path(__file__).parent / "books" / "pages" / "book"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def pages_dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    assert main(["build", "--book", str(BOOK), "--out", str(out / "dist"), "--cache", str(out / "cache")]) == 0
    return out / "dist"


def test_builds_with_epubcheck_and_audit_passing(pages_dist):
    report = json.loads((pages_dist / "report.json").read_text(encoding="utf-8"))
    assert report["passed"]
    (audit,) = report["audits"]
    assert audit["passed"] and audit["sentences_checked"] > 500
    with zipfile.ZipFile(pages_dist / "pages.en.epub") as epub:
        names = epub.namelist()
        text = "".join(epub.read(n).decode() for n in names if n.endswith(".xhtml"))
    # what the reader made of the pages: a two-line heading, a footnote, hyphens joined
    assert "CHAPTER I. MR. SHERLOCK HOLMES." in text
    assert "The motto alludes to the Author" in text and 'epub:type="noteref"' in text
    assert "success. It was plain" in text and "suc- cess" not in text
    # and none of the pages' furniture
    assert "robin hood</p>" not in text and ">Chapter 1</p>" not in text


def test_a_sentence_taken_out_of_the_epub_is_named(pages_dist, tmp_path):
    config = load_book(BOOK)
    edition = config.editions[0]
    raw = read_sources(config, list(edition.sources))
    log = ChangeLog()
    cleaned = {i: clean_source(config, raw[i], log) for i in edition.sources}
    assemble(config, edition, cleaned)
    blocks = read_epub_blocks(pages_dist / "pages.en.epub")
    assert audit_edition("en", [raw[i] for i in edition.sources], log, blocks, "epub").passed
    at = next(i for i, b in enumerate(blocks) if "Mr. Bennet replied that he had not." in b)
    blocks[at] = blocks[at].replace("Mr. Bennet replied that he had not.", "")
    result = audit_edition("en", [raw[i] for i in edition.sources], log, blocks, "epub")
    # named at its line; the splitter takes "Mr." for a sentence, checked in its context
    assert [(f.problem, f.source, f.line) for f in result.findings] == [("missing", "pp", 29)] * 2
    assert " ".join(f.text for f in result.findings) == "Mr. Bennet replied that he had not."
    assert all("sed -n 29p" in f.hint for f in result.findings)


def test_report_counts_lines_as_sed_does(pages_dist):
    import subprocess
    report = json.loads((pages_dist / "report.json").read_text(encoding="utf-8"))
    for source in report["sources"]:
        path = BOOK.parent / source["file"]
        sed = subprocess.run(["sed", "-n", "$=", str(path)], capture_output=True, text=True, check=True)
        assert source["lines"] == int(sed.stdout), source["ident"]
