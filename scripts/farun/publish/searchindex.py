"""A compact search index for the site's own search worker, in shards.

Material's search plugin writes ``search/search_index.json`` for Lunr: HTML text
with a zero-width space between the words jieba found, every CJK character
escaped (``\\u884c``, six bytes). Our worker (docs/assets/javascripts/search-worker.js)
matches whole substrings and needs neither, so this writer derives from it:

- ``search/farun-index-K.json`` (K = 1, 2, …): the index in shards of ``SHARD_PAGES`` pages in
  the site's order (newest items first), each ``{"docs": [[location, title, text, tags?], ...],
  "lists": [page location, ...], "pages": {page location: [kind, date, episode, fields,
  summary, names]}}`` (the fields: ``searchfields.py``) with plain text (no tags, no
  zero-width spaces, whitespace collapsed), UTF-8; generated list pages (years, topics,
  laws, site map ...) keep their title and a short intro only, because their lists repeat
  the items' own titles and teasers and would crowd the results; the worker ranks them
  after the items. The worker answers from the first shard while it fetches the others
  (a province's 10,000 items are tens of MB of text), and one edited page changes one
  shard, so the preview's guard reads one shard again, not the whole index.
- ``search/farun-search.json``: Material's ``config`` (plus ``farun_shards``, the shards'
  names with a content digest each) and no docs; search.js hands this small file to
  Material instead of the big index, and the worker fetches the shards itself, off the
  page's main thread.

Material's own file is not published online (no page reads it: only what a published page
uses is published); the offline bundle keeps it, as the carrier of the same compact index:
Material's offline plugin inlines it into search_index.js after this writer (see ``write``).
Online and offline, one worker ranks from one index. Only the text is taken from Material's
file (tags and jieba's zero-width spaces dropped), so its segmentation does not matter.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from pathlib import Path

import yaml

from farun.markup import reader
from farun.runtime import memo
from farun.runtime.memo import LastBuild
from farun.publish.searchfields import page_fields, page_locations
from farun.site.engine import Site

__all__ = [
    "SHARD",
    "SHARD_PAGES",
    "STUB",
    "compact",
    "list_pages",
    "page_locations",
    "plain",
    "read",
    "shards",
    "write",
]

SHARD = "farun-index-{}.json"  # K = 1, 2, …
SHARD_PAGES = 250  # pages a shard holds: ~0.4 MB of text at the bench corpus's page size
STUB = "farun-search.json"
LIST_TEXT = 120  # characters of a generated list page's text kept in the index

_SPACE = re.compile(r"\s+")
# Rule 5 of markup/reader.py: a line break inside a Chinese paragraph is no word boundary (行政\n复议 is 行政复议).
_CJK_GAP = re.compile(f"(?<=[{reader.CJK}])\\s+(?=[{reader.CJK}])")
_INVISIBLE = re.compile(f"[{reader.INVISIBLE}\\x00]")


def plain(text: str) -> str:
    """Readable text of an index entry by the one markup reader's rules (markup/reader.py): tags out (block
    elements separate words, inline ones join them), zero-width characters out, entities decoded."""
    text = reader.text(_INVISIBLE.sub("", text), block="\0")
    text = _CJK_GAP.sub("", html.unescape(text)).replace("\0", " ")  # paragraphs stay apart
    return _SPACE.sub(" ", text).strip()


_PLAIN: LastBuild[bytes, str] = LastBuild("search entry text")


def _plain_text(text: str) -> str:
    """``plain(text)``; the preview takes an unchanged entry's from the last save (by a digest of it:
    the entries' HTML is kept no longer than this build)."""
    if not memo.active():
        return plain(text)
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return _PLAIN.get(key, lambda: plain(text))


def list_pages(site: Site) -> list[str]:
    """Generated list pages: every generated page except those standing in for a staff file
    (a revoked decision's 撤回说明 is a real notice, kept whole)."""
    coll = getattr(site, "collection", None)
    staff = {r.src_uri for r in coll.items} | {r.src_uri for r, _ in coll.hidden} if coll is not None else set()
    return [src for src in site.pages if src not in staff]


def compact(index: dict, generated: set[str]) -> dict:
    """The compact index from Material's; ``generated`` are locations of generated list pages."""
    docs, lists = [], []
    for doc in index.get("docs", []):
        location = str(doc.get("location", ""))
        text = _plain_text(str(doc.get("text", "")))
        if location.split("#", 1)[0] in generated:
            if location not in lists and "#" not in location:
                lists.append(location)
            if len(text) > LIST_TEXT:
                text = text[:LIST_TEXT].rstrip() + "…"
        row: list[str | list[str]] = [location, plain(str(doc.get("title", ""))), text]
        tags = [str(tag) for tag in doc.get("tags") or []]
        if tags:
            row.append(tags)
        docs.append(row)
    return {"docs": docs, "lists": lists}


def front_matter_titles(site: Site) -> dict[str, str]:
    """Every page's title as staff or the generator wrote it (text), by index location."""
    titles: dict[str, str] = {}
    coll = getattr(site, "collection", None)
    for record in coll.items if coll is not None else []:
        titles.update(dict.fromkeys(page_locations(record.src_uri), record.meta.title))
    for src, markdown in site.pages.items():
        head = markdown.split("\n---\n", 1)[0].removeprefix("---\n")
        title = _title_in(head) if markdown.startswith("---\n") else None
        if isinstance(title, str):
            titles.update(dict.fromkeys(page_locations(src), title))
    return titles


@functools.lru_cache(maxsize=8192)
def _title_in(head: str):
    """The ``title`` of a generated page's front matter (cached: a preview rebuild parses only what changed)."""
    data = yaml.safe_load(head)
    return data.get("title") if isinstance(data, dict) else None


def escape_titles(index: dict, titles: dict[str, str]) -> int:
    """Escape the titles Material copied from front matter: its search UI inserts titles as HTML.

    Material's plugin takes ``page.meta.title`` as the title of a page's first section when the
    body has no h1; a title with ``<img onerror=…>`` would run in every search result (the offline
    bundle shows Material's own results). A heading's title is already escaped HTML and differs.
    """
    changed = 0
    for doc in index.get("docs", []):
        raw = titles.get(str(doc.get("location", "")))
        title = str(doc.get("title", ""))
        if raw is not None and title.replace("\u200b", "") == raw and html.escape(title) != title:
            doc["title"] = html.escape(title)
            changed += 1
    return changed


def shards(data: dict, size: int = SHARD_PAGES) -> list[dict]:
    """The compact index cut into shards of ``size`` pages in index order (a page's sections stay with it)."""
    order: list[str] = []
    rows: dict[str, list] = {}
    for row in data["docs"]:
        page = str(row[0]).split("#", 1)[0]
        if page not in rows:
            order.append(page)
            rows[page] = []
        rows[page].append(row)
    lists, fields = set(data["lists"]), data.get("pages", {})
    out = []
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        out.append(
            {
                "docs": [row for page in chunk for row in rows[page]],
                "lists": [page for page in chunk if page in lists],
                "pages": {page: fields[page] for page in chunk if page in fields},
            }
        )
    return out or [{"docs": [], "lists": [], "pages": {}}]


def read(site_dir: Path) -> dict:
    """The whole compact index of a built site, its shards joined in the stub's order (tests, bench)."""
    search = Path(site_dir) / "search"
    stub = json.loads((search / STUB).read_text(encoding="utf-8"))
    whole: dict = {"docs": [], "lists": [], "pages": {}}
    for name in stub["config"]["farun_shards"]:
        part = json.loads((search / name.split("?", 1)[0]).read_text(encoding="utf-8"))
        whole["docs"] += part["docs"]
        whole["lists"] += part["lists"]
        whole["pages"].update(part["pages"])
    return whole


def write(site: Site, site_dir: Path) -> None:
    """Write the index's shards and the small file Material loads in its place, and take Material's out.

    In the offline bundle (opened from disk, where a worker cannot fetch), Material's
    offline plugin inlines search_index.json into search_index.js after this writer: the
    file then carries the same compact index inside its config, for the same worker.
    """
    source = site_dir / "search" / "search_index.json"
    if not source.is_file():  # search plugin switched off
        return
    index = json.loads(source.read_text(encoding="utf-8"))
    escape_titles(index, front_matter_titles(site))
    generated = set().union(set(), *(page_locations(src) for src in list_pages(site)))
    data = compact(index, generated)
    data["pages"] = page_fields(site, {row[0] for row in data["docs"] if "#" not in row[0]})
    config = index.get("config", {})
    if getattr(site, "offline", False):
        inline = {"config": {**config, "farun_inline": data}, "docs": []}
        source.write_text(json.dumps(inline, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return
    for stale in (site_dir / "search").glob(SHARD.format("*")):  # the preview's site/ keeps the last save's
        stale.unlink()
    names = []
    for number, shard in enumerate(shards(data, SHARD_PAGES), 1):
        raw = json.dumps(shard, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        (site_dir / "search" / SHARD.format(number)).write_bytes(raw)
        names.append(f"{SHARD.format(number)}?v={hashlib.sha256(raw).hexdigest()[:12]}")
    # Material hands the worker {config, docs, options}: the shards' names ride in config.
    stub = {"config": {**config, "farun_shards": names}, "docs": []}
    (site_dir / "search" / STUB).write_text(json.dumps(stub, ensure_ascii=False), encoding="utf-8")
    source.unlink()  # read by no published page (the preview keeps its merged copy in memory)
