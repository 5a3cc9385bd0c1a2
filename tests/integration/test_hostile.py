"""A site built from hostile front matter (tests/hostile.py): every value prints as text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from hostile import BODIES, FORMULAS, FRONT_MATTER, XSS
from farun.publish import searchindex
from farun.publish.sanitize import is_offsite
from support import TEST_EPOCH, make_project


class Page(HTMLParser):
    """Elements, attributes, inline script text and visible text of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.handlers, self.imgs, self.scripts, self.data, self.text = [], [], [], [], []
        self.tags, self.offsite = [], []  # tags: inside <article>, the page's content
        self._article = 0
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        self.handlers += [(tag, name) for name, _ in attrs if name.lower().startswith("on")]
        if tag == "img":
            self.imgs.append(dict(attrs).get("src"))
        self._article += tag == "article"
        if self._article:
            self.tags.append(tag)
        own_qr = tag == "img" and dict(attrs).get("alt") == SHARE_QR_ALT  # the 分享 panel's QR, drawn by the build
        for name, value in attrs:
            plain = "".join((value or "").split()).lower()
            if own_qr and name == "src" and plain.startswith("data:image/svg+xml") and "script" not in unquote(plain):
                continue  # segno's SVG of the page's own address (site/views.share_qr); bodies lose every data: URI
            if plain.startswith(("javascript:", "data:")) or (
                name in {"src", "poster", "srcset", "data"} and is_offsite(value or "")
            ):
                self.offsite.append((tag, name, value))
        if tag == "script":  # JSON-LD is data, not code: kept apart and parsed
            self._in_script = self.data if dict(attrs).get("type") == "application/ld+json" else self.scripts

    def handle_endtag(self, tag):
        self._in_script = None
        self._article -= tag == "article"

    def handle_data(self, data):
        (self.text if self._in_script is None else self._in_script).append(data)


SHARE_QR_ALT = "本页网址的二维码"  # overrides/partials/article-tools.html


def build(project: Path, out: Path, strict: bool) -> subprocess.CompletedProcess:
    """A real build without -q (it hides warnings, so --strict would not see them)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(TEST_EPOCH)}
    cmd = [
        sys.executable,
        "-m",
        "properdocs",
        "build",
        "--strict" if strict else "--no-strict",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(out),
    ]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("hostile") / "project", FRONT_MATTER | BODIES | FORMULAS)


@pytest.fixture(scope="module")
def hostile_site(hostile_project) -> Path:
    out = hostile_project.parent / "site"
    result = build(hostile_project, out, strict=False)  # an operator ignoring warnings: still inert
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_strict_build_stops_and_names_each_problem(tmp_path):
    project = make_project(tmp_path / "project", FRONT_MATTER | BODIES)
    result = build(project, tmp_path / "site", strict=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    path = "docs/lectures/2023-05-hostile-body.md"
    for expected in (
        f"{path}:12: 正文中的<script> 元素已移除",
        f"{path}:14: 正文中的<img> 的 onerror 事件属性（脚本）已移除",
        f"{path}:16: 正文中的<a> 的 href=“javascript:” 链接已移除",
        f"{path}:18: 正文中的<iframe> 元素已移除",
        f"{path}:21: 正文中的<img> 引用的外部资源（https://tracker.example/pixel.gif）已移除",
        "不发布 docs/media/evil.js",
        "不发布 docs/media/saved-page.html",
        "不发布 docs/assets/images/evil.svg",
    ):
        assert expected in result.stderr, result.stderr[-4000:]


def test_dropped_active_files_are_not_published(hostile_site):
    for rel in ("media/evil.js", "media/saved-page.html", "assets/images/evil.svg"):
        assert not (hostile_site / rel).exists(), rel
    assert (hostile_site / "assets" / "javascripts" / "farun.js").is_file()


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        yield path.relative_to(site).as_posix(), page


def test_no_staff_value_becomes_markup(hostile_site):
    checked = 0
    for rel, page in _pages(hostile_site):
        assert not page.handlers, (rel, page.handlers)
        if "hostile-body" not in rel:  # the body's own <img src=x> stays, without its handler
            assert "x" not in page.imgs, f"{rel}: front matter became an <img> element"
        assert not any("alert(" in s for s in page.scripts), rel
        assert not page.offsite, (rel, page.offsite)
        for data in page.data:
            assert "<" not in data and json.loads(data), rel
        assert "\\<" not in "".join(page.text), f"{rel}: a stray backslash before <"
        checked += 1
    assert checked > 20


def test_hostile_body_is_inert_and_its_text_stays(hostile_site):
    page = Page()
    page.feed((hostile_site / "lectures/2023-05-hostile-body/index.html").read_text(encoding="utf-8"))
    text = "".join(page.text)
    assert "正文第一段。" in text and "点我" in text and "展开" in text and "加粗链接" in text
    assert page.tags and not {"iframe", "object", "embed", "form", "style", "meta", "link", "script", "input"} & set(
        page.tags
    )


@pytest.mark.parametrize(
    "rel, label",
    [
        ("lectures/2023-03-hostile/index.html", "讲座"),
        ("lectures/2023-03-hostile/index.html", "主讲"),
        ("lectures/2023-03-hostile/index.html", "职务"),
        ("lectures/2023-03-hostile/index.html", "地点"),
        ("lectures/2023-04-neighbour/index.html", "讲座"),
        ("cases/2023-05-hostile/index.html", "摘要"),
        ("notices/2026-09-hostile-penalty/index.html", "违法事实"),
        ("notices/2026-09-hostile-penalty/index.html", "罚款"),
        ("notices/2026-10-hostile-licence/index.html", "许可内容"),
        ("lectures/index.html", "讲座"),
        ("lectures/index.html", "主讲"),
        ("notices/index.html", "通知"),
        ("site-map/index.html", "案例"),
    ],
)
def test_hostile_value_is_shown_as_text(hostile_site, rel, label):
    page = Page()
    page.feed((hostile_site / rel).read_text(encoding="utf-8"))
    assert label + XSS in "".join(page.text)


def test_search_index_titles_are_escaped(hostile_site):
    assert not (hostile_site / "search" / "search_index.json").exists()  # Material's index, unused, unpublished
    compact = searchindex.read(hostile_site)  # the worker escapes every title it shows (test_browser_hostile)
    assert any(row[1].replace("\u200b", "").startswith("讲座" + XSS) for row in compact["docs"])


def test_every_xml_output_parses(hostile_site):
    import xml.etree.ElementTree as ET

    outputs = sorted(hostile_site.rglob("*.xml"))
    assert {"sitemap.xml", "feeds/lectures.xml", "feeds/notices.xml"} <= {
        p.relative_to(hostile_site).as_posix() for p in outputs
    }
    for path in outputs:
        ET.parse(path)  # raises on anything not well-formed
    feed = (hostile_site / "feeds" / "notices.xml").read_text(encoding="utf-8")
    assert "处罚公示&lt;img src=x onerror=alert(1)&gt;" in feed


def test_exported_cells_never_become_formulas(hostile_site):
    import csv
    import io

    text = (hostile_site / "data" / "penalties.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    row = next(r for r in rows if any("绍兴某运输有限公司" in c for c in r))
    for value in ("+绍兴某运输有限公司", "-2+3+cmd|' /C calc'!A0", "=1+1", "＝SUM(A1:A9)"):
        assert "'" + value in row, (value, row)
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for c in r)


class Metas(HTMLParser):
    """The page's <meta name/property=... content=...> values, as a browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.content: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "meta" and (found.get("name") or found.get("property")):
            self.content[found.get("name") or found.get("property")] = found.get("content") or ""


@pytest.mark.parametrize(
    "rel, value",
    [
        ("lectures/2023-03-hostile/index.html", "摘要"),
        ("cases/2023-05-hostile/index.html", "摘要"),
        ("notices/2026-09-hostile-penalty/index.html", "绍兴某顺物流有限公司"),
        ("notices/2026-10-hostile-licence/index.html", "诸暨某通信工程有限公司"),
    ],
)
def test_descriptions_hold_hostile_values_as_text(hostile_site, rel, value):
    """A staff value in a page's description is an attribute's text: escaped, whole, the same in every card."""
    html = (hostile_site / rel).read_text(encoding="utf-8")
    metas = Metas()
    metas.feed(html)
    described = metas.content["description"]
    assert value + XSS in described, described
    assert metas.content["og:description"] == metas.content["twitter:description"] == described
    assert "<img src=x" not in html.replace("&lt;img src=x", "")  # never raw in the markup
