"""The build cache, end to end: `zinepress build` run again on a copy of the real book.

Each build's record of what it made is report.json: every output is "built"
(made by this build) or "cached" (its inputs unchanged, copied from the
cache). Three builds share one cache: a cold one, one with no change, and one
after a paragraph was added to 000 (a source of zh-Hans, and so of zh-Hant).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.e2e          # builds whole books with the real command line

ZINEPRESS = Path(sys.executable).with_name("zinepress")
ADDED = "本书的这一版是排版测试。"          # one-to-one characters for OpenCC: nothing to review
CHINESE = ("zh-Hans", "zh-Hant")


def _build(project: Path, out: Path, cache: Path, *extra: str) -> dict:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    result = subprocess.run([ZINEPRESS, "build", "--book", project / "book", "--out", out,
                             "--cache", cache, "--no-check", *extra],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()
            if p.suffix in (".epub", ".pdf")}


def _status(report: dict) -> dict[str, str]:
    return {o["path"]: o["status"] for o in report["outputs"]}


def _epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xhtml"))


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(project, out, cache, cold report, no-change report, after-the-change report,
    digests after each)."""
    root = tmp_path_factory.mktemp("incremental")
    project, out, cache = root / "project", root / "dist", root / "cache"
    shutil.copytree(ROOT / "book", project / "book")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    cold = _build(project, out, cache)
    cold_digests = _digests(out)
    again = _build(project, out, cache)
    again_digests = _digests(out)
    with (project / "seeds" / "000_b69d0bd8fb471367.txt").open("a", encoding="utf-8") as source:
        source.write(f"\n{ADDED}\n")
    changed = _build(project, out, cache)
    return project, out, cache, cold, again, changed, cold_digests, again_digests, _digests(out)


def test_a_cold_build_makes_everything(builds):
    cold = builds[3]
    assert len(cold["outputs"]) == 13
    assert set(_status(cold).values()) == {"built"}


def test_a_second_build_with_no_change_makes_nothing(builds):
    _, out, _, cold, again, _, cold_digests, again_digests, _ = builds
    assert set(_status(again).values()) == {"cached"}
    assert _status(again).keys() == _status(cold).keys()
    # the same files, the same facts
    assert again_digests == cold_digests
    assert again["removals"] == cold["removals"] and again["edits"] == cold["edits"]
    assert [a["passed"] for a in again["audits"]] == [True] * 4


def test_a_change_to_a_zh_hans_source_remakes_the_chinese_editions_only(builds):
    _, out, _, _, _, changed, _, before, after = builds
    status = _status(changed)
    for name, state in status.items():
        edition = name.split(".")[1]
        assert state == ("built" if edition in CHINESE else "cached"), name
    for name in before:
        if ".en." in name:
            assert after[name] == before[name], name
        else:
            assert after[name] != before[name], name
    # the change is in the Chinese texts, in their scripts
    assert ADDED in _epub_text(out / "kazakhstan.zh-Hans.epub")
    assert "本書的這一版是排版測試。" in _epub_text(out / "kazakhstan.zh-Hant.epub")
    assert ADDED not in _epub_text(out / "kazakhstan.en.epub")
    # and the audits read the new text
    assert all(a["passed"] for a in changed["audits"])


def test_a_damaged_cache_entry_is_made_again_and_only_it(builds):
    project, out, cache, *_ = builds
    damaged = 0
    for entry in (cache / "outputs").glob("*/entry.pickle"):
        if "kazakhstan.en.epub" in {p.name for p in entry.parent.iterdir()}:
            entry.write_bytes(b"not a pickle")
            damaged += 1
    assert damaged >= 1
    status = _status(_build(project, out, cache))
    assert status.pop("kazakhstan.en.epub") == "built"
    assert set(status.values()) == {"cached"}


def test_deleting_the_cache_only_costs_time(builds, tmp_path):
    """A build without the cache gives the same bytes as the cached one (booklets only,
    to keep the test short: they need the A5 PDF, which is made again too)."""
    project, out, *_ = builds
    fresh = tmp_path / "dist"
    report = _build(project, fresh, tmp_path / "new-cache", "--edition", "en", "--format", "booklet-a4")
    assert _status(report) == {"kazakhstan.en.booklet-a4.pdf": "built"}
    assert _digests(fresh) == {k: v for k, v in _digests(out).items() if k == "kazakhstan.en.booklet-a4.pdf"}


def test_zinepress_check_runs_epubcheck_and_the_audit_on_what_is_there(builds, tmp_path):
    project, out, *_ = builds
    dist = tmp_path / "dist"
    dist.mkdir()
    for name in ("kazakhstan.en.epub", "kazakhstan.zh-Hans.epub"):
        shutil.copy(out / name, dist / name)
    command = [ZINEPRESS, "check", "--book", project / "book", "--out", dist]
    # (Ace, which drives a Chromium for each EPUB, runs in the second check below only:
    # test_reading_systems.py reads every EPUB of the release with it)
    no_ace = dict(os.environ, ZINEPRESS_ACE=str(tmp_path / "no-ace"))
    good = subprocess.run(command, capture_output=True, text=True, check=False, env=no_ace)
    assert good.returncode == 0, good.stderr
    assert "kazakhstan.en.epub: EPUBCheck: 0 errors, 0 warnings; audit of" in good.stdout
    assert "kazakhstan.zh-Hans.epub: EPUBCheck: 0 errors, 0 warnings; audit of" in good.stdout
    assert "Ace by DAISY is not installed: skipped" in good.stdout
    # an EPUB that lost a chapter's file fails both, and says so
    damaged = dist / "kazakhstan.en.epub"
    with zipfile.ZipFile(out / "kazakhstan.en.epub") as source, zipfile.ZipFile(damaged, "w") as target:
        dropped = next(n for n in source.namelist() if n.startswith("EPUB/text/"))
        for item in source.infolist():
            if item.filename != dropped:
                target.writestr(item, source.read(item))
    bad = subprocess.run(command, capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert "kazakhstan.en.epub: EPUBCheck:" in bad.stdout and "problems" in bad.stdout
    assert "sentence missing" in bad.stdout and "FAILED" in bad.stdout
    assert "1 EPUB failed the checks" in bad.stderr
    from zinepress.checks.ace import ace_command
    if ace_command() is not None:        # then Ace, on what EPUBCheck passed: the good one only
        assert "kazakhstan.zh-Hans.epub: Ace by DAISY: 0 violations" in bad.stdout
        assert "kazakhstan.en.epub: Ace" not in bad.stdout
    else:
        assert "Ace by DAISY is not installed: skipped" in bad.stdout


def test_a_copied_book_folder_builds_its_own_text_not_the_originals(tmp_path):
    """A trace names files by absolute path: a copy of a book folder, its cache inside it,
    once checked the original's files and took the original's text for its own (a source
    edited in the copy, a contents entry broken in it, and the build said nothing)."""
    original, copy = tmp_path / "zine", tmp_path / "zine-variant"
    made = subprocess.run([ZINEPRESS, "new", original, "--title", "Print Night", "--lang", "en"],
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    (original / "seeds" / "first.md").write_text("# Print night\n\nThe stencils were cut on Monday.\n",
                                                 encoding="utf-8")

    def build(project: Path) -> str:
        result = subprocess.run([ZINEPRESS, "build", "--format", "epub", "--no-check"], cwd=project,
                                capture_output=True, text=True, check=False,
                                env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
        assert result.returncode == 0, result.stderr
        return _epub_text(project / "dist" / "print-night.en.epub")

    assert "cut on Monday" in build(original)
    shutil.copytree(original, copy)
    assert (copy / ".zinepress-cache").is_dir()
    (copy / "seeds" / "first.md").write_text("# Print night\n\nThe stencils were cut on Friday.\n",
                                             encoding="utf-8")
    text = build(copy)
    assert "cut on Friday" in text and "cut on Monday" not in text
    # and the original, built again, is still its own, from its cache
    assert "cut on Monday" in build(original)
    report = json.loads((original / "dist" / "report.json").read_text(encoding="utf-8"))
    assert _status(report) == {"print-night.en.epub": "cached"}
