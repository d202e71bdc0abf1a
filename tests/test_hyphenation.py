"""writers/_hyphenation.py on a small document laid out by WeasyPrint: no more than two
hyphenated lines in a row, and none at the foot of a page."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from zinepress.writers.weasyprint.hyphenation import ends_hyphenated, hyphenation_limits

# Long words in a narrow column: WeasyPrint alone hyphenates many lines in a row.
WORDS = ("internationalization responsibilities telecommunications characterization "
         "representativeness institutionalization counterrevolutionaries incomprehensibility ")
HTML_TEXT = (f"<style>@page {{ size: 90mm 60mm; margin: 8mm }} p {{ width: 42mm; font-size: 10pt; "
             f"line-height: 14pt; text-align: justify; hyphens: auto; margin: 0 }}</style>"
             f"<p lang='en-US'>{WORDS * 6}</p>")


def _pages(limited: bool) -> list[list[bool]]:
    """Each page's lines: whether each ends in a hyphen."""
    document = HTML(string=HTML_TEXT)
    if limited:
        with hyphenation_limits():
            pages = document.render().pages
    else:
        pages = document.render().pages
    out = []
    for page in pages:
        lines = []
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if type(box).__name__ == "LineBox":
                lines.append(box)
            else:
                stack.extend(reversed(getattr(box, "children", [])))
        out.append([ends_hyphenated(line) for line in sorted(lines, key=lambda b: b.position_y)])
    return out


def _longest_run(pages: list[list[bool]]) -> int:
    longest = 0
    for page in pages:
        run = 0
        for hyphenated in page:
            run = run + 1 if hyphenated else 0
            longest = max(longest, run)
    return longest


@pytest.fixture(scope="module")
def plain():
    return _pages(limited=False)


@pytest.fixture(scope="module")
def limited():
    return _pages(limited=True)


def test_weasyprint_alone_hyphenates_runs_and_page_feet(plain):
    assert _longest_run(plain) >= 3
    assert any(page and page[-1] for page in plain[:-1])


def test_never_three_in_a_row(limited):
    assert _longest_run(limited) <= 2
    assert sum(map(sum, limited)) > 5          # it still hyphenates


def test_never_at_the_foot_of_a_page(limited):
    assert len(limited) > 2
    for page in limited:
        assert page and not page[-1] and not page[-2]


def test_the_hooks_go_after_the_layout():
    from weasyprint.layout import block, inline
    from zinepress.writers.weasyprint import hyphenation as _hyphenation
    with hyphenation_limits():
        assert block.iter_line_boxes is _hyphenation.iter_line_boxes
    assert block.iter_line_boxes is inline.iter_line_boxes
    assert inline.split_first_line is _hyphenation._original_split_first_line
