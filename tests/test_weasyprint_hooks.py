"""zinepress's hooks into WeasyPrint: each one's effect on a small document, with the
hook and without, and the check at import that stops the build when WeasyPrint no
longer has what a hook replaces (writers/_weasyprint_hooks.py)."""

from __future__ import annotations

import importlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pydyf
import pytest
import weasyprint
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.layout import LayoutContext, block, inline
from weasyprint.text.line_break import Layout

from zinepress.writers.weasyprint import compress as _compress
from zinepress.writers.weasyprint import footnotes as _footnotes
from zinepress.writers.weasyprint import hyphenation as _hyphenation
from zinepress.writers.weasyprint import identifier as _identifier
from zinepress.writers.weasyprint import justify as _justify
from zinepress.writers.weasyprint.hooks import PINNED_PYDYF, PINNED_WEASYPRINT, WeasyPrintHookError

ROOT = Path(__file__).resolve().parents[1]


def _render(html: str, hook=None) -> bytes:
    document = HTML(string=html)
    if hook is None:
        return document.render().write_pdf()
    with hook():
        return document.render().write_pdf()


def test_the_pinned_version_is_pyproject_s_and_the_installed_one():
    pin = re.search(r'"weasyprint==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin and pin.group(1) == PINNED_WEASYPRINT == weasyprint.__version__


def test_the_pinned_pydyf_is_pyproject_s_and_the_installed_one():
    pin = re.search(r'"pydyf==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin and pin.group(1) == PINNED_PYDYF == pydyf.__version__


# --- _footnotes: a note stays on its call's page ------------------------------------------

# Five short lines, then a paragraph whose second line does not fit above the note:
# WeasyPrint would move the note to page 2 to make room for that line.
FOOTNOTE_PAGE = """<style>@page { size: 120mm 70mm; margin: 10mm; }
body { font: 10pt/14pt sans-serif; margin: 0; } p { margin: 0; orphans: 2; widows: 2; }
.note { float: footnote; }</style>
<p>Called here<span class="note">NOTE TEXT.</span> once.</p>
<p>Filler 0.</p><p>Filler 1.</p><p>Filler 2.</p><p>Filler 3.</p><p>Filler 4.</p>
<p>Alpha one alpha one alpha one alpha one alpha one alpha one alpha one alpha one alpha one
Beta two beta two beta two beta two beta two beta two beta two beta two beta two beta two
Gamma three gamma three gamma three gamma three gamma three gamma three gamma three gamma
Delta four delta four delta four delta four delta four delta four delta four delta four end.</p>"""


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_without_the_hook_weasyprint_moves_the_note_away_from_its_call():
    first, second = _pages(_render(FOOTNOTE_PAGE))
    assert "Called here1" in first and "NOTE TEXT" not in first and "NOTE TEXT" in second
    assert "Alpha one" in first          # the paragraph's first lines took the note's room


def test_with_the_hook_the_note_stays_on_its_call_s_page():
    first, second = _pages(_render(FOOTNOTE_PAGE, _footnotes.footnotes_stay_with_calls))
    assert "Called here1" in first and "NOTE TEXT" in first and "NOTE TEXT" not in second
    assert "Alpha one" not in first and second.startswith("Alpha one")     # the paragraph moved whole


def test_the_footnote_hook_leaves_weasyprint_as_it_was():
    original = block._linebox_layout
    with _footnotes.footnotes_stay_with_calls():
        assert block._linebox_layout is not original
    assert block._linebox_layout is original and not hasattr(LayoutContext, _footnotes.STAY)


# --- _justify: inter-character justification ----------------------------------------------

# A 10-character measure; the 11th character is 。, which may not start a line, so the
# first line holds 9 characters and is one character short.
JUSTIFY_PAGE = """<style>@page { size: 80mm 40mm; margin: 10mm; }
p { font: 10pt/16pt "Noto Serif CJK SC"; width: 100pt; margin: 0; text-align: justify;
    --zinepress-justify: inter-character; }</style>
<p>一二三四五六七八九十。一二三四五六七八九十</p>"""


def _lines(pdf: bytes) -> list[tuple[str, float, float]]:
    """Each line of the first page: its text, left and right edge (pt)."""
    rows: dict[int, list[dict]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for char in document.pages[0].chars:
            rows.setdefault(round(char["top"]), []).append(char)
    return [("".join(c["text"] for c in row), min(c["x0"] for c in row), max(c["x1"] for c in row))
            for _, row in sorted(rows.items())]


def test_without_the_hook_a_line_one_character_short_stays_short():
    (text, left, right), (_, left2, right2), _ = _lines(_render(JUSTIFY_PAGE))
    assert text == "一二三四五六七八九"
    assert right2 - left2 == pytest.approx(100, abs=0.1)          # a full line: the measure
    assert right - left == pytest.approx(90, abs=0.1)             # nine characters, one short


def test_with_the_hook_the_short_line_fills_the_measure():
    (text, left, right), (_, left2, right2), _ = _lines(_render(JUSTIFY_PAGE, _justify.inter_character_justification))
    assert text == "一二三四五六七八九"
    assert right - left == pytest.approx(100, abs=0.1)
    assert right2 - left2 == pytest.approx(100, abs=0.1)


# --- The checks at import -----------------------------------------------------------------


def _reload_fails(module, monkeypatch) -> str:
    """Import module again with WeasyPrint as monkeypatch left it: the error's text.
    Then import it again as it was."""
    try:
        with pytest.raises(WeasyPrintHookError) as failure:
            importlib.reload(module)
    finally:
        monkeypatch.undo()
        importlib.reload(module)
    return str(failure.value)


def test_a_changed_justify_line_stops_the_import(monkeypatch):
    def justify_line(context, line, extra_width, spacing):   # a new parameter
        pass
    monkeypatch.setattr(inline, "justify_line", justify_line)
    message = _reload_fails(_justify, monkeypatch)
    assert "weasyprint.layout.inline.justify_line" in message
    assert "(context, line, extra_width, spacing)" in message
    assert f"WeasyPrint {PINNED_WEASYPRINT}, the version it pins" in message
    assert f"pip install weasyprint=={PINNED_WEASYPRINT}" in message


def test_a_justify_line_no_longer_called_by_name_stops_the_import(monkeypatch):
    monkeypatch.setattr(inline, "text_align", lambda context, line, available_width, last: None)
    message = _reload_fails(_justify, monkeypatch)
    assert "no longer uses justify_line" in message and PINNED_WEASYPRINT in message


def test_a_changed_linebox_layout_stops_the_import(monkeypatch):
    def _linebox_layout(context, box, index):                  # parameters gone
        pass
    monkeypatch.setattr(block, "_linebox_layout", _linebox_layout)
    message = _reload_fails(_footnotes, monkeypatch)
    assert "weasyprint.layout.block._linebox_layout" in message and "(context, box, index)" in message
    assert PINNED_WEASYPRINT in message


def test_a_linebox_layout_that_no_longer_asks_in_column_stops_the_import(monkeypatch):
    original = block._linebox_layout
    names = tuple("columns" if n == "in_column" else n for n in original.__code__.co_names)
    changed = type(original)(original.__code__.replace(co_names=names), original.__globals__,
                             original.__name__, original.__defaults__)
    monkeypatch.setattr(block, "_linebox_layout", changed)
    message = _reload_fails(_footnotes, monkeypatch)
    assert "no longer uses in_column" in message


def test_a_missing_function_stops_the_import(monkeypatch):
    monkeypatch.delattr(inline, "count_expandable_spaces")
    message = _reload_fails(_justify, monkeypatch)
    assert "has no function weasyprint.layout.inline.count_expandable_spaces" in message


def test_a_changed_split_first_line_stops_the_import(monkeypatch):
    def split_first_line(text, style, context, max_width):         # parameters gone
        pass
    monkeypatch.setattr(inline, "split_first_line", split_first_line)
    message = _reload_fails(_hyphenation, monkeypatch)
    assert "weasyprint.layout.inline.split_first_line" in message and PINNED_WEASYPRINT in message


def test_an_iter_line_boxes_no_longer_called_by_name_stops_the_import(monkeypatch):
    original = block._linebox_layout
    names = tuple("line_boxes" if n == "iter_line_boxes" else n for n in original.__code__.co_names)
    changed = type(original)(original.__code__.replace(co_names=names), original.__globals__,
                             original.__name__, original.__defaults__)
    monkeypatch.setattr(block, "_linebox_layout", changed)
    message = _reload_fails(_hyphenation, monkeypatch)
    assert "no longer uses iter_line_boxes" in message


def test_a_changed_set_text_stops_the_import(monkeypatch):
    def set_text(self, text, justify=False, markup=None):            # a new parameter
        pass
    monkeypatch.setattr(Layout, "set_text", set_text)
    message = _reload_fails(_compress, monkeypatch)
    assert "Layout.set_text" in message and "(self, text, justify, markup)" in message
    assert PINNED_WEASYPRINT in message


# _compress.py: of two adjacent Chinese marks, the halved one takes half an em.
COMPRESSED = ('<html lang="zh-Hans"><body style="margin: 0; font: 20px \'Noto Serif CJK SC\'">'
              '<p style="--zinepress-punctuation: compress">美元）。好</p></body></html>')


def _pair_advance(pdf: bytes) -> float:
    """How far after the first of the two marks the second one starts, in ems."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = {c["text"]: c for c in document.pages[0].chars}
    return (chars["。"]["x0"] - chars["）"]["x0"]) / chars["）"]["size"]


def test_without_the_compress_hook_two_marks_take_an_em_each():
    assert _pair_advance(_render(COMPRESSED)) == pytest.approx(1.0, abs=0.05)


def test_with_the_compress_hook_the_first_mark_takes_half_an_em():
    assert _pair_advance(_render(COMPRESSED, _compress.punctuation_compression)) == pytest.approx(0.5, abs=0.05)


# What a user sees: the build stops with the message, exit 2, nothing written.
CHANGED_WEASYPRINT = """
import sys
from weasyprint.layout import inline
def justify_line(context, line, extra_width, more):
    pass
inline.justify_line = justify_line
from zinepress.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.e2e
@pytest.mark.parametrize("jobs", ["1", "2"])         # in the build's process; in its workers
def test_a_build_with_a_changed_weasyprint_stops_with_the_message(tmp_path, jobs):
    out = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "-c", CHANGED_WEASYPRINT, "build", "--book", ROOT / "tests/books/second/book",
         "--out", out, "--no-cache", "--no-check", "--format", "pdf", "--edition", "zh-Hans", "--jobs", jobs],
        capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 2, result.stderr
    assert "zinepress: error: WeasyPrint" in result.stderr and "justify_line" in result.stderr
    assert f"weasyprint=={PINNED_WEASYPRINT}" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


# identifier.py: the PDF's /ID without compressing each stream twice, the same bytes.
IDENTIFIED = ('<html lang="zh-Hans"><body style="font: 12pt \'Noto Serif CJK SC\'">'
              '<p>第一頁。</p><p style="break-before: page">第二頁。</p></body></html>')


def _write_counting(monkeypatch, hook=None) -> tuple[bytes, list]:
    """The PDF with an /ID, and the streams whose data was computed, once a time."""
    document = HTML(string=IDENTIFIED).render()
    calls = []
    getter = pydyf.Stream.data.fget

    def counted(stream):
        calls.append(stream)
        return getter(stream)
    monkeypatch.setattr(_identifier, "_original_data", property(counted))
    monkeypatch.setattr(pydyf.Stream, "data", property(counted))
    if hook is None:
        data = document.write_pdf(pdf_identifier=b"zinepress")
    else:
        with hook():
            data = document.write_pdf(pdf_identifier=b"zinepress")
    return data, calls


def test_the_identifier_hook_computes_each_stream_once_for_the_same_bytes(monkeypatch):
    plain, plain_calls = _write_counting(monkeypatch)
    hooked, hooked_calls = _write_counting(monkeypatch, _identifier.streams_compressed_once)
    assert b"/ID [" in hooked or b"/ID[" in hooked
    assert hooked == plain
    assert len(hooked_calls) == len(set(map(id, hooked_calls))) > 2        # each stream once
    assert len(plain_calls) > len(set(map(id, plain_calls)))                # without: some twice
    assert pydyf.PDF.write is _identifier._original_write                      # put back after


def test_a_changed_pdf_write_stops_the_import(monkeypatch):
    def write(self, output, version=b"1.7", identifier=False, compress=False, xmp=None):   # a new parameter
        pass
    monkeypatch.setattr(pydyf.PDF, "write", write)
    message = _reload_fails(_identifier, monkeypatch)
    assert "pydyf.PDF.write" in message and "(self, output, version, identifier, compress, xmp)" in message
    assert f"pydyf {PINNED_PYDYF}, the version it pins" in message
    assert f"pip install pydyf=={PINNED_PYDYF}" in message
