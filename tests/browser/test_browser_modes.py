"""Every page type in every reader mode, at phone and desktop size: axe and a screenshot each.

One browser, the session's built site, one page per viewport, side by side (axe runs in both
renderers at once): each page is loaded once and the modes are switched in the page itself through
the header switches (normal, 长辈模式, both, 高对比度), so 25 page types x 4 modes x 2 sizes cost 50 loads. Every violation of any impact is
written to test-output/modes/axe-<size>.txt. Serious and critical ones fail in every mode, any
impact fails in the normal mode (Lighthouse's accessibility audits are axe rules), and in 高对比度
text must reach 7:1 (color-contrast-enhanced), which that mode promises. No page scrolls sideways in
any mode. Screenshots of each page type in each mode: test-output/modes/<size>-<mode>-<type>.jpg.
"""

from __future__ import annotations

import time

from browser_helpers import AXE, DESKTOP, PHONE, ROOT, describe, page_types, search

OUT = ROOT / "test-output" / "modes"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The header switches clicked in turn walk through the four modes, one click each.
MODES = [("normal", None), ("large", "large"), ("both", "contrast"), ("contrast", "large")]


# A switch's colour and size transitions are finished at once, so axe measures the final colours.
SWITCH = """name => { document.querySelector(`[data-fr-toggle=${name}]`).click()
  document.getAnimations().forEach(a => a.finish())
  return [...document.documentElement.classList].filter(c => c.startsWith('fr-')).sort().join(' ') }"""
EXPECTED_CLASSES = {"normal": "", "large": "fr-large", "both": "fr-contrast fr-large", "contrast": "fr-contrast"}

# What axe leaves out: icons (non-text, 3:1) and titles painted in the closed phone drawer (text,
# 4.5:1; 7:1 in 高对比度). Colours are composited over their ancestors' backgrounds, or over the
# field they are drawn on (the search field's magnifier and x sit on the input, not inside it).
CONTRASTS = """([selectors, textMinimum]) => {
  const rgba = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1] }
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat(1)
  const background = el => { const layers = []
    for (let e = el; e; e = e.parentElement) { const b = rgba(getComputedStyle(e).backgroundColor); if (b[3] > 0) layers.push(b); if (b[3] === 1) break }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]) }
  const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4 })
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2] }
  const found = []
  for (const [selector, minimum, field] of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      if (!el.getClientRects().length) continue  // hidden (visibility) ones are judged as they will paint
      const bg = background(field ? el.parentElement.querySelector(field) : el), fg = over(rgba(getComputedStyle(el).color), bg)
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x), ratio = (a + 0.05) / (b + 0.05)
      const need = minimum === 'text' ? textMinimum : minimum
      if (ratio < need) found.push(`${selector} 「${el.textContent.trim().slice(0, 12)}」 ${ratio.toFixed(2)}:1 < ${need}:1`)
    }
  }
  return found
}"""
CHECKED = [
    [".md-search__form .md-search__icon", 3, ".md-search__input"],
    [".md-header__button.md-icon", 3],
    [".md-nav__title", "text"],
]


def start_axe(page, contrast: bool) -> None:
    """Start axe-core (already injected) on the page as it is now; its violations (every impact) land in window.frAxe."""
    options = {
        "runOnly": {"type": "tag", "values": TAGS},
        "resultTypes": ["violations"],
        "rules": {"color-contrast-enhanced": {"enabled": contrast}},
    }
    page.evaluate("options => { window.frAxe = axe.run(document, options).then(r => r.violations) }", options)


SIZES = {"phone": PHONE, "desktop": DESKTOP}


def test_every_page_type_in_every_mode(browser, deployed_url, built_site):
    """Phone and desktop side by side: each runs axe in its own renderer while the other does too."""
    OUT.mkdir(parents=True, exist_ok=True)
    source = AXE.read_text(encoding="utf-8")
    contexts = {size: browser.new_context(viewport=viewport, locale="zh-CN") for size, viewport in SIZES.items()}
    report: dict[str, list[str]] = {size: [] for size in SIZES}
    failures, started = [], time.monotonic()
    try:
        pages = {size: context.new_page() for size, context in contexts.items()}
        for name, path in page_types(built_site).items():
            for page in pages.values():
                page.goto(deployed_url + ("" if path == "#search" else path))
                if path == "#search":
                    assert search(page, "网约车"), "搜索“网约车”没有结果"
                # Through the debugging protocol: the page's CSP forbids an inline <script> (browser_helpers.run_axe).
                page.evaluate("source => { (0, eval)(source) }", source)
            for mode, switch in MODES:
                contrast = "contrast" in mode or mode == "both"  # 高对比度 promises 7:1 (AAA)
                for page in pages.values():
                    if switch:
                        classes = page.evaluate(SWITCH, switch)
                        assert classes == EXPECTED_CLASSES[mode], (
                            f"{name}: 切换到 {mode} 后 html 的 class 为 “{classes}”"
                        )
                    start_axe(page, contrast)
                for size, page in pages.items():
                    found = page.evaluate("() => window.frAxe")  # waits for this page's run
                    where = f"{size} {mode} {name} /{'' if path == '#search' else path}"
                    report[size] += [f"{where}: {line}" for line in describe(found).splitlines()]
                    failing = [v for v in found if mode == "normal" or v["impact"] in ("serious", "critical")]
                    failures += [f"{where}: {line}" for line in describe(failing).splitlines()]
                    failures += [
                        f"{where}: 对比度不足 {line}"
                        for line in page.evaluate(CONTRASTS, [CHECKED, 7 if contrast else 4.5])
                    ]
                    if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
                        failures.append(f"{where}: 页面横向滚动")
                    shot = OUT / f"{size}-{mode}-{name}.jpg"
                    page.screenshot(path=str(shot), full_page=path != "#search", type="jpeg", quality=70)
                    assert shot.stat().st_size > 3000, shot
            for page in pages.values():
                page.evaluate(SWITCH, "contrast")  # back to normal for the next page (saved in localStorage)
    finally:
        for size, context in contexts.items():
            context.close()
            (OUT / f"axe-{size}.txt").write_text("\n".join(report[size]) + "\n", encoding="utf-8")
    print(
        f"{len(page_types(built_site))} page types x {len(MODES)} modes x {len(SIZES)} sizes in {time.monotonic() - started:.1f} s; "
        f"{sum(map(len, report.values()))} violations of any impact (test-output/modes/axe-*.txt)"
    )
    assert not failures, "\n".join(failures[:60])
