"""The build cache folder (cache.py): entries whole or not at all, and kept to a size."""

from __future__ import annotations

import os

from zinepress.build.cache import BuildCache, CachedOutput
from zinepress.report import OutputRecord


def _store(cache: BuildCache, tmp_path, key: str, size: int = 1000) -> CachedOutput:
    output = tmp_path / f"{key}.epub"
    output.write_bytes(b"x" * size)
    picture = tmp_path / f"{key}.epub.cover.png"
    picture.write_bytes(b"png")
    entry = CachedOutput(output.name, OutputRecord("en", "epub", output.name, size), page_marks=[1, 2])
    cache.store(key, entry, output, [picture])
    return entry


def test_an_entry_comes_back_with_its_file_pictures_and_facts(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    _store(cache, tmp_path, "k1")
    entry = cache.lookup("k1")
    assert entry.path.read_bytes() == b"x" * 1000
    assert [(entry.folder / t).read_bytes() for t in entry.thumbnails] == [b"png"]
    assert entry.record.size == 1000 and entry.page_marks == [1, 2]
    assert cache.lookup("other") is None


def test_a_damaged_or_half_entry_is_no_entry(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    _store(cache, tmp_path, "broken")
    _store(cache, tmp_path, "half")
    (tmp_path / "cache/outputs/broken/entry.pickle").write_bytes(b"\x80not a pickle")
    (tmp_path / "cache/outputs/half/half.epub").unlink()
    assert cache.lookup("broken") is None and cache.lookup("half") is None


def test_no_folder_no_cache(tmp_path):
    cache = BuildCache(None)
    _store(cache, tmp_path, "k")
    assert cache.lookup("k") is None and cache.timings() == {} and cache.prune(set()) == []


def test_timings_are_merged(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    cache.store_timings({"a.pdf": 5.0})
    cache.store_timings({"b.epub": 1.5})
    assert cache.timings() == {"a.pdf": 5.0, "b.epub": 1.5}


def test_pruning_removes_the_least_recently_used_first_never_the_kept(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    for age, key in enumerate(["newest", "kept-old", "old", "oldest"]):
        _store(cache, tmp_path, key, size=10_000)
        stamp = 1_700_000_000 - age * 1000
        os.utime(tmp_path / "cache/outputs" / key, (stamp, stamp))
    cache.lookup("newest")                  # a use marks it used now
    removed = cache.prune(keep={"kept-old"}, max_bytes=25_000)
    assert sorted(p.name for p in removed) == ["old", "oldest"]
    assert cache.lookup("newest") and cache.lookup("kept-old")
