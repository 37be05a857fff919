"""Progress of ``xinyu build``: its phases, and pages out of the total.

On a terminal one line is redrawn in place (``生成网页 812/1432``); anywhere else (CI logs, a pipe)
each phase is one plain line, and counts appear as a few plain lines (at a quarter, half, three
quarters and the end) rather than hundreds of redraws. Only ``xinyu build`` turns it on
(:func:`shown`); ``mkdocs build`` and the tests see nothing, as every call is a no-op then.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Phases and counts, written to ``stream`` (standard error by default)."""

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.start = time.perf_counter()
        self._open = False  # a redrawn line is on screen
        self._label = ""
        self._next_mark = 0
        self._last_draw = 0.0

    def _stamp(self) -> str:
        return f"{time.perf_counter() - self.start:5.1f} 秒"

    def _close_line(self) -> None:
        if self._open:
            self.stream.write("\n")
            self._open = False

    def phase(self, text: str) -> None:
        """A new phase (one line)."""
        self._close_line()
        self._label = ""
        self.stream.write(f"[{self._stamp()}] {text}\n")
        self.stream.flush()

    def count(self, label: str, done: int, total: int) -> None:
        """``done`` of ``total`` items under ``label`` (e.g. 生成网页)."""
        if total <= 0:
            return
        if label != self._label:
            self._close_line()
            self._label = label
            self._next_mark = 0
        if self.tty:
            now = time.perf_counter()
            if done < total and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            self.stream.write(f"\r[{self._stamp()}] {label} {done}/{total}")
            self._open = done < total
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
            return
        # plain lines: at 25 %, 50 %, 75 % and 100 %
        marks = [max(1, (total * q + 3) // 4) for q in (1, 2, 3, 4)]
        crossed = False
        while self._next_mark < 4 and done >= marks[self._next_mark]:
            self._next_mark += 1
            crossed = True
        if crossed:
            self.stream.write(f"[{self._stamp()}] {label} {done}/{total}\n")
            self.stream.flush()

    def finish(self) -> None:
        """End any redrawn line."""
        self._close_line()


#: The progress of the running ``xinyu build``, if any.
_CURRENT: list[Progress] = []


@contextmanager
def shown(progress: Progress | None = None) -> Iterator[Progress]:
    """Show progress while the block runs (``xinyu build``)."""
    current = progress or Progress()
    _CURRENT.append(current)
    try:
        yield current
    finally:
        _CURRENT.remove(current)
        current.finish()


def phase(text: str) -> None:
    """Announce a phase of the running build (nothing outside ``xinyu build``)."""
    if _CURRENT:
        _CURRENT[-1].phase(text)


def count(label: str, done: int, total: int) -> None:
    """Count items of the running build (nothing outside ``xinyu build``)."""
    if _CURRENT:
        _CURRENT[-1].count(label, done, total)
