"""Feeds and the sitemap date entries by their content: two build days, the same entries;
an edit (git), a publication or a revocation is what changes them. robots.txt only at the root."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import xml.etree.ElementTree as ET

from support import PENALTY, epoch_for, make_project, mkdocs_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def lecture(episode: int, day: str, title: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: {day}\nepisode: {episode}\nspeaker: 王主讲\n"
        f'summary: {title}的摘要。\ntags: [依法行政]\ntime: "14:30-16:00"\n{extra}---\n\n正文。\n'
    )


FILES = {
    "lectures/2026-03-guoqu.md": lecture(1, "2026-03-10", "往期讲座"),
    "lectures/2027-01-jijiang.md": lecture(2, "2027-01-08", "即将开讲的讲座"),
    "notices/2026-09-chufa.md": PENALTY,
    "notices/2026-08-chexiao.md": PENALTY.replace("2026-09-15", "2026-08-20")
    .replace("126号", "103号")
    .replace("decision_date: 2026-09-10", "decision_date: 2026-08-15")
    .replace("expires: 2027-09-10", "expires: 2027-08-15\nrevoked: {date: 2026-10-20, reason: 经行政复议撤销}"),
}


def build(proj, out, day: dt.date, site_url: str = "https://example.gov.cn/fxjt/"):
    result = mkdocs_build(proj, out, epoch=epoch_for(day), extra_env={"SITE_URL": site_url})
    assert result.returncode == 0, result.stderr
    return out


def entries(path) -> dict[str, tuple[str, str]]:
    root = ET.parse(path).getroot()
    return {
        e.find(f"{ATOM}title").text: (e.find(f"{ATOM}published").text, e.find(f"{ATOM}updated").text)
        for e in root.findall(f"{ATOM}entry")
    }


def lastmods(site) -> dict[str, str | None]:
    root = ET.parse(site / "sitemap.xml").getroot()
    return {
        u.find(f"{SITEMAP}loc").text: getattr(u.find(f"{SITEMAP}lastmod"), "text", None)
        for u in root.iter(f"{SITEMAP}url")
    }


def test_two_build_days_give_the_same_entries(tmp_path):
    proj = make_project(tmp_path / "proj", FILES)
    first = build(proj, tmp_path / "day1", dt.date(2026, 11, 25))
    second = build(proj, tmp_path / "day2", dt.date(2026, 11, 26))
    for feed in ("feeds/lectures.xml", "feeds/notices.xml", "feeds/lectures.ics", "sitemap.xml"):
        assert (first / feed).read_bytes() == (second / feed).read_bytes(), feed
    lectures = entries(first / "feeds" / "lectures.xml")
    assert lectures["第1期｜往期讲座"] == ("2026-03-10T00:00:00+08:00",) * 2
    # No git here: an upcoming lecture without `publish` is dated by its own date, not the build day.
    assert lectures["第2期｜即将开讲的讲座"] == ("2027-01-08T00:00:00+08:00",) * 2
    notices = entries(first / "feeds" / "notices.xml")
    revoked = next(v for k, v in notices.items() if "撤回" in k)
    assert revoked == ("2026-08-20T00:00:00+08:00", "2026-10-20T00:00:00+08:00")  # updated: the revocation
    days = lastmods(first)
    assert days["https://example.gov.cn/fxjt/lectures/2026-03-guoqu/"] == "2026-03-10"
    assert days["https://example.gov.cn/fxjt/notices/2026-08-chexiao/"] == "2026-10-20"
    assert "2026-11-25" not in days.values() and "2026-11-26" not in days.values()
    assert days["https://example.gov.cn/fxjt/lectures/"] == "2026-10-20"  # a list: its newest entry
    assert days["https://example.gov.cn/fxjt/about/"] is None  # nothing says when: no lastmod rather than a wrong one


def _git(proj, *args, day: str):
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{day}T10:00:00+08:00",
        "GIT_COMMITTER_DATE": f"{day}T10:00:00+08:00",
        "GIT_AUTHOR_NAME": "编辑",
        "GIT_AUTHOR_EMAIL": "editor@example.gov.cn",
        "GIT_COMMITTER_NAME": "编辑",
        "GIT_COMMITTER_EMAIL": "editor@example.gov.cn",
    }
    subprocess.run(["git", *args], cwd=proj, env=env, check=True, capture_output=True)


def test_git_dates_an_announcement_and_an_edit(tmp_path):
    proj = make_project(tmp_path / "proj", FILES)
    _git(proj, "init", "-q", day="2026-11-01")
    _git(proj, "add", "-A", day="2026-11-01")
    _git(proj, "commit", "-q", "-m", "内容", day="2026-11-01")
    site = build(proj, tmp_path / "a", dt.date(2026, 11, 25))
    lectures = entries(site / "feeds" / "lectures.xml")
    assert lectures["第2期｜即将开讲的讲座"] == ("2026-11-01T00:00:00+08:00",) * 2  # announced when committed
    assert lectures["第1期｜往期讲座"] == ("2026-03-10T00:00:00+08:00", "2026-11-01T00:00:00+08:00")
    page = proj / "docs" / "lectures" / "2026-03-guoqu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    _git(proj, "commit", "-q", "-am", "补充", day="2026-11-20")
    again = build(proj, tmp_path / "b", dt.date(2026, 11, 25))
    lectures = entries(again / "feeds" / "lectures.xml")
    assert lectures["第1期｜往期讲座"] == ("2026-03-10T00:00:00+08:00", "2026-11-20T00:00:00+08:00")
    assert lectures["第2期｜即将开讲的讲座"][1] == "2026-11-01T00:00:00+08:00"  # untouched: unchanged
    assert lastmods(again)["https://example.gov.cn/fxjt/lectures/2026-03-guoqu/"] == "2026-11-20"
    on_the_day = entries(build(proj, tmp_path / "c", dt.date(2027, 1, 8)) / "feeds" / "lectures.xml")
    assert (
        on_the_day["第2期｜即将开讲的讲座"][0] == "2026-11-01T00:00:00+08:00"
    )  # published stays the announcement's day


def test_robots_txt_only_when_the_site_is_at_the_root(tmp_path):
    proj = make_project(tmp_path / "proj", FILES)
    sub = build(proj, tmp_path / "sub", dt.date(2026, 11, 25), "https://example.gov.cn/fxjt/")
    assert not (sub / "robots.txt").exists()
    root = build(proj, tmp_path / "root", dt.date(2026, 11, 25), "https://fxjt.example.gov.cn/")
    assert (root / "robots.txt").read_text(encoding="utf-8").splitlines()[
        -1
    ] == "Sitemap: https://fxjt.example.gov.cn/sitemap.xml"
