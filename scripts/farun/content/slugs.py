"""File names staff can paste anywhere: lower-case pinyin or ASCII, digits and hyphens.

A Chinese file name becomes a percent-encoded URL (…/lectures/2024-05-%E4%BF%A1%E8%AE%BF/)
that breaks when pasted into WeChat; the documented rule is enforced here and a
name is suggested from the title with pypinyin (words found by jieba, quietly).
"""

from __future__ import annotations

import logging
import re
import unicodedata

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2})-")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MAIN_TITLE = re.compile(r"[：:——｜|]")
MAX_WORDS = 5


def valid_name(stem: str) -> bool:
    """Whether a file name (without .md) follows the rule."""
    return bool(NAME_RE.match(stem))


def _words(text: str) -> list[str]:
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict …" lines for staff
        return jieba.lcut(text)
    except ImportError:  # pragma: no cover - jieba is pinned; single characters still work
        return list(text)


def slug_from(text: str) -> str:
    """《信访工作条例》学习解读：把群众诉求… -> xinfang-gongzuo-tiaoli-xuexi-jiedu."""
    from pypinyin import lazy_pinyin

    text = unicodedata.normalize("NFKC", text)
    main = _MAIN_TITLE.split(text.strip(), 1)[0] or text
    parts: list[str] = []
    words = []
    for word in _words(main):  # jieba keeps 信访工作 together; a slug reads better as xinfang-gongzuo
        words += [word[i : i + 2] for i in range(0, len(word), 2)] if len(word) >= 4 and _CJK.search(word) else [word]
    for word in words:
        if _CJK.search(word):
            part = "".join(lazy_pinyin(word, errors="ignore"))
        else:
            part = word
        part = re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-")
        if part:
            parts.append(part)
        if len(parts) >= MAX_WORDS:
            break
    return "-".join(parts) or "new"


def suggested_name(stem: str, title: str = "") -> str:
    """A valid name for a file: its date prefix kept, the rest from the title (else from the name itself)."""
    found = _DATE_PREFIX.match(stem)
    prefix = found.group(1) + "-" if found else ""
    rest = stem[len(prefix) :]
    slug = slug_from(title) if title else slug_from(rest)
    return prefix + slug
