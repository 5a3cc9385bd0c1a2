"""Heading anchors keep the Chinese and depend on the heading's own text only (a real build)."""

from __future__ import annotations

import re

from support import LECTURE, mkdocs_build


def _ids(site, slug: str) -> list[str]:
    html = (site / "lectures" / slug / "index.html").read_text(encoding="utf-8")
    article = html.split("<article", 1)[1]
    return re.findall(r'<h[2-6] id="([^"]*)"', article)


def test_chinese_anchors_stable_when_a_heading_is_added_above(project, tmp_path):
    body = "\n## 条文解读\n\n正文。\n\n### 第三十四条：擅自从事网约车经营的法律责任\n\n正文。\n\n## 问答 Q&A\n\n正文。\n\n## 问答 Q&A\n\n再问。\n"
    second = LECTURE.replace("episode: 1", "episode: 2").replace("2023-03-15", "2023-04-15")
    first = LECTURE.split("\n---\n", 1)[0] + "\n---\n"  # front matter only
    second = second.split("\n---\n", 1)[0] + "\n---\n"
    proj = project(
        {
            "lectures/2023-03-a.md": first + body,
            "lectures/2023-04-b.md": second + "\n## 新增的一节\n\n正文。\n" + body,
        }
    )
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    before = _ids(tmp_path / "site", "2023-03-a")
    after = _ids(tmp_path / "site", "2023-04-b")
    assert before == ["条文解读", "第三十四条擅自从事网约车经营的法律责任", "问答-qa", "问答-qa_1"]
    assert "新增的一节" in after and [i for i in after if i != "新增的一节"] == before
    assert not any(re.fullmatch(r"_\d+", i) for i in before + after)
