"""Scan what is published (and the staff files) for personal numbers; see pii.py.

The site scan is the last post-build writer: it reads every finished text file
(HTML with image alt texts, the search index, feeds, sitemap, data exports)
and stops the build, naming the published file and line, the staff file the
number came from, and the number masked — never in full.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Iterable

from .engine import Site
from .errors import ContentError
from .pii import Hit, find

SCANNED = {".html", ".htm", ".json", ".xml", ".csv", ".txt", ".ics", ".vtt", ".webmanifest"}
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_ENTITY = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
ALLOW_HINT = "如确为可公开的单位服务号码，可加入 mkdocs.yml 的 extra.pii_allowlist"


def _char(code: int, keep: str) -> str:
    try:
        ch = chr(code)
    except (ValueError, OverflowError):
        return keep
    return keep if ch in "\r\n" else ch


def readable(text: str, suffix: str) -> str:
    """Text as a reader sees it: JSON \\u escapes and HTML character references decoded, lines kept."""
    if suffix in {".json", ".webmanifest"}:
        text = _JSON_ESCAPE.sub(lambda m: _char(int(m.group(1), 16), m.group(0)), text)
    if suffix in {".html", ".htm", ".xml"}:
        text = _ENTITY.sub(lambda m: _char(int(m.group(1), 16) if m.group(1) else int(m.group(2)), m.group(0)), text)
    return text


def source_files(docs_dir: Path) -> list[Path]:
    """Every Markdown file under docs/, sorted."""
    return sorted(p for p in docs_dir.rglob("*") if p.is_file() and p.suffix.lower() == ".md")


def scan_sources(docs_dir: Path, allow: Iterable[str], today: dt.date) -> list[ContentError]:
    """Personal numbers in staff files (front matter and body), each with its masked replacement."""
    errors = []
    for path in source_files(docs_dir):
        shown = f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"
        text = path.read_text(encoding="utf-8", errors="replace")
        for hit in find(text, allow, today.year):
            errors.append(ContentError(
                shown, hit.line, f"含有{hit.label} {hit.masked}：个人信息不得公开",
                hint=f"改写为 {hit.masked}，或删除；{ALLOW_HINT}",
            ))
    return errors


def _origins(site: Site, allow: Iterable[str], today: dt.date) -> dict[str, list[str]]:
    """number -> ["docs/x.md:12", ...]: where each personal number was written."""
    found: dict[str, list[str]] = {}
    if site.docs_dir is None or not site.docs_dir.is_dir():
        return found
    for path in source_files(site.docs_dir):
        shown = f"{site.docs_dir.name}/{path.relative_to(site.docs_dir).as_posix()}"
        for hit in find(path.read_text(encoding="utf-8", errors="replace"), allow, today.year):
            found.setdefault(hit.number, []).append(f"{shown}:{hit.line}")
    return found


def published_files(site_dir: Path) -> list[Path]:
    """Every text file of the finished site that visitors or machines can read."""
    return sorted(p for p in site_dir.rglob("*") if p.is_file() and p.suffix.lower() in SCANNED)


def scan_site(site: Site, site_dir: Path) -> list[str]:
    """One Chinese line per personal number in the finished site (masked)."""
    allow = site.settings.pii_allowlist
    today = site.collection.today
    origins = None
    problems = []
    for path in published_files(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        text = readable(path.read_text(encoding="utf-8", errors="replace"), path.suffix.lower())
        hits: list[Hit] = find(text, allow, today.year)
        if not hits:
            continue
        if origins is None:
            origins = _origins(site, allow, today)
        for hit in hits:
            where = "、".join(origins.get(hit.number, [])) or "未在 docs/ 中找到，可能来自 mkdocs.yml 或模板"
            problems.append(f"网站文件 {rel}:{hit.line}: 含有{hit.label} {hit.masked}（来源：{where}；建议改写为 {hit.masked}）")
    return problems


def write(site: Site, site_dir: Path) -> None:
    """Post-build check: stop the build when anything published holds a personal number."""
    problems = scan_site(site, site_dir)
    if problems:
        raise ValueError(
            "发现个人信息，网站不能发布（号码已打码显示）：\n" + "\n".join(problems)
            + f"\n共 {len(problems)} 处。请在来源文件中删除或打码后重新构建；{ALLOW_HINT}。"
        )
