"""The command line as staff and CI use it: check, new, generate, build."""

from __future__ import annotations

from pathlib import Path

from support import LECTURE, farun

ROOT = Path(__file__).resolve().parents[2]


def test_check_passes_and_fails_with_every_problem(project):
    proj = project({"lectures/a.md": LECTURE})
    ok = farun(proj, "check")
    assert ok.returncode == 0, ok.stderr
    (proj / "docs/lectures/b.md").write_text(LECTURE.replace("date: 2023-03-15", "date: 2023/3/15"), encoding="utf-8")
    (proj / "docs/lectures/c.md").write_text("---\ntitle: x\n", encoding="utf-8")
    bad = farun(proj, "check")
    assert bad.returncode == 1
    assert "docs/lectures/b.md:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2023/3/15”" in bad.stdout + bad.stderr
    assert "docs/lectures/c.md:1: front matter 没有结束" in bad.stdout + bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr


def test_new_lecture_takes_next_episode_and_never_overwrites(project):
    proj = project({"lectures/a.md": LECTURE.replace("episode: 1", "episode: 6")})
    first = farun(
        proj,
        "new",
        "lecture",
        "xinfang",
        "--title",
        "《信访工作条例》解读",
        "--speaker",
        "张三",
        "--date",
        "2024-05-15",
    )
    assert first.returncode == 0, first.stderr
    created = proj / "docs/lectures/2024-05-xinfang.md"
    text = created.read_text(encoding="utf-8")
    assert "episode: 7" in text and "title: 《信访工作条例》解读" in text and "speaker: 张三" in text
    for heading in ("## 讲座要点", "## 条文解读", "## 问答"):
        assert heading in text
    created.write_text(text + "\n我写的内容\n", encoding="utf-8")
    again = farun(proj, "new", "lecture", "xinfang", "--title", "别的", "--speaker", "李四", "--date", "2024-05-15")
    assert again.returncode != 0
    assert "已存在" in again.stderr
    assert created.read_text(encoding="utf-8").endswith("我写的内容\n")


def test_scaffolded_files_are_valid_once_filled(project):
    proj = project({})
    for kind in ("lecture", "case", "notice"):
        result = farun(
            proj, "new", kind, f"demo-{kind}", "--title", "标题", "--speaker", "张三", "--date", "2024-05-15"
        )
        assert result.returncode == 0, result.stderr
    check = farun(proj, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_generate_writes_pages_outside_docs(project, tmp_path):
    proj = project({"lectures/a.md": LECTURE})
    out = tmp_path / "generated"
    result = farun(proj, "generate", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "lectures/index.md").is_file() and (out / "index.md").is_file()
    assert "a.md" in (out / "lectures/index.md").read_text(encoding="utf-8")
    assert not (proj / "docs/index.md").exists()


def test_template_example_texts_block_publication_until_replaced(project):
    proj = project({})
    made = farun(proj, "new", "lecture", "demo", "--title", "标题", "--speaker", "张三", "--date", "2024-05-15")
    assert made.returncode == 0, made.stderr
    path = proj / "docs/lectures/2024-05-demo.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = farun(proj, "check")
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert (
        "docs/lectures/2024-05-demo.md:6: speaker_title（主讲人职务）仍是模板中的示例文字 “主讲人职务（可删除此行）”"
        in out
    )
    assert "docs/lectures/2024-05-demo.md:11: tags（主题）仍是模板中的示例文字 “主题一”" in out
