"""Which cleaning rules run on which kind of source, and in what order.

Order matters: structural rules (chrome, page furniture) run before the
editorial line entries, which run before dedupe (so that a dropped caption
is not mistaken for a repeat), and whitespace goes last.
"""

from __future__ import annotations

from . import Rule
from .dedupe import REPEATED_PARAGRAPHS
from .editorial import EDITORIAL_LINES
from .figures import MISSING_FIGURES
from .gutenberg import GUTENBERG_FRAME, HARD_HYPHENS, ILLUSTRATION_MARKS
from .language import LANGUAGE_PASSAGES
from .notes import EDITORS_NOTES
from .typography import RULES as TYPOGRAPHY_RULES
from .whitespace import NORMALISE_WHITESPACE
from .webtext import DECODE_ENTITIES, INDENTED_PARAGRAPHS, MARKDOWN_HTML
from .wordpress import EMBEDDED_TWEETS, LAZY_LOAD, NOSCRIPT_DUPLICATES, WORDPRESS_CHROME


def rules_for(kind: str) -> list[Rule]:
    """The cleaning rules for a kind of source, in the order they run."""
    from .hyphens import LINE_END_HYPHENS
    from .pagination import CONTENTS_PAGE, PAGE_NUMBERS, RUNNING_HEADS, TITLE_PAGE
    from .text import STRAY_ESCAPES

    by_kind: dict[str, list[Rule]] = {
        "markdown": [DECODE_ENTITIES, MARKDOWN_HTML, INDENTED_PARAGRAPHS, *EDITORIAL_LINES, LANGUAGE_PASSAGES, REPEATED_PARAGRAPHS, EDITORS_NOTES],
        "wordpress": [DECODE_ENTITIES, WORDPRESS_CHROME, EMBEDDED_TWEETS, NOSCRIPT_DUPLICATES, LAZY_LOAD,
                      MISSING_FIGURES, *EDITORIAL_LINES, LANGUAGE_PASSAGES, REPEATED_PARAGRAPHS],
        "plaintext": [GUTENBERG_FRAME, CONTENTS_PAGE, ILLUSTRATION_MARKS, HARD_HYPHENS, STRAY_ESCAPES, *EDITORIAL_LINES, LANGUAGE_PASSAGES, REPEATED_PARAGRAPHS],
        "pdftext": [TITLE_PAGE, CONTENTS_PAGE, PAGE_NUMBERS, RUNNING_HEADS, LINE_END_HYPHENS, STRAY_ESCAPES,
                    *EDITORIAL_LINES, LANGUAGE_PASSAGES],
    }
    return [*by_kind[kind], NORMALISE_WHITESPACE]


# Steps after cleaning that also log what they change, under these names.
LATER_STEPS = {
    "split-fragments": "cuts a source line where two shuffled fragments were glued with a space "
                       "(book/order/<source>.toml, `splits`)",
    "join-fragments": "joins fragments of one paragraph that the shuffle cut apart (book/order, join = continue)",
    "dehyphenate": "joins a word cut in two across fragments, dropping the cut's hyphen (book/order, join = word)",
    "notes": "drops draft openings of note texts taken from another source (book/notes.toml, drop_opening)",
    **TYPOGRAPHY_RULES,
}


def all_rules() -> list[tuple[str, str]]:
    """(name, summary) of every rule and logged step, once each (for the report's legend)."""
    seen: dict[str, str] = {}
    for kind in ("wordpress", "pdftext", "markdown", "plaintext"):
        for rule in rules_for(kind):
            seen.setdefault(rule.name, rule.summary)
    seen.update(LATER_STEPS)
    return list(seen.items())
