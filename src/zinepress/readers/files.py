"""Reading a source file's text and front matter, shared by every reader."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from zinepress import deps
from zinepress.errors import SourceError

# A YAML front-matter block (Jekyll/Hexo): "---" lines around it, after optional blank lines.
_FRONT_MATTER = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
# A TOML front-matter block (Hugo): "+++" lines around it.
_TOML_FRONT_MATTER = re.compile(r"\A(?:[ \t]*\n)*\+\+\+[ \t]*\n(.*?\n)\+\+\+[ \t]*\n", re.S)


def read_text(path: Path) -> str:
    """The file's text as UTF-8, with a clear error when it is missing or not UTF-8."""
    try:
        data = deps.read_bytes(path)
    except FileNotFoundError:
        raise SourceError("source file not found", path=str(path),
                          hint="check the 'file' of this source in book/book.toml") from None
    except IsADirectoryError:
        raise SourceError("this is a folder, not a source file", path=str(path),
                          hint="give the path of the file itself as 'file' in book/book.toml") from None
    except OSError as err:
        raise SourceError(f"cannot read the source file: {err.strerror}", path=str(path),
                          hint="check that the file is there and readable") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("the file is UTF-16, not UTF-8", path=str(path), line=1,
                          hint=f"convert it: iconv -f UTF-16 -t UTF-8 {path.name} > {path.stem}.utf8{path.suffix}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        guess = guess_encoding(data)
        looks = f"; it looks like {guess}" if guess else ""
        source_enc = guess or "THE-ENCODING"
        raise SourceError(f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}){looks}",
                          path=str(path), line=line,
                          hint=f"convert it to UTF-8, e.g. iconv -f {source_enc} -t UTF-8 {path.name} "
                               f"> {path.stem}.utf8{path.suffix}, and check the result") from None
    return text.removeprefix("\ufeff")


def source_lines(text: str) -> list[str]:
    """The file's lines as ``sed -n Np`` numbers them: split at "\\n" only.

    ``str.splitlines`` also splits at form feeds (which pdftotext writes at
    every page end), \\x1c-\\x1e, \\x85 and U+2028/U+2029, so every line number
    after the first of them would be off.
    """
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def count_lines(data: bytes) -> int:
    """The number of lines as ``sed -n '$='`` counts them: the last one counted
    when it has no line break."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


# Legacy encodings a source may arrive in, most likely first. GB18030 is a
# superset of GBK and GB2312.
_CANDIDATES = ("GB18030", "Big5", "Shift_JIS", "EUC-KR", "Windows-1252")


def guess_encoding(data: bytes) -> str | None:
    """The legacy encoding the bytes most plausibly are in, or None.

    A candidate must decode every byte; among Chinese ones the one whose text
    holds the most common Han characters wins (GBK bytes read as Big5 come
    out as rare characters, and the other way round). GB18030 is reported as
    GBK, the name people know.
    """
    scores: dict[str, float] = {}
    for name in _CANDIDATES:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        wide = [c for c in text if ord(c) > 0x7F]
        if not wide:
            continue
        common = sum(1 for c in wide if "\u4e00" <= c <= "\u9fa5" or "\u3000" <= c <= "\u303f"
                     or "\uff00" <= c <= "\uffef")
        scores[name] = common / len(wide) + (0.01 if name == "GB18030" else 0)
    if not scores:
        return None
    best = max(scores, key=scores.get)
    return "GBK" if best == "GB18030" else best


def split_front_matter(text: str, path: Path) -> tuple[dict[str, object], str, int]:
    """Split YAML (``---``) or TOML (``+++``, Hugo) front matter from the body.

    Returns (meta, body, offset): offset is the number of lines before the body,
    so that line n of the body is line n + offset of the file.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        toml_match = _TOML_FRONT_MATTER.match(text)
        if not toml_match:
            return {}, text, 0
        return _toml_front_matter(toml_match, text, path)
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


def _toml_front_matter(match: re.Match[str], text: str, path: Path) -> tuple[dict[str, object], str, int]:
    """Hugo's TOML front matter, read like the YAML one (dates as ISO strings)."""
    try:
        meta = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"line (\d+)", str(err))
        line = match.group(0)[: match.start(1)].count("\n") + (int(found.group(1)) if found else 1)
        raise SourceError(f"front matter is not valid TOML: {err}", path=str(path), line=line) from None
    meta = {str(k): (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}
    return meta, text[match.end():], match.group(0).count("\n")
