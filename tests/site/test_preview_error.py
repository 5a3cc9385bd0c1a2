"""The preview's error page data: make check's messages, numbers masked, markup escaped."""

from __future__ import annotations

import jinja2

from farun.runtime.errors import ContentError
from farun.site.preview_error import mask_numbers, page_data

from support import ROOT


def test_numbers_are_masked_ordinary_text_is_not():
    assert mask_numbers("实际为 “13812345678”") == "实际为 “138****5678”"
    assert mask_numbers("330602199001011234") == "330602********1234"  # the guard's own mask (pii/numbers.py)
    assert mask_numbers("电话 159 5812 6600，１５９－５８１２－６６００") == "电话 159****6600，159****6600"
    assert mask_numbers("3306021990\u200b01011234") == "330602********1234"
    assert mask_numbers("91330603MA2BW4LE4C") == "913***********LE4C"
    assert mask_numbers("第 12 期，2023-03-15，绍市交〔2024〕4号") == "第 12 期，2023-03-15，绍市交〔2024〕4号"


def test_error_page_lists_every_problem_escaped():
    errors = [ContentError("docs/lectures/b.md", 3, "date（日期）应为 YYYY-MM-DD 格式", "date", "写成 2023-03-15"),
              ContentError("docs/lectures/a.md", 2, "title（标题）<script>alert(1)</script>")]
    data = page_data(errors)
    assert [g["path"] for g in data["groups"]] == ["docs/lectures/a.md", "docs/lectures/b.md"]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")), autoescape=True)
    html = env.get_template("farun/preview-error.html").render(**data)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "docs/lectures/b.md:3:" in html and "建议：写成 2023-03-15" in html
    assert "共发现 2 个问题（涉及 2 个文件）" in html
