"""Benchmark measurements that need a browser or a running server (used by bench.py).

Headless Debian chromium through Playwright (tests/webtools.py); a static
loopback server without compression, so transfer sizes are computed as the
gzip size of every fetched file (what a gzip-enabled server sends).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests"))

from webtools import chromium_browser, serve_dir  # noqa: E402

RESULT = ".md-search-result__item"
META = ".md-search-result__meta"
WORKER_QUERY = """async ({queries, first}) => {
  const cfg = JSON.parse(document.getElementById("__config").textContent);
  const worker = new Worker(cfg.search);
  const call = msg => new Promise(done => { worker.onmessage = ev => done(ev.data); worker.postMessage(msg); });
  const base = new URL(cfg.base, location);
  let reply = await fetch(new URL("search/farun-search.json", base));
  if (!reply.ok) reply = await fetch(new URL("search/search_index.json", base));  // plain Material: Lunr's own index
  const stub = await reply.json();
  await call({type: 0, data: {config: stub.config, docs: stub.docs, options: {suggest: false}}});
  const out = {};
  for (const q of queries) {
    const res = await call({type: 2, data: q});
    out[q] = res.data.items.map(group => group[0].location.split("#")[0]);
  }
  worker.terminate();
  return out;
}"""


def gzip_size(data: bytes) -> int:
    """Bytes a gzip-enabled server sends for ``data`` (never more than the raw size)."""
    return min(len(data), len(gzip.compress(data, 6, mtime=0)))


def _file_for(url: str, base: str, site: Path) -> Path | None:
    path = unquote(urlparse(url).path)
    prefix = urlparse(base).path
    if not path.startswith(prefix):
        return None
    rel = path[len(prefix) :]
    target = site / rel
    return target / "index.html" if rel.endswith("/") or target.is_dir() else target


def first_view(site: Path, pages: dict[str, str]) -> dict[str, dict]:
    """For each page (name -> site-relative URL): requests, raw bytes and gzip bytes of a first view."""
    out = {}
    with serve_dir(site) as base, chromium_browser() as browser:
        for name, rel in pages.items():
            context = browser.new_context()
            page = context.new_page()
            urls: list[str] = []
            page.on("request", lambda req: urls.append(req.url))
            page.goto(base + rel, wait_until="load")
            page.wait_for_timeout(1500)  # late fetches (search index, sitemap) start after load
            outside = [u for u in urls if not u.startswith(base) and not u.startswith("data:")]
            raw = gz = 0
            for url in dict.fromkeys(urls):
                target = _file_for(url, base, site)
                if target is not None and target.is_file():
                    data = target.read_bytes()
                    raw, gz = raw + len(data), gz + gzip_size(data)
            out[name] = {
                "requests": len(set(urls)),
                "raw": raw,
                "gzip": gz,
                "outside": outside,
                "index_loaded": any(u.endswith("search_index.json") for u in urls),
            }
            context.close()
    return out


def _open_search(page) -> None:
    page.click("input[data-md-component=search-query]", timeout=10000)  # desktop header search box
    page.wait_for_function(
        "document.activeElement && document.activeElement.matches('[data-md-component=search-query]')"
    )


def _wait_result(page, timeout_ms: int = 120000) -> None:
    page.wait_for_function(
        f"""() => {{ const m = document.querySelector('{META}');
             return m && /\\d|没有/.test(m.textContent); }}""",
        timeout=timeout_ms,
    )


def search_timings(site: Path, rel: str, queries: list[str], cpu_throttle: float = 1) -> dict:
    """Fresh page: click search, type the first query, wait for results; then later queries.

    ``cpu_throttle`` > 1 slows the page's CPU like DevTools' phone presets
    (CDP ``Emulation.setCPUThrottlingRate``), set after the page has loaded.
    """
    stub = site / "search" / "farun-search.json"
    shards = (
        len(json.loads(stub.read_text(encoding="utf-8"))["config"].get("farun_shards", [])) if stub.is_file() else 0
    )
    with serve_dir(site) as base, chromium_browser() as browser:
        page = browser.new_page()
        fetched: list[str] = []
        page.context.on("requestfinished", lambda r: fetched.append(r.url) if "/search/farun-index-" in r.url else None)
        client = page.context.new_cdp_session(page)
        client.send("Performance.enable")
        page.goto(base + rel, wait_until="load")
        if cpu_throttle > 1:
            client.send("Emulation.setCPUThrottlingRate", {"rate": cpu_throttle})
        start = time.perf_counter()
        _open_search(page)
        page.keyboard.type(queries[0])  # CJK text is inserted without key events, as by an IME ...
        page.keyboard.press("End")  # ... whose commit ends with a keyup, which Material listens to
        _wait_result(page)
        first = time.perf_counter() - start
        later = []
        box = "input[data-md-component=search-query]"
        for query in queries[1:6]:
            page.fill(box, "")
            page.keyboard.press("End")  # Material reads the query on keyup
            page.wait_for_function(f"() => !/\\d|没有/.test(document.querySelector('{META}').textContent)")
            start = time.perf_counter()
            page.fill(box, query)
            page.keyboard.press("End")
            _wait_result(page)
            later.append(time.perf_counter() - start)
        deadline = time.perf_counter() + 300  # the heap of the whole index: every shard fetched and added
        while len(fetched) < shards and time.perf_counter() < deadline:
            page.wait_for_timeout(200)
        page.wait_for_timeout(1000)
        metrics = {m["name"]: m["value"] for m in client.send("Performance.getMetrics")["metrics"]}
        worker_heap = _worker_heap(browser, page)
        return {
            "first": first,
            "later_median": statistics.median(later) if later else None,
            "page_heap": metrics.get("JSHeapUsedSize"),
            "worker_heap": worker_heap,
        }


def _worker_heap(browser, page) -> float | None:
    """Used JS heap of the page's web worker (the search worker), through the browser's CDP target API."""
    cdp = browser.new_browser_cdp_session()
    workers = [t for t in cdp.send("Target.getTargets")["targetInfos"] if t["type"] == "worker"]
    if not workers:
        return None
    replies: list[dict] = []
    cdp.on("Target.receivedMessageFromTarget", lambda ev: replies.append(json.loads(ev["message"])))
    session = cdp.send("Target.attachToTarget", {"targetId": workers[0]["targetId"], "flatten": False})["sessionId"]
    cdp.send(
        "Target.sendMessageToTarget",
        {"sessionId": session, "message": json.dumps({"id": 1, "method": "Runtime.getHeapUsage"})},
    )
    for _ in range(100):
        answer = next((r for r in replies if r.get("id") == 1), None)
        if answer:
            return float(answer["result"]["usedSize"])
        page.wait_for_timeout(100)
    return None


def search_quality(site: Path, rel: str, truth: dict[str, list[str]]) -> dict:
    """Run the site's own search worker on each query; precision/recall against the corpus truth."""
    with serve_dir(site) as base, chromium_browser() as browser:
        page = browser.new_page()
        page.goto(base + rel, wait_until="load")
        _open_search(page)  # a lazily loaded index is released when search opens
        found = page.evaluate(WORKER_QUERY, {"queries": list(truth), "first": True})
    per, hit_sum, got_sum, want_sum = {}, 0, 0, 0
    for query, expected in truth.items():
        items = {loc for loc in found.get(query, []) if _is_item(loc)}
        want = set(expected)
        hits = len(items & want)
        per[query] = {
            "precision": hits / len(items) if items else 1.0,
            "recall": hits / len(want) if want else 1.0,
            "results": len(items),
            "truth": len(want),
        }
        hit_sum, got_sum, want_sum = hit_sum + hits, got_sum + len(items), want_sum + len(want)
    return {
        "precision": hit_sum / got_sum if got_sum else 1.0,
        "recall": hit_sum / want_sum if want_sum else 1.0,
        "per_query": per,
    }


def _is_item(location: str) -> bool:
    parts = location.strip("/").split("/")
    return len(parts) == 2 and parts[0] in {"lectures", "cases", "notices"} and parts[1] != "index"


def serve_edit(
    project: Path,
    command: list[str],
    lecture: Path,
    url_path: str,
    timeout: float = 900,
    list_path: str | None = None,
    edits: int = 1,
) -> dict:
    """Start a preview server; ``edits`` times save a one-line edit of ``lecture`` and time until the page shows it.

    With ``list_path`` (e.g. "lectures/"), then ``edits`` times change the lecture's title and time
    until that list page shows the new title. ``edit`` and ``title_edit`` are medians; the single
    times are kept in ``edits`` and ``title_edits``. Each time runs from the save to an HTTP response
    containing the change (polled every 50 ms).
    """
    port = _free_port()
    env = {**os.environ, "DEV_ADDR": f"127.0.0.1:{port}", "NO_MKDOCS_2_WARNING": "1"}
    cmd = [c.replace("{port}", str(port)) for c in command]
    proc = subprocess.Popen(
        cmd, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    original = lecture.read_text(encoding="utf-8")
    alive = lambda: proc.poll() is None  # noqa: E731
    try:
        start = time.perf_counter()
        base = _poll(
            f"http://127.0.0.1:{port}/", lambda body: "</html>" in body, timeout, True, alive
        )  # site_url's path
        url = base.rstrip("/") + "/" + url_path
        _poll(url, lambda body: "</html>" in body, 60, alive=alive)
        result: dict = {"startup": time.perf_counter() - start, "edits": [], "title_edits": []}
        for number in range(edits):
            time.sleep(2)  # let the watcher settle after the first build or the previous save
            marker = f"基准测试修改标记{number}x{int(time.time())}"
            lecture.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            start, cpu = time.perf_counter(), session_cpu(proc.pid)
            _poll(url, lambda body: marker in body, timeout, alive=alive)
            result["edits"].append(time.perf_counter() - start)
            result.setdefault("edit_cpus", []).append(session_cpu(proc.pid) - cpu)
        result["edit"] = statistics.median(result["edits"])
        for number in range(edits if list_path is not None else 0):
            time.sleep(2)
            title = f"基准测试新标题{number}x{int(time.time())}"
            lecture.write_text(
                re.sub(r"^title: .*$", f"title: {title}", original, count=1, flags=re.M), encoding="utf-8"
            )
            start, cpu = time.perf_counter(), session_cpu(proc.pid)
            _poll(base.rstrip("/") + "/" + str(list_path), lambda body: title in body, timeout, alive=alive)
            result["title_edits"].append(time.perf_counter() - start)
            result.setdefault("title_cpus", []).append(session_cpu(proc.pid) - cpu)
        if result["title_edits"]:
            result["title_edit"] = statistics.median(result["title_edits"])
        return result
    finally:
        lecture.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGINT)  # like Ctrl+C: properdocs serve removes its temporary site folder
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def session_cpu(session: int) -> float:
    """CPU seconds (user + system) used so far by every process of a session (the preview server and its
    children): unlike wall time, it hardly depends on how busy the machine is. Linux /proc; 0 elsewhere."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session:  # field 6, the session id
            total += int(fields[11]) + int(fields[12])  # fields 14 and 15, utime and stime
    return total / os.sysconf("SC_CLK_TCK")


def _poll(url: str, ok, timeout: float, any_status: bool = False, alive=None) -> str:
    """Fetch ``url`` until ``ok(body)``; return the final URL (after redirects)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if alive is not None and not alive():
            raise TimeoutError(f"预览服务器已退出，没有显示：{url}")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if ok(response.read().decode("utf-8", "replace")):
                    return response.geturl()
        except urllib.error.HTTPError as exc:  # a site without index.md answers 404 at its root
            if any_status and ok(exc.read().decode("utf-8", "replace")):
                return exc.geturl()
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"预览在 {timeout:.0f} 秒内没有显示修改：{url}")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
