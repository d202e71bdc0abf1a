"""The build cache never changes a result (tests/cache_property.py).

A sample of the property in the suite: one input file of each kind of the
second book, and the two stale cases that were found (a source read only for
the notes, and a build with --no-check after EPUBCheck failed). The whole set,
every input file and every option of both books, is `scripts/bench --cache-check`.
"""

from __future__ import annotations

import pytest

from cache_property import build, check_file, input_files, make_project
from conftest import ROOT

pytestmark = pytest.mark.e2e

SECOND = ROOT / "tests" / "books" / "second" / "book"


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    """A copy of the second book, its cache warmed by one build: (project, cache, work)."""
    root = tmp_path_factory.mktemp("cache-property")
    project = make_project(SECOND, root)
    cache = root / "cache"
    assert build(project, root / "warm", cache, "--edition", "zh-Hant").status == 0
    return project, cache, root


def _sample(project):
    """One source, one file of book/, one template and one stylesheet."""
    files = input_files(project)
    pick = lambda folder, name: next(p for p in files if p.parent.name == folder and p.name == name)  # noqa: E731
    return [pick("seeds", "essay.txt"), pick("book", "notes.toml"), pick("templates", "chapter.xhtml.j2"),
            pick("styles", "print.css")]


@pytest.mark.parametrize("index", range(4), ids=["source", "book-file", "template", "style"])
def test_an_edit_then_a_cached_build_gives_what_an_uncached_one_gives(second, index):
    project, cache, root = second
    path = _sample(project)[index]
    change, cached, fresh = check_file(project, path, root / f"case-{index}", cache, "--edition", "zh-Hant")
    assert cached == fresh, change


def test_a_source_read_only_for_the_notes_is_part_of_the_key(tmp_path):
    """The stale build found: 002 is read for the English notes (book/notes.toml checks
    note 1 against it) but was not in the English edition's key."""
    project = make_project(ROOT / "book", tmp_path)
    cache = tmp_path / "cache"
    assert build(project, tmp_path / "warm", cache, "--edition", "en", "--format", "epub",
                 "--no-check").status == 0
    source = project / "seeds" / "002_bc65b14c19d20a6f.txt"
    text = source.read_text(encoding="utf-8")
    note = "the protests ended in a massacre at the hands of state forces"     # note 1, line 250
    assert text.count(note) == 1
    source.write_text(text.replace(note, note.replace("massacre", "massacres")), encoding="utf-8")
    options = ("--edition", "en", "--format", "epub", "--no-check")
    cached = build(project, tmp_path / "cached", cache, *options)
    fresh = build(project, tmp_path / "fresh", None, *options)
    assert cached == fresh
    assert cached.status == 2 and "note 1" in cached.message


def test_no_check_after_a_failed_epubcheck_writes_the_outputs(tmp_path):
    """EPUBCheck's verdict is kept in the cache, but a build with --no-check does not
    read it: the same command on a fresh copy writes the outputs."""
    project = tmp_path / "project"
    (project / "book").mkdir(parents=True)
    (project / "seeds").mkdir()
    (project / "book/book.toml").write_text(
        '[book]\ntitle = "Checks"\nauthor = "A"\ndate = "2024"\n\n[[source]]\nid = "s"\n'
        'file = "seeds/s.md"\nkind = "markdown"\nlang = "en"\ndescription = "d"\n\n'
        '[[edition]]\nname = "en"\nlang = "en"\nsources = ["s"]\nformats = ["epub"]\n', encoding="utf-8")
    (project / "seeds/s.md").write_text("# T\n\nA [broken link](http://[bad) in the text.\n",
                                        encoding="utf-8")
    cache = tmp_path / "cache"
    failed = build(project, tmp_path / "checked", cache)
    assert failed.status == 2 and "EPUBCheck" in failed.message, failed
    cached = build(project, tmp_path / "cached", cache, "--no-check")
    fresh = build(project, tmp_path / "fresh", None, "--no-check")
    assert cached == fresh
    assert cached.status == 0 and cached.outputs
