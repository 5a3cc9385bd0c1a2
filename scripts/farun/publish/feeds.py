"""Feeds and data for other channels: Atom, iCalendar, lectures.json, robots.txt.

Only published items go in (the collection already leaves out drafts,
embargoed and withdrawn items). Entry dates come from the content (date,
publish, revocation, the file's last change in git: farun/site/dates.py),
never the build day, so a daily rebuild of unchanged content changes no entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from farun.runtime.clock import SHANGHAI
from farun.site.engine import Site
from farun.site.dates import published_day, updated_day
from farun.site.govmeta import pub_date
from farun.content.lifecycle import is_upcoming
from farun.content.load import Record
from farun.content.schema import Lecture

ATOM = "http://www.w3.org/2005/Atom"
FEEDS = {"lectures": "feeds/lectures.xml", "notices": "feeds/notices.xml"}
CALENDAR = "feeds/lectures.ics"
CALENDAR_PAST = dt.timedelta(days=366)  # a year of past sessions stays in the calendar
LECTURES_JSON = "data/lectures.json"
# A feed reader fetches the feed again every few hours: the newest entries only, so its weight does not grow
# with the site (3,333 lectures made a 2.3 MB feed); everything older is in the lists and data/lectures.json.
FEED_ENTRIES = 50
_TIME_RANGE = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*[-–—~至到]\s*(\d{1,2})[:：](\d{2})\s*$")
_TIME_START = re.compile(r"^\s*(\d{1,2})[:：](\d{2})")
ET.register_namespace("", ATOM)


def _abs(site: Site, path: str) -> str:
    return site.site_url + path


def _stamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), SHANGHAI).isoformat()


# Characters XML 1.0 cannot carry at all (a feed with ESC in it is not well-formed); make check
# refuses them in content, and this keeps a feed valid whatever reaches it (settings included).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: Optional[str] = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {key: xml_text(str(v)) for key, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def atom_feed(site: Site, kind: str) -> bytes:
    """An Atom (RFC 4287) feed of the newest ``FEED_ENTRIES`` published lectures or notices, newest first."""
    coll, settings = site.collection, site.settings
    today = coll.today
    changes = site.changes
    records = sorted(getattr(coll, kind), key=lambda r: (published_day(r, today, changes), r.slug), reverse=True)
    records = records[:FEED_ENTRIES]
    title = settings.series_name if kind == "lectures" else f"公示公告 · {settings.bureau_name}"
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    _sub(root, "id", _abs(site, f"{kind}/"))
    _sub(root, "title", title)
    _sub(root, "subtitle", f"{settings.bureau_name}法治宣传教育专栏")
    # An empty feed has no content date; the Unix epoch is as stable as one (never the build day).
    newest = max((updated_day(r, today, changes) for r in records), default=dt.date(1970, 1, 1))
    _sub(root, "updated", _stamp(newest))
    _sub(root, "link", rel="self", type="application/atom+xml", href=_abs(site, FEEDS[kind]))
    _sub(root, "link", rel="alternate", type="text/html", href=_abs(site, f"{kind}/"))
    _sub(_sub(root, "author"), "name", settings.bureau_name)
    _sub(root, "rights", f"{settings.bureau_name} 版权所有")
    for record in records:
        meta = record.meta
        entry = _sub(root, "entry")
        _sub(entry, "id", _abs(site, record.url))
        heading = f"第{meta.episode}期｜{meta.title}" if kind == "lectures" else meta.title
        _sub(entry, "title", heading)
        _sub(entry, "link", rel="alternate", type="text/html", href=_abs(site, record.url))
        _sub(entry, "published", _stamp(published_day(record, today, changes)))
        _sub(entry, "updated", _stamp(updated_day(record, today, changes)))
        if kind == "lectures":
            _sub(_sub(entry, "author"), "name", meta.speaker)
            summary = f"{meta.date.isoformat()} {meta.time or ''} {meta.venue or ''}".strip() + "\n" + meta.summary
            for tag in meta.tags:
                _sub(entry, "category", term=tag)
        else:
            _sub(_sub(entry, "author"), "name", meta.issuer)
            summary = "　".join(x for x in (meta.type, meta.issuer, meta.doc_no) if x)
            _sub(entry, "category", term=meta.type)
        _sub(entry, "summary", summary)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def session_times(record: Record[Lecture]) -> tuple[dt.datetime, dt.datetime] | tuple[dt.date, dt.date]:
    """Start and end of a lecture in Asia/Shanghai; whole day when ``time`` gives no clock time."""
    day, text = record.meta.date, record.meta.time or ""
    match = _TIME_RANGE.match(text)
    if match:
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start = dt.datetime.combine(day, dt.time(h1, m1), SHANGHAI)
        return start, dt.datetime.combine(day, dt.time(h2, m2), SHANGHAI)
    match = _TIME_START.match(text)
    if match:
        start = dt.datetime.combine(day, dt.time(int(match[1]), int(match[2])), SHANGHAI)
        return start, start + dt.timedelta(hours=2)
    return day, day + dt.timedelta(days=1)


def lecture_calendar(site: Site) -> bytes:
    """iCalendar (RFC 5545) of the lectures of the past year and the upcoming ones, times in Asia/Shanghai
    with a VTIMEZONE: a subscribed calendar keeps the sessions it showed instead of dropping each one on its day."""
    coll, settings = site.collection, site.settings
    host = urlsplit(site.site_url).hostname or "localhost"
    cal = Calendar()
    cal.add("prodid", f"-//{settings.bureau_name}//{settings.series_name}//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", settings.series_name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    since = coll.today - CALENDAR_PAST
    shown = sorted((r for r in coll.lectures if r.meta.date >= since), key=lambda r: (r.meta.date, r.meta.episode))
    for record in shown:
        meta = record.meta
        start, end = session_times(record)
        event = Event()
        event.add("uid", f"farun-lecture-{meta.episode}@{host}")
        # DTSTAMP from the content too, so a daily rebuild leaves an unchanged event unchanged.
        changed = updated_day(record, coll.today, site.changes)
        event.add("dtstamp", dt.datetime.combine(changed, dt.time(), SHANGHAI).astimezone(dt.timezone.utc))
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"{settings.series_name}第{meta.episode}期：{meta.title}")
        if meta.venue:
            event.add("location", meta.venue)
        who = meta.speaker + (f"（{meta.speaker_title}）" if meta.speaker_title else "")
        event.add("description", f"主讲人：{who}\n{meta.summary}\n{_abs(site, record.url)}")
        event.add("url", _abs(site, record.url))
        event.add("categories", meta.tags)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _media_url(site: Site, record: Record, name: str) -> Optional[str]:
    value = getattr(record.meta, name, None)
    local = site.collection.files.get(record.src_uri, {}).get(name)
    return _abs(site, local) if local else value


def lectures_data(site: Site) -> bytes:
    """Metadata of every published lecture as JSON, for reuse by other channels."""
    coll = site.collection
    lectures = []
    for record in sorted(coll.lectures, key=lambda r: r.meta.episode):
        meta = record.meta
        day = pub_date(record, coll.today)
        lectures.append(
            {
                "episode": meta.episode,
                "title": meta.title,
                "date": meta.date.isoformat(),
                "time": meta.time,
                "venue": meta.venue,
                "speaker": meta.speaker,
                "speaker_title": meta.speaker_title,
                "duration": meta.duration,
                "summary": meta.summary,
                "tags": list(meta.tags),
                "laws": list(meta.laws),
                "upcoming": is_upcoming(record, coll.today),
                "published": day.isoformat() if day else None,
                "url": _abs(site, record.url),
                "video": _media_url(site, record, "video"),
                "slides": _media_url(site, record, "slides"),
            }
        )
    data = {
        "series": site.settings.series_name,
        "publisher": site.settings.bureau_name,
        "build_date": coll.today.isoformat(),
        "count": len(lectures),
        "lectures": lectures,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def at_root(site: Site) -> bool:
    """Whether the site is served at the root of its host: crawlers read robots.txt only there."""
    return bool(site.site_url) and urlsplit(site.site_url).path in ("", "/")


def robots_txt(site: Site) -> bytes:
    """robots.txt allowing everything and naming the sitemap by its absolute URL."""
    lines = ["User-agent: *", "Allow: /"]
    if site.site_url:
        lines.append(f"Sitemap: {site.site_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(site: Site, site_dir: Path) -> None:
    """Write the feeds, calendar, lectures.json and (at the host's root only) robots.txt into the built site."""
    outputs = {
        FEEDS["lectures"]: atom_feed(site, "lectures"),
        FEEDS["notices"]: atom_feed(site, "notices"),
        CALENDAR: lecture_calendar(site),
        LECTURES_JSON: lectures_data(site),
    }
    if at_root(site):  # under a sub-path it would do nothing: the README says what to add to the host's own
        outputs["robots.txt"] = robots_txt(site)
    for rel, content in outputs.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
