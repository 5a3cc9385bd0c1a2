"""Scan what is published (and the staff files) for personal numbers; see pii.py.

The site scan is the last post-build writer: it reads every finished text file
(HTML with image alt texts, the search index, feeds, sitemap, data exports)
and stops the build, naming the published file and line, the staff file the
number came from, and the number masked — never in full.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Iterable

from farun.content import checkdigits
from farun.content import pii
from farun.site.engine import Site
from farun.content.errors import ContentError
from farun.content.pii import Hit, find, find_normalized, normalize

SCANNED = {".html", ".htm", ".json", ".xml", ".csv", ".txt", ".ics", ".vtt", ".webmanifest"}
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# Escaped CJK ideographs (most of the search index): NFKC-stable, not digits, letters, dots or
# separators, so any one of them reads the same to every detector; one C-level pass swaps them
# for a fixed ideograph instead of a Python call per escape.
_JSON_CJK_ESCAPE = re.compile(r"\\u(?:4[e-fE-F]|[5-8][0-9a-fA-F]|9[0-9a-fA-F])[0-9a-fA-F]{2}")
_ESCAPE_PARTS = set("\\uU0123456789abcdefABCDEF\r\n")
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
    if suffix in {".json", ".webmanifest"} and "\\u" in text:
        text = _JSON_CJK_ESCAPE.sub("\u4e00", text)
        for code in set(_JSON_ESCAPE.findall(text)):
            # A decoded char that is no backslash, "u" or hex digit can neither form nor break
            # another escape, so replacing it up front gives what the single pass below would.
            ch = chr(int(code, 16))
            if ch not in _ESCAPE_PARTS:
                text = text.replace("\\u" + code, ch)
        text = _JSON_ESCAPE.sub(lambda m: _char(int(m.group(1), 16), m.group(0)), text)
    if suffix in {".html", ".htm", ".xml"} and "&#" in text:
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


def _cache_key(allow: Iterable[str], latest_year: int) -> str:
    """Digest of the detector code, the allowlist and the year limit: any change drops the cache."""
    digest = hashlib.sha256()
    for module in (pii, checkdigits):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(json.dumps([sorted(map(str, allow)), latest_year], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def cache_path(docs_dir: Path) -> Path:
    """Where digests of published files found clean are kept: ``.cache/pii/clean.json`` beside docs/."""
    return docs_dir.resolve().parent / ".cache" / "pii" / "clean.json"


def _load_clean(path: Path | None, key: str) -> set[str]:
    if path is None:
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("clean"), list):
        return set()
    return {d for d in data["clean"] if isinstance(d, str)}


def _save_clean(path: Path | None, key: str, clean: set[str]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "clean": sorted(clean)}), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next build


def scan_site(site: Site, site_dir: Path, cache: Path | None = None) -> list[str]:
    """One Chinese line per personal number in the finished site (masked).

    Files whose bytes (sha256) were found clean before, with the same detector code and
    allowlist, are not read again; files with a hit are never cached, so they are always reported.
    """
    allow = site.settings.pii_allowlist
    today = site.collection.today
    key = _cache_key(allow, today.year)
    known = _load_clean(cache, key)
    clean: set[str] = set()
    origins = None
    problems = []
    for path in published_files(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            clean.add(digest)
            continue
        text = normalize(readable(data.decode("utf-8", errors="replace"), path.suffix.lower()))
        hits: list[Hit] = find_normalized(text, allow, today.year)
        if not hits:
            clean.add(digest)
            continue
        if origins is None:
            origins = _origins(site, allow, today)
        for hit in hits:
            where = "、".join(origins.get(hit.number, [])) or "未在 docs/ 中找到，可能来自 mkdocs.yml 或模板"
            problems.append(f"网站文件 {rel}:{hit.line}: 含有{hit.label} {hit.masked}（来源：{where}；建议改写为 {hit.masked}）")
    if clean != known:
        _save_clean(cache, key, clean)  # only this build's clean files: the cache never grows stale
    return problems


def write(site: Site, site_dir: Path) -> None:
    """Post-build check: stop the build when anything published holds a personal number."""
    cache = cache_path(site.docs_dir) if site.docs_dir is not None else None
    problems = scan_site(site, site_dir, cache)
    if problems:
        raise ValueError(
            "发现个人信息，网站不能发布（号码已打码显示）：\n" + "\n".join(problems)
            + f"\n共 {len(problems)} 处。请在来源文件中删除或打码后重新构建；{ALLOW_HINT}。"
        )
