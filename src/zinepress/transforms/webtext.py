"""Habits of web posts: character references left in front matter, and Chinese
paragraphs marked by an indent of ideographic spaces instead of a blank line.

``DECODE_ENTITIES`` runs first on Markdown and WordPress sources: the front
matter's strings (a Hexo ``title: 问答&#65306;…``) are YAML, which leaves
``&#65306;`` as it is, so the title would be printed raw and the punctuation
step would later turn its ``;`` into ``；``. The Markdown body needs nothing:
CommonMark decodes references itself.

``INDENTED_PARAGRAPHS``: Chinese web posts start each paragraph with two
ideographic spaces (``　　``, or ``&emsp;&emsp;``: two em spaces) and often put
no blank line between paragraphs, only a line break; Markdown then reads the
whole run as one paragraph. Each line that starts with an ideographic space or
an em space opens a paragraph of its own (with its own source line); the indent
itself goes (the book indents by style).

``MARKDOWN_HTML``: a raw HTML block in a Markdown post that holds no text a
reader sees — a comment (Hexo's ``<!-- more -->`` excerpt mark), a script, a
style sheet, a video or audio player, an iframe — goes, with its reason; a block
with text stays as its lines.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, Comment

from zinepress.model import Block, Div, Para, Provenance, SoftBreak, Source, Text
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import block_text, map_blocks

DECODE_ENTITIES_NAME = "decode-entities"
MARKDOWN_HTML_NAME = "markdown-html"
# Elements whose content no reader sees as text.
_NO_TEXT = {"script": "a script", "style": "a style sheet", "video": "a video player",
            "audio": "an audio player", "iframe": "an embedded frame", "noscript": "a no-script fallback"}
INDENTED_PARAGRAPHS_NAME = "indented-paragraphs"
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_INDENT = "\u3000\u2003"   # ideographic space; em space (&emsp;)


def decode_references(value: str) -> str:
    """value with its HTML character references (&#65306; &amp; &mdash;) decoded."""
    return _REFERENCE.sub(lambda m: html.unescape(m.group()), value)


def _decode_meta(source: Source, ctx: RuleContext) -> Source:
    for key, value in list(source.meta.items()):
        if isinstance(value, str) and _REFERENCE.search(value):
            decoded = decode_references(value)
            ctx.log.edited(DECODE_ENTITIES_NAME, Provenance(source.ident, 1, 1), value, decoded)
            source.meta[key] = decoded
    return source


def _split_indented(source: Source, ctx: RuleContext) -> Source:
    def visit(block: Block) -> list[Block]:
        if not isinstance(block, Para) or block.prov is None:
            return [block]
        # The paragraph's lines: inlines between SoftBreaks.
        lines: list[list] = [[]]
        for node in block.inlines:
            if isinstance(node, SoftBreak):
                lines.append([])
            else:
                lines[-1].append(node)
        opens = [n for n, line in enumerate(lines)
                 if line and isinstance(line[0], Text) and line[0].text.startswith(tuple(_INDENT))]
        if not opens or (len(opens) == 1 and opens[0] == 0 and len(lines) == 1):
            return [block]
        starts = sorted(set([0] + opens))
        out: list[Block] = []
        for first, end in zip(starts, starts[1:] + [len(lines)]):
            inlines: list = []
            for n in range(first, end):
                line = lines[n]
                if n in opens:
                    stripped = line[0].text.lstrip(_INDENT)
                    ctx.log.edited(INDENTED_PARAGRAPHS_NAME,
                                   Provenance(source.ident, block.prov.first_line + n, block.prov.first_line + n),
                                   line[0].text[: len(line[0].text) - len(stripped)] + stripped[:12],
                                   stripped[:12])
                    line = [Text(stripped), *line[1:]]
                if inlines:
                    inlines.append(SoftBreak())
                inlines.extend(line)
            last = min(block.prov.first_line + end - 1, block.prov.last_line)
            out.append(Para(inlines, Provenance(source.ident, block.prov.first_line + first, last)))
        return out
    source.blocks = map_blocks(source.blocks, visit)
    return source


def _html_blocks(source: Source, ctx: RuleContext) -> Source:
    def visit(block: Block) -> list[Block]:
        if not isinstance(block, Div) or "html-block" not in block.classes:
            return [block]
        raw = "\n".join(block_text(b) for b in block.blocks)
        soup = BeautifulSoup(raw, "html.parser")
        kinds = [_NO_TEXT[tag.name] for tag in soup.find_all(list(_NO_TEXT))]
        for tag in soup.find_all(list(_NO_TEXT)):
            tag.decompose()
        comments = soup.find_all(string=lambda s: isinstance(s, Comment))
        for comment in comments:
            comment.extract()
        if soup.get_text().strip() or soup.find("img"):
            return list(block.blocks)   # text (or a picture) to read: the lines stay
        what = ", ".join(dict.fromkeys(kinds + (["an HTML comment"] if comments else [])))
        ctx.log.removed(MARKDOWN_HTML_NAME, block.blocks[0].prov if block.blocks else None, raw,
                        f"raw HTML with no text to read: {what or 'empty markup'}")
        return []
    source.blocks = map_blocks(source.blocks, visit)
    return source


DECODE_ENTITIES = Rule(DECODE_ENTITIES_NAME,
                       "decodes character references in the front matter (a title's &#65306; → ：), "
                       "before any other rule", _decode_meta)
INDENTED_PARAGRAPHS = Rule(INDENTED_PARAGRAPHS_NAME,
                           "a line indented with ideographic spaces (　　) or em spaces (&emsp;&emsp;) opens "
                           "a paragraph of its own; the indent goes", _split_indented)
MARKDOWN_HTML = Rule(MARKDOWN_HTML_NAME,
                     "raw HTML in Markdown with no text to read (a comment such as <!-- more -->, a script, "
                     "a player) goes", _html_blocks)
