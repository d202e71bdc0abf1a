"""What the person at the terminal sees while a build runs.

On a terminal: one line per output, with a bar while it is being made (how
far along, from how long it took last time), then its size, pages, time and
check results. Off a terminal (CI, a log file): nothing but what --verbose
asks for; the command prints its one-line summary at the end either way.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from typing import TextIO

BAR_WIDTH = 20
REDRAW_SECONDS = 0.1
_UP_AND_CLEAR = "\x1b[{n}F\x1b[J"


@dataclass(slots=True)
class _Row:
    label: str
    expected: float | None
    activity: str = "waiting"
    started: float | None = None
    final: str | None = None
    shown: bool = False


class BuildProgress:
    """Rows of outputs with live bars on a terminal; step lines with verbose."""

    def __init__(self, stream: TextIO | None = None, *, verbose: bool = False,
                 live: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.live = self.stream.isatty() if live is None else live
        self._rows: dict[str, _Row] = {}
        self._drawn = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- what the build tells it ---------------------------------------------------

    def step(self, message: str) -> None:
        """A stage of the build ended (shown with --verbose)."""
        if self.verbose:
            self._print(message)

    def add(self, label: str, expected: float | None) -> None:
        """An output the build will make; expected: seconds it took last time."""
        with self._lock:
            self._rows[label] = _Row(label, expected)
        if self.live and self._thread is None:
            self._thread = threading.Thread(target=self._redraw_loop, name="progress", daemon=True)
            self._thread.start()

    def activity(self, label: str, activity: str, *, started: bool = True) -> None:
        """What is happening to an output now (laying out, writing, checking); with
        started=False, what it waits for (its clock does not start)."""
        with self._lock:
            row = self._rows.get(label)
            if row is not None:
                if row.started is None and started:
                    row.started = time.monotonic()
                row.activity = activity
        if self.verbose and not self.live:
            self._print(f"{label}: {activity}")

    def done(self, label: str, line: str) -> None:
        """An output is finished; line is its summary."""
        with self._lock:
            row = self._rows.get(label)
            if row is None:
                row = self._rows[label] = _Row(label, None)
            row.final = line
        if not self.live and self.verbose:
            self._print(line)

    def close(self) -> None:
        """Stop drawing; leave every finished row on the screen."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            self._draw(final=True)

    # --- drawing -----------------------------------------------------------------------

    def _print(self, text: str) -> None:
        with self._lock:
            self._erase()
            print(text, file=self.stream, flush=True)
            self._drawn = 0

    def _erase(self) -> None:
        if self.live and self._drawn:
            self.stream.write(_UP_AND_CLEAR.format(n=self._drawn))

    def _redraw_loop(self) -> None:
        while not self._stop.wait(REDRAW_SECONDS):
            self._draw()

    def _draw(self, final: bool = False) -> None:
        with self._lock:
            self._erase()
            lines = []
            for row in self._rows.values():
                if row.final is not None and not row.shown:
                    self.stream.write(row.final + "\n")     # finished rows scroll up and stay
                    row.shown = True
                elif row.final is None and not final:
                    lines.append(self._live_line(row))
            for line in lines:
                self.stream.write(line + "\n")
            self._drawn = len(lines)
            self.stream.flush()

    @staticmethod
    def _live_line(row: _Row) -> str:
        if row.started is None:
            return f"  {row.label:<40} {'·' * BAR_WIDTH} {row.activity}"
        elapsed = time.monotonic() - row.started
        if row.expected:
            filled = min(BAR_WIDTH - 1, int(BAR_WIDTH * elapsed / row.expected))
            bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        else:                                   # never built before: a moving block
            position = int(elapsed / REDRAW_SECONDS) % BAR_WIDTH
            bar = "░" * position + "█" + "░" * (BAR_WIDTH - position - 1)
        return f"  {row.label:<40} {bar} {row.activity} {elapsed:4.1f}s"
