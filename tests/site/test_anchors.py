"""Heading anchors keep the Chinese and depend on the heading's own text only."""

from __future__ import annotations

import os
import re

import markdown
from mkdocs.config import load_config

from support import ROOT


def _render(text: str) -> list[str]:
    """The ids of the headings of ``text`` rendered with mkdocs.yml's Markdown extensions."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    return re.findall(r'<h[1-6] id="([^"]*)"', md.convert(text))


def test_chinese_headings_get_readable_anchors():
    ids = _render("## 条文解读\n\n### 第三十四条：擅自从事网约车经营的法律责任\n\n## 问答 Q&A\n\n## 2023 年\n")
    assert ids == ["条文解读", "第三十四条擅自从事网约车经营的法律责任", "问答-qa", "2023-年"]
    assert not any(re.fullmatch(r"_\d+", i) for i in ids)


def test_adding_a_heading_above_keeps_the_anchors_below():
    before = _render("## 讲座要点\n\n## 条文解读\n\n## 问答\n")
    after = _render("## 新增的一节\n\n## 讲座要点\n\n## 条文解读\n\n## 问答\n")
    assert after[1:] == before
    # Two headings with the same text still get distinct anchors, both derived from it.
    assert _render("## 问答\n\n## 问答\n") == ["问答", "问答_1"]
