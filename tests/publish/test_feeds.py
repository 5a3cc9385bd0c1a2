"""Feeds, calendar, lectures.json, robots.txt, sitemap, 网站地图, 政府网站 metadata, freshness."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from farun.publish import searchindex
from support import TEST_DAY, epoch_for, make_project, mkdocs_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "https://example.gov.cn/fxjt/"


def lecture(episode: int, day: str, title: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: {day}\nepisode: {episode}\nspeaker: 王主讲\nspeaker_title: 法规处处长\n"
        f'summary: {title}的摘要。\ntags: [依法行政]\ntime: "14:30-16:00"\nvenue: 三楼会议室\n{extra}---\n\n正文。\n'
    )


def notice(day: str, title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {day}\ntype: 通知\nissuer: 绍兴市交通运输局办公室\n{extra}---\n\n正文。\n"


FILES = {
    "lectures/2026-03-guoqu.md": lecture(1, "2026-03-10", "往期讲座甲"),
    "lectures/2026-12-jijiang.md": lecture(2, "2026-12-08", "即将开讲乙"),
    "lectures/2026-05-caogao.md": lecture(3, "2026-05-01", "草稿讲座丙", "draft: true\n"),
    "lectures/2026-06-weifabu.md": lecture(4, "2026-06-01", "未到发布日讲座丁", "publish: 2027-01-01\n"),
    "notices/2026-11-tongzhi.md": notice("2026-11-20", "已发布通知戊"),
    "notices/2026-10-caogao.md": notice("2026-10-01", "草稿通知己", "draft: true\n"),
    "notices/2026-10-weifabu.md": notice("2026-10-02", "未到发布日通知庚", "publish: 2027-02-01\n"),
}
PUBLIC = ["往期讲座甲", "即将开讲乙", "已发布通知戊"]
HIDDEN = ["草稿讲座丙", "未到发布日讲座丁", "草稿通知己", "未到发布日通知庚"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The tiny project built with SITE_URL under a sub-path, as of TEST_DAY."""
    root = tmp_path_factory.mktemp("feeds")
    proj = make_project(root / "proj", FILES)
    out = root / "site"
    result = mkdocs_build(proj, out, extra_env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    return out


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _atom_entries(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    return root.findall(f"{ATOM}entry")


def test_atom_feeds_list_published_items_with_absolute_links(site):
    lectures = _atom_entries(site / "feeds/lectures.xml")
    assert [e.findtext(f"{ATOM}title") for e in lectures] == ["第2期｜即将开讲乙", "第1期｜往期讲座甲"]
    notices = _atom_entries(site / "feeds/notices.xml")
    assert [e.findtext(f"{ATOM}title") for e in notices] == ["已发布通知戊"]
    for entry in lectures + notices:
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(SITE_URL) and entry.findtext(f"{ATOM}id") == href
        assert (site / href.removeprefix(SITE_URL) / "index.html").is_file(), href
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))  # RFC 3339
    assert notices[0].findtext(f"{ATOM}author/{ATOM}name") == "绍兴市交通运输局办公室"


def test_calendar_has_upcoming_lectures_in_shanghai_time(site):
    raw = (site / "feeds/lectures.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "RFC 5545 folds lines at 75 octets"
    assert b"\n" not in raw.replace(b"\r\n", b"")
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
    zones = [c for c in cal.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Asia/Shanghai"]
    events = cal.walk("VEVENT")
    # a year of past sessions stays (第1期, 2026-03-10), the upcoming ones follow; drafts and embargoed never
    assert [str(e["SUMMARY"]) for e in events] == ["法润交通云讲堂第1期：往期讲座甲", "法润交通云讲堂第2期：即将开讲乙"]
    event = events[1]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime(2026, 12, 8, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert end - start == dt.timedelta(minutes=90)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert str(event["UID"]) == "farun-lecture-2@example.gov.cn"
    assert str(event["LOCATION"]) == "三楼会议室"
    assert event.decoded("DTSTAMP").tzinfo is not None


def test_lectures_json_holds_every_published_lecture(site):
    data = json.loads(_text(site / "data/lectures.json"))
    assert data["count"] == 2
    assert [(x["episode"], x["title"], x["upcoming"]) for x in data["lectures"]] == [
        (1, "往期讲座甲", False),
        (2, "即将开讲乙", True),
    ]
    first = data["lectures"][0]
    assert first["url"] == SITE_URL + "lectures/2026-03-guoqu/"
    assert first["speaker"] == "王主讲" and first["date"] == "2026-03-10" and first["tags"] == ["依法行政"]


def test_robots_names_the_sitemap_and_the_sitemap_only_published_pages(site):
    assert not (site / "robots.txt").exists()  # under a sub-path crawlers never read it (test_feed_dates.py)
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert SITE_URL + "lectures/2026-03-guoqu/" in locs and SITE_URL + "site-map/" in locs
    for loc in locs:
        assert loc.startswith(SITE_URL)
        assert (site / unquote(loc.removeprefix(SITE_URL)) / "index.html").is_file(), loc
    for hidden in (
        "lectures/2026-05-caogao/",
        "lectures/2026-06-weifabu/",
        "notices/2026-10-caogao/",
        "notices/2026-10-weifabu/",
    ):
        assert SITE_URL + hidden not in locs
        assert not (site / hidden).exists()


def test_hidden_items_appear_in_no_feed_or_listing(site):
    outputs = [
        "feeds/lectures.xml",
        "feeds/notices.xml",
        "feeds/lectures.ics",
        "data/lectures.json",
        "sitemap.xml",
        "site-map/index.html",
        "index.html",
    ]
    texts = {name: _text(site / name) for name in outputs}
    texts["search"] = json.dumps(searchindex.read(site), ensure_ascii=False)  # every shard
    for title in HIDDEN:
        for name, text in texts.items():
            assert title not in text, f"{title} in {name}"
    for title in PUBLIC:
        assert title in texts["site-map/index.html"]


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.alternates: list[dict] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name"):
            self.meta[attrs["name"]] = attrs.get("content", "")
        if tag == "link" and "alternate" in attrs.get("rel", "").split():
            self.alternates.append(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(_text(path))
    return parser


def test_government_metadata_on_every_page(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        head = _head(page)
        assert head.meta["SiteName"] == "绍兴市交通运输局", page
        assert head.meta["SiteDomain"] == "example.gov.cn", page
        assert head.meta["SiteIDCode"] == "3306000000", page
        assert head.meta["ColumnName"] and head.meta["ColumnType"], page
        feeds = {a["href"].rsplit("/", 2)[-2] + "/" + a["href"].rsplit("/", 1)[-1] for a in head.alternates}
        assert {"feeds/lectures.xml", "feeds/notices.xml"} <= feeds, page
        here = SITE_URL + page.relative_to(site).as_posix()
        assert SITE_URL + "site-map/" in {urljoin(here, link) for link in head.links}, f"{page}: 网站地图 link"
    item = _head(site / "notices/2026-11-tongzhi/index.html").meta
    assert item["ColumnName"] == "公示公告" and item["ColumnType"] == "通知公告"
    assert item["ArticleTitle"] == "已发布通知戊"
    assert item["PubDate"] == "2026-11-20 00:00"
    assert item["ContentSource"] == "绍兴市交通运输局办公室"
    lec = _head(site / "lectures/2026-03-guoqu/index.html").meta
    assert lec["ArticleTitle"] == "往期讲座甲" and lec["PubDate"] == "2026-03-10 00:00"
    assert lec["ContentSource"] == "绍兴市交通运输局" and lec["ColumnType"] == "政策解读"
    assert "ArticleTitle" not in _head(site / "index.html").meta


def test_site_map_page_links_every_section_and_item(site):
    head = _head(site / "site-map/index.html")
    targets = {link.split("#")[0] for link in head.links}
    for expected in (
        "../lectures/",
        "../cases/",
        "../notices/",
        "../laws/",
        "../lectures/2026-03-guoqu/",
        "../lectures/2026-12-jijiang/",
        "../notices/2026-11-tongzhi/",
        "../feeds/lectures.ics",
        "../data/lectures.json",
    ):
        assert expected in targets, expected


# --- freshness guard -------------------------------------------------------------------------


def _build_output(tmp_path: Path, files: dict, day: dt.date) -> subprocess.CompletedProcess:
    """``python -m farun build`` as operators run it (MkDocs logs INFO there, unlike ``-q``)."""
    proj = make_project(tmp_path / "proj", files)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch_for(day)), "PYTHONPATH": str(proj / "scripts")}
    cmd = [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "build"]
    return subprocess.run(cmd, cwd=proj, env=env, capture_output=True, text=True)


def test_stale_column_warns_in_chinese_without_failing_the_strict_build(tmp_path):
    files = {
        "notices/2026-01-old.md": notice("2026-01-05", "旧通知"),
        "lectures/2026-02-old.md": lecture(1, "2026-02-01", "旧讲座"),
    }
    result = _build_output(tmp_path, files, TEST_DAY)
    assert result.returncode == 0, result.stderr
    reminders = [line for line in result.stderr.splitlines() if "提醒" in line]
    assert any("最新一条公告发布于 2026年1月5日" in r and "超过 5 个月" in r for r in reminders), result.stderr
    assert any("最近 2 周" in r and "最近一次发布是 2026年2月1日" in r for r in reminders), result.stderr
    assert "WARNING -" not in result.stderr


def test_fresh_column_builds_without_reminders(tmp_path):
    files = {"notices/2026-11-new.md": notice("2026-11-20", "新通知")}
    result = _build_output(tmp_path, files, TEST_DAY)
    assert result.returncode == 0, result.stderr
    assert "提醒" not in result.stderr


@pytest.mark.parametrize(
    ("notice_day", "other_day", "expected"),
    [
        ("2026-06-25", "2026-11-11", []),  # exactly 5 months, exactly 2 weeks: still fine
        ("2026-06-24", "2026-11-11", ["5 个月"]),  # one day over 5 months
        ("2026-06-25", "2026-11-10", ["2 周"]),  # one day over 2 weeks
        ("2026-06-24", "2026-11-10", ["5 个月", "2 周"]),
    ],
)
def test_freshness_thresholds(tmp_path, notice_day, other_day, expected):
    from farun.site.govmeta import freshness_warnings

    files = {"notices/n.md": notice(notice_day, "通知"), "lectures/l.md": lecture(1, other_day, "讲座")}
    warnings = freshness_warnings(_collection(tmp_path, files, TEST_DAY))
    assert [w for w in warnings if not w.startswith("提醒：")] == []
    assert [key for key in ("5 个月", "2 周") if any(key in w for w in warnings)] == expected


def _collection(tmp_path: Path, files: dict, day: dt.date):
    from farun.cli import read_config
    from farun.site.engine import validate
    from farun.content.settings import load_settings

    proj = make_project(tmp_path / "proj", files)
    settings = load_settings(read_config(proj / "mkdocs.yml")["extra"])
    coll, errors = validate(proj / "docs", settings, day)
    assert not errors, errors
    return coll


def test_sample_items_without_a_page_are_in_no_feed(built_site):
    """Whatever the build withholds (draft, embargo, withdrawn penalty notice) is absent from every output."""
    docs = Path(__file__).resolve().parents[2] / "docs"
    withheld = [
        p
        for folder in ("lectures", "cases", "notices")
        for p in sorted((docs / folder).glob("*.md"))
        if p.stem != "index" and not (built_site / folder / p.stem / "index.html").exists()
    ]
    assert withheld, "the sample site should withhold at least one item (the expired penalty notice)"
    outputs = {
        name: _text(built_site / name)
        for name in (
            "feeds/lectures.xml",
            "feeds/notices.xml",
            "feeds/lectures.ics",
            "data/lectures.json",
            "sitemap.xml",
            "site-map/index.html",
        )
    }
    for path in withheld:
        for name, text in outputs.items():
            assert f"/{path.stem}/" not in text and f"{path.stem}@" not in text, f"{path.name} in {name}"


def test_a_feed_carries_the_newest_entries_only(tmp_path):
    """A reader polls the feed: its weight stays the same however many items the site has."""
    from farun.cli import read_config
    from farun.content.settings import load_settings
    from farun.publish import feeds
    from farun.site.engine import prepare

    days = [dt.date(2025, 1, 1) + dt.timedelta(days=3 * k) for k in range(feeds.FEED_ENTRIES + 7)]
    files = {
        f"lectures/jiangzuo-{k:03d}.md": lecture(k + 1, day.isoformat(), f"第{k + 1}讲题目")
        for k, day in enumerate(days)
    }
    proj = make_project(tmp_path, files)
    settings = load_settings(read_config(proj / "mkdocs.yml")["extra"])
    site = prepare(proj / "docs", settings, TEST_DAY, SITE_URL)
    root = ET.fromstring(feeds.atom_feed(site, "lectures"))
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    newest = [f"第{k}期｜第{k}讲题目" for k in range(feeds.FEED_ENTRIES + 7, 7, -1)]
    assert titles == newest
