"""Staff text in generated Markdown renders as exactly that text: no markup, no stray backslash."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from farun.content.text import escape_md, link, one_line
from farun.site.escaping import autoescape_policy, project_templates

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.emoji", "pymdownx.superfences", "pymdownx.tilde"]

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "标题 { onclick=alert(1) }",
    "x{: onmouseover=\"alert(1)\" }",
    "[点我](javascript:alert(1))",
    "![x](https://evil.example/t.png)",
    ":material-account: ~~删除~~ ^^上标^^ ==标记==",
    "*[HTML]: 缩写定义",
    "[^1] 脚注",
    "- 列表开头",
    "1. 编号开头",
    "# 井号开头",
    "> 引用开头",
    "<!-- 注释",
    "a \\ b \\\\ c `代码` *强调* _下划线_ | 竖线",
    "《中华人民共和国行政处罚法》第三十二条（2021年修订）",
]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def _render(source: str) -> _Text:
    parser = _Text()
    parser.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return parser


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("context", ["{}", "## {} {{ #anchor }}", "- 前缀 {}", "**{}**"])
def test_escaped_text_renders_as_itself(value, context):
    text = one_line(value)
    out = _render(context.format(escape_md(text)))
    shown = "".join(out.text).strip()
    assert text in shown, shown
    assert "\\" + "<" not in shown
    assert set(out.tags) <= {"p", "h2", "ul", "li", "strong"}, out.tags
    assert set(out.attrs) <= {"id"}, out.attrs


@pytest.mark.parametrize("value", HOSTILE)
def test_link_text_renders_as_itself(value):
    text = one_line(value)
    out = _render(link(text, "lectures/a.md", "index.md"))
    assert "".join(out.text) == text
    assert out.tags == ["p", "a"] and out.attrs == ["href"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_text_renders_as_text(value):
    text = one_line(value)
    out = _render("- " + escape_md(text))
    assert set(out.tags) <= {"ul", "li", "p"}, (text, out.tags)
    assert not out.attrs, (text, out.attrs)


def test_only_project_templates_are_autoescaped(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "main.html").write_text("x")
    (tmp_path / "partials" / "card.html").write_text("x")
    policy = autoescape_policy(tmp_path)
    assert project_templates(tmp_path) == {"main.html", "partials/card.html"}
    assert policy("main.html") and policy("partials/card.html")
    assert not policy("base.html") and not policy(None)


SAFE_ALLOWED = {"page.content"}  # the rendered body, sanitised by farun/publish/sanitize.py


def test_templates_mark_nothing_safe_but_the_body():
    import re

    from support import ROOT

    names = project_templates(ROOT / "overrides")
    assert {"main.html", "partials/content.html", "lecture.html"} <= names
    for name in names:
        source = (ROOT / "overrides" / name).read_text(encoding="utf-8")
        assert "autoescape false" not in source.replace(" ", " ").lower(), name
        for expr in re.findall(r"\{\{-?\s*(.*?)\s*-?\}\}", source, re.S):
            if re.search(r"\|\s*safe\b", expr):
                assert re.sub(r"\s*\|\s*safe\b", "", expr).strip() in SAFE_ALLOWED, f"{name}: {{{{ {expr} }}}}"


GENERATED_TAGS = {"p", "h2", "ul", "li", "strong", "a", "img", "div", "span", "hr", "table", "thead", "tbody", "tr",
                  "th", "td", "svg", "path", "em", "br"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                                               blacklist_characters="\ufffe\uffff\x85"), min_size=1, max_size=25),
                min_size=4, max_size=4))
def test_generated_pages_render_staff_values_as_text(tmp_path_factory, values):
    """Any title, speaker, tag or law a staff file can hold becomes text on every generated page."""
    import datetime as dt

    import yaml

    from farun.runtime.errors import ContentInvalid
    from farun.content.settings import load_settings
    from farun.site.engine import prepare

    title, speaker, tag, law = values
    meta = {"title": title, "date": "2023-03-15", "episode": 1, "speaker": speaker, "summary": title,
            "tags": [tag], "laws": [law]}
    docs = tmp_path_factory.mktemp("gen") / "docs"
    (docs / "lectures").mkdir(parents=True)
    (docs / "lectures" / "2023-03-x.md").write_text(
        "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n正文。\n", encoding="utf-8")
    settings_ = load_settings({"bureau_name": "局", "bureau_sponsor": "局", "bureau_phone": "1", "bureau_hotline": "1",
                               "bureau_address": "址", "filing_icp": "备", "filing_police": "备",
                               "filing_site_code": "3306000000", "case_categories": ["类"]})
    try:
        site = prepare(docs, settings_, dt.date(2026, 11, 25))
    except ContentInvalid:
        return  # refused with messages (e.g. an empty title after trimming): fine
    from material.extensions import emoji
    configs = {"pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}}
    for src, page in site.pages.items():
        body = page.split("\n---\n", 1)[1]
        out = _Text()
        out.feed(markdown.markdown(body, extensions=EXTENSIONS, extension_configs=configs))
        assert set(out.tags) <= GENERATED_TAGS, (src, set(out.tags) - GENERATED_TAGS, values)
        assert not [a for a in out.attrs if a.startswith("on")], (src, values)
