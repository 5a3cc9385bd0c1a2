"""Pages at the top of docs/ (about.md …): validated and put through the same lifecycle as items.

MkDocs turns every Markdown file into a page, whatever its extension among ``.markdown .mdown
.mkdn .mkd .md`` (MARKDOWN_SUFFIXES, held equal to the engine's list by a test). Before this, a page
at the top of docs/ was published as written: ``draft: true`` or a future ``publish:`` did nothing,
and a copy of an expired penalty saved as ``.mkd`` went online. Now a top-level page has a small
schema (title, description, draft, publish, hide, search; unknown keys are errors), drafts and
embargoed pages are left out like items, and any other Markdown extension is refused with the fix.
A page cannot expire or be revoked: those fields belong to 公示 in docs/notices/, and are refused
here with that hint. Pure: the file system and pydantic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from farun.runtime.errors import ContentError
from farun.content.frontmatter import Document, parse
from farun.content.lifecycle import waiting_reason
from farun.content.load import translate
from farun.content.schema import Date, Flag, Text, Title
from farun.content.tree import MARKDOWN_SUFFIXES, is_markdown

ITEM_ONLY = {"expires": "公示截止日期", "revoked": "撤回信息", "date": "日期", "type": "类型"}


class SearchOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    exclude: Flag = Field(False, title="不进入搜索")


class Page(BaseModel):
    """A page at the top of docs/ (关于、说明): no date, no expiry; a draft or a future publish day waits."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Title = Field(title="标题", description="页面标题，例如：关于本专栏")
    description: Optional[Text] = Field(None, title="描述", description="一句话说明，显示在搜索引擎和分享卡片中")
    draft: Flag = Field(False, title="草稿", description="true 表示草稿：不发布")
    publish: Optional[Date] = Field(None, title="发布日期", description="到这一天才发布，格式 YYYY-MM-DD")
    hide: Optional[list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]]] = Field(
        None, title="隐藏", description="隐藏页面的部分：navigation、toc、footer、path"
    )
    search: Optional[SearchOptions] = Field(None, title="搜索", description="exclude: true 表示不进入搜索")


@dataclass(frozen=True)
class StandalonePage:
    """A validated top-level page and why it is not published today ("" when it is)."""

    src_uri: str
    path: str
    meta: Page
    doc: Document
    reason: str


def load_pages(docs_dir: Path, files: list[str], today: dt.date) -> tuple[list[StandalonePage], list[ContentError]]:
    """Every Markdown file at the top of docs/: validated pages, and the problems (wrong extension included)."""
    pages: list[StandalonePage] = []
    errors: list[ContentError] = []
    for rel in files:
        if "/" in rel or not is_markdown(rel):
            continue
        path = f"{docs_dir.name}/{rel}"
        if not rel.endswith(".md"):
            stem = rel[: -len(next(s for s in MARKDOWN_SUFFIXES if rel.lower().endswith(s)))]
            errors.append(
                ContentError(
                    path,
                    1,
                    f"文件 {rel} 的扩展名不是 .md：网站只发布 .md 页面，这个文件会被拒绝",
                    hint=f"请把扩展名改为 .md（改名为 {stem}.md）",
                )
            )
            continue
        page, problems = _load(docs_dir, rel, path, today)
        errors += problems
        if page is not None:
            pages.append(page)
    return pages, errors


def _load(docs_dir: Path, rel: str, path: str, today: dt.date) -> tuple[StandalonePage | None, list[ContentError]]:
    try:
        raw = (docs_dir / rel).read_bytes()
    except OSError as exc:
        return None, [ContentError(path, 1, f"无法读取文件：{exc.strerror}")]
    doc, errors = parse(raw, path)
    if doc is None:
        return None, errors
    try:
        meta = Page.model_validate(doc.data)
    except ValidationError as exc:
        problems = translate(exc, Page, doc)
        for index, problem in enumerate(problems):
            if problem.field in ITEM_ONLY and "未知字段" in problem.message:
                problems[index] = ContentError(
                    problem.path,
                    problem.line,
                    f"独立页面不能使用字段 {problem.field}（{ITEM_ONLY[problem.field]}）",
                    field=problem.field,
                    hint="到期撤下、撤回只适用于公告：请把内容放到 docs/notices/ 中，"
                    "或删除这一行；不再公开的页面请删除文件或写 draft: true",
                )
        return None, errors + problems
    if errors:
        return None, errors
    return StandalonePage(rel, path, meta, doc, waiting_reason(meta, today) or ""), []
