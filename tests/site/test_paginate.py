"""Long generated lists split into pages of at most 50 entries (site/paginate.py), and what the preview renders."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from farun.cli import read_config
from farun.content.settings import load_settings
from farun.site.engine import prepare
from farun.site.pages import SITE_MAP_PER_PAGE
from farun.site.paginate import PER_PAGE, Slice, numbers, page_label, page_src, pager, slices
from farun.site.preview import page_inputs, plan, Snapshot

from support import case, lecture

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
TODAY = dt.date(2026, 11, 25)
N = 120  # three pages of lectures: 50, 50, 20


def lectures(n: int = N, edited: int = 0) -> dict[str, str]:
    """``n`` lectures of 2023 (episode k on day k), all on the topic 行政复议; episode ``edited`` retitled."""
    files = {}
    for k in range(1, n + 1):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=k)
        title = f"第{k}讲" + ("（修订）" if k == edited else "")
        text = lecture(1, title).replace("date: 2023-01-15\nepisode: 1\n", f"date: {day}\nepisode: {k}\n")
        files[f"lectures/2023-{k:03d}.md"] = text
    return files


def build(docs: Path, files: dict[str, str]):
    for old in docs.rglob("*.md"):
        old.unlink()
    for rel, text in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return prepare(docs, SETTINGS, TODAY)


def front(markdown: str) -> dict:
    return yaml.safe_load(markdown.split("---\n", 2)[1])


def cards(markdown: str) -> list[str]:
    return re.findall(r"\*\*第(\d+)期\*\*", markdown)


def test_addresses_keep_the_first_page_where_the_list_was():
    assert page_src("lectures/index.md", 1) == "lectures/index.md"
    assert page_src("lectures/index.md", 2) == "lectures/page/2.md"
    assert page_src("archive/2023.md", 3) == "archive/2023/page/3.md"
    assert page_src("topics/行政复议.md", 2) == "topics/行政复议/page/2.md"
    assert [len(s.entries) for s in slices("x.md", list(range(101)))] == [50, 50, 1]
    assert [len(s.entries) for s in slices("x.md", [])] == [0]
    assert [len(s.entries) for s in slices("x.md", list(range(60)), first=30)] == [30, 30]


def test_a_long_pager_reads_as_page_numbers_not_as_one_long_number():
    """Page numbers side by side (1 … 18 19 20 21 22 … 40) are a mobile number's shape to the personal-information
    guard, which stopped a 10,000-item build; each reads as 第 n 页, as a screen reader says it."""
    import markdown

    from farun.pii.files import scan_file

    for total in range(2, 140):
        for current in {1, 2, total // 2, total - 1, total}:
            md = pager(Slice(f"x/page/{current}.md", current, total, []), "x/index.md")
            html = markdown.markdown(md, extensions=["md_in_html", "attr_list"])
            assert 'class="fr-sr-only"' in html and scan_file("x/index.html", html.encode(), [], 2026, {}) == ([], "")
    bare = "<nav><p>上一页 1 … 32 33 34 35 36 … 66 下一页</p></nav>"  # what the pager showed before
    assert scan_file("x/index.html", bare.encode(), [], 2026, {})[0]


def test_pager_numbers_show_first_last_and_neighbours():
    assert numbers(1, 3) == [1, 2, 3]
    assert numbers(1, 20) == [1, 2, 3, None, 20]
    assert numbers(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert numbers(20, 20) == [1, None, 18, 19, 20]


def test_120_lectures_make_three_linked_pages_of_at_most_50_cards(tmp_path):
    pages = build(tmp_path / "docs", lectures()).pages
    first, second, third = "lectures/index.md", "lectures/page/2.md", "lectures/page/3.md"
    assert "lectures/page/4.md" not in pages
    shown = [cards(pages[src]) for src in (first, second, third)]
    assert [len(s) for s in shown] == [50, 50, 20]
    assert sum(shown, []) == [str(k) for k in range(N, 0, -1)]  # every lecture once, newest first
    assert max(len(cards(md)) for md in pages.values()) <= PER_PAGE  # archive and topic pages too
    # Links between them, relative as MkDocs resolves them (directory URLs and the offline build's .html).
    assert "[下一页](page/2.md)" in pages[first] and "上一页" not in pages[first]
    assert "[上一页](../index.md)" in pages[second] and "[下一页](3.md)" in pages[second]
    assert f'<span aria-current="page">{page_label(2)}</span>' in pages[second] and '<nav aria-label="分页"' in pages[second]
    assert "下一页" not in pages[third] and f"[{page_label(1)}](../index.md)" in pages[third]
    # Titles and descriptions say the page; only the first page is searched; the first page keeps its sections.
    assert front(pages[first])["title"] == "法润交通云讲堂" and "search" not in front(pages[first])
    assert front(pages[second])["title"] == "法润交通云讲堂（第 2 页）"
    assert "第 2 页" in front(pages[second])["description"] and front(pages[second])["search"] == {"exclude": True}
    assert "按年份浏览" in pages[first] and "按年份浏览" in pages[second]
    for src in ("archive/2023/page/3.md", "topics/行政复议/page/3.md", "speakers/陈立新/page/3.md"):
        assert len(cards(pages[src])) == 20 and "（第 3 页）" in front(pages[src])["title"]


def test_upcoming_lectures_share_the_first_page(tmp_path):
    files = lectures()
    for k in range(N + 1, N + 31):  # 30 upcoming: 25 on the list's first page, beside 25 past lectures
        day = TODAY + dt.timedelta(days=k)
        files[f"lectures/2027-{k:03d}.md"] = lecture(1, f"第{k}讲").replace(
            "date: 2023-01-15\nepisode: 1\n", f"date: {day}\nepisode: {k}\n"
        )
    pages = build(tmp_path / "docs", files).pages
    assert len(cards(pages["lectures/index.md"])) == PER_PAGE and pages["lectures/index.md"].count("预告</span>") == 25
    assert [len(cards(pages[f"lectures/page/{n}.md"])) for n in (2, 3)] == [
        50,
        45,
    ] and "lectures/page/4.md" not in pages


def test_the_site_map_lists_every_item_once_at_most_500_a_page(monkeypatch, tmp_path):
    """A province's 网站地图 would list tens of thousands of links on one page: it continues on pages of 500
    (here 50, with 120 lectures and a case), each with the sections; a city's fits on its one page."""
    import farun.site.pages as site_pages

    files = lectures() | {"cases/2023-09-anli.md": case("示例｜一个案例")}
    one = build(tmp_path / "docs", files).pages
    assert "site-map/page/2.md" not in one and "分页" not in one["site-map.md"] and SITE_MAP_PER_PAGE == 500
    monkeypatch.setattr(site_pages, "SITE_MAP_PER_PAGE", 50)
    pages = build(tmp_path / "docs", files).pages
    maps = ["site-map.md", "site-map/page/2.md", "site-map/page/3.md"]
    assert "site-map/page/4.md" not in pages
    links = [re.findall(r"\]\((?:\.\./)*((?:lectures|cases)/20[^)]+\.md)\)", pages[src]) for src in maps]
    assert [len(found) for found in links] == [50, 50, 21]
    assert sorted(sum(links, [])) == sorted([f"lectures/2023-{k:03d}.md" for k in range(1, N + 1)] + ["cases/2023-09-anli.md"])
    for src in maps:
        assert "## 栏目" in pages[src] and "## 全部讲座（120）" in pages[src]
    assert "## 全部案例（1）" in pages[maps[2]] and "全部案例" not in pages[maps[0]]
    assert "[下一页](site-map/page/2.md)" in pages[maps[0]] and front(pages[maps[1]])["title"] == "网站地图（第 2 页）"
    assert front(pages[maps[1]])["search"] == {"exclude": True} and front(pages[maps[1]])["template"] == "site-map.html"


def test_a_small_list_has_no_pager(tmp_path):
    pages = build(tmp_path / "docs", lectures(PER_PAGE)).pages
    assert "lectures/page/2.md" not in pages and "分页" not in pages["lectures/index.md"]


def test_preview_renders_the_page_of_the_list_showing_the_edited_lecture(tmp_path):
    def snapshot(files):
        site = build(tmp_path / "docs", files)
        sources = {
            r.src_uri: (tmp_path / "docs" / r.src_uri).read_text(encoding="utf-8") for r in site.collection.items
        }
        sources |= site.pages
        outputs = {uri: uri.removesuffix(".md") + "/index.html" for uri in sources}
        return Snapshot(setup="same", pages=page_inputs(site, sources), outputs=outputs), sources

    before, _ = snapshot(lectures())
    after, sources = snapshot(lectures(edited=60))  # newest first: 120..71 on page 1, 70..21 on page 2
    render = plan(before, after, sources).render
    lists = {src for src in render if not src.startswith("lectures/2023-")}
    assert {
        "lectures/page/2.md",
        "archive/2023/page/2.md",
        "topics/行政复议/page/2.md",
        "speakers/陈立新/page/2.md",
    } <= lists
    assert not lists & {"lectures/index.md", "lectures/page/3.md", "archive/2023.md", "topics/行政复议.md"}


def test_cases_continue_by_category_and_the_category_links_lead_to_where_each_starts(tmp_path):
    files = {}
    for k in range(130):  # 70 网约车与非法营运 (the first category), then 60 超限运输: pages of 50, 20 + 30, 30
        text = case(f"示例｜案例{k}")
        files[f"cases/2023-{k:03d}.md"] = text if k < 70 else text.replace("网约车与非法营运", "超限运输")
    pages = build(tmp_path / "docs", files).pages
    first, second, third = "cases/index.md", "cases/page/2.md", "cases/page/3.md"
    assert "cases/page/4.md" not in pages
    count = [pages[src].count("-   ![") for src in (first, second, third)]
    assert count == [50, 50, 30]
    assert "[网约车与非法营运（70）](#网约车与非法营运)" in pages[first]
    assert "[超限运输（60）](page/2.md#超限运输)" in pages[first] and "## 超限运输" not in pages[first]
    assert "[网约车与非法营运（70）](../index.md#网约车与非法营运)" in pages[second]
    assert "## 网约车与非法营运" in pages[second] and "## 超限运输" in pages[second]
    assert "[超限运输（60）](2.md#超限运输)" in pages[third] and f'<span aria-current="page">{page_label(3)}</span>' in pages[third]
    assert front(pages[third])["title"] == "以案释法（第 3 页）"
