"""The clean-file cache finds exactly what the plain path finds (pii/scan.py's docstring lists what is kept).

The plain path reads every published file whole with ``scan_file`` and remembers nothing: ``scan_site``
without a cache. The stretch pre-filter is held against the full path in tests/content/test_pii_stretches.py.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from farun.pii import scan as pii_scan

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
