"""The build cache: outputs already made, kept under the key of what they were made from.

Layout of the cache folder (deleting it, or any part of it, only makes the
next build slower):

    slots/<slot>.pickle           the traces of the entries made in a slot, newest first
    outputs/<key>/<file>          an output, its thumbnails beside it
    outputs/<key>/entry.pickle    what the build learned making it (CachedOutput)
    facts/<key>.pickle            a step's result: a source read and cleaned, an edition's
                                  text, the review of the script variants, a cover
    timings.json                  how long each output took last time (progress bars)

A slot names what a step makes and everything it depends on that is not a
file (fingerprint.py: the code, the libraries, the fonts, the date). The files
it read are its trace (zinepress/deps.py), recorded while it ran; its entry's
key is the hash of the slot and the trace. To find an entry, the build looks
at the traces kept for the slot and takes the first whose files all still hash
as recorded: a step is made again exactly when something it read changed.

Each use of an entry marks it used (its time); after each build the entries
used least recently are removed while the cache is larger than MAX_BYTES.

Entries are written into a temporary folder and renamed into place, so two
builds sharing a cache, or a build interrupted while storing, never leave a
half-written entry. An entry that cannot be read is treated as missing.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zinepress.build.fingerprint import combine
from zinepress.deps import Digests

ENTRY_FILE = "entry.pickle"
# How many traces a slot keeps (the last few states of the book: undoing an edit
# finds the entry made before it).
TRACES_PER_SLOT = 8
TIMINGS_FILE = "timings.json"
# The cache's size, at most: the entries used least recently go first (a full
# release of the first book is some 15 MB).
MAX_BYTES = 300 * 10**6


@dataclass(slots=True)
class CachedOutput:
    """An output as the cache keeps it: its record for the report and what its
    checks said (None: not checked yet)."""

    file_name: str
    record: Any                          # report.OutputRecord
    thumbnails: list[str] = field(default_factory=list)   # file names beside the output
    check: Any = None                    # checks.CheckResult
    audit: Any = None                    # audit.AuditResult
    page_marks: Any = None               # the A5 PDF's page marks, for the EPUB's page list
    trace: dict[str, str] = field(default_factory=dict)   # the files it was made from (deps.py)
    folder: Path | None = None           # where the entry is (set when read)

    @property
    def path(self) -> Path:
        assert self.folder is not None
        return self.folder / self.file_name


class BuildCache:
    """A folder of outputs keyed by their inputs' hash; folder None: no cache."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _entry_folder(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / "outputs" / key

    def lookup(self, key: str) -> CachedOutput | None:
        """The cached output with this key, if it is whole."""
        if self.folder is None:
            return None
        folder = self._entry_folder(key)
        entry = _load_pickle(folder / ENTRY_FILE)
        if not isinstance(entry, CachedOutput):
            return None
        entry.folder = folder
        if not entry.path.is_file() or not all((folder / t).is_file() for t in entry.thumbnails):
            return None
        _mark_used(folder)
        return entry

    def store(self, key: str, entry: CachedOutput, output: Path, thumbnails: list[Path]) -> None:
        """Keep a copy of output (and its thumbnails) with what the build learned."""
        if self.folder is None:
            return
        final = self._entry_folder(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{key[:12]}.", dir=final.parent))
        try:
            shutil.copyfile(output, work / entry.file_name)
            for picture in thumbnails:
                shutil.copyfile(picture, work / picture.name)
            stored = CachedOutput(entry.file_name, entry.record, [p.name for p in thumbnails],
                                  entry.check, entry.audit, entry.page_marks, entry.trace)
            _dump_pickle(work / ENTRY_FILE, stored)
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            os.replace(work, final)
        except OSError:
            shutil.rmtree(work, ignore_errors=True)    # a cache that cannot be written is no cache

    def update(self, key: str, entry: CachedOutput) -> None:
        """Rewrite what is known of an entry (a check run later) in place."""
        if self.folder is None or entry.folder is None:
            return
        stored = CachedOutput(entry.file_name, entry.record, entry.thumbnails, entry.check,
                              entry.audit, entry.page_marks, entry.trace)
        _dump_pickle(entry.folder / ENTRY_FILE, stored)

    def find(self, slot: str, digests: Digests) -> str | None:
        """The key of the newest entry of slot whose trace still holds, if any."""
        if self.folder is None:
            return None
        for trace, key in _load_pickle(self._slot_file(slot)) or ():
            if digests.still_valid(trace):
                return key
        return None

    def remember(self, slot: str, trace: dict[str, str]) -> str:
        """The key of an entry made in slot from the files of trace, kept with the slot's
        traces so that a later build finds it (find)."""
        key = combine("entry", slot, sorted(trace.items()))
        if self.folder is not None:
            path = self._slot_file(slot)
            known = [(t, k) for t, k in _load_pickle(path) or () if k != key]
            _dump_pickle(path, [(dict(trace), key), *known][:TRACES_PER_SLOT])
        return key

    def recall(self, slot: str, digests: Digests) -> Any:
        """The value a step made in slot from files that have not changed since, or None."""
        key = self.find(slot, digests)
        return None if key is None else self.load_facts(key)

    def keep(self, slot: str, trace: dict[str, str], value: Any) -> None:
        """Keep a step's value, made in slot from the files of trace (recall)."""
        if self.folder is not None:
            self.store_facts(self.remember(slot, trace), value)

    def _slot_file(self, slot: str) -> Path:
        assert self.folder is not None
        return self.folder / "slots" / f"{slot}.pickle"

    def load_facts(self, key: str) -> Any:
        if self.folder is None:
            return None
        path = self.folder / "facts" / f"{key}.pickle"
        facts = _load_pickle(path)
        if facts is not None:
            _mark_used(path)
        return facts

    def prune(self, keep: set[str], max_bytes: int = MAX_BYTES) -> list[Path]:
        """Remove the entries used least recently (never those of keep) while the cache
        holds more than max_bytes; return what was removed."""
        if self.folder is None:
            return []
        entries = [(p, p.name) for p in (self.folder / "outputs").glob("*") if p.is_dir()]
        entries += [(p, p.stem) for p in (self.folder / "facts").glob("*.pickle")]
        sized = []
        for path, key in entries:
            try:
                files = list(path.rglob("*")) if path.is_dir() else [path]
                sized.append((path.stat().st_mtime, path, key, sum(f.stat().st_size for f in files
                                                                   if f.is_file())))
            except OSError:
                continue                # removed meanwhile by another build
        total = sum(size for *_, size in sized)
        removed = []
        for _, path, key, size in sorted(sized, key=lambda e: e[0]):
            if total <= max_bytes:
                break
            if key in keep:
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            total -= size
            removed.append(path)
        return removed

    def store_facts(self, key: str, facts: Any) -> None:
        if self.folder is not None:
            (self.folder / "facts").mkdir(parents=True, exist_ok=True)
            _dump_pickle(self.folder / "facts" / f"{key}.pickle", facts)

    def timings(self) -> dict[str, float]:
        """Seconds each output took at its last build, by file name."""
        if self.folder is None:
            return {}
        try:
            data = json.loads((self.folder / TIMINGS_FILE).read_text(encoding="utf-8"))
            return {str(k): float(v) for k, v in data.items()}
        except (OSError, ValueError, AttributeError):
            return {}

    def store_timings(self, timings: dict[str, float]) -> None:
        if self.folder is None:
            return
        merged = self.timings() | timings
        _write_atomically(self.folder / TIMINGS_FILE,
                          (json.dumps(merged, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def _mark_used(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _load_pickle(path: Path) -> Any:
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except Exception:   # missing, half-written by an old version, unreadable: no entry
        return None


def _dump_pickle(path: Path, value: Any) -> None:
    _write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(tmp, path)
    except OSError:
        pass                        # the cache is an optimisation; the build goes on without it
