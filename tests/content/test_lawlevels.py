"""法规索引: 效力层级 from the law's name (overridable in mkdocs.yml) and pinyin order."""

from __future__ import annotations

import pytest

from support import ROOT  # noqa: F401  (puts scripts/ on sys.path)

from farun.content.lawlevels import LEVELS, law_level, pinyin_key
from farun.content.settings import load_settings
from farun.runtime.errors import StaffError

BASE = {
    "bureau_name": "局",
    "bureau_sponsor": "局",
    "bureau_phone": "0575-85130000",
    "bureau_hotline": "12328",
    "bureau_address": "地址",
    "filing_icp": "浙ICP备1号",
    "filing_police": "浙公网安备 1号",
    "filing_site_code": "3306000000",
    "case_categories": ["超限运输"],
}


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("《中华人民共和国行政处罚法》", "法律"),
        ("行政复议法", "法律"),
        ("《中华人民共和国道路运输条例》", "行政法规"),
        ("《公路安全保护条例》", "行政法规"),
        ("《浙江省道路运输条例》", "地方性法规"),
        ("《绍兴市“枫桥经验”传承发展条例》", "地方性法规"),
        ("《宁波市轨道交通运营管理条例》（2021年修正）", "地方性法规"),
        ("《网络预约出租汽车经营服务管理暂行办法》", "规章"),
        ("《超限运输车辆行驶公路管理规定》", "规章"),
        ("《浙江省道路运输管理办法》", "规章"),
        ("《交通运输行政执法程序规定》", "规章"),
        ("《关于进一步规范交通运输行政处罚自由裁量权的指导意见》", "规范性文件"),
        ("《绍兴市交通运输局关于做好“跨省通办”工作的通知》", "规范性文件"),
    ],
)
def test_level_from_the_name(name, level):
    assert law_level(name) == level


def test_config_overrides_the_derived_level():
    overrides = {"《信访工作条例》": "规范性文件", "公路安全保护条例": "规章"}
    assert law_level("《信访工作条例》", overrides) == "规范性文件"
    assert law_level("《公路安全保护条例》", overrides) == "规章"
    assert law_level("《铁路安全管理条例》", overrides) == "行政法规"


def test_pinyin_order_not_code_point_order():
    names = [
        "《中华人民共和国道路运输条例》",
        "《危险化学品安全管理条例》",
        "《公路安全保护条例》",
        "《铁路安全管理条例》",
    ]
    assert sorted(names, key=pinyin_key) == [
        "《公路安全保护条例》",
        "《铁路安全管理条例》",
        "《危险化学品安全管理条例》",
        "《中华人民共和国道路运输条例》",
    ]
    assert sorted(names) != sorted(names, key=pinyin_key)  # code points put 中 before 公


def test_law_levels_setting_is_validated_in_chinese():
    assert load_settings({**BASE, "law_levels": {"《信访工作条例》": "行政法规"}}).law_levels == {
        "《信访工作条例》": "行政法规"
    }
    with pytest.raises(StaffError) as info:
        load_settings({**BASE, "law_levels": {"《信访工作条例》": "党内法规"}})
    message = str(info.value)
    assert "extra.law_levels.《信访工作条例》" in message and "党内法规" in message
    assert all(level in message for level in LEVELS)


def test_spellings_are_remembered_and_a_rebuild_needs_no_pypinyin(tmp_path, monkeypatch):
    import json
    import sys

    from farun.content import lawlevels

    names = ["《中华人民共和国行政处罚法》", "浙江省道路运输条例", "重庆市长江水上交通安全管理条例"]
    monkeypatch.setattr(lawlevels, "_SPELLED", {})
    fresh = [lawlevels.pinyin_key(n) for n in names]
    cache = tmp_path / ".cache" / "pinyin.json"
    monkeypatch.setattr(lawlevels, "_SPELLED", {})
    known = lawlevels.load(cache)
    assert [lawlevels.pinyin_key(n) for n in names] == fresh
    lawlevels.save(cache, known)
    assert set(json.loads(cache.read_text(encoding="utf-8"))["names"]) == {lawlevels._core(n) for n in names}
    monkeypatch.setattr(lawlevels, "_SPELLED", {})
    monkeypatch.setitem(sys.modules, "pypinyin", None)  # importing it now raises ImportError
    lawlevels.load(cache)
    assert [lawlevels.pinyin_key(n) for n in names] == fresh
    with pytest.raises(ImportError):
        lawlevels.pinyin_key("交通运输行政执法程序规定")  # a new name still needs it
    for broken in ("{not json", json.dumps({"pypinyin": "0.0", "names": {"浙江省道路运输条例": "x"}}), "[]"):
        cache.write_text(broken, encoding="utf-8")
        monkeypatch.setattr(lawlevels, "_SPELLED", {})
        monkeypatch.delitem(sys.modules, "pypinyin", raising=False)
        lawlevels.load(cache)  # unreadable or another pypinyin's: spelled again
        assert lawlevels.pinyin_key("浙江省道路运输条例") == fresh[1]
