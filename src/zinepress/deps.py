"""Dependency recording: every file a build step reads goes through here.

As Sphinx's `env.note_dependency` does, the code that reads a source, a file
of book/, a template or a stylesheet notes it at the moment it reads it, with
the hash of what it read. A step run inside `recording()` gets the trace of
everything read while it ran (nested recordings add theirs to the outer one);
outside a recording, the functions here only read.

The build cache keys each output by its trace (cache.py): an entry is used only
when every file its trace names still has the recorded hash. There is no list
of what an output "might" read to keep in step with the code that reads; a
file read without passing through here is the one way to get a stale output,
and tests/test_cache_property.py edits every input of two books to catch it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

# What a trace records for a path that is not a readable file.
MISSING = "missing"
UNREADABLE = "unreadable"


class Trace(dict[str, str]):
    """The files a step read: absolute path -> SHA-256 of the bytes read (or MISSING)."""

    def add(self, other: dict[str, str] | None) -> "Trace":
        """Add another step's reads (an input of this one); return self."""
        if other:
            self.update(other)
        return self

    def frozen(self) -> tuple[tuple[str, str], ...]:
        """The trace as a sorted tuple: what a key is hashed from."""
        return tuple(sorted(self.items()))


_current: ContextVar[Trace | None] = ContextVar("zinepress_reads", default=None)


@contextmanager
def recording(trace: Trace | None = None) -> Iterator[Trace]:
    """Record every read made inside the block into trace (a new one by default);
    the reads also count for an outer recording."""
    outer = _current.get()
    trace = Trace() if trace is None else trace
    token = _current.set(trace)
    try:
        yield trace
    finally:
        _current.reset(token)
        if outer is not None:
            outer.add(trace)


def note(path: Path | str, digest: str) -> None:
    """Record that the current step read path, whose bytes hash to digest."""
    trace = _current.get()
    if trace is not None:
        trace[str(Path(path).absolute())] = digest


def note_trace(trace: dict[str, str] | None) -> None:
    """Record that the current step used what another step made from these reads
    (a source cleaned earlier, say): its trace becomes part of this one."""
    current = _current.get()
    if current is not None and trace:
        current.add(trace)


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path | str) -> str:
    """What a trace records for path now (MISSING when there is no such file)."""
    try:
        return digest_of(Path(path).read_bytes())
    except FileNotFoundError:
        return MISSING
    except OSError:
        return UNREADABLE


def read_bytes(path: Path) -> bytes:
    """path's bytes, recorded; errors are Python's own (the caller words them)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        note(path, MISSING)
        raise
    except OSError:
        note(path, UNREADABLE)
        raise
    note(path, digest_of(data))
    return data


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """path's text, recorded."""
    return read_bytes(path).decode(encoding)


def note_file(path: Path) -> bool:
    """Record a file that something else will read (WeasyPrint a stylesheet, say), or
    whose absence matters; return whether it is a file."""
    digest = file_digest(path)
    note(path, digest)
    return digest not in (MISSING, UNREADABLE)


def folder_exists(path: Path) -> bool:
    """Whether path is a folder, recorded: a book's own templates/ that appears later
    changes what its outputs are made with (a folder records as UNREADABLE, none as MISSING)."""
    note_file(path)
    return Path(path).is_dir()


def exists(path: Path) -> bool:
    """Whether path is a file, recorded: a file that appears later changes the result."""
    return note_file(path)


class Digests:
    """The hashes of files as they are now, each file read once per build."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        digest = self._known.get(path)
        if digest is None:
            digest = self._known[path] = file_digest(path)
        return digest

    def still_valid(self, trace: dict[str, str]) -> bool:
        """Whether every file of trace still hashes as it did."""
        return all(self(path) == digest for path, digest in trace.items())


class TracedMapping(Mapping):
    """Values made earlier from files (a source read and cleaned, say), each with its
    trace: looking a value up records its trace for the step being made, as if that
    step had read the files itself."""

    def __init__(self, values: dict, traces: dict[object, dict[str, str]]) -> None:
        self._values = values
        self._traces = traces

    def __getitem__(self, key):
        value = self._values[key]
        note_trace(self._traces.get(key))
        return value

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)
