"""Ranking by field, the judged query set (data/search_judgments.yml) and the worker's matching rules.

The real worker (docs/assets/javascripts/search-worker.js) runs in node
(scripts/farun/bench/search_runner.js) over a built compact index, as in the browser.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest

from farun.bench import corpus, judged
from farun.publish import searchindex
from support import TEST_EPOCH, mkdocs_build

THRESHOLD = 0.95


def _report(result: dict) -> str:
    bad = {q: p for q, p in result["per_query"].items() if p["ndcg"] < 1}
    return "\n".join(f"{q}: NDCG@5 {p['ndcg']:.2f}，前 5 条 {p['top']}" for q, p in bad.items())


def test_the_query_set_is_large_enough_and_every_query_has_an_answer(built_site: Path):
    sets = judged.load()
    assert len(sets["sample"]) + len(sets["corpus"]) >= 40
    assert len({e["query"] for e in sets["sample"]}) == len(sets["sample"])
    pages = {judged.page_key(row[0]) for row in searchindex.read(built_site)["docs"]}
    for entry in sets["sample"]:
        missing = set(judged.expected(entry, judged.ROOT / "docs")) - pages
        assert entry["first"] and not missing, f"{entry['query']}: {missing} 不在网站中"


def test_judged_sample_queries(built_site: Path):
    result = judged.evaluate(built_site / "search" / "farun-search.json", judged.load()["sample"], judged.ROOT / "docs")
    assert result["ndcg"] >= THRESHOLD and result["mrr"] >= THRESHOLD, _report(result)


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> tuple[Path, Path]:
    """The benchmark corpus (seed 7) at N=60, built: (docs dir, site dir)."""
    work = tmp_path_factory.mktemp("corpus")
    project = corpus.write_project(work / "proj", 60)
    result = mkdocs_build(project, work / "site", TEST_EPOCH, {"PYTHONPATH": str(project / "scripts")})
    assert result.returncode == 0, result.stderr
    return project / "docs", work / "site"


def test_judged_corpus_queries(corpus_site):
    docs, site = corpus_site
    entries = judged.load()["corpus"]
    for entry in entries:
        assert judged.expected(entry, docs), f"语料中没有“{entry['query']}”应当找到的页面"
    result = judged.evaluate(site / "search" / "farun-search.json", entries, docs)
    assert result["ndcg"] >= THRESHOLD and result["mrr"] >= THRESHOLD, _report(result)


def test_ndcg_and_reciprocal_rank():
    assert judged.ndcg(["a", "b"], {"a"}) == 1.0
    assert judged.ndcg(["b", "a"], {"a"}) == pytest.approx(1 / math.log2(3))
    assert judged.ndcg(["x", "y", "z", "w", "v", "a"], {"a"}) == 0.0
    assert judged.ndcg(["a", "x", "b"], {"a", "b"}) == pytest.approx((1 + 0.5) / (1 + 1 / math.log2(3)))
    assert judged.reciprocal_rank(["x", "a"], {"a"}) == 0.5 and judged.reciprocal_rank(["x"], {"a"}) == 0.0
    assert judged.page_key("topics/%E7%BD%91%E7%BA%A6%E8%BD%A6.html") == "topics/网约车/"
    assert judged.page_key("lectures/index.html#x") == "lectures/" and judged.page_key("index.html") == ""


# --- the worker's rules, on small hand-made indexes ------------------------------------------


def _index(pages: dict[str, dict]) -> dict:
    """A compact index: {location: {title, text, kind, date, episode, fields, summary, names, tags, sections}}."""
    docs, meta, lists = [], {}, []
    for location, p in pages.items():
        docs.append([location, p.get("title", ""), p.get("text", ""), p.get("tags", [])])
        for anchor, (heading, text) in enumerate(p.get("sections", [])):
            docs.append([f"{location}#s{anchor}", heading, text])
        kind = p.get("kind", "lecture")
        meta[location] = [
            kind,
            p.get("date"),
            p.get("episode"),
            p.get("fields", ""),
            p.get("summary", ""),
            p.get("names", []),
        ]
        if kind in {"topic", "speaker", "law", "list"}:
            lists.append(location)
    return {"docs": docs, "lists": lists, "pages": meta}


def _search(tmp_path: Path, pages: dict[str, dict], queries: list[str]) -> dict[str, list[dict]]:
    path = tmp_path / "index.json"
    path.write_text(json.dumps(_index(pages), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        ["node", str(judged.RUNNER), str(judged.WORKER), str(path), "10"],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _order(found: dict, query: str) -> list[str]:
    return [r["location"] for r in found[query]]


def test_fields_rank_in_order_title_fields_summary_headings_body(tmp_path):
    pages = {
        "body/": {"title": "甲", "text": "正文提到信用修复。", "date": "2024-01-01"},
        "heading/": {"title": "乙", "sections": [("信用修复的条件", "条件")], "date": "2024-01-01"},
        "summary/": {"title": "丙", "summary": "讲信用修复。", "date": "2024-01-01"},
        "fields/": {"title": "丁", "fields": "第3期 ｜ 信用修复", "date": "2024-01-01"},
        "title/": {"title": "信用修复实务", "date": "2020-01-01"},
    }
    found = _search(tmp_path, pages, ["信用修复"])
    assert _order(found, "信用修复") == ["title/", "fields/", "summary/", "heading/", "body/"]


def test_items_before_lists_unless_the_query_is_the_lists_name(tmp_path):
    pages = {
        "topics/x/": {"title": "网约车", "kind": "topic", "names": ["网约车"]},
        "archive/": {"title": "网约车合集", "kind": "list"},
        "case/": {"title": "某案", "text": "网约车", "kind": "case", "date": "2023-01-01"},
        "lecture/": {"title": "网约车监管", "date": "2022-01-01"},
    }
    found = _search(tmp_path, pages, ["网约车", "网约车合集", "网约车 监管"])
    assert _order(found, "网约车") == ["topics/x/", "lecture/", "case/", "archive/"]
    assert _order(found, "网约车合集") == ["archive/"]
    assert _order(found, "网约车 监管") == ["lecture/"]


def test_ties_go_to_the_newer_item_and_a_phrase_beats_its_words_apart(tmp_path):
    pages = {
        "old/": {"title": "行政复议讲座", "date": "2021-05-01"},
        "new/": {"title": "行政复议讲座", "date": "2024-05-01"},
        "apart/": {"title": "行政执法与复议", "date": "2025-01-01"},
    }
    found = _search(tmp_path, pages, ["行政复议讲座", "行政 复议"])
    assert _order(found, "行政复议讲座") == ["new/", "old/"]
    assert _order(found, "行政 复议") == ["new/", "old/", "apart/"]


def test_episodes_numbers_brackets_and_full_width_forms(tmp_path):
    pages = {
        "ep6/": {"title": "甲", "fields": "第6期 ｜ 张三", "date": "2023-01-01"},
        "ep16/": {"title": "乙", "fields": "第16期 ｜ 李四", "date": "2024-01-01"},
        "ep12/": {"title": "丙", "fields": "第12期", "date": "2022-01-01"},
        "n58/": {"title": "公示一", "fields": "绍市交执罚〔2026〕58号", "kind": "notice", "date": "2026-01-01"},
        "n158/": {"title": "公示二", "fields": "绍市交执罚〔2026〕158号", "kind": "notice", "date": "2026-02-01"},
        "etc/": {"title": "ETC 通行", "date": "2020-01-01"},
    }
    queries = [
        "第6期",
        "第六期",
        "第十二期",
        "第１２期",
        "58号",
        "绍市交执罚(2026)58号",
        "绍市交执罚［2026］158号",
        "ｅｔｃ",
        "etc",
    ]
    found = _search(tmp_path, pages, queries)
    assert _order(found, "第6期") == _order(found, "第六期") == ["ep6/"]
    assert _order(found, "第十二期") == _order(found, "第１２期") == ["ep12/"]
    assert _order(found, "58号") == _order(found, "绍市交执罚(2026)58号") == ["n58/"]
    assert _order(found, "绍市交执罚［2026］158号") == ["n158/"]
    assert _order(found, "ｅｔｃ") == _order(found, "etc") == ["etc/"]


def test_results_say_what_they_are_and_escape_staff_text(tmp_path):
    pages = {
        "lecture/": {
            "title": "<img src=x onerror=alert(1)>讲座",
            "date": "2023-11-23",
            "episode": 6,
            "tags": ["<b>网约车</b>"],
            "text": "网约车 <script>",
        },
        "notice/": {"title": "网约车公告", "kind": "notice", "date": "2024-01-05"},
        "topics/x/": {"title": "网约车", "kind": "topic", "names": ["网约车"]},
    }
    found = _search(tmp_path, pages, ["网约车"])
    by = {r["location"]: r for r in found["网约车"]}
    assert '<span class="fr-result-meta">讲座 · 第6期 · 2023年11月23日</span>' in by["lecture/"]["title"]
    assert "<img" not in by["lecture/"]["title"] and "&lt;img" in by["lecture/"]["title"]
    assert by["lecture/"]["tags"] == ["&lt;b&gt;网约车&lt;/b&gt;"] and "<script>" not in by["lecture/"]["text"]
    assert by["notice/"]["title"].endswith('<span class="fr-result-meta">公告 · 2024年1月5日</span>')
    assert by["topics/x/"]["title"].endswith('<span class="fr-result-meta">主题</span>')


def test_scattered_characters_only_when_nothing_has_the_words_as_typed(tmp_path):
    pages = {
        "both/": {"title": "网约车监管", "summary": "讲信用修复。", "date": "2023-01-01"},
        "one/": {"title": "网约车", "date": "2024-01-01"},
        "typo/": {"title": "行政复议法解读", "date": "2022-01-01"},
    }
    found = _search(tmp_path, pages, ["网约车信用修复", "行政复义", "网约车", "量子力学"])
    assert _order(found, "网约车信用修复") == ["both/"]  # most character pairs there; "one/" has too few
    assert _order(found, "行政复义") == ["typo/"]
    assert "<mark>行政复</mark>议" in found["行政复义"][0]["title"]  # overlapping pairs: one mark
    assert _order(found, "网约车") == ["one/", "both/"]  # exact words: no pairs, newer first on a tie
    assert found["量子力学"] == []


def test_many_shards_rank_as_one_index(corpus_site, tmp_path: Path):
    """The worker adds shard after shard: cut into shards of 7 pages, the corpus answers every query as whole."""
    docs, site = corpus_site
    whole = searchindex.read(site)
    stub = json.loads((site / "search" / "farun-search.json").read_text(encoding="utf-8"))
    (tmp_path / "search").mkdir()
    names = []
    for number, shard in enumerate(searchindex.shards(whole, 7), 1):
        name = searchindex.SHARD.format(number)
        (tmp_path / "search" / name).write_text(json.dumps(shard, ensure_ascii=False), encoding="utf-8")
        names.append(name + "?v=x")
    assert len(names) > 5
    stub["config"]["farun_shards"] = names
    (tmp_path / "search" / "farun-search.json").write_text(json.dumps(stub, ensure_ascii=False), encoding="utf-8")
    queries = [e["query"] for e in judged.load()["corpus"]] + ["行政", "第3期", "网约车 处罚"]
    assert judged.run(tmp_path / "search" / "farun-search.json", queries) == judged.run(
        site / "search" / "farun-search.json", queries
    )
