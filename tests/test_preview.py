"""`zinepress preview`: the real command on a copy of the book, looked at in headless
Chromium; a source changed on disk shows in the page within 5 s."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from browser import CHROMIUM, Browser, free_port
from conftest import ROOT

pytestmark = [pytest.mark.e2e,          # a real preview server and Chromium
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/setup installs it)")]

ADDED = "A sentence added while the preview was open."


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "book", tmp_path / "book")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path


@pytest.fixture
def server(project):
    """The preview of the en edition, and the address it printed."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "zinepress", "preview", "--book", project / "book",
                                "--edition", "en", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
    assert match and int(match.group(1)) == port, (first, process.stderr.read() if not match else "")
    yield process, match.group(0)
    if process.poll() is None:
        process.kill()


@pytest.fixture
def browser():
    chromium = Browser()
    yield chromium
    chromium.close()


def test_the_page_follows_a_change_of_a_source(project, server, browser, tmp_path):
    process, url = server
    browser.open(url)
    assert browser.evaluate("document.title").startswith("Kazakhstan")
    assert "The Uprising in Kazakhstan" in browser.evaluate("document.body.innerText")
    assert ADDED not in browser.evaluate("document.body.innerText")
    # notes are links: a call goes to its note, whose back-link returns
    call = browser.evaluate("document.querySelector('a[role=doc-noteref]').getAttribute('href')")
    assert browser.evaluate(f"document.querySelector('{call}').getAttribute('epub:type')") == "endnote"
    browser.screenshot(tmp_path / "screen.png")

    essay = project / "seeds" / "004_24c83fe0c7bbf0c1.txt"
    with essay.open("a", encoding="utf-8") as source:
        source.write(f"\n{ADDED}\n")
    seconds = browser.wait_for(f"document.body.innerText.includes({ADDED!r})", seconds=5)
    assert seconds < 5

    # the print page view: print.css on, the screen stylesheet off (the reloaded page's
    # script, deferred, runs once the page is parsed: the text may show a moment before)
    browser.wait_for("document.readyState === 'complete'", seconds=5)
    browser.evaluate("document.getElementById('preview-view').click()")
    assert browser.evaluate("document.documentElement.classList.contains('print-view')")
    assert browser.evaluate("document.querySelector('link.view-screen').disabled")

    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "read again: 004" in out and "preview stopped" in out
    assert "Traceback" not in err


def test_a_mistake_is_shown_on_the_page_until_it_is_mended(project, server, browser):
    _, url = server
    browser.open(url)
    notes = project / "book" / "notes.toml"
    good = notes.read_text(encoding="utf-8")
    notes.write_text(good + "\n[[note\n", encoding="utf-8")
    browser.wait_for("document.body.innerText.includes('The book has a mistake')", seconds=5)
    assert "notes.toml" in browser.evaluate("document.querySelector('.preview-error pre').innerText")
    notes.write_text(good, encoding="utf-8")
    browser.wait_for("document.querySelector('.preview-error') === null", seconds=5)
    time.sleep(0.2)
    assert "The Uprising in Kazakhstan" in browser.evaluate("document.body.innerText")
