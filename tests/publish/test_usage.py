"""Which staff files a published page uses (publish/usage.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from farun.publish.sanitize import BodyPolicy
from farun.publish.usage import references, unused


def test_references_resolve_against_the_page_url():
    html = ('<img src="../../media/a.png"><a href="../../files/%E8%AF%BE%E4%BB%B6.pdf#p2">课件</a>'
            '<video poster="/media/p.jpg"><source src="../../media/v.mp4"></video><a href="https://x.cn/a.pdf">外</a>'
            '<img srcset="../../m/1.png 1x, ../../m/2.png 2x"><a href="#top">顶部</a>')
    assert references(html, "lectures/2023-03-x/") == {
        "media/a.png", "files/课件.pdf", "media/p.jpg", "media/v.mp4", "m/1.png", "m/2.png"}
    assert references('<a href="../media/a.png">', "lectures/x.html") == {"media/a.png"}


def test_unused_keeps_used_files_and_listed_patterns_not_all_of_assets():
    static = {"media/a.png": "media/a.png", "files/old.xlsx": "files/old.xlsx", "assets/x.js": "assets/x.js",
              "files/keep/m.pdf": "files/keep/m.pdf", "assets/javascripts/farun.js": "assets/javascripts/farun.js"}
    # #27.6: docs/assets/ is not published as a whole; the build adds the declared own assets to ``used``.
    assert unused(static, {"media/a.png", "assets/javascripts/farun.js"}, ["files/keep/*"]) == ["assets/x.js", "files/old.xlsx"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "<a href=", "<img src=", "<img srcset=", "<video poster=", "<source src=", "<object data=", "<p title=", ">", "</a>",
    '"', "'", " ", "../media/a.png", "../../files/%E8%AF%BE.pdf#p", "/m/b.jpg", "x.png 1x, y.png 2x", "&amp;", "&gt;",
    "https://x.cn/a.pdf", "#top", "文字", "<", "=", "/"]), max_size=30))
def test_cleaned_html_is_read_like_the_parser_reads_it(parts):
    """The regular-expression reader of the cleaner's output finds exactly what the HTML parser finds."""
    clean = BodyPolicy().cleaner().clean("".join(parts))
    assert references(clean, "lectures/x/", serialized=True) == references(clean, "lectures/x/"), clean
