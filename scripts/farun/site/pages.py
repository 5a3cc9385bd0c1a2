"""Pure page generation: the published collection in, Markdown pages out.

Every page is ``{src_uri: markdown}`` with a small front matter that picks
its template; layout lives in ``overrides/``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Mapping, Sequence, cast

import yaml

from farun.content.collection import Collection
from farun.images.covers import THUMB, image_paths
from farun.content.lifecycle import is_upcoming, notice_status
from farun.content.lawlevels import LEVELS, law_level, pinyin_key
from farun.content.load import Record, is_lecture
from farun.content.schema import Case, Lecture, Notice
from farun.site.annual import annual_pages
from farun.site.describe import listing
from farun.site.notice_views import revocation_pages
from farun.site.paginate import PER_PAGE, extra_meta, pager, slices, suffix
from farun.content.text import cn_date, escape_md, link, one_line, slugify

Pages = dict[str, str]


def _page(title: str, body: str, description: str, **meta) -> str:
    """A generated page: front matter (title, its own description, template choices) and body."""
    head = yaml.safe_dump(
        {"title": title, "description": description, **meta}, allow_unicode=True, sort_keys=False
    ).strip()
    # The first cover of a list is its largest element in the first view: loaded at once, first (LCP).
    body = body.replace(LAZY, "loading=eager fetchpriority=high }", 1)
    return f"---\n{head}\n---\n\n{body.strip()}\n"


LAZY = "loading=lazy }"


def card_thumb(rec: Record, from_src: str) -> str:
    """The card's cover thumbnail: a lazy Markdown image with its size, alt text = title."""
    size = f'{{ width="{THUMB.width}" height="{THUMB.height}" {LAZY}'
    return "!" + link(rec.meta.title, image_paths(rec)["thumb"], from_src) + size


def lecture_card(rec: Record[Lecture], from_src: str, today) -> str:
    """A grid card for one lecture: 期数, title, 日期, 主讲人, 摘要."""
    meta = rec.meta
    badge = '<span class="fr-badge fr-badge--upcoming">预告</span> ' if is_upcoming(rec, today) else ""
    who = escape_md(meta.speaker) + (f"（{escape_md(meta.speaker_title)}）" if meta.speaker_title else "")
    return (
        f"-   {card_thumb(rec, from_src)}\n\n"
        f"    {badge}**第{meta.episode}期**｜{link(meta.title, rec.src_uri, from_src)}\n\n"
        f"    ---\n\n"
        f"    :material-calendar: {cn_date(meta.date)}　:material-account-tie: {who}\n\n"
        f"    {escape_md(one_line(meta.summary))}\n"
    )


def case_card(rec: Record[Case], from_src: str) -> str:
    """A grid card for one case."""
    meta = rec.meta
    return (
        f"-   {card_thumb(rec, from_src)}\n\n"
        f"    {link(meta.title, rec.src_uri, from_src)}\n\n"
        f"    ---\n\n"
        f"    :material-calendar: {cn_date(meta.date)}　:material-folder: {escape_md(meta.category)}\n\n"
        f"    {escape_md(one_line(meta.summary))}\n"
    )


def notice_row(rec: Record[Notice], from_src: str, today) -> str:
    """One line of the notice list: date, type, status and title."""
    meta = rec.meta
    status = notice_status(rec, today)
    css = "fr-badge--active" if status == "公示中" else "fr-badge--ended"
    return (
        f"| {meta.date.isoformat()} | {escape_md(meta.type)} | "
        f'<span class="fr-badge {css}">{status}</span> | {link(one_line(meta.title), rec.src_uri, from_src)} |'
    )


def _cards(cards: list[str]) -> str:
    if not cards:
        return "暂无内容。\n"
    return '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"


def _mixed_cards(records: Sequence[Record[Lecture | Case]], src: str, today) -> str:
    return _cards(
        [lecture_card(r, src, today) if is_lecture(r) else case_card(cast("Record[Case]", r), src) for r in records]
    )


NOTICE_HEAD = "| 日期 | 类型 | 状态 | 标题 |\n|---|---|---|---|\n"


def notice_table(rows: list[str]) -> str:
    """The notice list; the wrapper lets phones show each row as a card (farun.css .fr-notices)."""
    if not rows:
        return "暂无公告。"
    return '<div class="fr-notices" markdown>\n\n' + NOTICE_HEAD + "\n".join(rows) + "\n\n</div>"


def home_page(coll: Collection) -> Pages:
    src = "index.md"
    upcoming = sorted((r for r in coll.lectures if is_upcoming(r, coll.today)), key=lambda r: r.meta.date)
    past = [r for r in coll.lectures if not is_upcoming(r, coll.today)]
    parts = []
    if upcoming:
        parts.append("## 即将开讲\n\n" + _cards([lecture_card(r, src, coll.today) for r in upcoming[:2]]))
    parts.append("## 最新讲座\n\n" + _cards([lecture_card(r, src, coll.today) for r in past[:3]]))
    parts.append(f"[全部讲座](lectures/index.md){{ .md-button }}\n")
    parts.append("## 以案释法\n\n" + _cards([case_card(r, src) for r in coll.cases[:3]]))
    parts.append(f"[全部案例](cases/index.md){{ .md-button }}\n")
    rows = [notice_row(r, src, coll.today) for r in coll.notices[:5]]
    parts.append("## 公示公告\n\n" + notice_table(rows) + "\n")
    parts.append(f"[全部公告](notices/index.md){{ .md-button }}\n")
    described = listing("最新讲座和案例", [r.meta.title for r in (upcoming[:1] + past[:1] + coll.cases[:1])])
    return {
        src: _page(
            "首页",
            "\n".join(parts),
            f"绍兴市交通运输局法治宣传教育专栏（法润交通云讲堂、以案释法、公示公告）。{described}",
            template="home.html",
            hide=["navigation", "toc"],
        )
    }


def lecture_pages(coll: Collection) -> Pages:
    pages: Pages = {}
    first = "lectures/index.md"
    upcoming = [r for r in coll.lectures if is_upcoming(r, coll.today)]
    past = [r for r in coll.lectures if not is_upcoming(r, coll.today)]
    years = sorted({r.meta.date.year for r in coll.lectures}, reverse=True)
    titles = [f"第{r.meta.episode}期{r.meta.title}" for r in coll.lectures]
    # 讲座预告 shares the first page's 50 cards: at most 25 of them (all upcoming lectures are on their year's page).
    soon = sorted(upcoming, key=lambda r: r.meta.date)[: PER_PAGE // 2]
    for page in slices(first, past, first=PER_PAGE - len(soon)):
        src = page.src
        body = ["法润交通云讲堂由系统内业务骨干主讲，围绕交通运输法律法规开展多维度普法。"]
        if soon and page.number == 1:
            body.append("## 讲座预告\n\n" + _cards([lecture_card(r, src, coll.today) for r in soon]))
        body.append(f"## 往期讲座{suffix(page)}\n\n" + _cards([lecture_card(r, src, coll.today) for r in page.entries]))
        if page.total > 1:
            body.append(pager(page, first))
        if years:
            body.append("## 按年份浏览\n\n" + "　".join(link(f"{y}年", f"archive/{y}.md", src) for y in years))
        body.append(
            "## 按主题、主讲人浏览\n\n"
            + link("全部主题", "topics/index.md", src)
            + "　"
            + link("全部主讲人", "speakers/index.md", src)
        )
        shown = titles if page.number == 1 else [f"第{r.meta.episode}期{r.meta.title}" for r in page.entries]
        described = listing(f"法润交通云讲堂{suffix(page)}共 {len(coll.lectures)} 期讲座，由系统内业务骨干主讲", shown)
        pages[src] = _page(
            "法润交通云讲堂" + suffix(page), "\n\n".join(body), described, hide=["toc"], **extra_meta(page)
        )
    for year in years:
        items = [r for r in coll.lectures if r.meta.date.year == year]
        for page in slices(f"archive/{year}.md", items):
            ysrc = page.src
            shown = [f"第{r.meta.episode}期{r.meta.title}" for r in page.entries]
            described = listing(f"{year}年法润交通云讲堂{suffix(page)}共 {len(items)} 期", shown)
            text = f"{year}年共 {len(items)} 期。\n\n" + _cards(
                [lecture_card(r, ysrc, coll.today) for r in page.entries]
            )
            if page.total > 1:
                text += "\n" + pager(page, f"archive/{year}.md")
            pages[ysrc] = _page(f"{year}年讲座{suffix(page)}", text, described, hide=["toc"], **extra_meta(page))
    return pages


# What a topic's, speaker's or law's page lists, said in its description.
TERM_HEADS = {
    "topics": "主题“{name}”的讲座和案例，共 {n} 项",
    "speakers": "{name}主讲的法润交通云讲堂讲座，共 {n} 期",
    "laws": "引用{name}的讲座和案例，共 {n} 项",
}


def _term_pages(
    groups: dict[str, list[Record[Lecture]]] | dict[str, list[Record[Lecture | Case]]],
    folder: str,
    title: str,
    noun: str,
    coll: Collection,
    unit: str = "个",
) -> Pages:
    pages: Pages = {}
    index_src = f"{folder}/index.md"
    rows = []
    for name, records in groups.items():
        first = f"{folder}/{slugify(name)}.md"
        rows.append(f"- {link(name, first, index_src)}（{len(records)}）")
        for page in slices(first, records):
            src = page.src
            head = TERM_HEADS[folder].format(name=name, n=len(records)) + suffix(page)
            body = f"{noun}：**{escape_md(name)}**，共 {len(records)} 项。\n\n" + _mixed_cards(
                page.entries, src, coll.today
            )
            if page.total > 1:
                body += "\n" + pager(page, first)
            pages[src] = _page(
                name + suffix(page),
                body,
                listing(head, [r.meta.title for r in page.entries]),
                hide=["toc"],
                **extra_meta(page),
            )
    pages[index_src] = _page(
        title, "\n".join(rows) if rows else "暂无内容。", listing(f"{title}（{len(groups)} {unit}）", groups)
    )
    return pages


def case_pages(coll: Collection, categories: list[str]) -> Pages:
    """以案释法, by category; a long list continues on further pages, the category links lead to where each starts."""
    first = "cases/index.md"
    by_cat: dict[str, list[Record[Case]]] = defaultdict(list)
    for rec in coll.cases:
        by_cat[rec.meta.category].append(rec)
    shown = [c for c in categories if by_cat.get(c)]
    ordered = [r for c in shown for r in by_cat[c]]
    pages = slices(first, ordered)
    starts: dict[str, str] = {}  # category -> the page its heading first appears on
    for page in pages:
        for rec in page.entries:
            starts.setdefault(rec.meta.category, page.src)
    out: Pages = {}
    for page in pages:
        src = page.src
        body = ["以案释法：用身边的真实执法场景讲清法律规定。标注“示例”的案例根据执法实践改编，当事人信息均为虚构。"]
        nav = [
            f"[{escape_md(c)}（{len(by_cat[c])}）](#{slugify(c)})"
            if starts[c] == src
            else link(f"{c}（{len(by_cat[c])}）", starts[c], src, anchor=slugify(c))
            for c in shown
        ]
        if nav:
            body.append("　".join(nav))
        for cat in shown:
            here = [r for r in page.entries if r.meta.category == cat]
            if here:
                body.append(
                    f"## {escape_md(cat)} {{ #{slugify(cat)} }}\n\n" + _cards([case_card(r, src) for r in here])
                )
        if not coll.cases:
            body.append("暂无案例。")
        if page.total > 1:
            body.append(pager(page, first))
        head = f"以案释法{suffix(page)}：用身边的执法场景讲清法律规定，共 {len(coll.cases)} 个案例"
        out[src] = _page("以案释法" + suffix(page), "\n\n".join(body), listing(head, shown), **extra_meta(page))
    return out


# Raw HTML links: the files are written after the build, so MkDocs must not check them.
OPEN_DATA = (
    "## 开放数据\n\n正在公示的行政处罚和行政许可信息，可下载为表格（CSV，Excel/WPS 可直接打开）或 JSON：\n\n"
    '- 行政处罚公示：<a href="../data/penalties.csv" download>CSV</a>　<a href="../data/penalties.json">JSON</a>\n'
    '- 行政许可公示：<a href="../data/licences.csv" download>CSV</a>　<a href="../data/licences.json">JSON</a>\n'
)


def notice_pages(coll: Collection) -> Pages:
    pages: Pages = {}
    first = "notices/index.md"
    kinds = sorted({r.meta.type for r in coll.notices})
    for page in slices(first, coll.notices):
        src = page.src
        rows = [notice_row(r, src, coll.today) for r in page.entries]
        body = "按发布日期从新到旧排列。“公示中”表示仍在公示期内，“已结束”表示公示期已满。\n\n"
        body += notice_table(rows)
        if page.total > 1:
            body += "\n\n" + pager(page, first).strip()
        if page.number == 1:
            body += "\n\n" + OPEN_DATA
        head = f"公示公告{suffix(page)}：本局发布的通知公告和行政处罚、行政许可信息公示，共 {len(coll.notices)} 条"
        described = listing(head, kinds) + "，可下载开放数据。"
        pages[src] = _page("公示公告" + suffix(page), body, described, hide=["toc"], **extra_meta(page))
    return pages


def law_index(coll: Collection, levels: Mapping[str, str] | None = None) -> str:
    """The 法规索引 page: the cited laws grouped by 效力层级, by pinyin within a level."""
    laws = coll.laws()
    by_level: dict[str, list[str]] = defaultdict(list)
    for name in laws:
        by_level[law_level(name, levels)].append(name)
    body = ["本站讲座和案例中引用的全部法律法规，按效力层级分类，同一层级内按名称拼音排序，点击查看相关讲座与案例。"]
    for level in LEVELS:
        names = sorted(by_level.get(level, []), key=pinyin_key)
        if names:
            rows = [f"- {link(n, f'laws/{slugify(n)}.md', 'laws/index.md')}（{len(laws[n])}）" for n in names]
            body.append(f"## {level}\n\n" + "\n".join(rows))
    if not laws:
        body.append("暂无内容。")
    return _page(
        "法规索引",
        "\n\n".join(body),
        listing(f"法规索引：本站讲座和案例引用的 {len(laws)} 部法律法规", sorted(laws, key=pinyin_key)),
    )


def law_pages(coll: Collection, levels: Mapping[str, str] | None = None) -> Pages:
    """法规索引: a page per cited law, and the index page."""
    pages = _term_pages(coll.laws(), "laws", "法规索引", "引用法规", coll)
    pages["laws/index.md"] = law_index(coll, levels)
    return pages


SECTIONS = [
    ("首页", "index.md"),
    ("法润交通云讲堂", "lectures/index.md"),
    ("全部主题", "topics/index.md"),
    ("全部主讲人", "speakers/index.md"),
    ("以案释法", "cases/index.md"),
    ("公示公告", "notices/index.md"),
    ("法规索引", "laws/index.md"),
    ("年度统计", "stats/index.md"),
]


SITE_MAP_PER_PAGE = 500  # item links per 网站地图 page: one page for a city's column, bounded for a province's


def site_map_page(coll: Collection) -> Pages:
    """网站地图: every section and every published item, one link each, 500 items a page."""
    first = "site-map.md"
    groups: list[tuple[str, Sequence[Record], Callable[[Record], str]]] = [
        ("讲座", coll.lectures, lambda r: f"第{r.meta.episode}期：{r.meta.title}" if is_lecture(r) else r.meta.title),
        ("案例", coll.cases, lambda r: r.meta.title),
        ("公告", coll.notices, lambda r: r.meta.title),
    ]
    rows = [(noun, record, label) for noun, records, label in groups for record in records]
    pages: Pages = {}
    for page in slices(first, rows, SITE_MAP_PER_PAGE, SITE_MAP_PER_PAGE):
        src = page.src
        body = ["本页列出本专栏的全部栏目和已发布的全部内容。"]
        body.append("## 栏目\n\n" + "\n".join(f"- {link(title, target, src)}" for title, target in SECTIONS))
        for noun, records, label in groups:
            here = [
                f"- {link(one_line(label(r)), r.src_uri, src)}（{cn_date(r.meta.date)}）"
                for n, r, _ in page.entries
                if n == noun
            ]
            if here or (not records and page.number == 1):
                body.append(f"## 全部{noun}（{len(records)}）\n\n" + ("\n".join(here) if here else "暂无内容。"))
        if page.total > 1:
            body.append(pager(page, first))
        described = (
            f"网站地图{suffix(page)}：本专栏的全部栏目和已发布的 {len(coll.lectures)} 期讲座、{len(coll.cases)} 个案例、"
            f"{len(coll.notices)} 条公告。"
        )
        pages[src] = _page(
            "网站地图" + suffix(page), "\n\n".join(body), described, template="site-map.html", **extra_meta(page)
        )
    return pages


def generate(coll: Collection, categories: list[str], law_levels: Mapping[str, str] | None = None) -> Pages:
    """All generated pages of the site for this collection."""
    pages: Pages = {}
    pages |= home_page(coll)
    pages |= lecture_pages(coll)
    pages |= _term_pages(coll.tags(), "topics", "全部主题", "主题", coll)
    pages |= _term_pages(coll.speakers(), "speakers", "全部主讲人", "主讲人", coll, unit="位")
    pages |= case_pages(coll, categories)
    pages |= notice_pages(coll)
    pages |= revocation_pages(coll)
    pages |= law_pages(coll, law_levels)
    pages |= site_map_page(coll)
    pages |= annual_pages(
        coll, categories, lambda title, body, description: _page(title, body, description, hide=["toc"])
    )
    return pages
