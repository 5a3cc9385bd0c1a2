"""A site built from hostile front matter (tests/hostile.py): every value prints as text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hostile import FRONT_MATTER, XSS
from support import make_project, mkdocs_build


class Page(HTMLParser):
    """Elements, attributes, inline script text and visible text of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.handlers, self.imgs, self.scripts, self.data, self.text = [], [], [], [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        self.handlers += [(tag, name) for name, _ in attrs if name.lower().startswith("on")]
        if tag == "img":
            self.imgs.append(dict(attrs).get("src"))
        if tag == "script":  # JSON-LD is data, not code: kept apart and parsed
            self._in_script = self.data if dict(attrs).get("type") == "application/ld+json" else self.scripts

    def handle_endtag(self, tag):
        self._in_script = None

    def handle_data(self, data):
        (self.text if self._in_script is None else self._in_script).append(data)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    project = make_project(tmp / "project", FRONT_MATTER)
    out = tmp / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        yield path.relative_to(site).as_posix(), page


def test_no_staff_value_becomes_markup(hostile_site):
    checked = 0
    for rel, page in _pages(hostile_site):
        assert not page.handlers, (rel, page.handlers)
        assert "x" not in page.imgs, rel
        assert not any("alert(" in s for s in page.scripts), rel
        for data in page.data:
            assert "<" not in data and json.loads(data), rel
        assert "\\<" not in "".join(page.text), f"{rel}: a stray backslash before <"
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("rel, label", [
    ("lectures/2023-03-hostile/index.html", "讲座"), ("lectures/2023-03-hostile/index.html", "主讲"),
    ("lectures/2023-03-hostile/index.html", "职务"), ("lectures/2023-03-hostile/index.html", "地点"),
    ("lectures/2023-04-neighbour/index.html", "讲座"), ("cases/2023-05-hostile/index.html", "摘要"),
    ("notices/2026-09-hostile-penalty/index.html", "违法事实"), ("notices/2026-09-hostile-penalty/index.html", "罚款"),
    ("notices/2026-10-hostile-licence/index.html", "许可内容"), ("lectures/index.html", "讲座"),
    ("lectures/index.html", "主讲"), ("notices/index.html", "通知"), ("site-map/index.html", "案例"),
])
def test_hostile_value_is_shown_as_text(hostile_site, rel, label):
    page = Page()
    page.feed((hostile_site / rel).read_text(encoding="utf-8"))
    assert label + XSS in "".join(page.text)


def test_search_index_titles_are_escaped(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [doc["title"] for doc in index["docs"]]
    assert titles and not any("<img" in t or "<script" in t for t in titles), [t for t in titles if "<" in t]
    compact = json.loads((hostile_site / "search" / "farun-index.json").read_text(encoding="utf-8"))
    assert any(row[1].replace("\u200b", "").startswith("讲座" + XSS) for row in compact["docs"])
