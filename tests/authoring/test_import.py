"""Spreadsheet import: xlsx and csv rows become content files, checked exactly as `make check` does."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from support import LECTURE

from farun.authoring.sheets import excel_date, heading_key, split_list

ROOT = Path(__file__).resolve().parents[2]
HEAD = ["期数", "标题", "日期", "主讲人", "主讲人职务", "主题", "摘要", "时间", "地点", "视频", "课件", "涉及法规"]
GOOD = [
    [
        8,
        "《信访工作条例》解读",
        dt.datetime(2024, 5, 15),
        "张三",
        "政策法规处处长",
        "信访、依法行政",
        "解读条例要点。",
        "14:30-16:00",
        "三楼会议室",
        None,
        None,
        "信访工作条例；中华人民共和国行政复议法",
    ],
    [9, "安全生产法解读", "2024年6月3日", "李四", None, "安全生产", "讲安全生产法。", None, None, None, None, None],
]
BAD = [10, "第三讲", "2024/13/3", "王五", None, None, "摘要三。", None, None, "http://x.invalid/a.mp4", None, None]


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    # As staff run python -m farun: without the marker make sets for its own recipes.
    env = {
        **{k: v for k, v in os.environ.items() if k != "FARUN_VIA_MAKE"},
        "PYTHONPATH": str(ROOT / "scripts"),
        "SOURCE_DATE_EPOCH": "1764043200",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "farun", "--config", str(project / "mkdocs.yml"), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def lectures(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "docs/lectures").glob("*.md"))


def test_good_rows_become_valid_lecture_files(project, tmp_path):
    proj = project({})
    sheet = xlsx(tmp_path / "台账.xlsx", {"讲座": [HEAD] + GOOD})
    result = run(proj, "import", str(sheet))
    assert result.returncode == 0, result.stdout + result.stderr
    assert lectures(proj) == ["2024-05-di8qi.md", "2024-06-di9qi.md"]
    text = (proj / "docs/lectures/2024-05-di8qi.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 《信访工作条例》解读\ndate: 2024-05-15\nepisode: 8\nspeaker: 张三\n")
    assert "tags: [信访, 依法行政]\n" in text
    assert "laws: [《信访工作条例》, 《中华人民共和国行政复议法》]\n" in text
    assert "date: 2024-06-03" in (proj / "docs/lectures/2024-06-di9qi.md").read_text(encoding="utf-8")
    check = run(proj, "check")
    assert check.returncode == 0, check.stderr


def test_a_bad_row_blocks_everything_and_names_sheet_row_and_column(project, tmp_path):
    proj = project({})
    sheet = xlsx(tmp_path / "台账.xlsx", {"讲座": [HEAD] + GOOD + [BAD]})
    result = run(proj, "import", str(sheet))
    assert result.returncode == 1
    out = result.stdout
    assert (
        "台账.xlsx 工作表“讲座” 第4行 “日期”列：date（日期）不是有效的日期：“2024/13/3” 在日历上不存在，一年只有 12 个月，没有13月"
        in out
    )
    assert (
        "台账.xlsx 工作表“讲座” 第4行 “视频”列：video（视频）网址应以 https:// 开头，实际为 “http://x.invalid/a.mp4”"
        in out
    )
    assert "台账.xlsx 工作表“讲座” 第4行 “主题”列：缺少必填字段 tags（主题）" in out
    assert "没有写入任何文件" in out
    assert lectures(proj) == []
    assert f"python -m farun import {sheet} --partial 只导入没有问题的行" in out
    partial = run(proj, "import", str(sheet), "--partial")
    assert partial.returncode == 0, partial.stdout  # asked for: the good rows are in, the bad one is listed
    assert "已跳过 1 行（问题见上）：台账.xlsx 工作表“讲座” 第4行" in partial.stdout
    assert "导入完成：新建 2 个文件，跳过 1 行。" in partial.stdout
    assert lectures(proj) == ["2024-05-di8qi.md", "2024-06-di9qi.md"]


def test_duplicate_rows_and_clashing_episodes_are_reported(project, tmp_path):
    proj = project({"lectures/2023-03-old.md": LECTURE.replace("episode: 1", "episode: 9")})
    other = [8, "另一个标题", "2024-07-01", "赵六", None, "其他", "摘要。", None, None, None, None, None]
    sheet = xlsx(tmp_path / "t.xlsx", {"Sheet1": [HEAD, GOOD[0], GOOD[0], other, GOOD[1]]})
    out = run(proj, "import", str(sheet)).stdout
    assert "t.xlsx 工作表“Sheet1” 第3行：与第2行完全相同（重复的行，请删除其中一行）" in out
    assert "t.xlsx 工作表“Sheet1” 第4行 “期数”列：期数“8”与第2行重复" in out
    assert "t.xlsx 工作表“Sheet1” 第5行 “期数”列：期数 “9” 与 docs/lectures/2023-03-old.md 重复" in out
    assert lectures(proj) == ["2023-03-old.md"]


def test_reimport_never_overwrites_and_shows_what_differs(project, tmp_path):
    proj = project({})
    sheet = xlsx(tmp_path / "台账.xlsx", {"讲座": [HEAD] + GOOD})
    assert run(proj, "import", str(sheet)).returncode == 0
    target = proj / "docs/lectures/2024-05-di8qi.md"
    target.write_text(target.read_text(encoding="utf-8").replace("speaker: 张三", "speaker: 张三丰"), encoding="utf-8")
    again = run(proj, "import", str(sheet))
    assert again.returncode == 0, again.stdout
    assert f"已存在，内容相同，跳过：{proj / 'docs/lectures/2024-06-di9qi.md'}" in again.stdout
    assert f"已存在且内容不同，没有覆盖：{target}" in again.stdout
    assert "      -speaker: 张三丰" in again.stdout and "      +speaker: 张三" in again.stdout
    assert "speaker: 张三丰" in target.read_text(encoding="utf-8")
    assert "新建 0 个文件" in again.stdout


def test_headings_in_any_order_with_spaces_a_title_row_and_extra_columns(project, tmp_path):
    proj = project({})
    head = [" 摘要 ", "主讲人", "备注", "标题", "期数", "日期", "主题"]
    rows = [["法润交通云讲堂台账（2024年）"], head, ["摘要。", "张三", "内部备注", "标题一", "8", 45427, "信访"]]
    out = run(proj, "import", str(xlsx(tmp_path / "a.xlsx", {"讲座": rows}))).stdout
    assert "工作表“讲座”：以下列不导入：备注" in out
    text = (proj / "docs/lectures/2024-05-di8qi.md").read_text(encoding="utf-8")
    assert "date: 2024-05-15\nepisode: 8\n" in text and "内部备注" not in text


def test_csv_in_gbk_and_utf8_with_bom(project, tmp_path):
    proj = project({})
    rows = [",".join(HEAD), "8,信访条例解读,2024/5/15,张三,,信访、依法行政,解读。,,,,,"]
    gbk = tmp_path / "台账.csv"
    gbk.write_bytes("\r\n".join(rows).encode("gbk"))
    result = run(proj, "import", str(gbk))
    assert result.returncode == 0, result.stdout
    assert "speaker: 张三" in (proj / "docs/lectures/2024-05-di8qi.md").read_text(encoding="utf-8")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(
        (
            "\ufeff" + "\n".join([rows[0], rows[1].replace("8,信访", "9,安全").replace("2024/5/15", "2024年6月1日")])
        ).encode("utf-8")
    )
    assert run(proj, "import", str(bom)).returncode == 0
    assert lectures(proj) == ["2024-05-di8qi.md", "2024-06-di9qi.md"]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(("\n".join([rows[0], "10,标题,2024-02-30,张三,,主题,摘要,,,,,"])).encode("gbk"))
    assert (
        "bad.csv 第2行 “日期”列：date（日期）不是有效的日期：“2024-02-30” 在日历上不存在"
        in run(proj, "import", str(bad)).stdout
    )


PENALTY_HEAD = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚内容",
    "罚款金额（万元）",
    "处罚决定日期",
    "处罚机关",
    "公示截止期",
    "失信严重程度",
    "法定代表人",
]
LICENCE_HEAD = [
    "行政相对人名称",
    "统一社会信用代码",
    "行政许可决定书文号",
    "许可类别",
    "许可内容",
    "许可决定日期",
    "有效期自",
    "有效期至",
    "许可机关",
]


def test_penalty_and_licence_exports_become_notices(project, tmp_path):
    proj = project({})
    penalty = [
        "绍兴某运输有限公司",
        "法人及非法人组织",
        "91330602MA2JR7KT9L",
        "绍市交执罚〔2026〕77号",
        "超限运输",
        "车辆超限。",
        "《公路安全保护条例》第六十四条",
        "罚款伍仟元",
        0.5,
        dt.datetime(2026, 10, 5),
        "绍兴市交通运输行政执法队",
        "2027-10-05",
        "一般",
        "张大山",
    ]
    person = [
        "王小明",
        "自然人",
        None,
        "绍市交执罚〔2026〕78号",
        "非法营运",
        "事实。",
        "依据",
        "罚款",
        0.1,
        "2026-10-06",
        "绍兴市交通运输行政执法队",
        None,
        "一般",
        None,
    ]
    licence = [
        "诸暨某通信工程有限公司",
        "91330681MA2EN9GH45",
        "绍市交许〔2026〕41号",
        "普通",
        "准予穿越公路埋设通信管道。",
        "2026年10月12日",
        "2026-10-15",
        "长期",
        "绍兴市交通运输局",
    ]
    book = xlsx(tmp_path / "双公示.xlsx", {"处罚": [PENALTY_HEAD, penalty, person], "许可": [LICENCE_HEAD, licence]})
    first = run(proj, "import", str(book))
    assert first.returncode == 1
    assert (
        "双公示.xlsx 工作表“处罚” 第3行 “行政相对人名称”列：party（行政相对人名称）为自然人时只能公开姓氏，"
        "应写成 “王某” 或 “王**”，实际为 “王小明”"
    ) in first.stdout
    assert not (proj / "docs/notices").exists() or not list((proj / "docs/notices").glob("*.md"))
    book = xlsx(
        tmp_path / "双公示.xlsx",
        {"处罚": [PENALTY_HEAD, penalty, ["王某"] + person[1:]], "许可": [LICENCE_HEAD, licence]},
    )
    result = run(proj, "import", str(book))
    assert result.returncode == 0, result.stdout
    assert "以下列不导入：法定代表人" in result.stdout
    text = (proj / "docs/notices/2026-10-xzcf-2026-77.md").read_text(encoding="utf-8")
    for line in (
        "type: 行政处罚公示",
        "fine: 5000",
        "decision_date: 2026-10-05",
        "issuer: 绍兴市交通运输行政执法队",
        "title: 绍兴某运输有限公司行政处罚公示（绍市交执罚〔2026〕77号）",
        "expires: 2027-10-05",
    ):
        assert line + "\n" in text
    assert "张大山" not in text
    assert "fine: 1000\n" in (proj / "docs/notices/2026-10-xzcf-2026-78.md").read_text(encoding="utf-8")
    licence_text = (proj / "docs/notices/2026-10-xzxk-2026-41.md").read_text(encoding="utf-8")
    assert "valid_from: 2026-10-15\n" in licence_text and "valid_to" not in licence_text
    assert run(proj, "check").returncode == 0


def test_cell_helpers():
    assert heading_key(" 罚款金额（万元） ") == heading_key("罚款金额(万元)") == "罚款金额(万元)"
    assert excel_date(45427) == "2024-05-15"
    assert excel_date(dt.datetime(2024, 5, 15, 9, 30)) == "2024-05-15"
    assert excel_date("2023年3月15日") == excel_date("2023/3/15") == excel_date("2023.03.15") == "2023-03-15"
    assert excel_date("2023-02-30") == "2023-02-30"  # left for the schema to explain
    assert split_list("行政复议、依法行政；信访;安全") == ["行政复议", "依法行政", "信访", "安全"]


def test_the_file_validator_never_normalises_dates(project):
    proj = project({"lectures/a.md": LECTURE.replace("date: 2023-03-15", "date: 2023年3月15日")})
    assert run(proj, "check").returncode == 1
