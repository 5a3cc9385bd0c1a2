"""Issue 23 point 13: a draft can be previewed (marked 草稿 there) and is never published by a build."""

from __future__ import annotations

from support import LECTURE, fetch, mkdocs_build, wait_for

DRAFT = (
    LECTURE.replace("episode: 1", "episode: 2")
    .replace("title: ", "title: 草稿中的第二讲", 1)
    .replace("---\n\n", "draft: true\n---\n\n", 1)
)
BANNER = "这是草稿（draft: true）：只在本地预览中显示，网站上不会出现。"


def test_a_draft_is_shown_marked_in_the_preview_and_left_out_of_the_build(project, preview, tmp_path):
    proj = project({"lectures/2023-03-a.md": LECTURE, "lectures/2023-04-b.md": DRAFT})
    built = tmp_path / "built"
    result = mkdocs_build(proj, built)
    assert result.returncode == 0, result.stderr
    assert not (built / "lectures/2023-04-b").exists()
    assert not [p for p in built.rglob("*") if p.is_file() and "草稿中的第二讲".encode() in p.read_bytes()]

    base, log_path = preview(proj, via="farun")
    assert wait_for(lambda: "【草稿】草稿中的第二讲" in fetch(base + "lectures/"), 180), log_path.read_text()
    page = fetch(base + "lectures/2023-04-b/")
    assert BANNER in page and "草稿中的第二讲" in page
    assert BANNER not in fetch(base + "lectures/2023-03-a/")
