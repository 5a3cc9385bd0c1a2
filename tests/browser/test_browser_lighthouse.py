"""Lighthouse (mobile) on one page of every type: no failing audit in accessibility, best practices or SEO.

The session's built site is served under /fxjt/ as deployed, on a host whose own robots.txt is at its root
(conftest.deployed_url). tests/browser/lighthouse.mjs runs the pinned npm ``lighthouse`` in Debian's chromium (two at once, each
taking every other page), and keeps each JSON report under test-output/lighthouse/. Every audit of the three categories
that has a score must score 1; audits without one (not applicable, manual, informative) are not judged. No request
may leave the test server. The search page is the home page opened with ``?q=`` (Material opens its search with it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

from browser_helpers import ROOT, page_types
from webtools import CHROMIUM, serve_dir

OUT = ROOT / "test-output" / "lighthouse"
RUNNER = ROOT / "tests" / "browser" / "lighthouse.mjs"
CATEGORIES = ("accessibility", "best-practices", "seo")
RUNNERS = 2


def failing_audits(report: dict) -> list[str]:
    """'category id (title): score — explanation' and the first places it names, for every audit of the categories
    that has a score below 1."""
    found = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit["score"] is not None and audit["score"] < 1:
                why = audit.get("explanation") or audit.get("displayValue") or ""
                found.append(
                    f"{category} {audit['id']} ({audit['title']}): {audit['score']}{' — ' + why if why else ''}"
                    + "".join(f"\n    {where}" for where in _places(audit))
                )
    return found


def _places(audit: dict) -> list[str]:
    """The first few elements or URLs an audit names."""
    places = []
    for item in (audit.get("details") or {}).get("items", [])[:3]:
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        location = item.get("sourceLocation") if isinstance(item.get("sourceLocation"), dict) else {}
        message = " ".join(filter(None, [item.get("description"), location.get("url")]))  # errors-in-console
        places.append(node.get("selector") or node.get("snippet") or item.get("url") or message or str(item)[:160])
    return places


def outside_requests(report: dict, base: str) -> list[str]:
    """Every request of the page's load that did not go to the test server."""
    host = base.split("/", 3)[:3]
    items = report["audits"]["network-requests"]["details"]["items"]
    assert items, "network-requests 没有记录任何请求"
    return [
        item["url"] for item in items if item["url"].split("/", 3)[:3] != host and not item["url"].startswith("data:")
    ]


# A page with what the audits must catch, run with the others so the test shows it can fail.
BROKEN = b"""<!doctype html><html><head><meta charset="utf-8"></head>
<body><img src="a.png"><img src="http://outside.invalid/b.png"><a href="javascript:void(0)">here</a></body></html>"""
BROKEN_FINDS = {
    "document-title",
    "html-has-lang",
    "image-alt",
    "meta-description",
    "viewport",
    "crawlable-anchors",
    "errors-in-console",
    "is-on-https",
}


def test_lighthouse_every_page_type(deployed_url, built_site, tmp_path):
    assert (ROOT / "node_modules" / "lighthouse").is_dir(), (
        "缺少 node_modules/lighthouse，请先运行 tests/setup.sh（npm ci）"
    )
    urls = {
        name: deployed_url + ("?q=网约车" if path == "#search" else path)
        for name, path in page_types(built_site).items()
    }
    (tmp_path / "broken.html").write_bytes(BROKEN)
    shutil.rmtree(OUT, ignore_errors=True)
    started = time.monotonic()
    with serve_dir(tmp_path) as broken_base:
        pages = [f"broken={broken_base}broken.html", *(f"{name}={url}" for name, url in urls.items())]
        # Two browsers, each taking every other page: a load spends much of its time waiting for quiet, so two
        # runners on two cores take ~2/3 of the time of one (measured interleaved on the loaded shared machine).
        runs = [
            subprocess.Popen(
                ["node", str(RUNNER), str(OUT), *pages[i::RUNNERS]],
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(RUNNERS)
        ]
        results = [run.communicate(timeout=900) for run in runs]
    for run, (_, stderr) in zip(runs, results):
        assert run.returncode == 0, stderr[-3000:]
    broken = json.loads((OUT / "broken.json").read_text(encoding="utf-8"))
    found = {line.split()[1] for line in failing_audits(broken)}  # "category id (title)…"
    assert BROKEN_FINDS <= found, f"坏页面应当未通过 {sorted(BROKEN_FINDS - found)}；实际未通过：{sorted(found)}"
    assert outside_requests(broken, broken_base) == ["http://outside.invalid/b.png"], broken["audits"][
        "network-requests"
    ]
    failures, scores = [], []
    for name, url in urls.items():
        report = json.loads((OUT / f"{name}.json").read_text(encoding="utf-8"))
        where = f"{name} {url[len(deployed_url) - 1 :]}"
        if report.get("runtimeError"):
            failures.append(f"{where}: Lighthouse 未能检查：{report['runtimeError']}")
            continue
        assert report["configSettings"]["formFactor"] == "mobile" and report["finalDisplayedUrl"].startswith(
            deployed_url
        ), where
        failures += [f"{where}: {line}" for line in failing_audits(report)]
        failures += [f"{where}: 站外请求 {line}" for line in outside_requests(report, deployed_url)]
        failures += [f"{where}: Lighthouse 警告 {line}" for line in report.get("runWarnings", [])]
        scores.append(f"{name} " + "/".join(f"{report['categories'][c]['score']:g}" for c in CATEGORIES))
    print(
        f"Lighthouse {len(urls)} page types in {time.monotonic() - started:.1f} s (a11y/BP/SEO): " + ", ".join(scores)
    )
    assert not failures, "\n".join(failures)
