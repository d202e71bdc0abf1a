"""Repeatable builds: the same book built in two folders, a second apart, under two time
zones and two locales, with SOURCE_DATE_EPOCH at the same date, gives the same bytes, for
every EPUB and PDF of every edition (booklets included). The two builds are the
session's: release_dist and repeat_dist (tests/conftest.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def _digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())
            if p.suffix in (".epub", ".pdf")}


def test_every_epub_and_pdf_of_every_edition_is_built(release_dist, repeat_dist):
    for out in (release_dist, repeat_dist):
        names = _digests(out)
        assert {name.split(".")[1] for name in names} == {"zh-Hans", "zh-Hant", "en"}
        assert sum(name.endswith(".epub") for name in names) == 4
        assert sum(name.endswith(".pdf") for name in names) == 9


def test_same_bytes_in_another_folder_time_zone_locale_and_second(release_dist, repeat_dist):
    first, second = _digests(release_dist), _digests(repeat_dist)
    assert first.keys() == second.keys()
    assert sorted(name for name in first if first[name] != second[name]) == []
