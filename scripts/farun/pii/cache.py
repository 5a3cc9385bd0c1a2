"""What the personal-information scan (pii_scan.py) remembers between builds and within a process.

``.cache/pii/clean.json`` holds the digests of published files (path and bytes) found clean under one
key of detector code, allowlist and exceptions; ``SEEN`` holds, for the preview server's process,
the files found clean with their size, modification time and inode, so an unchanged file is not even
read again; ``CLEAN_PIECES`` the attribute values, comments and scripts found clean, which mostly repeat
from page to page. A file or piece with a finding is never remembered.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Iterable

from farun.pii import text as pii_text
from farun.pii.numbers import Hit, scan


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


# Files this process found clean, with their size, modification time and inode then: the preview server
# rebuilds after every save and rewrites only a few files, so the others need not be read and hashed again.
SEEN: dict[str, tuple[tuple[int, int, int], str]] = {}


def signature(path: str) -> tuple[int, int, int]:
    """Size, modification time and inode of a file."""
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def remember(path: str, signature: tuple[int, int, int], digest: str) -> None:
    """Note a file found clean, unless it was written within the last second."""
    # Only files last written over a second ago: a file rewritten with the same size within one tick of the
    # file system's clock (a few ms) keeps its modification time, so a fresh one is read again next time.
    if time.time_ns() - signature[1] > 1_000_000_000:
        SEEN[path] = (signature, digest)


# Attribute values, comments and scripts found clean in this process, per allowlist and year, with the lines
# each spans: most repeat on every page (the theme's configuration, class names, icons, the navigation).
CLEAN_PIECES: dict[tuple, dict[str, int]] = {}


def hidden_hits(markup: str, allow: Iterable[str], year: int) -> list[Hit]:
    """``scan(pii_text.hidden(markup))`` read piece by piece, each distinct piece once per process.

    No number spans PIECE_BREAK (its NUL is a breaker), so the hits are those of each piece, lines counted on.
    """
    clean = CLEAN_PIECES.setdefault((tuple(map(str, allow)), year), {})
    if len(clean) > 100_000:
        clean.clear()  # a bound for a long preview session
    hits, line = [], 1
    for piece in pii_text.hidden_pieces(markup):
        lines = clean.get(piece)
        if lines is None:
            part = pii_text.hidden_part(piece)
            lines = part.count("\n") + 1
            found = scan(part, allow, year)
            hits += [Hit(hit.kind, hit.number, hit.line + line - 1) for hit in found]
            if not found:
                clean[piece] = lines
        line += lines
    return hits
