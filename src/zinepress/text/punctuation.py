"""Which Chinese punctuation marks are set at half width: clreq 3.1.6, adjacent marks.

A full-width mark is an em wide, its glyph on one side of that em and blank
on the other (or, for Taiwan's centred marks, blank on both sides). Two marks
side by side leave a hole of a whole em, which clreq closes by half an em
(2 em -> 1.5 em): one of the two is set at half width, the one whose blank
lies between them, so that brackets and quotes keep close to what they
enclose. The half-width form is the font's own (OpenType `halt`, `vhal` in
vertical writing: styles/zh.css and styles/vertical.css on `.halt`); this
module only says which marks take it. Nothing in the text changes.

The locale decides where a mark's blank is (clreq 3.1.6.1):

- mainland (zh-Hans): ，。、；：！？ sit in the first half of their em, like
  the closing brackets and quotes: the first of two marks is halved, unless
  both are opening marks (“（), when the second is.
- taiwan (zh-Hant, and other traditional editions): ，。、；：！？ stay
  centred in their em, full width, beside an opening mark (which is halved
  instead: ，「) or another centred mark; before a closing bracket (。」)
  the centred mark takes the font's centred half-width form, still centred.
"""

from __future__ import annotations

MAINLAND = "mainland"
TAIWAN = "taiwan"

OPENING = "“‘（《〈【〔「『［｛"
CLOSING_BRACKETS = "”’）》〉】〕」』］｝"
STOPS = "，。、；：！？"      # pause and stop marks: closing in mainland, centred in Taiwan
PUNCTUATION = OPENING + CLOSING_BRACKETS + STOPS
# Marks Noto CJK TC has no half-width form for (its ？ keeps one em under `halt`).
_NO_HALF_FORM = {TAIWAN: "？"}


def punctuation_style(lang: str) -> str:
    """The locale whose rules a text in lang follows: "mainland", "taiwan", or ""
    (not Chinese: nothing is compressed)."""
    tag = (lang or "").lower()
    if not tag.startswith("zh"):
        return ""
    if any(part in tag.split("-") for part in ("hant", "tw", "hk", "mo")):
        return TAIWAN
    return MAINLAND


def _halved(a: str, b: str, style: str) -> int | None:
    """Of two adjacent marks a and b: 0 when a is set at half width, 1 when b is, None
    when neither is."""
    if a in OPENING:
        return 1 if b in OPENING else None
    if a in CLOSING_BRACKETS:
        return 0
    # a is a stop mark
    if style == MAINLAND:
        return 0
    if b in OPENING:
        return 1
    if b in CLOSING_BRACKETS and a not in _NO_HALF_FORM[TAIWAN]:
        return 0
    return None


def half_width_marks(text: str, style: str, before: str = "", after: str = "") -> set[int]:
    """The positions in text of the marks set at half width, for the locale style.

    before and after: the characters just before and after the text in its
    paragraph (another inline's), so that a pair across two inlines is found;
    only the marks of text itself are returned."""
    if not style:
        return set()
    full = (before[-1:] or " ") + text + (after[:1] or " ")
    halved: set[int] = set()
    for at in range(len(full) - 1):
        a, b = full[at], full[at + 1]
        if a in PUNCTUATION and b in PUNCTUATION:
            which = _halved(a, b, style)
            if which is not None:
                halved.add(at + which - 1)        # back to a position in text
    return {at for at in halved if 0 <= at < len(text)}
