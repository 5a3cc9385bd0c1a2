"""Phones and desktops: every section reachable, no sideways scrolling, no errors, no outside requests."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_helpers import DESKTOP, PHONE, SECTIONS, page_path, set_access, site_pages


def visit_all(browser, site_url, built_site, viewport, large=False, contrast=False):
    """Load every page; return problems: outside requests, console errors, failed loads, overflow."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    if large or contrast:
        set_access(context, large=large, contrast=contrast)
    own = urlsplit(site_url).netloc
    problems: list[str] = []
    current = {"path": ""}
    context.on(
        "request",
        lambda r: (
            urlsplit(r.url).netloc == own
            or r.url.startswith(("data:", "blob:"))
            or problems.append(f"{current['path']}: 站外请求 {r.url}")
        ),
    )
    context.route(
        "**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc == own else route.abort()
    )
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"{current['path']}: 控制台错误 {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{current['path']}: 脚本错误 {e}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{current['path']}: {r.status} {r.url}"))
    try:
        for path in site_pages(built_site):
            current["path"] = path or "/"
            page.goto(site_url + path, wait_until="load")
            page.wait_for_timeout(50)
            wide = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if wide[0] > wide[1]:
                problems.append(f"{current['path']}: 横向滚动 scrollWidth {wide[0]} > clientWidth {wide[1]}")
            if (
                not page.locator("[data-fr-toggle=large]").is_visible()
                or not page.locator("[data-fr-toggle=contrast]").is_visible()
            ):
                problems.append(f"{current['path']}: 页面上没有可见的长辈模式/高对比度开关")
    finally:
        context.close()
    return problems


@pytest.mark.parametrize(
    ("viewport", "large", "contrast"),
    [(PHONE, False, False), (PHONE, True, True), (DESKTOP, False, False)],
    ids=["phone", "phone-elder", "desktop"],
)
def test_every_page_fits_loads_cleanly_and_stays_local(browser, site_url, built_site, viewport, large, contrast):
    assert len(site_pages(built_site)) > 20
    problems = visit_all(browser, site_url, built_site, viewport, large, contrast)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("name", SECTIONS)
def test_desktop_tabs_reach_every_section(page, site_url, name):
    page.goto(site_url)
    link = page.locator(".md-tabs__link", has_text=name).first
    assert link.is_visible()
    link.click()
    page.wait_for_load_state()
    active = page.locator(".md-tabs__item--active .md-tabs__link").inner_text().strip()
    assert active == name
    assert page.locator("article h1").first.is_visible()


@pytest.mark.parametrize("name", SECTIONS)
def test_phone_drawer_reaches_every_section(browser, site_url, name):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_url)
        assert not page.locator(".md-tabs").is_visible()  # phones use the drawer
        page.locator("label.md-header__button[for=__drawer]").click()
        drawer = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link", has_text=name).first
        drawer.wait_for(state="visible")
        page.wait_for_function(  # the drawer slides in
            "() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();"
            " return r.left >= 0 && r.right <= window.innerWidth }"
        )
        box = drawer.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        before = page.url
        drawer.click()
        page.wait_for_load_state()
        if name == "首页":
            assert page_path(page.url, site_url) == ""
        else:
            assert page.url != before
        assert page.locator("article h1").first.is_visible()
        if name != "首页":
            assert page.locator(".md-nav--primary .md-nav__link--active", has_text=name).count() >= 1
    finally:
        context.close()
