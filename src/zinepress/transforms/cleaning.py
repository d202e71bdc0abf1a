"""Which cleaning rules run on which kind of source, and in what order.

Order matters: the passages book.toml leaves out go first, by the lines the
file has; structural rules (chrome, page furniture) run before the
editorial line entries, which run before dedupe (so that a dropped caption
is not mistaken for a repeat), and whitespace goes last.
"""

from __future__ import annotations

from zinepress.transforms import Rule
from zinepress.transforms.corrections import CORRECTIONS, EMOJI
from zinepress.transforms.dedupe import REPEATED_PARAGRAPHS
from zinepress.transforms.drop_caps import DROP_CAPS
from zinepress.transforms.editorial import EDITORIAL_LINES
from zinepress.transforms.english import RULES as ENGLISH_RULES
from zinepress.transforms.figures import MISSING_FIGURES
from zinepress.transforms.gutenberg import (
    GUTENBERG_FRAME,
    HARD_HYPHENS,
    ILLUSTRATION_MARKS,
)
from zinepress.transforms.hyphens import LINE_END_HYPHENS, SOFT_HYPHEN_GLYPHS
from zinepress.transforms.language import LANGUAGE_PASSAGES
from zinepress.transforms.links import LINK_LINES
from zinepress.transforms.lists import EMPTY_LIST_ITEMS
from zinepress.transforms.muse import MUSE_HEADER
from zinepress.transforms.notes import EDITORS_NOTES
from zinepress.transforms.page_furniture import (
    CONTENTS_PAGE,
    PAGE_NUMBERS,
    RUNNING_HEADS,
    TITLE_PAGE,
)
from zinepress.transforms.stray_markup import STRAY_EMPHASIS
from zinepress.transforms.text import STRAY_ESCAPES
from zinepress.transforms.typography import RULES as TYPOGRAPHY_RULES
from zinepress.transforms.unused import UNUSED_PASSAGES
from zinepress.transforms.webtext import (
    DECODE_ENTITIES,
    INDENTED_PARAGRAPHS,
    MARKDOWN_HTML,
)
from zinepress.transforms.whitespace import NORMALISE_WHITESPACE
from zinepress.transforms.wordpress import (
    EMBEDDED_TWEETS,
    LAZY_LOAD,
    NOSCRIPT_DUPLICATES,
    WORDPRESS_CHROME,
)


def rules_for(kind: str) -> list[Rule]:
    """The cleaning rules for a kind of source, in the order they run."""

    by_kind: dict[str, list[Rule]] = {
        "markdown": [DECODE_ENTITIES, MARKDOWN_HTML, INDENTED_PARAGRAPHS, EMOJI, EMPTY_LIST_ITEMS, *EDITORIAL_LINES,
                     LANGUAGE_PASSAGES, REPEATED_PARAGRAPHS, EDITORS_NOTES],
        "wordpress": [DECODE_ENTITIES, WORDPRESS_CHROME, EMBEDDED_TWEETS, NOSCRIPT_DUPLICATES, LAZY_LOAD,
                      MISSING_FIGURES, EMOJI, EMPTY_LIST_ITEMS, STRAY_EMPHASIS, *EDITORIAL_LINES,
                      LANGUAGE_PASSAGES, REPEATED_PARAGRAPHS],
        "plaintext": [MUSE_HEADER, GUTENBERG_FRAME, CONTENTS_PAGE, ILLUSTRATION_MARKS, HARD_HYPHENS, STRAY_ESCAPES,
                      EMOJI, EMPTY_LIST_ITEMS, *EDITORIAL_LINES, LANGUAGE_PASSAGES, REPEATED_PARAGRAPHS],
        "pdftext": [TITLE_PAGE, CONTENTS_PAGE, PAGE_NUMBERS, RUNNING_HEADS, SOFT_HYPHEN_GLYPHS, LINE_END_HYPHENS,
                    DROP_CAPS, STRAY_ESCAPES, EMOJI, *EDITORIAL_LINES, LANGUAGE_PASSAGES],
    }
    return [UNUSED_PASSAGES, *by_kind[kind], NORMALISE_WHITESPACE]


def rules_after_order() -> list[Rule]:
    """The rules that need a source's paragraphs whole: after a shuffled source is
    put back in order (pipeline.clean_source), for every source. Corrections come
    here, so that an entry matches the text a reader reads, and the order's entries
    (book/order) the text as the source has it."""
    return [CORRECTIONS, LINK_LINES]


# Steps after cleaning that also log what they change, under these names.
LATER_STEPS = {
    "split-fragments": "cuts a source line where two shuffled fragments were glued with a space "
                       "(book/order/<source>.toml, `splits`)",
    "join-fragments": "joins fragments of one paragraph that the shuffle cut apart (book/order, join = continue)",
    "dehyphenate": "joins a word cut in two across fragments, dropping the cut's hyphen (book/order, join = word)",
    "notes": "drops draft openings of note texts taken from another source (book/notes.toml, drop_opening)",
    **TYPOGRAPHY_RULES,
    **ENGLISH_RULES,
}


def all_rules() -> list[tuple[str, str]]:
    """(name, summary) of every rule and logged step, once each (for the report's legend)."""
    seen: dict[str, str] = {}
    for kind in ("wordpress", "pdftext", "markdown", "plaintext"):
        for rule in rules_for(kind):
            seen.setdefault(rule.name, rule.summary)
    for rule in rules_after_order():
        seen.setdefault(rule.name, rule.summary)
    seen.update(LATER_STEPS)
    return list(seen.items())
