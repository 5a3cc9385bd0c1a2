"""Two builds of the same sources with the same SOURCE_DATE_EPOCH give byte-identical sites."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
import struct
from pathlib import Path

from support import TEST_EPOCH, make_project, mkdocs_build


def tree(site: Path) -> dict[str, str]:
    """Every file of a built site with the SHA-256 of its bytes."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_same_commit_same_epoch_gives_identical_bytes(tmp_path):
    # Two separate checkouts (different absolute paths, separate image caches, another time zone),
    # then the first one again with its cache warm.
    first = make_project(tmp_path / "a", {}, keep_sample=True)
    second = make_project(tmp_path / "elsewhere" / "b", {}, keep_sample=True)
    builds = [
        mkdocs_build(first, tmp_path / "out1", TEST_EPOCH),
        mkdocs_build(
            second, tmp_path / "out2", TEST_EPOCH, extra_env={"TZ": "America/New_York", "PYTHONHASHSEED": "7"}
        ),
        mkdocs_build(first, tmp_path / "out3", TEST_EPOCH),
    ]
    for result in builds:
        assert result.returncode == 0, result.stderr
    one, two, three = (tree(tmp_path / name) for name in ("out1", "out2", "out3"))
    assert len(one) > 100
    assert any(name.endswith(".png") for name in one), "the sample site should contain drawn images"
    for other in (two, three):
        assert sorted(one) == sorted(other)
        assert [name for name in one if one[name] != other[name]] == []
    # Time-dependent bytes that usually break this: the gzip header's mtime comes from the newest
    # page date (midnight UTC), which is a content date (site/dates.py), not the clock.
    raw = (tmp_path / "out1" / "sitemap.xml.gz").read_bytes()
    sitemap = (tmp_path / "out1" / "sitemap.xml").read_text(encoding="utf-8")
    newest = max(re.findall(r"<lastmod>(\d{4}-\d{2}-\d{2})</lastmod>", sitemap))
    assert struct.unpack("<I", raw[4:8])[0] == int(
        dt.datetime.fromisoformat(newest).replace(tzinfo=dt.timezone.utc).timestamp()
    )
    assert gzip.decompress(raw) == sitemap.encode("utf-8")


def test_another_epoch_changes_the_dated_files(tmp_path):
    """The comparison above is meaningful: a different build day does change the output."""
    proj = make_project(tmp_path / "p", {}, keep_sample=True)
    assert mkdocs_build(proj, tmp_path / "d1", TEST_EPOCH).returncode == 0
    assert mkdocs_build(proj, tmp_path / "d2", TEST_EPOCH + 86400).returncode == 0
    one, two = tree(tmp_path / "d1"), tree(tmp_path / "d2")
    assert one["data/lectures.json"] != two["data/lectures.json"]  # it states its build day
    # Feeds and the sitemap are dated by content: the next day's rebuild leaves them as they were.
    for name in ("sitemap.xml", "sitemap.xml.gz", "feeds/lectures.xml", "feeds/notices.xml", "feeds/lectures.ics"):
        assert one[name] == two[name], name
