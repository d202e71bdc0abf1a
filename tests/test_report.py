"""The build report: pictures of the outputs (report/thumbnails.py) and report.html / report.json."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ContentStream

from zinepress.changes import ChangeLog, Edit, Removal
from zinepress.checks.audit import AuditResult, Finding
from zinepress.errors import EnvironmentProblem
from zinepress.report import BuildReport, OutputRecord, SourceRecord, thumbnails
from zinepress.report.render import write_report
from zinepress.report.thumbnails import make_thumbnails

A5 = (419.53, 595.28)            # points
A4_LANDSCAPE = (841.89, 595.28)


def _pdf(path: Path, pages: int, size: tuple[float, float], openings: tuple[int, ...] = ()) -> Path:
    """A PDF of blank pages, each with a black square at a height that tells its number,
    and an outline entry on each page in openings (numbered from 1)."""
    writer = PdfWriter()
    for number in range(1, pages + 1):
        page = writer.add_blank_page(*size)
        content = ContentStream(None, None)
        content.set_data(f"0 0 0 rg 20 {20 * number} 60 15 re f".encode("ascii"))
        page.replace_contents(content)
    for number in openings:
        writer.add_outline_item(title=f"Chapter on page {number}", page_number=number - 1)
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def _epub(path: Path, cover: Image.Image | None, *, epub2: bool = False) -> Path:
    """A minimal EPUB whose OPF (in a subfolder) names its cover the EPUB 3 or the EPUB 2 way."""
    if cover is None:
        item, meta = "", ""
    elif epub2:
        item = '<item id="pic" href="images/cover.png" media-type="image/png"/>'
        meta = '<meta name="cover" content="pic"/>'
    else:
        item = '<item id="pic" href="images/cover.png" media-type="image/png" properties="cover-image"/>'
        meta = ""
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           f'<metadata>{meta}</metadata><manifest>{item}</manifest><spine/></package>')
    container = ('<?xml version="1.0"?><container version="1.0" '
                 'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                 '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                 '</rootfiles></container>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/content.opf", opf)
        if cover is not None:
            picture = path.with_suffix(".cover.png")
            cover.save(picture)
            archive.write(picture, "OEBPS/images/cover.png")
    return path


def _dark_rows(png: Path) -> list[int]:
    """The rows (from the bottom) of the picture where the black square is."""
    with Image.open(png) as image:
        grey = image.convert("L")
        return [grey.height - 1 - y for y in range(grey.height)
                if min(grey.getpixel((x, y)) for x in range(grey.width)) < 100]


# --- thumbnails ----------------------------------------------------------------------

@pytest.mark.parametrize("openings, pages", [
    ((3, 5, 9), (1, 3, 5, 9)),          # title, contents, first opening, next chapter
    ((2, 7, 9, 12), (1, 2, 7, 9)),      # wherever the outline says
    ((), (1, 3, 5, 7)),                 # no outline
])
def test_a5_pdf_pictures_title_page_and_outline_openings(tmp_path, openings, pages):
    pdf = _pdf(tmp_path / "book.en.pdf", 12, A5, openings=openings)
    paths = make_thumbnails(pdf, "pdf", tmp_path / "report-images")
    assert [p.name for p in paths] == [f"book.en.pdf.p{n}.png" for n in pages]
    for path, number in zip(paths, pages):
        with Image.open(path) as image:
            assert image.height == 200 and abs(image.width - 141) <= 1
            assert image.format == "PNG" and not image.text
        # the right page: page n has its square n * 20 pt up, 200 px for 595 pt
        rows = _dark_rows(path)
        assert rows and abs(min(rows) - 20 * number * 200 / 595.28) <= 2


# Headings on pages 2, 3 and 4 (the last nested), five pages: the PDF's outline, as WeasyPrint writes it.
OUTLINED = """<style>@page { size: A5; } h1, h2 { break-before: page; }</style>
<p>Title</p><h1>One</h1><p>text</p><h1>Two</h1><h2>Two, a</h2><p>more</p><p style="break-before: page">end</p>"""


def test_the_writer_s_outline_gives_the_pictures_poppler_s_would(tmp_path):
    """The A5 PDF's job hands the pictures the outline its document has (no pdfinfo, no
    pdftohtml): the pages poppler reads from the written file, and the same pictures."""
    from weasyprint import HTML

    from zinepress.writers.pdf import outline_pages
    document = HTML(string=OUTLINED).render()
    pdf = tmp_path / "book.en.pdf"
    pdf.write_bytes(document.write_pdf())
    assert outline_pages(document) == thumbnails._outline_pages(pdf) == [2, 3, 4]
    read_back = {p.name: p.read_bytes() for p in make_thumbnails(pdf, "pdf", tmp_path / "a")}
    known = {p.name: p.read_bytes()
             for p in make_thumbnails(pdf, "pdf", tmp_path / "b", (len(document.pages), outline_pages(document)))}
    assert known == read_back and list(known) == ["book.en.pdf.p1.png", "book.en.pdf.p2.png",
                                                  "book.en.pdf.p3.png", "book.en.pdf.p4.png"]


def test_same_pdf_gives_the_same_bytes_and_no_leftovers(tmp_path):
    pdf = _pdf(tmp_path / "book.en.pdf", 8, A5)
    folder = tmp_path / "report-images"
    first = {p.name: p.read_bytes() for p in make_thumbnails(pdf, "pdf", folder)}
    assert list(first) == ["book.en.pdf.p1.png", "book.en.pdf.p3.png", "book.en.pdf.p5.png",
                           "book.en.pdf.p7.png"]     # no outline: page 7
    second = {p.name: p.read_bytes() for p in make_thumbnails(pdf, "pdf", folder)}
    assert first == second
    assert sorted(p.name for p in folder.iterdir()) == sorted(first)   # no temporary files left


def test_short_pdf_and_stale_pictures(tmp_path):
    folder = tmp_path / "report-images"
    folder.mkdir()
    (folder / "book.en.pdf.p9.png").write_bytes(b"old")          # an earlier run's picture
    (folder / "other.pdf.p9.png").write_bytes(b"someone else's")
    pdf = _pdf(tmp_path / "book.en.pdf", 2, A5)
    assert [p.name for p in make_thumbnails(pdf, "pdf", folder)] == ["book.en.pdf.p1.png"]
    assert sorted(p.name for p in folder.iterdir()) == ["book.en.pdf.p1.png", "other.pdf.p9.png"]


def test_booklet_pictures_the_first_sheet_front_and_back(tmp_path):
    pdf = _pdf(tmp_path / "book.en.booklet-a4.pdf", 4, A4_LANDSCAPE)
    paths = make_thumbnails(pdf, "booklet-a4", tmp_path / "pictures")
    assert [p.name for p in paths] == ["book.en.booklet-a4.pdf.p1.png", "book.en.booklet-a4.pdf.p2.png"]
    for path in paths:
        with Image.open(path) as image:
            assert image.height == 200 and abs(image.width - 283) <= 1     # landscape


@pytest.mark.parametrize("epub2", [False, True])
def test_epub_cover_picture(tmp_path, epub2):
    cover = Image.new("RGB", (800, 1280), (200, 20, 30))
    epub = _epub(tmp_path / "book.en.epub", cover, epub2=epub2)
    first = make_thumbnails(epub, "epub", tmp_path / "pictures")
    assert [p.name for p in first] == ["book.en.epub.cover.png"]
    with Image.open(first[0]) as image:
        assert image.size == (125, 200) and not image.text
        red, green, blue = image.convert("RGB").getpixel((60, 100))
        assert red > 180 and green < 50 and blue < 60
    data = first[0].read_bytes()
    assert make_thumbnails(epub, "epub", tmp_path / "pictures")[0].read_bytes() == data


def test_epub_without_cover_and_other_formats_give_no_pictures(tmp_path):
    assert make_thumbnails(_epub(tmp_path / "b.epub", None), "epub-vertical", tmp_path / "p") == []
    assert make_thumbnails(tmp_path / "b.txt", "plain-text", tmp_path / "p") == []


def test_missing_pdftoppm_names_the_debian_package(tmp_path, monkeypatch):
    pdf = _pdf(tmp_path / "book.en.pdf", 2, A5)
    monkeypatch.setattr(thumbnails.shutil, "which", lambda name: None)
    with pytest.raises(EnvironmentProblem, match="pdftoppm") as caught:
        make_thumbnails(pdf, "pdf", tmp_path / "pictures")
    assert "poppler-utils" in str(caught.value)


# --- report.html and report.json -------------------------------------------------------

@pytest.fixture()
def made_up(tmp_path):
    """A made-up build in tmp_path: two outputs with pictures, removals by two rules, one edit."""
    out = tmp_path / "dist"
    out.mkdir()
    _pdf(out / "book.en.pdf", 6, A5, openings=(5,))
    cover = Image.new("RGB", (400, 640), (30, 30, 30))
    _epub(out / "book.en.epub", cover)
    (out / "book.en.cover.png").unlink()
    changes = ChangeLog()
    changes.removals += [
        Removal("page-numbers", "003", 40, 40, "— 12 —", "a printed page number"),
        Removal("wordpress-chrome", "001", 17, 63, "Share this: Twitter", "share buttons"),
        Removal("page-numbers", "003", 12, 12, "— 3 —", "a printed page number"),
        Removal("wordpress-chrome", "001", 1336, 1366, "", "an ad slot"),
    ]
    changes.edits.append(Edit("cjk-dashes", "000", 7, "--", "——"))
    report = BuildReport(
        "Book", "0.1.0", "2026-01-02",
        sources=[SourceRecord("001", "seeds/001.txt", "wordpress", "a blog post", "ab" * 32, 1500, 280,
                              editions=["en"]),
                 SourceRecord("003", "seeds/003.txt", "pdftext", "a zine", "cd" * 32, 400, 200, editions=[],
                              unused=[{"lines": "4", "reason": "a draft", "text": "Opening of a draft"}])],
        rules=[{"name": "wordpress-chrome", "summary": "drops the site around the post"},
               {"name": "page-numbers", "summary": "drops printed page numbers"},
               {"name": "cjk-dashes", "summary": "makes Chinese dashes"},
               {"name": "idle-rule", "summary": "does nothing here"}],
        changes=changes,
        audits=[AuditResult("en", "book.en.epub", 700, 4)],
        outputs=[OutputRecord("en", "pdf", "book.en.pdf", 150_000, 6, 4.5, status="cached"),
                 OutputRecord("en", "epub", "book.en.epub", 120_000, None, 1.25,
                              "EPUBCheck: 0 errors, 0 warnings")],
        seconds=42.5)
    for record in report.outputs:
        record.thumbnails = [str(p.relative_to(out)) for p in
                             make_thumbnails(out / record.path, record.format, out / "report-images")]
    return report, out


def _write(report, out):
    write_report(report, out)
    text = (out / "report.html").read_text(encoding="utf-8")
    return text, lxml_html.fromstring(text)


def test_report_groups_every_removal_by_rule(made_up):
    report, out = made_up
    text, page = _write(report, out)
    details = {d.get("id"): d for d in page.iter("details")}
    assert set(details) == {"removals-wordpress-chrome", "removals-page-numbers", "edits-cjk-dashes"}
    pages = details["removals-page-numbers"]
    assert pages.find("summary").text_content().split() == \
        ["page-numbers", "2", "drops", "printed", "page", "numbers"]
    rows = [[td.text_content().strip() for td in tr.findall("td")] for tr in pages.iter("tr")][1:]
    assert rows == [["003:12", "a printed page number", "— 3 —"], ["003:40", "a printed page number", "— 12 —"]]
    chrome = details["removals-wordpress-chrome"].text_content()
    assert "001:17-63" in chrome and "Share this: Twitter" in chrome and "001:1336-1366" in chrome
    assert "(no text)" in chrome and "— 3 —" not in chrome
    edits = details["edits-cjk-dashes"].text_content()
    assert "000:7" in edits and "——" in edits
    # the overview names every rule, those that did nothing too
    assert "idle-rule" in text and "does nothing here" in text
    assert "Passages no edition uses" in text and "Opening of a draft" in text


def test_report_shows_the_verdict_outputs_status_and_pictures(made_up):
    report, out = made_up
    text, page = _write(report, out)
    verdict = page.find_class("verdict")[0]
    assert "ok" in verdict.get("class") and "Audit passed" in verdict.text_content()
    summary = page.find_class("summary")[0].text_content()
    assert "2 outputs" in summary and "1 built, 1 from the cache" in summary and "42.5 s" in summary
    cards = {c.find("h3").text_content(): c.text_content() for c in page.find_class("output")}
    assert list(cards) == ["book.en.epub", "book.en.pdf"]          # the e-book first
    assert "from the cache" in cards["book.en.pdf"] and "built" in cards["book.en.epub"]
    assert "EPUBCheck: 0 errors, 0 warnings" in cards["book.en.epub"]
    assert "Audit passed: 700 sentences" in cards["book.en.epub"]
    images = [img.get("src") for img in page.iter("img")]
    assert images == ["report-images/book.en.epub.cover.png", "report-images/book.en.pdf.p1.png",
                      "report-images/book.en.pdf.p3.png", "report-images/book.en.pdf.p5.png"]
    assert all((out / src).is_file() for src in images)
    assert page.xpath('//a[img/@src="report-images/book.en.pdf.p5.png"]/@href') == ["book.en.pdf#page=5"]
    assert "<style>" in text and "<link" not in text and "http" not in text.split("<body>")[0]


def test_report_json_carries_the_new_facts(made_up):
    report, out = made_up
    _write(report, out)
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["seconds"] == 42.5
    by_path = {o["path"]: o for o in data["outputs"]}
    assert by_path["book.en.pdf"]["status"] == "cached"
    assert by_path["book.en.pdf"]["thumbnails"] == ["report-images/book.en.pdf.p1.png",
                                                    "report-images/book.en.pdf.p3.png",
                                                    "report-images/book.en.pdf.p5.png"]
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("report")) == \
        ["report-images", "report.html", "report.json"]


def test_failed_audit_and_failed_check_are_plain_to_see(made_up):
    report, out = made_up
    report.audits[0].findings.append(Finding("missing", "A lost sentence.", "001", 70, 1, 0))
    report.outputs[1].check = "EPUBCheck: 3 problems"
    report.outputs[0].thumbnails.append("report-images/gone.png")      # listed, but not there
    report.seconds = 0.0
    text, page = _write(report, out)
    verdict = page.find_class("verdict")[0]
    assert "fail" in verdict.get("class") and "Audit FAILED" in verdict.text_content()
    assert "001:70" in text and "A lost sentence." in text and "EPUBCheck found problems" in text
    assert "gone.png" not in text
    assert "build " not in page.find_class("summary")[0].text_content()      # no build time: not shown


def test_checks_failing_alone_fail_the_verdict(made_up):
    report, out = made_up
    report.outputs[1].check = "EPUBCheck: 3 problems"
    _, page = _write(report, out)
    verdict = page.find_class("verdict")[0]
    assert "fail" in verdict.get("class") and "book.en.epub" in verdict.text_content()
