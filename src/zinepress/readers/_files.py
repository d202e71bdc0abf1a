"""Reading a source file's text and front matter, shared by every reader."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import SourceError

# A YAML front-matter block (Jekyll/Hexo): "---" lines around it, after optional blank lines.
_FRONT_MATTER = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def read_text(path: Path) -> str:
    """The file's text as UTF-8, with a clear error when it is missing or not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("source file not found", path=str(path),
                          hint="check the 'file' of this source in book/book.toml") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})",
                          path=str(path), line=line,
                          hint="convert it to UTF-8, e.g. with iconv -f GBK -t UTF-8") from None
    return text.removeprefix("\ufeff")


def split_front_matter(text: str, path: Path) -> tuple[dict[str, object], str, int]:
    """Split YAML front matter from the body.

    Returns (meta, body, offset): offset is the number of lines before the body,
    so that line n of the body is line n + offset of the file.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = match.group(0)[: match.start(1)].count("\n") + 1 + (mark.line if mark else 0)
        raise SourceError(f"front matter is not valid YAML: {err}", path=str(path), line=line) from None
    if not isinstance(meta, dict):
        raise SourceError("front matter is not a mapping", path=str(path), line=1)
    meta = {str(k): (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}
    return meta, text[match.end():], match.group(0).count("\n")
