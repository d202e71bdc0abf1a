"""WordPress HTML (an exported post with front matter) → book model (BeautifulSoup).

The reader is faithful: site chrome, embedded tweets, lazy-load duplicates and
figures all become nodes (chrome inside Divs that keep their classes, id and
ARIA role; a <nav> is a Div of role "navigation"), so that the cleaning rules
can judge them by name and report what they drop. Only <script>, <style> and
<template> are skipped: they hold code, not text. A whole saved page reads
too: its <head> is the page's metadata, not its text, and its <title> becomes
the source's title when there is no front matter to give one.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from zinepress.model import (
    Block,
    BlockQuote,
    Div,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    Link,
    ListBlock,
    Para,
    Provenance,
    SoftBreak,
    Source,
    Span,
    Strong,
    Text,
)
from zinepress.readers.files import read_text, source_lines, split_front_matter
from zinepress.readers.html_check import check_balanced

_SKIP = {"script", "style", "template", "hr"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CONTAINERS = {"div", "section", "article", "header", "footer", "main", "aside", "nav",
               "noscript", "body", "html", "center", "details", "summary", "table", "tbody",
               "thead", "tr", "td", "th"}
_BLOCKS = set(_HEADINGS) | _CONTAINERS | {"p", "blockquote", "ul", "ol", "li", "figure",
                                          "figcaption", "img", "hr", "pre", "dl", "dt", "dd"}
_EMPH = {"em", "i", "cite", "dfn", "var"}
_STRONG = {"strong", "b"}
# Nodes that are markup, not text: comments, the doctype, <?xml …?> declarations.
_NOT_TEXT = (Comment, Doctype, Declaration, ProcessingInstruction)


def read_wordpress(path: Path, ident: str, lang: str) -> Source:
    """Read a WordPress HTML export into a Source."""
    meta, body, offset = split_front_matter(read_text(path), path)
    check_balanced(body, path, offset)
    soup = BeautifulSoup(body, "html.parser")
    head = soup.find("head")
    if head is not None:
        title = head.find("title")
        if title is not None and title.get_text().strip():
            meta.setdefault("title", " ".join(title.get_text().split()))
        head.extract()
    reader = _Reader(ident, offset, offset + len(source_lines(body.rstrip())))
    return Source(ident=ident, path=str(path), lang=lang, meta=meta,
                  blocks=reader.blocks(soup.contents))


class _Reader:
    """Walks the parsed HTML; offset maps parser lines to file lines; end_line is
    the file's last line of text."""

    def __init__(self, ident: str, offset: int, end_line: int | None = None) -> None:
        self.ident = ident
        self.offset = offset
        self.end_line = end_line

    def prov(self, tag: Tag) -> Provenance:
        """Lines from the tag's start to just before the next tag after it (for the
        file's last tag, to the file's last line of text)."""
        first = (tag.sourceline or 1) + self.offset
        last_node = tag
        for last_node in tag.descendants:
            pass
        following = last_node.find_next() if hasattr(last_node, "find_next") else None
        last = first
        if isinstance(following, Tag) and following.sourceline:
            last = max(first, following.sourceline + self.offset - 1)
        elif following is None and self.end_line is not None:
            last = max(first, self.end_line)
        return Provenance(self.ident, first, last)

    # --- blocks --------------------------------------------------------------

    def blocks(self, nodes: list) -> list[Block]:
        """Blocks from a mixed list of nodes: runs of inline content become paragraphs."""
        out: list[Block] = []
        run: list = []

        def flush() -> None:
            inlines = self.inlines(run)
            text = "".join(_text(n) for n in run)
            if text.strip():
                first = next((n for n in run if isinstance(n, Tag)), None)
                prov = self.prov(first) if first is not None else self._string_prov(run[0])
                out.append(Para(inlines, prov))
            run.clear()

        for node in nodes:
            if isinstance(node, _NOT_TEXT):
                continue
            if isinstance(node, Tag) and (node.name in _BLOCKS or _has_block(node)):
                flush()
                out.extend(self.block(node))
            elif isinstance(node, Tag) and node.name in _SKIP:
                continue
            else:
                run.append(node)
        flush()
        return out

    def _string_prov(self, node) -> Provenance:
        parent = node.parent
        line = (parent.sourceline or 1) + self.offset if isinstance(parent, Tag) else 1 + self.offset
        return Provenance(self.ident, line, line)

    def block(self, tag: Tag) -> list[Block]:
        name = tag.name
        prov = self.prov(tag)
        if name in _SKIP:
            return []
        if name in _HEADINGS:
            return [Heading(_HEADINGS[name], self.inlines(tag.contents), prov)]
        if name in ("p", "figcaption", "dt", "dd", "pre"):
            if any(isinstance(c, Tag) and c.name in _BLOCKS for c in tag.children):
                return [Div(self.blocks(tag.contents), _classes(tag), prov=prov)]
            return [Para(self.inlines(tag.contents), prov)]
        if name == "blockquote":
            return [BlockQuote(self.blocks(tag.contents), prov)] if "twitter-tweet" not in _classes(tag) \
                else [Div([BlockQuote(self.blocks(tag.contents), prov)], _classes(tag),
                          lang=str(tag.get("lang", "")), prov=prov)]
        if name in ("ul", "ol", "dl"):
            items = [self.blocks(li.contents) for li in tag.find_all(["li", "dt", "dd"], recursive=False)]
            listed = ListBlock(items, name == "ol", prov)
            if tag.get("role"):          # a list the page marks as a part of itself (its menu)
                return [Div([listed], _classes(tag), str(tag.get("id", "")), prov=prov, role=str(tag["role"]))]
            return [listed]
        if name == "li":
            return self.blocks(tag.contents)
        if name == "figure":
            return [self.figure(tag, prov)]
        if name == "img":
            return [Figure([self.image(tag)], [], prov=prov)]
        # Containers: keep them, with their classes, id and language.
        role = str(tag.get("role", "")) or ("navigation" if name == "nav" else "")
        return [Div(self.blocks(tag.contents), _classes(tag), str(tag.get("id", "")),
                    str(tag.get("lang", "")), prov, role)]

    def figure(self, tag: Tag, prov: Provenance) -> Figure:
        images = [self.image(img) for img in tag.find_all("img")]
        caption_tag = tag.find("figcaption")
        caption = self.inlines(caption_tag.contents) if caption_tag else []
        rest = [c for c in tag.children
                if not (isinstance(c, Tag) and (c.name in ("img", "noscript", "figcaption")
                                                 or c.find("img") is not None))]
        # A figure inside a figure (WordPress wraps captions so): its caption is ours.
        for inner in tag.find_all("figure"):
            inner_caption = inner.find("figcaption")
            if inner_caption is not None and not caption:
                caption = self.inlines(inner_caption.contents)
        return Figure(images, caption, self.blocks(rest), prov)

    def image(self, img: Tag) -> Image:
        attrs = {k: (" ".join(v) if isinstance(v, list) else str(v)) for k, v in img.attrs.items()
                 if k not in ("src", "alt")}
        if img.find_parent("noscript") is not None:
            attrs["in-noscript"] = "true"
        return Image(str(img.get("src", "")), str(img.get("alt", "")), attrs, self.prov(img))

    # --- inlines -------------------------------------------------------------

    def inlines(self, nodes) -> list[Inline]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, _NOT_TEXT):
                continue
            if isinstance(node, NavigableString):
                out.append(Text(str(node)))
                continue
            if not isinstance(node, Tag) or node.name in _SKIP:
                continue
            kids = self.inlines(node.contents)
            if node.name in _EMPH:
                out.append(Emph(kids))
            elif node.name in _STRONG:
                out.append(Strong(kids))
            elif node.name == "a" and node.get("href"):
                out.append(Link(str(node["href"]), kids))
            elif node.name == "br":
                out.append(SoftBreak())
            elif node.get("lang"):
                out.append(Span(str(node["lang"]), kids))
            else:
                out.extend(kids)
        return out


def _classes(tag: Tag) -> tuple[str, ...]:
    value = tag.get("class") or []
    return tuple(value if isinstance(value, list) else str(value).split())


def _has_block(tag: Tag) -> bool:
    return tag.find(list(_BLOCKS)) is not None


def _text(node) -> str:
    return str(node) if isinstance(node, NavigableString) else node.get_text() if isinstance(node, Tag) else ""
