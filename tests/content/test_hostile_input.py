"""Hostile YAML and text: every documented refusal ends in a Chinese message, never a traceback or a hang."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from farun.runtime.clock import build_today
from farun.runtime.errors import ContentInvalid
from farun.content.frontmatter import parse
from farun.content.settings import load_settings
from farun.site.engine import prepare
from farun.runtime.errors import StaffError

from support import CASE, LECTURE, NOTICE, PENALTY, farun

SETTINGS = load_settings(
    {
        "bureau_name": "绍兴市交通运输局",
        "bureau_sponsor": "绍兴市交通运输局",
        "bureau_phone": "0575-85130000",
        "bureau_hotline": "12328",
        "bureau_address": "绍兴",
        "filing_icp": "浙ICP备05000000号",
        "filing_police": "浙公网安备 33060202000000号",
        "filing_site_code": "3306000000",
        "case_categories": ["网约车与非法营运"],
    }
)


def alias_bomb(levels: int = 18) -> str:
    lines = ['a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]']
    for i in range(levels):
        prev, cur = f"n{i}" if i else "a", f"n{i + 1}"
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "---\ntitle: 炸弹\n" + "\n".join(lines) + "\n---\n"


def with_field(text: str, line: str) -> str:
    """``text`` (a valid item) with one more front-matter line right after the title."""
    head, rest = text.split("\n", 2)[1], text.split("\n", 2)[2]
    return f"---\n{head}\n{line}\n{rest}"


# Each documented refusal: the file, and the exact message (with line) staff must see.
BAD = {
    "lectures/2023-05-bomb.md": (alias_bomb(), "docs/lectures/2023-05-bomb.md:3: 不支持 YAML 锚点和别名"),
    "lectures/2023-06-anchor.md": (
        with_field(LECTURE, "speaker_title: &t 处长").replace("episode: 1", "episode: 6"),
        "docs/lectures/2023-06-anchor.md:3: 不支持 YAML 锚点和别名",
    ),
    "lectures/2023-07-nested.md": (
        with_field(LECTURE, "laws: " + "[" * 300 + "]" * 300).replace("episode: 1", "episode: 7"),
        "docs/lectures/2023-07-nested.md:3: front matter 嵌套层数过多",
    ),
    "lectures/2023-08-unclosed.md": (
        with_field(LECTURE, "laws: " + "[" * 200000).replace("episode: 1", "episode: 8"),
        "docs/lectures/2023-08-unclosed.md:3: front matter 嵌套层数过多",
    ),
    "lectures/2023-09-nul.md": (
        LECTURE.replace("依法行政", "依法\x00行政").replace("episode: 1", "episode: 9"),
        "docs/lectures/2023-09-nul.md:7: 字段 tags 含有不可见的空字符 NUL",
    ),
    "lectures/2023-10-esc.md": (
        LECTURE.replace("依法行政", "依法\x1b[31m行政").replace("episode: 1", "episode: 10"),
        "docs/lectures/2023-10-esc.md:7: 字段 tags 含有不可见的转义字符 ESC",
    ),
    "lectures/2023-11-c1.md": (
        LECTURE.replace("speaker: 陈立新", "speaker: 陈立\x85新").replace("episode: 1", "episode: 11"),
        "docs/lectures/2023-11-c1.md:5: 字段 speaker 含有不可见的控制字符 U+0085",
    ),
    "lectures/2023-12-body.md": (
        LECTURE.replace("## 讲座要点", "## 讲座要点\n\n第一段\x0c第二段").replace("episode: 1", "episode: 12"),
        "docs/lectures/2023-12-body.md:12: 正文含有不可见的换页符",
    ),
    "notices/2024-01-expires.md": (
        NOTICE.replace("doc_no:", "expires: 2023-12-31\ndoc_no:"),
        "docs/notices/2024-01-expires.md:6: expires（截止日期）不能早于 date（日期）2024-01-10",
    ),
    "notices/2024-02-publish.md": (
        NOTICE.replace("doc_no:", "expires: 2024-03-01\npublish: 2024-04-01\ndoc_no:"),
        "docs/notices/2024-02-publish.md:7: publish（发布日期）不能晚于 expires（截止日期）2024-03-01",
    ),
    "notices/2026-09-decided-later.md": (
        PENALTY.replace("decision_date: 2026-09-10", "decision_date: 2026-09-20"),
        "docs/notices/2026-09-decided-later.md:3: date（日期）不能早于 decision_date（决定日期）2026-09-20",
    ),
}


def test_each_refusal_is_named_in_chinese_without_traceback(project):
    proj = project({name: text for name, (text, _) in BAD.items()} | {"cases/2023-05-ok.md": CASE})
    result = farun(proj, "check")  # the alias bomb alone would never finish before the guard
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for _, expected in BAD.values():
        assert expected in result.stderr, f"{expected}\n---\n{result.stderr}"


@pytest.mark.parametrize(
    "value", ["99999999999999999999", "-1", "1e9", "abc", "4102444800", "１７６４０４３２００", "9" * 5000]
)
def test_absurd_source_date_epoch_is_refused(project, value):
    with pytest.raises(StaffError, match="SOURCE_DATE_EPOCH"):
        build_today({"SOURCE_DATE_EPOCH": value})
    proj = project({"lectures/2023-03-a.md": LECTURE})
    import os
    import subprocess
    import sys

    from support import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "SOURCE_DATE_EPOCH": value}
    result = subprocess.run(
        [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "check"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH" in result.stderr and "Traceback" not in result.stderr


def test_ordinary_epochs_still_work():
    assert build_today({"SOURCE_DATE_EPOCH": "1764043200"}) == dt.date(2025, 11, 25)
    assert build_today({"SOURCE_DATE_EPOCH": "0"}) == dt.date(1970, 1, 1)


def test_quoted_ampersand_and_star_are_text():
    doc, errors = parse(with_field(LECTURE, 'speaker_title: "&主任*"').encode(), "docs/lectures/a.md")
    assert not errors and doc.data["speaker_title"] == "&主任*"
    doc, errors = parse(with_field(LECTURE, "venue: 三楼 & 四楼 *直播*").encode(), "docs/lectures/a.md")
    assert not errors and doc.data["venue"] == "三楼 & 四楼 *直播*"


# Text an attacker, a careless paste or office software produces.
NASTY = st.lists(
    st.sampled_from(
        list("ab中文 :-[]{}&*!|>'\"#%@`,?\n\t\\<>/=")
        + [
            "\x00",
            "\x1b",
            "\x85",
            "\u2028",
            "\ufeff",
            "\u200b",
            "---",
            "&a",
            "*a",
            "<<",
            "<script>",
            "<img src=x onerror=alert(1)>",
            "javascript:",
        ]
    ),
    max_size=30,
).map("".join)
FIELDS = [
    "title",
    "date",
    "episode",
    "speaker",
    "summary",
    "tags",
    "laws",
    "publish",
    "expires",
    "draft",
    "cases",
    "speker",
]


@st.composite
def staff_file(draw):
    lines = []
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=8)):
        shape = draw(st.sampled_from(["plain", "quoted", "list", "nested", "date"]))
        value = draw(NASTY)
        if shape == "quoted":
            value = yaml.safe_dump(value, allow_unicode=True).strip().removesuffix("...").strip()
        elif shape == "list":
            value = "[" + ", ".join(draw(st.lists(NASTY, max_size=3))) + "]"
        elif shape == "nested":
            value = "\n  " + value
        elif shape == "date":
            value = draw(
                st.sampled_from(["2023-02-30", "2023-03-15", "0000-01-01", "9999-12-31", "2023-3-5", "20230315"])
            )
        lines.append(f"{name}: {value}")
    return "---\n" + "\n".join(lines) + "\n---\n" + draw(NASTY)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(files=st.lists(staff_file(), min_size=1, max_size=3))
def test_generated_front_matter_never_crashes_check_or_generator(tmp_path_factory, files):
    docs = tmp_path_factory.mktemp("prop") / "docs"
    base = [LECTURE, CASE.replace("网约车与非法营运", "网约车与非法营运"), NOTICE]
    for index, text in enumerate(files):
        folder = ("lectures", "cases", "notices")[index % 3]
        (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / folder / f"2023-0{index + 1}-x.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        (docs / folder / f"2023-0{index + 1}-ok.md").write_text(base[index % 3], encoding="utf-8")
    try:
        site = prepare(docs, SETTINGS, dt.date(2026, 11, 25))
    except ContentInvalid as exc:
        assert exc.errors and all(str(e).startswith("docs/") for e in exc.errors)
    else:
        assert site.pages
