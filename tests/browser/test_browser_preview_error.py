"""Issue 14, point 8: make serve with a content error shows a Chinese error page and reloads by itself once fixed."""

from __future__ import annotations

from support import LECTURE, fetch, make_project, wait_for

BROKEN = LECTURE.replace("date: 2023-03-15", "date: 2023/3/15").replace("episode: 1", "episode: 第13812345678期")


def test_serve_shows_the_problems_and_reloads_when_fixed(browser, preview, tmp_path):
    proj = make_project(tmp_path / "proj", {"lectures/2023-03-fuyi.md": BROKEN})
    base, log_path = preview(proj)
    # bypass_csp: the site's own Content-Security-Policy meta would block Playwright's evaluated predicates
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", bypass_csp=True)
    try:
        assert wait_for(lambda: "内容有误" in fetch(base), 120), log_path.read_text()
        page = context.new_page()
        page.goto(base)
        text = page.inner_text("body")
        assert "内容有误，预览暂停" in text
        assert "docs/lectures/2023-03-fuyi.md:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2023/3/15”" in text
        assert "episode（期数）应为正整数（只写数字，如 7），实际为 “第138****5678期”" in text
        assert "13812345678" not in page.content()  # numbers are masked even on the preview
        page.screenshot(path=str(tmp_path / "preview-error.png"))
        other = context.new_page()  # a page that does not exist yet shows the same problems
        other.goto(base + "lectures/2023-03-fuyi/")
        assert "docs/lectures/2023-03-fuyi.md:3:" in other.inner_text("body")
        log = log_path.read_text()
        assert "docs/lectures/2023-03-fuyi.md:3: date（日期）" in log
        assert "appear stuck" not in log and "Traceback" not in log and "INFO" not in log

        (proj / "docs/lectures/2023-03-fuyi.md").write_text(LECTURE, encoding="utf-8")
        page.wait_for_function(
            "() => document.body && !document.body.hasAttribute('data-farun-preview-error') && document.readyState === 'complete'",
            timeout=90_000,
        )
        page.wait_for_load_state()
        assert "内容有误" not in page.inner_text("body")
        other.wait_for_function(
            "() => document.body && !document.body.hasAttribute('data-farun-preview-error') && document.readyState === 'complete'",
            timeout=30_000,
        )
        other.wait_for_load_state()
        assert "新修订《行政复议法》要点解读" in other.inner_text("body")
    finally:
        context.close()
