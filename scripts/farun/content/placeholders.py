"""Example texts of the new-item templates: a published item must not still carry them.

The check (collection.py) and the templates (authoring/scaffold.py) both read
these, so the template's wording and the check cannot drift apart.
"""

from __future__ import annotations

TITLE = "在此填写标题"
CASE_TITLE = "示例｜在此填写标题"
SPEAKER = "主讲人姓名"
SPEAKER_TITLE = "主讲人职务（可删除此行）"
VENUE = "讲座地点或直播方式（可删除此行）"
LECTURE_SUMMARY = "用一两句话概括讲座内容（显示在列表和分享卡片中）"
CASE_SUMMARY = "用一两句话概括案例"
TAGS = ("主题一", "主题二")
LAW = "《法规名称》"

PLACEHOLDERS = frozenset({TITLE, CASE_TITLE, SPEAKER, SPEAKER_TITLE, VENUE, LECTURE_SUMMARY, CASE_SUMMARY, *TAGS, LAW})

# Example lines of the templates' bodies (a line that is exactly one of these is still the example).
NOTICE_BODY = "在此填写公告正文。"
BODY_LINES = frozenset(
    {"- 要点一", "- 要点二", "### 第一条 ……", "解读内容。", "**问：** 问题？", "**答：** 回答。", NOTICE_BODY}
)
