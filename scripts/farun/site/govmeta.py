"""What 政府网站 inspections look at: publication dates, page metadata, freshness."""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from dateutil.relativedelta import relativedelta

from farun.content.collection import Collection
from farun.content.load import Record
from farun.content.settings import SiteSettings
from farun.content.text import cn_date

# Thresholds at which a government column fails the regular inspection.
NOTICE_MAX_AGE = relativedelta(months=5)
QUIET_DAYS = 14


def pub_date(record: Record, today: dt.date) -> Optional[dt.date]:
    """The day an item went public: its ``publish`` date, else its date when that has passed.

    An upcoming lecture without ``publish`` has no known publication day (its
    ``date`` is the session day, still ahead), so None.
    """
    meta = record.meta
    if meta.publish:
        return meta.publish
    return meta.date if meta.date <= today else None


def item_meta(record: Record, today: dt.date) -> dict[str, Optional[str]]:
    """ArticleTitle, PubDate and ContentSource of an item page (source None = the bureau)."""
    day = pub_date(record, today)
    return {
        "title": record.meta.title,
        "pub_date": f"{day.isoformat()} 00:00" if day else None,
        "source": getattr(record.meta, "issuer", None),
    }


def freshness_warnings(coll: Collection) -> list[str]:
    """Chinese reminders when the column looks abandoned on the build day."""
    today = coll.today
    warnings = []
    notices = [r for r in coll.notices if r.meta.date <= today]
    if not notices:
        warnings.append("提醒：公示公告栏目还没有任何已发布的公告。政府网站检查要求栏目定期更新，请尽快发布。")
    else:
        newest = max(r.meta.date for r in notices)
        if newest + NOTICE_MAX_AGE < today:
            warnings.append(
                f"提醒：最新一条公告发布于 {cn_date(newest)}，到构建日 {cn_date(today)} 已超过 5 个月没有更新。"
                "政府网站检查要求栏目定期更新，请及时发布新的公告。"
            )
    days = [d for d in (pub_date(r, today) for r in coll.items) if d and d <= today]
    since = today - dt.timedelta(days=QUIET_DAYS)
    if not days or max(days) < since:
        last = f"最近一次发布是 {cn_date(max(days))}" if days else "还没有发布过任何内容"
        warnings.append(
            f"提醒：最近 2 周（{cn_date(since)} 以来）没有发布任何讲座、案例或公告，{last}。"
            "政府网站检查会把长期不更新的栏目判为不合格，请及时更新。"
        )
    return warnings


# A filing number or code still holding the sample's run of zeros (05000000, 3306000000 ...).
_PLACEHOLDER = re.compile(r"0{5,}")
_DIGITS = re.compile(r"\d+")


def footer_marks(settings: SiteSettings) -> dict[str, Optional[str]]:
    """The 政府网站 marks of the footer, each None when not configured: links are plain links."""
    police = settings.filing_police_url
    if police is None:
        digits = "".join(_DIGITS.findall(settings.filing_police))
        police = f"https://beian.mps.gov.cn/#/query/webSearch?code={digits}" if digits else None
    return {
        "portal_url": settings.bureau_portal_url,
        "emblem": settings.bureau_emblem,
        "organizer": settings.bureau_organizer,
        "mark_image": settings.gov_mark_image,
        "mark_url": settings.gov_mark_url,
        "error_report_url": settings.gov_error_report_url,
        "icp_url": settings.filing_icp_url,
        "police_url": police,
    }


def placeholder_notes(settings: SiteSettings) -> list[str]:
    """INFO lines while the footer still shows the sample's filing numbers, or lacks a 政府网站 mark."""
    notes = []
    fields = [("filing_icp", "ICP备案号"), ("filing_police", "公安机关备案号"), ("filing_site_code", "网站标识码")]
    for name, label in fields:
        value = getattr(settings, name)
        if _PLACEHOLDER.search(value):
            notes.append(f"提示：mkdocs.yml 中的 extra.{name}（{label}）“{value}”仍是示例号码，上线前请改为本单位的真实号码。")
    if not settings.gov_mark_image:
        notes.append("提示：尚未设置党政机关网站标识（extra.gov_mark_image、extra.gov_mark_url），取得标识后请填写，页脚即显示。")
    if not settings.gov_error_report_url:
        notes.append("提示：尚未设置政府网站找错链接（extra.gov_error_report_url），页脚暂不显示“政府网站找错”。")
    return notes
