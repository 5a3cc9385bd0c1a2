"""Search figures alone: ``python -m farun.bench --search-only --n 1000 --write BENCHMARK.md``.

The whole benchmark builds plain Material too (minutes at N=1000, half an hour at 5,000).
For a change to search only, this builds the project once and measures what search needs:
first result and later queries (also with the CPU slowed 4x, like a phone), worker heap,
precision/recall and the judged query set (NDCG@5, MRR). With ``--write`` it rewrites only
the search rows of that N's column in BENCHMARK.md and keeps every other figure.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from typing import Any, Callable
from pathlib import Path

from farun.bench import corpus, judged
from farun.bench import web as benchweb

PHONE_THROTTLE = 4  # DevTools' "4x slowdown": a mid-range phone


def judged_figures(site: Path, docs: Path) -> dict:
    """NDCG@5 and MRR of the corpus part of data/search_judgments.yml on a built corpus site."""
    result = judged.evaluate(site / "search" / "farun-search.json", judged.load()["corpus"], docs)
    return {
        "ndcg": result["ndcg"],
        "mrr": result["mrr"],
        "queries": result["queries"],
        "low": {q: p for q, p in result["per_query"].items() if p["ndcg"] < 1},
    }


def search_figures(site: Path, docs: Path, lecture_rel: str) -> dict:
    """Every search figure of one built corpus site."""
    queries = list(corpus.QUERIES)
    return {
        "search": benchweb.search_timings(site, lecture_rel, queries),
        "search_phone": benchweb.search_timings(site, lecture_rel, queries, cpu_throttle=PHONE_THROTTLE),
        "quality": benchweb.search_quality(site, lecture_rel, corpus.search_truth(docs)),
        "judged": judged_figures(site, docs),
    }


def measure_search(n: int, seed: int, out: Path, build) -> dict:
    """Build the project's N-item corpus once (``build(project, config, site)``) and measure search."""
    project = corpus.write_project(out / f"corpus-{n}", n, seed)
    lecture = sorted((project / "docs" / "lectures").glob("*.md"))[0]
    site = out / f"site-{n}"
    shutil.rmtree(site, ignore_errors=True)
    build(project, "mkdocs.yml", site)
    row = {"n": n, "measured": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    row.update(search_figures(site, project / "docs", f"lectures/{lecture.stem}/"))
    return row


def _ms(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


# Rows of the table (labels as in run.table) and how a search-only row fills this project's part.
def cells(row: dict) -> dict[str, Callable[..., Any]]:
    """Label -> function(old cell) -> new cell; the plain-Material part after " / " is kept."""
    keep_plain = lambda ours: lambda old: f"{ours} / {old.split(' / ', 1)[1]}" if " / " in old else ours  # noqa: E731
    s, q, j = row["search"], row["quality"], row["judged"]
    return {
        "搜索：打开搜索到首个结果（≤ 1 s @1000）本项目 / 原版": keep_plain(_ms(s["first"])),
        "搜索：后续查询中位数（≤ 150 ms）本项目 / 原版": keep_plain(_ms(s["later_median"])),
        "搜索 worker JS 堆 本项目 / 原版": keep_plain(
            f"{s['worker_heap'] / 2**20:.1f} MB" if s["worker_heap"] else "—"
        ),
        "搜索：CPU 降速 4×（手机级）首个结果（≤ 2 s @1000）": lambda old: _ms(row["search_phone"]["first"]),
        "查准率 / 查全率 本项目（≥ 0.95 / ≥ 0.98）": lambda old: f"{q['precision']:.3f} / {q['recall']:.3f}",
        "搜索评测 NDCG@5 / MRR（语料查询，≥ 0.95）": lambda old: (
            f"{j['ndcg']:.3f} / {j['mrr']:.3f}（{j['queries']} 个查询）"
        ),
    }


def update_rows(path: Path, n: int, row: dict) -> None:
    """Rewrite the search cells of column N in ``path``'s bench table; add missing rows after the last search row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("| 指标 |"))
    columns = [c.strip() for c in lines[head].strip("|").split("|")]
    column = next(i for i, c in enumerate(columns) if re.match(rf"N = {n:,}（", c))
    width = len(columns)
    end = head + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    last_search = head + 1
    for label, fill in cells(row).items():
        index = next((i for i in range(head + 2, end) if lines[i].startswith(f"| {label} |")), None)
        if index is None:
            index = max(i for i in range(head + 2, end) if "搜索" in lines[i] or "查准率" in lines[i]) + 1
            lines.insert(index, "| " + " | ".join([label] + ["—"] * (width - 1)) + " |")
            end += 1
        parts = [c.strip() for c in lines[index].strip().strip("|").split("|")]
        parts[column] = fill(parts[column])
        lines[index] = "| " + " | ".join(parts) + " |"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
