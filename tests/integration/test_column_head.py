"""The bureau's column on every built page: language, title, skip links, h1 = title."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Head(HTMLParser):
    """<html lang>, <title>, the skip links' text and the first <h1>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang, self.title, self.skips, self.h1 = None, "", [], None
        self._in = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        elif (
            tag == "title"
            or (tag == "a" and "md-skip" in (found.get("class") or ""))
            or (tag == "h1" and self.h1 is None)
        ):
            self._in = tag
            if tag == "a":
                self.skips.append("")
            if tag == "h1":
                self.h1 = ""

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "a":
            self.skips[-1] += data
        elif self._in == "h1":
            self.h1 += data


def test_every_page_is_the_bureaus(built_site):
    pages = sorted(built_site.rglob("index.html")) + [built_site / "404.html"]
    for path in pages:
        rel = path.relative_to(built_site).as_posix()
        head = Head()
        head.feed(path.read_text(encoding="utf-8"))
        assert head.lang == "zh-CN", rel
        title = " ".join(head.title.split())
        assert title.endswith(" - 绍兴市交通运输局") and "法润交通" in title, f"{rel}: {title}"
        assert head.skips and all(s.strip() == "跳转至正文" for s in head.skips), f"{rel}: {head.skips}"
        if rel not in ("index.html", "404.html"):  # the page's heading is its title
            assert title.split(" - ")[0] == re.sub(r"\s+", " ", head.h1 or "").strip(), f"{rel}: {title} / {head.h1}"
    home = Head()
    home.feed((built_site / "index.html").read_text(encoding="utf-8"))
    assert " ".join(home.title.split()) == "法润交通 - 绍兴市交通运输局"


def test_no_label_points_at_a_missing_control(built_site):
    """Material's 目录 title is a label for #__toc, which it writes only on pages in the nav (vnu error elsewhere)."""
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for target in set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html)):
            assert f'id="{target}"' in html, f'{path.relative_to(built_site)}: <label for="{target}"> 没有对应的控件'


def test_home_heading_first_cover_and_logo(built_site):
    """The home h1 is the page's, not the search region's; a list's first cover loads at once; the logo has a size."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    region = home[home.index('role="search" aria-label="首页搜索"') :]
    assert (
        "<h1" in home[: home.index('role="search" aria-label="首页搜索"')]
        and "<h1" not in region[: region.index("</div>")]
    )
    for rel in ("index.html", "lectures/index.html", "cases/index.html", "topics/网约车/index.html"):
        covers = re.findall(r'<img [^>]*src="[^"]*covers/[^"]+"[^>]*>', (built_site / rel).read_text(encoding="utf-8"))
        assert covers and 'loading="eager"' in covers[0] and 'fetchpriority="high"' in covers[0], (rel, covers[:1])
        assert all('loading="lazy"' in c and "fetchpriority" not in c for c in covers[1:]), rel
    logo = (built_site / "assets/images/logo.svg").read_text(encoding="utf-8")
    assert re.match(r'<svg [^>]*width="24" height="24"', logo)
