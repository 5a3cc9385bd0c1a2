"""Open data: the penalty and licence notices public on the build day, as CSV and JSON.

CSV is UTF-8 with a BOM so Excel and WPS open the Chinese headings correctly.
Withdrawn (expired), revoked, draft and embargoed decisions are never exported.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from farun.site.engine import Site
from farun.content.lifecycle import LICENCE, PENALTY, is_revoked
from farun.content.load import Record

# Column keys with the headings of the 双公示 standard.
PENALTY_COLUMNS = {
    "party": "行政相对人名称",
    "party_type": "行政相对人类别",
    "credit_code": "统一社会信用代码",
    "decision_no": "行政处罚决定书文号",
    "violation": "违法行为类型",
    "facts": "违法事实",
    "basis": "处罚依据",
    "penalty": "处罚内容",
    "fine": "罚款金额（元）",
    "decision_date": "处罚决定日期",
    "authority": "处罚机关",
    "severity": "失信程度",
    "expires": "公示截止期",
    "url": "网页地址",
}
LICENCE_COLUMNS = {
    "party": "行政相对人名称",
    "party_type": "行政相对人类别",
    "credit_code": "统一社会信用代码",
    "decision_no": "行政许可决定书文号",
    "licence_type": "许可类别",
    "content": "许可内容",
    "decision_date": "许可决定日期",
    "valid_from": "有效期自",
    "valid_to": "有效期至",
    "authority": "许可机关",
    "url": "网页地址",
}


def _value(record: Record, key: str, site: Site) -> Any:
    if key == "url":
        return site.site_url + record.url if site.site_url else record.url
    value = getattr(record.meta, key)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if key == "fine":
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def rows(site: Site, notice_type: str, columns: dict[str, str]) -> list[dict[str, Any]]:
    """One dict per notice of this type public today, newest first."""
    chosen = [r for r in site.collection.notices if r.meta.type == notice_type and not is_revoked(r)]
    return [{key: _value(r, key, site) for key in columns} for r in chosen]


# A cell starting with one of these is read by Excel/WPS as a formula (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def cell(value: Any) -> Any:
    """A spreadsheet cell that stays text: a leading formula character gets an apostrophe before it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(records: list[dict[str, Any]], columns: dict[str, str]) -> bytes:
    """CSV bytes in UTF-8 with BOM and Chinese headings; no cell can become a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(cell(name) for name in columns.values())
    for record in records:
        writer.writerow(cell(record[key]) for key in columns)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write(site: Site, site_dir: Path) -> None:
    """Write data/penalties.{csv,json} and data/licences.{csv,json}."""
    out = site_dir / "data"
    out.mkdir(parents=True, exist_ok=True)
    for name, notice_type, columns in (("penalties", PENALTY, PENALTY_COLUMNS), ("licences", LICENCE, LICENCE_COLUMNS)):
        records = rows(site, notice_type, columns)
        (out / f"{name}.csv").write_bytes(to_csv(records, columns))
        document = {
            "title": notice_type,
            "build_date": site.collection.today.isoformat(),
            "fields": columns,
            "records": records,
        }
        (out / f"{name}.json").write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
