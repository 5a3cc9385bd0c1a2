"""New content files from templates: complete front matter and body headings."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from farun.content import placeholders as example
from farun.content.frontmatter import parse
from farun.content.slugs import slug_from, valid_name

TEMPLATES = {
    "lecture": """---
title: {title}
date: {date}
episode: {episode}
speaker: {speaker}
speaker_title: 主讲人职务（可删除此行）
time: "14:30-16:00"
venue: 讲座地点或直播方式（可删除此行）
duration: 90分钟
summary: 用一两句话概括讲座内容（显示在列表和分享卡片中）
tags: [主题一, 主题二]
laws: [《法规名称》]
cases: []
draft: true
---

## 讲座要点

- 要点一
- 要点二

## 条文解读

### 第一条 ……

解读内容。

## 问答

**问：** 问题？

**答：** 回答。
""",
    "case": """---
title: 示例｜{title}
date: {date}
category: {category}
laws: [《法规名称》]
summary: 用一两句话概括案例
tags: []
lectures: []
draft: true
---

!!! note "示例案例"
    本案例根据执法实践改编，当事人信息均为虚构，仅用于普法宣传。

## 案情简介

## 调查处理

## 法律依据

## 以案释法
""",
    "notice": """---
title: {title}
date: {date}
type: 通知
issuer: {issuer}
doc_no: 绍市交〔{year}〕1号
expires: {expires}
draft: true
---

在此填写公告正文。
""",
}
FOLDERS = {"lecture": "lectures", "case": "cases", "notice": "notices"}
_SLUG_UNSAFE = re.compile(r"[\s/\\?#%:*\"<>|《》“”]+")


def body_of(kind: str) -> str:
    """The body part of a kind's template (everything after the front matter)."""
    return TEMPLATES[kind].split("\n---\n", 1)[1].lstrip("\n")


def next_episode(docs_dir: Path) -> int:
    """One more than the highest episode among existing lecture files (readable ones)."""
    highest = 0
    for path in sorted((docs_dir / "lectures").glob("*.md")):
        doc, _ = parse(path.read_bytes(), str(path))
        value = doc.data.get("episode") if doc else None
        if isinstance(value, int) and not isinstance(value, bool):
            highest = max(highest, value)
        elif isinstance(value, str) and value.strip().isdigit():
            highest = max(highest, int(value))
    return highest + 1


def file_name(kind: str, day: dt.date, slug: str) -> str:
    """2024-05-xingzheng-fuyi.md — date prefix plus the staff's slug."""
    clean = _SLUG_UNSAFE.sub("-", slug.strip()).strip("-.").lower() or "new"
    if not valid_name(clean):  # 信访条例 or Xinfang_Tiaoli: the rule's form, from pinyin
        clean = slug_from(slug)
    return f"{day:%Y-%m}-{clean}.md"


def target_path(docs_dir: Path, kind: str, slug: str, day: dt.date) -> Path:
    """Where a new item of this kind, day and slug is written."""
    return docs_dir / FOLDERS[kind] / file_name(kind, day, slug)


def write_new(target: Path, text: str) -> Path:
    """Create ``target`` with ``text``; raise FileExistsError rather than overwrite."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
        out.write(text)
    return target


def from_template(docs_dir: Path, kind: str, day: dt.date, fields: dict[str, str] | None = None) -> str:
    """The template text with placeholders for whatever ``fields`` leaves out."""
    values = {
        "title": example.TITLE,
        "speaker": example.SPEAKER,
        "category": "网约车与非法营运",
        "issuer": "绍兴市交通运输局",
        "date": day.isoformat(),
        "year": day.year,
        "expires": (day + dt.timedelta(days=30)).isoformat(),
    }
    if kind == "lecture":
        values["episode"] = next_episode(docs_dir)
    values |= {k: v for k, v in (fields or {}).items() if v}
    return TEMPLATES[kind].format(**values)


def create(docs_dir: Path, kind: str, slug: str, day: dt.date, fields: dict[str, str] | None = None) -> Path:
    """Write a new file from the template; refuse to overwrite anything."""
    return write_new(target_path(docs_dir, kind, slug, day), from_template(docs_dir, kind, day, fields))
