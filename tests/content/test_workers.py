"""The build's one pool of worker processes (content/workers.py), shared by image drawing and the PII scan."""

from __future__ import annotations

import os

from support import ROOT  # noqa: F401  (puts scripts/ on sys.path)

from farun.content import workers


def test_one_core_is_left_to_the_rendering_process():
    assert workers.available() == min(workers.cores() - 1, workers.MAX_WORKERS)


def test_the_pool_is_shared_until_shut_down_and_its_workers_are_other_processes():
    if workers.available() < 1:  # a one-core machine draws and scans in the build process itself
        return
    first = workers.pool()
    assert workers.pool() is first and workers.running()
    assert first.submit(os.getpid).result(timeout=60) != os.getpid()
    workers.shutdown()
    assert not workers.running()
    second = workers.pool()
    assert second is not first and second.submit(os.getpid).result(timeout=60) != os.getpid()
    workers.broken()  # a dead worker: forgotten, the next user starts a new pool
    assert not workers.running()


def test_covers_and_the_page_scan_use_the_same_pool(monkeypatch):
    from farun.images import cover_pool
    from farun.publish import pii_ahead

    made = []
    real = workers.pool
    monkeypatch.setattr(workers, "pool", lambda: made.append(real()) or made[-1])
    if workers.available() < 1:
        return
    pii_ahead.start([], {}, 2026, pages=100, cache_is_cold=True)
    pii_ahead.add("a/index.html", "<p>公告</p>".encode())
    drawing = cover_pool._draw_in_workers([], ROOT / ".cache" / "unused", 1)
    assert pii_ahead.collect() and drawing.futures == []
    assert len(made) == 2 and made[0] is made[1]
    workers.shutdown()
