"""#27.4 and #27.6: ids and names from staff bodies never collide with the theme's, and classes, hidden and role
cannot make staff text pose as the site's interface. Heading anchors and footnotes keep working."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings, strategies as st

from support import ROOT, farun, make_project, mkdocs_build
from hostile import THEME

from farun.publish.sanitize import GENERATED_CLASSES, STAFF_CLASSES, THEME_NAME, BodyPolicy, sanitize

from material.extensions import emoji

POLICY = BodyPolicy()
STAFF, GENERATED = POLICY.cleaner(), POLICY.cleaner(generated=True)
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
CONFIGS = {"pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}}
MATERIAL = ROOT / ".venv/lib/python3.11/site-packages/material/templates"


def render(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(text)


class Attrs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, name, value or "") for name, value in attrs]


def attrs(html: str) -> list[tuple[str, str, str]]:
    parser = Attrs()
    parser.feed(html)
    return parser.attrs


def theme_names() -> set[str]:
    """Every id (and form control name) the theme's templates and scripts (Material's and ours) define or look up."""
    found = set()
    for path in [*MATERIAL.rglob("*.html"), *(ROOT / "overrides").rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'\b(?:id|for)="([A-Za-z_][\w-]*)', text))
        found |= set(re.findall(r'<(?:input|form|select|textarea|button)\b[^>]*\bname="([A-Za-z_][\w-]*)', text))
    for path in [
        *MATERIAL.glob("assets/javascripts/bundle.*.min.js"),
        *(ROOT / "docs/assets/javascripts").glob("*.js"),
    ]:
        text = path.read_text(encoding="utf-8")
        found |= {m for pair in re.findall(r'getElementById\("([^"]+)"\)|"#(__\w+)"', text) for m in pair if m}
    # Material's search form and consent form: names of form controls, read through the form, never by staff markup
    # (staff bodies have no form or input: sanitize.DANGEROUS).
    return found - {"search", "query", "consent", "feedback"}


def test_every_theme_id_is_in_the_reserved_namespace():
    names = theme_names()
    assert {"__config", "__search", "__drawer", "__toc", "__palette_", "__consent", "fr-content"} <= names | {
        "__palette_"
    }
    assert all(THEME_NAME.match(n) for n in names), sorted(n for n in names if not THEME_NAME.match(n))


IDS = st.sampled_from(
    [
        "__config",
        "__search",
        "__drawer",
        "__toc",
        "__palette_0",
        "__consent",
        "__source",
        "__nav_1",
        "__tabs",
        "__announce",
        "fr-content",
        "fr-laws",
    ]
) | st.from_regex(r"(__|fr-)[A-Za-z0-9_:.-]{0,12}", fullmatch=True)


def case_and_entities(name: str):
    return st.tuples(*[st.sampled_from([c, c.upper(), f"&#{ord(c)};", f"&#x{ord(c):x};"]) for c in name]).map("".join)


@settings(max_examples=200, deadline=None)
@given(
    name=IDS.flatmap(case_and_entities),
    tag=st.sampled_from(["div", "span", "h2", "p", "a", "details", "section", "img"]),
    attr=st.sampled_from(["id", "name"]),
    quote=st.sampled_from(['"', "'", ""]),
)
def test_theme_ids_and_names_never_survive(name, tag, attr, quote):
    html = f"<{tag} {attr}={quote}{name}{quote} title=t>正文</{tag}>"
    for cleaner in (STAFF, GENERATED):
        clean, removed = sanitize(html, POLICY, cleaner)
        assert not [a for a in attrs(clean) if a[1] in ("id", "name") and THEME_NAME.match(a[2])], clean
        if attr == "id" or tag == "details":
            assert any("与网站界面使用的名称冲突" in r.what for r in removed), (html, removed)


@settings(max_examples=100, deadline=None)
@given(
    name=st.sampled_from(["__config", "__search", "__drawer", "__toc", "__palette_0", "fr-content"])
    | st.from_regex(r"(__|fr-)[A-Za-z0-9-]{0,12}", fullmatch=True)
)  # no "_" Markdown would read as emphasis
def test_attr_list_ids_and_data_md_attributes_are_dropped(name):
    html = render(f"## 标题 {{#{name} .md-search data-md-toggle=search hidden role=dialog}}\n\n正文\n")
    clean, _ = sanitize(html, POLICY, STAFF)
    assert attrs(clean) == [], clean


HEADINGS = st.text(alphabet="行政复议条文解读问答abcXYZ0123 -", min_size=1, max_size=12).filter(lambda t: t.strip(" -"))


@settings(max_examples=100, deadline=None)
@given(headings=st.lists(HEADINGS, min_size=1, max_size=4), notes=st.integers(1, 3))
def test_heading_anchors_and_footnotes_keep_their_ids(headings, notes):
    body = "\n\n".join(f"## {h}" for h in headings) + "\n\n" + "".join(f"文字[^{i}]。" for i in range(1, notes + 1))
    body += "\n\n" + "\n".join(f"[^{i}]: 脚注{i}" for i in range(1, notes + 1)) + "\n"
    html = render(body)
    clean, removed = sanitize(html, POLICY, STAFF)
    assert removed == []
    before = [(t, n, v) for t, n, v in attrs(html) if n in ("id", "href", "class")]
    assert [(t, n, v) for t, n, v in attrs(clean) if n in ("id", "href", "class")] == before


CLASSES = st.sampled_from(
    sorted(STAFF_CLASSES)
    + [
        "md-header",
        "md-search",
        "md-dialog",
        "md-dialog--active",
        "md-dialog__inner",
        "md-typeset",
        "md-banner",
        "md-top",
        "fr-card",
        "fr-badge",
        "fr-hero",
        "fr-read",
        "fr-print-only",
        "language-python",
        "MsoNormal",
        "x",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    classes=st.lists(CLASSES, min_size=1, max_size=5),
    generated=st.booleans(),
    extra=st.sampled_from(
        ["", " hidden", ' hidden="hidden"', ' role="dialog"', ' role="banner"', ' data-md-component="dialog"']
    ),
)
def test_only_allowlisted_classes_and_no_hidden_or_role_survive(classes, generated, extra):
    allowed = GENERATED_CLASSES if generated else STAFF_CLASSES
    clean, _ = sanitize(
        f'<div class="{" ".join(classes)}"{extra}>假冒的提示</div>', POLICY, GENERATED if generated else STAFF
    )
    kept = [c for _, n, v in attrs(clean) if n == "class" for c in v.split()]
    assert kept == [c for c in classes if c in allowed or c.startswith("language-")]
    assert not [n for _, n, _ in attrs(clean) if n in ("hidden", "role") or n.startswith("data-")]
    assert "假冒的提示" in clean


def test_generated_list_badges_but_not_in_staff_bodies():
    html = '<span class="fr-badge fr-badge--active">公示中</span>'
    assert sanitize(html, POLICY, GENERATED)[0] == html
    assert sanitize(html, POLICY, STAFF)[0] == "<span>公示中</span>"


def test_content_features_keep_their_classes():
    text = (
        '!!! warning "注意"\n    内容\n\n??? note "展开"\n    内容\n\n:material-clock:{ .lg .middle } 文字\n\n'
        "[按钮](x.md){ .md-button .md-button--primary }\n\n```python\nx = 1\n```\n\n文字[^1]\n\n[^1]: 注\n"
    )
    html = render(text)
    clean, removed = sanitize(html, POLICY, STAFF)
    assert removed == [] and clean.count('class="') == html.count('class="')
    for name in (
        "admonition warning",
        "admonition-title",
        "note",
        "twemoji lg middle",
        "md-button md-button--primary",
        "highlight",
        "footnote-ref",
        "footnote-backref",
        "footnote",
    ):
        assert f'class="{name}"' in clean, name


@pytest.fixture(scope="module")
def theme_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("theme") / "p", THEME)
    out = project.parent / "site"
    result = mkdocs_build(project, out, extra_env={})  # -q: the strict warnings are counted only without it
    return project, out, result


def test_real_build_reports_and_publishes_no_theme_name(theme_site):
    project, out, _ = theme_site
    strict = farun(project, "build")
    assert strict.returncode != 0 and "Traceback" not in strict.stderr
    path = "docs/lectures/2023-06-theme-names.md"
    for expected in (
        f"{path}:12: 正文中的<div> 的 id=“__config”（与网站界面使用的名称冲突）已移除",
        f"{path}:14: 正文中的<div> 的 id=“fr-content”（与网站界面使用的名称冲突）已移除",
        f"{path}:20: 正文中的<h2> 的 id=“__search”（与网站界面使用的名称冲突）已移除",
        f"{path}:22: 正文中的<details> 的 name=“__drawer”（与网站界面使用的名称冲突）已移除",
        f"{path}:24: 正文中的<span> 的 id=“__palette_0”（与网站界面使用的名称冲突）已移除",
    ):
        assert expected in strict.stderr, strict.stderr[-3000:]
    html = (out / "lectures/2023-06-theme-names/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert html.count('id="__config"') == 1 and html.index('id="__config"') > html.index("</article>")
    for name in ("__toc", "__search", "__drawer", "__palette_0", "fr-content"):
        assert f'id="{name}"' not in article and f'name="{name}"' not in article, name
    body = article[article.index("正文第一段") : article.index("要点内容")]
    assert not re.search(r'class="[^"]*(md-dialog|md-header|md-search|fr-card|fr-badge)', body), body
    assert " hidden" not in body and "role=" not in body and "data-md" not in body
    assert 'id="fnref:1"' in body and 'href="#fn:1"' in article and 'id="fn:1"' in article and 'id="要点"' in article
