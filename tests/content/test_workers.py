"""The build's one pool of worker processes (runtime/workers.py), shared by image drawing and the PII scan."""

from __future__ import annotations

import os

import pytest

from support import ROOT  # noqa: F401  (puts scripts/ on sys.path)

from farun.runtime import workers


@pytest.fixture
def two_cores(monkeypatch):
    """A two-core machine, whatever this one has: one worker beside the rendering process."""
    monkeypatch.setattr(workers, "cores", lambda: 2)
    yield
    workers.shutdown()


@pytest.mark.parametrize(("cores", "pool_size"), [(1, 0), (2, 1), (3, 2), (8, 7), (9, 8), (64, 8)])
def test_one_core_is_left_to_the_rendering_process(monkeypatch, cores, pool_size):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert workers.cores() == cores and workers.available() == pool_size
    if pool_size:  # the pool the build gets has that many processes; a one-core machine works without one
        try:
            assert workers.pool()._max_workers == pool_size
        finally:
            workers.shutdown()


def test_the_pool_is_shared_until_shut_down_and_its_workers_are_other_processes(two_cores):
    first = workers.pool()
    assert workers.pool() is first and workers.running()
    assert first.submit(os.getpid).result(timeout=60) != os.getpid()
    workers.shutdown()
    assert not workers.running()
    second = workers.pool()
    assert second is not first and second.submit(os.getpid).result(timeout=60) != os.getpid()
    workers.broken()  # a dead worker: forgotten, the next user starts a new pool
    assert not workers.running()


def test_covers_and_the_page_scan_use_the_same_pool(monkeypatch, two_cores, tmp_path):
    from farun.images import cover_pool
    from farun.pii import while_rendering as pii_ahead

    made = []
    real = workers.pool
    monkeypatch.setattr(workers, "pool", lambda: made.append(real()) or made[-1])
    pii_ahead.start([], {}, 2026, pages=100, cache_is_cold=True)
    (tmp_path / "a.html").write_text("<p>公告</p>", encoding="utf-8")
    pii_ahead.add("a/index.html", tmp_path / "a.html")
    drawing = cover_pool._draw_in_workers([], ROOT / ".cache" / "unused", 1)
    assert pii_ahead.collect() and drawing.futures == []
    assert len(made) == 2 and made[0] is made[1]
    workers.shutdown()
