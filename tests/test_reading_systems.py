"""The EPUBs in reading systems nobody on this project wrote: Ace by DAISY and foliate-js.

Both come from npm into tools/node/ (scripts/setup); a test that needs one
skips, saying so, when it is not installed. They reuse the session's release
build (conftest.release_dist) and one Chromium for all of foliate's tests.

- Ace by DAISY (the accessibility checker publishers gate on): 0 violations
  of any impact on every EPUB.
- foliate-js (the Foliate reader's engine), driven as its reader.js drives
  it, in headless Chromium, with every aside footnote hidden as the reader
  (and Apple Books) hides them: the contents and page list it parses, a note
  call's popup, the notes chapter and the colophon as a reader sees them.
  Screenshots of each go to the test's tmp folder.
"""

from __future__ import annotations

import functools
import os
import http.server
import re
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from browser import CHROMIUM, Browser
from zinepress.checks.ace import NODE_TOOLS, ace_command, run_ace

pytestmark = pytest.mark.e2e

FOLIATE = NODE_TOOLS / "node_modules" / "foliate-js"
HARNESS = Path(__file__).parent / "foliate"
EPUBS = ["kazakhstan.zh-Hans.epub", "kazakhstan.zh-Hant.epub", "kazakhstan.zh-Hant.vertical.epub",
         "kazakhstan.en.epub"]
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# In CI (.ci/run sets ZINEPRESS_REQUIRE_READERS), setup must have installed them: a missing
# one fails instead of skipping, so that a broken install cannot pass unseen.
REQUIRED = bool(os.environ.get("ZINEPRESS_REQUIRE_READERS"))
LANGUAGE_CODE = re.compile(r"\b(zh-Hans|zh-Hant|zh|en)\b")


@pytest.fixture(scope="module")
def ace_results(release_dist):
    """Ace's verdict on every EPUB of the release, two at a time (each drives a Chromium)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(EPUBS, pool.map(lambda name: run_ace(release_dist / name), EPUBS)))


@pytest.mark.skipif(ace_command() is None and not REQUIRED,
                    reason="Ace by DAISY is not installed (scripts/setup installs it)")
@pytest.mark.parametrize("name", EPUBS)
def test_ace_finds_no_violation(ace_results, name):
    result = ace_results[name]
    assert not result.error and result.violations == [], result.error or "\n".join(map(str, result.violations))


# ---- foliate-js ------------------------------------------------------------------

def _notes(epub: Path) -> dict[str, str]:
    """The notes chapter's notes, read from the EPUB itself: note id -> its text
    without the number (the back-link)."""
    with zipfile.ZipFile(epub) as archive:
        root = etree.fromstring(archive.read("EPUB/text/notes.xhtml"))
    notes = {}
    for note in root.xpath("//*[@epub:type='endnote']", namespaces=NS):
        text = "".join(t for t in note.itertext())
        backlink = note.xpath(".//x:a[@role='doc-backlink']", namespaces=NS)[0]
        notes[note.get("id")] = " ".join(text.replace(backlink.text, "", 1).split())
    return notes


@pytest.fixture(scope="module")
def foliate(release_dist, tmp_path_factory):
    """The harness page, served with foliate-js and the release's EPUBs, in one Chromium."""
    if CHROMIUM is None and not REQUIRED:
        pytest.skip("Chromium is not installed (scripts/setup installs it)")
    if not (FOLIATE / "view.js").is_file() and not REQUIRED:
        pytest.skip("foliate-js is not installed (scripts/setup installs it into tools/node)")
    site = tmp_path_factory.mktemp("foliate-site")
    (site / "foliate-js").symlink_to(FOLIATE)
    (site / "epubs").symlink_to(release_dist)
    for name in ("harness.html", "harness.js"):
        (site / name).symlink_to(HARNESS / name)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = Browser()
    yield browser, f"http://127.0.0.1:{server.server_address[1]}"
    browser.close()
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _open(foliate, name: str) -> dict:
    browser, base = foliate
    browser.open(f"{base}/harness.html")
    browser.wait_for("window.harnessReady === true")
    browser.evaluate(f"harness.open('epubs/{name}').then(r => window.opened = r)")
    browser.wait_for("window.opened !== undefined", seconds=30)
    return browser.evaluate("window.opened")


def _call(browser: Browser, expression: str, seconds: float = 20):
    """Evaluate a promise-returning expression of the harness and wait for its value."""
    browser.evaluate(f"window.answer = undefined; window.failure = undefined; "
                     f"({expression}).then(r => window.answer = r, e => window.failure = String(e))")
    browser.wait_for("window.answer !== undefined || window.failure !== undefined", seconds=seconds)
    failure = browser.evaluate("window.failure")
    assert failure is None, failure
    return browser.evaluate("window.answer")


@pytest.mark.parametrize("name", EPUBS)
def test_foliate_shows_the_notes_contents_page_list_and_colophon(foliate, release_dist, name, tmp_path):
    browser, _ = foliate
    epub = release_dist / name
    chinese = ".zh-" in name
    opened = _open(foliate, name)

    # The contents and the page list, as foliate parsed them.
    assert len(opened["toc"]) >= 12 and opened["toc"][-1] in ("Notes", "注释", "註釋")
    pages = opened["pages"]
    assert pages and pages[0] == "1" and "2" not in pages, pages[:6]   # p. 2, the print colophon, is not here
    assert [int(p) for p in pages] == sorted(int(p) for p in pages)
    assert opened["dir"] == ("rtl" if "vertical" in name else "ltr") or not opened["dir"]

    # The notes chapter: every note's text is visible, with aside footnotes hidden.
    notes = _notes(epub)
    assert len(notes) == (6 if chinese else 4)
    shown = _call(browser, "harness.show('EPUB/text/notes.xhtml')")
    visible = " ".join(shown["text"].split())
    for ident, text in notes.items():
        assert text in visible, (ident, text[:60])
    browser.screenshot(tmp_path / f"{name}.notes.png")

    # A note call pops its note up (foliate's FootnoteHandler), its text whole.
    chapter = "EPUB/text/chapter-7.xhtml" if chinese else "EPUB/text/chapter-5.xhtml"
    _call(browser, f"harness.show('{chapter}')")
    calls = browser.evaluate("harness.noteCalls()")
    assert calls, chapter
    popup = _call(browser, f"harness.popup({calls[0]!r})")
    target = calls[0].split("#")[1]
    assert popup["type"] == "endnote" and not popup["hidden"]
    assert notes[target] in " ".join(popup["text"].split())
    browser.screenshot(tmp_path / f"{name}.popup.png")
    browser.evaluate("harness.closePopups()")

    # The colophon, in the edition's language, and no page of the print front matter.
    colophon = _call(browser, "harness.show('EPUB/colophon.xhtml')")
    text = colophon["text"]
    assert colophon["page"] not in ("1", "2", "3", "4")
    if chinese:
        assert ("版权页" in text or "版權頁" in text) and "原著" in text
        assert not LANGUAGE_CODE.search(text) and "%e8" not in text.lower()
    else:
        assert "Colophon" in text and "Original" in text
    browser.screenshot(tmp_path / f"{name}.colophon.png")


def test_aces_verdict_goes_into_the_report(release_dist, tmp_path):
    """zinepress check writes Ace's verdicts into the folder's report (JSON and HTML),
    the rest of the report as the build wrote it."""
    import json
    import shutil

    from zinepress.checks.outputs import _record_verdicts
    shutil.copy(release_dist / "report.json", tmp_path / "report.json")
    shutil.copytree(release_dist / "report-images", tmp_path / "report-images")
    before = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    _record_verdicts(tmp_path, {"kazakhstan.en.epub": "Ace by DAISY: 0 violations",
                                "kazakhstan.zh-Hans.epub": "Ace by DAISY: 1 violations (1 minor)"})
    after = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    verdicts = {Path(o["path"]).name: o["ace"] for o in after["outputs"]}
    assert verdicts["kazakhstan.en.epub"] == "Ace by DAISY: 0 violations"
    assert verdicts["kazakhstan.zh-Hant.epub"] == ""
    for output in after["outputs"]:
        output.pop("ace")
    for output in before["outputs"]:
        output.pop("ace", None)
    assert after == before
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<p class="check good">Ace by DAISY: 0 violations</p>' in html
    assert '<p class="check bad">Ace by DAISY: 1 violations (1 minor)</p>' in html
