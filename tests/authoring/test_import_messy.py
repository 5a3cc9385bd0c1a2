"""Issue 23 point 4: a messy office 台账 (merged cells, 元/万元 in headings and cells, several problems per row)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, strategies as st
from openpyxl import Workbook

from support import farun

from farun.authoring.sheets import money

HEAD = [
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
]


def row(n: int, fine, party: str = "绍兴某运输有限公司", code: str = "91330602MA2JR7KT9L") -> list:
    return [
        party,
        "法人及非法人组织",
        code,
        f"绍市交执罚〔2026〕7{n}号",
        "超限运输",
        "车辆超限。",
        "《公路安全保护条例》第六十四条",
        "罚款",
        fine,
        dt.datetime(2026, 10, 5),
        "绍兴市交通运输行政执法队",
        "2027-10-05",
        "一般",
    ]


def test_merged_cells_are_filled_and_units_read_from_the_cell_and_the_heading(project, tmp_path):
    proj = project({})
    book = Workbook()
    sheet = book.active
    sheet.title = "处罚"
    sheet.append(["2026年行政处罚双公示台账"])
    sheet.merge_cells("A1:M1")  # a title row across the table
    sheet.append(HEAD)
    sheet.append(row(1, 0.3))  # 0.3 万元 by the heading
    sheet.append(row(2, "0.3万元", code=None))  # the cell says 万元 too; 统一社会信用代码 merged from row 3
    sheet.append(row(3, "5,000元", code=None))  # the cell's own unit wins over the heading's
    for column in "CKLM":  # 统一社会信用代码, 处罚机关, 公示截止期, 失信严重程度 typed once for three rows
        sheet.merge_cells(f"{column}3:{column}5")  # Excel (and openpyxl) keep the value in C3 only
    book.save(tmp_path / "台账.xlsx")
    result = farun(proj, "import", str(tmp_path / "台账.xlsx"))
    assert result.returncode == 0, result.stdout + result.stderr
    notices = proj / "docs/notices"
    fines = {n: (notices / f"2026-10-xzcf-2026-7{n}.md").read_text(encoding="utf-8") for n in (1, 2, 3)}
    assert "fine: 3000\n" in fines[1] and "fine: 3000\n" in fines[2] and "fine: 5000\n" in fines[3]
    for text in fines.values():
        assert "authority: 绍兴市交通运输行政执法队\n" in text and "severity: 一般\n" in text
        assert "expires: 2027-10-05\n" in text and "credit_code: 91330602MA2JR7KT9L\n" in text
    assert farun(proj, "check").returncode == 0


def test_a_bad_amount_is_explained_in_the_column_unit_and_every_problem_of_a_row_is_listed(project, tmp_path):
    proj = project({})
    book = Workbook()
    sheet = book.active
    sheet.title = "处罚"
    sheet.append(HEAD)
    sheet.append(row(1, 0.5))
    bad = row(1, "三千元")  # same 决定书文号 as row 2, a bad amount and a bad date
    bad[9] = "2026/13/5"
    sheet.append(bad)
    book.save(tmp_path / "台账.xlsx")
    result = farun(proj, "import", str(tmp_path / "台账.xlsx"))
    assert result.returncode == 1
    lines = [line.strip() for line in result.stdout.splitlines() if "第3行" in line]
    assert (
        lines[0] == "台账.xlsx 工作表“处罚” 第3行 “行政处罚决定书文号”列：决定书文号“绍市交执罚〔2026〕71号”与第2行重复"
    )
    assert (
        "台账.xlsx 工作表“处罚” 第3行 “罚款金额（万元）”列：fine（罚款金额）应为金额数字（这一列的单位是万元，"
        "单元格里也可以写明“元”或“万元”），例如 0.5（即 5000 元），实际为 “三千元”"
    ) in lines
    assert any(
        line.startswith("台账.xlsx 工作表“处罚” 第3行 “处罚决定日期”列：decision_date（决定日期）不是有效的日期")
        for line in lines
    ), lines
    assert "5000 万元" not in result.stdout and "例如 5000，" not in result.stdout


@given(yuan=st.integers(min_value=0, max_value=10**7), spaced=st.booleans())
def test_money_is_the_same_amount_however_the_unit_is_written(yuan, spaced):
    gap = " " if spaced else ""
    wan = Decimal(yuan) / 10000
    for cell, heading in (
        (yuan, "罚款金额（元）"),
        (f"{yuan:,}{gap}元", "罚款金额（万元）"),
        (f"{yuan}元", "罚款金额"),
        (f"{wan}{gap}万元", "罚款金额（元）"),
        (str(wan), "罚款金额（万元）"),
        (float(wan), "罚款金额(万元)"),
    ):
        amount, problem = money(cell, heading)
        assert problem is None and amount == yuan, (cell, heading, amount)


def test_countless_overlapping_merges_are_refused_in_chinese_not_ground_through():
    import pytest

    from farun.authoring.sheets import MAX_COLUMNS, MAX_ROWS, SheetError, fill_merged

    rows = [(n, ["甲"] * MAX_COLUMNS) for n in range(1, MAX_ROWS + 1)]
    with pytest.raises(SheetError, match="^台账.xlsx 的合并单元格过多，不像是正常的台账"):
        fill_merged(rows, [(1, 1, 1_048_576, 16_384)] * 3, "台账.xlsx")
    small = fill_merged([(2, ["甲", None]), (3, [None]), (9, ["乙"])], [(2, 1, 4, 2)], "t.xlsx")
    assert small == [(2, ["甲", "甲"]), (3, ["甲", "甲"]), (9, ["乙"])]
