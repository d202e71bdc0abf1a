"""book.toml and editorial.toml: the real book loads; mistakes are named with file and line."""

from __future__ import annotations

import pytest

from conftest import ROOT, SEED_FILES
from zinepress.bookfiles.config import load_book
from zinepress.errors import ConfigError

GOOD = """[book]
title = { en = "T", zh-Hans = "题" }
author = "A"
date = "2022"

[[source]]
id = "s"
file = "src.md"
kind = "markdown"
lang = "en"
description = "a source"

[[edition]]
name = "en"
lang = "en"
sources = ["s"]
"""


def _book(tmp_path, text, editorial=None):
    folder = tmp_path / "book"
    folder.mkdir(exist_ok=True)
    (folder / "book.toml").write_text(text, encoding="utf-8")
    if editorial is not None:
        (folder / "editorial.toml").write_text(editorial, encoding="utf-8")
    return folder


def test_real_book(book):
    assert list(book.sources) == ["000", "001", "002", "003", "004"]
    assert book.sources["000"].file == SEED_FILES["000"]
    assert book.localized(book.title, "zh-Hans") == "哈萨克斯坦"
    assert book.localized(book.title, "en") == "Kazakhstan"
    assert book.sources["003"].retrieved == "November 6, 2022"
    assert [e.name for e in book.editions][:2] == ["zh-Hans", "zh-Hant"]
    zh_hant = book.editions[1]
    assert zh_hant.opencc == "s2tw" and zh_hant.contents == book.editions[0].contents
    kinds = [e["kind"] for e in book.editorial_for("000")]
    assert kinds.count("caption") == 4 and kinds.count("heading") == 2 and kinds.count("language") == 2


def test_seeds_are_the_shared_sources_byte_for_byte():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    for path in SEED_FILES.values():
        assert path.read_bytes() == (shared / path.name).read_bytes()


def test_good_minimal_book(tmp_path):
    config = load_book(_book(tmp_path, GOOD))
    assert config.sources["s"].file == tmp_path / "src.md"
    assert config.editions[0].formats == ("epub", "pdf", "booklet-a4", "booklet-letter")


@pytest.mark.parametrize("change, message, line", [
    (lambda t: t.replace('author = "A"', 'author = "A"\nautor = "B"'), "unknown key 'autor' in book", 4),
    (lambda t: t.replace('date = "2022"\n', ""), "missing required key 'date' in book", 1),
    (lambda t: t.replace('kind = "markdown"', 'kind = "docx"'), "unknown kind 'docx'", 7),
    (lambda t: t.replace('sources = ["s"]', 'sources = ["x"]'), "unknown source 'x'", 14),
    (lambda t: t.replace('lang = "en"\nsources', 'lang = "en"\nformats = ["mobi"]\nsources'), "unknown format 'mobi'", 14),
    (lambda t: t + '\n[[source]]\nid = "s"\nfile = "b"\nkind = "markdown"\nlang = "en"\ndescription = "d"\n',
     "source id 's' is used twice", 7),
    (lambda t: t.replace("[book]", "[book\n"), "not valid TOML", 1),
])
def test_mistakes_are_named(tmp_path, change, message, line):
    with pytest.raises(ConfigError) as err:
        load_book(_book(tmp_path, change(GOOD)))
    assert message in str(err.value)
    assert err.value.path.endswith("book.toml")
    assert err.value.line == line


def test_missing_book_toml(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_book(tmp_path)


def test_editorial_unknown_source_and_kind(tmp_path):
    with pytest.raises(ConfigError, match="unknown source 'zz'"):
        load_book(_book(tmp_path, GOOD, '[[caption]]\nsource = "zz"\nmatch = "x"\nreason = "r"\n'))
    with pytest.raises(ConfigError) as err:
        load_book(_book(tmp_path, GOOD, '[[footnote]]\nsource = "s"\n'))
    assert "unknown entry kind 'footnote'" in str(err.value) and err.value.path.endswith("editorial.toml")
