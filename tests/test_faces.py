"""Which embedded face sets which character (writers/_faces.py), the coverage check,
and addresses shown decoded (writers/_html.display_iri)."""

from __future__ import annotations

import pytest

from zinepress.errors import OutputError
from zinepress.writers.faces import FaceText, face_text
from zinepress.render.html import display_iri
from zinepress.writers.subset import check_coverage

DOC = b"""<html xmlns="http://www.w3.org/1999/xhtml" lang="zh-Hans" xml:lang="zh-Hans"><body>
<h2>\xe6\xa0\x87\xe9\xa2\x98</h2>
<p>\xe6\xad\xa3\xe6\x96\x87<strong>\xe7\xb2\x97</strong>\xe5\xb0\xbe</p>
<ol class="notes-list"><li class="endnote"><p><a role="doc-backlink" href="#r">5</a> \xe6\xb3\xa8</p></li></ol>
<dl class="c"><dt>\xe6\x9c\xaf</dt><dd>\xe4\xb9\x89</dd></dl>
<p lang="en" xml:lang="en">Latin <b>B</b></p>
</body></html>"""
CSS = """
h1, h2 { font-weight: bold; }
li.endnote a[role="doc-backlink"] { font-weight: bold; }
.c dt { font-weight: 700; }
p::before { font-weight: bold; }
strong.light { font-weight: normal; }
"""


def test_each_weight_gets_the_characters_it_sets():
    faces = face_text([DOC], [CSS])
    assert {"标", "题", "粗", "5", "术", "B"} <= faces.bold
    assert {"正", "文", "尾", "注", "义", "L"} <= faces.regular
    assert not {"粗", "术"} & faces.regular and not {"正", "注"} & faces.bold
    # the numbers a reader draws for an ordered list count for the list's face
    assert set("0123456789.") <= faces.regular
    # only Chinese text must be covered by the embedded faces
    assert "B" not in faces.chinese_bold and "粗" in faces.chinese_bold


def test_a_more_specific_rule_wins():
    doc = DOC.replace(b"<strong>", b'<strong class="light">')
    faces = face_text([doc], [CSS])
    assert "粗" in faces.regular and "粗" not in faces.bold


def test_a_character_no_embedded_face_has_fails():
    check_coverage("zh-Hans", FaceText(chinese_regular={"中", "文"}, chinese_bold={"5"}))
    with pytest.raises(OutputError) as error:
        check_coverage("zh-Hans", FaceText(chinese_regular={"中", "📌"}))
    assert "U+1F4CC" in str(error.value) and "[[emoji]]" in error.value.hint


def test_addresses_are_shown_decoded():
    url = ("https://www.iyouport.org/%e8%bf%99%e4%b8%aa%e5%90%8d%e5%8f%ab-%e5%9b%bd%e5%ae%b6"
           "-%e2%80%8a-%e2%80%8a/")
    assert display_iri(url) == "https://www.iyouport.org/这个名叫-国家-\u200a-\u200a/"
    # encoded ASCII (a space, a reserved slash) and invisible characters stay encoded
    assert display_iri("https://a.example/x%20y%2Fz%E2%80%8B") == "https://a.example/x%20y%2Fz%E2%80%8B"
    assert display_iri("https://crimethinc.com/zines/x") == "https://crimethinc.com/zines/x"


def test_ace_reports_are_read_into_violations():
    from pathlib import Path

    from zinepress.checks.ace import AceResult, read_ace_report
    report = {"earl:result": {"earl:outcome": "fail"}, "assertions": [
        {"earl:testSubject": {"url": "EPUB/content.opf"}, "assertions": [
            {"earl:test": {"dct:title": "epub-lang", "earl:impact": "serious"},
             "earl:result": {"earl:outcome": "fail",
                             "dct:description": "The language must be specified"}}]},
        {"earl:testSubject": {"url": "/EPUB/nav.xhtml"}, "assertions": [
            {"earl:test": {"dct:title": "epub-pagelist-broken", "earl:impact": "minor"},
             "earl:result": {"earl:outcome": "fail", "dct:description": "page list"}},
            {"earl:test": {"dct:title": "fine", "earl:impact": "minor"},
             "earl:result": {"earl:outcome": "pass"}}]}]}
    result = read_ace_report(report, Path("book.epub"))
    assert [(v.rule, v.impact, v.where) for v in result.violations] == [
        ("epub-lang", "serious", "EPUB/content.opf"), ("epub-pagelist-broken", "minor", "/EPUB/nav.xhtml")]
    assert result.summary() == "Ace by DAISY: 2 violations (1 minor, 1 serious)" and not result.passed
    assert read_ace_report({"assertions": []}, Path("b.epub")).summary() == "Ace by DAISY: 0 violations"
    broken = AceResult("b.epub", error="no report (exit 1)")
    assert not broken.passed and "could not check" in broken.summary()
