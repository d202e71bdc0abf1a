"""A real plain text paged with form feeds (tests/corpus/plaintext/rfc1459-irc-protocol.txt,
RFC 1459 as a repository stores it: a form feed on a line of its own between pages,
every page with its running head and foot). Form feeds are never lines: every line
number the tool prints — the reader's blocks, `zinepress sources`, `inspect`, an
error, report.json, the proposed order file — is the line `sed -n Np` shows.

The expectations were written by reading the file (``cat -A``, ``sed -n``), not by
copying the tool's output.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from zinepress.changes import ChangeLog
from zinepress.model import Heading, Para
from zinepress.readers.pdftext import read_pdftext
from zinepress.transforms import RuleContext, run_rules
from zinepress.transforms.cleaning import rules_for
from zinepress.walk import plain_text

NAME = "rfc1459-irc-protocol.txt"
FILE = ROOT / "tests" / "corpus" / "plaintext" / NAME
# the lines that hold a form feed alone (cat -A shows "^L$"): the file's page breaks
FORM_FEEDS = [115, 171, 227, 283, 339, 395]


def sed(line: int) -> str:
    return subprocess.run(["sed", "-n", f"{line}p", str(FILE)], capture_output=True, text=True,
                          check=True).stdout.rstrip("\n")


def cleaned():
    raw = read_pdftext(FILE, "rfc", "en")
    log = ChangeLog()
    return raw, run_rules(copy.deepcopy(raw), rules_for("pdftext"), RuleContext(log)), log


def test_the_file_pages_with_form_feeds_on_lines_of_their_own():
    text = FILE.read_text(encoding="utf-8")
    assert [n for n, line in enumerate(text.split("\n"), start=1) if "\f" in line] == FORM_FEEDS
    assert all(sed(n) == "\f" for n in FORM_FEEDS)
    # str.splitlines counts each of them twice (at the form feed and at the newline)
    assert len(text.splitlines()) == 418 + len(FORM_FEEDS)
    assert subprocess.run(["sed", "-n", "$=", str(FILE)], capture_output=True, text=True).stdout.strip() == "418"


def test_running_heads_and_feet_go_at_the_lines_sed_shows():
    _, _, log = cleaned()
    furniture = [(r.first_line, r.text) for r in log.removals if r.rule == "running-heads"]
    # each page break: the foot "Oikarinen & Reed [Page N]" the line before the form feed,
    # the head "RFC 1459  Internet Relay Chat Protocol  May 1993" the line after it
    expected = []
    for n, feed in enumerate(FORM_FEEDS, start=2):
        expected += [(feed - 1, f"Oikarinen & Reed [Page {n}]"), (feed + 1, "RFC 1459 Internet Relay Chat Protocol May 1993")]
    assert furniture == expected
    assert all(" ".join(sed(line).split()) == text for line, text in furniture)


def test_what_a_reader_of_the_rfc_sees():
    raw, clean, log = cleaned()
    removed = {r.rule: (r.first_line, r.last_line) for r in log.removals if r.rule in ("title-page", "contents-page")}
    # lines 7-32: the memo's header, its title, status and abstract; lines 34-160: the contents,
    # over three pages ("Table of Contents" stands under the abstract on page 1)
    assert removed == {"title-page": (7, 32), "contents-page": (34, 160)}
    assert sed(34) == "Table of Contents"
    headings = [(b.prov.first_line, plain_text(b.inlines)) for b in clean.blocks if isinstance(b, Heading)]
    assert headings[0] == (175, "1. INTRODUCTION") and (373, "2.3 Messages") in headings
    paras = {b.prov.first_line: " ".join(plain_text(b.inlines).split()) for b in clean.blocks if isinstance(b, Para)}
    # page 7 ends "…used by servers to indicate the true", page 8 goes on "origin of the message.":
    # one paragraph, its head and foot between left out
    assert "to indicate the true origin of the message. If the prefix is missing" in paras[387]
    assert "Oikarinen" not in paras[387] and "RFC 1459" not in paras[387]
    # page 4 ends mid-sentence too ("…known to all the servers that are" / "connected to the network.")
    assert "known to all the servers that are connected to the network." in paras[277]
    # the printed page numbers come from the feet ("[Page 4]"), not the head's "1459" or "1993"
    assert [p["number"] for p in raw.meta["pages"]] == [2, 3, 4, 5, 6, 7, None]


def test_every_block_starts_on_the_line_sed_shows():
    raw, _, _ = cleaned()
    checked = 0
    for block in raw.blocks:
        if isinstance(block, (Para, Heading)) and block.prov:
            words = sed(block.prov.first_line).split()[:3]
            assert plain_text(block.inlines).split()[:len(words)] == words, block.prov
            checked += 1
    assert checked > 30


def test_read_as_plain_text_its_lines_are_seds_too():
    """Given kind = "plaintext" instead, the reader cuts paragraphs at blank lines (a form feed
    alone counts as one) and numbers them as sed does."""
    from zinepress.readers.plaintext import read_plaintext
    checked = 0
    for block in read_plaintext(FILE, "rfc", "en").blocks:
        if isinstance(block, (Para, Heading)):
            assert " ".join(sed(block.prov.first_line).split()).startswith(plain_text(block.inlines).split()[0])
            assert "\f" not in sed(block.prov.first_line) and "\f" not in sed(block.prov.last_line)
            checked += 1
    assert checked > 40


# --- the real commands ---------------------------------------------------------------------

BOOK_TOML = """\
[book]
title = { en = "Internet Relay Chat Protocol" }
author = "J. Oikarinen, D. Reed"
date = "1993"
publisher = "zinepress"
rights = "Distribution of this memo is unlimited."

[[source]]
id = "rfc"
file = "seeds/rfc1459-irc-protocol.txt"
kind = "pdftext"
lang = "en"
description = "RFC 1459, its first pages"

[[edition]]
name = "en"
lang = "en"
sources = ["rfc"]
formats = ["epub"]

  [[edition.contents]]
  role = "chapter"
  source = "rfc"
  heading = "1. INTRODUCTION"
"""


def zinepress(*args: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "zinepress", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def rfc_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("rfc")
    (root / "book").mkdir()
    (root / "seeds").mkdir()
    (root / "seeds" / NAME).write_bytes(FILE.read_bytes())
    (root / "book" / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    return root


def test_sources_counts_the_lines_sed_counts_and_guesses_a_paged_text(rfc_book):
    done = zinepress("sources", "--book", "book", cwd=rfc_book)
    assert done.returncode == 0, done.stderr
    (row,) = [line.split() for line in done.stdout.splitlines() if line.startswith("rfc ")]
    assert row[2:4] == ["pdftext", "pdftext"]          # kind given, kind guessed (its form feeds)
    assert row[7] == "418"                             # lines, as sed -n '$=' counts them


_ROW = re.compile(r"^\s*\d+\s+(\d+)(?:–(\d+))?\s+(\S+(?: \d)?)\s+(.*)$")


def test_inspect_shows_each_block_at_the_line_sed_shows(rfc_book):
    done = zinepress("inspect", "rfc", "--book", "book", cwd=rfc_book)
    assert done.returncode == 0, done.stderr
    assert "(pdftext, en, 418 lines)" in done.stdout
    checked = 0
    for row in done.stdout.splitlines():
        match = _ROW.match(row)
        if not match or match.group(4).startswith("("):
            continue
        first, text = int(match.group(1)), re.sub(r"\s+\[removed.*$", "", match.group(4)).rstrip("…")
        words = text.split()[:1]     # (a block of one-word lines: ":", "[ etc. ]")
        assert " ".join(sed(first).split()).startswith(" ".join(words)), row
        checked += 1
    assert checked > 40 and any(int(_ROW.match(r).group(1)) > FORM_FEEDS[-1] for r in done.stdout.splitlines()
                                if _ROW.match(r))


def test_an_unplaced_fragment_is_named_at_the_line_sed_shows(rfc_book, tmp_path):
    """A deliberately bad order file: the paragraph at line 409 (after six form feeds) is
    placed by no entry; the error names rfc:409, and sed -n 409p shows its words."""
    order = rfc_book / "book" / "order"
    order.mkdir(exist_ok=True)
    (order / "rfc.toml").write_text(
        'source = "rfc"\norder = [\n'
        '  { join = "heading",   match = "1. INTRODUCTION", through = "The presence of a prefix" },\n'
        '  { join = "paragraph", match = "IRC messages are always lines" },\n]\n', encoding="utf-8")
    try:
        done = zinepress("build", "--book", "book", "--out", str(tmp_path / "dist"), "--cache",
                         str(tmp_path / "cache"), "--no-check", cwd=rfc_book)
    finally:
        (order / "rfc.toml").unlink()
    assert done.returncode == 2 and not (tmp_path / "dist").exists()
    named = re.search(r"rfc:(\d+) “([^”…]+)", done.stderr)
    assert named and int(named.group(1)) == 409 > FORM_FEEDS[0], done.stderr
    assert " ".join(sed(409).split()).startswith(" ".join(named.group(2).split()))


@pytest.mark.e2e
def test_the_proposed_order_and_report_json_name_the_lines_sed_shows(rfc_book, tmp_path):
    """`order propose` (its entries' `# rfc:N–M` comments) and a build from its proposal
    (report.json's removals and audit): every line number is sed's."""
    proposed = zinepress("order", "propose", "rfc", "--book", "book", cwd=rfc_book)
    assert proposed.returncode == 0, proposed.stderr
    spans = [(int(a), int(b or a)) for a, b in re.findall(r"# rfc:(\d+)(?:–(\d+))?", proposed.stdout)]
    assert spans and spans[0] == (175, 387)
    for first, last in spans:            # each entry's first and last fragment open on those lines
        for line in (first, last):
            assert sed(line).strip() and "\f" not in sed(line)
    (rfc_book / "book" / "order").mkdir(exist_ok=True)
    (rfc_book / "book" / "order" / "rfc.toml").write_text(proposed.stdout, encoding="utf-8")
    try:
        built = zinepress("build", "--book", "book", "--out", str(tmp_path / "dist"), "--cache",
                          str(tmp_path / "cache"), "--no-check", cwd=rfc_book)
    finally:
        (rfc_book / "book" / "order" / "rfc.toml").unlink()
    assert built.returncode == 0, built.stderr
    report = json.loads((tmp_path / "dist" / "report.json").read_text(encoding="utf-8"))
    assert report["sources"][0]["lines"] == 418
    removals = [r for r in report["removals"] if r["source"] == "rfc"]
    assert len(removals) == 14
    for removal in removals:
        first_words = " ".join(removal["text"].split()[:2])
        assert " ".join(sed(removal["first_line"]).split()).startswith(first_words), removal
