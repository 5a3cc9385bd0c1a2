"""The benchmark's report: the Markdown tables and machine facts ``make bench`` writes into BENCHMARK.md.

``table`` has one column per corpus (N mixed items, or the sample site plus N lectures), ``preview_table``
one per preview N; ``write_results`` replaces only the part between the bench markers.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from importlib import metadata
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
_LOAD_AT_START = os.getloadavg()  # when the benchmark started (this module is imported by run.py at start)
SAMPLE = "sample"  # row kind: the sample site plus N generated lectures (the engine issue's N=100)


def preview_table(rows: list[dict]) -> str:
    """The preview figures, one column per N."""
    lines = [
        "| 预览（make serve） | " + " | ".join(f"N = {r['n']:,}" for r in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]

    def add(label, fn):
        cells = []
        for r in rows:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError, ValueError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    times = lambda values: "、".join(_s(v) for v in values)  # noqa: E731
    add(
        "保存正文修改 → 页面显示，3 次中位数（≤ 1 s @300，≤ 2 s @1000）",
        lambda r: f"**{_s(r['serve']['edit'])}**（{times(r['serve']['edits'])}）",
    )
    add(
        "修改讲座标题 → 讲座列表显示，3 次中位数（≤ 2 s @300）",
        lambda r: f"**{_s(r['serve']['title_edit'])}**（{times(r['serve']['title_edits'])}）",
    )
    add(
        "其中预览进程所用 CPU 时间，中位数：正文 / 标题（机器空闲时的耗时约为它加上约 0.1 s）",
        lambda r: (
            f"{_s(statistics.median(r['serve']['edit_cpus']))} / {_s(statistics.median(r['serve']['title_cpus']))}"
        ),
    )
    add("预览服务器启动（首次完整构建）", lambda r: _s(r["serve"]["startup"]))
    add("原版 properdocs serve：保存修改 → 页面显示（每次完整重建）", lambda r: _s(r["plain_serve"]["edit"]))
    add(
        "测量时间（1 分钟平均负载：开始 / 结束）",
        lambda r: f"{r['measured']}（{r['load']:.1f} / {r['load_after']:.1f}）",
    )
    return "\n".join(lines)


def _kb(value: float | None) -> str:
    return "—" if value is None else f"{value / 1024:,.1f} KB"


def _s(value: float | None) -> str:
    return "—" if value is None else (f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms")


def _phase_text(phases: dict) -> str:
    return "；".join(f"{k} {v:.2f} s" for k, v in phases.items()) or "—"


def table(rows: list[dict]) -> str:
    """The results as a Markdown table, one column per N."""
    head = (
        "| 指标 | "
        + " | ".join(
            f"{'示例网站 + ' + format(r['n'], ',') + ' 期讲座' if r.get('kind') == SAMPLE else 'N = ' + format(r['n'], ',')}"
            f"（讲座/案例/公告 {'/'.join(map(str, r['split']))}）"
            for r in rows
        )
        + " |"
    )
    lines = [head, "|---|" + "---|" * len(rows)]

    def add(label, fn):
        cells = []
        for r in rows:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def ratio(a: dict, b: dict) -> str:
        text = f"{a['seconds']:.1f} s vs {b['seconds']:.1f} s = **{a['seconds'] / b['seconds']:.2f}×**"
        if len(a.get("all", [])) > 1:  # several rounds: the medians, and each round's own ratio
            each = sorted(x / y for x, y in zip(a["all"], b.get("all", [])) if y)
            text += f"（{len(a['all'])} 轮中位数；各轮 {each[0]:.2f}–{each[-1]:.2f}×）" if each else ""
        return text

    add("冷构建：本项目 vs 原版（≤ 1.5×）", lambda r: ratio(r["cold"], r["plain_cold"]))
    add(
        "热构建：本项目 vs 原版（≤ 1.0×；N ≥ 5000 时 ≤ 0.5×）",
        lambda r: ratio(r["warm"], r["plain_warm"]) + ("（原版只构建一次）" if r.get("plain_once") else ""),
    )
    cpu = lambda a, b: f"{a['cpu']:.1f} s vs {b['cpu']:.1f} s = **{a['cpu'] / b['cpu']:.2f}×**"  # noqa: E731
    add("CPU 时间（用户 + 系统，含封面子进程）冷构建 本项目 vs 原版", lambda r: cpu(r["cold"], r["plain_cold"]))
    add("CPU 时间 热构建 本项目 vs 原版", lambda r: cpu(r["warm"], r["plain_warm"]))
    add(
        "测量时间 本项目 / 原版",
        lambda r: f"{r.get('measured', '—')} / {r.get('plain_measured') or r.get('measured', '—')}",
    )
    add("冷构建各阶段", lambda r: _phase_text(r["cold"]["phases"]))
    add("热构建各阶段", lambda r: _phase_text(r["warm"]["phases"]))
    add(
        "峰值内存（子进程 maxrss，冷构建）本项目 / 原版（≤ 1.5×）",
        lambda r: (
            f"{r['cold']['maxrss_mb']:.0f} MB / {r['plain_cold']['maxrss_mb']:.0f} MB"
            f" = **{r['cold']['maxrss_mb'] / r['plain_cold']['maxrss_mb']:.2f}×**"
        ),
    )
    add("网站总大小 本项目 / 原版", lambda r: f"{r['sizes']['site_mb']:.1f} MB / {r['plain_sizes']['site_mb']:.1f} MB")
    add(
        "搜索索引 原始 / gzip（本项目：目录文件和全部分片之和）本项目 / 原版",
        lambda r: (
            f"{_kb(r['sizes']['index_raw'])} / {_kb(r['sizes']['index_gzip'])}（{r['sizes'].get('index_files', 1)} 个文件）"
            f" / {_kb(r['plain_sizes']['index_raw'])} / {_kb(r['plain_sizes']['index_gzip'])}"
        ),
    )
    add(
        "讲座页 HTML gzip 本项目（≤ 20 KB）/ 原版",
        lambda r: f"{_kb(r['sizes']['lecture_gzip'])} / {_kb(r['plain_sizes']['lecture_gzip'])}",
    )
    add(
        "列表页 HTML 最大一页 原始 / gzip 本项目 / 原版（每页至多 50 项）",
        lambda r: (
            f"{_kb(r['sizes']['list_raw'])} / {_kb(r['sizes']['list_gzip'])}（{r['sizes']['list_page']}）"
            f" / {_kb(r['plain_sizes']['list_raw'])} / {_kb(r['plain_sizes']['list_gzip'])}"
        ),
    )
    for name, label in (("home", "首页"), ("lecture", "讲座页")):
        add(
            f"{label}首屏传输 gzip（≤ 150 KB）",
            lambda r, k=name: (
                f"{_kb(r['first_view'][k]['gzip'])}（{r['first_view'][k]['requests']} 个请求，"
                f"{'加载' if r['first_view'][k]['index_loaded'] else '未加载'}索引，站外请求 {len(r['first_view'][k]['outside'])}）"
            ),
        )
    add("原版讲座页首屏传输 gzip", lambda r: f"{_kb(r['plain_first_view']['lecture']['gzip'])}")
    add(
        "搜索：打开搜索到首个结果（≤ 1 s @1000）本项目 / 原版",
        lambda r: f"{_s(r['search']['first'])} / {_s(r['plain_search']['first'])}",
    )
    add(
        "搜索：后续查询中位数（≤ 150 ms）本项目 / 原版",
        lambda r: f"{_s(r['search']['later_median'])} / {_s(r['plain_search']['later_median'])}",
    )
    add(
        "搜索 worker JS 堆 本项目 / 原版",
        lambda r: f"{_mb(r['search']['worker_heap'])} / {_mb(r['plain_search']['worker_heap'])}",
    )
    add(
        "页面主线程 JS 堆 本项目 / 原版",
        lambda r: f"{_mb(r['search']['page_heap'])} / {_mb(r['plain_search']['page_heap'])}",
    )
    add("搜索：CPU 降速 4×（手机级）首个结果（≤ 2 s @1000）", lambda r: _s(r["search_phone"]["first"]))
    add(
        "查准率 / 查全率 本项目（≥ 0.95 / ≥ 0.98）",
        lambda r: f"{r['quality']['precision']:.3f} / {r['quality']['recall']:.3f}",
    )
    add("查准率 / 查全率 原版", lambda r: f"{r['plain_quality']['precision']:.3f} / {r['plain_quality']['recall']:.3f}")
    add(
        "搜索评测 NDCG@5 / MRR（语料查询，≥ 0.95）",
        lambda r: f"{r['judged']['ndcg']:.3f} / {r['judged']['mrr']:.3f}（{r['judged']['queries']} 个查询）",
    )
    add(
        "复议机关 查准率 本项目 / 原版",
        lambda r: (
            f"{r['quality']['per_query']['复议机关']['precision']:.2f} / {r['plain_quality']['per_query']['复议机关']['precision']:.2f}"
        ),
    )
    return "\n".join(lines)


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value / 2**20:.1f} MB"


def machine() -> str:
    """CPU, cores, memory and tool versions, as one Markdown list."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    versions = "、".join(
        f"{p} {metadata.version(p)}" for p in ("properdocs", "mkdocs-material", "jieba", "pillow", "playwright")
    )
    return (
        f"- 机器：{cpu}，nproc = {os.cpu_count()}，内存 {mem / 2**20:.1f} GB，{platform.platform()}\n"
        f"- 软件：Python {platform.python_version()}、{versions}、{chromium or 'chromium ?'}\n"
        f"- 测量时间：{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}（同机另有其他进程运行时，时间会偏大）\n"
        f"- 机器负载（1 分钟平均）：开始 {_LOAD_AT_START[0]:.1f}，结束 {os.getloadavg()[0]:.1f}（2 核；超过 2 即有进程在排队等 CPU）"
    )


def write_results(path: Path, text: str) -> None:
    """Replace the generated part of BENCHMARK.md, keeping the hand-written notes."""
    old = path.read_text(encoding="utf-8") if path.exists() else f"# 性能基准\n\n{START}\n{END}\n"
    head, _, rest = old.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")
