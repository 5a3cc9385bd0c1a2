"""The dates an outside reader sees (feeds, sitemap): taken from the content, never the build day,
so two daily builds of unchanged content give the same entries."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from farun.content.lifecycle import is_revoked
from farun.content.load import Record
from farun.site.govmeta import pub_date

Changes = dict[str, dt.date]  # src_uri -> day of its last change in git (runtime/gitdates.py)


def published_day(record: Record, today: dt.date, changes: Changes) -> dt.date:
    """When the entry went public: ``publish``, else its date once passed; a lecture announced before
    its day (its file last changed in git before then) went public that day, and stays so on and after
    the day itself (the feed entry's ``published`` no longer moves to the session day); else its own date."""
    edited = changes.get(record.src_uri)
    if record.kind == "lecture" and not record.meta.publish and edited and edited <= min(today, record.meta.date):
        return edited
    return pub_date(record, today) or (edited if edited and edited <= today else None) or record.meta.date


def updated_day(record: Record, today: dt.date, changes: Changes) -> dt.date:
    """When the entry last changed: its publication, a later edit (git), or its revocation."""
    days = [published_day(record, today, changes)]
    edited = changes.get(record.src_uri)
    if edited and edited <= today:
        days.append(edited)
    if is_revoked(record) and record.meta.revoked and record.meta.revoked.date:  # both set once revoked
        days.append(record.meta.revoked.date)
    return max(days)


def page_lastmod(src_uri: str, records: dict[str, Record], today: dt.date, changes: Changes,
                 generated: bool) -> Optional[dt.date]:
    """A page's sitemap ``lastmod``: an item's updated day; a generated list page's newest item;
    another staff page's last change in git; None when nothing says (no lastmod beats a wrong one)."""
    # Days still ahead (an upcoming lecture dated by its session) say nothing yet.
    record = records.get(src_uri)
    if record is not None:
        day = updated_day(record, today, changes)
        return day if day <= today else None
    if generated:
        return max((d for d in (updated_day(r, today, changes) for r in records.values()) if d <= today), default=None)
    return changes.get(src_uri)
