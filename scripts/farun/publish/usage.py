"""Publish only what a published page uses.

MkDocs copies every file under docs/. The slides and pictures of a draft or embargoed lecture, the
attachment of a withdrawn penalty, a spreadsheet someone left in docs/media/ would all be online at a
guessable address. Here the files staff put in docs/ are kept only when a published page links to
them (its rendered HTML) or a published item names them (video, captions, slides, cover); the
project's own assets (docs/assets/) stay, and mkdocs.yml ``extra.publish_unreferenced`` lists glob
patterns to publish anyway. Pure: HTML parsing and path logic.
"""

from __future__ import annotations

import fnmatch
import html as htmllib
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

URL_ATTRS = {"href", "src", "poster", "data"}
PROJECT_ASSETS = "assets/"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in URL_ATTRS:
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


# In HTML as nh3 (html5ever) writes it, "<" in text is "&lt;" and every attribute is name="value"
# with '"', "<" and ">" escaped: a tag is "<" up to the next ">", and its attributes are exact matches.
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_ATTR = re.compile(r'\s([^\s="/>]+)="([^"]*)"')


def _serialized_urls(html: str) -> list[str]:
    urls = []
    for tag in _TAG.findall(html):
        for name, value in _ATTR.findall(tag):
            name = name.lower()
            if name in URL_ATTRS or name == "srcset":
                value = htmllib.unescape(value)
                if value and name in URL_ATTRS:
                    urls.append(value)
                elif value:
                    urls += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return urls


def references(html: str, page_url: str, serialized: bool = False) -> set[str]:
    """Site paths (``media/x.pdf``, unquoted, no leading slash) a page's HTML links to on this site.

    ``serialized``: ``html`` is the cleaner's output (publish/sanitize.py), read by two regular
    expressions instead of a parser, five times faster.
    """
    if serialized:
        urls = _serialized_urls(html)
    else:
        parser = _Links()
        parser.feed(html)
        urls = parser.urls
    base = "/" + page_url.lstrip("/")
    found = set()
    for url in urls:
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = parts.path if parts.path.startswith("/") else posixpath.join(posixpath.dirname(base) if not base.endswith("/") else base, parts.path)
        found.add(posixpath.normpath(unquote(path)).lstrip("/"))
    return found


def unused(static: dict[str, str], used: set[str], keep: list[str]) -> list[str]:
    """Staff files (``{site path: src path}``) no published page uses, except assets and ``keep`` globs."""
    out = []
    for url, src in sorted(static.items()):
        if src.startswith(PROJECT_ASSETS) or url in used or src in used:
            continue
        if any(fnmatch.fnmatchcase(src, pattern) for pattern in keep):
            continue
        out.append(src)
    return out
