"""``python -m farun build`` replaces site/ only when the build succeeds."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import TEST_EPOCH

LECTURE = (
    "---\ntitle: {title}\ndate: 2026-03-10\nepisode: {episode}\nspeaker: 王主讲\nsummary: 摘要。\n"
    "tags: [依法行政]\n---\n\n{body}\n"
)


def snapshot(site: Path) -> dict[str, tuple[str, int]]:
    """Every file under site/ with its SHA-256 and modification time."""
    return {
        p.relative_to(site).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def farun_build(proj: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(TEST_EPOCH), "PYTHONPATH": str(proj / "scripts")}
    cmd = [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "build"]
    return subprocess.run(cmd, cwd=proj, env=env, capture_output=True, text=True)


def leftovers(proj: Path) -> list[str]:
    return sorted(p.name for p in proj.iterdir() if p.name.startswith(".site-"))


@pytest.fixture
def built(project):
    """A tiny project with one successful CLI build in its site/."""
    proj = project({"lectures/2026-03-a.md": LECTURE.format(title="第一讲", episode=1, body="正文。")})
    result = farun_build(proj)
    assert result.returncode == 0, result.stderr
    assert (proj / "site/lectures/2026-03-a/index.html").is_file()
    return proj


@pytest.mark.parametrize(
    "broken",
    [
        # stops at content validation, before MkDocs writes a page
        LECTURE.format(title="第二讲", episode="二", body="正文。"),
        # passes validation, MkDocs renders every page, then --strict aborts on the dead link at the end
        LECTURE.format(title="第二讲", episode=2, body="见[不存在的页面](../nowhere.md)。"),
    ],
)
def test_failed_build_leaves_previous_site_byte_identical(built, broken):
    before = snapshot(built / "site")
    (built / "docs/lectures/2026-04-b.md").write_text(broken, encoding="utf-8")
    result = farun_build(built)
    assert result.returncode != 0
    assert "原有的 site/ 保持不变" in result.stderr
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def test_successful_build_replaces_site(built):
    (built / "site" / "stale.txt").write_text("old", encoding="utf-8")
    (built / "docs/lectures/2026-04-b.md").write_text(
        LECTURE.format(title="第二讲", episode=2, body="正文。"), encoding="utf-8"
    )
    result = farun_build(built)
    assert result.returncode == 0, result.stderr
    assert (built / "site/lectures/2026-04-b/index.html").is_file()
    assert not (built / "site/stale.txt").exists()
    assert leftovers(built) == []
