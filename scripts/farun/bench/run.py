"""``make bench``: the project's build vs plain Material on the same synthetic Markdown.

For each N: cold and warm builds of both, phase times, peak memory, page and
index sizes, first-view bytes and search in headless chromium, and (once) the
preview's edit-to-display time. Prints a table; ``--write`` puts it into
BENCHMARK.md between the bench markers. Builds run as subprocesses, so this
module never imports MkDocs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from farun.bench import web as benchweb
from farun.bench import corpus, searchbench

ROOT = Path(__file__).resolve().parents[3]
EPOCH = int(dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.timezone.utc).timestamp())  # build day 2026-11-25
OUT = ROOT / "bench-output"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
_LOAD_AT_START = os.getloadavg()
PLAIN_YML = """# Plain Material for MkDocs on the same Markdown: default navigation, no hook, no custom_dir.
site_name: 法润交通
docs_dir: docs
theme:
  name: material
  language: zh
plugins:
  - search:
      lang: zh
      jieba_dict_user: data/jieba_userdict.txt
markdown_extensions: [abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc,
  pymdownx.details, pymdownx.superfences, pymdownx.tilde]
"""


def run_build(project: Path, config: str, site: Path, timings: Path | None = None, env_extra: dict | None = None) -> dict:
    """One ``properdocs build`` in a subprocess: wall time, the child's peak RSS, phases."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts"),
           **(env_extra or {})}
    if timings:
        env["FARUN_TIMINGS"] = str(timings)
        timings.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "properdocs", "build", "-q", "-f", config, "-d", str(site)]
    if config == "mkdocs.yml":
        cmd.insert(4, "--strict")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"构建失败（{project} {config}）：\n{err[-3000:]}")
    phases = json.loads(timings.read_text(encoding="utf-8")) if timings and timings.exists() else {}
    # CPU seconds of the build and the cover workers it waited for: barely affected by other users of the machine.
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024, "phases": phases}


def _sizes(site: Path, lecture_rel: str) -> dict:
    index = (site / "search" / "search_index.json").read_bytes()
    page = (site / lecture_rel / "index.html").read_bytes()
    return {"index_raw": len(index), "index_gzip": benchweb.gzip_size(index),
            "lecture_raw": len(page), "lecture_gzip": benchweb.gzip_size(page),
            "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20}


PLAIN_KEYS = ("plain_cold", "plain_warm", "plain_once", "plain_sizes", "plain_first_view", "plain_search", "plain_quality")


REPEATS = 5  # rounds of builds for N <= 300 (median)
SAMPLE = "sample"  # row kind: the sample site plus N generated lectures (the engine issue's N=100)


def _key(row: dict) -> tuple[int, str]:
    return row["n"], row.get("kind", "")


def measure(n: int, seed: int, browser: bool, plain_once: bool = False, plain_from: dict | None = None,
            kind: str = "") -> dict:
    """Every figure for one corpus: N mixed items, or (``kind=SAMPLE``) the sample site plus N lectures."""
    tag = f"{n}{'-' + kind if kind else ''}"
    project = corpus.write_project(OUT / f"corpus-{tag}", n, seed, with_sample=kind == SAMPLE)
    (project / "mkdocs.plain.yml").write_text(PLAIN_YML, encoding="utf-8")
    lecture = sorted((project / "docs" / "lectures").glob("*.md"))[0]
    lecture_rel = f"lectures/{lecture.stem}/"
    ours_site, plain_site = OUT / f"site-{tag}", OUT / f"plain-{tag}"
    row: dict = {"n": n, "kind": kind, "split": corpus.counts(project)}
    # Cold means this machine has never built the site: no .cache/ and no per-machine cache either
    # (XDG_CACHE_HOME: the name check's word list from jieba's dictionary, pii/names.py).
    machine_cache = OUT / f"machine-cache-{tag}"
    ours_env = {"XDG_CACHE_HOME": str(machine_cache)}
    # Small sites: REPEATS rounds of (ours cold, plain, ours warm, plain), each figure the round with its
    # median time; one build varies by about 10% on a shared machine. Large sites: one round.
    rounds = REPEATS if n <= 300 else 1
    runs: dict[str, list[dict]] = {"cold": [], "plain_cold": [], "warm": [], "plain_warm": []}
    for number in range(rounds):
        _say(f"N={n}：冷构建（本项目）{number + 1}/{rounds}…")
        for folder in (project / ".cache", ours_site, machine_cache):
            shutil.rmtree(folder, ignore_errors=True)
        runs["cold"].append(run_build(project, "mkdocs.yml", ours_site, OUT / "timings.json", ours_env))
        if not plain_from:
            _say(f"N={n}：冷构建（原版 Material）…")
            shutil.rmtree(plain_site, ignore_errors=True)
            runs["plain_cold"].append(run_build(project, "mkdocs.plain.yml", plain_site))
        _say(f"N={n}：热构建…")
        runs["warm"].append(run_build(project, "mkdocs.yml", ours_site, OUT / "timings.json", ours_env))
        if not plain_from:
            runs["plain_warm"].append(runs["plain_cold"][-1] if plain_once
                                      else run_build(project, "mkdocs.plain.yml", plain_site))
    for key, measured in runs.items():
        if measured:
            row[key] = sorted(measured, key=lambda r: r["seconds"])[len(measured) // 2]
            row[key]["all"] = [r["seconds"] for r in measured]
    if plain_from:  # plain Material's figures from an earlier run (same corpus, same plain config)
        row.update({k: plain_from[k] for k in PLAIN_KEYS if k in plain_from})
        row["plain_measured"] = plain_from.get("measured", "更早的一次运行")
    else:
        row["plain_once"] = plain_once
        row["plain_sizes"] = _sizes(plain_site, lecture_rel)
    row["sizes"] = _sizes(ours_site, lecture_rel)
    row["measured"] = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    if browser:
        _say(f"N={n}：浏览器首屏与搜索…")
        row["first_view"] = benchweb.first_view(ours_site, {"home": "", "lecture": lecture_rel})
        if not plain_from:
            row["plain_first_view"] = benchweb.first_view(plain_site, {"lecture": lecture_rel})
        truth = corpus.search_truth(project / "docs")
        queries = list(corpus.QUERIES)
        row.update(searchbench.search_figures(ours_site, project / "docs", lecture_rel))
        if not plain_from:
            row["plain_search"] = benchweb.search_timings(plain_site, lecture_rel, queries)
        if not plain_from:
            row["plain_quality"] = benchweb.search_quality(plain_site, lecture_rel, truth)
    return row


def measure_preview(n: int, seed: int, edits: int, plain: bool) -> dict:
    """The preview at N items: ``edits`` body edits and title edits under make serve (medians),
    and, with ``plain``, one edit under plain Material's ``properdocs serve`` (a full rebuild per save)."""
    project = corpus.write_project(OUT / f"corpus-{n}", n, seed)
    (project / "mkdocs.plain.yml").write_text(PLAIN_YML, encoding="utf-8")
    lecture = sorted((project / "docs" / "lectures").glob("*.md"))[0]
    lecture_rel = f"lectures/{lecture.stem}/"
    row: dict = {"n": n, "split": corpus.split(n), "measured": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                 "load": os.getloadavg()[0]}
    make = ["make", "serve", f"VENV={Path(sys.executable).parents[1]}", "STAMP=", "DEV_ADDR=127.0.0.1:{port}"]
    plain_cmd = [sys.executable, "-m", "properdocs", "serve", "-f", "mkdocs.plain.yml", "-a", "127.0.0.1:{port}"]
    # make serve renders only what a save affects (hook_preview.py): body edits, then title edits
    # that its neighbours and the generated lists show; plain Material rebuilds everything either way.
    runs = [("serve", make, "lectures/", edits)] + ([("plain_serve", plain_cmd, None, 1)] if plain else [])
    for key, command, lists, count in runs:
        _say(f"N={n}：预览（{'make serve' if key == 'serve' else '原版 properdocs serve'}）…")
        try:
            row[key] = benchweb.serve_edit(project, command, lecture, lecture_rel, list_path=lists, edits=count)
        except TimeoutError as exc:
            row[key] = {"error": str(exc)}
            _say(str(exc))
    row["load_after"] = os.getloadavg()[0]
    return row


def preview_table(rows: list[dict]) -> str:
    """The preview figures, one column per N."""
    lines = ["| 预览（make serve） | " + " | ".join(f"N = {r['n']:,}" for r in rows) + " |", "|---|" + "---|" * len(rows)]

    def add(label, fn):
        cells = []
        for r in rows:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError, ValueError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    times = lambda values: "、".join(_s(v) for v in values)  # noqa: E731
    add("保存正文修改 → 页面显示，3 次中位数（≤ 1 s @300，≤ 2 s @1000）",
        lambda r: f"**{_s(r['serve']['edit'])}**（{times(r['serve']['edits'])}）")
    add("修改讲座标题 → 讲座列表显示，3 次中位数（≤ 2 s @300）",
        lambda r: f"**{_s(r['serve']['title_edit'])}**（{times(r['serve']['title_edits'])}）")
    add("其中预览进程所用 CPU 时间，中位数：正文 / 标题（机器空闲时的耗时约为它加上约 0.1 s）",
        lambda r: f"{_s(statistics.median(r['serve']['edit_cpus']))} / {_s(statistics.median(r['serve']['title_cpus']))}")
    add("预览服务器启动（首次完整构建）", lambda r: _s(r["serve"]["startup"]))
    add("原版 properdocs serve：保存修改 → 页面显示（每次完整重建）", lambda r: _s(r["plain_serve"]["edit"]))
    add("测量时间（1 分钟平均负载：开始 / 结束）", lambda r: f"{r['measured']}（{r['load']:.1f} / {r['load_after']:.1f}）")
    return "\n".join(lines)


def _say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _kb(value: float | None) -> str:
    return "—" if value is None else f"{value / 1024:,.1f} KB"


def _s(value: float | None) -> str:
    return "—" if value is None else (f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms")


def _phase_text(phases: dict) -> str:
    return "；".join(f"{k} {v:.2f} s" for k, v in phases.items()) or "—"


def table(rows: list[dict]) -> str:
    """The results as a Markdown table, one column per N."""
    head = "| 指标 | " + " | ".join(
        f"{'示例网站 + ' + format(r['n'], ',') + ' 期讲座' if r.get('kind') == SAMPLE else 'N = ' + format(r['n'], ',')}"
        f"（讲座/案例/公告 {'/'.join(map(str, r['split']))}）" for r in rows) + " |"
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
    add("热构建：本项目 vs 原版（≤ 1.0×；N ≥ 5000 时 ≤ 0.5×）", lambda r: ratio(r["warm"], r["plain_warm"])
        + ("（原版只构建一次）" if r.get("plain_once") else ""))
    cpu = lambda a, b: f"{a['cpu']:.1f} s vs {b['cpu']:.1f} s = **{a['cpu'] / b['cpu']:.2f}×**"  # noqa: E731
    add("CPU 时间（用户 + 系统，含封面子进程）冷构建 本项目 vs 原版", lambda r: cpu(r["cold"], r["plain_cold"]))
    add("CPU 时间 热构建 本项目 vs 原版", lambda r: cpu(r["warm"], r["plain_warm"]))
    add("测量时间 本项目 / 原版", lambda r: f"{r.get('measured', '—')} / {r.get('plain_measured') or r.get('measured', '—')}")
    add("冷构建各阶段", lambda r: _phase_text(r["cold"]["phases"]))
    add("热构建各阶段", lambda r: _phase_text(r["warm"]["phases"]))
    add("峰值内存（子进程 maxrss，冷构建）本项目 / 原版（≤ 1.5×）", lambda r: (
        f"{r['cold']['maxrss_mb']:.0f} MB / {r['plain_cold']['maxrss_mb']:.0f} MB"
        f" = **{r['cold']['maxrss_mb'] / r['plain_cold']['maxrss_mb']:.2f}×**"))
    add("网站总大小 本项目 / 原版", lambda r: f"{r['sizes']['site_mb']:.1f} MB / {r['plain_sizes']['site_mb']:.1f} MB")
    add("search_index.json 原始 / gzip", lambda r: f"{_kb(r['sizes']['index_raw'])} / {_kb(r['sizes']['index_gzip'])}")
    add("讲座页 HTML gzip 本项目（≤ 20 KB）/ 原版", lambda r: f"{_kb(r['sizes']['lecture_gzip'])} / {_kb(r['plain_sizes']['lecture_gzip'])}")
    for name, label in (("home", "首页"), ("lecture", "讲座页")):
        add(f"{label}首屏传输 gzip（≤ 150 KB）", lambda r, k=name: (
            f"{_kb(r['first_view'][k]['gzip'])}（{r['first_view'][k]['requests']} 个请求，"
            f"{'加载' if r['first_view'][k]['index_loaded'] else '未加载'}索引，站外请求 {len(r['first_view'][k]['outside'])}）"))
    add("原版讲座页首屏传输 gzip", lambda r: f"{_kb(r['plain_first_view']['lecture']['gzip'])}")
    add("搜索：打开搜索到首个结果（≤ 1 s @1000）本项目 / 原版", lambda r: f"{_s(r['search']['first'])} / {_s(r['plain_search']['first'])}")
    add("搜索：后续查询中位数（≤ 150 ms）本项目 / 原版", lambda r: f"{_s(r['search']['later_median'])} / {_s(r['plain_search']['later_median'])}")
    add("搜索 worker JS 堆 本项目 / 原版", lambda r: f"{_mb(r['search']['worker_heap'])} / {_mb(r['plain_search']['worker_heap'])}")
    add("页面主线程 JS 堆 本项目 / 原版", lambda r: f"{_mb(r['search']['page_heap'])} / {_mb(r['plain_search']['page_heap'])}")
    add("搜索：CPU 降速 4×（手机级）首个结果（≤ 2 s @1000）", lambda r: _s(r["search_phone"]["first"]))
    add("查准率 / 查全率 本项目（≥ 0.95 / ≥ 0.98）", lambda r: f"{r['quality']['precision']:.3f} / {r['quality']['recall']:.3f}")
    add("查准率 / 查全率 原版", lambda r: f"{r['plain_quality']['precision']:.3f} / {r['plain_quality']['recall']:.3f}")
    add("搜索评测 NDCG@5 / MRR（语料查询，≥ 0.95）", lambda r: (
        f"{r['judged']['ndcg']:.3f} / {r['judged']['mrr']:.3f}（{r['judged']['queries']} 个查询）"))
    add("复议机关 查准率 本项目 / 原版", lambda r: f"{r['quality']['per_query']['复议机关']['precision']:.2f} / {r['plain_quality']['per_query']['复议机关']['precision']:.2f}")
    return "\n".join(lines)


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value / 2**20:.1f} MB"


def machine() -> str:
    """CPU, cores, memory and tool versions, as one Markdown list."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    versions = "、".join(f"{p} {metadata.version(p)}" for p in ("properdocs", "mkdocs-material", "jieba", "pillow", "playwright"))
    return (f"- 机器：{cpu}，nproc = {os.cpu_count()}，内存 {mem / 2**20:.1f} GB，{platform.platform()}\n"
            f"- 软件：Python {platform.python_version()}、{versions}、{chromium or 'chromium ?'}\n"
            f"- 测量时间：{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}（同机另有其他进程运行时，时间会偏大）\n"
            f"- 机器负载（1 分钟平均）：开始 {_LOAD_AT_START[0]:.1f}，结束 {os.getloadavg()[0]:.1f}（2 核；超过 2 即有进程在排队等 CPU）")


def write_results(path: Path, text: str) -> None:
    """Replace the generated part of BENCHMARK.md, keeping the hand-written notes."""
    old = path.read_text(encoding="utf-8") if path.exists() else f"# 性能基准\n\n{START}\n{END}\n"
    head, _, rest = old.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each ``--n`` and print (and optionally record) the table."""
    parser = argparse.ArgumentParser(prog="farun.bench", description="本项目与原版 Material 的构建、页面和搜索性能对比")
    parser.add_argument("--n", type=int, action="append", help="条目数，可重复；默认 100 与 1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample-lectures", type=int, action="append",
                        help="另测“示例网站 + 这么多期讲座”（议题所说的 N=100 的构成），可重复；默认 100（0 表示不测）")
    parser.add_argument("--serve-n", type=int, action="append",
                        help="在这个 N 上测预览，可重复；默认 300 与 1000（0 表示不测）")
    parser.add_argument("--serve-edits", type=int, default=3, help="预览：正文和标题各修改几次（取中位数）")
    parser.add_argument("--preview-only", action="store_true",
                        help="只测预览；表中的构建与搜索各行沿用 bench-output/results.json")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--write", help="把结果写入这个文件（BENCHMARK.md）")
    parser.add_argument("--keep", action="store_true",
                        help="保留 bench-output/results.json 中其他 N 的结果（例如先单独测 N=5000，再测 100 和 1000）")
    parser.add_argument("--reuse-plain", type=int, action="append",
                        help="这个 N 不再构建原版，沿用 results.json 中上次测得的原版数字（表中注明测量时间）")
    parser.add_argument("--plain-once", action="store_true",
                        help="原版只构建一次，热构建沿用冷构建的时间（原版没有缓存；N=5000 时一次约 20 分钟）")
    parser.add_argument("--search-only", action="store_true",
                        help="只构建本项目并测搜索（首个结果、4× 降速、后续查询、查准率、评测查询集），只改写 BENCHMARK.md 中的搜索各行")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.search_only:
        for n in args.n or [1000]:
            _say(f"N={n}：构建本项目并测搜索…")
            row = searchbench.measure_search(n, args.seed, OUT, run_build)
            print(json.dumps(row, ensure_ascii=False, indent=1, default=str))
            if args.write:
                searchbench.update_rows(Path(args.write), n, row)
        return 0
    results = OUT / "results.json"
    keep = args.keep or bool(args.reuse_plain)
    kept = json.loads(results.read_text(encoding="utf-8")) if keep and results.is_file() else []
    rows = []
    plan = [(n, "") for n in ([] if args.preview_only else args.n or [100, 1000])]
    plan += [(n, SAMPLE) for n in ([] if args.preview_only else args.sample_lectures or [100]) if n > 0]
    merged = kept
    for n, kind in plan:
        reuse = n in (args.reuse_plain or []) and not kind
        earlier = next((r for r in kept if _key(r) == (n, kind)), None) if reuse else None
        if reuse and earlier is None:
            raise SystemExit(f"--reuse-plain {n}：bench-output/results.json 中没有 N={n} 的结果")
        # The sample-plus-lectures row is about build times; pages and search are measured on the mixed corpus.
        rows.append(measure(n, args.seed, not args.no_browser and not kind, args.plain_once, earlier, kind))
        merged = sorted([r for r in kept if _key(r) not in {_key(x) for x in rows}] + rows, key=_key)
        results.write_text(json.dumps(merged, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if args.preview_only:
        merged = json.loads(results.read_text(encoding="utf-8")) if results.is_file() else []
    previews_file = OUT / "preview.json"
    previews = json.loads(previews_file.read_text(encoding="utf-8")) if previews_file.is_file() else []
    serve_ns = [n for n in (args.serve_n or [300, 1000]) if n > 0]
    for n in serve_ns:  # plain Material's serve rebuilds everything per save: measured at the smallest N only
        fresh = measure_preview(n, args.seed, args.serve_edits, plain=n == min(serve_ns))
        previews = sorted([p for p in previews if p["n"] != n] + [fresh], key=lambda p: p["n"])
        previews_file.write_text(json.dumps(previews, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    text = machine() + "\n\n" + table(merged) + ("\n\n" + preview_table(previews) if previews else "")
    print(text)
    if args.write:
        write_results(Path(args.write), text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
