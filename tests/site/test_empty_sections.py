"""Issue 14, point 5: no published page shows a heading with nothing under it."""

from __future__ import annotations

import re

import pytest

from farun.content.text import drop_empty_sections

from support import LECTURE, mkdocs_build


@pytest.mark.parametrize("source, expected", [
    ("## 讲座要点\n\n摘要。\n\n## 条文解读\n\n## 问答\n", "## 讲座要点\n\n摘要。\n\n"),
    ("## A\n\n### a1\n\n### a2\n\n## B\n\n正文\n", "\n\n## B\n\n正文\n"),
    ("## A\n### a1\n正文\n", "## A\n### a1\n正文\n"),
    ("## A\n\n```\n## 代码里的井号\n```\n", "## A\n\n```\n## 代码里的井号\n```\n"),
    ("## A\n\n~~~~\n## 代码\n~~~~\n## B\n", "## A\n\n~~~~\n## 代码\n~~~~\n"),
    ("#标签 不是标题\n", "#标签 不是标题\n"),
    ("## 空\n\n   \n", "\n   \n"),
    ("## 问答\n\n<!-- 待补充 -->\n\n## 延伸阅读\n\n正文\n", "<!-- 待补充 -->\n\n## 延伸阅读\n\n正文\n"),
])
def test_drop_empty_sections(source, expected):
    def tidy(text):
        return re.sub(r"\n\s*\n+", "\n\n", text).strip()
    assert tidy(drop_empty_sections(source)) == tidy(expected)


def test_built_lecture_page_has_no_empty_heading(project, tmp_path):
    text = LECTURE.replace("## 讲座要点", "## 讲座要点\n\n要点正文。\n\n## 条文解读\n\n## 问答\n")
    proj = project({"lectures/2023-03-fuyi.md": text})
    out = tmp_path / "out"
    result = mkdocs_build(proj, out)
    assert result.returncode == 0, result.stderr
    html = (out / "lectures/2023-03-fuyi/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "要点正文" in article
    assert "条文解读" not in article and "问答" not in article
    headings = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", article, re.S)
    assert headings, "the page keeps its real headings"
