"""当前位置: the trail from the home page to a page, and the section tab it belongs to.

Item pages and most generated pages are outside the nav (a nav listing every item would be
embedded in every page), so neither Material's tabs nor its path know where they are; the
trail is derived from the page's folder instead.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

from farun.content.load import Record, is_case, is_lecture
from farun.content.text import slugify

HOME = "首页"
# Generated folders that belong to another section's tab, with the crumb between them.
SUB_FOLDERS = {
    "archive": ("lectures", None),
    "topics": ("lectures", ("全部主题", "topics/")),
    "speakers": ("lectures", ("全部主讲人", "speakers/")),
    "stats": ("stats", ("年度统计", "stats/")),  # no tab: 首页 › 年度统计 › 2026年度统计
}
# Pages of their own outside the nav.
OWN_PAGES = {"site-map": "网站地图"}


class Crumb(NamedTuple):
    """One step of the trail; ``url`` is site-relative ("" = home), None for the current page."""

    name: str
    url: Optional[str]


def section_folder(src_uri: str) -> Optional[str]:
    """The folder of the section tab a page belongs to ("" for the home page, None for the 404 page)."""
    if src_uri == "404.md":
        return None
    if src_uri == "index.md":
        return ""
    folder = src_uri.split("/", 1)[0] if "/" in src_uri else src_uri.removesuffix(".md")
    return SUB_FOLDERS.get(folder, (folder, None))[0]


def item_name(record: Record, title: str = "") -> str:
    """How an item is named in its trail: lectures with their 期数; others by the page's own title
    (a revoked decision's page is titled without the party's name, its record is not)."""
    if is_lecture(record):
        return f"第{record.meta.episode}期 {title or record.meta.title}"
    return title or record.meta.title


def trail(src_uri: str, title: str, sections: dict[str, str], record: Optional[Record] = None) -> list[Crumb]:
    """首页 › section › … › this page; empty for the home page and the 404 page.

    ``sections`` maps a section folder ("lectures", "about") to its tab title (云讲堂).
    """
    if src_uri in ("index.md", "404.md"):
        return []
    crumbs = [Crumb(HOME, "")]
    folder = src_uri.split("/", 1)[0] if "/" in src_uri else src_uri.removesuffix(".md")
    own = OWN_PAGES.get(folder)
    if own:
        return crumbs + [Crumb(own, None)]
    section, middle = SUB_FOLDERS.get(folder, (folder, None))
    is_index = src_uri in (f"{folder}/index.md", f"{folder}.md")
    name = sections.get(section)
    if name:
        if is_index and folder == section:
            return crumbs + [Crumb(name, None)]
        crumbs.append(Crumb(name, f"{section}/"))
    if middle:
        if is_index:
            return crumbs + [Crumb(middle[0], None)]
        crumbs.append(Crumb(*middle))
    if record is not None and is_case(record):
        crumbs.append(Crumb(record.meta.category, f"cases/#{slugify(record.meta.category)}"))
    return crumbs + [Crumb(item_name(record, title) if record is not None else title, None)]


def breadcrumb_list(crumbs: list[Crumb], site_url: str, page_url: str) -> Optional[dict]:
    """schema.org BreadcrumbList (JSON-LD) of a trail; None when there is no trail or no site URL."""
    if not crumbs or not site_url:
        return None
    elements = []
    for position, crumb in enumerate(crumbs, start=1):
        url = page_url if crumb.url is None else crumb.url
        elements.append({"@type": "ListItem", "position": position, "name": crumb.name, "item": site_url + url})
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": elements}
