"""One content tree: items in sub-folders are validated and lifecycle'd, strays and outside links refused."""

from __future__ import annotations

import os

from support import CASE, LECTURE, PENALTY, farun, mkdocs_build

EXPIRED = (
    PENALTY.replace("date: 2026-09-15", "date: 2024-09-15")
    .replace("decision_date: 2026-09-10", "decision_date: 2024-09-10")
    .replace("expires: 2027-09-10", "expires: 2025-09-10")
    .replace("126号", "99号")
    .replace("示例｜某物流公司超限运输行政处罚公示", "子文件夹里已过期的处罚公示")
)
DRAFT = LECTURE.replace("episode: 1", "episode: 2\ndraft: true").replace(
    "新修订《行政复议法》要点解读", "子文件夹里的草稿讲座"
)
NESTED = LECTURE.replace("episode: 1", "episode: 3").replace("新修订《行政复议法》要点解读", "子文件夹里的正式讲座")

FILES = {
    "lectures/2023-03-fuyi.md": LECTURE,
    "notices/2024/2024-09-expired.md": EXPIRED,
    "lectures/drafts/2023-09-draft.md": DRAFT,
    "lectures/2023/2023-10-nested.md": NESTED,
    "cases/2023-05-case.md": CASE,
}


def test_sub_folders_are_content_with_their_lifecycle(project, tmp_path):
    proj = project(FILES)
    out = tmp_path / "site"
    result = mkdocs_build(proj, out)
    assert result.returncode == 0, result.stderr
    assert (out / "lectures/2023/2023-10-nested/index.html").is_file()
    assert "子文件夹里的正式讲座" in (out / "lectures/index.html").read_text(encoding="utf-8")
    assert not (out / "notices/2024/2024-09-expired").exists() and not (out / "lectures/drafts").exists()
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".json", ".csv", ".ics", ".txt"}
    )
    for word in ("子文件夹里已过期的处罚公示", "子文件夹里的草稿讲座", "2024-09-expired", "2023-09-draft"):
        assert word not in everything, word


def test_a_bad_item_in_a_sub_folder_is_reported(project):
    proj = project(
        FILES | {"notices/2024/2024-10-bad.md": EXPIRED.replace("expires: 2025-09-10", "expires: 2024-09-01")}
    )
    result = farun(proj, "check")
    assert result.returncode == 1
    assert "docs/notices/2024/2024-10-bad.md:" in result.stderr and "expires" in result.stderr


def test_stray_markdown_and_outside_links_are_errors(project, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("内部资料", encoding="utf-8")
    proj = project(
        FILES | {"media/notes.md": "# 笔记\n", "assets/readme.md": "x\n", "about-us.md": "---\ntitle: 关于\n---\n"}
    )
    os.symlink(outside, proj / "docs/media/secret.txt")
    os.symlink(tmp_path, proj / "docs/outside-folder")
    os.symlink(proj / "docs/lectures/2023-03-fuyi.md", proj / "docs/media/inside-link.md.txt")
    result = farun(proj, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for expected in (
        "docs/media/notes.md:1: 这个 Markdown 文件不属于任何栏目",
        "docs/assets/readme.md:1: 这个 Markdown 文件不属于任何栏目",
        f"docs/media/secret.txt:1: 这是一个指向 docs/ 之外（{outside}）的链接",
        "docs/outside-folder:1: 这是一个指向 docs/ 之外",
    ):
        assert expected in result.stderr, result.stderr
    assert "about-us.md" not in result.stderr and "inside-link" not in result.stderr
    build = mkdocs_build(proj, tmp_path / "site")
    assert build.returncode != 0 and not (tmp_path / "site" / "media" / "secret.txt").exists()
