"""Markdown with YAML/Hexo or TOML/Hugo front matter → book model (markdown-it, CommonMark).

The reader is faithful: every paragraph, soft line break and emphasis of the
source becomes a node with its line range; nothing is judged or dropped here.
Footnotes in the syntax Jekyll (kramdown), Hugo and pandoc share are read as
notes: ``[^1]`` in the text is a call, a paragraph opening with ``[^1]:`` (its
indented lines included) is the note's text. A raw HTML block is kept as
its lines in a ``Div(classes=("html-block",))`` for the cleaning rules to judge
(``markdown-html``: a comment, a script or a player has no text to read).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from zinepress.errors import SourceError
from zinepress.model import (
    Block,
    BlockQuote,
    Div,
    Emph,
    Heading,
    Inline,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Para,
    Provenance,
    SoftBreak,
    Source,
    Strong,
    Text,
)
from zinepress.readers.files import read_text, split_front_matter

_PARSER = MarkdownIt("commonmark")
_NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
_NOTE_DEFINITION = re.compile(r"\A\[\^([^\]\s]+)\]:\s*")


def read_markdown(path: Path, ident: str, lang: str) -> Source:
    """Read a Markdown source into a Source."""
    meta, body, offset = split_front_matter(read_text(path), path)
    tokens = _PARSER.parse(body)
    blocks, _ = _blocks(tokens, 0, ident, offset, path)
    if _NOTE_CALL.search(body):
        blocks = [_footnote(b) for b in blocks]
    return Source(ident=ident, path=str(path), lang=lang, meta=meta, blocks=blocks)


def _footnote(block: Block) -> Block:
    """A paragraph opening with [^label]: as a Note; elsewhere [^label] as a NoteRef."""
    if isinstance(block, Para):
        first = block.inlines[0] if block.inlines else None
        match = _NOTE_DEFINITION.match(first.text) if isinstance(first, Text) else None
        if match:
            rest = [Text(first.text[match.end():]), *block.inlines[1:]]
            return Note(match.group(1), [Para(_calls(rest), block.prov)], block.prov)
        block.inlines = _calls(block.inlines)
    elif isinstance(block, Heading):
        block.inlines = _calls(block.inlines)
    elif isinstance(block, BlockQuote):
        block.blocks = [_footnote(b) for b in block.blocks]
    elif isinstance(block, ListBlock):
        block.items = [[_footnote(b) for b in item] for item in block.items]
    return block


def _calls(inlines: list[Inline]) -> list[Inline]:
    """Text with its [^label] calls as NoteRefs (inside emphasis and links too)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and _NOTE_CALL.search(node.text):
            pos = 0
            for match in _NOTE_CALL.finditer(node.text):
                if match.start() > pos:
                    out.append(Text(node.text[pos:match.start()]))
                out.append(NoteRef(match.group(1)))
                pos = match.end()
            if pos < len(node.text):
                out.append(Text(node.text[pos:]))
        elif isinstance(node, (Emph, Strong, Link)):
            node.children = _calls(node.children)
            out.append(node)
        else:
            out.append(node)
    return out


def _prov(token: Token, ident: str, offset: int) -> Provenance:
    first, end = token.map or (0, 1)
    return Provenance(ident, first + 1 + offset, end + offset)


def _blocks(tokens: list[Token], i: int, ident: str, offset: int, path: Path,
            closing: str | None = None) -> tuple[list[Block], int]:
    """Parse block tokens from i until the closing token type; return (blocks, next i)."""
    out: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if closing and tok.type == closing:
            return out, i + 1
        if tok.type == "heading_open":
            out.append(Heading(int(tok.tag[1]), _inlines(tokens[i + 1].children or []),
                               _prov(tok, ident, offset)))
            i += 3
        elif tok.type == "paragraph_open":
            children = tokens[i + 1].children or []
            para = Para(_inlines(children), _prov(tok, ident, offset))
            only_html = any(c.type == "html_inline" for c in children) and all(
                c.type in ("html_inline", "softbreak") or (c.type == "text" and not c.content.strip())
                for c in children)
            out.append(Div([para], ("html-block",)) if only_html else para)   # a line of tags alone
            i += 3
        elif tok.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, ident, offset, path, "blockquote_close")
            out.append(BlockQuote(inner, _prov(tok, ident, offset)))
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            close = tok.type.replace("_open", "_close")
            items: list[list[Block]] = []
            j = i + 1
            while tokens[j].type != close:
                item, j = _blocks(tokens, j + 1, ident, offset, path, "list_item_close")
                items.append(item)
            out.append(ListBlock(items, tok.type.startswith("ordered"), _prov(tok, ident, offset)))
            i = j + 1
        elif tok.type in ("code_block", "fence", "html_block"):
            lines = tok.content.rstrip("\n").split("\n")
            inlines: list[Inline] = []
            for n, line in enumerate(lines):
                if n:
                    inlines.append(SoftBreak())
                inlines.append(Text(line))
            para = Para(inlines, _prov(tok, ident, offset))
            out.append(Div([para], ("html-block",)) if tok.type == "html_block" else para)
            i += 1
        elif tok.type == "hr":
            i += 1
        else:
            line = (tok.map[0] + 1 + offset) if tok.map else None
            raise SourceError(f"unsupported Markdown construct {tok.type!r}", path=str(path), line=line)
    return out, i


def _inlines(children: list[Token]) -> list[Inline]:
    """Turn markdown-it inline tokens into model inlines."""
    stack: list[tuple[str, list[Inline], str]] = [("root", [], "")]
    for tok in children:
        current = stack[-1][1]
        if tok.type == "text":
            current.append(Text(tok.content))
        elif tok.type == "code_inline":
            current.append(Text(tok.content))
        elif tok.type == "softbreak":
            current.append(SoftBreak())
        elif tok.type == "hardbreak":
            current.append(SoftBreak())
        elif tok.type in ("em_open", "strong_open", "link_open"):
            stack.append((tok.type, [], str(tok.attrs.get("href", ""))))
        elif tok.type in ("em_close", "strong_close", "link_close"):
            kind, kids, href = stack.pop()
            node: Inline
            if kind == "em_open":
                node = Emph(kids)
            elif kind == "strong_open":
                node = Strong(kids)
            else:
                node = Link(href, kids)
            stack[-1][1].append(node)
        elif tok.type == "html_inline":
            current.append(Text(tok.content))
        elif tok.type == "image":
            current.append(Text(tok.content))
    return stack[0][1]
