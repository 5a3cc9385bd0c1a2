"""A 政府网站 column: 当前位置 and the section tab on every page, the header, the hero, the layout."""

from __future__ import annotations

import pytest

from browser_helpers import DESKTOP, PHONE, ROOT, published_items, site_pages
from support import TEST_DAY

OUT = ROOT / "test-output" / "column"

TAB_OF = {
    "lectures": "云讲堂",
    "archive": "云讲堂",
    "topics": "云讲堂",
    "speakers": "云讲堂",
    "cases": "以案释法",
    "notices": "公示公告",
    "laws": "法规索引",
    "about": "关于",
}

READ_TRAIL = """() => {
  const nav = document.querySelector('nav.fr-trail')
  const tabs = [...document.querySelectorAll('.md-tabs__item--active')].map(t => t.textContent.trim())
  const ld = [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent))
  if (!nav) return {tabs, ld, crumbs: null}
  const crumbs = [...nav.querySelectorAll('li')].map(li => {
    const a = li.querySelector('a'); const cur = li.querySelector('[aria-current=page]')
    return {name: li.textContent.trim(), href: a ? a.href : null, current: !!cur}
  })
  return {tabs, ld, crumbs, visible: nav.getBoundingClientRect().height > 0, h1: document.querySelector('h1')?.textContent.trim()}
}"""


def test_every_page_has_a_trail_and_marks_its_section_tab(browser, site_url, built_site):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    problems = []
    try:
        page = context.new_page()
        for path in site_pages(built_site):
            page.goto(site_url + path)
            got = page.evaluate(READ_TRAIL)
            folder = path.split("/")[0]
            if path == "":
                if got["crumbs"] is not None or got["tabs"] != ["首页"]:
                    problems.append(f"/: 首页不应有当前位置，应标出“首页”标签：{got}")
                continue
            crumbs = got["crumbs"]
            if not crumbs or not got["visible"]:
                problems.append(f"{path}: 没有可见的“当前位置”")
                continue
            if crumbs[0]["name"] != "首页" or crumbs[0]["href"] != site_url:
                problems.append(f"{path}: 当前位置应从“首页”开始：{crumbs[0]}")
            if not crumbs[-1]["current"] or crumbs[-1]["href"] or any(c["current"] for c in crumbs[:-1]):
                problems.append(f"{path}: 只有最后一项是本页（aria-current，不带链接）：{crumbs}")
            if any(not c["href"] for c in crumbs[:-1]):
                problems.append(f"{path}: 当前位置中除本页外每一项都应是链接：{crumbs}")
            expected_tab = TAB_OF.get(folder)
            if expected_tab:
                if got["tabs"] != [expected_tab]:
                    problems.append(f"{path}: 应只标出“{expected_tab}”标签，实际 {got['tabs']}")
                if crumbs[1]["name"] != expected_tab:
                    problems.append(f"{path}: 当前位置第二项应为栏目“{expected_tab}”：{crumbs}")
            lists = [d for d in got["ld"] if d.get("@type") == "BreadcrumbList"]
            if len(lists) != 1 or [e["name"] for e in lists[0]["itemListElement"]] != [c["name"] for c in crumbs]:
                problems.append(f"{path}: schema.org BreadcrumbList 应与页面上的当前位置一致：{lists}")
    finally:
        context.close()
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_item_trail_names_section_and_item(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    try:
        page = context.new_page()
        path, meta = next((p, m) for p, m in published_items("lectures") if m.get("episode") == 6)
        page.goto(site_url + path)
        crumbs = page.evaluate(READ_TRAIL)["crumbs"]
        assert [c["name"] for c in crumbs] == ["首页", "云讲堂", f"第6期 {meta['title']}"]
        page.locator("nav.fr-trail a", has_text="云讲堂").click()
        page.wait_for_url(site_url + "lectures/")
        case_path, case = published_items("cases")[0]
        page.goto(site_url + case_path)
        crumbs = page.evaluate(READ_TRAIL)["crumbs"]
        assert [c["name"] for c in crumbs] == ["首页", "以案释法", case["category"], case["title"]]
        box = page.locator("nav.fr-trail").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    finally:
        context.close()


SMALL_TEXT = """(minimum) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const small = new Set()
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue
    const el = node.parentElement
    if (!el || el.closest('.fr-sr-only, script, style, noscript, .md-search, .md-dialog, .fr-print-only, [hidden]')) continue
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= innerWidth) continue  // closed drawer: off screen
    const size = parseFloat(getComputedStyle(el).fontSize)
    if (size < minimum - 0.01) small.add(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} 「${node.textContent.trim().slice(0, 10)}」 ${size}px`)
  }
  return [...small]
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_elder_mode_scales_every_text_to_18px(browser, site_url, viewport):
    """适老化: in 长辈模式 every visible text, header buttons, penalty tables and headings included, is >= 18 px."""
    from browser_helpers import set_access

    penalty = next(
        p
        for p, m in published_items("notices")
        if m.get("type") == "行政处罚公示" and not m.get("revoked") and str(m.get("expires")) > TEST_DAY.isoformat()
    )
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    set_access(context, large=True)
    found = []
    try:
        page = context.new_page()
        for path in [
            "",
            "lectures/",
            published_items("lectures")[0][0],
            published_items("cases")[0][0],
            penalty,
            "notices/",
            "laws/",
            "site-map/",
        ]:
            page.goto(site_url + path)
            found += [f"/{path}: {s}" for s in page.evaluate(SMALL_TEXT, 18)]
    finally:
        context.close()
    assert not found, "\n".join(found[:40])


CENTRES = """() => {
  const mid = el => { const r = el.getBoundingClientRect(); return r.top + r.height / 2 }
  const input = document.querySelector('.md-search__input')
  const icons = [...document.querySelectorAll('.md-search__form .md-search__icon')].filter(i => i.checkVisibility() && i.getBoundingClientRect().width > 0)
  return {input: mid(input), icons: icons.map(i => [i.tagName + '.' + (i.getAttribute('type') || i.getAttribute('for')), mid([...i.querySelectorAll('svg')].find(v => v.getBoundingClientRect().height > 0) || i)])}
}"""


def test_header_has_one_magnifier_and_icons_on_the_text_line(browser, site_url):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + "lectures/")
        magnifiers = page.locator(".md-header [for=__search]").evaluate_all(
            "els => els.filter(e => e.checkVisibility() && e.getBoundingClientRect().width > 0).length"
        )
        assert magnifiers == 1  # the field's own icon; the header button is for phones
        page.locator(".md-search__input").click()
        page.keyboard.type("网约车")
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
        got = page.evaluate(CENTRES)
        assert len(got["icons"]) >= 2, got  # magnifier and ×
        for name, centre in got["icons"]:
            assert abs(centre - got["input"]) <= 3, (name, centre, got["input"])
    finally:
        context.close()


def test_phone_search_icons_on_the_text_line_and_no_tooltip_after_a_tap(browser, site_url):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_url + "lectures/")
        for toggle in ("contrast", "large"):
            page.locator(f"[data-fr-toggle={toggle}]").tap()
            page.wait_for_timeout(600)
            shown = page.evaluate("""() => [...document.querySelectorAll('.md-tooltip, .md-tooltip2, [role=tooltip], .fr-access__hint')]
                .filter(t => t.checkVisibility({opacityProperty: true}) && t.getBoundingClientRect().width > 2).map(t => t.textContent.trim())""")
            assert shown == [], f"轻触“{toggle}”后仍有提示框盖住页面：{shown}"
            page.locator(f"[data-fr-toggle={toggle}]").tap()
        page.locator("label.md-header__button[for=__search]").tap()
        page.keyboard.type("网约车")
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
        got = page.evaluate(CENTRES)
        assert len(got["icons"]) >= 2, got  # back arrow and ×
        for name, centre in got["icons"]:
            assert abs(centre - got["input"]) <= 3, (name, centre, got["input"])
    finally:
        context.close()


def test_desktop_switch_hint_shows_on_hover_inside_the_screen(browser, site_url):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url)
        for toggle in ("large", "contrast"):
            page.locator(f"[data-fr-toggle={toggle}]").hover()
            hint = page.locator(f"[data-fr-toggle={toggle}] .fr-access__hint")
            box = hint.bounding_box()
            assert box["width"] > 40 and box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], box
            page.mouse.move(10, 700)
            assert hint.bounding_box()["width"] <= 1
            assert page.locator(f"[data-fr-toggle={toggle}]").get_attribute("title") is None
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_hero_placeholder_breaks_between_phrases_only(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url)
        lines = page.evaluate("""() => [...document.querySelectorAll('.fr-hero__search .fr-nowrap')]
            .map(s => [s.textContent, new Set([...s.getClientRects()].map(r => Math.round(r.top))).size])""")
        assert any("网约车" in text for text, _ in lines)
        assert all(count == 1 for _, count in lines), lines
        box = page.locator(".fr-hero__search").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    finally:
        context.close()


def test_chinese_quotes_are_full_width(page, site_url):
    path = next(p for p, m in published_items("lectures") if m.get("episode") == 6)
    page.goto(site_url + path)
    widths = page.evaluate("""() => { const a = document.querySelector('article .md-typeset, article') || document.body
        const probe = t => { const s = document.createElement('span'); s.textContent = t; a.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w }
        return [probe('“'), probe('”'), probe('中')] }""")
    assert widths[0] >= widths[2] * 0.8 and widths[1] >= widths[2] * 0.8, widths


def test_wide_table_on_a_phone_says_it_scrolls(browser, site_url):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        path = next(p for p, m in published_items("lectures") if m.get("episode") == 6)
        page.goto(site_url + path)
        page.wait_for_timeout(300)
        frames = page.evaluate("""() => [...document.querySelectorAll('article .md-typeset__scrollwrap')].map(f => [
            f.scrollWidth > f.clientWidth + 1, !!(f.previousElementSibling && f.previousElementSibling.classList.contains('fr-scroll-hint'))])""")
        assert frames and all(scrolls == hinted for scrolls, hinted in frames), (
            frames
        )  # a hint exactly where it scrolls
        page.evaluate("""() => { const d = document.createElement('div'); d.className = 'md-typeset__scrollwrap'; d.id = 'fr-added'
            d.innerHTML = '<div class="md-typeset__table"><table><tr>' + '<td>很长的单元格内容示例文字</td>'.repeat(8) + '</tr></table></div>'
            document.querySelector('article').appendChild(d); window.dispatchEvent(new Event('resize')) }""")
        frame = page.locator("article > #fr-added.md-typeset__scrollwrap.fr-scrolls")
        frame.wait_for()
        hint = page.locator("article > .fr-scroll-hint + #fr-added.md-typeset__scrollwrap.fr-scrolls")
        assert hint.count() == 1
        text = page.evaluate("document.querySelector('#fr-added').previousElementSibling.innerText")
        assert "左右滑动" in text
        assert frame.get_attribute("tabindex") == "0"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        names = page.evaluate(
            "[...document.querySelectorAll('article [role=region].fr-scrolls')].map(f => f.getAttribute('aria-label'))"
        )
        assert len(names) >= 2 and len(set(names)) == len(names), (
            names
        )  # each scrolling table's region has its own name
        assert all(n.startswith("可左右滚动的表格：") for n in names), names
    finally:
        context.close()


def test_case_search_snippet_is_its_summary_not_the_example_note(page, site_url):
    from browser_helpers import search

    path, case = published_items("cases")[0]
    assert case["title"].startswith("示例")
    page.goto(site_url)
    word = case["title"].split("“")[1].split("”")[0] if "“" in case["title"] else case["title"][3:9]
    search(page, word)
    item = page.locator(".md-search-result__item", has=page.locator(f"a[href*='{path}']")).first
    text = item.locator("article").first.inner_text()
    assert "示例内容" not in text and "当事人信息均为虚构" not in text, text
    assert any(case["summary"][i : i + 6] in text.replace("\n", "") for i in range(0, len(case["summary"]) - 6, 3)), (
        text
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_masthead_names_the_bureau_and_links_to_its_portal(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + "notices/")
        link = page.locator(".fr-masthead a.fr-masthead__bureau")
        assert link.is_visible() and link.inner_text().split() == [
            "绍兴市交通运输局",
            "（门户网站）",
        ]  # the last words for screen readers
        assert link.get_attribute("href") == "https://jtj.sx.gov.cn/"
        box = link.bounding_box()
        assert box["y"] < page.locator(".md-header").bounding_box()["y"] and box["height"] >= 44
        slot = page.locator(".fr-footer .fr-mark-slot")  # 党政机关网站标识 not configured in the sample
        assert slot.is_visible() and "党政机关" in slot.inner_text() and "待开通" in slot.inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_article_tools_date_source_size_print_share(browser, site_url, viewport):
    import zxingcpp
    from PIL import Image

    path, meta = next(
        (p, m)
        for p, m in published_items("notices")
        if m.get("type") == "行政处罚公示" and not m.get("revoked") and str(m.get("expires")) > TEST_DAY.isoformat()
    )
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + path)
        tools = page.locator(".fr-tools")
        text = tools.inner_text()
        assert f"发布时间：{meta['date']}" in text and f"来源：{meta['issuer']}" in text
        classes = (
            "() => [...document.documentElement.classList].filter(c => c === 'fr-large' || c === 'fr-small').join(' ')"
        )
        pressed = "() => [...document.querySelectorAll('[data-fr-size]')].filter(b => b.getAttribute('aria-pressed') === 'true').map(b => b.dataset.frSize)"
        assert page.evaluate(pressed) == ["medium"]
        page.locator("[data-fr-size=large]").click()  # 大 is 长辈模式: the header switch shows it on
        assert page.evaluate(classes) == "fr-large" and page.evaluate(pressed) == ["large"]
        assert page.locator("[data-fr-toggle=large]").get_attribute("aria-pressed") == "true"
        page.locator("[data-fr-size=small]").click()
        assert (
            page.evaluate(classes) == "fr-small"
            and page.locator("[data-fr-toggle=large]").get_attribute("aria-pressed") == "false"
        )
        small = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('article .md-typeset, article')).fontSize)"
        )
        page.reload()  # kept, and applied before the first paint (partials/access-head.html)
        assert page.evaluate(classes) == "fr-small" and page.evaluate(pressed) == ["small"]
        page.locator("[data-fr-size=medium]").click()
        assert (
            page.evaluate(classes) == ""
            and page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('article .md-typeset, article')).fontSize)"
            )
            > small
        )
        page.locator("[data-fr-toggle=large]").click()  # and the header switch moves 字号 to 大
        assert page.evaluate(pressed) == ["large"]
        page.locator("[data-fr-toggle=large]").click()
        page.evaluate("() => { window.frPrinted = 0; window.print = () => { window.frPrinted += 1 } }")
        page.locator("[data-fr-print]").click()
        assert page.evaluate("window.frPrinted") == 1
        page.locator(".fr-share summary").click()
        qr = page.locator(".fr-share__panel img")
        assert qr.is_visible() and qr.get_attribute("src").startswith("data:image/svg+xml")
        shot = OUT / f"share-{'phone' if viewport is PHONE else 'desktop'}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        qr.screenshot(path=str(shot))
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        assert [c.text for c in zxingcpp.read_barcodes(Image.open(shot).convert("RGB"))] == [canonical]
        assert page.locator(".fr-share__url").inner_text().strip() == canonical
        panel = page.locator(".fr-share__panel").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= viewport["width"]
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()
