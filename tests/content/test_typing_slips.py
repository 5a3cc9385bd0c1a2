"""Issue 14, points 1-3 and 11: what a Chinese input method and Word/WPS autocorrect do to front matter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import random

from farun.cli import read_config
from farun.content.lists import curly_quoted, split_items
from farun.content.settings import load_settings
from farun.site.engine import validate

from support import CASE, LECTURE, LICENCE, NOTICE, PENALTY  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
TODAY = dt.date(2026, 11, 25)


def run(tmp_path: Path, files: dict[str, str]):
    docs = tmp_path / "docs"
    for rel, text in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    coll, errors = validate(docs, SETTINGS, TODAY)
    return coll, [str(e) for e in sorted(errors)]


# 1. Chinese punctuation inside flow lists -----------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ("tags: [道路运输，新业态监管，信用管理]", ["道路运输", "新业态监管", "信用管理"]),
        ("tags: [道路运输、新业态监管；信用管理]", ["道路运输", "新业态监管", "信用管理"]),
        ("tags: [道路运输; 新业态监管, 信用管理]", ["道路运输", "新业态监管", "信用管理"]),
        ("tags: [网约车（出租车、顺风车）, 信用]", ["网约车（出租车、顺风车）", "信用"]),
        ("tags:\n  - 道路运输，新业态监管\n  - 信用管理", ["道路运输", "新业态监管", "信用管理"]),
    ],
)
def test_list_items_typed_with_chinese_separators_are_split(tmp_path, line, expected):
    coll, errors = run(tmp_path, {"lectures/a.md": LECTURE.replace("tags: [行政复议, 依法行政]", line)})
    assert errors == []
    assert list(coll.lectures[0].meta.tags) == expected
    assert sorted(coll.tags()) == sorted(expected)


def test_laws_typed_with_a_chinese_comma_are_two_laws_in_the_index(tmp_path):
    text = CASE.replace(
        "laws: [《网络预约出租汽车经营服务管理暂行办法》]",
        "laws: [《浙江省道路运输条例》，《中华人民共和国行政处罚法》]",
    )
    coll, errors = run(tmp_path, {"cases/b.md": text})
    assert errors == []
    assert sorted(coll.laws()) == ["《中华人民共和国行政处罚法》", "《浙江省道路运输条例》"]


def test_related_slugs_typed_with_chinese_separators_are_split(tmp_path):
    lecture = LECTURE.replace("tags: [行政复议, 依法行政]", "tags: [行政复议]\ncases: [b，c]")
    coll, errors = run(
        tmp_path, {"lectures/a.md": lecture, "cases/b.md": CASE, "cases/c.md": CASE.replace("网约车案", "另一案")}
    )
    assert errors == []
    assert list(coll.lectures[0].meta.cases) == ["b", "c"]


def test_full_width_brackets_are_refused_with_the_corrected_line(tmp_path):
    _, errors = run(
        tmp_path, {"lectures/a.md": LECTURE.replace("tags: [行政复议, 依法行政]", "tags: ［行政复议，依法行政］")}
    )
    assert errors == [
        "docs/lectures/a.md:7: tags（主题）应为列表，实际为 “［行政复议，依法行政］”"
        "（建议：写成 tags: [行政复议, 依法行政]（半角方括号，项之间用半角逗号）或每项一行“- 行政复议”）"
    ]


def test_split_items_recovers_every_item():
    rng = random.Random(14)
    alphabet = "交通运输法治网约车超限信用管理执法" + "abcXYZ0123"
    for _ in range(300):
        items = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 5))]
        separator = rng.choice("，、；;")
        assert split_items(separator.join(items)) == items


# 2. Curly and full-width quotes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("title: 新修订《行政复议法》要点解读", "title: “新修订《行政复议法》要点解读”", "title（标题）"),
        ("speaker: 陈立新", "speaker: ＂陈立新＂", "speaker（主讲人）"),
        ("date: 2023-03-15", "date: “2023-03-15”", "date（日期）"),
        ("tags: [行政复议, 依法行政]", "tags: [‘行政复议’, 依法行政]", "tags（主题）[1]"),
    ],
)
def test_values_wrapped_in_curly_quotes_are_named(tmp_path, old, new, field):
    _, errors = run(tmp_path, {"lectures/a.md": LECTURE.replace(old, new)})
    assert len(errors) == 1
    assert f"{field}两端是中文引号" in errors[0] and "Word/WPS" in errors[0]


def test_quotes_that_belong_to_the_title_are_kept(tmp_path):
    title = "“枫桥经验”在交通执法中的运用"
    coll, errors = run(tmp_path, {"lectures/a.md": LECTURE.replace("新修订《行政复议法》要点解读", title)})
    assert errors == [] and coll.lectures[0].meta.title == title
    assert curly_quoted("“放管服”与“双随机”") is None


def test_notice_type_in_curly_quotes_says_so(tmp_path):
    _, errors = run(tmp_path, {"notices/c.md": NOTICE.replace("type: 通知", "type: “通知”")})
    assert len(errors) == 1 and "type（类型）两端是中文引号（“通知”）" in errors[0]


def test_curly_quoted_value_with_colon_is_not_told_to_add_quotes(tmp_path):
    text = LECTURE.replace("summary: 解读新修订行政复议法的主要变化。", "summary: “网约车: 合规经营要点”")
    _, errors = run(tmp_path, {"lectures/a.md": text})
    assert errors == [
        "docs/lectures/a.md:6: summary 的值用了中文引号（“…”），YAML 只认半角引号，"
        '所以值里的“: ”被当成了又一个字段（建议：改用半角引号：summary: "网约车: 合规经营要点"）'
    ]


# 11. The full-width colon and a missing space are named at their own line ----------------------


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "speaker：陈立新",
            "字段名 speaker 后面用了全角冒号“：”，YAML 只认半角冒号“:”（建议：改成半角冒号加一个空格：speaker: 陈立新）",
        ),
        (
            "speaker ： 陈立新",
            "字段名 speaker 后面用了全角冒号“：”，YAML 只认半角冒号“:”（建议：改成半角冒号加一个空格：speaker: 陈立新）",
        ),
        ("speaker:陈立新", "字段名 speaker 的冒号后面缺少空格（建议：冒号后留一个空格：speaker: 陈立新）"),
    ],
)
def test_colon_slips_are_named_at_their_line(tmp_path, line, message):
    _, errors = run(tmp_path, {"lectures/a.md": LECTURE.replace("speaker: 陈立新", line)})
    assert errors == [f"docs/lectures/a.md:5: {message}"]


# 3. Every 文号 field is checked alike ------------------------------------------------------------


@pytest.mark.parametrize(
    "template, field",
    [(NOTICE, "doc_no（文号）"), (PENALTY, "decision_no（决定书文号）"), (LICENCE, "decision_no（决定书文号）")],
)
@pytest.mark.parametrize(
    "bad", ["绍交罚[2024]12号", "绍交罚（2024）12号", "绍交罚【2024】12号", "绍交罚〔24〕12号", "绍交罚〔2024〕12"]
)
def test_every_document_number_is_checked_alike(tmp_path, template, field, bad):
    good = (
        "绍市交〔2024〕4号"
        if template is NOTICE
        else ("绍市交执罚〔2026〕126号" if template is PENALTY else "绍市交许〔2026〕41号")
    )
    _, errors = run(tmp_path, {"notices/c.md": template.replace(good, bad)})
    assert len(errors) == 1, errors
    assert f"{field}格式应为“机关代字〔年份〕序号号”，例如 绍市交〔2024〕4号" in errors[0]
    assert errors[0].endswith(f"实际为 “{bad}”")
    if "2024]" in bad or "2024）" in bad or "2024】" in bad:
        assert "年份须用六角括号〔〕" in errors[0] and "应写成 绍交罚〔2024〕12号" in errors[0]


def test_document_numbers_with_di_are_accepted(tmp_path):
    _, errors = run(
        tmp_path, {"notices/c.md": PENALTY.replace("绍市交执罚〔2026〕126号", "绍交执罚决字〔2026〕第000126号")}
    )
    assert errors == []


# 6. An impossible date says which day does not exist ----------------------------------------------


@pytest.mark.parametrize(
    "day, why",
    [
        ("2024-11-31", "2024年11月没有31日"),
        ("2023-02-29", "2023年2月没有29日（2023年不是闰年）"),
        ("2024-13-01", "一年只有 12 个月，没有13月"),
    ],
)
def test_impossible_dates_name_the_missing_day(tmp_path, day, why):
    _, errors = run(tmp_path, {"lectures/a.md": LECTURE.replace("date: 2023-03-15", f"date: {day}")})
    assert errors == [f"docs/lectures/a.md:3: date（日期）不是有效的日期：“{day}” 在日历上不存在，{why}"]
