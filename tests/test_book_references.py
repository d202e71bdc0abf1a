"""The translations `order propose` finds in book.toml (editor/book_references.py): which
sources of another language it reads, in which order, and which it leaves out and why."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from zinepress.bookfiles.config import EditionConfig, load_book
from zinepress.editor.book_references import book_translations, candidates
from zinepress.model import Para, Provenance, Source, Text
from zinepress.readers import reader_for

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "tests" / "books" / "second" / "book"


def _reader(config):
    def read(ident: str) -> Source:
        cfg = config.sources[ident]
        return reader_for(cfg.kind)(cfg.file, ident, cfg.lang)
    return read


def test_the_first_book_s_translations_of_003_are_000_and_001_in_reading_order():
    config = load_book(ROOT / "book")
    # 004 is in the zh-Hans edition too, but English: no translation of 003; 002 is in no edition
    assert candidates(config, "003") == [("000", "zh-Hans"), ("001", "zh-Hans")]
    found = book_translations(config, _reader(config)("003"), _reader(config))
    assert (found.read, found.editions, found.left_out) == (("000", "001"), ("zh-Hans",), ())
    assert found.describe() == ("read as translations (book.toml, edition zh-Hans): 000, 001; "
                                "--no-translations to leave them out")


def test_a_source_of_another_language_sharing_few_anchors_is_no_translation():
    # the second book's Chinese posts are not translations of its English zine ("table")
    config = load_book(SECOND)
    assert [i for i, _ in candidates(config, "table")] == ["night", "duplicator"]
    found = book_translations(config, _reader(config)("table"), _reader(config))
    assert found.read == ()
    assert [i for i, _ in found.left_out] == ["night", "duplicator"]
    assert "not read as a translation of table: duplicator shares 1 anchor (numbers, names) with table, " \
           "fewer than 5; --reference duplicator reads it anyway" in found.describe()
    # and the first book's English appendix is no translation of its Chinese Part I
    first = load_book(ROOT / "book")
    found = book_translations(first, _reader(first)("000"), _reader(first))
    assert ("004", "shares 4 anchors (numbers, names) with 000, fewer than 5") in found.left_out


def test_of_two_languages_the_one_sharing_more_anchors_is_read():
    config = load_book(ROOT / "book")

    def text(ident: str, lang: str, body: str) -> Source:
        return Source(ident, f"{ident}.txt", lang, meta={}, blocks=[Para([Text(body)], prov=Provenance(ident, 1, 1))])

    names = "Almaty Bourne Kurnikov Tokayev Zhanaozen Nazarbayev 1986 1989"
    sources = {"en1": text("en1", "en", names), "fr1": text("fr1", "fr", "Almaty Bourne Kurnikov Tokayev Zhanaozen"),
               "de1": text("de1", "de", names)}
    config.sources = {i: replace(config.sources["003"], lang=s.lang) for i, s in sources.items()}
    config.editions = [EditionConfig(name="fr", lang="fr", sources=("fr1",)),
                       EditionConfig(name="de", lang="de", sources=("de1",))]
    found = book_translations(config, sources["en1"], sources.__getitem__)
    # both share at least five anchors with en1; read together, each would make the other's common
    assert found.read == ("de1",) and found.editions == ("de",)
    assert found.left_out == (("fr1", "is in another language than de1, whose anchors it shares fewer of"),)
