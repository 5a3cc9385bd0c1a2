"""Whether an item is public on the build day, and why not."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Optional, Protocol, TypeGuard

from farun.content.load import Record
from farun.content.schema import Lecture
from farun.content.schema_notices import LicenceNotice, PenaltyNotice
from farun.content.text import cn_date, escape_md

PENALTY = "行政处罚公示"
LICENCE = "行政许可公示"
ART_48 = "《中华人民共和国行政处罚法》第四十八条"


def hidden_reason(record: Record, today: dt.date) -> Optional[str]:
    """Why ``record`` is not published today (None when it is public)."""
    waiting = waiting_reason(record.meta, today)
    if waiting:
        return waiting
    expires = record.meta.expires if is_penalty(record) else None  # always set for a penalty (its schema's default)
    if expires and expires < today:
        return (
            f"行政处罚公示期已满（公示截止 {expires.isoformat()}），"
            f"自 {(expires + dt.timedelta(days=1)).isoformat()} 起撤下"
        )
    return None


class Scheduled(Protocol):
    """What waits for its day: an item's front matter (content/schema.py), a top-level page's (content/standalone.py)."""

    @property
    def draft(self) -> bool: ...
    @property
    def publish(self) -> Optional[dt.date]: ...


def waiting_reason(meta: Scheduled, today: dt.date) -> Optional[str]:
    """A draft, or a publish day still ahead: the one rule for items and top-level pages alike."""
    if meta.draft:
        return "草稿（draft: true）"
    if meta.publish and meta.publish > today:
        return f"尚未到发布日期 {meta.publish.isoformat()}"
    return None


def is_penalty(record: Record) -> TypeGuard[Record[PenaltyNotice]]:
    """A 行政处罚公示, whose page is withdrawn after its ``expires`` day."""
    return isinstance(record.meta, PenaltyNotice)  # the schema of type: 行政处罚公示 (content/models.py)


def is_licence(record: Record) -> TypeGuard[Record[LicenceNotice]]:
    """A 行政许可公示."""
    return isinstance(record.meta, LicenceNotice)


def is_revoked(record: Record) -> TypeGuard[Record[PenaltyNotice]]:
    """A penalty decision that was revoked: only the 撤回说明 is published."""
    return is_penalty(record) and record.meta.revoked is not None


def is_upcoming(record: Record, today: dt.date) -> bool:
    """A lecture held today or later is announced as 预告."""
    return isinstance(record.meta, Lecture) and record.meta.date >= today


def notice_status(record: Record, today: dt.date) -> str:
    """公示中 while a notice runs, 已结束 after its ``expires`` day, 已撤回 once revoked."""
    if is_revoked(record):
        return "已撤回"
    expires = getattr(record.meta, "expires", None)
    return "已结束" if expires and expires < today else "公示中"


def revocation_title(record: Record[PenaltyNotice]) -> str:
    """The public title of a revoked decision: it no longer names the party."""
    return f"关于撤回行政处罚决定信息的说明（{record.meta.decision_no}）"


def revocation_body(record: Record[PenaltyNotice]) -> str:
    """The 撤回说明 published in place of a revoked decision's details."""
    meta, revoked = record.meta, record.meta.revoked
    assert revoked and revoked.date and revoked.reason, record.path  # PenaltyNotice requires both once revoked
    return (
        f'!!! info "撤回说明"\n\n'
        f"    {escape_md(meta.authority)}于{cn_date(meta.decision_date)}作出的行政处罚决定"
        f"（{escape_md(meta.decision_no)}）已于{cn_date(revoked.date)}被撤销。\n\n"
        f"    撤销理由：{escape_md(revoked.reason)}\n\n"
        f"    根据{ART_48}第二款，行政处罚决定被依法变更、撤销、确认违法或者确认无效的，"
        f"行政机关应当在三日内撤回行政处罚决定信息并公开说明理由。原公示的行政处罚决定信息已撤回。\n"
    )


def public_version(record: Record) -> Record:
    """The record as published today: a revoked decision keeps only its 撤回说明."""
    if not is_revoked(record):
        return record
    meta = record.meta.model_copy(update={"title": revocation_title(record)})
    return dataclasses.replace(record, meta=meta, body=revocation_body(record))


DRAFT_BANNER = (
    '!!! warning "草稿"\n\n    这是草稿（draft: true）：只在本地预览中显示，网站上不会出现。'
    "写好后删除 draft 一行，才会在下一次构建时发布。\n\n"
)


def preview_draft(record: Record) -> Record:
    """A draft as the local preview shows it: 【草稿】 before its title in lists, a banner atop its page.

    Only the preview server asks for this (site/engine.prepare(drafts=True) from hook.py when serving);
    every build that publishes leaves drafts out.
    """
    meta = record.meta.model_copy(update={"title": f"【草稿】{record.meta.title}"})
    body = DRAFT_BANNER + record.body
    return dataclasses.replace(record, meta=meta, body=body, doc=dataclasses.replace(record.doc, body=body))


def schedule_report(published: list[Record], hidden: list[tuple[Record, str]], today: dt.date) -> list[str]:
    """Build-log lines: revoked decisions, and the next day on which the site changes by itself."""
    lines = [
        f"撤回 {r.path}：处罚决定已于 {r.meta.revoked.date.isoformat()} 撤销，只发布撤回说明（{ART_48}）"
        for r in published
        if is_revoked(r) and r.meta.revoked and r.meta.revoked.date
    ]
    ends: dict[dt.date, list[str]] = {}
    for record in published:
        expires = getattr(record.meta, "expires", None)
        if record.kind == "notice" and expires and expires >= today:
            what = "撤下" if is_penalty(record) else "标为已结束"
            ends.setdefault(expires + dt.timedelta(days=1), []).append(f"{record.path} {what}")
    if ends:
        day = min(ends)
        lines.append(
            f"下一次到期：{day.isoformat()} 起 "
            + "、".join(sorted(ends[day]))
            + f"（公示截止 {(day - dt.timedelta(days=1)).isoformat()}，请每天重新构建）"
        )
    else:
        lines.append("没有待到期的公示")
    starts = sorted(
        (r.meta.publish, r.path) for r, _ in hidden if not r.meta.draft and r.meta.publish and r.meta.publish > today
    )
    if starts:
        lines.append(f"下一次定时发布：{starts[0][0].isoformat()} 起发布 {starts[0][1]}")
    return lines
