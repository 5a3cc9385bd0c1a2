"""The worker processes beside a build: one pool, shared by everything that runs while the engine renders.

The engine renders the pages in one process. Work that does not need it goes to worker processes:
drawing missing images (images/cover_pool.py) and, when the scan cache is cold, scanning pages for
personal numbers as they are written (pii/while_rendering.py). With a pool each, a 2-core machine
had three busy processes and the rendering process, which decides the build's duration, got two
thirds of a core; one shared pool of ``cores - 1`` workers keeps a core for rendering and runs the
work in the order it was handed out (images first, then pages).

Workers are spawned (the preview server runs threads, and forking a threaded process is unsafe),
die with the build (runtime/lifeline.py) and are kept between the preview server's rebuilds.
Standard library only.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from farun.runtime.lifeline import die_with_parent

MAX_WORKERS = 8
_pool: ProcessPoolExecutor | None = None
_owner = 0  # pid that made the pool (a spawned worker importing this module has none)


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def available() -> int:
    """How many workers the pool has: one core is left to the process that renders."""
    return min(cores() - 1, MAX_WORKERS)


def pool() -> ProcessPoolExecutor:
    """The shared pool, started on first use (call only when ``available()`` is at least 1)."""
    global _pool, _owner
    if _pool is None or _owner != os.getpid():
        package_root = str(Path(__file__).resolve().parents[2])  # spawned workers import farun by sys.path
        if package_root not in sys.path:
            sys.path.insert(0, package_root)
        _pool = ProcessPoolExecutor(
            max(1, available()),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
        _owner = os.getpid()
    return _pool


def running() -> bool:
    return _pool is not None and _owner == os.getpid()


def shutdown(wait: bool = True) -> None:
    """End the pool: after a build (``wait``), or at once for a build that failed (queued work is dropped)."""
    global _pool
    current, _pool = _pool, None
    if current is not None:
        current.shutdown(wait=wait, cancel_futures=True)


def broken() -> None:
    """Forget a pool whose worker died (BrokenProcessPool): the next user starts a new one."""
    shutdown(wait=False)
