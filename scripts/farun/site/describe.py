"""What each page says about itself: ``<meta name="description">``, og:description, twitter:description.

Item pages describe the item (a lecture's or case's summary; a notice's type, party as published,
文号 and dates); generated pages describe what they list. Plain text: the templates escape it.
"""

from __future__ import annotations

from typing import Iterable, cast

from farun.content.lifecycle import is_licence, is_penalty
from farun.content.schema import Case, Lecture, Notice
from farun.content.load import Record
from farun.content.text import cn_date

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


def notice_description(record: Record[Notice]) -> str:
    """A notice's type, the party as published, the decision's 文号 and its dates."""
    published = f"{cn_date(record.meta.date)}公示"
    if is_penalty(record):
        penalty = record.meta
        if penalty.revoked is not None:  # is_revoked: the page holds only the 撤回说明: no party, no facts
            day = f"，{cn_date(penalty.revoked.date)}撤销" if penalty.revoked.date else ""
            return f"{penalty.type}撤回说明：处罚决定书文号{penalty.decision_no}{day}，原公示已撤回。"
        return shorten(f"{penalty.type}：行政相对人{penalty.party}，{penalty.violation}，处罚决定书文号{penalty.decision_no}，"
                       f"{cn_date(penalty.decision_date)}作出处罚决定，{published}。")
    if is_licence(record):
        licence = record.meta
        return shorten(f"{licence.type}：行政相对人{licence.party}，许可决定书文号{licence.decision_no}，"
                       f"{cn_date(licence.decision_date)}作出许可决定，{published}；许可内容：{licence.content}")
    meta = record.meta
    number = f"（{meta.doc_no}）" if meta.doc_no else ""
    return shorten(f"{meta.issuer}{cn_date(meta.date)}发布的{meta.type}{number}：{meta.title}")


def item_description(record: Record) -> str:
    """The description of an item page."""
    meta = record.meta
    if isinstance(meta, Notice):
        return notice_description(cast("Record[Notice]", record))
    if isinstance(meta, Lecture):
        return shorten(f"第{meta.episode}期（{cn_date(meta.date)}，主讲人{meta.speaker}）：{meta.summary}")
    assert isinstance(meta, Case), record.path
    return shorten(meta.summary)
