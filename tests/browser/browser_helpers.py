"""Helpers shared by the browser tests: site pages, content titles, recorded loads, axe, search."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from support import TEST_DAY

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 768}
SECTIONS = ["首页", "云讲堂", "以案释法", "公示公告", "法规索引", "关于"]
ACCESS_KEY = "farun-access"

# Controls whose box is a touch target. Links inside running text are exempt (WCAG 2.5.8 "inline").
CONTROLS = (
    "button, [role=button], input:not([type=hidden]):not(.md-toggle), select, .md-header__button, "
    ".md-tabs__link, .md-nav__link[href], label.md-nav__link, .md-typeset .md-button, .md-footer__link, "
    ".md-top, .md-typeset .fr-chip, .md-typeset a.md-tag, .md-search-result__link, .fr-sessions a, .fr-hero__search"
)


def front_matter(path: Path) -> dict:
    """The YAML front matter of a content file."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def published_items(*kinds: str) -> list[tuple[str, dict]]:
    """(page path like 'lectures/x/', front matter) of every non-draft content file of ``kinds``."""
    found = []
    for kind in kinds:
        for path in sorted((ROOT / "docs" / kind).glob("*.md")):
            if path.name == "index.md":
                continue
            meta = front_matter(path)
            if meta.get("draft") or meta.get("publish") is False:
                continue
            found.append((f"{kind}/{path.stem}/", meta))
    return found


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site as a path relative to its root ('' for the home page)."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def page_types(site) -> dict[str, str]:
    """One page of every type the site has (name -> path; '#search' is the home page with results open)."""
    lectures = published_items("lectures")

    def _notice(kind: str, revoked: bool = False) -> str:
        return next(
            path
            for path, meta in published_items("notices")
            if meta.get("type") == kind
            and bool(meta.get("revoked")) == revoked
            and (site / path / "index.html").exists()
        )

    return {
        "home": "",
        "search": "#search",
        "lectures": "lectures/",
        "lecture": next(p for p, m in lectures if m.get("captions")),
        "lecture-upcoming": next(p for p, m in lectures if str(m["date"]) > TEST_DAY.isoformat()),
        "cases": "cases/",
        "case": published_items("cases")[0][0],
        "notices": "notices/",
        "notice-penalty": _notice("行政处罚公示"),
        "notice-licence": _notice("行政许可公示"),
        "notice-revoked": _notice("行政处罚公示", revoked=True),
        "notice-plain": _notice("通知"),
        "notice-preview": _notice("讲堂预告"),
        "topics": "topics/",
        "topic": "topics/网约车/",
        "speakers": "speakers/",
        "speaker": f"speakers/{lectures[0][1]['speaker']}/",
        "laws": "laws/",
        "law": "laws/中华人民共和国行政处罚法/",
        "archive": "archive/2023/",
        "stats": "stats/",
        "stats-year": "stats/2026/",
        "about": "about/",
        "site-map": "site-map/",
        "404": "404.html",
    }


def page_path(url: str, base: str) -> str:
    """The site-relative, decoded path of ``url`` without query or fragment."""
    return unquote(urlsplit(url).path)[len(urlsplit(base).path) :]


def set_access(context, large: bool = False, contrast: bool = False) -> None:
    """Make every page of ``context`` start with the given 适老化 choice saved."""
    context.add_init_script(
        f"localStorage.setItem('{ACCESS_KEY}', JSON.stringify({{large: {str(large).lower()}, contrast: {str(contrast).lower()}}}))"
    )


def run_axe(page, rules: list[str] | None = None) -> list[dict]:
    """Inject the pinned axe-core and return its violations (all impacts)."""
    assert AXE.exists(), "缺少 node_modules/axe-core，请先运行 tests/setup.sh（npm ci）"
    # Evaluated through the debugging protocol, not as a <script> tag: the page's own
    # Content-Security-Policy (<meta http-equiv>, scripts from 'self' only) blocks an inline one.
    page.evaluate("source => { (0, eval)(source) }", AXE.read_text(encoding="utf-8"))
    options = (
        {"runOnly": {"type": "rule", "values": rules}}
        if rules
        else {
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            }
        }
    )
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


def describe(violations: list[dict]) -> str:
    """A readable list of axe violations with a few offending nodes each."""
    lines = []
    for v in violations:
        nodes = "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:4]
        )
        lines.append(f"{v['impact']} {v['id']}: {v['help']} -> {nodes}")
    return "\n".join(lines)


def search(page, query: str) -> list[str]:
    """Type ``query`` into Material's search box; return the result pages' hrefs, best first."""
    box = page.locator("[data-md-component=search-query]")
    icon = page.locator("label.md-header__button[for=__search]")
    if icon.is_visible() and not page.locator("#__search").is_checked():
        icon.click()  # phones: the search icon opens the search overlay
        page.wait_for_function("document.activeElement?.dataset.mdComponent === 'search-query'")
    elif not icon.is_visible():
        box.click()
    # Chinese arrives from an input method as committed text; Material reacts on the key that follows.
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta');"
        " return document.querySelector('[data-md-component=search-query]').value === q"
        " && m && !m.textContent.includes('键入') }",
        arg=query,
    )
    # The worker answers once per keystroke: wait until the last answer has landed (the list stays the
    # same for 200 ms) and its fade-in is over, so what the test reads or axe measures is final.
    before, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        now = page.evaluate(
            "() => { const l = document.querySelector('.md-search-result'); return l ? l.innerHTML : '' }"
        )
        if now == before and page.evaluate("() => document.getAnimations().every(a => a.playState !== 'running')"):
            break
        before = now
    return page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item",
        "items => items.map(i => i.querySelector('a.md-search-result__link').href)",
    )
