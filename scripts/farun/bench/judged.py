"""The judged query set (data/search_judgments.yml): NDCG@5 and MRR of the site's own search.

Each query names the pages a visitor means, the ones that should come first. For the
sample site they are listed; for the benchmark corpus (any N, seed 7) they are described
(the lecture of 期数 5, a speaker's page and lectures, a law's page and the items citing it,
a notice's 文号 ...) and found in the corpus' front matter.

The search itself is the real worker (docs/assets/javascripts/search-worker.js) run in
node by search_runner.js over the built site's compact index, online (search/farun-search.json and its shards)
or as the offline bundle carries it (search_index.js): the same code as in the browser.
"""

from __future__ import annotations

import json
import math
import subprocess
from typing import Any
from pathlib import Path
from urllib.parse import unquote

import yaml

ROOT = Path(__file__).resolve().parents[3]
JUDGMENTS = ROOT / "data" / "search_judgments.yml"
WORKER = ROOT / "docs" / "assets" / "javascripts" / "search-worker.js"
RUNNER = Path(__file__).with_name("search_runner.js")
CONTENT = ("lectures", "cases", "notices")
DEPTH = 5  # NDCG@5: what a phone shows without scrolling


def load(path: Path = JUDGMENTS) -> dict[str, list[dict]]:
    """``{"sample": [...], "corpus": [...]}``, each entry ``{"query": str, "first": list | dict}``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        part: [{**entry, "query": str(entry["query"])} for entry in data.get(part) or []]
        for part in ("sample", "corpus")
    }


def page_key(location: str) -> str:
    """One spelling of a page for both URL styles: ``lectures/x/`` (``lectures/x.html`` offline)."""
    path = unquote(location.split("#", 1)[0])
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    return path


def _items(docs_dir: Path) -> list[tuple[str, dict]]:
    from farun.content.frontmatter import parse

    found = []
    for folder in CONTENT:
        for path in sorted((docs_dir / folder).glob("*.md")):
            if path.name == "index.md":
                continue
            doc, _ = parse(path.read_bytes(), str(path))
            found.append((f"{folder}/{path.stem}/", (doc.data or {}) if doc else {}))
    return found


def resolve(rule: dict, docs_dir: Path) -> list[str]:
    """The pages a corpus rule describes (see data/search_judgments.yml)."""
    items = _items(docs_dir)
    if "episode" in rule:
        return [p for p, m in items if p.startswith("lectures/") and m.get("episode") == rule["episode"]]
    if "doc_no" in rule:
        return [p for p, m in items if rule["doc_no"] in (m.get("doc_no"), m.get("decision_no"))]
    if "speaker" in rule:
        return [f"speakers/{rule['speaker']}/"] + [p for p, m in items if m.get("speaker") == rule["speaker"]]
    if "law" in rule:
        law = rule["law"]
        return [f"laws/{law.strip('《》')}/"] + [p for p, m in items if law in (m.get("laws") or [])]
    if "topic" in rule:
        topic = rule["topic"]
        return [f"topics/{topic}/"] + [
            p
            for p, m in items
            if topic in str(m.get("title", "")) or topic in (m.get("tags") or []) or m.get("category") == topic
        ]
    if "title" in rule:
        return [p for p, m in items if rule["title"] in str(m.get("title", ""))]
    raise ValueError(f"search_judgments.yml: 无法识别的规则 {rule}")


def expected(entry: dict, docs_dir: Path) -> list[str]:
    """The pages that should come first for one judged query."""
    first = entry["first"]
    return [page_key(p) for p in first] if isinstance(first, list) else resolve(first, docs_dir)


def run(index: Path, queries: list[str], k: int = 10) -> dict[str, list[str]]:
    """The first ``k`` pages for each query, from the real worker in node over ``index``."""
    done = subprocess.run(
        ["node", str(RUNNER), str(WORKER), str(index), str(k)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
    )
    return {q: [page_key(r["location"]) for r in results] for q, results in json.loads(done.stdout).items()}


def ndcg(results: list[str], relevant: set[str], depth: int = DEPTH) -> float:
    """Binary-relevance NDCG at ``depth``."""
    if not relevant:
        return 1.0
    dcg = sum(1 / math.log2(i + 2) for i, page in enumerate(results[:depth]) if page in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), depth)))
    return dcg / ideal


def reciprocal_rank(results: list[str], relevant: set[str]) -> float:
    return next((1 / (i + 1) for i, page in enumerate(results) if page in relevant), 0.0)


def evaluate(index: Path, entries: list[dict], docs_dir: Path) -> dict:
    """Mean NDCG@5 and MRR over ``entries`` and each query's figures and top five."""
    truth = {e["query"]: set(expected(e, docs_dir)) for e in entries}
    found = run(index, list(truth))
    per: dict[str, dict[str, Any]] = {}
    for query, relevant in truth.items():
        per[query] = {
            "ndcg": ndcg(found[query], relevant),
            "rr": reciprocal_rank(found[query], relevant),
            "expected": len(relevant),
            "top": found[query][:DEPTH],
        }
    count = len(per) or 1
    return {
        "ndcg": sum(p["ndcg"] for p in per.values()) / count,
        "mrr": sum(p["rr"] for p in per.values()) / count,
        "queries": len(per),
        "per_query": per,
    }
