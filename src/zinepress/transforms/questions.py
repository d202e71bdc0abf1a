"""An interview's questions, set apart from the answers as the original zine sets them.

Text extracted from a PDF keeps the words of a question but not its bold
face, so nothing in the source says which paragraph asks and which answers.
book/editorial.toml names each question (`[[question]]`: its source and the
paragraph's opening words, `match`); after the edition is assembled, and its
shuffled sources put back in order, the one paragraph of that source that
opens with those words is set in bold (its inlines wrapped in Strong). The
words stay the same, so nothing is logged; an entry that matches no
paragraph or several stops the build, naming its line.
"""

from __future__ import annotations

from zinepress.errors import EditorialError
from zinepress.model import Block, Edition, Para, Strong
from zinepress.transforms.editorial import EDITORIAL_FILE
from zinepress.walk import iter_blocks, plain_text


def _opening(text: str) -> str:
    return " ".join(text.split())


def mark_questions(edition: Edition, entries: list[dict[str, object]]) -> Edition:
    """The edition with the paragraph each [[question]] entry names set in bold
    (entries of sources the edition does not read are skipped)."""
    read = {s for chapter in edition.chapters for s in chapter.sources}
    wanted = [e for e in entries if e.get("kind") == "question" and e["source"] in read]
    if not wanted:
        return edition
    paragraphs: list[Block] = [b for chapter in edition.chapters for b in iter_blocks(chapter.blocks)
                               if isinstance(b, Para) and b.prov]
    for entry in wanted:
        match = _opening(str(entry["match"]))
        found = [p for p in paragraphs if p.prov.source == entry["source"]
                 and _opening(plain_text(p.inlines)).startswith(match)]
        if len(found) != 1:
            count = "no paragraph" if not found else f"{len(found)} paragraphs"
            raise EditorialError(f"question entry {entry['match']!r} for source {entry['source']} matches "
                                 f"{count} of edition {edition.name}; it must match exactly one",
                                 path=EDITORIAL_FILE, line=entry.get("_line"),
                                 hint="give more of the question's opening words")
        para = found[0]
        if not (len(para.inlines) == 1 and isinstance(para.inlines[0], Strong)):
            para.inlines[:] = [Strong(list(para.inlines))]
    return edition
