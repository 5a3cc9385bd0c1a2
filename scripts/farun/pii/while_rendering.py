"""Pages scanned for personal numbers while the engine is still rendering the others.

When the scan's cache is cold (a first build, a new detector, a changed allowlist) the post-build
scan (pii_scan.scan_site) reads every page after the last one is written: at 100 items that is
most of its time, spent on one core while the other waits. Here each page, as the engine writes
it, goes to a worker process running the same ``scan_file`` on the same bytes; the worker answers
with the digests (path + bytes, pii_scan's cache key) of the pages it found clean, and scan_site
takes those as already read. It never reports anything itself: a page with a finding, one it could
not read, one changed after it was sent, or a worker that failed is simply read again by scan_site,
which reports as before. Warm builds (the cache knows the pages) start no worker.

The pages wait in this process until the worker takes them, behind the images handed out first. At
most ``AHEAD`` batches wait at once: a page that finds the queue full is not sent (scan_site reads it
from disk). Unbounded, a province's cold build (5,000 items, thousands of images queued first) held
nearly every page's bytes in memory until the end of rendering.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from farun.runtime import workers
from farun.pii.cache import file_digest

BATCH = 24  # pages per task: few round trips, and the last batch is small
MIN_PAGES = 40  # fewer pages: the worker's start would cost more than it saves
AHEAD = 8  # batches waiting for the worker at most (~200 pages, a few MB)

_running: "_Ahead | None" = None


def scan_batch(batch: list[tuple[str, bytes]], allow: list[str], unscanned: dict[str, str], year: int) -> list[str]:
    """Digests of the files of ``batch`` (rel, bytes) with nothing to report (runs in the worker)."""
    from farun.pii.scan import scan_file

    clean = []
    for rel, data in batch:
        hits, refusal = scan_file(rel, data, allow, year, unscanned)
        if not hits and not refusal:
            clean.append(file_digest(rel, data))
    return clean


class _Ahead:
    def __init__(self, allow: list[str], unscanned: dict[str, str], year: int):
        self.args = (list(allow), dict(unscanned), year)
        self.batch: list[tuple[str, bytes]] = []
        self.futures: list[Future] = []
        self.waiting: list[Future] = []  # sent, not answered yet: their pages are held here
        self.skipped = 0  # pages not sent because AHEAD batches were waiting

    def add(self, rel: str, data: bytes) -> None:
        if not self.batch and not self._room():
            self.skipped += 1
            return
        self.batch.append((rel, data))
        if len(self.batch) >= BATCH:
            self.flush()

    def _room(self) -> bool:
        self.waiting = [future for future in self.waiting if not future.done()]
        return len(self.waiting) < AHEAD

    def flush(self) -> None:
        if self.batch:  # the build's shared workers: after the images handed out before (runtime/workers.py)
            future = workers.pool().submit(scan_batch, self.batch, *self.args)
            self.futures.append(future)
            self.waiting.append(future)
            self.batch = []


def start(allow, unscanned: dict[str, str], year: int, pages: int, cache_is_cold: bool) -> None:
    """Start scanning ahead for a build of ``pages`` pages when it pays: a cold cache, a second core."""
    global _running
    abandon()
    if cache_is_cold and pages >= MIN_PAGES and workers.available() >= 1:
        _running = _Ahead(list(allow), unscanned, year)


def add(rel: str, data: bytes) -> None:
    """A page as the engine writes it (``rel`` from the site root, the exact bytes)."""
    if _running is not None:
        _running.add(rel, data)


def collect() -> set[str]:
    """The digests found clean so far; waits for the batches sent (empty when none ran or it failed)."""
    global _running
    ahead, _running = _running, None
    if ahead is None:
        return set()
    ahead.flush()
    clean: set[str] = set()
    try:
        for future in ahead.futures:
            clean.update(future.result())
    except BrokenProcessPool:
        workers.broken()
        clean = set()
    except Exception:  # noqa: BLE001 - a worker that failed only means scan_site reads those pages itself
        clean = set()
    return clean


def abandon() -> None:
    """Drop the scanning of a build that failed."""
    global _running
    ahead, _running = _running, None
    if ahead is not None:
        for future in ahead.futures:
            future.cancel()
