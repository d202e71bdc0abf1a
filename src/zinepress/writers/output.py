"""What every writer does with its output: stamp it with the build date, put it in place.

Outputs are written to a temporary file beside their path and renamed, so a
reader of out_path sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import BinaryIO

from zinepress.errors import OutputError


def replace_atomically(out_path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call write(stream) on a temporary file in out_path's folder, then move it to out_path."""
    out_path = Path(out_path)
    folder = out_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc}", path=str(folder)) from exc
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{out_path.name}.", suffix=".tmp")
    tmp_path = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, out_path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return out_path


def parse_build_date(modified: str) -> datetime:
    """The build date as a UTC datetime, from an ISO 8601 date or date-time."""
    try:
        if len(modified) == 10:
            day = date.fromisoformat(modified)
            return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        stamp = datetime.fromisoformat(modified)
    except ValueError as exc:
        raise OutputError(f"modified must be an ISO 8601 date or date-time, not {modified!r}") \
            from exc
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(timezone.utc).replace(microsecond=0)
