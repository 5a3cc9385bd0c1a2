"""Screenshots of the key pages for people to look at (test-output/, ignored by git)."""

from __future__ import annotations

import pytest

from browser_helpers import DESKTOP, PHONE, ROOT, published_items, search, set_access

OUT = ROOT / "test-output" / "screens"
LECTURE = next(p for p, m in published_items("lectures") if m.get("captions"))
PAGES = {"home": "", "lectures": "lectures/", "lecture": LECTURE, "case": published_items("cases")[0][0],
         "notice": published_items("notices")[0][0], "laws": "laws/"}


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_of_key_pages(browser, site_url, viewport, elder):
    OUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    set_access(context, large=elder, contrast=elder)
    tag = f"{'phone' if viewport is PHONE else 'desktop'}-{'elder' if elder else 'normal'}"
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(site_url + path)
            target = OUT / f"{tag}-{name}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5000
        page.goto(site_url)
        search(page, "网约车")
        page.screenshot(path=str(OUT / f"{tag}-search.png"))
        assert page.locator(".md-search-result__item").first.is_visible()
    finally:
        context.close()
