"""适老化 and accessibility in a real browser: axe, large text, contrast, targets, read aloud, keyboard."""

from __future__ import annotations

import pytest

from browser_helpers import (
    CONTROLS,
    DESKTOP,
    PHONE,
    published_items,
    search,
    set_access,
)

LECTURE = next(p for p, m in published_items("lectures") if m.get("captions"))
CASE = published_items("cases")[0][0]
NOTICE = published_items("notices")[0][0]


def open_page(browser, site_url, path, viewport=DESKTOP, **access):
    """A new context with the given 适老化 choice, showing ``path``."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    if access:
        set_access(context, **access)
    page = context.new_page()
    page.goto(site_url + path)
    return context, page


def test_switches_persist_across_pages_and_visits(browser, site_url):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url)
        root = page.locator("html")
        assert "fr-large" not in (root.get_attribute("class") or "")
        page.locator("[data-fr-toggle=large]").click()
        page.locator("[data-fr-toggle=contrast]").click()
        assert page.locator("[data-fr-toggle=large]").get_attribute("aria-pressed") == "true"
        page.goto(site_url + CASE)  # another page
        assert {"fr-large", "fr-contrast"} <= set(root.get_attribute("class").split())
        assert page.locator("[data-fr-toggle=contrast]").get_attribute("aria-pressed") == "true"
        later = context.new_page()  # a later visit in the same browser
        later.goto(site_url + NOTICE)
        assert {"fr-large", "fr-contrast"} <= set(later.locator("html").get_attribute("class").split())
        later.locator("[data-fr-toggle=large]").click()
        later.reload()
        assert "fr-large" not in later.locator("html").get_attribute("class").split()
    finally:
        context.close()


def text_metrics(page):
    return page.eval_on_selector_all(
        "article.md-content__inner p",
        "ps => ps.filter(p => p.offsetParent && p.innerText.trim().length > 20 && !p.closest('.fr-print-only')).map(p => {"
        " const s = getComputedStyle(p); return [parseFloat(s.fontSize), parseFloat(s.lineHeight)] })",
    )


@pytest.mark.parametrize("path", [LECTURE, CASE, NOTICE])
def test_large_text_on_phones(browser, site_url, path):
    context, page = open_page(browser, site_url, path, PHONE, large=True)
    try:
        metrics = text_metrics(page)
        assert metrics
        for size, line in metrics:
            assert size >= 18 and line / size >= 1.3, (size, line)
        page.locator("[data-fr-toggle=large]").click()  # off again: text gets smaller
        assert max(s for s, _ in text_metrics(page)) < min(s for s, _ in metrics)
    finally:
        context.close()


def small_targets(page, minimum):
    return page.evaluate(
        """([selector, minimum]) => [...document.querySelectorAll(selector)]
        .filter(el => el.checkVisibility({visibilityProperty: true, opacityProperty: true}))
        .map(el => [el, el.getBoundingClientRect()])
        .filter(([el, r]) => r.width > 0 && r.height > 0 && (r.width < minimum - 0.5 || r.height < minimum - 0.5))
        .map(([el, r]) => `${el.tagName.toLowerCase()}.${el.className} 「${el.innerText.trim().slice(0, 12)}」 ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        [CONTROLS, minimum],
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(("large", "minimum"), [(False, 44), (True, 60)], ids=["normal", "elder"])
def test_touch_targets(browser, site_url, viewport, large, minimum):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    set_access(context, large=large)
    try:
        page = context.new_page()
        problems = []
        for path in ["", LECTURE, CASE, NOTICE, "laws/"]:
            page.goto(site_url + path)
            if viewport is PHONE:
                page.locator("label.md-header__button[for=__drawer]").click()
                page.wait_for_timeout(300)
            problems += [f"{path or '/'}: {p}" for p in small_targets(page, minimum)]
        page.goto(site_url)
        search(page, "网约车")
        problems += [f"搜索结果: {p}" for p in small_targets(page, minimum)]
        assert not problems, "\n".join(problems[:30])
    finally:
        context.close()


FAKE_SPEECH = """
window.__spoken = []; window.__cancelled = 0;
class FakeUtterance { constructor(text) { this.text = text; this.lang = ""; } }
window.SpeechSynthesisUtterance = FakeUtterance;
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); },
  cancel() { window.__cancelled += 1; }, getVoices() { return []; } } });
"""


@pytest.mark.parametrize("path", [LECTURE, CASE, NOTICE])
def test_read_aloud_speaks_chinese_and_stops(browser, site_url, path):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.add_init_script(FAKE_SPEECH)
    try:
        page = context.new_page()
        page.goto(site_url + path)
        start = page.get_by_role("button", name="朗读本页")
        stop = page.get_by_role("button", name="停止朗读")
        assert start.is_visible() and stop.is_disabled()
        start.click()
        spoken = page.evaluate("window.__spoken")
        title = page.locator("article h1").first.inner_text()
        assert spoken and all(u["lang"] == "zh-CN" for u in spoken)
        assert title[:8] in "".join(u["text"] for u in spoken)
        assert "朗读本页" not in "".join(u["text"] for u in spoken)
        cancelled = page.evaluate("window.__cancelled")
        stop.click()
        assert page.evaluate("window.__cancelled") > cancelled
        assert start.is_enabled() and stop.is_disabled()
    finally:
        context.close()


@pytest.mark.parametrize("path", [LECTURE, CASE, NOTICE])
def test_read_aloud_hidden_without_speech_synthesis(browser, site_url, path):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.add_init_script("delete window.speechSynthesis; delete Window.prototype.speechSynthesis;")
    try:
        page = context.new_page()
        page.goto(site_url + path)
        assert page.evaluate("!('speechSynthesis' in window)")
        assert page.locator("[data-fr-read]").count() == 1
        assert not page.get_by_role("button", name="朗读本页").is_visible()
    finally:
        context.close()
