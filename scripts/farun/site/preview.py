"""What a preview rebuild (``make serve``) must render, and its complete search index.

After one full build, a save in the preview renders only the pages whose inputs
changed: a page's inputs are its Markdown and, for an item, the view data its
template shows (previous/next lecture, related cases and lectures, dates ...),
so editing a lecture's title re-renders its neighbours, the items that name it
and the generated lists that show it, while a body edit renders that page
alone. Everything else in ``site/`` stays as the last build wrote it. The
search index is rebuilt from the previous one: the rendered pages' entries
replace theirs, entries of pages that are gone are dropped. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from typing import Any, Iterable

from farun.site.engine import Site
from farun.site.pagecache import digest
from farun.site.views import item_view

JSON_SEPARATORS = (",", ":")  # Material's search index is written compactly


def page_inputs(site: Site, sources: dict[str, str]) -> dict[str, str]:
    """A digest per page (src_uri -> digest) of its Markdown and, for an item, its view data."""
    coll = site.collection
    records = {r.src_uri: r for r in coll.items}
    keys = {}
    for src_uri, markdown in sources.items():
        record = records.get(src_uri)
        keys[src_uri] = digest(markdown, item_view(record, coll) if record is not None else None)
    return keys


@dataclass(frozen=True)
class Snapshot:
    """What one build published: everything a later build compares against."""

    setup: str  # digest of what every page shows: configuration, templates, build day
    pages: dict[str, str]  # page src_uri -> digest of its inputs (page_inputs)
    outputs: dict[str, str]  # src_uri -> dest_uri of every published file (pages, images, assets)
    origins: dict[str, str] = field(default_factory=dict)  # static file src_uri -> where its bytes come from (path, mtime, size)


@dataclass(frozen=True)
class Plan:
    """Pages to render in this build and files left over from the previous one."""

    render: frozenset[str]  # page src_uris
    copy: frozenset[str]  # static file src_uris whose origin changed (a cached cover can be older than its copy)
    stale: tuple[str, ...]  # dest_uris published before and by no file now
    full: bool  # nothing can be reused (first build, or configuration/templates changed)


def plan(previous: Snapshot | None, now: Snapshot, sources: dict[str, str]) -> Plan:
    """The pages whose inputs changed since ``previous``, plus pages naming an added or removed file."""
    stale = tuple(sorted(set(previous.outputs.values()) - set(now.outputs.values()))) if previous else ()
    if previous is None or previous.setup != now.setup:
        return Plan(render=frozenset(now.pages), copy=frozenset(now.origins), stale=stale, full=True)
    changed = {uri for uri, key in now.pages.items() if previous.pages.get(uri) != key}
    appeared_or_gone = set(previous.outputs) ^ set(now.outputs)
    changed |= pages_naming(appeared_or_gone, sources)
    copy = {uri for uri, origin in now.origins.items() if previous.origins.get(uri) != origin}
    return Plan(render=frozenset(changed), copy=frozenset(copy), stale=stale, full=False)


def pages_naming(src_uris: Iterable[str], sources: dict[str, str]) -> set[str]:
    """Pages whose Markdown mentions one of these files by name.

    A link to a file that appeared or vanished changes how MkDocs renders it
    (and whether it warns) although the linking page itself did not change.
    """
    names = {posixpath.basename(uri) for uri in src_uris}
    names |= {posixpath.splitext(name)[0] + "/" for name in names if name.endswith(".md")}  # directory-style links
    if not names:
        return set()
    return {uri for uri, markdown in sources.items() if any(name in markdown for name in names)}


def page_of(location: str) -> str:
    """The page URL of a search entry's location ("lectures/x/#yao-dian" -> "lectures/x/")."""
    return location.split("#", 1)[0]


@dataclass
class SearchIndex:
    """Material's search_index.json, kept as each page's entries in their JSON text."""

    config: str = "{}"  # the index's "config" object as JSON text
    pages: dict[str, list[str]] = field(default_factory=dict)  # page URL -> entries as JSON text

    @classmethod
    def parse(cls, text: str) -> SearchIndex:
        """Read a search_index.json as written by Material's search plugin."""
        data = json.loads(text)
        pages: dict[str, list[str]] = {}
        for entry in data.get("docs", []):
            pages.setdefault(page_of(entry["location"]), []).append(json.dumps(entry, separators=JSON_SEPARATORS))
        return cls(config=json.dumps(data.get("config", {}), separators=JSON_SEPARATORS), pages=pages)

    def updated(self, fresh: SearchIndex, rendered: set[str], order: list[str]) -> SearchIndex:
        """This index with the rendered pages' entries taken from ``fresh``, in page ``order``.

        Pages not in ``order`` (deleted, renamed, hidden) lose their entries; a
        rendered page without fresh entries (e.g. ``search: exclude``) has none.
        """
        pages = {}
        for url in order:
            entries = fresh.pages.get(url, []) if url in rendered else self.pages.get(url, [])
            if entries:
                pages[url] = entries
        return SearchIndex(config=fresh.config, pages=pages)

    def text(self) -> str:
        """The index as Material writes it (byte for byte the same as a full build's)."""
        docs = ",".join(entry for entries in self.pages.values() for entry in entries)
        return f'{{"config":{self.config},"docs":[{docs}]}}'


def refused_request(path: str) -> bool:
    """A preview request path no file can have: control characters (NUL …), as the server decoded them."""
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in path)
