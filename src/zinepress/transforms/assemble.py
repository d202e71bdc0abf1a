"""Assemble an edition from cleaned sources, following its contents in book.toml.

Each contents entry names the heading that opens a part or chapter in its
source; the part or chapter runs to the next entry's heading in the same
source, or to the source's end. The opening heading becomes the title. An
entry without a heading takes its whole source and its title from book.toml.
Every block of every source the edition uses lands in exactly one chapter:
text before a source's first entry, a heading matched twice or not at all,
or a source no entry uses, is an error naming book.toml and the entry's line.

Without contents, each source is one chapter titled by its first level-1
heading.
"""

from __future__ import annotations

import re

from zinepress.bookfiles.config import BookConfig, ContentsEntry, EditionConfig
from zinepress.errors import EditorialError
from zinepress.model import Block, Chapter, Div, Edition, Heading, Source, Span, Text
from zinepress.text.cjk import is_chinese
from zinepress.text.sentences import sentence_key
from zinepress.walk import block_text, iter_blocks, map_blocks, own_inlines, plain_text


def flatten(blocks: list[Block]) -> list[Block]:
    """The blocks with structural wrappers (Divs without a language) opened up."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Div) and not block.lang:
            out.extend(flatten(block.blocks))
        else:
            out.append(block)
    return out


def _chapter_per_source(source: Source) -> Chapter:
    """A source taken whole as one chapter, under its first heading of the highest
    level it has (moved to the chapter's title) when no text stands before it,
    else under its metadata's title (a WordPress post's first section heading is
    never lifted above the paragraphs that open the post)."""
    headings = [b for b in iter_blocks(source.blocks) if isinstance(b, Heading)]
    top = min((h.level for h in headings), default=None)
    first = next((h for h in headings if h.level == top), None)
    if first is not None and _text_before(source.blocks, first):
        first = None
    title_prov = first.prov if first is not None else None
    if first is not None:
        title = first.inlines
        blocks = map_blocks(list(source.blocks), lambda b: [] if b is first else [b])
    else:
        title = [Text(str(source.meta.get("title", source.ident)))]
        blocks = list(source.blocks)
    ident = "ch-" + re.sub(r"[^A-Za-z0-9-]+", "-", source.ident).strip("-")
    return Chapter(ident=ident, title=title, blocks=blocks, role="chapter", lang=source.lang,
                   sources=(source.ident,), title_prov=title_prov)


def own_text(block: Block) -> str:
    """The text of a block's own inlines (not of the blocks inside it)."""
    inlines = own_inlines(block)
    return plain_text(inlines) if inlines else ""


def _text_before(blocks: list[Block], heading: Heading) -> bool:
    """Whether a block with text comes before heading, in reading order."""
    for block in iter_blocks(blocks):
        if block is heading:
            return False
        if not isinstance(block, Heading) and own_text(block).strip():
            return True
    return False


def _find_heading(blocks: list[Block], entry: ContentsEntry, source: str, book_file: str) -> int:
    key = sentence_key(entry.heading)
    found = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and sentence_key(plain_text(b.inlines)) == key]
    if len(found) != 1:
        count = "no heading" if not found else f"{len(found)} headings"
        raise EditorialError(f"contents entry {entry.heading!r} matches {count} of source {source}; "
                             "it must match exactly one", path=book_file, line=entry.line,
                             hint="copy the heading's text from the source (whitespace and quote style "
                                  "do not matter)")
    return found[0]


def _chapters_from_contents(config: BookConfig, edition: EditionConfig,
                            cleaned: dict[str, Source]) -> list[Chapter]:
    book_file = str(config.book_dir / "book.toml")
    flat = {ident: flatten(cleaned[ident].blocks) for ident in edition.sources}
    # Where each entry starts in its source.
    starts: dict[int, int] = {}
    by_source: dict[str, list[int]] = {}
    for n, entry in enumerate(edition.contents):
        if entry.role == "notes":
            continue
        by_source.setdefault(entry.source, []).append(n)
        if entry.heading:
            starts[n] = _find_heading(flat[entry.source], entry, entry.source, book_file)

    ends: dict[int, int] = {}
    for ident, numbers in by_source.items():
        headed = [n for n in numbers if edition.contents[n].heading]
        whole = [n for n in numbers if n not in headed]
        if whole and len(numbers) > 1:
            entry = edition.contents[whole[0]]
            raise EditorialError(f"source {ident} is taken whole by one contents entry and used by others too",
                                 path=book_file, line=entry.line)
        if whole:
            starts[whole[0]], ends[whole[0]] = -1, len(flat[ident])
            continue
        opened: dict[int, int] = {}
        for n in headed:
            first = opened.setdefault(starts[n], n)
            if first != n:
                entry = edition.contents[n]
                raise EditorialError(f"contents entry {entry.heading!r} opens at the same heading of source "
                                     f"{ident} as the entry on line {edition.contents[first].line}; "
                                     "a heading can open only one part or chapter", path=book_file,
                                     line=entry.line,
                                     hint="remove one of the two entries, or make it open at another heading")
        ordered = sorted(headed, key=lambda n: starts[n])
        if ordered != headed:
            entry = edition.contents[headed[[a == b for a, b in zip(ordered, headed)].index(False)]]
            raise EditorialError(f"contents entries of source {ident} are not in the source's order "
                                 f"(at {entry.heading!r})", path=book_file, line=entry.line)
        before = [b for b in flat[ident][: starts[headed[0]]] if block_text(b).strip()]
        if before:
            entry = edition.contents[headed[0]]
            first = before[0].prov.first_line if before[0].prov else "?"
            last = before[-1].prov.last_line if before[-1].prov else "?"
            lines = str(first) if first == last else f"{first}-{last}"
            blocks = ("1 block of source {0} stands" if len(before) == 1
                      else f"{len(before)} blocks of source {{0}} stand")
            raise EditorialError(f"{blocks.format(ident)} before its first contents entry and would be lost "
                                 f"({'line' if first == last else 'lines'} {lines})",
                                 path=book_file, line=entry.line,
                                 hint="start the first entry at an earlier heading, or make the first of "
                                      "those lines a heading with a [[heading]] entry in book/editorial.toml "
                                      "and open an entry there (a title page: role = \"preface\"), or, if no "
                                      f"edition prints them, leave them out with unused = [{{ lines = \"{lines}\", "
                                      "reason = \"…\" }] in its [[source]]")
        for this, following in zip(headed, headed[1:] + [None]):
            ends[this] = starts[following] if following is not None else len(flat[ident])

    unused = [ident for ident in edition.sources if ident not in by_source]
    if unused:
        raise EditorialError(f"edition {edition.name}: source {unused[0]} is in its sources but in no "
                             "contents entry", path=book_file,
                             hint="add a contents entry for it, or take it out of the edition's sources")

    chapters: list[Chapter] = []
    counters: dict[str, int] = {}
    for n, entry in enumerate(edition.contents):
        counters[entry.role] = counters.get(entry.role, 0) + 1
        ident = "notes" if entry.role == "notes" else f"{entry.role}-{counters[entry.role]}"
        given_title = config.localized(entry.title, edition.lang) if entry.title else ""
        if entry.role == "notes":
            chapters.append(Chapter(ident, [Text(given_title)], [], "notes", edition.lang))
            continue
        blocks = flat[entry.source]
        start, end = starts[n], ends[n]
        lang = entry.lang or cleaned[entry.source].lang
        title = blocks[start].inlines if start >= 0 else []     # (-1: the source taken whole)
        title_prov = blocks[start].prov if start >= 0 and not given_title else None
        if given_title:
            # a title the editors gave, in the edition's language even when the chapter is not
            title = [Text(given_title)] if lang == edition.lang else [Span(edition.lang, [Text(given_title)])]
        body = blocks[start + 1:end] if start >= 0 else blocks[:end]
        chapters.append(Chapter(ident, title, list(body), entry.role, lang, (entry.source,), title_prov))
    return chapters


def _names(names: tuple[str, ...], lang: str) -> str:
    """Several authors as an edition prints them: 鲁迅、Hexo、Jekyll in Chinese (the
    enumeration comma, clreq), Lu Xun, Hexo, Jekyll otherwise."""
    return ("、" if is_chinese(lang) else ", ").join(names)


def assemble(config: BookConfig, edition: EditionConfig, cleaned: dict[str, Source]) -> Edition:
    """The edition's text: its parts and chapters in the order of its contents."""
    if edition.contents:
        chapters = _chapters_from_contents(config, edition, cleaned)
    else:
        chapters = [_chapter_per_source(cleaned[ident]) for ident in edition.sources]
    return Edition(
        name=edition.name,
        lang=edition.lang,
        title=config.localized(config.title, edition.lang),
        subtitle=config.localized(config.subtitle, edition.lang),
        author=_names(config.authors_for(edition.lang), edition.lang) or config.author,
        chapters=chapters,
        meta={"date": config.date, "publisher": config.publisher,
              "rights": config.localized(config.rights_by_lang, edition.lang) or config.rights,
              "description": config.localized(config.description, edition.lang),
              **({"date_range": config.date_range} if config.date_range else {}),
              **({"authors": list(config.authors_for(edition.lang))}
                 if len(config.authors_for(edition.lang)) > 1 else {}),
              "urls": list(config.urls),
              # the original work, as the colophon credits it: its own title (the
              # title in the first source language of book.toml's title table)
              "original": {"author": _names(config.authors, edition.lang) or config.author,
                           "date": config.date_range or config.date,   # "1902–2020" as written
                           "title": config.localized(config.title, "en"),
                           "subtitle": config.localized(config.subtitle, "en"),
                           "url": config.urls[0] if config.urls else ""},
              # the book's translators (book.toml [book]) and each source's
              "translators": list(dict.fromkeys([*config.translators_for(edition.lang),
                                                 *(config.sources[s].translator for s in edition.sources
                                                   if config.sources[s].translator)])),
              "sources": [{"id": s, "description": config.sources[s].description,
                           "about": config.localized(dict(config.sources[s].about), edition.lang),
                           "url": config.sources[s].url} for s in edition.sources]},
    )


def chapter_titles(edition: Edition) -> list[str]:
    """The chapter titles as plain text (for the report and tests)."""
    return [plain_text(c.title) for c in edition.chapters]
