"""A progress bar on standard error for long copy checks: one line, redrawn at most ten times a second."""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["ProgressBar"]

_WIDTH = 30
_INTERVAL = 0.1  # seconds between redraws: more is flicker and wasted writes


class ProgressBar:
    """Draws ``stage ███░░░ 45% 4500/10000`` on one line of ``stream``.

    The engine reports stages (``stage``); runners report items finished within a stage (``items``).
    With ``draw=False`` nothing is drawn and only the time spent in each stage is kept (``--timings``).
    """

    def __init__(self, stream: TextIO, *, draw: bool = True) -> None:
        self.stream = stream
        self.draw = draw
        self._label = ""
        self._drawn = 0.0
        self._visible = False
        self._started = time.monotonic()
        self.timings: dict[str, float] = {}

    def stage(self, name: str, done: int, total: int) -> None:
        """The engine entered (or advanced in) stage ``name``."""
        if name != self._label:
            if self._visible:
                self.done()
            self._clock()
            self._label = name
        self._draw(done, total, force=done >= total)

    def items(self, done: int, total: int) -> None:
        """A runner finished ``done`` of ``total`` items of the current stage."""
        self._draw(done, total, force=done >= total)

    def _clock(self) -> None:
        now = time.monotonic()
        if self._label:
            self.timings[self._label] = self.timings.get(self._label, 0.0) + now - self._started
        self._started = now

    def summary(self) -> str:
        """``đọc tệp 1,2 s; chuẩn bị 3,4 s; ...``: the time spent in each stage so far."""
        self._clock()
        parts = [f"{label} {seconds:.1f} s".replace(".", ",") for label, seconds in self.timings.items()]
        return "; ".join(parts)

    def done(self) -> None:
        """End the current line, so what follows starts on a fresh one."""
        if self._visible:
            self.stream.write("\n")
            self.stream.flush()
            self._visible = False

    def _draw(self, done: int, total: int, *, force: bool = False) -> None:
        if not self.draw:
            return
        now = time.monotonic()
        if not force and now - self._drawn < _INTERVAL:
            return
        self._drawn = now
        share = done / total if total > 0 else 1.0
        filled = round(share * _WIDTH)
        bar = "█" * filled + "░" * (_WIDTH - filled)
        self.stream.write(f"\r{self._label:<12} {bar} {share:4.0%} {done}/{total}")
        self.stream.flush()
        self._visible = True
