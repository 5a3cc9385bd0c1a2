"""What each page says about itself: ``<meta name="description">``, og:description, twitter:description.

Item pages describe the item (a lecture's or case's summary; a notice's type, party as published,
文号 and dates); generated pages describe what they list. Plain text: the templates escape it.
"""

from __future__ import annotations

from typing import Iterable

from farun.content.lifecycle import is_penalty, is_revoked
from farun.content.load import Record
from farun.content.text import cn_date
from farun.site.notice_views import LICENCE

# Search engines show about 80-120 Chinese characters of a description.
LIMIT = 120


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip("，、；：,;: ") + "…"


def listing(head: str, names: Iterable[str], limit: int = LIMIT) -> str:
    """``head``, then as many of ``names`` as fit, separated by 、."""
    text = head
    for index, name in enumerate(names):
        piece = ("：" if index == 0 else "、") + name
        if len(text) + len(piece) > limit - 1:
            return text + "等"
        text += piece
    return text


def notice_description(record: Record) -> str:
    """A notice's type, the party as published, the decision's 文号 and its dates."""
    meta = record.meta
    published = f"{cn_date(meta.date)}公示"
    if is_revoked(record):  # the page holds only the 撤回说明: no party, no facts
        day = f"，{cn_date(meta.revoked.date)}撤销" if meta.revoked.date else ""
        return f"{meta.type}撤回说明：处罚决定书文号{meta.decision_no}{day}，原公示已撤回。"
    if is_penalty(record):
        return shorten(f"{meta.type}：行政相对人{meta.party}，{meta.violation}，处罚决定书文号{meta.decision_no}，"
                       f"{cn_date(meta.decision_date)}作出处罚决定，{published}。")
    if meta.type == LICENCE:
        return shorten(f"{meta.type}：行政相对人{meta.party}，许可决定书文号{meta.decision_no}，"
                       f"{cn_date(meta.decision_date)}作出许可决定，{published}；许可内容：{meta.content}")
    number = f"（{meta.doc_no}）" if meta.doc_no else ""
    return shorten(f"{meta.issuer}{cn_date(meta.date)}发布的{meta.type}{number}：{meta.title}")


def item_description(record: Record) -> str:
    """The description of an item page."""
    if record.kind == "notice":
        return notice_description(record)
    meta = record.meta
    if record.kind == "lecture":
        return shorten(f"第{meta.episode}期（{cn_date(meta.date)}，主讲人{meta.speaker}）：{meta.summary}")
    return shorten(meta.summary)
