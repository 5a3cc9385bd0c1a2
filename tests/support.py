"""Shared test helpers (a module, not conftest, so every test folder can import it)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

# The sample site is tested as it looks on this day (Asia/Shanghai noon).
TEST_DAY = dt.date(2026, 11, 25)
TEST_EPOCH = int(dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.timezone.utc).timestamp())


def epoch_for(day: dt.date) -> int:
    """SOURCE_DATE_EPOCH for noon of ``day`` in Asia/Shanghai."""
    return int(dt.datetime(day.year, day.month, day.day, 4, 0, tzinfo=dt.timezone.utc).timestamp())


def mkdocs_build(project: Path, out: Path, epoch: int = TEST_EPOCH, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a real ``mkdocs build --strict`` of ``project`` into ``out``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), **(extra_env or {})}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)


def make_project(tmp: Path, files: dict[str, str | bytes], keep_sample: bool = False) -> Path:
    """A copy of the project's config and templates with the given docs files."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "overrides", "scripts", "data", "fonts"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp / name)
    if keep_sample:
        shutil.copytree(ROOT / "docs", tmp / "docs")
    else:
        shutil.copytree(ROOT / "docs" / "assets", tmp / "docs" / "assets")
        (tmp / "docs" / "about.md").write_text("---\ntitle: 关于本专栏\n---\n\n关于。\n", encoding="utf-8")
    for rel, content in files.items():
        target = tmp / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.write_bytes if isinstance(content, bytes) else lambda c: target.write_text(c, encoding="utf-8"))(content)
    return tmp
