"""Cheap phase timers for the benchmark: set FARUN_TIMINGS=path to get a JSON of seconds per phase."""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
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
    """Forget earlier builds (``mkdocs serve`` reuses the process)."""
    PHASES.clear()
    _started.clear()
