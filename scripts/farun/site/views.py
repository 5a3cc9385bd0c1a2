"""Per-item view data handed to the item templates (lecture.html, case.html, notice.html)."""

from __future__ import annotations

import posixpath
import re
from typing import Any

from farun.content.collection import Collection
from farun.images.covers import image_paths
from farun.site.describe import item_description
from farun.site.govmeta import item_meta
from farun.content.lifecycle import is_upcoming, notice_status
from farun.content.load import Record, is_case, is_lecture, is_notice
from farun.content.schema import Case, Lecture, Notice
from farun.site.notice_views import notice_details
from farun.site import shareqr
from farun.content.text import cn_date, cn_weekday, slugify


def _ref(record: Record) -> dict[str, str]:
    return {"title": record.meta.title, "url": record.url}


def _terms(values: list[str], folder: str) -> list[dict[str, str]]:
    return [{"name": v, "url": f"{folder}/{slugify(v)}/"} for v in values]


def _media(record: Record, coll: Collection, name: str) -> dict[str, Any] | None:
    value = getattr(record.meta, name, None)
    if not value:
        return None
    local = coll.files.get(record.src_uri, {}).get(name)
    if local:
        return {"url": local, "external": False, "name": posixpath.basename(local)}
    return {"url": value, "external": True, "name": value}


def _neighbours(record: Record, coll: Collection) -> dict[str, Any]:
    prev, nxt = coll.episode_neighbours(record.src_uri)
    return {"prev": _ref(prev) if prev else None, "next": _ref(nxt) if nxt else None}


_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s>]*)?>?(?:\s+[\"'][^)]*)?\)")


def body_links(record: Record) -> set[str]:
    """The src_uris of the pages the record's body links to (Markdown links to .md files)."""
    folder = posixpath.dirname(record.src_uri)
    targets = [t for t in _MD_LINK.findall(record.body or "") if "://" not in t and not t.startswith("/")]
    return {posixpath.normpath(posixpath.join(folder, target)) for target in targets}


def _related(record: Record, coll: Collection, kind: str, named_in: str, back_field: str) -> dict[str, Record]:
    """Published items of ``kind`` this record names, plus those naming it back, without repeats and
    without those its body already lists (a 延伸阅读 section): one list of each, not two."""
    named = [coll.get(kind, slug.removesuffix(".md")) for slug in getattr(record.meta, named_in)]
    naming = coll.naming(kind, back_field).get(record.slug, [])
    listed = body_links(record)
    return {r.slug: r for r in [r for r in named if r] + naming if r.src_uri not in listed}


def lecture_view(record: Record[Lecture], coll: Collection) -> dict[str, Any]:
    """Everything the lecture card shows."""
    meta = record.meta
    related = _related(record, coll, "case", "cases", "lectures")
    return {
        "kind": "lecture",
        "episode": meta.episode,
        "date": meta.date.isoformat(),
        "date_cn": cn_date(meta.date),
        "weekday": cn_weekday(meta.date),
        "upcoming": is_upcoming(record, coll.today),
        "speaker": {"name": meta.speaker, "title": meta.speaker_title, "url": f"speakers/{slugify(meta.speaker)}/"},
        "time": meta.time,
        "venue": meta.venue,
        "duration": meta.duration,
        "summary": meta.summary,
        "tags": _terms(meta.tags, "topics"),
        "laws": _terms(meta.laws, "laws"),
        "video": _media(record, coll, "video"),
        "captions": _media(record, coll, "captions"),
        "slides": _media(record, coll, "slides"),
        "cases": [_ref(c) for c in related.values()],
        **_neighbours(record, coll),
    }


def case_view(record: Record[Case], coll: Collection) -> dict[str, Any]:
    """Everything the case card shows."""
    meta = record.meta
    related = _related(record, coll, "lecture", "lectures", "cases")
    return {
        "kind": "case",
        "date": meta.date.isoformat(),
        "date_cn": cn_date(meta.date),
        "category": {"name": meta.category, "url": f"cases/#{slugify(meta.category)}"},
        "summary": meta.summary,
        "tags": _terms(meta.tags, "topics"),
        "laws": _terms(meta.laws, "laws"),
        "lectures": [_ref(lec) | {"episode": lec.meta.episode} for lec in related.values() if is_lecture(lec)],
        "example": meta.title.startswith("示例"),
    }


def notice_view(record: Record[Notice], coll: Collection) -> dict[str, Any]:
    """Everything the notice card shows (penalty and licence fields come from their schemas)."""
    meta = record.meta
    return {
        "kind": "notice",
        "type": meta.type,
        "date": meta.date.isoformat(),
        "date_cn": cn_date(meta.date),
        "issuer": meta.issuer,
        "doc_no": meta.doc_no,
        "expires": meta.expires.isoformat() if meta.expires else None,
        "expires_cn": cn_date(meta.expires) if meta.expires else None,
        "status": notice_status(record, coll.today),
        **notice_details(record),
    }


def share_qr(url: str) -> dict[str, Any]:
    """The page's address as a QR code for the 分享 panel: an SVG data URI drawn at build time (no script).

    Made once per address (site/shareqr.py: cached, and made by worker processes in a first build).
    """
    return shareqr.code(url)


def item_view(record: Record, coll: Collection, site_url: str = "") -> dict[str, Any]:
    """The view data for any item page (``site_url``: the published address, for the share QR code)."""
    images = image_paths(record, coll.files.get(record.src_uri, {}).get("cover"))  # cover, thumb, poster
    described = {"gov": item_meta(record, coll.today), "description": item_description(record)}
    shared = {"share": share_qr(site_url + record.url)} if site_url else {}
    return _card(record, coll) | described | shared | images


def _card(record: Record, coll: Collection) -> dict[str, Any]:
    """The view data of the item's own kind."""
    if is_lecture(record):
        return lecture_view(record, coll)
    if is_case(record):
        return case_view(record, coll)
    assert is_notice(record), record.path
    return notice_view(record, coll)


def file_urls(value, files):
    """Rewrite the view's directory URLs ("lectures/x/") to the pages' real URLs ("lectures/x.html").

    For the offline bundle (no directory URLs); ``files`` is the engine's file list, asked only
    ``get_file_from_path(src_uri)`` for an object with a ``url``.
    """
    if isinstance(value, list):
        return [file_urls(v, files) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "url" and isinstance(item, str) and "://" not in item:
            path, sep, anchor = item.partition("#")
            stem = path.rstrip("/")
            if not path:  # the home page (当前位置's 首页): "" would be ".", a folder, from disk
                home = files.get_file_from_path("index.md")
                out[key] = (home.url if home else "index.html") + sep + anchor
                continue
            found = [f for f in (files.get_file_from_path(f"{stem}.md"), files.get_file_from_path(f"{stem}/index.md")) if f]
            out[key] = found[0].url + sep + anchor if path.endswith("/") and found else item
        else:
            out[key] = file_urls(item, files)
    return out
