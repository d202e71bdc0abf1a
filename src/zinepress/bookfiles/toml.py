"""Reading a TOML file of book/: the one loader, and where things stand in it.

Every file of book/ is TOML that an editor writes by hand, so every message
about it names the line: load_toml keeps the file's text beside its data, and
the functions below find the line of a key or an entry in it. The read goes
through deps.py (the build records it).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from zinepress import deps
from zinepress.errors import ConfigError, ZinepressError
from zinepress.readers.files import guess_encoding


def line_of(text: str, pattern: str, nth: int = 0) -> int | None:
    """The line of the nth match of pattern (its first non-blank character: a
    leading \\s* may run over blank lines before it), or None."""
    match = next((m for i, m in enumerate(re.finditer(pattern, text, re.M)) if i == nth), None)
    if match is None:
        return None
    start = match.start() + len(match.group()) - len(match.group().lstrip())
    return text[:start].count("\n") + 1


def load_toml(path: Path, error: type[ZinepressError] = ConfigError, shown: str | None = None) -> tuple[dict, str]:
    """A TOML file of book/ and its text; a missing, unreadable or invalid file
    is `error` naming the file (as `shown`) and, for bad TOML, the line."""
    shown = shown or str(path)
    try:
        data = deps.read_bytes(path)
    except FileNotFoundError:
        raise error("file not found", path=shown,
                    hint="run from the project folder, or pass --book DIR") from None
    except OSError as err:
        raise error(f"cannot read the file: {err.strerror}", path=shown) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        guess = guess_encoding(data)
        looks = f"; it looks like {guess}" if guess else ""
        raise error(f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}){looks}", path=shown,
                    line=data[: err.start].count(b"\n") + 1,
                    hint=f"save it as UTF-8, e.g. iconv -f {guess or 'THE-ENCODING'} -t UTF-8 {path.name} "
                         f"> {path.stem}.utf8{path.suffix}, check it and put it in its place") from None
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", None) or _first_int(str(err))
        raise error(f"not valid TOML: {err}", path=shown, line=line,
                    hint="fix the syntax on that line (a quote, bracket or comma missing?); "
                         "README.md, 'The book folder', shows every file's form") from None


def _first_int(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def find_line(lines: list[str], pattern: str | re.Pattern[str], start: int = 1, end: int | None = None,
              default: int | None = None) -> int | None:
    """The first line (1-based) in [start, end) that pattern searches true, else default."""
    regex = re.compile(pattern) if isinstance(pattern, str) else pattern
    last = len(lines) + 1 if end is None else min(end, len(lines) + 1)
    return next((n for n in range(start, last) if regex.search(lines[n - 1])), default)


def key_line(lines: list[str], key: str, start: int = 1, end: int | None = None,
             default: int | None = None) -> int | None:
    """The line (1-based) in [start, end) where key is set: `key = …`, a dotted
    `table.key = …`, inside an inline table `{ key = … }`, or a table header `[key]`."""
    name = re.escape(key)
    pattern = re.compile(rf"^\s*(?:[\w-]+\s*\.\s*)*{name}\s*[=.]|[{{,]\s*{name}\s*=|^\s*\[+\s*{name}\s*[\].]")
    return find_line(lines, pattern, start, end, default)
