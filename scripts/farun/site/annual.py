"""年度统计: the figures of the bureau's annual 法治政府建设 report, one page and one CSV per year.

The report quotes figures such as 全年组织“云讲堂”6 期: lectures held (dates,
speakers, topics), cases by category, notices by type, and 双公示 penalties and
licences published, withdrawn and revoked. A withdrawn penalty is no longer on
the site but was published that year, so it is counted (by number only: its
details stay withdrawn). Drafts and items not yet due are never counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from farun.content.collection import Collection
from farun.content.lifecycle import is_penalty, is_upcoming
from farun.content.load import Record, is_case, is_lecture, is_notice
from farun.content.schema import NOTICE_TYPES, Lecture
from farun.content.text import cn_date, escape_md, link, one_line

FOLDER = "stats"
PUBLICITY = ("行政处罚公示", "行政许可公示")


def csv_name(year: int) -> str:
    """The CSV beside the year's page: stats/2023/farun-2023.csv."""
    return f"farun-{year}.csv"


@dataclass
class YearFigures:
    """What one year adds up to."""

    year: int
    lectures: list[Record[Lecture]] = field(default_factory=list)  # held, oldest first
    cases: Counter = field(default_factory=Counter)  # category -> count
    notices: Counter = field(default_factory=Counter)  # type -> count
    publicity: dict[str, Counter] = field(default_factory=dict)  # 行政处罚公示 -> {已公示, 已撤下, 已撤销}


def _ever_published(coll: Collection) -> list[Record]:
    """Items public today plus penalties published once and withdrawn since (their term ended)."""
    withdrawn = [record for record, _ in coll.hidden if is_penalty(record) and not record.meta.draft
                 and not (record.meta.publish and record.meta.publish > coll.today)
                 and record.meta.expires and record.meta.expires < coll.today]
    return coll.items + withdrawn


def years(coll: Collection) -> list[int]:
    """Every year with something published in it, up to the build year."""
    return sorted({r.meta.date.year for r in _ever_published(coll) if r.meta.date.year <= coll.today.year})


def figures(coll: Collection, year: int) -> YearFigures:
    """The figures of one year, from everything ever published."""
    out = YearFigures(year, publicity={kind: Counter({"已公示": 0, "已撤下": 0, "已撤销": 0}) for kind in PUBLICITY})
    for record in _ever_published(coll):
        if record.meta.date.year != year:
            continue
        if is_lecture(record):
            if not is_upcoming(record, coll.today):
                out.lectures.append(record)
        elif is_case(record):
            out.cases[record.meta.category] += 1
        elif is_notice(record):
            meta = record.meta
            out.notices[meta.type] += 1
            if meta.type in PUBLICITY:
                counts = out.publicity[meta.type]
                counts["已公示"] += 1
                if getattr(meta, "revoked", None) is not None:
                    counts["已撤销"] += 1
                elif meta.expires and meta.expires < coll.today:
                    counts["已撤下"] += 1
    out.lectures.sort(key=lambda r: (r.meta.date, r.meta.episode))
    return out


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _ordered(counts: Counter, order: list[str]) -> list[tuple[str, int]]:
    known = [(name, counts[name]) for name in order if counts[name]]
    return known + sorted((name, n) for name, n in counts.items() if name not in order and n)


def year_page(coll: Collection, figures_of: YearFigures, categories: list[str]) -> str:
    """The Markdown body of one year's page."""
    src = f"{FOLDER}/{figures_of.year}/index.md"
    f = figures_of
    held = f.lectures
    speakers = sorted({r.meta.speaker for r in held})
    until = f"（截至 {cn_date(coll.today)}）" if f.year >= coll.today.year else ""  # a closed year is whole
    parts = [f"本页按发布日期汇总 {f.year} 年本专栏的内容，供年度法治政府建设工作报告引用{until}。"
             f"下载：<a href=\"{csv_name(f.year)}\" download>{f.year}年度统计（CSV，Excel 可直接打开）</a>。",
             f"## 法润交通云讲堂\n\n全年组织“云讲堂” **{len(held)}** 期，主讲人 {len(speakers)} 位。"]
    if held:
        rows = [[f"第{r.meta.episode}期", cn_date(r.meta.date), escape_md(r.meta.speaker),
                 link(one_line(r.meta.title), r.src_uri, src), escape_md("、".join(r.meta.tags))] for r in held]
        parts.append(_table(["期数", "日期", "主讲人", "题目", "主题"], rows))
    cases = _ordered(f.cases, categories)
    parts.append(f"## 以案释法\n\n全年发布案例 **{sum(f.cases.values())}** 个。")
    if cases:
        parts.append(_table(["类别", "案例数"], [[escape_md(name), str(n)] for name, n in cases]))
    notices = _ordered(f.notices, list(NOTICE_TYPES))
    parts.append(f"## 公示公告\n\n全年发布公告 **{sum(f.notices.values())}** 条。")
    if notices:
        parts.append(_table(["类型", "条数"], [[escape_md(name), str(n)] for name, n in notices]))
    rows = [[kind, str(c["已公示"]), str(c["已撤下"]), str(c["已撤销"])] for kind, c in f.publicity.items()]
    parts.append("## 双公示\n\n“已撤下”为公示期满后自动撤下，“已撤销”为决定被依法撤销后撤回。\n\n"
                 + _table(["类型", "已公示", "其中已撤下", "其中已撤销"], rows))
    return "\n\n".join(parts)


def annual_pages(coll: Collection, categories: list[str], page) -> dict[str, str]:
    """stats/index.md and stats/<year>/index.md; ``page(title, body, description)`` wraps a body with its front matter."""
    pages: dict[str, str] = {}
    rows = []
    for year in reversed(years(coll)):
        f = figures(coll, year)
        src = f"{FOLDER}/{year}/index.md"
        publicity = f.publicity["行政处罚公示"]["已公示"] + f.publicity["行政许可公示"]["已公示"]
        summary = (f"{year}年度统计：法润交通云讲堂{len(f.lectures)}期、以案释法案例{sum(f.cases.values())}个、"
                   f"公示公告{sum(f.notices.values())}条（其中双公示{publicity}条），附 CSV 下载。")
        pages[src] = page(f"{year}年度统计", year_page(coll, f, categories), summary)
        rows.append([link(f"{year}年", src, f"{FOLDER}/index.md"), str(len(f.lectures)), str(sum(f.cases.values())),
                     str(sum(f.notices.values())), str(publicity)])
    body = "各年度的讲座、案例、公告和双公示数量，点击年份查看明细和下载 CSV。\n\n"
    body += _table(["年度", "云讲堂（期）", "案例（个）", "公告（条）", "其中双公示（条）"], rows) if rows else "暂无内容。"
    span = f"{years(coll)[0]}—{years(coll)[-1]}年" if rows else ""
    pages[f"{FOLDER}/index.md"] = page("年度统计", body, f"年度统计：{span}各年度的讲座、案例、公告和双公示数量，供年度法治政府建设工作报告引用。")
    return pages


def csv_rows(coll: Collection, year: int, categories: list[str]) -> list[dict[str, str]]:
    """One year's figures as CSV rows: the totals first (部分 = 汇总), then the list of lectures (部分 = 讲座明细).

    A lecture row leaves 数量 empty, so summing the column in Excel never counts a lecture twice;
    the 双公示 rows read as the page does (已公示, 其中已撤下, 其中已撤销).
    """
    f = figures(coll, year)
    rows = [{"栏目": "云讲堂", "项目": "全年举办期数", "数量": str(len(f.lectures))},
            {"栏目": "以案释法", "项目": "全年发布案例", "数量": str(sum(f.cases.values()))}]
    rows += [{"栏目": "以案释法", "项目": name, "数量": str(n)} for name, n in _ordered(f.cases, categories)]
    rows.append({"栏目": "公示公告", "项目": "全年发布公告", "数量": str(sum(f.notices.values()))})
    rows += [{"栏目": "公示公告", "项目": name, "数量": str(n)} for name, n in _ordered(f.notices, list(NOTICE_TYPES))]
    rows += [{"栏目": kind, "项目": what if what == "已公示" else f"其中{what}", "数量": str(n)}
             for kind, c in f.publicity.items() for what, n in c.items()]
    totals = [{"年度": str(year), "部分": "汇总", **row} for row in rows]
    lectures = [{"年度": str(year), "部分": "讲座明细", "栏目": "云讲堂", "项目": r.meta.title, "数量": "",
                 "期数": str(r.meta.episode), "日期": r.meta.date.isoformat(), "主讲人": r.meta.speaker,
                 "主题": "、".join(r.meta.tags)} for r in f.lectures]
    return totals + lectures


CSV_COLUMNS = {name: name for name in ("年度", "部分", "栏目", "项目", "数量", "期数", "日期", "主讲人", "主题")}
