"""Which pages a preview rebuild renders after one file changes, and its merged search index."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from farun.cli import read_config
from farun.site.engine import prepare
from farun.site.preview import SearchIndex, Snapshot, page_inputs, pages_naming, plan
from farun.content.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
TODAY = dt.date(2026, 11, 25)

from support import case, lecture

# Five lectures (the home page shows the newest three: 5, 4, 3), a case naming lecture 2, a case naming none.
FILES = {
    "lectures/2023-01-one.md": lecture(1, "第一讲"),
    "lectures/2023-02-two.md": lecture(2, "第二讲", speaker="王五", tags="超限运输", laws="《公路安全保护条例》"),
    "lectures/2023-03-three.md": lecture(3, "第三讲"),
    "lectures/2023-04-four.md": lecture(4, "第四讲"),
    "lectures/2023-05-five.md": lecture(5, "第五讲"),
    "cases/2023-05-names-two.md": case("示例｜提到第二讲的案例", lectures="2023-02-two"),
    "cases/2023-06-alone.md": case("示例｜无关的案例"),
}
TWO = "lectures/2023-02-two.md"
LISTS_OF_TWO = {"lectures/index.md", "archive/2023.md", "topics/超限运输.md", "speakers/王五.md", "laws/公路安全保护条例.md"}


def snapshot(docs: Path, files: dict[str, str], setup: str = "same") -> tuple[Snapshot, dict[str, str]]:
    """Write ``files`` as the whole docs tree, then what a build of it publishes."""
    for old in docs.rglob("*.md"):
        old.unlink()
    for rel, text in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    site = prepare(docs, SETTINGS, TODAY)
    sources = {r.src_uri: (docs / r.src_uri).read_text(encoding="utf-8") for r in site.collection.items} | site.pages
    outputs = {uri: uri.removesuffix(".md") + "/index.html" for uri in sources}
    return Snapshot(setup=setup, pages=page_inputs(site, sources), outputs=outputs), sources


def rendered_after(tmp_path: Path, changed: dict[str, str | None]) -> tuple[set[str], tuple[str, ...]]:
    """Pages rendered and outputs deleted when ``changed`` files are saved (None: deleted) after a full build."""
    docs = tmp_path / "docs"
    before, _ = snapshot(docs, FILES)
    files = {**FILES, **changed}
    after, sources = snapshot(docs, {k: v for k, v in files.items() if v is not None})
    decided = plan(before, after, sources)
    assert not decided.full
    return set(decided.render), decided.stale


def test_first_build_renders_everything(tmp_path):
    now, sources = snapshot(tmp_path / "docs", FILES)
    decided = plan(None, now, sources)
    assert decided.full and decided.render == set(now.pages) and decided.stale == ()
    assert set(FILES) < decided.render and "index.md" in decided.render


def test_nothing_changed_renders_nothing(tmp_path):
    assert rendered_after(tmp_path, {}) == (set(), ())


def test_body_edit_renders_only_that_page(tmp_path):
    edited = FILES[TWO].replace("正文。", "正文，新增一句。")
    assert rendered_after(tmp_path, {TWO: edited}) == ({TWO}, ())


def test_title_edit_renders_neighbours_the_case_naming_it_and_its_lists(tmp_path):
    render, stale = rendered_after(tmp_path, {TWO: FILES[TWO].replace("第二讲", "第二讲（修订）")})
    neighbours = {"lectures/2023-01-one.md", "lectures/2023-03-three.md"}  # 上一期 / 下一期 links show the title
    assert render == {TWO, *neighbours, "cases/2023-05-names-two.md", *LISTS_OF_TWO, "site-map.md",
                      "stats/2023/index.md"}  # 年度统计 lists the lectures held by title
    assert stale == ()


def test_summary_edit_renders_the_lists_with_cards_but_not_neighbours(tmp_path):
    render, _ = rendered_after(tmp_path, {TWO: FILES[TWO].replace("讲座摘要。", "新的摘要。")})
    assert render == {TWO, *LISTS_OF_TWO}  # cards show the summary; prev/next links and the site map do not


def test_newest_lecture_title_edit_also_renders_the_home_page(tmp_path):
    five = "lectures/2023-05-five.md"
    render, _ = rendered_after(tmp_path, {five: FILES[five].replace("第五讲", "第五讲（修订）")})
    assert render == {five, "lectures/2023-04-four.md", "index.md", "lectures/index.md", "archive/2023.md",
                      "topics/行政复议.md", "speakers/陈立新.md", "site-map.md", "stats/2023/index.md"}


def test_deleted_lecture_is_stale_and_its_neighbours_link_to_each_other(tmp_path):
    three = "lectures/2023-03-three.md"
    render, stale = rendered_after(tmp_path, {three: None})
    assert stale == ("lectures/2023-03-three/index.html",)
    assert three not in render
    assert {TWO, "lectures/2023-04-four.md", "lectures/index.md", "site-map.md", "index.md"} <= render
    assert "lectures/2023-01-one.md" not in render and "cases/2023-06-alone.md" not in render


def test_draft_leaves_like_a_deleted_page(tmp_path):
    draft = FILES[TWO].replace("episode: 2\n", "episode: 2\ndraft: true\n")
    render, stale = rendered_after(tmp_path, {TWO: draft})
    assert stale == ("laws/公路安全保护条例/index.html", "lectures/2023-02-two/index.html",
                     "speakers/王五/index.html", "topics/超限运输/index.html")
    assert {"lectures/2023-01-one.md", "lectures/2023-03-three.md", "cases/2023-05-names-two.md"} <= render


def test_changed_setup_renders_everything(tmp_path):
    docs = tmp_path / "docs"
    before, _ = snapshot(docs, FILES, setup="templates v1")
    after, sources = snapshot(docs, FILES, setup="templates v2")
    decided = plan(before, after, sources)
    assert decided.full and decided.render == set(after.pages)


def test_pages_linking_to_an_added_or_removed_file_are_rendered():
    sources = {"about.md": "见[第二讲](lectures/2023-02-two.md)和![图](img/map.png)", "other.md": "无链接",
               "dir.md": "见 [第二讲](../2023-02-two/)"}
    assert pages_naming(["lectures/2023-02-two.md"], sources) == {"about.md", "dir.md"}
    assert pages_naming(["assets/img/map.png"], sources) == {"about.md"}
    assert pages_naming([], sources) == set()
    before = Snapshot("s", {"about.md": "a", "other.md": "o"}, {"about.md": "about/index.html", "other.md": "other/index.html",
                                                               "assets/img/map.png": "assets/img/map.png"})
    after = Snapshot("s", {"about.md": "a", "other.md": "o"}, {"about.md": "about/index.html", "other.md": "other/index.html"})
    decided = plan(before, after, sources)
    assert decided.render == {"about.md"} and decided.stale == ("assets/img/map.png",)


def _index(pages: dict[str, list[str]]) -> str:
    """A search_index.json as Material writes it: compact, ASCII-escaped, entries in page order."""
    docs = [{"location": f"{url}#{anchor}" if anchor else url, "title": f"{url}:{anchor}", "text": f"{url} 正文 {anchor}"}
            for url, anchors in pages.items() for anchor in anchors]
    return json.dumps({"config": {"lang": ["zh"], "separator": "[\\s]+"}, "docs": docs}, separators=(",", ":"))


def test_search_index_keeps_unrendered_pages_replaces_rendered_and_drops_gone():
    previous = SearchIndex.parse(_index({"": ["", "a"], "lectures/one/": ["", "yao-dian"], "lectures/two/": [""],
                                         "lectures/gone/": [""]}))
    fresh = SearchIndex.parse(_index({"lectures/one/": ["", "xin-xiao-jie"], "lectures/new/": [""]}))
    order = ["", "lectures/new/", "lectures/one/", "lectures/two/"]  # this build's pages
    merged = previous.updated(fresh, {"lectures/one/", "lectures/new/"}, order)
    full = _index({"": ["", "a"], "lectures/new/": [""], "lectures/one/": ["", "xin-xiao-jie"], "lectures/two/": [""]})
    assert merged.text() == full  # byte for byte what a full build writes
    assert "lectures/gone/" not in merged.text()


def test_rendered_page_without_entries_loses_its_old_ones():
    previous = SearchIndex.parse(_index({"": [""], "about/": ["", "x"]}))
    fresh = SearchIndex.parse(_index({}))  # about.md now has `search: exclude`
    merged = previous.updated(fresh, {"about/"}, ["", "about/"])
    assert [doc["location"] for doc in json.loads(merged.text())["docs"]] == [""]


def test_search_index_round_trip_is_exact():
    text = _index({"": [""], "lectures/甲/": ["", "要点"]})
    assert SearchIndex.parse(text).text() == text


def test_static_file_is_copied_when_its_origin_changes_even_to_an_older_file():
    cached = {"assets/covers/two.png": ".cache/images/new.png:200:10", "assets/logo.svg": "docs/assets/logo.svg:100:5"}
    before = Snapshot("s", {}, {uri: uri for uri in cached}, cached)
    back = {**cached, "assets/covers/two.png": ".cache/images/old.png:50:10"}  # title taken back: an older cached cover
    decided = plan(before, Snapshot("s", {}, {uri: uri for uri in back}, back), {})
    assert decided.copy == {"assets/covers/two.png"} and decided.render == set()
    assert plan(None, before, {}).copy == set(cached)
