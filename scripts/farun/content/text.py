"""Small pure helpers for Markdown text, URLs and Chinese dates."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from urllib.parse import quote

from farun.content.filenames import term_slug

_UNSAFE = re.compile(r"[\s/\\?#%:*\"<>|《》“”‘’'`\[\](){}（）]+")
# Characters Markdown or its extensions (attr_list, emoji, tilde, abbr, footnotes, raw HTML) could
# read as markup. They become numeric character references: Python-Markdown passes them through
# and the browser shows the character itself, with no stray backslash (``\\<`` is not an escape).
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>|#&:~^!=$]")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+\.)")
WEEKDAYS = "一二三四五六日"


def slugify(text: str) -> str:
    """A URL-safe path segment that keeps Chinese readable: 《行政复议法》 -> 行政复议法."""
    slug = _UNSAFE.sub("-", text).strip("-.")
    return term_slug(
        slug or "item"
    )  # not "index" (the folder's list), not a Windows device name (content/filenames.py)


def escape_md(text: str) -> str:
    """Staff text made inert in generated Markdown: every markup character as a character reference."""
    text = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)
    # A leading "- ", "+ " or "1." would start a list where the text begins a line.
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + f"&#{ord(m.group(2)[-1])};", text)


def link(text: str, target_src: str, from_src: str, anchor: str = "") -> str:
    """A Markdown link from one source page to another, relative as MkDocs expects."""
    rel = relative(target_src, posixpath.dirname(from_src) or ".")
    return f"[{escape_md(text)}]({quote(rel)}{'#' + anchor if anchor else ''})"


def relative(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` for the site's own paths ("lectures/x.md" from "lectures/page/2").

    A generated list links every item it shows (about 100,000 links at 10,000 items): relpath makes both
    paths absolute against the working folder first, which took 2.4 s of a preview save. Paths that are
    not plain relative ones (a "..", ".", empty or absolute part) go to relpath itself; a test holds
    the two equal.
    """
    parts = target.split("/")
    base = [] if start == "." else start.split("/")
    if any(p in ("", ".", "..") for p in parts) or any(p in ("", ".", "..") for p in base):
        return posixpath.relpath(target, start)
    same = 0
    for a, b in zip(parts, base):
        if a != b:
            break
        same += 1
    return "/".join([".."] * (len(base) - same) + parts[same:]) or "."


def cn_date(day: dt.date) -> str:
    """2023年3月15日 — the date as visitors read it."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_weekday(day: dt.date) -> str:
    """星期三."""
    return "星期" + WEEKDAYS[day.weekday()]


def one_line(text: str) -> str:
    """Collapse whitespace so text fits in a table cell or a card."""
    return " ".join(text.split()).replace("|", "｜")


_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+.*|[ \t]*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


_COMMENT_LINE = re.compile(r"^\s*<!--.*?-->\s*$")


def _shows(line: str) -> bool:
    """Whether a line puts something on the page (a lone HTML comment such as <!-- 待补充 --> does not)."""
    return bool(line.strip()) and not _COMMENT_LINE.match(line)


def drop_empty_sections(markdown: str) -> str:
    """Remove headings with nothing under them (an imported lecture's empty 条文解读 and 问答).

    A heading is empty when only blank lines separate it from the next heading of
    the same or a higher level, or from the end. Headings inside code fences are text.
    """
    lines = markdown.split("\n")
    while True:
        levels: list[int | None] = []
        fence = ""
        for line in lines:
            match = _FENCE.match(line)
            if fence:
                levels.append(None)
                if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                    fence = ""
                continue
            if match:
                fence = match.group(1)
                levels.append(None)
                continue
            heading = _HEADING.match(line)
            levels.append(len(heading.group(1)) if heading else None)
        empty = set()
        for index, level in enumerate(levels):
            if level is None:
                continue
            following = next((j for j in range(index + 1, len(lines)) if _shows(lines[j])), None)
            if following is None or ((next_level := levels[following]) is not None and next_level <= level):
                empty.add(index)
        if not empty:
            return "\n".join(lines)
        lines = [line for index, line in enumerate(lines) if index not in empty]
