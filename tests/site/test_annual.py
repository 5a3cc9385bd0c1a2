"""Issue 14, point 13: 年度统计 — a page and a CSV per year with the figures the annual report quotes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from farun.cli import read_config
from farun.content.settings import load_settings
from farun.site.annual import csv_rows, figures, years
from farun.site.engine import prepare

from support import CASE, LECTURE, LICENCE, NOTICE, PENALTY, mkdocs_build

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])


def lecture(n: int, day: str, speaker: str, extra: str = "") -> str:
    return (LECTURE.replace("episode: 1", f"episode: {n}").replace("date: 2023-03-15", f"date: {day}")
            .replace("speaker: 陈立新", f"speaker: {speaker}").replace("要点解读", f"要点解读{n}").replace("---\n\n##", f"{extra}---\n\n##"))


FILES = {
    "lectures/a.md": lecture(1, "2026-03-10", "陈立新"),
    "lectures/b.md": lecture(2, "2026-06-10", "周文涛"),
    "lectures/c.md": lecture(3, "2026-12-20", "周文涛"),  # upcoming on the build day: not held yet
    "lectures/d.md": lecture(4, "2026-07-01", "俞晓琳", "draft: true\n"),  # a draft never counts
    "lectures/e.md": lecture(5, "2025-05-01", "沈立峰"),
    "cases/a.md": CASE.replace("date: 2023-05-20", "date: 2026-02-01"),
    "cases/b.md": CASE.replace("date: 2023-05-20", "date: 2026-04-01").replace("网约车案", "另一案"),
    "notices/a.md": NOTICE.replace("date: 2024-01-10", "date: 2026-01-10"),
    "notices/p.md": PENALTY,  # 2026-09-15, public
    "notices/old.md": PENALTY.replace("〔2026〕126号", "〔2025〕12号").replace("2026-09-1", "2025-01-1")
                             .replace("expires: 2027-09-10", "expires: 2025-12-31"),  # published 2025, withdrawn since
    "notices/rev.md": PENALTY.replace("126号", "127号") + "",
    "notices/lic.md": LICENCE,
}
FILES["notices/rev.md"] = FILES["notices/rev.md"].replace("expires: 2027-09-10", "expires: 2027-09-10\nrevoked: {date: 2026-10-20, reason: 经行政复议撤销}")
TODAY = dt.date(2026, 11, 25)


def site(tmp_path):
    docs = tmp_path / "docs"
    for rel, text in FILES.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return prepare(docs, SETTINGS, TODAY)


def test_figures_count_what_was_published_that_year(tmp_path):
    coll = site(tmp_path).collection
    assert years(coll) == [2025, 2026]
    year = figures(coll, 2026)
    assert [r.meta.episode for r in year.lectures] == [1, 2]  # held; not the upcoming one, not the draft
    assert sum(year.cases.values()) == 2 and year.cases["网约车与非法营运"] == 2
    assert year.notices == {"通知": 1, "行政处罚公示": 2, "行政许可公示": 1}
    assert year.publicity["行政处罚公示"] == {"已公示": 2, "已撤下": 0, "已撤销": 1}
    assert year.publicity["行政许可公示"]["已公示"] == 1
    before = figures(coll, 2025)
    assert before.publicity["行政处罚公示"] == {"已公示": 1, "已撤下": 1, "已撤销": 0}  # withdrawn, still counted
    assert [r.meta.speaker for r in before.lectures] == ["沈立峰"]


def test_pages_and_csv_say_the_same(tmp_path):
    built = site(tmp_path)
    page = built.pages["stats/2026/index.md"]
    assert "全年组织“云讲堂” **2** 期，主讲人 2 位。" in page
    assert "| 行政处罚公示 | 2 | 0 | 1 |" in page
    assert "陈立新" in page and "周文涛" in page and "俞晓琳" not in page
    assert "绍兴某顺物流有限公司" not in built.pages["stats/2025/index.md"]  # a withdrawn decision: counted, not named
    rows = csv_rows(built.collection, 2026, SETTINGS.case_categories)
    assert {"年度": "2026", "部分": "汇总", "栏目": "云讲堂", "项目": "全年举办期数", "数量": "2"} in rows
    assert {"年度": "2026", "部分": "汇总", "栏目": "行政处罚公示", "项目": "其中已撤销", "数量": "1"} in rows
    parts = [row["部分"] for row in rows]
    assert parts == sorted(parts, key=["汇总", "讲座明细"].index) and parts.count("讲座明细") == 2  # totals, then the list
    assert all(row["数量"] == "" for row in rows if row["部分"] == "讲座明细")  # a column sum never counts a lecture twice
    index = built.pages["stats/index.md"]
    assert "[2026年](2026/index.md) | 2 | 2 | 4 | 3 |" in index


def test_real_build_publishes_page_and_csv_for_the_sample_year(tmp_path):
    out = tmp_path / "out"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    page = (out / "stats/2023/index.html").read_text(encoding="utf-8")
    assert "全年组织“云讲堂”" in page and 'href="farun-2023.csv"' in page
    raw = (out / "stats/2023/farun-2023.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert next(r for r in rows if r["项目"] == "全年举办期数")["数量"] == "6"  # the bureau's 2023 report: 6 期
    assert "年度统计" in (out / "site-map/index.html").read_text(encoding="utf-8")


def test_only_the_build_year_says_until_when():
    """A closed year is whole: its page does not say 截至 the build day; the current year does."""
    import datetime as dt
    from types import SimpleNamespace
    from farun.site.annual import YearFigures, year_page
    coll = SimpleNamespace(today=dt.date(2026, 11, 25))
    closed = year_page(coll, YearFigures(2024, publicity={}), [])
    current = year_page(coll, YearFigures(2026, publicity={}), [])
    assert "截至" not in closed and "（截至 2026年11月25日）" in current
