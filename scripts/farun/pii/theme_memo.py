"""The theme's own files in the site, remembered clean once per machine instead of once per project.

Every build publishes Material's JavaScript bundles, style sheets and their source maps copied
unchanged from the installed package (about 2.5 MB at 9.8.2); a cold build (a new checkout, a
deleted ``.cache/``, a new allowlist) would read them again, a third of what the scan reads after
the pages. The promise is that nothing published carries personal information staff wrote. Staff
cannot change site-packages, but ``docs/`` and ``overrides/`` can shadow a theme file under the
same path, so only a published file byte for byte identical to the installed theme's file at its
path counts, and it is still scanned — once per machine: its digest (path and bytes, as
pii_scan's cache) is kept in ``~/.cache/farun/pii-theme.json`` (``$XDG_CACHE_HOME``) under a key of
the detector code and the year limit. It is kept only when the file was found clean with no
allowlist at all, which holds for every project's allowlist; a file with a finding is never kept,
so it is read, and reported, as any other file. The file holds digests, never text.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

THEME_PACKAGE = "material"
THEME_SUFFIXES = {".js", ".css", ".map", ".json"}  # what the theme copies that has text to read
KEYS_KEPT = 4  # detector versions remembered side by side (two checkouts on one machine)


def theme_dir() -> Path | None:
    """The installed theme's folder of templates and assets (a file lookup: the theme is not imported)."""
    try:
        spec = importlib.util.find_spec(THEME_PACKAGE)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    folder = Path(locations[0]) / "templates" if locations else None
    return folder if folder is not None and folder.is_dir() else None


def machine_cache_path() -> Path | None:
    """``$XDG_CACHE_HOME/farun/pii-theme.json``, by default under ``~/.cache``; None without a home folder."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no HOME and no password entry (a bare container): the theme is read each time
        return None
    return Path(base) / "farun" / "pii-theme.json"


class ThemeMemo:
    """Digests of theme files found clean on this machine under one detector ``key``."""

    def __init__(self, key: str, root: Path | None, path: Path | None):
        self.key, self.root, self.path = key, root, path
        self.entries: dict[str, list[str]] = {}
        self.known: set[str] = set()
        self.added = False
        if path is not None and root is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if isinstance(data, dict):
                self.entries = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, list)}
            self.known = {d for d in self.entries.get(key, []) if isinstance(d, str)}

    def is_copy(self, rel: str, data: bytes) -> bool:
        """Whether ``data`` published at ``rel`` is byte for byte the installed theme's file at that path."""
        if self.root is None or not rel.startswith("assets/") or Path(rel).suffix.lower() not in THEME_SUFFIXES:
            return False
        original = self.root / rel
        try:
            return original.stat().st_size == len(data) and original.read_bytes() == data
        except OSError:
            return False

    def add(self, digest: str) -> None:
        if digest not in self.known:
            self.known.add(digest)
            self.added = True

    def save(self) -> None:
        """Write the digests when new ones were found (a failed write only costs time on the next cold build)."""
        if not self.added or self.path is None:
            return
        entries = {k: v for k, v in self.entries.items() if k != self.key}
        entries = dict(list(entries.items())[-(KEYS_KEPT - 1):]) if KEYS_KEPT > 1 else {}
        entries[self.key] = sorted(self.known)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(entries), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass
        self.added = False
