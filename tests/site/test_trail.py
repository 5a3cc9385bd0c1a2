"""当前位置: the trail of every kind of page and the tab it marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support import CASE, LECTURE, ROOT, make_project  # noqa: F401

from farun.content.load import load_file
from farun.site.trail import Crumb, breadcrumb_list, section_folder, trail

SECTIONS = {"": "首页", "lectures": "云讲堂", "cases": "以案释法", "notices": "公示公告", "laws": "法规索引", "about": "关于"}
CONTEXT = {"categories": ["网约车与非法营运", "超限运输"], "today": dt.date(2026, 11, 25)}


def _record(tmp_path: Path, src_uri: str, text: str):
    target = tmp_path / "docs" / src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    record, errors = load_file(tmp_path / "docs", src_uri, CONTEXT)
    assert not errors, errors
    return record


def test_lecture_trail_names_the_episode(tmp_path):
    rec = _record(tmp_path, "lectures/2023-03-fuyi.md", LECTURE)
    assert trail(rec.src_uri, "", SECTIONS, rec) == [
        Crumb("首页", ""), Crumb("云讲堂", "lectures/"), Crumb("第1期 新修订《行政复议法》要点解读", None)]
    assert section_folder(rec.src_uri) == "lectures"


def test_case_trail_goes_through_its_category(tmp_path):
    rec = _record(tmp_path, "cases/2023-05-x.md", CASE)
    crumbs = trail(rec.src_uri, "", SECTIONS, rec)
    assert [c.name for c in crumbs] == ["首页", "以案释法", rec.meta.category, rec.meta.title]
    assert crumbs[2].url.startswith("cases/#") and crumbs[-1].url is None


def test_an_item_is_named_by_its_page_title(tmp_path):
    """A revoked decision's page has a title without the party's name; the trail uses that one."""
    rec = _record(tmp_path, "cases/2023-05-x.md", CASE)
    assert trail(rec.src_uri, "关于撤回行政处罚决定信息的说明", SECTIONS, rec)[-1] == Crumb("关于撤回行政处罚决定信息的说明", None)


def test_generated_pages_belong_to_their_section():
    assert trail("topics/网约车.md", "网约车", SECTIONS) == [
        Crumb("首页", ""), Crumb("云讲堂", "lectures/"), Crumb("全部主题", "topics/"), Crumb("网约车", None)]
    assert trail("speakers/index.md", "全部主讲人", SECTIONS) == [
        Crumb("首页", ""), Crumb("云讲堂", "lectures/"), Crumb("全部主讲人", None)]
    assert trail("archive/2023.md", "2023年讲座", SECTIONS) == [
        Crumb("首页", ""), Crumb("云讲堂", "lectures/"), Crumb("2023年讲座", None)]
    assert trail("lectures/index.md", "法润交通云讲堂", SECTIONS) == [Crumb("首页", ""), Crumb("云讲堂", None)]
    assert trail("laws/行政处罚法.md", "《行政处罚法》", SECTIONS)[-2:] == [Crumb("法规索引", "laws/"), Crumb("《行政处罚法》", None)]
    assert trail("about.md", "关于本专栏", SECTIONS) == [Crumb("首页", ""), Crumb("关于", None)]
    assert trail("site-map.md", "网站地图", SECTIONS) == [Crumb("首页", ""), Crumb("网站地图", None)]
    assert trail("index.md", "首页", SECTIONS) == []
    assert [section_folder(s) for s in ("topics/x.md", "speakers/x.md", "archive/2023.md", "about.md", "index.md", "404.md")] == [
        "lectures", "lectures", "lectures", "about", "", None]


def test_breadcrumb_list_is_schema_org_with_absolute_urls():
    crumbs = trail("topics/网约车.md", "网约车", SECTIONS)
    data = breadcrumb_list(crumbs, "https://example.gov.cn/fxjt/", "topics/网约车/")
    assert data["@type"] == "BreadcrumbList"
    assert [e["position"] for e in data["itemListElement"]] == [1, 2, 3, 4]
    assert [e["item"] for e in data["itemListElement"]] == [
        "https://example.gov.cn/fxjt/", "https://example.gov.cn/fxjt/lectures/",
        "https://example.gov.cn/fxjt/topics/", "https://example.gov.cn/fxjt/topics/网约车/"]
    assert breadcrumb_list([], "https://example.gov.cn/", "") is None
    assert breadcrumb_list(crumbs, "", "topics/网约车/") is None


def test_a_years_statistics_go_through_the_statistics_page():
    assert trail("stats/2026/index.md", "2026年度统计", SECTIONS) == [Crumb("首页", ""), Crumb("年度统计", "stats/"), Crumb("2026年度统计", None)]
    assert trail("stats/index.md", "年度统计", SECTIONS) == [Crumb("首页", ""), Crumb("年度统计", None)]
