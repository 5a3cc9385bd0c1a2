"""Issue 22, points 1 and 5: a broken file never keeps an expired penalty notice online.

Real nights of deploy/farun-rebuild.sh against a copy of the project (its own deploy/farun.env, target
and state folder in tmp), each on the day SOURCE_DATE_EPOCH says. One module fixture runs the nights
in order, as the server would, and keeps a copy of the live folder after each; the tests read those.

  night 1  2026-12-10  all valid: both penalties online, record of their withdrawal days written
  night 2  2026-12-11  an unrelated lecture broken (date: 2026/3/15): degraded, P1 withdrawn everywhere
  night 3  2026-12-21  P2 itself broken on its withdrawal day: left out, so withdrawn, and named
  night 4  2027-01-05  mkdocs.yml broken, nothing due: exit 1, live site kept
  night 5  2027-01-06  mkdocs.yml still broken, P3 due: exit 4, the site is a maintenance page
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import LECTURE, PENALTY, ROOT, epoch_for, lecture, make_project

SITE_URL = "https://www.example.gov.cn/fxjt/"


def penalty(n: int, expires: str) -> str:
    """A valid 行政处罚公示 with markers of its own (decision number, party, title)."""
    return (
        PENALTY.replace("绍市交执罚〔2026〕126号", f"绍市交执罚〔2026〕90{n}号")
        .replace("party: 绍兴某顺物流有限公司", f"party: 绍兴某{'甲乙丙'[n - 1]}物流有限公司")
        .replace("title: 示例｜某物流公司超限运输行政处罚公示", f"title: 示例｜第{n}号超限运输行政处罚公示")
        .replace("expires: 2027-09-10", f"expires: {expires}")
    )


def markers(n: int) -> list[str]:
    """What of penalty ``n`` may appear in any output: slug, decision number, party, title."""
    return [f"chufa-p{n}", f"绍市交执罚〔2026〕90{n}号", f"绍兴某{'甲乙丙'[n - 1]}物流有限公司", f"第{n}号超限运输"]


def found_in(site: Path, words: list[str]) -> list[str]:
    """``path: word`` for every file of ``site`` (gzip opened, JSON escapes too) holding one of ``words``."""
    hits = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="ignore")
        for word in words:
            if word in text or json.dumps(word)[1:-1] in text:
                hits.append(f"{path.relative_to(site)}: {word}")
    return hits


def night(repo: Path, day: dt.date) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SITE_URL", "FARUN_TARGET", "FARUN_ENV_FILE", "MAKEFLAGS", "FARUN_STATE_DIR", "FARUN_STATUS_FILE")
    }
    env.update(SOURCE_DATE_EPOCH=str(epoch_for(day)), FARUN_PYTHON=sys.executable, NO_COLOR="1")
    return subprocess.run(
        ["bash", str(repo / "deploy/farun-rebuild.sh")], cwd=repo, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rebuild")
    target, state = tmp / "www" / "fxjt", tmp / "state"
    repo = make_project(
        tmp / "farun",
        {
            "lectures/a.md": LECTURE.replace(
                "## 讲座要点", "## 讲座要点\n\n另见[第二期](b.md)和[第1号公示](../notices/chufa-p1.md)。"
            ),
            "lectures/b.md": lecture(2, "第二期讲座"),
            "notices/chufa-p1.md": penalty(1, "2026-12-10"),
            "notices/chufa-p2.md": penalty(2, "2026-12-20"),
            "notices/chufa-p3.md": penalty(3, "2027-01-05"),
        },
    )
    (repo / "deploy").mkdir()
    shutil.copy(ROOT / "deploy/farun-rebuild.sh", repo / "deploy/farun-rebuild.sh")
    (repo / "deploy/farun.env").write_text(
        f"SITE_URL={SITE_URL}\nFARUN_TARGET={target}\nFARUN_STATE_DIR={state}\n", encoding="utf-8"
    )
    docs = repo / "docs"
    steps = [
        (dt.date(2026, 12, 10), lambda: None),
        (
            dt.date(2026, 12, 11),
            lambda: (docs / "lectures/b.md").write_text(
                lecture(2, "第二期讲座").replace("date: 2023-02-15", "date: 2026/3/15"), encoding="utf-8"
            ),
        ),
        (
            dt.date(2026, 12, 21),
            lambda: (docs / "notices/chufa-p2.md").write_text(
                penalty(2, "2026-12-20").replace("date: 2026-09-15", "date: 2026/9/15"), encoding="utf-8"
            ),
        ),
        (
            dt.date(2027, 1, 5),
            lambda: (repo / "mkdocs.yml").write_text(
                (repo / "mkdocs.yml").read_text(encoding="utf-8") + "\nnav: [\n", encoding="utf-8"
            ),
        ),
        (dt.date(2027, 1, 6), lambda: None),
    ]
    results = []
    for index, (day, change) in enumerate(steps, 1):
        change()
        result = night(repo, day)
        live = tmp / f"live-{index}"
        if target.exists():
            shutil.copytree(target, live)
        status = json.loads((state / "status.json").read_text(encoding="utf-8"))
        results.append((result, live, status))
    return results


def test_night_1_publishes_everything_and_records_the_withdrawal_days(nights):
    result, live, status = nights[0]
    assert result.returncode == 0, result.stderr
    assert (
        status["state"] == "ok" and status["exit_code"] == 0 and status["left_out"] == [] and status["withdrawn"] == []
    )
    for n in (1, 2, 3):
        assert (live / f"notices/chufa-p{n}/index.html").is_file()
    # The outputs night 2 must clear: the notice is in each of them tonight (so found_in can see it).
    holding = {hit.split(": ")[0] for hit in found_in(live, markers(1))}
    assert {
        "notices/chufa-p1/index.html",
        "notices/index.html",
        "search/farun-index-1.json",
        "feeds/notices.xml",
        "sitemap.xml",
        "sitemap.xml.gz",
        "data/penalties.csv",
        "data/penalties.json",
    } <= holding, holding
    assert "网站地址 https://www.example.gov.cn/fxjt/" in result.stdout


def test_night_2_a_broken_lecture_does_not_keep_the_expired_penalty_online(nights):
    result, live, status = nights[1]
    log = result.stdout + result.stderr
    assert result.returncode == 3, log
    assert "Traceback" not in log
    assert found_in(live, markers(1)) == []  # pages, lists, search, feeds, sitemap, open data, calendar
    assert "略去 docs/lectures/b.md：docs/lectures/b.md:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2026/3/15”" in log
    assert "不发布 docs/notices/chufa-p1.md：行政处罚公示期已满（公示截止 2026-12-10），自 2026-12-11 起撤下" in log
    assert status["state"] == "degraded" and status["exit_code"] == 3
    assert [item["file"] for item in status["left_out"]] == ["docs/lectures/b.md"]
    assert status["withdrawn"] == [
        {
            "file": "docs/notices/chufa-p1.md",
            "url": "notices/chufa-p1/",
            "title": "示例｜第1号超限运输行政处罚公示",
            "withdraw_on": "2026-12-11",
        }
    ]
    assert "date（日期）应为 YYYY-MM-DD 格式" in status["left_out"][0]["problems"][0]
    # The rest is published; links to what is not are plain words, not links to a missing page.
    assert found_in(live, markers(2)) and not (live / "lectures/b").exists()
    page = (live / "lectures/a/index.html").read_text(encoding="utf-8")
    assert "另见第二期和第1号公示。" in page


def test_night_3_a_broken_notice_on_its_own_withdrawal_day_is_left_out_and_named(nights):
    result, live, status = nights[2]
    log = result.stdout + result.stderr
    assert result.returncode == 3, log
    assert "Traceback" not in log
    assert found_in(live, markers(1) + markers(2)) == []
    assert (
        "略去 docs/notices/chufa-p2.md：docs/notices/chufa-p2.md:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2026/9/15”"
        in log
    ), log
    assert sorted(item["file"] for item in status["left_out"]) == ["docs/lectures/b.md", "docs/notices/chufa-p2.md"]
    assert found_in(live, markers(3))  # still online until 2027-01-05


def test_night_4_nothing_builds_and_nothing_is_due_the_live_site_stays(nights):
    result, live, status = nights[3]
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    assert "Traceback" not in log
    assert (
        "重建出错：mkdocs.yml:" in log and "YAML 格式有误（expected the node content, but found '<stream end>'）" in log
    )
    assert (
        "线上网站保持不变：今天（2027-01-05）没有到期应撤下的内容（下一次到期撤下在 2027-01-06，在此之前必须修复构建）"
        in log
    )
    assert status["state"] == "failed" and status["exit_code"] == 1
    assert found_in(live, markers(3))


def test_night_5_nothing_builds_and_a_withdrawal_is_due_the_site_is_taken_down(nights):
    result, live, status = nights[4]
    log = result.stdout + result.stderr
    assert result.returncode == 4, log
    assert "Traceback" not in log
    assert sorted(p.name for p in live.iterdir()) == ["404.html", "index.html"]
    assert "网站维护中" in (live / "index.html").read_text(encoding="utf-8")
    assert found_in(live, markers(3)) == []
    assert (
        "应急撤下：docs/notices/chufa-p3.md（示例｜第3号超限运输行政处罚公示，网址 notices/chufa-p3/）应于 2027-01-06 撤下"
        in log
    )
    assert status["state"] == "taken_down" and status["exit_code"] == 4
    assert [item["file"] for item in status["taken_down_for"]] == ["docs/notices/chufa-p3.md"]
