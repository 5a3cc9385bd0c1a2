"""The 分享 panel's QR code of each item page, made once per address and kept in ``.cache/share-qr.json``.

An item page shows its own address as a QR code (an SVG data URI drawn at build time). segno scores
all eight mask patterns for the best one, about 6 ms per address: 0.7 s of the rendering process's
time for the sample site plus 100 lectures, in every build, cold or warm. The codes are a pure
function of the address and segno's version, so:

- a build reads the codes it made before from the cache file (keyed by segno's version);
- the missing ones are made by the build's worker processes (runtime/workers.py), handed out in
  ``start`` before the images, and written to the cache when the last batch is back;
- ``code`` answers from what is known; an address a worker has not answered yet is made here at
  once (the page is being rendered: it never waits for a worker).

The per-process memo ``_codes`` is this module's documented cache: an address always has the same
code, so it may outlive a build (the preview server keeps it between rebuilds).
"""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import Future
from importlib import metadata
from pathlib import Path
from typing import Any

import segno

from farun.runtime import workers

SCALE, BORDER = 4, 2
BATCH = 24  # addresses per worker task (~0.15 s)
FROM = 40  # fewer missing codes are made here: handing them out costs more than it saves

_codes: dict[str, tuple[str, int]] = {}
_lock = threading.Lock()


def make(url: str) -> tuple[str, int]:
    """The SVG data URI of ``url``'s QR code and its width in px (segno picks the mask)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(scale=SCALE, border=BORDER), int(code.symbol_size(scale=SCALE, border=BORDER)[0])  # whole px: int scale


def make_all(urls: list[str]) -> list[tuple[str, str, int]]:
    """``[(url, data URI, size)]``: one worker task."""
    return [(url, *make(url)) for url in urls]


def code(url: str) -> dict[str, Any]:
    """The 分享 panel's data of ``url``: from the cache or a worker, else made now."""
    known = _codes.get(url)
    if known is None:
        known = _codes[url] = make(url)
    return {"url": url, "qr": known[0], "size": known[1]}


def _version() -> str:
    return f"segno {metadata.version('segno')}, scale {SCALE}, border {BORDER}"


def _load(path: Path) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable or half-written: the codes are made again
        return
    if isinstance(data, dict) and data.get("version") == _version() and isinstance(data.get("codes"), dict):
        for url, value in data["codes"].items():
            if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], int):
                _codes.setdefault(url, (value[0], value[1]))


def _save(path: Path, urls: list[str]) -> None:
    """Write the codes of ``urls`` (this build's items: the file never keeps addresses no longer published)."""
    codes = {url: list(_codes[url]) for url in urls if url in _codes}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"version": _version(), "codes": codes}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:  # a cache that cannot be written only means making the codes again next time
        tmp.unlink(missing_ok=True)


def start(urls: list[str], cache_file: Path | None, aside: bool) -> list[Future]:
    """Know the codes of ``urls`` before the pages render: cached, handed to workers (``aside``), or made here.

    Returns the worker tasks handed out (their results are taken in as they arrive).
    """
    missing = [url for url in dict.fromkeys(urls) if url not in _codes]
    if missing and cache_file is not None:  # the preview server's rebuilds know them all: no file read per save
        _load(cache_file)
        missing = [url for url in missing if url not in _codes]
    if not missing:
        return []
    if not (aside and len(missing) >= FROM and workers.available()):
        for url in missing:
            code(url)
        if cache_file is not None:
            _save(cache_file, urls)
        return []
    futures = [workers.pool().submit(make_all, missing[i:i + BATCH]) for i in range(0, len(missing), BATCH)]
    left = [len(futures)]

    def arrived(future: Future) -> None:  # in the pool's thread of this process
        if not future.cancelled() and future.exception() is None:
            for url, uri, size in future.result():
                _codes.setdefault(url, (uri, size))
        with _lock:
            left[0] -= 1
            last = left[0] == 0
        if last and cache_file is not None:
            _save(cache_file, urls)

    for future in futures:
        future.add_done_callback(arrived)
    return futures
