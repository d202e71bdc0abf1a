"""The book model: the one document shape every reader produces and every writer reads.

Like pandoc's AST, in Python: blocks hold inlines; a footnote is a node, not
"[1]" text. Every block records where it came from (its Provenance), so that
the build report and the audit can name a source file and line.

This module imports nothing of ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Union


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a block came from: source id and 1-based inclusive line range."""

    source: str
    first_line: int
    last_line: int

    def __str__(self) -> str:
        if self.first_line == self.last_line:
            return f"{self.source}:{self.first_line}"
        return f"{self.source}:{self.first_line}-{self.last_line}"


# --- Inlines -----------------------------------------------------------------


@dataclass(slots=True)
class Text:
    """A run of plain text."""

    text: str
    kind: ClassVar[str] = "text"


@dataclass(slots=True)
class SoftBreak:
    """A line break inside a paragraph of the source (joined by the cleaning rules)."""

    kind: ClassVar[str] = "softbreak"


@dataclass(slots=True)
class Emph:
    """Emphasis (italic)."""

    children: list[Inline]
    kind: ClassVar[str] = "emph"


@dataclass(slots=True)
class Strong:
    """Strong emphasis (bold)."""

    children: list[Inline]
    kind: ClassVar[str] = "strong"


@dataclass(slots=True)
class Link:
    """A hyperlink; href is kept exactly as the source gave it."""

    href: str
    children: list[Inline]
    kind: ClassVar[str] = "link"


@dataclass(slots=True)
class NoteRef:
    """A call to a footnote; label is the note's label in its source ("1", "4")."""

    label: str
    kind: ClassVar[str] = "noteref"


@dataclass(slots=True)
class Span:
    """A passage in another language than its surroundings (BCP 47 tag)."""

    lang: str
    children: list[Inline]
    kind: ClassVar[str] = "span"


Inline = Union[Text, SoftBreak, Emph, Strong, Link, NoteRef, Span]
INLINE_CONTAINERS = (Emph, Strong, Link, Span)


# --- Blocks ------------------------------------------------------------------


@dataclass(slots=True)
class Heading:
    """A heading; level 1 is the top of a source or chapter."""

    level: int
    inlines: list[Inline]
    prov: Provenance | None = None
    kind: ClassVar[str] = "heading"


@dataclass(slots=True)
class Para:
    """A paragraph."""

    inlines: list[Inline]
    prov: Provenance | None = None
    kind: ClassVar[str] = "para"


@dataclass(slots=True)
class BlockQuote:
    """A quoted passage made of blocks."""

    blocks: list[Block]
    prov: Provenance | None = None
    kind: ClassVar[str] = "blockquote"


@dataclass(slots=True)
class ListBlock:
    """A bulleted or numbered list; each item is a list of blocks."""

    items: list[list[Block]]
    ordered: bool = False
    prov: Provenance | None = None
    kind: ClassVar[str] = "list"


@dataclass(slots=True)
class Image:
    """A picture inside a figure. attrs keeps the source's other attributes
    (lazy-load placeholders and the like) for the cleaning rules to judge."""

    src: str
    alt: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    prov: Provenance | None = None
    kind: ClassVar[str] = "image"


@dataclass(slots=True)
class Figure:
    """A figure: pictures (possibly duplicated by the source, e.g. in <noscript>),
    other blocks inside it, and a caption."""

    images: list[Image]
    caption: list[Inline]
    blocks: list[Block] = field(default_factory=list)
    prov: Provenance | None = None
    kind: ClassVar[str] = "figure"


@dataclass(slots=True)
class Note:
    """A footnote's text, identified by its label in the source."""

    label: str
    blocks: list[Block]
    prov: Provenance | None = None
    kind: ClassVar[str] = "note"


@dataclass(slots=True)
class Div:
    """A container the reader keeps so that rules can judge it as a whole:
    classes say what it is ("sharedaddy", "page-number", "contents",
    "twitter-tweet", "noscript"); lang marks a passage in another language."""

    blocks: list[Block]
    classes: tuple[str, ...] = ()
    ident: str = ""
    lang: str = ""
    prov: Provenance | None = None
    role: str = ""      # what the page says the part is (ARIA role: "navigation", "banner"…)
    kind: ClassVar[str] = "div"


Block = Union[Heading, Para, BlockQuote, ListBlock, Figure, Note, Div]


# --- Documents ---------------------------------------------------------------


@dataclass(slots=True)
class Source:
    """One source file as read: its id, path, front matter and blocks."""

    ident: str
    path: str
    lang: str
    meta: dict[str, object]
    blocks: list[Block]


@dataclass(slots=True)
class Chapter:
    """A unit of an edition's reading order (a part, chapter, appendix...)."""

    ident: str
    title: list[Inline]
    blocks: list[Block]
    role: str = "chapter"
    lang: str = ""
    sources: tuple[str, ...] = ()
    title_prov: Provenance | None = None    # where the title stands in its source


@dataclass(slots=True)
class Edition:
    """The complete text of one edition, in reading order."""

    name: str
    lang: str
    title: str
    subtitle: str
    author: str
    chapters: list[Chapter]
    meta: dict[str, object] = field(default_factory=dict)
