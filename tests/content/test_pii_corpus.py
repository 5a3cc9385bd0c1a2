"""Ordinary numbers of a transport bureau's pages that must never be flagged as personal information.

Each line is written the way staff, office software and the bureau's own documents write it; the
whole corpus is also read as one page (HTML cells side by side) and as one line, since the detector
joins digit groups across separators.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from farun.pii.checkdigits import CREDIT_CHARSET, credit_check_char
from farun.pii.numbers import find
from farun.pii.text import channels

CORPUS = {
    "文号": [
        "绍市交〔2023〕12号",
        "浙交〔2024〕108号",
        "绍市交执〔2026〕126号",
        "绍政办发〔2023〕15号",
        "交公路发〔2023〕161号",
        "浙交执罚〔2026〕0575 号",
        "绍市交执罚决字〔2026〕第 330600012 号",
        "交通运输部令 2023 年第 4 号",
    ],
    "案号": [
        "（2023）浙0602行初123号",
        "(2024)浙06行终45号",
        "（2023）浙0602执1234号",
        "(2022) 浙 0603 行审 88 号",
        "绍交执罚〔2026〕126-3 号",
        "案件编号 3306002026000126",
        "受理编号 330600202311150012",
        "许可编号 330600-20260915-0003",
    ],
    "统一社会信用代码": [
        "91330603MA2BW4LE4C",
        "913306001234500208",
        "11330600002482039E",
        "12330600470114876N",
        "91 3306 0314 3561 892F",
        "52330602MJ9270184B",
    ],
    "道路运输证号": [
        "浙交运管许可绍字 330600012345 号",
        "道路运输证号：330602123456",
        "经营许可证号 330600200101",
        "从业资格证号 330602-2023-0001",
        "营运证 330621 001234",
    ],
    "VIN": ["LSVAU2180N2183294", "LFV2A21K8F4123456", "LGWEF4A58JF123456", "车架号 LSGPC52U1AF123456"],
    "服务号码": [
        "12328",
        "0575-12328",
        "0575-85130000",
        "(0575)85130000",
        "0575 8513 0000",
        "0575—8513 0000",
        "400-800-1234",
        "95105-555",
        "110、119、120、122",
        "12345 政务服务热线",
        "传真 0575-85138888",
        "0571-12328 / 0575-12328",
        "电话：0575-85130000、0575-85131111",
        "+86 575 8513 0000",
        "0086-575-85130000",
    ],
    "金额": [
        "罚款人民币伍仟元（5000元）",
        "罚款 ¥1,380,000.00",
        "50,000.00 元",
        "12,345,678.90 元",
        "罚款 200 元至 2000 元",
        "罚没款合计 1380000 元",
        "预算 13.8 亿元",
        "0.1385 万元",
    ],
    "日期": [
        "2023-06-12",
        "2023年6月12日",
        "2023.06.12",
        "2023/06/12 13:45",
        "2026-11-27 09:30:00",
        "20231215",
        "2023-06-12 至 2024-06-11",
        "2023.1.5—2023.12.31",
        "1985-06-12",
        "二〇二三年六月十二日",
    ],
    "邮编与地址": ["邮编 312000", "绍兴市越城区洋江西路 589 号 312000", "312000 / 312030 / 312300"],
    "车牌": ["浙D12345", "浙D·A1234", "浙D 12345 学", "浙DF12345", "车牌 浙D-8K123"],
    "ISBN": ["ISBN 978-7-5197-1234-5", "ISBN 978-7-114-18765-4", "ISBN 7-5036-3789-6", "ISBN 9787519712345"],
    "其他": [
        "第一百三十八条",
        "第 138 条第 2 款",
        "2023 年第 13 期",
        "浙ICP备05012345号-1",
        "浙公网安备 33060202000123号",
        "网站标识码 3306000023",
        "GB 11643-1999",
        "GB/T 2260-2007",
        "JT/T 1078-2016",
        "v1.38.12",
        "192.168.100.200",
        "第 1 2 3 4 5 6 7 8 9 10 11 12 页",
        "13:45—15:30",
        "138 人、1,234 辆、5678 次",
        "1/3、8/12",
        "138****5678",
        "330106********231X",
        "4111********1111",
        "坐标 120.58123, 30.0123",
    ],
    # Long numbers that are no card: no Luhn pass, no card prefix, or too long (issue 22.4).
    "订单与流水号": [
        "订单号 6200123456789012",
        "订单号 6200 1234 5678 9012",
        "订单号 620012 3456789012",
        "交易单号 4200001234567890123",
        "缴款码 9100 2026 1125 0001 23",
        "订单号 5512-3456-7890-1234",
        "6222 0210 0112 2334 459（校验不符）",
        "微信支付单号 4200002026112512345678901234",
        "流水号 2026112512345678",
        "发票号码 044002100111 12345678",
    ],
    # Numerals and separators read by Unicode class (issue 27.2) in ordinary writing.
    "符号与数字": [
        "2026•11•25",
        "第 3 ‧ 4 节",
        "1 → 2 → 3",
        "评分 ★★★★☆ 4.5",
        "138○○○○5678",
        "王○○",
        "浙D○○○○○",
        "二○二三年六月十二日",
        "（一）（二）（三）",
        "㈠㈡㈢",
        "Ⅰ类 Ⅱ类 Ⅲ类",
        "①②③④⑤⑥⑦⑧⑨⑩",
        "第❶条 第❷条",
        "伍仟元 壹佰叁拾捌元整",
        "参加人数 一二〇 人",
        "油漆 三遍",
        "138●●●●5678",
        "159■■■■6600",
        "138×××××5678",
        "1/3 ⁄ 2/3",
        "版本 1•38•12",
    ],
}
LINES = [line for lines in CORPUS.values() for line in lines]


@pytest.mark.parametrize("line", LINES)
def test_ordinary_number_is_not_personal_information(line):
    assert find(line, latest_year=2026) == [], line


@pytest.mark.parametrize("kind", sorted(CORPUS))
def test_ordinary_numbers_side_by_side(kind):
    # As one paragraph, as table cells (a browser separates cells) and as lines of a text file.
    lines = CORPUS[kind]
    for text in ("；".join(lines), "\n".join(lines)):
        assert find(text, latest_year=2026) == [], text
    cells = "<table><tr>" + "".join(f"<td>{line}</td>" for line in lines) + "</tr></table>"
    items = "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
    assert find(channels(items, ".html")[0][1], latest_year=2026) == []
    assert find(channels(cells, ".html")[0][1], latest_year=2026) == []


def _credit_code(body: str) -> str:
    return body + credit_check_char(body)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from("123456789ANY"),
    st.sampled_from("1239"),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(CREDIT_CHARSET, min_size=9, max_size=9),
)
def test_credit_codes_never_flagged(register, kind, region, organisation):
    code = _credit_code(register + kind + region + organisation)
    hits = find(f"统一社会信用代码：{code}", latest_year=2026)
    # An all-digit code laid out exactly like an ID (province, birth date) is reported as one: rare, see README.
    assert all(h.kind.startswith("resident_id") for h in hits), code


@settings(max_examples=300, deadline=None)
@given(
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 99_999_999),
    st.integers(1, 9999),
    st.sampled_from(["-", ".", "/", "年"]),
)
def test_dates_amounts_and_document_numbers_never_flagged(day, cents, serial, sep):
    date = day.strftime(f"%Y{sep}%m{sep}%d")
    amount = f"{cents // 100:,}.{cents % 100:02d}"
    text = f"{date} 作出处罚决定 绍市交执罚〔{day.year}〕{serial}号，罚款 {amount} 元，邮编 312000，电话 0575-85130000"
    assert find(text, latest_year=2026) == [], text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ"), st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=5, max_size=6)
)
def test_plates_never_flagged(letter, rest):
    assert find(f"浙{letter}{rest} 浙{letter}·{rest}", latest_year=2026) == []
