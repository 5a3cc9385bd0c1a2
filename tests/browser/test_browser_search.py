"""Chinese search in a real browser: titles, short and long words, user dictionary, digits and Latin."""

from __future__ import annotations

import re

import jieba
import pytest

from browser_helpers import ROOT, page_path, published_items, search

jieba.setLogLevel(60)
jieba.load_userdict(str(ROOT / "data" / "jieba_userdict.txt"))
DOCS = [p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")]
ITEMS = published_items("lectures", "cases", "notices")


def rarest_title_word(title: str) -> str:
    """The word of ``title`` that occurs in the fewest content files (longest on ties)."""
    words = {w for w in jieba.cut(title) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z]+", w)}
    return min(words, key=lambda w: (sum(w in doc for doc in DOCS), -len(w), w))


def expected_pages(query: str) -> set[str]:
    """Pages whose title has ``query``; failing that, pages whose text has it."""
    by_title = {path for path, meta in ITEMS if query in meta["title"]}
    if by_title:
        return by_title
    return {
        path for path, _ in ITEMS if query in (ROOT / "docs" / (path.rstrip("/") + ".md")).read_text(encoding="utf-8")
    }


TITLE_CASES = [(path, rarest_title_word(meta["title"])) for path, meta in published_items("lectures", "cases")]


@pytest.fixture(scope="module")
def home(browser, site_url):
    """One desktop page for all queries: the search index loads once."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url)
    yield page
    context.close()


@pytest.mark.parametrize(("path", "word"), TITLE_CASES, ids=[f"{p}:{w}" for p, w in TITLE_CASES])
def test_a_word_of_each_title_finds_its_page(home, site_url, path, word):
    results = [page_path(h, site_url) for h in search(home, word)]
    assert path in results[:5], f"搜索“{word}”时 {path} 不在前 5 条结果中：{results[:5]}"


def test_every_lecture_and_case_gets_a_title_query():
    kinds = {path.split("/")[0] for path, _ in TITLE_CASES}
    assert kinds == {"lectures", "cases"} and all(word for _, word in TITLE_CASES)


@pytest.mark.parametrize("query", ["复议", "网约车", "超限运输", "首违不罚", "12328", "ETC"])
def test_words_terms_digits_and_latin(home, site_url, query):
    expected = expected_pages(query)
    assert expected, f"样例内容中没有“{query}”"
    results = [page_path(h, site_url) for h in search(home, query)]
    assert expected & set(results[:5]), f"搜索“{query}”的前 5 条结果 {results[:5]} 不含 {sorted(expected)}"


def test_the_domain_term_comes_from_the_user_dictionary():
    lines = (ROOT / "data" / "jieba_userdict.txt").read_text(encoding="utf-8").splitlines()
    assert "首违不罚" in {line.split()[0] for line in lines if line.strip()}


def test_no_hit_shows_the_chinese_message(home):
    assert search(home, "量子纠缠引力波") == []
    assert home.locator(".md-search-result__meta").inner_text().strip() == "没有找到符合条件的结果"


def test_search_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", has_touch=True)
    try:
        page = context.new_page()
        page.goto(site_url)
        results = [page_path(h, site_url) for h in search(page, "网约车")]
        assert expected_pages("网约车") & set(results[:5]), results[:5]
        assert page.locator(".md-search-result__item").first.is_visible()
    finally:
        context.close()


def test_search_loads_the_compact_index_off_the_main_thread(browser, site_url):
    """The page fetches the small farun-search.json; the worker fetches the compact index; nobody the big one."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        page = context.new_page()
        urls: list[str] = []
        context.on("request", lambda req: urls.append(req.url))
        page.goto(site_url)
        page.wait_for_timeout(500)
        assert not [u for u in urls if "/search/" in u], "打开页面时不应下载搜索索引"
        assert expected_pages("超限运输") & {page_path(h, site_url) for h in search(page, "超限运输")}
        loaded = [u.split("/search/")[1] for u in urls if "/search/" in u]
        assert [u.split("?")[0] for u in loaded] == ["farun-search.json", "farun-index-1.json"], loaded
    finally:
        context.close()


def test_results_show_a_short_snippet_around_the_match(home):
    search(home, "超限运输")
    snippets = home.locator(".md-search-result__article > p").evaluate_all(
        "els => els.map(el => [el.innerText, el.querySelectorAll('mark').length])"
    )
    assert len(snippets) >= 3, snippets
    assert all(len(text) <= 170 for text, _ in snippets), max(len(t) for t, _ in snippets)
    marked = [text for text, marks in snippets if marks]
    assert len(marked) >= len(snippets) / 2, snippets  # the text of a title-only hit has no mark


def test_lectures_cases_and_notices_rank_before_the_lists_that_name_them(home, site_url):
    """Items first; but a query that is exactly a topic's name puts that topic page first, its items right after."""
    results = [page_path(h, site_url) for h in search(home, "行政复议")]
    kinds = [path.split("/")[0] for path in results]
    assert results[0] == "topics/行政复议/", results[:5]
    lists = [i for i, kind in enumerate(kinds) if kind in {"topics", "laws", "speakers", "archive"} and i > 0]
    assert lists, results  # the law pages are still found ...
    titled = {path for path, meta in ITEMS if "行政复议" in meta["title"]}
    assert titled and all(results.index(path) < min(lists) for path in titled), results  # ... after items so titled
    results = [page_path(h, site_url) for h in search(home, "复议")]  # no topic, speaker or law is named 复议
    assert results[0].split("/")[0] in {"lectures", "cases", "notices"}, results[:5]


def test_two_words_find_only_pages_with_both(home, site_url):
    both = {
        path
        for path, _ in ITEMS
        if all(
            w in (ROOT / "docs" / (path.rstrip("/") + ".md")).read_text(encoding="utf-8")
            for w in ("网约车", "首违不罚")
        )
    }
    assert both, "样例内容中应有同时含两个词的条目"
    results = {page_path(h, site_url) for h in search(home, "网约车 首违不罚")}
    items = {
        path for path in results if path.split("/")[0] in {"lectures", "cases", "notices"} and path.count("/") == 2
    }
    assert items == both


def test_a_sharded_index_answers_from_the_first_shard_and_again_as_the_rest_arrive(browser, site_url, built_site):
    """A province's index comes in shards: the worker is ready with the first and, as a held-back last shard
    arrives, answers the query already typed again, without another keystroke."""
    import json

    from farun.publish import searchindex

    whole = searchindex.read(built_site)
    parts = searchindex.shards(whole, 8)
    target = "notices/2026-06-chufa-wangyueche-jiashiyuan/"
    last = next(n for n, part in enumerate(parts, 1) if any(row[0] == target for row in part["docs"]))
    assert last > 1, "the notice should not be in the first shard"
    stub = json.loads((built_site / "search" / "farun-search.json").read_text(encoding="utf-8"))
    stub["config"]["farun_shards"] = [searchindex.SHARD.format(n) + "?v=t" for n in range(1, len(parts) + 1)]
    held: list = []
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:

        def shard(route):
            number = int(route.request.url.split("farun-index-")[1].split(".")[0])
            body = json.dumps(parts[number - 1], ensure_ascii=False)
            if number == last and not held:
                held.append((route, body))  # answered only after the first results are on screen
                return
            route.fulfill(status=200, content_type="application/json", body=body)

        context.route(
            "**/search/farun-search.json*",
            lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(stub)),
        )
        context.route("**/search/farun-index-*.json*", shard)
        page = context.new_page()
        page.goto(site_url)
        first = [page_path(h, site_url) for h in search(page, "绍市交执罚〔2026〕58号")]
        assert target not in first
        assert held, "the held-back shard was never requested"
        route, body = held[0]
        route.fulfill(status=200, content_type="application/json", body=body)
        page.wait_for_function(
            "t => [...document.querySelectorAll('.md-search-result__item a')].some(a => a.href.includes(t))",
            arg=target,
            timeout=10_000,
        )
    finally:
        context.close()
