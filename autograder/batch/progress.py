"""A progress bar on stderr: redrawn in place on a terminal, a plain line per tenth otherwise
(so a log file gets ten lines, not thousands)."""
from __future__ import annotations

import sys
import time

WIDTH = 30
REDRAW_SECONDS = 0.1


class Progress:
    """Counts finished tasks out of `total` and shows the rate and the time left."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.stream = sys.stderr
        self.started = time.monotonic()
        self._drawn = 0.0
        self._live = self.stream.isatty()

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self._live and (now - self._drawn >= REDRAW_SECONDS or self.done == self.total):
            self._drawn = now
            self.stream.write("\r" + self._line(now))
        elif not self._live and self.done * 10 // self.total > (self.done - 1) * 10 // self.total:
            self.stream.write(self._line(now) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._live and self.done:
            self.stream.write("\n")
            self.stream.flush()

    def _line(self, now: float) -> str:
        filled = WIDTH * self.done // self.total
        rate = self.done / max(now - self.started, 1e-9)
        left = (self.total - self.done) / rate
        return (f"grading [{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total}"
                f"  {rate:.1f}/s  {left:.0f} s left ")
