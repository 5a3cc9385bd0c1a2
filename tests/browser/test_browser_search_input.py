"""Search takes text from every input method, openers focus the real input, results say what they are.

Text that arrives without key events (an input method's commit, paste from the context menu,
voice input, autofill) must be searched; the home page's big search box must put the focus
(and so a phone's keyboard) into the real input; a result names its type, date and 期数 and
the page it opens highlights the words.
"""

from __future__ import annotations

import pytest

from browser_helpers import DESKTOP, PHONE, page_path

QUERY = "信用修复"
BOX = "[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"


def _open_desktop(page, site_url, path="lectures/"):
    page.goto(site_url + path)
    page.locator(BOX).click()
    page.wait_for_function("document.activeElement?.dataset.mdComponent === 'search-query'")


def _results(page, site_url) -> list[str]:
    page.wait_for_function(
        "() => /\\d+ 个符合条件的结果/.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=15000,
    )
    return [
        page_path(href, site_url) for href in page.eval_on_selector_all(RESULT_LINKS, "els => els.map(e => e.href)")
    ]


def _no_key_events_reach(page):
    """Record keydown/keyup on the page, to prove the text came without them."""
    page.evaluate(
        "window.frKeys = []; ['keydown', 'keyup'].forEach(t => addEventListener(t, e => e.isTrusted && frKeys.push(t), true))"
    )


def test_committed_input_method_text_is_searched_without_a_key(page, site_url):
    _open_desktop(page, site_url)
    _no_key_events_reach(page)
    # The index is ready (Material would otherwise search whatever the box holds once it is).
    page.wait_for_function(
        "() => (document.querySelector('.md-search-result__meta')?.textContent || '').includes('键入')", timeout=15000
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "xinyong", "selectionStart": 7, "selectionEnd": 7})
    page.wait_for_timeout(300)
    assert "键入" in page.locator(".md-search-result__meta").inner_text()  # half-typed pinyin is not searched
    cdp.send("Input.insertText", {"text": QUERY})  # the input method commits: compositionend, input
    assert "lectures/2023-11-wangyueche-baorong/" in _results(page, site_url)[:3]
    assert page.evaluate("frKeys") == []


def test_inserted_text_like_voice_input_or_autofill_is_searched(page, site_url):
    _open_desktop(page, site_url)
    _no_key_events_reach(page)
    page.keyboard.insert_text("网约车")  # an input event only, as voice input or autofill
    assert _results(page, site_url)[0] == "topics/网约车/"
    assert page.evaluate("frKeys") == []


def test_text_pasted_from_the_context_menu_is_searched(page, site_url):
    _open_desktop(page, site_url)
    # A context-menu paste: a paste event, then the text lands in the box; no key at all.
    page.evaluate(
        """q => { const box = document.querySelector('[data-md-component=search-query]');
        const data = new DataTransfer(); data.setData('text/plain', q);
        box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        box.value = q; }""",
        "58号",
    )
    assert _results(page, site_url)[0] == "notices/2026-06-chufa-wangyueche-jiashiyuan/"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_home_page_search_box_focuses_the_real_input(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=viewport is PHONE)
    try:
        page = context.new_page()
        page.goto(site_url)
        hero = page.locator(".fr-hero__search")
        hero.tap() if viewport is PHONE else hero.click()
        page.wait_for_function("document.activeElement?.dataset.mdComponent === 'search-query'", timeout=5000)
        assert page.locator("#__search").is_checked()
        page.keyboard.insert_text("第六期")  # the phone's keyboard types into the focused input
        assert _results(page, site_url)[0] == "lectures/2023-11-wangyueche-baorong/"
        page.locator(BOX).press("Escape")  # and search closes again as usual
        page.wait_for_function("!document.getElementById('__search').checked")
    finally:
        context.close()


def test_the_home_page_search_box_answers_the_keyboard(page, site_url):
    page.goto(site_url)
    page.locator(".fr-hero__search").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement?.dataset.mdComponent === 'search-query'", timeout=5000)


def test_a_q_link_opens_search_with_its_results(page, site_url):
    page.goto(site_url + "cases/?q=" + "行政处罚法")
    assert _results(page, site_url)[0] == "laws/中华人民共和国行政处罚法/"
    assert page.locator(BOX).input_value() == "行政处罚法"


def test_results_name_type_date_and_episode_and_the_page_highlights_the_words(page, site_url):
    _open_desktop(page, site_url)
    page.keyboard.insert_text(QUERY)
    results = _results(page, site_url)
    labels = dict(
        zip(
            results,
            page.eval_on_selector_all(
                RESULT_LINKS, "els => els.map(e => e.querySelector('h1 .fr-result-meta')?.textContent || '')"
            ),
        )
    )
    assert labels["topics/信用修复/"] == "主题"
    assert labels["lectures/2023-11-wangyueche-baorong/"] == "讲座 · 第6期 · 2023年11月23日"
    assert labels["cases/2023-09-jiapei-xueshi-zaojia/"] == "案例 · 2023年9月13日"
    assert labels["notices/2026-09-chufa-chaoxian-yunshu/"] == "公告 · 2026年9月15日"
    page.locator(RESULT_LINKS).nth(results.index("lectures/2023-11-wangyueche-baorong/")).click()
    page.wait_for_url("**/lectures/2023-11-wangyueche-baorong/**")
    page.wait_for_selector("article mark[data-md-highlight]", timeout=10000)
    marks = page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert marks and set(marks) == {QUERY}, marks
