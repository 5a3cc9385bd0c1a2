"""The benchmark's synthetic corpus: deterministic, valid, buildable, with a correct search truth."""

from __future__ import annotations

import os
import subprocess
import sys

from support import TEST_EPOCH, mkdocs_build

from farun.bench import corpus


def test_same_seed_gives_same_files_and_another_seed_differs():
    first = corpus.generate(30, seed=3)
    assert first == corpus.generate(30, seed=3)
    assert first != corpus.generate(30, seed=4)


def test_split_and_sizes():
    files = corpus.generate(30, seed=1)
    kinds = [src.split("/")[0] for src in files]
    assert (kinds.count("lectures"), kinds.count("cases"), kinds.count("notices")) == corpus.split(30) == (10, 10, 10)
    assert corpus.split(100) == (33, 33, 34)
    for text in files.values():
        body = text.split("\n---\n", 1)[1]
        assert len(body) >= 1500, "each item carries about 1,500 characters"
        assert "\n## " in body and "\n- " in body or "|---|" in body


def test_written_project_passes_check_and_builds(tmp_path):
    proj = corpus.write_project(tmp_path / "proj", 12, seed=5)
    assert sorted(p.name for p in (proj / "docs" / "lectures").iterdir()) == sorted(
        src.split("/")[1] for src in corpus.generate(12, seed=5) if src.startswith("lectures/")
    )
    env = {**os.environ, "PYTHONPATH": str(proj / "scripts"), "SOURCE_DATE_EPOCH": str(TEST_EPOCH)}
    check = subprocess.run([sys.executable, "-m", "farun", "check"], cwd=proj, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "讲座 4 期、案例 4 个、公告 4 条" in check.stdout
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    lecture = next((proj / "docs" / "lectures").glob("*.md")).stem
    assert (tmp_path / "site" / "lectures" / lecture / "index.html").is_file()
    assert (tmp_path / "site" / "search" / "farun-search.json").is_file()


def test_search_truth_lists_exactly_the_items_containing_each_term(tmp_path):
    docs = tmp_path / "docs"
    (docs / "lectures").mkdir(parents=True)
    (docs / "cases").mkdir()
    (docs / "lectures" / "a.md").write_text("---\ntitle: 行政复议要点\n---\n\n复议机关应当审查。\n", encoding="utf-8")
    (docs / "lectures" / "b.md").write_text(
        "---\ntitle: 讲座\n---\n\n行政复议的范围；不是复议 机关。\n", encoding="utf-8"
    )
    (docs / "cases" / "c.md").write_text("---\ntitle: 超限运输案\nsummary: 复议机关\n---\n\n正文。\n", encoding="utf-8")
    truth = corpus.search_truth(docs, ("行政复议", "复议机关", "超限运输", "网约车"))
    assert truth == {
        "行政复议": ["lectures/a/", "lectures/b/"],
        "复议机关": [
            "cases/c/",
            "lectures/a/",
        ],  # not b (split by a space); c shows it in its summary, which search finds
        "超限运输": ["cases/c/"],
        "网约车": [],
    }


def test_truth_of_generated_corpus_matches_a_plain_scan(tmp_path):
    files = corpus.generate(24, seed=2)
    for src, text in files.items():
        (tmp_path / src).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / src).write_text(text, encoding="utf-8")
    expected = {}
    for query in corpus.QUERIES:
        found = []
        for src, text in sorted(files.items()):
            head, body = text.split("\n---\n", 1)
            # the corpus' other front matter (dates, times, venue, slugs) holds none of the query words
            if query in head or query in body:
                found.append(src.removesuffix(".md") + "/")
        expected[query] = found
    assert corpus.search_truth(tmp_path) == expected
    assert any(expected.values()) and not all(len(v) == 24 for v in expected.values())


def test_search_only_rewrites_just_its_cells(tmp_path):
    from farun.bench import searchbench

    bench = tmp_path / "BENCHMARK.md"
    bench.write_text(
        "# x\n\n| 指标 | N = 100（讲座/案例/公告 33/33/34） | N = 1,000（讲座/案例/公告 333/333/334） |\n|---|---|---|\n"
        "| 冷构建：本项目 vs 原版（≤ 1.5×） | 9.3 s | 57.0 s |\n"
        "| 搜索：打开搜索到首个结果（≤ 1 s @1000）本项目 / 原版 | 781 ms / 1.11 s | 841 ms / 4.68 s |\n"
        "| 搜索：后续查询中位数（≤ 150 ms）本项目 / 原版 | 115 ms / 81 ms | 79 ms / 158 ms |\n"
        "| 搜索 worker JS 堆 本项目 / 原版 | 1.0 MB / 19.2 MB | 5.8 MB / 127.7 MB |\n"
        "| 查准率 / 查全率 本项目（≥ 0.95 / ≥ 0.98） | 1.000 / 1.000 | 1.000 / 1.000 |\n\n## 怎样测的\n",
        encoding="utf-8",
    )
    row = {
        "search": {"first": 0.9, "later_median": 0.05, "worker_heap": 7 * 2**20},
        "search_phone": {"first": 1.5},
        "quality": {"precision": 0.99, "recall": 1.0},
        "judged": {"ndcg": 0.987, "mrr": 1.0, "queries": 15},
    }
    searchbench.update_rows(bench, 1000, row)
    lines = bench.read_text(encoding="utf-8").splitlines()
    assert "| 冷构建：本项目 vs 原版（≤ 1.5×） | 9.3 s | 57.0 s |" in lines
    assert "| 搜索：打开搜索到首个结果（≤ 1 s @1000）本项目 / 原版 | 781 ms / 1.11 s | 900 ms / 4.68 s |" in lines
    assert "| 搜索 worker JS 堆 本项目 / 原版 | 1.0 MB / 19.2 MB | 7.0 MB / 127.7 MB |" in lines
    assert "| 搜索：CPU 降速 4×（手机级）首个结果（≤ 2 s @1000） | — | 1.50 s |" in lines
    assert "| 搜索评测 NDCG@5 / MRR（语料查询，≥ 0.95） | — | 0.987 / 1.000（15 个查询） |" in lines
    assert lines[-1] == "## 怎样测的"


def test_sample_plus_lectures_project_numbers_after_the_sample_and_builds(tmp_path):
    """The engine issue's N: the sample site plus N generated lectures (episodes continue the sample's)."""
    proj = corpus.write_project(tmp_path / "proj", 6, seed=5, with_sample=True)
    sample = corpus.counts(corpus.ROOT)
    assert corpus.counts(proj) == (sample[0] + 6, sample[1], sample[2])
    env = {**os.environ, "PYTHONPATH": str(proj / "scripts"), "SOURCE_DATE_EPOCH": str(TEST_EPOCH)}
    check = subprocess.run([sys.executable, "-m", "farun", "check"], cwd=proj, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    result = mkdocs_build(proj, tmp_path / "site")
    assert result.returncode == 0, result.stderr
