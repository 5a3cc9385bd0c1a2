"""Rendered bodies through the allowlist: attacks removed and reported, staff markup kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from farun.publish.sanitize import BodyPolicy, is_offsite, locate, report, sanitize

from material.extensions import emoji

POLICY = BodyPolicy()
CONFIGS = {"pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}}
EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.superfences",
    "pymdownx.tilde",
]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    handle_startendtag = handle_starttag


def parsed(html: str) -> Tags:
    out = Tags()
    out.feed(html)
    return out


def assert_inert(html: str) -> None:
    out = parsed(html)
    assert not set(out.tags) & {"script", "iframe", "object", "embed", "style", "link", "meta", "base", "form"}, html
    for _tag, name, value in out.attrs:
        assert not name.startswith("on"), html
        # As a browser's URL parser reads it: tab and newlines removed, C0 and space trimmed.
        plain = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33)))).lower()
        assert not plain.startswith(("javascript:", "data:", "vbscript:")), html
        if name in {"src", "poster", "srcset"}:
            assert not is_offsite(value), html


ATTACKS = [
    ("<script>alert(1)</script>", "<script> 元素"),
    ('<script src="../evil.js"></script>', "<script> 元素"),
    ("<img src=x onerror=alert(1)>", "onerror 事件属性"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', "onload 事件属性"),
    ('<a href="javascript:alert(1)">点我</a>', "javascript:"),
    ('<a href="java\tscript:alert(1)">点我</a>', "javascript:"),
    ('<a href=" JaVaScRiPt:alert(1)">点我</a>', "javascript:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>', "data:"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe> 元素"),
    ('<object data="x.swf"></object>', "<object> 元素"),
    ('<embed src="x.swf">', "<embed> 元素"),
    ('<img src="https://tracker.example/p.gif">', "外部资源"),
    ('<img src="//tracker.example/p.gif">', "外部资源"),
    ('<img src="/\\tracker.example/p.gif">', "外部资源"),
    ('<video src="http://cdn.example/v.mp4" controls></video>', "外部资源"),
    ('<video controls poster="https://x.example/p.jpg"><source src="https://x.example/v.mp4"></video>', "外部资源"),
    ('<link rel="stylesheet" href="https://x.example/a.css">', "<link> 元素"),
    ("<style>body{background:url(https://x.example/a.png)}</style>", "<style> 元素"),
    ('<p style="background:url(https://x.example/a.png)">字</p>', "style 样式属性"),
    ('<form action="https://x.example/"><input name=a></form>', "<form> 元素"),
    ('<meta http-equiv="refresh" content="0;url=https://x.example/">', "<meta> 元素"),
    ('<base href="https://x.example/">', "<base> 元素"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math> 元素"),
    ("<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>", "foreignobject"),
]


@pytest.mark.parametrize("html, what", ATTACKS)
def test_attack_is_removed_and_reported(html, what):
    clean, removed = sanitize(html, POLICY)
    assert_inert(clean)
    assert removed and any(what.lower() in r.what.lower() for r in removed), removed


@pytest.mark.parametrize("html, what", ATTACKS)
def test_attack_in_markdown_is_removed(html, what):
    body = markdown.markdown(f"正文第一段。\n\n{html}\n\n<div markdown>\n{html}\n</div>\n", extensions=EXTENSIONS)
    clean, removed = sanitize(body, POLICY)
    assert_inert(clean)
    assert removed


STAFF_MARKDOWN = """
!!! note "提示"
    行政复议的期限为六十日。

??? tip "展开查看"
    详细说明。

| 条款 | 内容 |
|:---|---:|
| 第一条 | 说明[^1] |

[^1]: 《中华人民共和国行政复议法》。

*[12328]: 交通运输服务监督热线

拨打 12328 :material-phone: ~~旧号码~~

[下载课件](../media/slides.pdf){ .md-button download }

![讲座现场](../media/photo.jpg){ width="480" loading=lazy }

<div class="grid cards" markdown>

-   **卡片**

    说明

</div>

<video controls preload="metadata" playsinline poster="../media/p.jpg">
  <source src="../media/v.mp4" type="video/mp4">
  <track kind="captions" src="../media/v.vtt" srclang="zh-CN" label="中文字幕" default>
</video>

<details><summary>更多</summary><p>内容</p></details>

[官方网站](https://www.gov.cn/){ target=_blank }　[电话](tel:12328)　[邮件](mailto:a@b.cn)

```python
print("<script>不是脚本</script>")
```
"""


def test_staff_markup_is_kept_exactly():
    body = markdown.markdown(STAFF_MARKDOWN, extensions=EXTENSIONS, extension_configs=CONFIGS)
    clean, removed = sanitize(body, POLICY)
    assert removed == []
    before, after = parsed(body), parsed(clean)
    assert before.tags == after.tags

    def norm(attrs):  # nh3 rewrites "text-align: left;" as "text-align:left"
        return sorted((t, k, v.replace(" ", "").rstrip(";") if k == "style" else v) for t, k, v in attrs)

    assert norm(before.attrs) == norm(after.attrs)
    for needed in ("table", "video", "source", "track", "details", "summary", "abbr", "sup", "svg", "del", "img"):
        assert needed in after.tags
    assert "&lt;script&gt;" in clean  # code shows markup as text


def test_iframe_allowed_only_from_config_and_only_from_this_site():
    html = '<iframe src="../media/map.html"></iframe><iframe src="https://evil.example/"></iframe>'
    clean, removed = sanitize(html, BodyPolicy(frozenset({"iframe"})))
    assert clean.count("<iframe") == 2 and 'src="../media/map.html"' in clean and "evil" not in clean
    assert [r.what for r in removed] == ["<iframe> 引用的外部资源（https://evil.example/）"]


def test_report_names_file_and_line():
    source = "---\ntitle: 标题\n---\n\n第一段。\n\n<p>x</p>\n<img src=x onError=alert(1)>\n"
    _, removed = sanitize("<p>第一段。</p><img src=x onerror=alert(1)>", POLICY)
    assert report("docs/lectures/a.md", source, removed) == [
        "docs/lectures/a.md:8: 正文中的<img> 的 onerror 事件属性（脚本）已移除（网页只保留文字、图片、表格、视频等安全内容）"
    ]
    assert locate(source, "nothing") == 0


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "/",
                "=",
                '"',
                "'",
                " ",
                "\t",
                "script",
                "img",
                "svg",
                "a",
                "src",
                "href",
                "onerror",
                "javascript:",
                "data:",
                "//x.cn/a",
                "alert(1)",
                "iframe",
                "style",
                "<!--",
                "-->",
                "&#106;",
                "math",
                "foreignObject",
                "x",
                "文字",
            ]
        ),
        max_size=40,
    )
)
def test_any_markup_comes_out_inert(parts):
    clean, _ = sanitize("".join(parts), POLICY)
    assert_inert(clean)


@pytest.mark.parametrize("value", ["=1+1", "+86", "-3", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "＝1", '=HYPERLINK("x")'])
def test_csv_cells_read_back_as_text(value):
    import csv
    import io

    from farun.publish.exports import to_csv

    data = to_csv([{"a": value, "b": 5000, "c": "普通文字"}], {"a": "甲", "b": "乙", "c": "丙"})
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["'" + value, "5000", "普通文字"]


def test_feed_text_drops_what_xml_cannot_carry():
    import xml.etree.ElementTree as ET

    from farun.publish.feeds import xml_text

    raw = "公告\x00\x1b[31m\x08\ufffe\ud800完"
    element = ET.Element("t")
    element.text = xml_text(raw)
    assert ET.fromstring(ET.tostring(element)).text == "公告[31m完"


MARKUP = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "/",
            "=",
            '"',
            "'",
            " ",
            "\t",
            "\n",
            "script",
            "img",
            "IMG",
            "svg",
            "a",
            "src",
            "SRC",
            "srcset",
            "href",
            "poster",
            "xlink:href",
            "onerror",
            "ON",
            "load",
            "javascript:",
            "JaVa",
            "&#106;",
            "&#x3A;",
            "&colon;",
            ":",
            "data:",
            "//x.cn/a",
            "/\\x",
            "\\\\x",
            "http",
            "https://x.cn/p.png",
            "1x,",
            "style",
            "STYLE",
            "iframe",
            "object",
            "math",
            "foreignObject",
            "<!--",
            "-->",
            "td",
            "p",
            "x",
            "文字",
            "../media/a.png",
            "id",
            "ID",
            "name",
            "details",
            "_",
            "__",
            "&#95;",
            "&#x5f;",
            "fr",
            "FR-",
            "-",
            "config",
            "f",
            "&#114;",
        ]
    ),
    max_size=40,
)


@settings(max_examples=600, deadline=None)
@given(MARKUP)
def test_quick_check_never_hides_a_finding(parts):
    """sanitize() skips the parser for bodies its regular expressions find nothing in: that must not change the report."""
    from farun.publish.sanitize import _Finder

    html = "".join(parts)
    finder = _Finder(POLICY)
    finder.feed(html)
    finder.close()
    assert sanitize(html, POLICY)[1] == finder.found, html


@pytest.mark.parametrize(
    "html, what",
    [
        ('<img srcset="../a.png 1x, https://evil.example/b.png 2x" src="../a.png">', "外部资源"),
        ('<picture><source srcset="a.webp, //evil.example/b.webp 2x"></picture>', "外部资源"),
    ],
)
def test_every_srcset_candidate_must_be_on_this_site(html, what):
    clean, removed = sanitize(html, POLICY)
    assert "evil" not in clean and any(what in r.what for r in removed)
