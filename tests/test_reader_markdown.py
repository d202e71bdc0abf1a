"""The Markdown reader: faithful blocks with line ranges, on the real 000 and made-up input."""

from __future__ import annotations

import pytest

from conftest import SEED_FILES
from zinepress.errors import SourceError
from zinepress.model import BlockQuote, Emph, Heading, Link, ListBlock, Para, SoftBreak, Strong
from zinepress.readers.markdown import read_markdown
from zinepress.walk import iter_blocks, plain_text


@pytest.fixture(scope="module")
def source():
    return read_markdown(SEED_FILES["000"], "000", "zh-Hans")


def _para_at(source, line):
    return next(b for b in iter_blocks(source.blocks) if b.prov and b.prov.first_line == line)


def test_front_matter_with_leading_blank_line(source):
    assert source.meta["title"].startswith("这不是")
    assert source.meta["categories"] == "关于公民社会和反抗"
    assert source.meta["tags"] == ["行动派", "社会运动", "反抗的思考"]


def test_closed_atx_heading_is_level_one_at_its_line(source):
    heading = source.blocks[0]
    assert isinstance(heading, Heading) and heading.level == 1
    assert heading.prov.first_line == 11
    assert plain_text(heading.inlines).endswith("不是抗议者，而是革命者")


def test_emphasis_is_kept(source):
    para = _para_at(source, 58)
    emphasised = [plain_text(n.children) for n in para.inlines if isinstance(n, Emph)]
    assert emphasised == ["首次"]


def test_soft_line_break_kept_with_line_range(source):
    para = _para_at(source, 39)
    assert para.prov.last_line == 40
    assert any(isinstance(n, SoftBreak) for n in para.inlines)
    assert plain_text(para.inlines) == "军方在阿拉木图向抗议者开火。\n革命广场周围到处都可以听到枪声和爆炸声。据报道，已有数人死亡。"


def test_list_items(source):
    lists = [b for b in iter_blocks(source.blocks) if isinstance(b, ListBlock)]
    assert len(lists) == 1 and lists[0].prov.first_line == 164
    items = [plain_text(item[0].inlines) for item in lists[0].items]
    assert items[2] == "全国各地的人们5都在抢劫枪支商店。"


def test_nothing_dropped_every_nonblank_body_line_is_in_a_block(source):
    covered = set()
    for block in iter_blocks(source.blocks):
        covered.update(range(block.prov.first_line, block.prov.last_line + 1))
    lines = SEED_FILES["000"].read_text(encoding="utf-8").split("\n")
    body = [n for n, text in enumerate(lines, 1) if n > 10 and text.strip()]
    assert [n for n in body if n not in covered] == []


def test_made_up_input(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("# Title\n\nOne *two* **three** [four](https://example.org/x).\nNext line\n\n"
                    "> quoted\n\n1. first\n2. second\n", encoding="utf-8")
    source = read_markdown(path, "t", "en")
    assert source.meta == {}
    heading, para, quote, numbered = source.blocks
    assert isinstance(heading, Heading) and heading.prov.first_line == 1
    assert isinstance(para, Para) and (para.prov.first_line, para.prov.last_line) == (3, 4)
    kinds = [type(n) for n in para.inlines]
    assert Emph in kinds and Strong in kinds and SoftBreak in kinds
    link = next(n for n in para.inlines if isinstance(n, Link))
    assert link.href == "https://example.org/x" and plain_text(link.children) == "four"
    assert isinstance(quote, BlockQuote) and plain_text(quote.blocks[0].inlines) == "quoted"
    assert isinstance(numbered, ListBlock) and numbered.ordered and len(numbered.items) == 2


def test_front_matter_lines_are_counted(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("\n---\ntitle: x\n---\nfirst paragraph\n", encoding="utf-8")
    source = read_markdown(path, "t", "en")
    assert source.meta == {"title": "x"}
    assert source.blocks[0].prov.first_line == 5


def test_not_utf8_names_file_and_line(tmp_path):
    path = tmp_path / "gbk.md"
    path.write_bytes("first line\n第一行\n第二行".encode("gbk"))
    with pytest.raises(SourceError) as err:
        read_markdown(path, "t", "zh")
    assert "not UTF-8" in str(err.value) and str(path) in str(err.value)
    assert err.value.line == 2


@pytest.mark.parametrize("encoding, named", [("gbk", "GBK"), ("big5", "Big5")])
def test_legacy_chinese_encoding_is_recognised(tmp_path, encoding, named):
    text = (SEED_FILES["000"].read_text(encoding="utf-8")[200:1400] if encoding == "gbk" else
            "哈薩克斯坦爆發了一場全面的起義，以應對生活成本的上升和獨裁政府的暴力。示威者佔領了該國許多地方的政府大樓。")
    path = tmp_path / "legacy.md"
    path.write_bytes(text.encode(encoding, errors="ignore"))
    with pytest.raises(SourceError) as err:
        read_markdown(path, "t", "zh")
    assert f"it looks like {named}" in str(err.value)
    assert f"iconv -f {named} -t UTF-8 legacy.md" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        read_markdown(tmp_path / "nope.md", "t", "en")
