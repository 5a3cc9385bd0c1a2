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


def pages(folder, files: dict[str, bytes]) -> dict[str, str]:
    """Write ``files`` (rel -> bytes) under ``folder``: rel -> path, as the engine hands them out."""
    out = {}
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out[rel] = str(path)
    return out


def test_only_pages_with_nothing_to_report_come_back(tmp_path):
    files = {"a/index.html": CLEAN, "b/index.html": LINKED, "c/index.html": SPACED, "d.pdf": b"%PDF-1.4 broken"}
    batch = list(pages(tmp_path, files).items())
    assert pii_ahead.scan_batch(batch, [], {}, 2026) == [digest("a/index.html", CLEAN)]
    # The allowlist is the scan's: an allowed service number is clean.
    assert pii_ahead.scan_batch(batch[2:3], [MOBILE], {}, 2026) == [digest("c/index.html", SPACED)]
    # A page not written (a failed build) is not vouched for.
    assert pii_ahead.scan_batch([("e/index.html", str(tmp_path / "missing.html"))], [], {}, 2026) == []


def test_a_worker_scans_only_when_the_cache_is_cold_and_the_site_is_big_enough(tmp_path):
    written = pages(tmp_path, {f"p{n}/index.html": CLEAN for n in range(pii_ahead.BATCH + 3)})
    written.update(pages(tmp_path, {"bad/index.html": SPACED}))
    pii_ahead.start([], {}, 2026, pages=100, cache_is_cold=True)
    try:
        for rel, path in written.items():  # two batches, the second handed out by collect()
            pii_ahead.add(rel, path)
    finally:
        clean = pii_ahead.collect()
    assert clean == {digest(f"p{n}/index.html", CLEAN) for n in range(pii_ahead.BATCH + 3)}
    assert pii_ahead.collect() == set()
    for count, cold in ((100, False), (pii_ahead.MIN_PAGES - 1, True)):
        pii_ahead.start([], {}, 2026, pages=count, cache_is_cold=cold)
        pii_ahead.add("p0/index.html", written["p0/index.html"])
        assert pii_ahead.collect() == set()


def test_a_batch_is_handed_out_when_the_next_page_arrives_and_holds_paths_only(monkeypatch, tmp_path):
    """The engine writes a page after on_post_page: a batch leaves once all its pages are written, and the
    pages' bytes never wait in this process (a province's cold build writes tens of thousands)."""
    from concurrent.futures import Future

    sent: list[list] = []

    class Busy:  # the worker is busy with images: nothing is answered yet
        def submit(self, fn, batch, *args):
            sent.append(batch)
            return Future()

    monkeypatch.setattr(pii_ahead.workers, "pool", lambda: Busy())
    monkeypatch.setattr(pii_ahead.workers, "available", lambda: 1)
    pii_ahead.start([], {}, 2026, pages=10_000, cache_is_cold=True)
    try:
        for n in range(pii_ahead.BATCH):
            pii_ahead.add(f"p{n}/index.html", tmp_path / f"p{n}.html")
        assert sent == []  # the last page of the batch is not written yet
        pii_ahead.add("q/index.html", tmp_path / "q.html")
        assert len(sent) == 1 and len(sent[0]) == pii_ahead.BATCH
        for n in range(pii_ahead.BATCH * 100):
            pii_ahead.add(f"r{n}/index.html", tmp_path / f"r{n}.html")
        assert len(sent) == 101 and all(isinstance(path, str) for batch in sent for _, path in batch)
    finally:
        pii_ahead.abandon()


def test_abandon_drops_the_work(tmp_path):
    written = pages(tmp_path, {"p/index.html": CLEAN})
    pii_ahead.start([], {}, 2026, pages=100, cache_is_cold=True)
    pii_ahead.add("p/index.html", written["p/index.html"])
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


def test_batches_the_worker_has_not_started_are_scanned_here_from_the_back(monkeypatch, tmp_path):
    """Rendering over, the worker still drawing covers: this process scans the queued batches from the back
    until it meets one the worker has started, and the result is the same as the worker's."""
    from concurrent.futures import Future

    sent: list[Future] = []

    class Busy:
        def submit(self, fn, batch, *args):
            sent.append(Future())
            return sent[-1]

    files = {f"p{n}/index.html": CLEAN for n in range(pii_ahead.BATCH * 3)}
    files["bad/index.html"] = SPACED  # in the last batch: taken back, read here, not vouched for
    written = pages(tmp_path, files)
    monkeypatch.setattr(pii_ahead.workers, "pool", lambda: Busy())
    monkeypatch.setattr(pii_ahead.workers, "available", lambda: 1)
    pii_ahead.start([], {}, 2026, pages=1000, cache_is_cold=True)
    try:
        for rel, path in written.items():
            pii_ahead.add(rel, path)
        first = sent[0]
        assert first.set_running_or_notify_cancel()  # the worker has started the first batch
        pii_ahead.take_back()
        assert len(sent) == 4 and [f.cancelled() for f in sent] == [False, True, True, True]
        first.set_result([digest(f"p{n}/index.html", CLEAN) for n in range(pii_ahead.BATCH)])
    finally:
        clean = pii_ahead.collect()
    assert clean == {digest(rel, CLEAN) for rel in files if rel.startswith("p")}
