"""Progress of long CLI work: a bar that redraws itself on a terminal, plain lines (every tenth, and the end) when the
output goes to a file or a pipe, so logs stay readable."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`advance(n)` as work gets done; `done()` at the end (also when total was unknown)."""

    WIDTH = 30

    def __init__(self, label: str, total: int | None, stream: TextIO | None = None) -> None:
        self.label, self.total, self.count = label, total, 0
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._next_line, self._started, self._drawn = 0.1, time.monotonic(), 0.0

    def advance(self, n: int = 1) -> None:
        self.count += n
        share = self.count / self.total if self.total else None
        if self.tty:
            now = time.monotonic()
            if now - self._drawn >= 0.1 or (share is not None and share >= 1):
                self._drawn = now
                self.stream.write("\r" + self._line(share))
                self.stream.flush()
        elif share is not None and share >= self._next_line:
            while share >= self._next_line:
                self._next_line += 0.1
            self.stream.write(self._line(share) + "\n")
            self.stream.flush()

    def _line(self, share: float | None) -> str:
        if share is None:
            return f"{self.label}: {self.count}"
        filled = int(self.WIDTH * min(share, 1.0))
        bar = "#" * filled + "-" * (self.WIDTH - filled) if self.tty else ""
        return f"{self.label}: {bar + ' ' if bar else ''}{self.count}/{self.total} ({share:.0%})"

    def done(self) -> None:
        elapsed = time.monotonic() - self._started
        if self.tty:
            self.stream.write("\r" + self._line(1.0 if self.total else None) + f" in {elapsed:.1f}s\n")
        else:
            self.stream.write(f"{self.label}: done, {self.count} in {elapsed:.1f}s\n")
        self.stream.flush()
