"""Pages scanned for personal numbers while the engine is still rendering the others.

When the scan's cache is cold (a first build, a new detector, a changed allowlist) the post-build
scan (pii_scan.scan_site) reads every page after the last one is written: at 100 items that is
most of its time, spent on one core while the other waits. Here each page, as the engine writes
it, goes to a worker process running the same ``scan_file`` on the same bytes; the worker answers
with the digests (path + bytes, pii_scan's cache key) of the pages it found clean, and scan_site
takes those as already read. It never reports anything itself: a page with a finding, one it could
not read, one changed after it was sent, or a worker that failed is simply read again by scan_site,
which reports as before. Warm builds (the cache knows the pages) start no worker.

The worker is handed each page's path, not its bytes, and reads the page from disk when it gets to
it (behind the images handed out first): nothing waits in this process's memory, however many pages a
province's cold build writes. A batch is handed out only when the next page arrives, so the engine has
written all its pages; a page the worker finds missing or changed is simply not vouched for. (Holding
the bytes cost nearly every page's bytes in memory at 5,000 items; capping that at 200 pages left
four in five pages of a 1,000-item build to the post-build scan.)
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from farun.runtime import workers
from farun.pii.cache import file_digest

BATCH = 24  # pages per task: few round trips, and the last batch is small
MIN_PAGES = 40  # fewer pages: the worker's start would cost more than it saves

_running: "_Ahead | None" = None


def scan_batch(batch: list[tuple[str, str]], allow: list[str], unscanned: dict[str, str], year: int) -> list[str]:
    """Digests of the pages of ``batch`` (rel, path) with nothing to report, read from disk (runs in the worker)."""
    from farun.pii.scan import scan_file

    clean = []
    for rel, path in batch:
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError:  # not written (a failed build): the post-build scan decides
            continue
        hits, refusal = scan_file(rel, data, allow, year, unscanned)
        if not hits and not refusal:
            clean.append(file_digest(rel, data))
    return clean


class _Ahead:
    def __init__(self, allow: list[str], unscanned: dict[str, str], year: int):
        self.args = (list(allow), dict(unscanned), year)
        self.batch: list[tuple[str, str]] = []
        self.futures: list[Future] = []
        self.batches: list[list[tuple[str, str]]] = []  # what each future scans
        self.clean_here: set[str] = set()  # digests of the batches this process took back and found clean

    def add(self, rel: str, path: Path) -> None:
        if len(self.batch) >= BATCH:  # handed out now: the engine has written every page of it
            self.flush()
        self.batch.append((rel, str(path)))

    def flush(self) -> None:
        if self.batch:  # the build's shared workers: after the images handed out before (runtime/workers.py)
            self.futures.append(workers.pool().submit(scan_batch, self.batch, *self.args))
            self.batches.append(self.batch)
            self.batch = []


def start(allow, unscanned: dict[str, str], year: int, pages: int, cache_is_cold: bool) -> None:
    """Start scanning ahead for a build of ``pages`` pages when it pays: a cold cache, a second core."""
    global _running
    abandon()
    if cache_is_cold and pages >= MIN_PAGES and workers.available() >= 1:
        _running = _Ahead(list(allow), unscanned, year)


def add(rel: str, path: Path) -> None:
    """A page the engine is writing (``rel`` from the site root, ``path`` where it is written)."""
    if _running is not None:
        _running.add(rel, path)


def take_back() -> None:
    """Rendering is over: scan here the batches the worker has not started, from the back of its queue.

    The worker draws the covers handed out before the pages (images/cover_pool.py); meanwhile this
    process, free now, reads the pages queued behind them, so both cores work until they meet.
    """
    ahead = _running
    if ahead is None:
        return
    ahead.flush()
    try:
        while ahead.futures and ahead.futures[-1].cancel():  # not started: this process takes it
            ahead.futures.pop()
            ahead.clean_here.update(scan_batch(ahead.batches.pop(), *ahead.args))
    except Exception:  # noqa: BLE001 - a page this process cannot read here is read again by scan_site
        pass


def collect() -> set[str]:
    """The digests found clean: the batches taken back (``take_back``) and those the worker scanned,
    waited for (empty when none ran or the worker failed)."""
    global _running
    take_back()
    ahead, _running = _running, None
    if ahead is None:
        return set()
    clean: set[str] = set(ahead.clean_here)
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
