"""`make check` output: problems grouped by file, colour only on request, one summary line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import CASE, LECTURE

from farun.runtime.errors import ContentError, format_errors, use_color

ROOT = Path(__file__).resolve().parents[2]


def check(project: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full = {**base, "PYTHONPATH": str(ROOT / "scripts"), "SOURCE_DATE_EPOCH": "1764043200", **env}
    return subprocess.run(
        [sys.executable, "-m", "farun", "--config", str(project / "mkdocs.yml"), "check"],
        cwd=project,
        env=full,
        capture_output=True,
        text=True,
    )


def bad_project(project):
    return project(
        {
            "lectures/a.md": LECTURE.replace("date: 2023-03-15", "date: 2023/3/15").replace(
                "speaker: 陈立新", "speker: 陈立新"
            ),
            "lectures/b.md": LECTURE.replace("episode: 1", "episode: 2"),
            "cases/c.md": CASE.replace("category: 网约车与非法营运", "category: 网约车"),
        }
    )


def test_problems_are_grouped_by_file_with_a_summary(project):
    result = check(bad_project(project))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "\033[" not in result.stderr  # not a terminal: plain text
    head_a = lines.index("docs/cases/c.md（1 个问题）")
    head_b = lines.index("docs/lectures/a.md（3 个问题）")
    assert head_a < head_b
    assert lines[head_b + 1] == "  docs/lectures/a.md:1: 缺少必填字段 speaker（主讲人）"
    assert lines[head_b + 2] == "      建议：在 front matter 中加一行 speaker: …"
    assert lines[head_b + 3] == "  docs/lectures/a.md:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2023/3/15”"
    assert lines[head_b + 4].startswith("  docs/lectures/a.md:5: 未知字段 “speker”")
    assert lines[head_a + 1].startswith("  docs/cases/c.md:4: category（类别）应为以下之一")
    assert lines[-1] == "共检查 3 个文件，发现 4 个问题（涉及 2 个文件），请逐条修改后重新检查。"


def test_hints_get_their_own_line(project):
    proj = project({"lectures/a.md": LECTURE.replace("tags: [行政复议, 依法行政]", "tags: 行政复议、依法行政")})
    lines = check(proj).stderr.splitlines()
    at = lines.index("  docs/lectures/a.md:7: tags（主题）应为列表，实际为 “行政复议、依法行政”")
    assert lines[at + 1] == "      建议：写成 tags: [甲, 乙] 或每项一行“- 甲”"


def test_colour_when_forced_and_never_with_no_color(project):
    proj = bad_project(project)
    coloured = check(proj, FORCE_COLOR="1").stderr
    assert "\033[1mdocs/lectures/a.md（3 个问题）\033[0m" in coloured
    assert "\033[1;31m共检查 3 个文件" in coloured
    assert "\033[" not in check(proj, FORCE_COLOR="1", NO_COLOR="1").stderr


def test_clean_content_ends_with_the_summary(project):
    result = check(project({"lectures/a.md": LECTURE, "cases/c.md": CASE}))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "共检查 2 个文件，没有发现问题。"


def test_format_errors_keeps_one_line_form_and_groups():
    errors = [
        ContentError("docs/b.md", 2, "乙"),
        ContentError("docs/a.md", 9, "甲二", hint="改"),
        ContentError("docs/a.md", 1, "甲一"),
    ]
    text = format_errors(errors, checked=5)
    assert text.splitlines() == [
        "docs/a.md（2 个问题）",
        "  docs/a.md:1: 甲一",
        "  docs/a.md:9: 甲二",
        "      建议：改",
        "",
        "docs/b.md（1 个问题）",
        "  docs/b.md:2: 乙",
        "",
        "共检查 5 个文件，发现 3 个问题（涉及 2 个文件），请逐条修改后重新检查。",
    ]
    assert str(errors[1]) == "docs/a.md:9: 甲二（建议：改）"
    assert format_errors(errors).endswith("共发现 3 个问题（涉及 2 个文件），请逐条修改后重新构建。")


class _Tty:
    def isatty(self):
        return True


def test_use_color_follows_terminal_and_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_color(_Tty()) is True
    assert use_color(open(os.devnull, "w")) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(_Tty()) is False
