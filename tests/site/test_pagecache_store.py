"""The store behind hook_pagecache.py (site/pagecache.py): keys, damaged entries, pruning."""

from __future__ import annotations

import os
import time

from support import ROOT  # noqa: F401  (puts scripts/ on sys.path)

from farun.site.pagecache import KEEP_DAYS, PageCache


def test_the_key_changes_with_each_input(tmp_path):
    cache = PageCache(tmp_path, "ctx")
    base = cache.key("# 标题", "a.md", "a/")
    assert len({base, cache.key("# 标题 ", "a.md", "a/"), cache.key("# 标题", "b.md", "a/"),
                cache.key("# 标题", "a.md", "b/"), PageCache(tmp_path, "other").key("# 标题", "a.md", "a/")}) == 5
    assert cache.key("# 标题", "a.md", "a/") == base


def test_stored_values_come_back_and_damaged_ones_do_not(tmp_path):
    cache = PageCache(tmp_path, "ctx")
    key = cache.key("正文", "a.md", "a/")
    assert cache.get(key) is None
    cache.put(key, {"content": "<p>正文</p>", "toc": []})
    cache.flush()  # written by a thread
    assert cache.get(key)["content"] == "<p>正文</p>"
    path = next(tmp_path.glob("*/*.json"))
    for damaged in ("{", "[]", '{"version": 1}', '{"version": 0, "content": "x"}', ""):
        path.write_text(damaged, encoding="utf-8")
        assert cache.get(key) is None
    assert not list(tmp_path.glob("*/.*.tmp"))


def test_prune_keeps_what_was_used_lately(tmp_path):
    old = PageCache(tmp_path, "ctx")
    keys = [old.key(str(n), "a.md", "a/") for n in range(3)]
    for key in keys:
        old.put(key, {"content": key})
    old.flush()
    stale = time.time() - (KEEP_DAYS + 1) * 86400
    for path in tmp_path.glob("*/*.json"):
        os.utime(path, (stale, stale))
    now = PageCache(tmp_path, "ctx")
    assert now.get(keys[0]) is not None  # used by this build: touched
    assert now.prune() == 1 + 1  # keys[1] and keys[2] were last used more than KEEP_DAYS ago ...
    assert {p.stem for p in tmp_path.glob("*/*.json")} == {keys[0]}
    fresh = PageCache(tmp_path, "other configuration")
    assert fresh.prune() == 0  # ... but a recent entry of another configuration stays
