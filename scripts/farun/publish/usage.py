"""Publish only what a published page uses.

MkDocs copies every file under docs/. The slides and pictures of a draft or embargoed lecture, the
attachment of a withdrawn penalty, a spreadsheet someone left in docs/media/ would all be online at a
guessable address. Here the files staff put in docs/ are kept only when a published page links to
them (its rendered HTML) or a published item names them (video, captions, slides, cover); the
project's own assets (static_files.OWN_ASSETS and what mkdocs.yml names) stay, and ``extra.publish_unreferenced`` lists glob
patterns to publish anyway. Pure: HTML parsing and path logic.
"""

from __future__ import annotations

import fnmatch
from functools import partial
import html as htmllib
import posixpath
import re
from urllib.parse import unquote, urlsplit

from farun.content.lifecycle import is_revoked
from farun.markup import reader
from farun.runtime.memo import LastBuild


def references(html: str, page_url: str, serialized: bool = True) -> set[str]:
    """Site paths (``media/x.pdf``, unquoted, no leading slash) a page's HTML links to on this site,
    read by the one markup reader (markup/reader.py: LINK_ATTRIBUTES and srcset).

    ``serialized`` is ignored (hook.py still passes it): the cleaner's output and any other HTML are read alike.
    """
    urls = reader.links(html)
    base = "/" + page_url.lstrip("/")
    found = set()
    for url in urls:
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = (
            parts.path
            if parts.path.startswith("/")
            else posixpath.join(posixpath.dirname(base) if not base.endswith("/") else base, parts.path)
        )
        found.add(posixpath.normpath(unquote(path)).lstrip("/"))
    return found


def unused(static: dict[str, str], used: set[str], keep: list[str]) -> list[str]:
    """Staff files (``{site path: src path}``) no published page uses, except assets and ``keep`` globs."""
    out = []
    for url, src in sorted(static.items()):
        if url in used or src in used:
            continue
        if any(fnmatch.fnmatchcase(src, pattern) for pattern in keep):
            continue
        out.append(src)
    return out


def item_files(coll) -> set[str]:
    """Files published items name in their fields (a revoked decision's went with its details)."""
    return {src for r in coll.items if not is_revoked(r) for src in coll.files.get(r.src_uri, {}).values()}


# A link or image target in Markdown: ](x) and [id]: x (the engine resolves them from the source file);
# in raw HTML: src="x", href="x" … (the browser resolves them from the page's address).
_MD_TARGET = re.compile(
    r"""\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|\b(?:src|href|poster|data)\s*=\s*["']([^"']+)""",
    re.I | re.M,
)


def named_in_markdown(body: str, src_uri: str) -> set[str]:
    """Paths under docs/ a Markdown source links to, resolved as the build resolves them.

    Markdown links are relative to the source file; raw HTML attributes are left as written by the engine,
    so the browser resolves them from the page's address (``lectures/x/`` for ``lectures/x.md``, directory URLs).
    """
    found = set()
    folder = posixpath.dirname(src_uri)
    stem = posixpath.splitext(src_uri)[0]
    page_dir = folder if posixpath.basename(stem) == "index" else stem
    for match in _MD_TARGET.finditer(body):
        raw = match.group(3)
        parts = urlsplit(htmllib.unescape(raw or match.group(1) or match.group(2)).strip())
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = unquote(parts.path)
        path = path.lstrip("/") if path.startswith("/") else posixpath.join(page_dir if raw else folder, path)
        found.add(posixpath.normpath(path))
    return found


def used_in_sources(coll, generated: dict[str, str]) -> set[str]:
    """What published pages use, read from their Markdown, for ``make serve`` (the build reads rendered HTML).

    The preview renders only some pages on a save, so it cannot collect every published page's links as
    the build does; it reads the sources instead: the published items' bodies and fields, the published
    top-level pages and the generated pages. A draft's, an embargoed or withdrawn item's files, and files
    nothing names, are then left out of the preview as the build leaves them out (``unused``).
    """
    used = set(item_files(coll))
    for src, body in [(r.src_uri, r.body) for r in coll.items] + [
        (p.src_uri, p.doc.body) for p in coll.pages if not p.reason
    ]:
        used |= _NAMED.get((body, src), partial(_named, body, src))
    for src, markdown in generated.items():
        used |= _NAMED.get((markdown, src), partial(_named, markdown, src))
    return used


def _named(body: str, src_uri: str) -> frozenset[str]:
    return frozenset(named_in_markdown(body, src_uri))


_NAMED: LastBuild[tuple[str, str], frozenset[str]] = LastBuild("named_in_markdown")  # the preview: unchanged pages


def unlink(html: str, page_url: str, gone: set[str]) -> tuple[str, list[str]]:
    """``html`` (the cleaner's output) with every link to a site path in ``gone`` turned into its plain text.

    A page that links to an item not published today (a withdrawn penalty, a draft, a file a degraded
    build left out) keeps the words of the link, not a link to a missing page; the withdrawal must not
    wait for someone to edit every page that mentions it. Paths as ``references`` gives them; returns
    the paths whose links were removed.
    """
    if not gone:
        return html, []
    names = {posixpath.basename(path) for path in gone}  # a link's last segment decides cheaply if it can be one
    out: list[str] = []
    removed: list[str] = []
    pos = 0
    opened: tuple[int, int, set[str]] | None = None  # the start tag of a link being removed, and its paths
    for token in reader.tokens(html):
        if opened is not None:
            if token.kind == "end" and token.name == "a":
                out += [html[pos : opened[0]], html[opened[1] : token.start]]
                pos, removed, opened = token.end, removed + sorted(opened[2]), None
            continue
        if token.kind != "start" or token.name != "a":
            continue
        href = next((value for name, value in reader.attribute_values(html, token) if name == "href"), "")
        last = posixpath.basename(urlsplit(htmllib.unescape(href)).path.rstrip("/"))
        if not href or unquote(last) not in names:
            continue
        hit = references(html[token.start : token.end], page_url) & gone
        if hit:
            opened = (token.start, token.end, hit)
    return "".join(out) + html[pos:], removed
