"""Repeatable builds: with SOURCE_DATE_EPOCH set, the same book built in two folders,
at two times, under two time zones and two locales gives the same bytes, for every
EPUB and PDF of every edition (booklets included)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

ZINEPRESS = Path(sys.executable).with_name("zinepress")
EPOCH = "1700000000"
SETTINGS = [
    {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
    {"TZ": "Asia/Taipei", "LANG": "zh_TW.UTF-8", "LC_ALL": "zh_TW.UTF-8"},
]


def _build(project: Path, settings: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(settings, SOURCE_DATE_EPOCH=EPOCH)
    out = project / "dist"
    result = subprocess.run([ZINEPRESS, "build", "--book", project / "book", "--out", out, "--no-check",
                             "--no-cache"], capture_output=True, text=True, env=env, cwd=project, check=False)
    assert result.returncode == 0, result.stderr
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())
            if p.suffix in (".epub", ".pdf")}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    builds = []
    for number, settings in enumerate(SETTINGS):
        project = tmp_path_factory.mktemp(f"repeatable-{number}") / ("a" if number == 0 else "b/deeper/project")
        shutil.copytree(ROOT / "book", project / "book")
        shutil.copytree(ROOT / "seeds", project / "seeds")
        if builds:
            time.sleep(1.1)             # another second on the clock
        builds.append(_build(project, settings))
    return builds


def test_every_epub_and_pdf_of_every_edition_is_built(two_builds):
    first, _ = two_builds
    editions = {name.split(".")[1] for name in first}
    assert editions == {"zh-Hans", "zh-Hant", "en"}
    assert sum(name.endswith(".epub") for name in first) == 4
    assert sum(name.endswith(".pdf") for name in first) == 9


def test_same_bytes_in_another_folder_time_zone_locale_and_second(two_builds):
    first, second = two_builds
    differing = sorted(name for name in first if first[name] != second.get(name))
    assert first.keys() == second.keys()
    assert differing == []
