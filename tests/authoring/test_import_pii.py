"""The spreadsheet import checks for personal information before writing anything (issue 12, point 5)."""

from __future__ import annotations

import datetime as dt
import re

from test_import import PENALTY_HEAD, run, xlsx

ID18, MOBILE = "33010619850612231X", "15958126600"


def _penalty(
    party="绍兴某运输有限公司", facts="车辆超限。", number="绍市交执罚〔2026〕77号", date=dt.datetime(2026, 10, 5)
):
    return [
        party,
        "法人及非法人组织",
        "91330602MA2JR7KT9L",
        number,
        "超限运输",
        facts,
        "《公路安全保护条例》第六十四条",
        "罚款伍仟元",
        0.5,
        date,
        "绍兴市交通运输行政执法队",
        "2027-10-05",
        "一般",
        "张大山 13812345678",
    ]


def test_rows_with_personal_numbers_are_bad_rows_and_nothing_is_written(project, tmp_path):
    proj = project({})
    rows = [
        PENALTY_HEAD,
        _penalty(),
        _penalty(facts="驾驶员（电话 159-5812-6600）驾驶车辆超限。", number="绍市交执罚〔2026〕78号"),
        _penalty(party=f"绍兴某物流有限公司 {ID18[:6]} {ID18[6:14]} {ID18[14:]}", number="绍市交执罚〔2026〕79号"),
        _penalty(
            facts=int(ID18[:17] + "5"), number="绍市交执罚〔2026〕80号"
        ),  # a number cell: the ID as Excel stores it
        _penalty(
            facts="电话 壹伍玖 :material-numeric-5: :eight: ❶❷•❻❻⓿⓿。", number="绍市交执罚〔2026〕81号"
        ),  # drawn digits
        _penalty(facts="银行卡 621700 1234567890122。", number="绍市交执罚〔2026〕82号"),
    ]
    book = xlsx(tmp_path / "双公示.xlsx", {"处罚": rows})
    result = run(proj, "import", str(book))
    out = result.stdout + result.stderr
    assert result.returncode == 1
    for number in (MOBILE, ID18, ID18[:17] + "5", "13812345678"):
        assert number not in out
    assert (
        "双公示.xlsx 工作表“处罚” 第3行 “违法事实”列：含有手机号码 159****6600：个人信息不得公开"
        "（建议：改写为 159****6600，或删除；如确为可公开的单位服务号码，可加入 mkdocs.yml 的 extra.pii_allowlist）"
    ) in out
    assert (
        "双公示.xlsx 工作表“处罚” 第4行 “行政相对人名称”列：含有居民身份证号码 330106********231X：个人信息不得公开"
        in out
    )
    # Excel keeps 15 significant digits: the ID comes back with its last digits changed, still an ID to block.
    assert re.search(
        r"双公示\.xlsx 工作表“处罚” 第5行 “违法事实”列：含有疑似身份证号（校验位不符） 330106\*{8}\d{3}[0-9X]：个人信息不得公开",
        out,
    )
    assert "双公示.xlsx 工作表“处罚” 第6行 “违法事实”列：含有手机号码 159****6600：个人信息不得公开" in out
    assert "双公示.xlsx 工作表“处罚” 第7行 “违法事实”列：含有银行卡号 6217***********0122：个人信息不得公开" in out
    assert "法定代表人" in out and "第2行" not in out.split("发现")[1]  # a column that is not imported is not checked
    assert not (proj / "docs/notices").exists() or not list((proj / "docs/notices").glob("*.md"))

    partial = run(proj, "import", str(book), "--partial")  # PARTIAL=1: only the clean row is written
    assert partial.returncode == 0, partial.stdout
    written = sorted(p.name for p in (proj / "docs/notices").glob("*.md"))
    assert written == ["2026-10-xzcf-2026-77.md"]
    assert MOBILE not in (proj / "docs/notices" / written[0]).read_text(encoding="utf-8")


def test_allowlisted_service_numbers_pass(project, tmp_path):
    proj = project({})
    config = proj / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("pii_allowlist: []", 'pii_allowlist: ["159 5812 6600"]'),
        encoding="utf-8",
    )
    book = xlsx(tmp_path / "双公示.xlsx", {"处罚": [PENALTY_HEAD, _penalty(facts="举报电话 159-5812-6600。")]})
    result = run(proj, "import", str(book))
    assert result.returncode == 0, result.stdout
