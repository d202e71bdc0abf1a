"""The characters of Chinese text, defined once: what every stage means by Han, full width
and Western.

Character classes as strings, to put inside [...] of a regular expression (so
that a module can combine them), and the compiled patterns used most.
"""

from __future__ import annotations

import re

# Han characters and what is set like them: CJK radicals, the iteration and
# Hangzhou numeral marks, kana, the ideographs of every plane.
HAN = ("\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff"
       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f")
# Full-width marks and Chinese quotation marks: a Chinese neighbour as much as a Han character.
FULL_WIDTH = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’—…"
# The CJK symbols and full-width forms blocks, whole.
CJK_FORMS = "\u3000-\u303f\uff00-\uffef"
# Letters and digits of Western scripts (Latin, Greek, Cyrillic), which keep a gap from Han.
WESTERN = "A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u052f"

HAN_RE = re.compile(f"[{HAN}]")


def is_chinese(lang: str) -> bool:
    """Whether text in language lang is Chinese (zh, zh-Hans, zh-Hant, …; no language:
    the Chinese editions' own text)."""
    return not lang or lang.lower().startswith("zh")
