"""The 分享 panel's QR codes: made once per address, kept in .cache/share-qr.json, made by workers in a first build."""

from __future__ import annotations

import json

import pytest
import segno

from farun.runtime import workers
from farun.site import shareqr

URLS = [f"https://jtj.sx.gov.cn/fxjt/lectures/2026-{n:03d}-行政复议/" for n in range(6)]


def _segno(url: str) -> dict:
    code = segno.make(url, error="m", micro=False)
    return {"url": url, "qr": code.svg_data_uri(scale=4, border=2), "size": code.symbol_size(scale=4, border=2)[0]}


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(shareqr, "_codes", {})


def test_a_code_is_segnos_best_mask_code_of_the_address():
    assert shareqr.code(URLS[0]) == _segno(URLS[0])
    assert shareqr.code("https://example.org/x/") != shareqr.code(URLS[0])


def test_codes_made_here_are_cached_and_a_rebuild_reads_them_without_segno(tmp_path, monkeypatch):
    cache = tmp_path / ".cache" / "share-qr.json"
    assert shareqr.start(URLS, cache, aside=False) == []
    assert json.loads(cache.read_text(encoding="utf-8"))["codes"].keys() == set(URLS)
    monkeypatch.setattr(shareqr, "_codes", {})
    monkeypatch.setattr(shareqr, "make", lambda url: pytest.fail(f"made again: {url}"))
    assert shareqr.start(URLS[:2], cache, aside=False) == []
    assert shareqr.code(URLS[1]) == _segno(URLS[1])
    assert json.loads(cache.read_text(encoding="utf-8"))["codes"].keys() == set(URLS), "nothing new: not rewritten"


def test_a_rebuild_in_the_same_process_reads_no_file_when_it_knows_every_code(tmp_path, monkeypatch):
    cache = tmp_path / "share-qr.json"
    shareqr.start(URLS, cache, aside=False)
    monkeypatch.setattr(shareqr, "_load", lambda path: pytest.fail("read again"))
    assert shareqr.start(URLS, cache, aside=False) == []


def test_cache_of_another_segno_version_or_broken_is_ignored(tmp_path, monkeypatch):
    cache = tmp_path / "share-qr.json"
    cache.write_text(json.dumps({"version": "segno 0.0", "codes": {URLS[0]: ["data:wrong", 1]}}), encoding="utf-8")
    shareqr.start(URLS[:1], cache, aside=False)
    assert shareqr.code(URLS[0]) == _segno(URLS[0])
    monkeypatch.setattr(shareqr, "_codes", {})
    cache.write_text("{half", encoding="utf-8")
    shareqr.start(URLS[:1], cache, aside=False)
    assert shareqr.code(URLS[0]) == _segno(URLS[0])


def test_a_first_build_hands_the_codes_to_a_worker_and_caches_them_when_all_are_back(tmp_path, monkeypatch):
    workers.shutdown()
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(shareqr, "FROM", 1)
    monkeypatch.setattr(shareqr, "BATCH", 4)
    cache = tmp_path / "share-qr.json"
    try:
        futures = shareqr.start(URLS, cache, aside=True)
        assert len(futures) == 2
        for future in futures:
            future.result(timeout=120)
        workers.shutdown()  # the pool's thread has run every callback when it has ended
    finally:
        workers.shutdown()
    assert {url: shareqr.code(url) for url in URLS} == {url: _segno(url) for url in URLS}
    assert json.loads(cache.read_text(encoding="utf-8"))["codes"].keys() == set(URLS)


def test_an_address_no_worker_has_answered_yet_is_made_at_once(tmp_path, monkeypatch):
    """The page is being rendered: it never waits for a worker (both make the same code)."""
    monkeypatch.setattr(workers, "available", lambda: 1)
    monkeypatch.setattr(shareqr, "FROM", 1)

    class Pool:
        def submit(self, fn, urls):
            from concurrent.futures import Future
            return Future()  # never answers

    monkeypatch.setattr(workers, "pool", lambda: Pool())
    assert len(shareqr.start(URLS, None, aside=True)) == 1
    assert shareqr.code(URLS[3]) == _segno(URLS[3])
