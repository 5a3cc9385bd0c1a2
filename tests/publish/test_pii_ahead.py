"""Pages scanned by a worker while the engine renders the others (pii/while_rendering.py)."""

from __future__ import annotations

import hashlib
import re

from support import mkdocs_build

from farun.pii import while_rendering as pii_ahead

MOBILE = "15958126600"
CLEAN = "<html><body><p>咨询电话 12328，办公时间 9:00—17:00。文号 绍市交〔2024〕4号。</p></body></html>".encode()
LINKED = '<a href="https://example.invalid/c?tel=%31%35%39%35%38%31%32%36%36%30%30">联系</a>'.encode()
SPACED = "<p>请联系 159 5812 6600。</p>".encode()


def digest(rel: str, data: bytes) -> str:
    return hashlib.sha256(rel.encode() + b"\0" + data).hexdigest()


def test_only_pages_with_nothing_to_report_come_back():
    batch = [("a/index.html", CLEAN), ("b/index.html", LINKED), ("c/index.html", SPACED), ("d.pdf", b"%PDF-1.4 broken")]
    assert pii_ahead.scan_batch(batch, [], {}, 2026) == [digest("a/index.html", CLEAN)]
    # The allowlist is the scan's: an allowed service number is clean.
    assert pii_ahead.scan_batch([("c/index.html", SPACED)], [MOBILE], {}, 2026) == [digest("c/index.html", SPACED)]


def test_a_worker_scans_only_when_the_cache_is_cold_and_the_site_is_big_enough():
    pii_ahead.start([], {}, 2026, pages=100, cache_is_cold=True)
    try:
        for n in range(pii_ahead.BATCH + 3):  # two batches, the second sent by collect()
            pii_ahead.add(f"p{n}/index.html", CLEAN)
        pii_ahead.add("bad/index.html", SPACED)
    finally:
        clean = pii_ahead.collect()
    assert clean == {digest(f"p{n}/index.html", CLEAN) for n in range(pii_ahead.BATCH + 3)}
    assert pii_ahead.collect() == set()
    for pages, cold in ((100, False), (pii_ahead.MIN_PAGES - 1, True)):
        pii_ahead.start([], {}, 2026, pages=pages, cache_is_cold=cold)
        pii_ahead.add("p/index.html", CLEAN)
        assert pii_ahead.collect() == set()


def test_pages_wait_for_the_worker_in_at_most_AHEAD_batches_and_the_rest_are_left_to_the_scan(monkeypatch):
    """The worker is busy with images: pages beyond AHEAD waiting batches are not held in memory."""
    from concurrent.futures import Future

    sent: list[Future] = []

    class Busy:
        def submit(self, fn, batch, *args):
            sent.append(Future())
            return sent[-1]

    monkeypatch.setattr(pii_ahead.workers, "pool", lambda: Busy())
    monkeypatch.setattr(pii_ahead.workers, "available", lambda: 1)
    pii_ahead.start([], {}, 2026, pages=1000, cache_is_cold=True)
    try:
        for n in range(pii_ahead.BATCH * (pii_ahead.AHEAD + 3)):
            pii_ahead.add(f"p{n}/index.html", CLEAN)
        running = pii_ahead._running
        assert len(sent) == pii_ahead.AHEAD and running.batch == []
        assert running.skipped == pii_ahead.BATCH * 3
        sent[0].set_result([digest("p0/index.html", CLEAN)])  # the worker answers one batch: room for one more
        for n in range(pii_ahead.BATCH):
            pii_ahead.add(f"q{n}/index.html", CLEAN)
        assert len(sent) == pii_ahead.AHEAD + 1
        for future in sent[1:]:
            future.set_result([])
    finally:
        clean = pii_ahead.collect()
    assert clean == {digest("p0/index.html", CLEAN)}


def test_abandon_drops_the_work():
    pii_ahead.start([], {}, 2026, pages=100, cache_is_cold=True)
    pii_ahead.add("p/index.html", CLEAN)
    pii_ahead.abandon()
    assert pii_ahead.collect() == set()


def test_a_cold_build_still_stops_on_a_number_in_a_page(project, tmp_path):
    """The sample site is big enough for the worker: the finding is reported as before, masked."""
    notice = (
        "---\ntitle: 关于调整服务时间的公告\ndate: 2026-01-22\ntype: 公告\nissuer: 绍兴市交通运输局\n---\n\n"
        "[联系我们](https://example.invalid/contact?tel=%31%35%39%35%38%31%32%36%36%30%30)\n"
    )
    proj = project({"notices/2026-01-gonggao.md": notice}, keep_sample=True)
    result = mkdocs_build(proj, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and MOBILE not in output and "Traceback" not in output
    assert re.search(r"网站文件 notices/2026-01-gonggao/index\.html:\d+: 含有手机号码 159\*{4}6600", output), output[
        -2000:
    ]
