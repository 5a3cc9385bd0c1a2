"""The clean-file cache: what the personal-information scan (pii/scan.py) remembers between builds.

``.cache/pii/clean.json`` holds the digests of published files (path and bytes) found clean under one
key of detector code, allowlist and exceptions. A file with a finding is never remembered.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def file_digest(rel: str, data: bytes) -> str:
    """What a published file is known by: its path in the site and its bytes (a clean file moved is read again)."""
    return hashlib.sha256(rel.encode("utf-8") + b"\0" + data).hexdigest()


def load_clean(path: Path | None, key: str) -> set[str]:
    """The digests found clean under ``key`` (empty when the file is missing, broken or of another key)."""
    if path is None:
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("clean"), list):
        return set()
    return {d for d in data["clean"] if isinstance(d, str)}


def save_clean(path: Path | None, key: str, clean: set[str]) -> None:
    """Replace the file with ``clean`` under ``key``."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "clean": sorted(clean)}), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next build
