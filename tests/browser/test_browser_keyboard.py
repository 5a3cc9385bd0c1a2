"""Keyboard use, the lecture video's captions, and printed case and notice pages."""

from __future__ import annotations

import pytest

from browser_helpers import DESKTOP, PHONE, published_items, set_access

LECTURE = next(p for p, m in published_items("lectures") if m.get("captions"))
CASE = published_items("cases")[0][0]
NOTICE = published_items("notices")[0][0]

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not(.md-toggle), select, textarea, "
    "video[controls], [tabindex]:not([tabindex='-1'])"
)


@pytest.mark.parametrize("path", ["", LECTURE, CASE])
def test_skip_link_is_first_and_moves_past_the_chrome(page, site_url, path):
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "[document.activeElement.className, document.activeElement.innerText, document.activeElement.getAttribute('href')]"
    )
    assert "md-skip" in skip[0] and skip[1] == "跳转至正文"
    box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    assert box["width"] > 0 and box["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("!!document.activeElement.closest('.md-content, .md-sidebar--secondary, .md-footer')")
    assert inside, "跳转链接之后的焦点没有进入正文"


@pytest.mark.parametrize("path", ["", LECTURE, NOTICE])
def test_tab_reaches_every_control_with_a_visible_focus(page, site_url, path):
    page.goto(site_url + path)
    expected = page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(el => el.checkVisibility({visibilityProperty: true})
              && el.getBoundingClientRect().width > 0 && !el.closest('[hidden], .md-search, .md-sidebar--primary'))
              .map((el, i) => (el.dataset.frSeen = String(i), i))""",
        FOCUSABLE,
    )
    seen, unfocused = set(), []
    for _ in range(len(expected) + 80):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
               return [el.dataset.frSeen ?? null, s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow, el.outerHTML.slice(0, 80)] }"""
        )
        if info[0] is not None:
            seen.add(int(info[0]))
        if info[4].startswith("<body"):
            continue
        if not ((info[1] != "none" and info[2] >= 2) or info[3] != "none"):
            unfocused.append(info[4])
    missing = page.evaluate(
        "ids => [...document.querySelectorAll('[data-fr-seen]')].filter(el => !ids.includes(+el.dataset.frSeen)).map(el => el.outerHTML.slice(0, 80))",
        sorted(seen),
    )
    assert not missing, f"用 Tab 到不了：{missing[:10]}"
    assert not unfocused, f"获得焦点时看不出来：{unfocused[:10]}"


@pytest.mark.parametrize("key", ["Enter", " "])
def test_home_search_label_opens_search_from_the_keyboard(page, site_url, key):
    page.goto(site_url)
    hero = page.locator(".fr-hero__search")
    hero.focus()
    page.keyboard.press(key)
    page.wait_for_function("document.activeElement?.dataset.mdComponent === 'search-query'")
    assert page.locator("#__search").is_checked()
    page.keyboard.type("ETC")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")


def test_phone_menu_and_search_open_from_the_keyboard(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + LECTURE)
        page.locator("label[for=__drawer][tabindex]").focus()
        page.keyboard.press("Enter")
        assert page.locator("#__drawer").is_checked()
        page.locator("label[for=__drawer][tabindex]").focus()
        page.keyboard.press("Enter")
        page.locator("label.md-header__button[for=__search]").focus()
        page.keyboard.press(" ")
        assert page.locator("#__search").is_checked()
    finally:
        context.close()


def test_lecture_video_has_captions_and_never_autoplays(page, site_url):
    page.goto(site_url + LECTURE)
    video = page.locator("video.fr-video")
    assert video.get_attribute("autoplay") is None and video.get_attribute("controls") is not None
    track = page.locator("video.fr-video track[kind=captions]")
    assert track.get_attribute("default") is not None and track.get_attribute("srclang") == "zh-CN"
    page.wait_for_function(
        "() => { const t = document.querySelector('video.fr-video').textTracks[0];"
        " return t && t.cues && t.cues.length > 0 }"
    )
    cues = page.evaluate("[...document.querySelector('video.fr-video').textTracks[0].cues].map(c => c.text)")
    mode = page.evaluate("document.querySelector('video.fr-video').textTracks[0].mode")
    assert mode == "showing" and len(cues) >= 3 and all(any("\u4e00" <= ch <= "\u9fff" for ch in c) for c in cues)
    page.wait_for_timeout(1000)
    assert page.evaluate("document.querySelector('video.fr-video').paused")
    video.focus()  # native controls: focusable, Space toggles playback
    assert page.evaluate("document.activeElement.tagName") == "VIDEO"


@pytest.mark.parametrize("path", [CASE, NOTICE])
def test_print_shows_content_address_and_date_only(browser, site_url, path):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + path)
        page.emulate_media(media="print")
        for chrome in [
            ".md-header",
            ".md-tabs",
            ".md-sidebar--primary",
            ".md-sidebar--secondary",
            ".md-search",
            ".md-footer",
            ".fr-access",
            ".fr-read",
        ]:
            assert page.locator(chrome).evaluate_all("els => els.every(e => !e.checkVisibility())"), chrome
        source = page.locator(".fr-print-source")
        assert source.is_visible()
        text = source.inner_text()
        assert "本页网址：" in text and path.split("/")[1] in text and "https://" in text
        assert "打印日期：" in text and "年" in text and "日" in text
        assert page.locator("article h1").is_visible()
        page.emulate_media(media="screen")
        assert not source.is_visible()
    finally:
        context.close()


# Where the focus is after a Tab: what it is, whether a person can see it (painted, not transparent,
# not clipped away, on the screen's width), and whether it sits in the closed drawer or search.
FOCUS_SEEN = """() => { document.getAnimations().forEach(a => a.finish())  // the skip link fades in on focus
  const el = document.activeElement; const r = el.getBoundingClientRect()
  let opacity = 1; for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity)
  const seen = el.checkVisibility({visibilityProperty: true, opacityProperty: true}) && opacity >= 0.5
    && r.width >= 1 && r.height >= 1 && r.right > 0 && r.left < innerWidth
  const closed = (!document.getElementById('__drawer').checked && !!el.closest('.md-sidebar--primary') && innerWidth < 1220)
    || (!document.getElementById('__search').checked && !!el.closest('.md-search__output, .md-search__scrollwrap'))
  return {what: el.tagName === 'BODY' ? null : el.outerHTML.slice(0, 90), seen, closed} }"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["", LECTURE, NOTICE])
def test_every_tab_stop_can_be_seen(browser, site_url, viewport, path):
    """No Tab stop in the closed drawer or search on phones, no invisible one on desktops."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + path)
        stops, unseen = 0, []
        for _ in range(200):
            page.keyboard.press("Tab")
            got = page.evaluate(FOCUS_SEEN)
            if got["what"] is None:
                break  # past the last control: the whole page has been walked
            stops += 1
            if got["closed"] or not got["seen"]:
                unseen.append(got["what"])
        assert stops > 10 and not unseen, f"看不见的 Tab 停留点：{unseen[:8]}"
        if viewport is PHONE:  # the drawer and the search still open and take the focus
            page.locator("label[for=__drawer][tabindex]").focus()
            page.keyboard.press("Enter")
            for _ in range(15):  # past the header's switches and search button, into the open drawer
                page.keyboard.press("Tab")
                if page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
                    break
            got = page.evaluate(FOCUS_SEEN)
            assert "md-nav" in got["what"] and got["seen"], got
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 375])
def test_elder_mode_phone_header_shows_the_whole_site_name(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="zh-CN")
    set_access(context, large=True)
    try:
        page = context.new_page()
        page.goto(site_url)
        name = page.evaluate(
            "() => { const e = document.querySelector('.md-header__topic .md-ellipsis');"
            " return [e.textContent.trim(), e.scrollWidth, e.clientWidth] }"
        )
        assert name[0] == "法润交通" and name[1] <= name[2], f"站名被截断：{name}"
        for toggle in ("large", "contrast"):
            box = page.locator(f"[data-fr-toggle={toggle}]").bounding_box()
            assert box["width"] >= 60 and box["height"] >= 60 and box["x"] + box["width"] <= width, box
        broken = page.evaluate("""() => [...document.querySelectorAll('.fr-footer a, .fr-footer .fr-nowrap')]
            .filter(a => new Set([...a.getClientRects()].map(r => Math.round(r.top))).size > 1).map(a => a.textContent)""")
        assert broken == [], f"页脚中这些词语被拆到两行：{broken}"
        assert page.locator(".fr-footer a", has_text="政府网站找错").count() == 1
    finally:
        context.close()
