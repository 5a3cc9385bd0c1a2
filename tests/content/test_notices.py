"""双公示 notices: schemas with exact Chinese messages, page tables, open data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from support import LICENCE, PENALTY

from farun.pii.checkdigits import CREDIT_CHARSET, credit_check_char, is_credit_code
from farun.cli import read_config
from farun.site.engine import validate
from farun.content.models import NOTICE_MODELS, notice_model
from farun.content.schema_notices import LicenceNotice, PenaltyNotice, publicity_range
from farun.content.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
TODAY = dt.date(2026, 11, 25)
P = "docs/notices/2026-09-chufa.md"


def problems(tmp_path: Path, text: str, name: str = "2026-09-chufa.md") -> list[str]:
    target = tmp_path / "docs" / "notices" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _, errors = validate(tmp_path / "docs", SETTINGS, TODAY)
    return [str(e) for e in sorted(errors)]


def test_valid_penalty_and_licence_pass(tmp_path):
    assert problems(tmp_path, PENALTY) == []
    assert problems(tmp_path, LICENCE, "2026-10-xuke.md") == []


def test_notice_type_picks_schema():
    assert notice_model({"type": "行政处罚公示"}) is PenaltyNotice
    assert notice_model({"type": "行政许可公示"}) is LicenceNotice
    assert NOTICE_MODELS["行政处罚公示"] is PenaltyNotice


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "party: 绍兴某顺物流有限公司\nparty_type: 法人及非法人组织\ncredit_code: 91330603MA2BW4LE4C",
            "party: 王小明\nparty_type: 自然人",
            f"{P}:6: party（行政相对人名称）为自然人时只能公开姓氏，应写成 “王某” 或 “王**”，实际为 “王小明”",
        ),
        (
            "party: 绍兴某顺物流有限公司\nparty_type: 法人及非法人组织",
            "party: 王某\nparty_type: 自然人",
            f"{P}:8: credit_code（统一社会信用代码）应删除：party_type（相对人类别）为 自然人 时不填统一社会信用代码，也不得公开身份证件号码",
        ),
        (
            "credit_code: 91330603MA2BW4LE4C\n",
            "",
            f"{P}:1: credit_code（统一社会信用代码）不能为空：party_type（相对人类别）为 法人及非法人组织 时必须填写 18 位统一社会信用代码",
        ),
        (
            "credit_code: 91330603MA2BW4LE4C",
            "credit_code: 91330603MA2BW4LE4D",
            f"{P}:8: credit_code（统一社会信用代码）校验码不符（GB 32100-2015）：按前 17 位计算，第 18 位应为 “C”，实际为 “D”；请对照营业执照核对全部 18 位",
        ),
        (
            "credit_code: 91330603MA2BW4LE4C",
            "credit_code: 91330603MA2BW4LE4",
            f"{P}:8: credit_code（统一社会信用代码）应为 18 位统一社会信用代码，实际为 17 位：“91330603MA2BW4LE4”",
        ),
        (
            "credit_code: 91330603MA2BW4LE4C",
            "credit_code: 91330603MA2BO4LE4C",
            f"{P}:8: credit_code（统一社会信用代码）含有不允许的字符 “O”（统一社会信用代码只用数字和大写字母，不用 I、O、S、V、Z）：“91330603MA2BO4LE4C”",
        ),
        (
            "expires: 2027-09-10",
            "expires: 2027-09-11",
            f"{P}:18: expires（公示截止日期）超出允许范围：失信程度为 一般 的处罚决定（决定日期 2026-09-10）公示截止日期应在 2026-12-10 至 2027-09-10 之间，实际为 2027-09-11",
        ),
        (
            "expires: 2027-09-10",
            "expires: 2026-12-09",
            f"{P}:18: expires（公示截止日期）超出允许范围：失信程度为 一般 的处罚决定（决定日期 2026-09-10）公示截止日期应在 2026-12-10 至 2027-09-10 之间，实际为 2026-12-09",
        ),
        (
            "severity: 一般\nexpires: 2027-09-10",
            "severity: 严重\nexpires: 2027-09-09",
            f"{P}:18: expires（公示截止日期）超出允许范围：失信程度为 严重 的处罚决定（决定日期 2026-09-10）公示截止日期应在 2027-09-10 至 2029-09-10 之间，实际为 2027-09-09",
        ),
        (
            "severity: 一般\nexpires: 2027-09-10",
            "severity: 严重\nexpires: 2029-09-11",
            f"{P}:18: expires（公示截止日期）超出允许范围：失信程度为 严重 的处罚决定（决定日期 2026-09-10）公示截止日期应在 2027-09-10 至 2029-09-10 之间，实际为 2029-09-11",
        ),
        ("severity: 一般", "severity: 较重", f"{P}:17: severity（失信程度）应为以下之一：一般、严重，实际为 “较重”"),
        (
            "party_type: 法人及非法人组织",
            "party_type: 企业",
            f"{P}:7: party_type（相对人类别）应为以下之一：法人及非法人组织、个体工商户、自然人，实际为 “企业”",
        ),
        ("fine: 5000", "fine: -5", f"{P}:14: fine（罚款金额）不能为负数，实际为 “-5”"),
        (
            "fine: 5000",
            "fine: 五千元",
            f"{P}:14: fine（罚款金额）应为金额数字（单位：元，只写数字），例如 5000，实际为 “五千元”",
        ),
        (
            "date: 2026-09-15",
            "date: 2026-09-09",
            f"{P}:3: date（日期）不能早于 decision_date（决定日期）2026-09-10：公示只能在作出决定之后发布",
        ),
        (
            "expires: 2027-09-10",
            "expires: 2027-09-10\nrevoked: {date: 2026-10-20}",
            f"{P}:19: revoked（撤回信息）.reason不能为空：撤回时写成 revoked: {{date: 撤销日期, reason: 撤回理由}}",
        ),
        (
            "expires: 2027-09-10",
            "expires: 2027-09-10\nrevoked: {date: 2026-09-01, reason: 复议撤销}",
            f"{P}:19: revoked（撤回信息）.date不能早于 decision_date（决定日期）2026-09-10，实际为 2026-09-01",
        ),
        (
            "violation: 车辆违法超限运输\n",
            "",
            f"{P}:1: 缺少必填字段 violation（违法行为类型）（建议：在 front matter 中加一行 violation: …）",
        ),
    ],
)
def test_penalty_messages(tmp_path, old, new, expected):
    assert old in PENALTY
    assert problems(tmp_path, PENALTY.replace(old, new)) == [expected]


L = "docs/notices/2026-10-xuke.md"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "valid_to: 2027-01-14",
            "valid_to: 2026-10-01",
            f"{L}:13: valid_to（有效期至）不能早于 valid_from（有效期自）2026-10-15，实际为 2026-10-01",
        ),
        (
            "licence_type: 普通",
            "licence_type: 一般",
            f"{L}:9: licence_type（许可类别）应为以下之一：普通、特许、认可、核准、登记、其他，实际为 “一般”",
        ),
        (
            "party: 诸暨某通信工程有限公司\ncredit_code: 91330681MA2EN9GH45",
            "party: 李四\nparty_type: 自然人",
            f"{L}:6: party（行政相对人名称）为自然人时只能公开姓氏，应写成 “李某” 或 “李**”，实际为 “李四”",
        ),
    ],
)
def test_licence_messages(tmp_path, old, new, expected):
    assert old in LICENCE
    assert problems(tmp_path, LICENCE.replace(old, new), "2026-10-xuke.md") == [expected]


@pytest.mark.parametrize("name", ["王某", "王某某", "王**", "王*", "欧阳某", "欧阳**"])
def test_masked_natural_person_passes(tmp_path, name):
    text = PENALTY.replace(
        "party: 绍兴某顺物流有限公司\nparty_type: 法人及非法人组织\ncredit_code: 91330603MA2BW4LE4C",
        f'party: "{name}"\nparty_type: 自然人',
    )
    assert problems(tmp_path, text) == []


def meta_of(text: str):
    from farun.content.frontmatter import parse

    doc, errors = parse(text.encode("utf-8"), P)
    assert not errors
    return PenaltyNotice.model_validate(doc.data)


@pytest.mark.parametrize("severity, expected", [("一般", dt.date(2027, 9, 10)), ("严重", dt.date(2029, 9, 10))])
def test_expires_defaults_by_severity(severity, expected):
    text = PENALTY.replace("severity: 一般\nexpires: 2027-09-10\n", f"severity: {severity}\n")
    assert meta_of(text).expires == expected


def test_publicity_bounds_are_inclusive_and_leap_day_safe():
    assert publicity_range(dt.date(2026, 9, 10), "一般") == (dt.date(2026, 12, 10), dt.date(2027, 9, 10))
    assert publicity_range(dt.date(2026, 9, 10), "严重") == (dt.date(2027, 9, 10), dt.date(2029, 9, 10))
    # 29 February plus one year is 28 February, not an error.
    assert publicity_range(dt.date(2028, 2, 29), "一般") == (dt.date(2028, 5, 29), dt.date(2029, 2, 28))
    for expires in ("2026-12-10", "2027-09-10"):
        assert meta_of(PENALTY.replace("expires: 2027-09-10", f"expires: {expires}")).expires.isoformat() == expires


def _independent_check_char(first17: str) -> str:
    # Weights are 3^i mod 31, computed here rather than copied from the module.
    total = sum(CREDIT_CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return CREDIT_CHARSET[-total % 31]


def test_credit_code_check_character():
    sample_codes = []
    for path in sorted((ROOT / "docs" / "notices").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("credit_code:"):
                sample_codes.append(line.split(":", 1)[1].strip())
    assert len(sample_codes) >= 4
    for code in sample_codes:
        assert is_credit_code(code), code
        assert _independent_check_char(code[:17]) == code[17] == credit_check_char(code[:17])
        wrong = [c for c in CREDIT_CHARSET if c != code[17]]
        assert not any(is_credit_code(code[:17] + c) for c in wrong)
    assert not is_credit_code("91330603MA2BW4LE4")
    assert not is_credit_code("91330603MA2BW4LE4I")


def test_sample_notices_validate_and_include_expired_and_revoked():
    coll, errors = validate(ROOT / "docs", SETTINGS, TODAY)
    assert errors == []
    penalties = [
        r for r in coll.items + [h for h, _ in coll.hidden] if r.kind == "notice" and r.meta.type == "行政处罚公示"
    ]
    licences = [r for r in coll.notices if r.meta.type == "行政许可公示"]
    assert len(penalties) >= 3 and len(licences) >= 2
    assert any(r.meta.revoked for r in penalties)
    assert any(r.meta.expires < TODAY for r in penalties)
    assert all(r.meta.title.startswith("示例") or r.meta.revoked for r in penalties + licences)


def test_json_schema_has_chinese_titles():
    schema = PenaltyNotice.model_json_schema()
    props = schema["properties"]
    assert props["credit_code"]["title"] == "统一社会信用代码"
    assert props["expires"]["title"] == "公示截止日期"
    assert "3 年" in props["expires"]["description"]
    assert set(props["party_type"]["enum"]) == {"法人及非法人组织", "个体工商户", "自然人"}
    assert LicenceNotice.model_json_schema()["properties"]["licence_type"]["title"] == "许可类别"


# --- the built sample site (TEST_DAY 2026-11-25) -------------------------------------------------


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_penalty_page_shows_table(built_site):
    page = _text(built_site / "notices" / "2026-09-chufa-chaoxian-yunshu" / "index.html")
    assert '<table class="fr-notice-table"' in page
    for cell in (
        '<th scope="row">统一社会信用代码</th><td>91330603MA2BW4LE4C</td>',
        '<th scope="row">罚款金额</th><td>5,000 元</td>',
        '<th scope="row">失信程度</th><td>一般</td>',
    ):
        assert cell in page
    licence = _text(built_site / "notices" / "2026-10-xuke-shelu-shigong" / "index.html")
    assert '<th scope="row">许可类别</th><td>普通</td>' in licence


def test_revoked_decision_shows_only_the_explanation(built_site):
    page = _text(built_site / "notices" / "2026-08-chufa-weixian-huowu-chexiao" / "index.html")
    assert "关于撤回行政处罚决定信息的说明（绍市交执罚〔2026〕103号）" in page
    assert "已于2026年10月20日被撤销" in page and "经行政复议，复议机关决定撤销原行政处罚决定" in page
    assert "《中华人民共和国行政处罚法》第四十八条" in page
    assert "fr-notice-table" not in page
    for detail in ("上虞某安", "91330604MA2KC6PU5K", "押运人员未能出示", "伍万元"):
        for path in built_site.rglob("*"):
            if path.suffix in {".html", ".json", ".xml", ".csv", ".ics", ".txt"}:
                assert detail not in _text(path), (detail, path)


def test_open_data_lists_exactly_the_public_decisions(built_site):
    raw = (built_site / "data" / "penalties.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted(r["行政处罚决定书文号"] for r in rows) == ["绍市交执罚〔2026〕126号", "绍市交执罚〔2026〕58号"]
    assert {r["公示截止期"] for r in rows} == {"2027-09-10", "2027-06-02"}
    data = json.loads(_text(built_site / "data" / "penalties.json"))
    assert [r["decision_no"] for r in data["records"]] == [r["行政处罚决定书文号"] for r in rows]
    assert data["fields"]["fine"] == "罚款金额（元）" and {r["fine"] for r in data["records"]} == {5000, 1000}
    licences = list(
        csv.DictReader(io.StringIO((built_site / "data" / "licences.csv").read_bytes().decode("utf-8-sig")))
    )
    assert sorted(r["行政许可决定书文号"] for r in licences) == ["绍市交许〔2026〕35号", "绍市交许〔2026〕41号"]
    index = _text(built_site / "notices" / "index.html")
    for name in ("penalties.csv", "penalties.json", "licences.csv", "licences.json"):
        assert f'href="../data/{name}"' in index


def test_expired_sample_is_withdrawn(built_site):
    assert not (built_site / "notices" / "2024-03-chufa-weixiu-beian").exists()
    for path in built_site.rglob("*"):
        if path.suffix in {".html", ".json", ".xml", ".csv", ".ics", ".txt"}:
            text = _text(path)
            assert "2024-03-chufa-weixiu-beian" not in text and "92330602MA2D8QF377" not in text, path
