"""Rendered Markdown reused between builds (.cache/pages, hook_pagecache.py): the same site, the same warnings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import TEST_EPOCH, make_project, mkdocs_build
from test_reproducible import tree

ABOUT = "---\ntitle: 关于本专栏\n---\n\n关于本专栏，见[其他说明](other.md)。\n"
OTHER = "---\ntitle: 其他说明\n---\n\n其他说明的正文。\n"


def entries(project: Path) -> set[Path]:
    return set((project / ".cache" / "pages").glob("*/*.json"))


def loud_build(project: Path, out: Path, **env) -> subprocess.CompletedProcess:
    """``properdocs build --strict`` without -q: warnings are printed and counted."""
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(out)],
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(TEST_EPOCH), **env},
        capture_output=True,
        text=True,
    )


def test_a_rebuild_reuses_every_page_and_writes_the_same_site(tmp_path):
    proj = make_project(tmp_path / "p", {}, keep_sample=True)
    assert mkdocs_build(proj, tmp_path / "cold").returncode == 0
    stored = {p: p.read_bytes() for p in entries(proj)}
    pages = [p for p in (tmp_path / "cold").rglob("*.html") if p.name != "404.html"]
    assert len(stored) >= len(pages) > 50
    assert mkdocs_build(proj, tmp_path / "warm").returncode == 0
    assert {p: p.read_bytes() for p in entries(proj)} == stored  # nothing converted again, nothing added
    uncached = make_project(tmp_path / "q", {}, keep_sample=True)
    assert mkdocs_build(uncached, tmp_path / "none", extra_env={"FARUN_PAGE_CACHE": "0"}).returncode == 0
    assert not entries(uncached)
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold") == tree(tmp_path / "none")


def test_an_edited_page_alone_is_converted_again(tmp_path):
    proj = make_project(tmp_path / "p", {}, keep_sample=True)
    assert mkdocs_build(proj, tmp_path / "s1").returncode == 0
    before = entries(proj)
    lecture = sorted((proj / "docs" / "lectures").glob("*.md"))[0]
    lecture.write_text(lecture.read_text(encoding="utf-8") + "\n补充一段新的说明文字。\n", encoding="utf-8")
    assert mkdocs_build(proj, tmp_path / "s2").returncode == 0
    assert len(entries(proj) - before) == 2  # its conversion and its search entries; nothing else
    page = tmp_path / "s2" / "lectures" / lecture.stem / "index.html"
    assert "补充一段新的说明文字" in page.read_text(encoding="utf-8")


def test_a_reused_page_warns_again_and_a_new_target_is_seen(tmp_path):
    """A broken link found while converting is reported by every later build that reuses the page,
    even when the first build ran with -q; once the target exists the page is converted again."""
    proj = make_project(tmp_path / "p", {"about.md": ABOUT})
    assert mkdocs_build(proj, tmp_path / "quiet").returncode == 0  # -q hides the warning from --strict
    assert entries(proj)
    for _ in range(2):
        loud = loud_build(proj, tmp_path / "loud")
        assert loud.returncode == 1, loud.stderr
        said = loud.stdout + loud.stderr
        assert "other.md" in said and "Aborted with 1 warnings in strict mode" in said
    (proj / "docs" / "other.md").write_text(OTHER, encoding="utf-8")
    fixed = loud_build(proj, tmp_path / "fixed")
    assert fixed.returncode == 0, fixed.stderr
    assert 'href="../other/"' in (tmp_path / "fixed" / "about" / "index.html").read_text(encoding="utf-8")


def test_a_damaged_cache_only_means_converting_again(tmp_path):
    proj = make_project(tmp_path / "p", {}, keep_sample=True)
    assert mkdocs_build(proj, tmp_path / "s1").returncode == 0
    for number, path in enumerate(sorted(entries(proj))):
        damaged = [
            "{broken",
            "[]",
            '{"version": 1}',
            "",
            '{"version": 1, "content": "<p>x</p>"}',
            '{"version": 1, "content": "", "entries": [1, 2]}',
            '{"version": 1, "content": "<p>x</p>", "toc": [], "title": null, "anchors": [], "said": [["x", 1]], "links": {}}',
        ]
        path.write_text(damaged[number % len(damaged)], encoding="utf-8")
    assert mkdocs_build(proj, tmp_path / "s2").returncode == 0
    assert tree(tmp_path / "s2") == tree(tmp_path / "s1")
