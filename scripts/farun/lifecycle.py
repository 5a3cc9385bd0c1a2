"""Whether an item is public on the build day, and why not."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from .load import Record


def hidden_reason(record: Record, today: dt.date) -> Optional[str]:
    """Why ``record`` is not published today (None when it is public)."""
    meta = record.meta
    if meta.draft:
        return "草稿（draft: true）"
    if meta.publish and meta.publish > today:
        return f"尚未到发布日期 {meta.publish.isoformat()}"
    return None


def is_upcoming(record: Record, today: dt.date) -> bool:
    """A lecture held today or later is announced as 预告."""
    return record.kind == "lecture" and record.meta.date >= today


def notice_status(record: Record, today: dt.date) -> str:
    """公示中 while a notice runs, 已结束 after its ``expires`` day."""
    expires = getattr(record.meta, "expires", None)
    return "已结束" if expires and expires < today else "公示中"
