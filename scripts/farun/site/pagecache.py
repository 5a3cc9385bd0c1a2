"""Rendered Markdown, and what the search plugin makes of it, kept between builds in ``.cache/pages/``.

Converting Markdown is the largest single step of a rebuild (about a fifth of it at 100 items,
one page at a time through a dozen extensions). A page's HTML, its table of contents, its title,
its anchors and the links it makes to other pages' anchors depend only on its Markdown (after the
hooks), its own address, the addresses of the other files (links are resolved against them), the
Markdown configuration and the versions of the code doing it. Those make the key; everything the
conversion logged is kept with the result and said again when it is reused, so a cached page
warns exactly as a converted one does (``--strict`` included).

Pure: hashing and files. hook_pagecache.py is the engine glue; ``FARUN_PAGE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
import time
from pathlib import Path
from typing import Any

VERSION = 2  # bump when what is stored changes
KEEP_DAYS = 7  # an entry no build has used for this long is removed (edited pages' old versions)


def digest(*parts: Any) -> str:
    """A stable digest of JSON-able parts: the one content digest of the page store and the preview's plan."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def enabled() -> bool:
    return os.environ.get("FARUN_PAGE_CACHE", "1") != "0"


class PageCache:
    """One build's view of the cache: ``context`` is the digest of everything but the page itself."""

    def __init__(self, folder: Path, context: str):
        self.folder, self.context = folder, context
        self.used: set[str] = set()
        self.hits = self.misses = 0
        # Files are written by a thread: a first build stores every page, and on some file systems each
        # small file costs about a millisecond of system calls, which need not hold up the rendering.
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._writer: threading.Thread | None = None

    def key(self, markdown: str, src_uri: str, url: str) -> str:
        return digest(VERSION, self.context, src_uri, url, markdown)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The stored result, or None (missing, unreadable or not what this version stores)."""
        self.used.add(key)
        try:
            value = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            value = None
        if not (isinstance(value, dict) and value.get("version") == VERSION and isinstance(value.get("content"), str)):
            self.misses += 1
            return None
        self.hits += 1
        try:
            os.utime(self._path(key))  # used now: kept by prune
        except OSError:
            pass
        return value

    def put(self, key: str, value: dict) -> None:
        """Store ``value`` (a cache that cannot be written only means converting again next time);
        ``flush`` waits until it is on disk."""
        self.used.add(key)
        self._queue.put((self._path(key), json.dumps({**value, "version": VERSION}, ensure_ascii=False)))
        if self._writer is None:
            self._writer = threading.Thread(target=self._write_queued, name="farun-pagecache", daemon=True)
            self._writer.start()

    def _write_queued(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            target, text = item
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # concurrent builds share .cache
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(target)
            except OSError:
                tmp.unlink(missing_ok=True)

    def flush(self) -> None:
        """Wait until everything ``put`` is written."""
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join()
            self._writer = None

    def prune(self, now: float | None = None) -> int:
        """Remove entries no build has used for KEEP_DAYS: old versions of edited pages go, while the
        entries of another configuration of the same site (``make offline``) stay for its next build."""
        limit = (now if now is not None else time.time()) - KEEP_DAYS * 86400
        removed = 0
        try:
            stored = list(self.folder.glob("*/*.json"))
        except OSError:
            return 0
        for path in stored:
            try:
                if path.stem not in self.used and path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                pass
        return removed
