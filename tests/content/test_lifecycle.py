"""What the law allows on the build day: time travel with SOURCE_DATE_EPOCH in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import penalty

from farun.runtime.clock import build_today
from farun.content.lifecycle import hidden_reason, notice_status

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# The penalty below is public up to and including 2027-01-10 (its ``expires`` day).
LAST_PUBLIC = int(dt.datetime(2027, 1, 10, 23, 59, 59, tzinfo=SHANGHAI).timestamp())
FIRST_WITHDRAWN = int(dt.datetime(2027, 1, 11, 0, 0, 0, tzinfo=SHANGHAI).timestamp())

PENALTY = penalty(
    extra="{extra}",
    title="示例｜甲乙物流公司超限运输行政处罚公示",
    date="2026-01-15",
    party="绍兴甲乙物流有限公司",
    decision_no="绍市交执罚〔2026〕7号",
    facts="甲乙标记事实：车货总质量超过限值。",
    decision_date="2026-01-10",
    expires=None,
)

CASE = """---
title: 示例｜{title}
date: 2026-05-20
category: 网约车与非法营运
laws: [《网络预约出租汽车经营服务管理暂行办法》]
summary: {title}的摘要。
tags: [{tag}]
{extra}---

## 案情简介

{title}正文。
"""

LECTURE = """---
title: 草稿讲座标记
date: 2026-03-15
episode: 1
speaker: 陈立新
summary: 草稿讲座标记摘要。
tags: [草稿讲座主题]
draft: true
---

## 讲座要点
"""

FILES = {
    "notices/2026-01-chufa-jiayi.md": PENALTY.format(extra=""),
    "notices/2026-02-chufa-chexiao.md": PENALTY.format(extra="revoked: {date: 2026-03-01, reason: 经行政复议撤销}\n")
    .replace("甲乙", "丙丁")
    .replace("〔2026〕7号", "〔2026〕8号")
    .replace("2026-01-10", "2026-01-12"),
    "cases/2026-05-caogao.md": CASE.format(title="草稿案例标记", tag="草稿专属主题", extra="draft: true\n"),
    "cases/2026-05-dingshi.md": CASE.format(title="定时发布标记", tag="定时专属主题", extra="publish: 2027-01-11\n"),
    "lectures/2026-03-caogao.md": LECTURE,
}
TEXT = {".html", ".json", ".xml", ".csv", ".txt", ".ics", ".atom", ".rss"}


def test_build_day_is_shanghai_day():
    assert build_today({"SOURCE_DATE_EPOCH": str(LAST_PUBLIC)}) == dt.date(2027, 1, 10)
    assert build_today({"SOURCE_DATE_EPOCH": str(FIRST_WITHDRAWN)}) == dt.date(2027, 1, 11)
    # 16:00 UTC is already the next day in Shanghai.
    assert dt.datetime.fromtimestamp(FIRST_WITHDRAWN, dt.timezone.utc).date() == dt.date(2027, 1, 10)


def build(project: Path, out: Path, epoch: int) -> subprocess.CompletedProcess:
    """A real strict build that keeps the INFO log (mkdocs_build runs with -q)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    cmd = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    result = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def mentions(site: Path, marker: str) -> list[str]:
    """Every published file whose path or text holds ``marker``."""
    found = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if marker in rel or (path.is_file() and path.suffix in TEXT and marker in path.read_text(encoding="utf-8")):
            found.append(rel)
    return found


@pytest.fixture(scope="module")
def two_days(tmp_path_factory):
    """The same content built on the last public day and on the first withdrawn day."""
    from support import make_project

    proj = make_project(tmp_path_factory.mktemp("life") / "proj", FILES)
    sites = {}
    for name, epoch in (("last", LAST_PUBLIC), ("first", FIRST_WITHDRAWN)):
        out = proj.parent / name
        sites[name] = (out, build(proj, out, epoch).stderr)
    return sites


def test_last_public_day_shows_the_decision_everywhere(two_days):
    site, _ = two_days["last"]
    assert (site / "notices" / "2026-01-chufa-jiayi" / "index.html").is_file()
    where = mentions(site, "2026-01-chufa-jiayi")
    for expected in (
        "notices/index.html",
        "search/farun-index-1.json",
        "sitemap.xml",
        "data/penalties.csv",
        "data/penalties.json",
    ):
        assert expected in where
    assert "甲乙标记事实" in (site / "data" / "penalties.csv").read_text(encoding="utf-8-sig")


def test_first_day_after_expiry_withdraws_it_everywhere(two_days):
    site, log = two_days["first"]
    assert not (site / "notices" / "2026-01-chufa-jiayi").exists()
    assert mentions(site, "2026-01-chufa-jiayi") == []
    assert mentions(site, "甲乙") == []
    assert mentions(site, "绍市交执罚〔2026〕7号") == []
    assert (
        "INFO    -  不发布 docs/notices/2026-01-chufa-jiayi.md：行政处罚公示期已满（公示截止 2027-01-10），自 2027-01-11 起撤下"
        in log
    )


def test_build_log_names_the_next_expiry_at_info_level(two_days):
    _, log = two_days["last"]
    assert (
        "INFO    -  下一次到期：2027-01-11 起 docs/notices/2026-01-chufa-jiayi.md 撤下"
        "（公示截止 2027-01-10，请每天重新构建）"
    ) in log
    assert "INFO    -  下一次定时发布：2027-01-11 起发布 docs/cases/2026-05-dingshi.md" in log
    assert "WARNING -" not in log
    _, later = two_days["first"]
    assert (
        "INFO    -  下一次到期：2027-01-13 起 docs/notices/2026-02-chufa-chexiao.md 撤下"
        "（公示截止 2027-01-12，请每天重新构建）"
    ) in later


def test_revoked_decision_keeps_only_the_explanation(two_days):
    site, log = two_days["last"]
    page = (site / "notices" / "2026-02-chufa-chexiao" / "index.html").read_text(encoding="utf-8")
    assert "关于撤回行政处罚决定信息的说明（绍市交执罚〔2026〕8号）" in page
    assert "已于2026年3月1日被撤销" in page and "撤销理由：经行政复议撤销" in page
    assert "第四十八条" in page and "已撤回" in page
    assert mentions(site, "丙丁") == []  # party and facts are gone from page, lists, search, exports
    assert "2026-02-chufa-chexiao" not in (site / "data" / "penalties.csv").read_text(encoding="utf-8-sig")
    assert "INFO    -  撤回 docs/notices/2026-02-chufa-chexiao.md：处罚决定已于 2026-03-01 撤销，只发布撤回说明" in log


def test_draft_is_published_nowhere(two_days):
    for name in ("last", "first"):
        site, log = two_days[name]
        for marker in (
            "草稿案例标记",
            "草稿专属主题",
            "2026-05-caogao",
            "草稿讲座标记",
            "草稿讲座主题",
            "2026-03-caogao",
        ):
            assert mentions(site, marker) == [], (name, marker)
        assert "INFO    -  不发布 docs/cases/2026-05-caogao.md：草稿（draft: true）" in log


def test_embargo_lifts_on_its_publish_day(two_days):
    before, log = two_days["last"]
    for marker in ("定时发布标记", "定时专属主题", "2026-05-dingshi"):
        assert mentions(before, marker) == [], marker
    assert "INFO    -  不发布 docs/cases/2026-05-dingshi.md：尚未到发布日期 2027-01-11" in log
    after, _ = two_days["first"]
    where = mentions(after, "2026-05-dingshi")
    for expected in (
        "cases/2026-05-dingshi/index.html",
        "cases/index.html",
        "search/farun-index-1.json",
        "sitemap.xml",
    ):
        assert expected in where
    assert (after / "topics" / "定时专属主题" / "index.html").is_file()


def test_other_notices_stay_online_marked_ended(tmp_path):
    from farun.cli import read_config
    from farun.site.engine import validate
    from farun.content.settings import load_settings

    root = Path(__file__).resolve().parents[2]
    settings = load_settings(read_config(root / "mkdocs.yml")["extra"])
    docs = tmp_path / "docs" / "notices"
    docs.mkdir(parents=True)
    (docs / "2026-01-gonggao.md").write_text(
        "---\ntitle: 公告\ndate: 2026-01-01\ntype: 公告\nissuer: 绍兴市交通运输局\nexpires: 2027-01-10\n---\n\n正文。\n",
        encoding="utf-8",
    )
    (docs / "2026-01-chufa.md").write_text(FILES["notices/2026-01-chufa-jiayi.md"], encoding="utf-8")
    for day, status, withdrawn in ((dt.date(2027, 1, 10), "公示中", False), (dt.date(2027, 1, 11), "已结束", True)):
        coll, errors = validate(tmp_path / "docs", settings, day)
        assert errors == []
        notice = next(r for r in coll.notices if r.slug == "2026-01-gonggao")
        assert notice_status(notice, day) == status
        assert (coll.get("notice", "2026-01-chufa") is None) is withdrawn
        penalty = next(r for r in coll.items + [h for h, _ in coll.hidden] if r.slug == "2026-01-chufa")
        assert (hidden_reason(penalty, day) is not None) is withdrawn
