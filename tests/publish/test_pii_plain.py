"""The clean-file cache finds exactly what the plain path finds (pii/scan.py's docstring lists what is kept).

The plain path reads every published file whole with ``scan_file`` and remembers nothing: ``scan_site``
without a cache, memos off. The preview's memos (runtime/memo.py: digests by stat, the staff files'
findings by their bytes) are held to it through edits here too. The stretch pre-filter is held against the full path in tests/content/test_pii_stretches.py.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from farun.pii import scan as pii_scan
from farun.runtime import memo

MOBILE, ID18, CARD = "15958126600", "33010619850612231X", "6222021001122334458"
WORDS = [
    MOBILE,
    ID18,
    CARD,
    "159 5812 6600",
    "一五九五八一二六六〇〇",
    "138****5678",
    "0575-8513 0000",
    "&#49;59",
    "正文",
    "行政复议",
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "\n",
    " ",
    "，",
    "2026",
    "12328",
    "&amp;",
    "\\",
    '"',
]
TEXT = st.lists(st.sampled_from(WORDS), max_size=8).map("".join)
NAMES = ["index.html", "a/index.html", "feed.xml", "data/x.json", "notes.txt", "a/b/c.css"]
SITE = SimpleNamespace(
    docs_dir=None,
    settings=SimpleNamespace(pii_allowlist=["0575-8513 0000"], pii_unscanned_files={}),
    collection=SimpleNamespace(today=dt.date(2026, 11, 25)),
)
FILES = st.dictionaries(st.sampled_from(NAMES), TEXT, min_size=1, max_size=len(NAMES))


def _write(site_dir: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@settings(max_examples=80, deadline=None)
@given(FILES, FILES)
def test_a_scan_with_the_clean_file_cache_reports_what_a_plain_scan_reports(first, edits):
    with tempfile.TemporaryDirectory() as folder:
        site_dir, cache = Path(folder) / "site", Path(folder) / "clean.json"
        _write(site_dir, first)
        assert pii_scan.scan_site(SITE, site_dir, cache) == pii_scan.scan_site(SITE, site_dir, None)
        _write(site_dir, edits)
        warm = pii_scan.scan_site(SITE, site_dir, cache)
        assert warm == pii_scan.scan_site(SITE, site_dir, None)
        assert pii_scan.scan_site(SITE, site_dir, cache) == warm


@contextmanager
def _preview(racy_ns: int | None = None):
    """Inside the preview process: memos on (runtime/memo.py), one build per ``turn()``."""
    saved = pii_scan.RACY_NS
    if racy_ns is not None:
        pii_scan.RACY_NS = racy_ns
    memo.keep(True)
    try:
        yield lambda: memo.keep(True)
    finally:
        memo.keep(False)
        pii_scan.RACY_NS = saved


@settings(max_examples=80, deadline=None)
@given(FILES, FILES, FILES)
def test_the_previews_remembered_digests_report_what_a_plain_scan_reports(first, edits, more):
    """Digests remembered by stat: every write gives the file a later modification time, as a build does."""
    with tempfile.TemporaryDirectory() as folder, _preview(racy_ns=0) as next_build:
        site_dir, cache = Path(folder) / "site", Path(folder) / "clean.json"
        clock = iter(range(1_000_000_000, 10**12, 1_000_000_000))
        for files in (first, edits, more):
            _write(site_dir, files)
            for rel in files:
                stamp = next(clock)
                os.utime(site_dir / rel, ns=(stamp, stamp))
            remembered = pii_scan.scan_site(SITE, site_dir, cache)
            with memo.paused():
                assert remembered == pii_scan.scan_site(SITE, site_dir, None)
            next_build()


def test_a_page_rewritten_at_once_with_the_same_size_is_read_again(tmp_path):
    """Written twice within the file system's time granularity: the times cannot tell, so the scan reads it."""
    page = tmp_path / "site" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    with _preview() as next_build:
        page.write_text("<p>电话 00000000000</p>", encoding="utf-8")
        assert pii_scan.scan_site(SITE, tmp_path / "site", tmp_path / "clean.json") == []
        next_build()
        page.write_text(f"<p>电话 {MOBILE}</p>", encoding="utf-8")
        assert (
            [line for line in pii_scan.scan_site(SITE, tmp_path / "site", tmp_path / "clean.json")]
            == [line for line in pii_scan.scan_site(SITE, tmp_path / "site", None)]
            != []
        )


def test_the_previews_source_scan_finds_a_number_added_since_the_last_save(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    (docs / "lectures").mkdir(parents=True)
    lecture = docs / "lectures" / "a.md"
    today = dt.date(2026, 11, 25)
    scanned = []
    real = pii_scan.scan_file
    monkeypatch.setattr(pii_scan, "scan_file", lambda rel, *a: scanned.append(rel) or real(rel, *a))
    clean, number = "正文。", f"联系电话 {MOBILE}。"
    with _preview() as next_build:
        for body, read in ((clean, True), (clean, False), (number, True), (number, False), (clean, True)):
            lecture.write_text(f"---\ntitle: 讲座\n---\n\n{body}\n", encoding="utf-8")
            scanned.clear()
            remembered = pii_scan.scan_sources(docs, [], today, {})
            assert scanned == (["lectures/a.md"] if read else [])  # the save before last is forgotten
            with memo.paused():
                plain = pii_scan.scan_sources(docs, [], today, {})
            assert remembered == plain and bool(plain) == (body == number)
            next_build()


def test_the_preview_does_not_read_a_published_file_it_has_not_written_since(tmp_path, monkeypatch):
    page = tmp_path / "site" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>正文</p>", encoding="utf-8")
    os.utime(page, ns=(10**18, 10**18))  # an old page (its change time is now: the memo waits for both)
    opened = []
    real = pii_scan._read
    monkeypatch.setattr(pii_scan, "_read", lambda path: opened.append(path) or real(path))
    with _preview(racy_ns=-(10**19)) as next_build:  # every time counts as settled
        for reads in (1, 0, 0):
            opened.clear()
            assert pii_scan.scan_site(SITE, tmp_path / "site", tmp_path / "clean.json") == []
            assert len(opened) == reads
            next_build()
