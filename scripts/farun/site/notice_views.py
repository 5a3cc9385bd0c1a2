"""View data and pages of the 双公示 notices: penalty and licence tables, 撤回说明 pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Optional

import yaml

from farun.content.collection import Collection
from farun.content.lifecycle import is_licence, is_penalty, is_revoked
from farun.content.load import Record
from farun.content.text import cn_date


def money(amount: Optional[Decimal]) -> str:
    """3000 -> "3,000 元"; None -> "—"."""
    if amount is None:
        return "—"
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{text} 元"


def _day(day: Optional[dt.date]) -> Optional[dict[str, str]]:
    return {"iso": day.isoformat(), "cn": cn_date(day)} if day else None


def notice_details(record: Record) -> dict[str, Any]:
    """The ``penalty`` or ``licence`` table of a notice page (nothing for a revoked decision)."""
    if is_penalty(record):
        meta = record.meta
        if meta.revoked is not None:  # is_revoked
            return {"revoked": {"date": _day(meta.revoked.date), "decision_no": meta.decision_no}}
        return {"penalty": {
            "party": meta.party, "party_type": meta.party_type, "credit_code": meta.credit_code,
            "decision_no": meta.decision_no, "violation": meta.violation, "facts": meta.facts,
            "basis": meta.basis, "penalty": meta.penalty, "fine": money(meta.fine),
            "decision_date": _day(meta.decision_date), "authority": meta.authority,
            "severity": meta.severity, "expires": _day(meta.expires),
        }}
    if is_licence(record):
        licence = record.meta
        return {"licence": {
            "party": licence.party, "party_type": licence.party_type, "credit_code": licence.credit_code,
            "decision_no": licence.decision_no, "licence_type": licence.licence_type, "content": licence.content,
            "decision_date": _day(licence.decision_date), "valid_from": _day(licence.valid_from),
            "valid_to": _day(licence.valid_to), "authority": licence.authority,
        }}
    return {}


def revocation_pages(coll: Collection) -> dict[str, str]:
    """Generated pages that replace revoked decisions' files with their 撤回说明."""
    pages = {}
    for record in coll.notices:
        if is_revoked(record):
            head = yaml.safe_dump({"title": record.meta.title}, allow_unicode=True).strip()
            pages[record.src_uri] = f"---\n{head}\n---\n\n{record.body.strip()}\n"
    return pages
