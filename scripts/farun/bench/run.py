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
import shutil
import subprocess
import sys
import time
from pathlib import Path

from farun.bench import web as benchweb
from farun.bench import corpus, searchbench
from farun.bench.report import SAMPLE, machine, preview_table, table, write_results
from farun.publish import searchindex

ROOT = Path(__file__).resolve().parents[3]
EPOCH = int(dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.timezone.utc).timestamp())  # build day 2026-11-25
OUT = ROOT / "bench-output"
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


def run_build(
    project: Path, config: str, site: Path, timings: Path | None = None, env_extra: dict | None = None
) -> dict:
    """One ``properdocs build`` in a subprocess: wall time, the child's peak RSS, phases."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(EPOCH),
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(project / "scripts"),
        **(env_extra or {}),
    }
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
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "phases": phases,
    }


# Generated list pages (each page of a paginated list): their largest page is bounded by site/paginate.PER_PAGE.
LIST_PAGES = (
    "*/page/*/index.html",
    "archive/**/index.html",
    "topics/**/index.html",
    "speakers/**/index.html",
    "laws/**/index.html",
)
LIST_FIRST = ("lectures/index.html", "cases/index.html", "notices/index.html")


def _largest_list_page(site: Path) -> tuple[str, bytes]:
    """The largest generated list page's path and bytes ("" when the site has none)."""
    found = {p for pattern in LIST_PAGES for p in site.glob(pattern)} | {site / rel for rel in LIST_FIRST}
    sized = [(p.stat().st_size, p) for p in found if p.is_file()]
    if not sized:
        return "", b""
    largest = max(sized)[1]
    return largest.relative_to(site).as_posix(), largest.read_bytes()


def _search_files(site: Path) -> list[bytes]:
    """The search index as a browser fetches it: plain Material's one file, or our stub and its shards."""
    search = site / "search"
    stub = search / searchindex.STUB
    if not stub.is_file():
        return [(search / "search_index.json").read_bytes()]
    names = json.loads(stub.read_text(encoding="utf-8"))["config"]["farun_shards"]
    return [stub.read_bytes()] + [(search / name.split("?", 1)[0]).read_bytes() for name in names]


def _sizes(site: Path, lecture_rel: str) -> dict:
    index = _search_files(site)  # each file gzipped on its own, as a server sends it
    page = (site / lecture_rel / "index.html").read_bytes()
    list_rel, list_page = _largest_list_page(site)
    return {
        "list_page": list_rel,
        "list_raw": len(list_page),
        "list_gzip": benchweb.gzip_size(list_page),
        "index_raw": sum(len(part) for part in index),
        "index_gzip": sum(benchweb.gzip_size(part) for part in index),
        "index_files": len(index),
        "lecture_raw": len(page),
        "lecture_gzip": benchweb.gzip_size(page),
        "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20,
    }


PLAIN_KEYS = (
    "plain_cold",
    "plain_warm",
    "plain_once",
    "plain_sizes",
    "plain_first_view",
    "plain_search",
    "plain_quality",
)


REPEATS = 5  # rounds of builds for N <= 300 (median)


def _key(row: dict) -> tuple[int, str]:
    return row["n"], row.get("kind", "")


def measure(
    n: int, seed: int, browser: bool, plain_once: bool = False, plain_from: dict | None = None, kind: str = ""
) -> dict:
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
            runs["plain_warm"].append(
                runs["plain_cold"][-1] if plain_once else run_build(project, "mkdocs.plain.yml", plain_site)
            )
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
    # The newest lecture: the first page of the lecture list shows it, however long the list (50 a page).
    lecture = sorted((project / "docs" / "lectures").glob("*.md"))[-1]
    lecture_rel = f"lectures/{lecture.stem}/"
    row: dict = {
        "n": n,
        "split": corpus.split(n),
        "measured": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "load": os.getloadavg()[0],
    }
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


def _say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each ``--n`` and print (and optionally record) the table."""
    parser = argparse.ArgumentParser(prog="farun.bench", description="本项目与原版 Material 的构建、页面和搜索性能对比")
    parser.add_argument("--n", type=int, action="append", help="条目数，可重复；默认 100 与 1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--sample-lectures",
        type=int,
        action="append",
        help="另测“示例网站 + 这么多期讲座”（议题所说的 N=100 的构成），可重复；默认 100（0 表示不测）",
    )
    parser.add_argument(
        "--serve-n", type=int, action="append", help="在这个 N 上测预览，可重复；默认 300 与 1000（0 表示不测）"
    )
    parser.add_argument("--serve-edits", type=int, default=3, help="预览：正文和标题各修改几次（取中位数）")
    parser.add_argument(
        "--preview-only", action="store_true", help="只测预览；表中的构建与搜索各行沿用 bench-output/results.json"
    )
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--write", help="把结果写入这个文件（BENCHMARK.md）")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="保留 bench-output/results.json 中其他 N 的结果（例如先单独测 N=5000，再测 100 和 1000）",
    )
    parser.add_argument(
        "--reuse-plain",
        type=int,
        action="append",
        help="这个 N 不再构建原版，沿用 results.json 中上次测得的原版数字（表中注明测量时间）",
    )
    parser.add_argument(
        "--plain-once",
        action="store_true",
        help="原版只构建一次，热构建沿用冷构建的时间（原版没有缓存；N=5000 时一次约 20 分钟）",
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="只构建本项目并测搜索（首个结果、4× 降速、后续查询、查准率、评测查询集），只改写 BENCHMARK.md 中的搜索各行",
    )
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
