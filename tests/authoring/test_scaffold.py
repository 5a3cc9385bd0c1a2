"""`make new-lecture` and friends: questions in Chinese driven through standard input."""

from __future__ import annotations

import io

from support import farun
from support import LECTURE

from farun.authoring.prompts import Asker, NoMoreInput


def test_lecture_questions_reask_on_error_show_the_file_and_write_after_confirming(project):
    proj = project({"lectures/a.md": LECTURE.replace("episode: 1", "episode: 6")})
    answers = (
        "\n".join(
            [
                "国家安全法解读",  # 标题
                "2024/13/1",  # 日期: no such month -> asked again
                "2024年6月1日",  # normalised to 2024-06-01
                "第七期",  # 期数: not a number -> asked again
                "",  # default: next episode (7)
                "王五",  # 主讲人
                "讲国家安全法。",  # 摘要
                "国家安全，依法行政",  # 主题
                "guoan",  # 文件名
                "是",
            ]
        )
        + "\n"
    )
    result = farun(proj, "new", "lecture", stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "标题（title） — 页面标题" in out
    assert "✗ date（日期）不是有效的日期：“2024/13/1” 在日历上不存在，一年只有 12 个月，没有13月，请重新输入。" in out
    assert "✗ episode（期数）应为正整数（只写数字，如 7），实际为 “第七期”，请重新输入。" in out
    assert "请输入（直接回车为 7）" in out
    target = proj / "docs/lectures/2024-06-guoan.md"
    text = target.read_text(encoding="utf-8")
    assert f"将写入 {target}：" in out and text in out  # shown before it was written
    assert text.startswith(
        "---\ntitle: 国家安全法解读\ndate: 2024-06-01\nepisode: 7\nspeaker: 王五\n"
        "summary: 讲国家安全法。\ntags: [国家安全, 依法行政]\ndraft: true\n---\n"
    )
    assert "## 讲座要点" in text
    assert farun(proj, "check").returncode == 0


def test_declining_writes_nothing_and_ending_input_early_writes_nothing(project):
    proj = project({})
    answers = "标题\n2024-06-01\n\n王五\n摘要\n主题\nx\n否\n"
    declined = farun(proj, "new", "lecture", stdin=answers)
    assert declined.returncode == 0 and "已取消，没有写入任何文件" in declined.stderr  # 否 is no error for make
    cut = farun(proj, "new", "lecture", stdin="标题\n2024-06-01\n")
    assert cut.returncode == 1 and "输入已结束，没有写入任何文件" in cut.stderr
    assert not list((proj / "docs").glob("lectures/*.md"))


def test_all_fields_as_arguments_ask_nothing(project):
    proj = project({})
    result = farun(
        proj,
        "new",
        "case",
        "wangyueche",
        "--title",
        "示例｜网约车案",
        "--date",
        "2024-05-15",
        "--category",
        "网约车与非法营运",
        "--laws",
        "网络预约出租汽车经营服务管理暂行办法",
        "--summary",
        "摘要。",
    )
    assert result.returncode == 0, result.stderr
    assert "请输入" not in result.stdout
    text = (proj / "docs/cases/2024-05-wangyueche.md").read_text(encoding="utf-8")
    assert "laws: [《网络预约出租汽车经营服务管理暂行办法》]\n" in text and "## 案情简介" in text
    bad = farun(proj, "new", "case", "x", "--category", "网约车", "--date", "2024-05-15")
    assert bad.returncode == 2 and "参数 --category：category（类别）应为以下之一" in bad.stderr


def test_penalty_notice_asks_the_type_specific_fields_and_guards_names(project):
    proj = project({})
    answers = (
        "\n".join(
            [
                "5",  # 类型: 行政处罚公示 (by number)
                "王某非法营运行政处罚公示",
                "2026-11-05",
                "",  # 标题, 日期, 发布单位 (default)
                "3",  # 相对人类别: 自然人 (so no 统一社会信用代码 is asked)
                "王小明",  # refused at once: natural persons show the surname only
                "王某",
                "绍市交执罚〔2026〕90号",
                "2026-11-01",
                "",  # 文号, 决定日期, 决定机关 (default)
                "非法营运",
                "事实。",
                "《道路运输条例》第六十三条",
                "罚款",
                "200",
                "一般",
                "",  # …, 罚款金额, 失信程度, 截止日期
                "wangmou",
                "是",
            ]
        )
        + "\n"
    )
    result = farun(proj, "new", "notice", stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "  请输入：王小明\n  ✗ party（行政相对人名称）为自然人时只能公开姓氏，应写成 “王某” 或 “王**”，实际为 “王小明”，"
        "请重新输入。\n  请输入：王某\n"
    ) in result.stdout
    assert "credit_code" not in result.stdout
    text = (proj / "docs/notices/2026-11-wangmou.md").read_text(encoding="utf-8")
    assert "party: 王某\n" in text and "type: 行政处罚公示\n" in text and "王小明" not in text
    assert "fine: 200\n" in text and "expires: 2027-11-01\n" in text
    assert farun(proj, "check").returncode == 0


def test_never_overwrites_an_existing_file(project):
    proj = project({"cases/2024-05-x.md": "原有内容\n"})
    result = farun(
        proj,
        "new",
        "case",
        "x",
        "--title",
        "t",
        "--date",
        "2024-05-15",
        "--category",
        "超限运输",
        "--laws",
        "公路法",
        "--summary",
        "s",
    )
    assert result.returncode == 1 and "文件已存在" in result.stderr
    assert (proj / "docs/cases/2024-05-x.md").read_text(encoding="utf-8") == "原有内容\n"


def test_asker_reads_lines_and_reports_the_end():
    out = io.StringIO()
    asker = Asker(io.StringIO("甲\n"), out, echo=True)
    assert asker.ask("问：") == "甲"
    try:
        asker.ask("问：")
    except NoMoreInput:
        pass
    else:
        raise AssertionError("end of input must be reported")
    assert out.getvalue().startswith("问：甲\n")


def test_every_example_text_in_the_templates_is_refused_by_the_check():
    """The templates' example texts and the check's list (content/placeholders.py) cannot drift apart."""
    import re

    from farun.authoring.scaffold import TEMPLATES
    from farun.content.placeholders import PLACEHOLDERS

    examples = set()
    for template in TEMPLATES.values():
        for line in template.split("---")[1].splitlines():
            key, _, value = line.partition(": ")
            if key in {"speaker_title", "venue", "summary"}:
                examples.add(value)
            elif key in {"tags", "laws"}:
                examples |= {v.strip() for v in re.findall(r"[^\[\],]+", value) if v.strip()}
    assert examples and examples <= PLACEHOLDERS, examples - PLACEHOLDERS


def test_template_body_text_left_in_a_published_item_is_refused_by_the_check(project):
    """Point 3 of issue 23: 要点一, 解读内容。, 问题？ … passed the check and went live."""
    proj = project({})
    made = farun(
        proj,
        "new",
        "lecture",
        "x",
        "--title",
        "讲座",
        "--date",
        "2024-05-15",
        "--episode",
        "3",
        "--speaker",
        "王五",
        "--summary",
        "讲。",
        "--tags",
        "主题",
    )
    notice = farun(
        proj,
        "new",
        "notice",
        "y",
        "--title",
        "通知",
        "--date",
        "2024-05-15",
        "--type",
        "通知",
        "--issuer",
        "绍兴市交通运输局",
    )
    assert made.returncode == 0 and notice.returncode == 0, made.stderr + notice.stderr
    assert farun(proj, "check").returncode == 0  # drafts: not yet published, so not yet refused
    for path in (proj / "docs").glob("*/2024-05-*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = farun(proj, "check")
    assert result.returncode == 1
    lecture = (proj / "docs/lectures/2024-05-x.md").read_text(encoding="utf-8").splitlines()
    for example in ("- 要点一", "- 要点二", "### 第一条 ……", "解读内容。", "**问：** 问题？", "**答：** 回答。"):
        line = lecture.index(example) + 1
        assert f"docs/lectures/2024-05-x.md:{line}: 正文仍是模板中的示例文字 “{example}”" in result.stderr, example
    line = (proj / "docs/notices/2024-05-y.md").read_text(encoding="utf-8").splitlines().index("在此填写公告正文。") + 1
    assert f"docs/notices/2024-05-y.md:{line}: 正文仍是模板中的示例文字 “在此填写公告正文。”" in result.stderr
    assert "建议：改成实际内容，或删除这一行；还没写好时保留 draft: true" in result.stderr


def test_every_example_line_of_the_template_bodies_is_refused():
    from farun.authoring.scaffold import TEMPLATES, body_of
    from farun.content.placeholders import BODY_LINES

    lines = {line.strip() for kind in TEMPLATES for line in body_of(kind).splitlines()}
    examples = {line for line in lines if line and not line.startswith(("## ", "!!!", "本案例"))}
    assert examples == BODY_LINES, examples ^ BODY_LINES
