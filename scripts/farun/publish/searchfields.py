"""What the search worker knows about each page beyond its text: type, date, 期数 and fields.

The worker (docs/assets/javascripts/search-worker.js) ranks a hit by the field it is in:
title, then the item's fields (期数, speaker, tags, laws with their short names, category,
notice type, 文号), then the summary, the headings and the body. Material's index carries
only a page's rendered Markdown, not what the templates show from the front matter
(文号, the speaker, the laws), so these fields come from the validated records.

``page_fields(site, locations)`` -> ``{page location: [kind, date, episode, fields, summary, names]}``:

- kind: lecture, case, notice, or for generated pages topic, speaker, law, list;
- date (``YYYY-MM-DD``) and episode (lectures) for the result's label and for ties;
- fields and summary: plain text, the parts joined by `` ｜ `` so a phrase never spans two;
- names: for a topic, speaker or law page the exact names that put it first
  (a law by its full name and its short name: 中华人民共和国行政处罚法 and 行政处罚法).
"""

from __future__ import annotations

from urllib.parse import quote

from farun.content.lifecycle import is_revoked
from farun.content.load import Record, is_case, is_lecture, is_notice
from farun.content.text import slugify

SEPARATOR = " ｜ "
STATE_PREFIX = "中华人民共和国"


def page_locations(src_uri: str) -> set[str]:
    """The locations a page can have in the index (directory URLs or .html files),
    as written and percent-encoded (MkDocs quotes non-ASCII URLs: topics/%E8%B6%85.../)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        found = {"", "index.html"}
    elif stem.endswith("/index"):
        folder = stem[: -len("index")]
        found = {folder, folder + "index.html"}
    else:
        found = {stem + "/", stem + ".html"}
    return found | {quote(location) for location in found}


def law_names(title: str) -> list[str]:
    """《中华人民共和国行政处罚法》 -> [中华人民共和国行政处罚法, 行政处罚法]."""
    name = title.strip().strip("《》").strip()
    names = [name]
    if name.startswith(STATE_PREFIX) and len(name) > len(STATE_PREFIX):
        names.append(name[len(STATE_PREFIX) :])
    return names


def _join(parts) -> str:
    return SEPARATOR.join(dict.fromkeys(str(p).strip() for p in parts if p and str(p).strip()))


def item_fields(record: Record) -> list:
    """[kind, date, episode, fields, summary, names] of a lecture, case or notice."""
    meta = record.meta
    laws = list(getattr(meta, "laws", []) or [])  # a short name is inside the full one: the worker matches substrings
    episode = getattr(meta, "episode", None)
    parts: list[str | None]
    if is_lecture(record):  # 第六期 is matched as 第6期 by the worker
        lecture = record.meta
        parts = [f"第{episode}期", lecture.speaker, lecture.speaker_title, *lecture.tags, *laws]
    elif is_case(record):
        parts = [record.meta.category, *record.meta.tags, *laws]
    elif is_revoked(record):  # only the 撤回说明 is published: it names the withdrawn decision, nothing more
        parts = [record.meta.decision_no]
    elif is_notice(record):  # notices: type, 文号 and, on 双公示 pages, what the decision is about
        notice = record.meta
        parts = [
            notice.type,
            getattr(notice, "doc_no", None),
            getattr(notice, "decision_no", None),
            getattr(notice, "violation", None),
            notice.issuer,
        ]
    summary = getattr(meta, "summary", "") or ""
    return [record.kind, meta.date.isoformat(), episode, _join(parts), summary, []]


def _term_pages(site) -> dict[str, tuple[str, list[str]]]:
    """Generated topic, speaker and law pages: src_uri -> (kind, exact names)."""
    coll = site.collection
    found: dict[str, tuple[str, list[str]]] = {}
    for tag in coll.tags():
        found[f"topics/{slugify(tag)}.md"] = ("topic", [tag])
    for speaker in coll.speakers():
        found[f"speakers/{slugify(speaker)}.md"] = ("speaker", [speaker])
    for law in coll.laws():
        found[f"laws/{slugify(law)}.md"] = ("law", law_names(law))
    return found


def page_fields(site, locations) -> dict[str, list]:
    """Fields of every page of ``site`` whose location (as the index writes it) is in ``locations``."""
    coll = getattr(site, "collection", None)
    if coll is None:
        return {}
    wanted = set(locations)
    out: dict[str, list] = {}

    def put(src_uri: str, value: list) -> None:
        for location in page_locations(src_uri) & wanted:
            out[location] = value

    for record in coll.items:
        put(record.src_uri, item_fields(record))
    terms = _term_pages(site)
    staff = {r.src_uri for r in coll.items} | {r.src_uri for r, _ in coll.hidden}  # hidden items have no page at all
    for src_uri in site.pages:
        if src_uri in staff:
            continue
        kind, names = terms.get(src_uri, ("list", []))
        put(src_uri, [kind, None, None, "", "", names])
    return out
