"""Cheap phase timers for the benchmark: set FARUN_TIMINGS=path to get a JSON of seconds per phase."""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager
from typing import Callable
from pathlib import Path

PHASES: dict[str, float] = {}


@contextmanager
def timed(name: str):
    """Add the wall time of the ``with`` block to phase ``name``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        PHASES[name] = PHASES.get(name, 0.0) + time.perf_counter() - start


def dump() -> None:
    """Write the phases to $FARUN_TIMINGS, when set (the benchmark reads it)."""
    target = os.environ.get("FARUN_TIMINGS")
    if target:
        Path(target).write_text(json.dumps(PHASES, ensure_ascii=False, indent=1), encoding="utf-8")


_started: dict[str, float] = {}


def start(name: str) -> None:
    """Open phase ``name`` (for phases spanning two hook events)."""
    _started[name] = time.perf_counter()


def stop(name: str) -> None:
    """Close phase ``name`` opened by start()."""
    if name in _started:
        PHASES[name] = PHASES.get(name, 0.0) + time.perf_counter() - _started.pop(name)


def reset() -> None:
    """Forget earlier builds (``properdocs serve`` reuses the process)."""
    PHASES.clear()
    _started.clear()


_process_seen = False


def startup() -> None:
    """Phase ``startup``: process start to now (Python, MkDocs, the config and hooks), once per process (Linux)."""
    global _process_seen
    if _process_seen:
        return
    _process_seen = True
    try:
        after_name = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(after_name[19]) / os.sysconf("SC_CLK_TCK")  # field 22, starttime, in clock ticks since boot
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    PHASES["startup"] = max(0.0, uptime - started)


class Progress:
    """The one progress line of a build: a count with an ETA, redrawn on one line; silent unless stderr is a
    terminal. ``text`` words it (pages: ``progress_text``; images: ``drawing_text``); ``every``: seconds
    between redraws (the last step is always shown)."""

    def __init__(
        self, total: int, stream=None, every: float = 2.0, text: Callable[[int, int, float], str] | None = None
    ):
        self.total, self.done, self.every = total, 0, every
        self.stream = stream if stream is not None else sys.stderr
        self.text = text or progress_text
        self.started = self.shown = time.perf_counter()

    def step(self) -> None:
        """Count one; redraw at most every ``every`` seconds."""
        self.done += 1
        now = time.perf_counter()
        if self.done == 1:  # pages are read before the first is rendered; time from here
            self.started = self.shown = now
        if not self.stream.isatty() or (now - self.shown < self.every and self.done < self.total):
            return
        self.shown = now
        self.stream.write("\r" + self.text(self.done, self.total, now - self.started))
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def progress_text(done: int, total: int, elapsed: float) -> str:
    """正在生成页面 120/1180（10%），预计还需 53 秒."""
    left = elapsed / done * (total - done) if done else 0.0
    return f"正在生成页面 {done}/{total}（{done * 100 // max(total, 1)}%），预计还需 {left:.0f} 秒 "


def drawing_text(done: int, total: int, elapsed: float) -> str:
    """绘制图片 3/20，预计还需 4 秒."""
    left = elapsed / done * (total - done) if done else 0.0
    return f"绘制图片 {done}/{total}，预计还需 {left:.0f} 秒 "
