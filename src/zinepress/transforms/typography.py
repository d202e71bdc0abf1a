"""Chinese punctuation, normalised as W3C clreq asks (an edition step).

Translators type what their keyboard gives: `— —` for the Chinese dash,
`...` for the ellipsis, a half-width `!` or `(` beside Han characters, ASCII
quotes, `A；` for the interview's `A：`. This step puts the full-width marks
of Chinese typesetting in their place, in Chinese text only: never inside a
passage marked as another language (a Span or Div with a non-Chinese lang,
an English chapter), never in a link whose text is a URL, and never where
no Han character or full-width mark stands beside the mark (Latin passages
keep their half-width punctuation). The quarter-em gap between Han and
Latin letters is the writers' job (render/html.py, text_runs): this step
only takes out the plain spaces that stood in for it.

Each rule is a function of the paragraph's text; the step applies them to
the Text nodes of one paragraph at a time, each node seeing its neighbours'
characters, so that quotes pair up across inlines (“<em>他们</em>的”).
Every change is logged as an edit under its rule's name, with a few
characters of context, for the build report (and the audit).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from zinepress.changes import ChangeLog
from zinepress.model import (
    Block,
    Div,
    Edition,
    Inline,
    Provenance,
    Text,
)
from zinepress.text.cjk import FULL_WIDTH, HAN, WESTERN, is_chinese
from zinepress.walk import child_blocks, own_inlines, rule_leaves

CJK = f"[{HAN}{FULL_WIDTH}]"
_HAN_CHAR = f"[{HAN}]"
LATIN = f"{WESTERN}\ue000"          # and the private-use mark that holds a note call's place
_CONTEXT = 6          # characters of context on each side in a logged edit

# The rules, in the order they run, with what the report says of each.
RULES = {
    "cjk-quotes": "ASCII quotation marks beside Chinese text become “” and ‘’ (paired in order)",
    "cjk-dashes": "`— —`, `－－`, `--` and a spaced single dash in Chinese text become the Chinese dash ——",
    "cjk-ellipsis": "`...`, `。。。` and a single … in Chinese text become the Chinese ellipsis ……",
    "cjk-punctuation": "half-width , ; : ? ! ( ) [ ] beside Chinese text become full-width ，；：？！（）［］",
    "label-colon": "an interview label written `A；` or `Q；` at the start of a paragraph becomes `A：`/`Q：`",
    "cjk-spacing": "plain spaces beside full-width marks, and between Han and Latin letters or digits, "
                   "go (the writers set a quarter-em gap between Han and Latin)",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One replacement a rule made in a paragraph's text: text[start:end] → new."""

    rule: str
    start: int
    end: int
    new: str


# --- The rules: text → changes ------------------------------------------------

_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）",
                       "[": "［", "]": "］"})


def _near(text: str, at: int, step: int) -> str:
    """The nearest character that is not a space from position at, going step (±1)."""
    while 0 <= at < len(text):
        if not text[at].isspace():
            return text[at]
        at += step
    return ""


def _is_cjk(char: str) -> bool:
    return bool(char) and re.match(CJK, char) is not None


def quotes(text: str) -> Iterator[Change]:
    """ASCII " and ' with a Chinese neighbour become “” / ‘’, opening and closing in turn
    (an apostrophe between two Latin letters stays)."""
    open_mark = {'"': False, "'": False}
    for match in re.finditer("[\"']", text):
        at, mark = match.start(), match.group()
        if not (_is_cjk(_near(text, at - 1, -1)) or _is_cjk(_near(text, at + 1, 1))):
            continue
        if mark == "'" and not open_mark["'"] and re.match(f"[{LATIN}]", text[at - 1:at] or " "):
            continue        # after a letter, with no quote open: an apostrophe (Yudol', it's)
        opening = not open_mark[mark]
        open_mark[mark] = opening
        new = ("“" if opening else "”") if mark == '"' else ("‘" if opening else "’")
        yield Change("cjk-quotes", at, at + 1, new)


_DASHES = re.compile(r"\s*(?:—\s?—|－\s?－|--|(?<=\s)[—–-](?=\s))\s*")


def dashes(text: str) -> Iterator[Change]:
    """`— —`, `－－`, `--`, or one dash with spaces both sides, between Chinese text → ——."""
    for match in _DASHES.finditer(text):
        before, after = _near(text, match.start() - 1, -1), _near(text, match.end(), 1)
        if match.group() == "——":
            continue
        if _is_cjk(before) or _is_cjk(after):
            if match.group().strip() in "—–-" and not (_is_cjk(before) and _is_cjk(after)):
                continue        # a lone dash needs Chinese on both sides to be the Chinese dash
            yield Change("cjk-dashes", match.start(), match.end(), "——")


_ELLIPSIS = re.compile(r"\s*(?:\.{3,}|。{3,}|…+|⋯+)\s*")


def ellipses(text: str) -> Iterator[Change]:
    """`...`, `。。。`, a single … or ⋯⋯ beside Chinese text → ……."""
    for match in _ELLIPSIS.finditer(text):
        if match.group() == "……":
            continue
        before, after = _near(text, match.start() - 1, -1), _near(text, match.end(), 1)
        if _is_cjk(before) or _is_cjk(after):
            # Keep a space that separates the ellipsis from a Latin word.
            lead = " " if match.group()[:1].isspace() and not _is_cjk(before) and before else ""
            tail = " " if match.group()[-1:].isspace() and not _is_cjk(after) and after else ""
            yield Change("cjk-ellipsis", match.start(), match.end(), f"{lead}……{tail}")


def punctuation(text: str) -> Iterator[Change]:
    """Half-width , ; : ? ! ( ) [ ] with Chinese text beside them → full-width; a pair of
    parentheses or brackets goes full-width together when either end stands in Chinese."""
    pairs = _paren_pairs(text) | _paren_pairs(text, "[]")
    for match in re.finditer(r"\s*[,;:?!()\[\]]\s*", text):
        mark_at = match.start() + len(match.group()) - len(match.group().lstrip())
        mark = text[mark_at]
        before, after = _near(text, mark_at - 1, -1), _near(text, mark_at + 1, 1)
        chinese = _is_cjk(before) or _is_cjk(after)
        if mark in "()[]" and mark_at in pairs:
            other = pairs[mark_at]
            chinese = chinese or _is_cjk(_near(text, other - 1, -1)) or _is_cjk(_near(text, other + 1, 1))
        if not chinese or (before.isdigit() and after.isdigit()):
            continue
        yield Change("cjk-punctuation", match.start(), match.end(), mark.translate(_FULL))


def _paren_pairs(text: str, marks: str = "()") -> dict[int, int]:
    """Matching ( ) positions (or those of the other pair of marks given), both ways."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for at, char in enumerate(text):
        if char == marks[0]:
            stack.append(at)
        elif char == marks[1] and stack:
            start = stack.pop()
            pairs[start], pairs[at] = at, start
    return pairs


_LABEL = re.compile(r"^([A-Z])[；;]")


def labels(text: str) -> Iterator[Change]:
    """`A；` / `Q；` (or `;`) opening a paragraph, followed by Chinese text → `A：`."""
    match = _LABEL.match(text)
    if match and _is_cjk(_near(text, match.end(), 1)):
        yield Change("label-colon", match.start(), match.end(), f"{match.group(1)}：")


_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a\u3000]+")


def spacing(text: str) -> Iterator[Change]:
    """Spaces beside a full-width mark, or between Han and a Latin letter or digit, go."""
    for match in _SPACES.finditer(text):
        before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        if not before or not after:
            continue
        full = re.compile(f"[{FULL_WIDTH}]")
        han_latin = (re.match(_HAN_CHAR, before) and re.match(f"[{LATIN}]", after)) or \
                    (re.match(f"[{LATIN}]", before) and re.match(_HAN_CHAR, after))
        if full.match(before) or full.match(after) or han_latin:
            yield Change("cjk-spacing", match.start(), match.end(), "")


TextRule = Callable[[str], Iterator[Change]]
MAX_PASSES = 4          # the rules settle in two passes; a bound all the same
ORDER: list[TextRule] = [quotes, dashes, ellipses, punctuation, labels, spacing]


def normalise(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """A text with every rule applied, and the (rule, before, after) of each change."""
    node, log = Text(text), ChangeLog()
    _typeset_run([node], None, log)
    return node.text, [(e.rule, e.before, e.after) for e in log.edits]


def _non_overlapping(changes: list[Change]) -> list[Change]:
    kept: list[Change] = []
    for change in sorted(changes, key=lambda c: c.start):
        if kept and change.start < kept[-1].end:
            continue
        if change.new != "" or change.end > change.start:
            kept.append(change)
    return kept


# --- Applying the rules to the book model ----------------------------------------


def _is_url(text: str) -> bool:
    return bool(re.match(r"\s*(https?://|www\.)", text))


def typeset_inlines(inlines: list[Inline], prov: Provenance | None, log: ChangeLog) -> None:
    """Normalise the Chinese punctuation of one paragraph's inlines in place."""
    runs: list[list[Text]] = [[]]
    # a note call is no punctuation's neighbour: the mark after it follows the text before it
    for leaf in rule_leaves(inlines, is_chinese, _is_url, through_notes=True):
        if leaf is None:
            runs.append([])
        else:
            runs[-1].append(leaf)
    for run in runs:
        if run:
            _typeset_run(run, prov, log)


def _typeset_run(nodes: list[Text], prov: Provenance | None, log: ChangeLog) -> None:
    """Apply the rules to a run of Text nodes as one text; give each node its part back.

    Each character of the joined text belongs to one node; a change belongs to
    the node its first character is in (a change that starts in one node and
    ends in the next takes the next one's characters with it)."""
    text = "".join(n.text for n in nodes)
    owner = [i for i, n in enumerate(nodes) for _ in n.text]
    # A rule's change can give another rule the Chinese neighbour it needs (`:…`: the
    # colon goes full-width, then the lone … beside it is the Chinese ellipsis), so
    # the rules run again until the text stays the same: the step is idempotent.
    for _ in range(MAX_PASSES):
        before = text
        for rule in ORDER:
            changes = _non_overlapping(list(rule(text)))
            for change in changes:
                alone = text[:change.start] + change.new + text[change.end:]
                log.edited(change.rule, prov, _context(text, change.start, change.end),
                           _context(alone, change.start, change.start + len(change.new)))
            for change in reversed(changes):
                node = owner[change.start] if change.start < len(owner) else len(nodes) - 1
                text = text[:change.start] + change.new + text[change.end:]
                owner[change.start:change.end] = [node] * len(change.new)
        if text == before:
            break
    parts = [""] * len(nodes)
    for char, node in zip(text, owner):
        parts[node] += char
    for node, part in zip(nodes, parts):
        node.text = part


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - _CONTEXT):end + _CONTEXT]


def _typeset_blocks(blocks: list[Block], log: ChangeLog) -> None:
    for block in blocks:
        if isinstance(block, Div) and not is_chinese(block.lang):
            continue
        inlines = own_inlines(block)
        if inlines is not None:
            typeset_inlines(inlines, getattr(block, "prov", None), log)
        _typeset_blocks(child_blocks(block), log)


def typeset_chinese(edition: Edition, log: ChangeLog) -> Edition:
    """A copy of the edition with the punctuation of its Chinese chapters normalised."""
    result = copy.deepcopy(edition)
    for chapter in result.chapters:
        if is_chinese(chapter.lang):
            typeset_inlines(chapter.title, chapter.title_prov, log)
            _typeset_blocks(chapter.blocks, log)
    return result
