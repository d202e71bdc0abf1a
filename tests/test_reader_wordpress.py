"""The WordPress reader: faithful blocks (chrome kept, for the rules to judge), links, lines."""

from __future__ import annotations

import pytest

from conftest import SEED_FILES
from zinepress.errors import SourceError
from zinepress.model import BlockQuote, Div, Figure, Heading, Link, ListBlock, Para, Strong
from zinepress.readers.wordpress import read_wordpress
from zinepress.walk import iter_blocks, plain_text, text_leaves


@pytest.fixture(scope="module")
def source():
    return read_wordpress(SEED_FILES["001"], "001", "zh-Hans")


def _all(source, kind):
    return [b for b in iter_blocks(source.blocks) if isinstance(b, kind)]


def _links(inlines):
    for node in inlines:
        if isinstance(node, Link):
            yield node
        elif hasattr(node, "children"):
            yield from _links(node.children)


def test_front_matter(source):
    assert source.meta["layout"] == "post"
    assert source.meta["from"].startswith("https://www.iyouport.org/")


def test_title_heading_and_section_headings_with_lines(source):
    headings = _all(source, Heading)
    assert headings[0].level == 1 and headings[0].prov.first_line == 13
    texts = [" ".join(plain_text(h.inlines).split()) for h in headings]
    assert "延迟了三十年的春天" in texts
    assert "俄罗斯无政府工团主义者和无政府主义者关于哈萨克斯坦局势的声明" in texts


def test_links_keep_their_href(source):
    para = next(p for p in _all(source, Para) if "局势一直在不断演进" in plain_text(p.inlines))
    (link,) = list(_links(para.inlines))
    assert link.href == "https://iyouport.substack.com/p/--e35"
    assert " ".join(plain_text(link.children).split()) == "上周对哈萨克斯坦的起义进行报道"
    assert para.prov.first_line == 115


def test_chrome_is_read_not_judged(source):
    classes = {c for d in _all(source, Div) for c in d.classes}
    assert {"sharedaddy", "jp-relatedposts", "entry-meta", "entry-footer", "twitter-tweet"} <= classes


def test_figures_keep_both_images_noscript_marked(source):
    figures = [f for f in _all(source, Figure) if f.images]
    assert len(figures) == 18
    first = figures[0]
    assert [("in-noscript" in i.attrs) for i in first.images] == [False, True]
    assert "data-lazy-src" in first.images[0].attrs
    captioned = [f for f in figures if f.caption]
    assert "核冬天" in plain_text(captioned[0].caption)


def test_blockquotes_and_lists(source):
    quotes = _all(source, BlockQuote)
    assert any("学得很好" in plain_text(p.inlines) for q in quotes for p in q.blocks if isinstance(p, Para))
    lists = _all(source, ListBlock)
    assert any(l.ordered for l in lists)


def test_strong_kept(source):
    para = next(p for p in _all(source, Para) if "希望所有相关内容" in plain_text(p.inlines))
    assert any(isinstance(n, Strong) for n in para.inlines)


def test_made_up_post(tmp_path):
    path = tmp_path / "post.html"
    path.write_text("---\ntitle: T\n---\n<article>\n<h2>Head</h2>\n<p>One <a href=\"https://x.org/\">link</a>"
                    " and <em>em</em>.</p>\n<div class=\"sharedaddy\"><p>Share</p></div>\n"
                    "<p lang=\"en\">x <span lang=\"ru\">слово</span></p>\n</article>\n", encoding="utf-8")
    source = read_wordpress(path, "t", "zh")
    article = source.blocks[0]
    assert isinstance(article, Div) and article.prov.first_line == 4
    heading, para, share, last = article.blocks
    assert isinstance(heading, Heading) and heading.prov.first_line == 5
    assert [l.href for l in _links(para.inlines)] == ["https://x.org/"]
    assert share.classes == ("sharedaddy",)
    assert any(getattr(n, "lang", "") == "ru" for n in last.inlines)
    assert "".join(t.text for t in text_leaves(last.inlines)) == "x слово"


def test_truncated_html_names_the_line(tmp_path):
    path = tmp_path / "cut.html"
    path.write_text("---\ntitle: T\n---\n<article>\n<div class=\"x\">\n<p>text</p>\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_wordpress(path, "t", "zh")
    assert "truncated HTML" in str(err.value) and err.value.line == 5


def test_unbalanced_html_names_the_line(tmp_path):
    path = tmp_path / "bad.html"
    path.write_text("<div>\n<em>text</div>\n</em>\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_wordpress(path, "t", "zh")
    assert "unbalanced" in str(err.value) and err.value.line == 2


def test_lines_are_numbered_as_sed_shows_them(tmp_path):
    """A form feed or U+2028 in the HTML is no line end for sed, nor for the reader."""
    import subprocess
    path = tmp_path / "post.html"
    path.write_text("<p>First\fparagraph.</p>\n<p>Second\u2028one.</p>\n\f\n<h2>A heading</h2>\n"
                    "<p>Third\x1cone,\x85on one line.</p>\n", encoding="utf-8")
    source = read_wordpress(path, "w", "en")
    blocks = list(iter_blocks(source.blocks))
    lines = {plain_text(b.inlines).split()[0][:5]: (b.prov.first_line, b.prov.last_line)
             for b in blocks if isinstance(b, (Para, Heading))}
    assert lines == {"First": (1, 1), "Secon": (2, 3), "A": (4, 4), "Third": (5, 5)}
    for word, (first, _) in lines.items():
        shown = subprocess.run(["sed", "-n", f"{first}p", str(path)], capture_output=True, check=True,
                               text=True, encoding="utf-8").stdout
        assert word in shown
