"""Sentences and their comparison keys, shared by the audit and the dedupe rule.

A sentence key ignores what the cleaning and typography steps may change
without changing the words: whitespace, the width of punctuation (NFKC),
the style of quotation marks, the kind of hyphen (U+2010 and -, a soft
hyphen dropped: it is invisible), dashes written with spaces or doubled,
ellipses written with dots or 。, backslash escapes, and HTML character
references (``&#65306;``, ``&amp;``: a source may carry them where the
edition has the character). Two sentences with
the same key say the same thing.
"""

from __future__ import annotations

import html
import re
import unicodedata

# A sentence ends at 。！？ (or ?! and an ellipsis) plus any closing quotes/brackets,
# or at . ! ? followed by closing marks and whitespace (Latin text).
_CJK_END = re.compile(r"[。！？!?…]+[”’」』\"')）\]】]*")
_LATIN_END = re.compile(r"(?<=[.!?])[”’\"')\]]*\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "＂": '"',
                         "‘": "'", "’": "'", "『": "'", "』": "'", "＇": "'",
                         "–": "-", "－": "-", "—": "-", "―": "-",
                         "\u2010": "-", "\u2011": "-", "\u00ad": None})
_SPACE = re.compile(r"\s+")
_DASH_RUN = re.compile(r"-{2,}")             # — — and —— are one dash
_DOTS = re.compile(r"(?:\.{2,}|。{2,})")      # ..., 。。。 and …… are one ellipsis
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!$&%~|<>\"'])")
_WORDS = re.compile(r"\w", re.UNICODE)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; whitespace inside each is kept as it is."""
    pieces: list[str] = []
    for line in text.split("\n"):
        start = 0
        for match in _sentence_ends(line):
            pieces.append(line[start:match])
            start = match
        pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()]


def _sentence_ends(line: str) -> list[int]:
    ends = {m.end() for m in _CJK_END.finditer(line)}
    ends |= {m.end() for m in _LATIN_END.finditer(line)}
    return sorted(e for e in ends if 0 < e < len(line))


def sentence_key(sentence: str) -> str:
    """The comparison key of a sentence (see the module docstring)."""
    text = unicodedata.normalize("NFKC", html.unescape(sentence) if "&" in sentence else sentence)
    text = _ESCAPE.sub("", text)
    text = text.translate(_QUOTES)
    text = _SPACE.sub("", text)
    return _DOTS.sub("...", _DASH_RUN.sub("-", text))


def has_words(sentence: str) -> bool:
    """Whether a sentence holds any letter or digit (an ornament like ⚪️ does not)."""
    return bool(_WORDS.search(sentence))
