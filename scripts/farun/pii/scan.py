"""Scan every published file (and the staff files) for personal numbers: the guard's specification.

The plain path, which is the specification:

1. Reading a file (``scan_file``) turns its bytes into the texts a reader can read: gzip opened; PDF and
   Office files part by part as their viewers show them (documents.py, office*.py); images and WAV sounds
   must carry no metadata (media.py); fonts, audio and video are refused; text decoded (UTF-8, UTF-16,
   GB18030) and read in channels (text.py): what a browser shows, what markup publishes unseen
   (attribute values, comments, scripts), JSON with its escapes decoded, Markdown as it will render.
   File and folder names are texts too. A file that cannot be read is refused unless mkdocs.yml allows
   its path with a reason (``extra.pii_unscanned_files``).
2. Each text is normalised (numbers.normalize: numerals by value, NFKC, invisible characters dropped,
   digits of every script made ASCII) and the detectors read it (numbers.find_normalized).
3. ``make check`` reports staff files under docs/ with file:line; the build's last writer stops the build
   naming the published file and line, the staff file the number came from, and the number masked.

Optimisations kept (share of a cold build's CPU time at N=1,000, see BENCHMARK.md item 29), each held
equal to the plain path by a test:
- the stretch pre-filter (numbers.stretches: only stretches with 11 digit-like characters are
  normalised and read): 9-10 %, at the threshold; tests/content/test_pii_stretches.py;
- the clean-file cache (cache.py: files found clean before are not read again): nothing in a cold
  build, about 40 % of a warm build's; tests/publish/test_pii_plain.py;
- pages scanned in a worker while the engine renders (while_rendering.py, started by the hook): no CPU
  saved, about 10 % of a cold build's wall time on 2 cores; the worker runs this same ``scan_file`` and
  only reports pages clean (tests/publish/test_pii_ahead.py).
- in the preview only (runtime/memo.py), a staff file's findings kept by its bytes and a published file's
  digest kept by its stat (not written since, times settled): with the preview's other memos, a 10,000-item
  save 16.6 s -> 11.2 s (BENCHMARK.md); tests/publish/test_pii_plain.py.
Retired as paying under 10 %: the JSON entry split and the preview's memo of unchanged files (each ~5 % of
a preview rebuild, ~1 % of a cold build), the memo of clean attribute values (~1 %), the theme's per-machine
memo (0.3 %), str.replace per character instead of str.translate (slower), narrowed icon globs and skipped
Unicode blocks (<1 %).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import partial
from importlib import metadata as package_metadata
import json
import os
import time
import unicodedata
from pathlib import Path
from typing import Iterable, Protocol

from farun.markup import reader as markup_reader
from farun.pii import cache as pii_cache
from farun.pii import text as pii_text
from farun.pii.files import REENCODED_SUFFIXES, scan_file
from farun.pii import while_rendering as pii_ahead
from farun.pii.numbers import Hit, scan
from farun.runtime import bounded, leaveout, memo
from farun.runtime.memo import LastBuild
from farun.runtime.errors import ContentError, StaffError


# Read-only members (properties): the guard reads them and never sets them, so any site that has them fits.
class _Settings(Protocol):
    @property
    def pii_allowlist(self) -> list[str]: ...
    @property
    def pii_unscanned_files(self) -> dict[str, str]: ...


class _Collection(Protocol):
    @property
    def today(self) -> dt.date: ...


class Site(Protocol):
    """What the guard reads of a build's site (site/engine.py's Site): the guard does not import the site wing."""

    @property
    def docs_dir(self) -> Path | None: ...
    @property
    def settings(self) -> _Settings: ...
    @property
    def collection(self) -> _Collection: ...


ALLOW_HINT = "如确为可公开的单位服务号码，可加入 mkdocs.yml 的 extra.pii_allowlist"
UNREADABLE = "无法检查其中是否含有个人信息"
UNSCANNED_HINT = (
    "没有发现个人信息，只是程序读不出其中的文字：请换成能复制文字的文件（用 Word/WPS 打开原文件“另存为 PDF”，"
    "不要用扫描件、照片或压缩包）；确实只有扫描件时，请管理员人工核对后在 mkdocs.yml 的 extra.pii_unscanned_files "
    "中写明该路径和理由（如“扫描件已人工核对，无个人信息”）"
)


def _shown(docs_dir: Path, path: Path) -> str:
    return f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"


def source_files(docs_dir: Path) -> list[Path]:
    """Every staff file under docs/ (hidden folders such as .git left out), sorted."""
    found = []
    gone = leaveout.left_out()  # a degraded build's left-out files are not published, so not scanned
    for path in docs_dir.rglob("*"):
        rel = path.relative_to(docs_dir)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts) and rel.as_posix() not in gone:
            found.append(path)
    return sorted(found)


def name_hits(names: list[str], allow: Iterable[str], year: int) -> list[tuple[int, Hit]]:
    """(index in ``names``, hit) for personal numbers in file and folder names (they are published in URLs)."""
    joined = pii_text.PIECE_BREAK.join(names)  # one name per line; no number spans two names
    return [(hit.line - 1, hit) for hit in scan(joined, allow, year)]


def _source_hits(docs_dir: Path, allow: Iterable[str], today: dt.date, unscanned: dict[str, str]):
    """(shown path, place, hit or None, refusal) for every staff file with a finding."""
    paths = source_files(docs_dir)
    allow = tuple(allow)
    for index, hit in name_hits([p.relative_to(docs_dir).as_posix() for p in paths], allow, today.year):
        yield _shown(docs_dir, paths[index]), "文件名", hit, ""
    rules = (allow, today.year, tuple(sorted(unscanned.items())))
    for path in paths:
        rel = path.relative_to(docs_dir).as_posix()
        suffix = path.suffix.lower()
        if suffix in REENCODED_SUFFIXES:
            continue  # images and WAV sounds are encoded anew from their pixels and samples when published
        data = path.read_bytes()
        hits, refusal = _SOURCE_SCANS.get(
            (rel, hashlib.sha256(data).digest() if memo.active() else b"", rules),
            partial(scan_file, rel, data, allow, today.year, unscanned),
        )
        for place, hit in hits:
            yield _shown(docs_dir, path), place, hit, ""
        if refusal:
            yield _shown(docs_dir, path), "", None, refusal


# The preview scans the staff files on every save: an unchanged file's findings are the last save's.
_SOURCE_SCANS: LastBuild[tuple, tuple[list, str]] = LastBuild("source scan")

MAX_LISTED_HITS = 50  # per staff file in make check; the rest is one line with their count


def scan_sources(
    docs_dir: Path, allow: Iterable[str], today: dt.date, unscanned: dict[str, str] | None = None
) -> list[ContentError]:
    """Personal numbers in staff files (front matter, body, attachments), each with its masked replacement."""
    errors = []
    listed: dict[str, int] = {}
    unlisted: dict[str, list[int]] = {}  # file -> [count, line of the first]
    for shown, place, hit, refusal in _source_hits(docs_dir, allow, today, unscanned or {}):
        if hit is None:
            errors.append(ContentError(shown, 0, f"{refusal}：无法检查其中是否含有个人信息", hint=UNSCANNED_HINT))
            continue
        line = int(place) if place.isdigit() else 0
        listed[shown] = listed.get(shown, 0) + 1
        if listed[shown] > MAX_LISTED_HITS:  # a 10 MB file of numbers: the first ones say what to do
            unlisted.setdefault(shown, [0, line])[0] += 1
            continue
        where = "" if line else f"{place}中"
        errors.append(
            ContentError(
                shown,
                line,
                f"{where}含有{hit.label} {hit.masked}：个人信息不得公开",
                hint=f"改写为 {hit.masked}，或删除；{ALLOW_HINT}",
            )
        )
    for shown, (count, line) in unlisted.items():
        errors.append(
            ContentError(
                shown,
                line,
                f"从这里起另有 {count} 处个人信息未逐条列出（每个文件最多列出 {MAX_LISTED_HITS} 处）",
                hint="改正上面列出的各处后重新检查；整个文件都是号码时，请确认它是否应当发布",
            )
        )
    for rel in unscanned or {}:  # an exception for a file that is gone must not wait for the next one of that name
        if not (docs_dir / rel).is_file():
            errors.append(
                ContentError(
                    "mkdocs.yml",
                    0,
                    f"extra.pii_unscanned_files（不检查个人信息的文件）中的 “{rel}” 在 {docs_dir.name}/ 中不存在",
                    hint="删去这一项，或改正路径（相对于 docs/）",
                )
            )
    return errors


def _origins(site: Site, allow: Iterable[str], today: dt.date) -> dict[str, list[str]]:
    """number -> ["docs/x.md:12", ...]: where each personal number was written."""
    found: dict[str, list[str]] = {}
    if site.docs_dir is None or not site.docs_dir.is_dir():
        return found
    for shown, place, hit, _ in _source_hits(site.docs_dir, allow, today, site.settings.pii_unscanned_files):
        if hit is not None:
            found.setdefault(hit.number, []).append(f"{shown}:{place}" if place.isdigit() else f"{shown}（{place}）")
    return found


def _page_source(site: Site, rel: str) -> str:
    """The staff file a rendered page was made from, when the page is one (a/b/index.html -> docs/a/b.md)."""
    if site.docs_dir is None:
        return ""
    stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel.rsplit(".", 1)[0]
    for candidate in (f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md") if stem else ("index.md", "README.md"):
        if (site.docs_dir / candidate).is_file():
            return f"{site.docs_dir.name}/{candidate}"
    return ""


def published_files(site_dir: Path) -> list[tuple[str, str]]:
    """(path from the site root, full path) of every file of the finished site, in path order.

    os.walk and strings: a third of rglob's time on 3,000 files, and no pathlib object per file.
    """
    found = []
    root = str(site_dir)
    for folder, _, names in os.walk(root, followlinks=True):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/" if folder != root else ""
        found += [(prefix + name, full) for name in names if os.path.isfile(full := os.path.join(folder, name))]
    return sorted(found, key=lambda item: item[0].split("/"))


# Code outside the wing that decides what a scan finds (a test holds this against the imports), and the
# libraries the readers use: PDF text (pypdf), Office XML (defusedxml), emoji and icons (pymdownx, the theme).
OUTSIDE_MODULES = (bounded, leaveout, markup_reader, memo)
READER_LIBRARIES = ("pypdf", "defusedxml", "pymdown-extensions", "mkdocs-material")


def _version(package: str) -> str:
    try:
        return package_metadata.version(package)
    except package_metadata.PackageNotFoundError:
        return ""


def _cache_key(allow: Iterable[str], unscanned: dict[str, str], latest_year: int) -> str:
    """Digest of the detector code (every module of this wing), the allowlist and the year limit: any change drops the cache."""
    digest = hashlib.sha256(unicodedata.unidata_version.encode("ascii"))  # the character tables come from it
    wing = sorted(Path(__file__).parent.glob("*.py"))
    for path in wing + [Path(str(module.__file__)) for module in OUTSIDE_MODULES]:
        digest.update(f"{path.name}\0{path.stat().st_size}\0".encode("utf-8") + path.read_bytes())
    versions = [_version(package) for package in READER_LIBRARIES]
    digest.update(
        json.dumps([sorted(map(str, allow)), sorted(unscanned), latest_year, versions], ensure_ascii=False).encode(
            "utf-8"
        )
    )
    return digest.hexdigest()


def cache_path(docs_dir: Path) -> Path:
    """Where digests of published files found clean are kept: ``.cache/pii/clean.json`` beside docs/."""
    return docs_dir.resolve().parent / ".cache" / "pii" / "clean.json"


def cache_is_cold(site: Site) -> bool:
    """No file of this site is known clean under the current detectors and settings (a first build)."""
    if site.docs_dir is None:
        return True
    settings = site.settings
    key = _cache_key(settings.pii_allowlist, settings.pii_unscanned_files, site.collection.today.year)
    return not pii_cache.load_clean(cache_path(site.docs_dir), key)


def scan_site(site: Site, site_dir: Path, cache: Path | None = None) -> list[str]:
    """One Chinese line per personal number (masked) or unreadable file in the finished site.

    Files whose bytes (sha256, with their path) were found clean before, with the same detector
    code, allowlist and exceptions, are not read again; files with a finding are never cached.
    The preview also takes the digest of a file it has not written since the last save (``_digest``).
    """
    allow = site.settings.pii_allowlist
    unscanned = site.settings.pii_unscanned_files
    today = site.collection.today
    key = _cache_key(allow, unscanned, today.year)
    known = pii_cache.load_clean(cache, key) | pii_ahead.collect()  # pages a worker found clean while others rendered
    clean: set[str] = set()
    origins = None
    problems = []
    files = published_files(site_dir)
    for index, hit in name_hits([rel for rel, _ in files], allow, today.year):
        rel = files[index][0]
        problems.append(
            f"网站文件名 {rel}: 含有{hit.label} {hit.masked}（文件名会出现在网址中，请改名；建议改写为 {hit.masked}）"
        )
    settled = time.time_ns() - RACY_NS
    for rel, path in files:
        digest, data = _digest(rel, path, settled)
        if digest in known:
            clean.add(digest)
            continue
        data = data if data is not None else _read(path)
        hits, refusal = scan_file(rel, data, allow, today.year, unscanned)
        if refusal:
            problems.append(f"网站文件 {rel}: {refusal}，{UNREADABLE}；{UNSCANNED_HINT}")
        if not hits and not refusal:
            clean.add(digest)
            continue
        if hits and origins is None:
            origins = _origins(site, allow, today)
        for place, hit in hits:
            where = "、".join((origins or {}).get(hit.number, [])) or _page_source(site, rel)
            where = where or "未在 docs/ 中找到，可能来自 mkdocs.yml 或模板"
            at = f"{rel}:{place}" if place.isdigit() else f"{rel}（{place}）"
            problems.append(f"网站文件 {at}: 含有{hit.label} {hit.masked}（来源：{where}；建议改写为 {hit.masked}）")
    if clean != known:
        pii_cache.save_clean(cache, key, clean)  # only this build's clean files: the cache never grows stale
    return problems


# The preview: digests of the published files by their stat, kept only while the same file (device, inode)
# keeps its modification and change times and size; any write to it changes them. A file's times have the
# file system's granularity (2 s on FAT): one changed within RACY_NS of the scan is never remembered.
_DIGESTS: LastBuild[tuple, str] = LastBuild("published file digests")
RACY_NS = 3_000_000_000


def _digest(rel: str, path: str, settled: int) -> tuple[str, bytes | None]:
    """A published file's digest (pii/cache.py), and its bytes when they were read for it.

    The preview takes the digest of a file this process hashed and has not written since (same device,
    inode, times and size), as git's index does; a file changed after ``settled`` is read again, its
    times too close to tell a later write apart.
    """
    stat = os.stat(path) if memo.active() else None
    if stat is None or stat.st_mtime_ns >= settled or stat.st_ctime_ns >= settled:
        data = _read(path)
        return pii_cache.file_digest(rel, data), data
    read: list[bytes] = []

    def compute() -> str:
        read.append(_read(path))
        return pii_cache.file_digest(rel, read[0])

    seen = (rel, stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)
    return _DIGESTS.get(seen, compute), (read[0] if read else None)


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def write(site: Site, site_dir: Path) -> None:
    """Post-build check: stop the build when anything published holds a personal number or cannot be read."""
    cache = cache_path(site.docs_dir) if site.docs_dir is not None else None
    problems = scan_site(site, site_dir, cache)
    if problems:
        # A scanned PDF: nothing was found in it, it could not be read ("含有" alone is in both kinds of line).
        unreadable = [line for line in problems if UNREADABLE in line]
        numbers = [line for line in problems if line not in unreadable]
        parts = (
            [
                f"发现个人信息，网站不能发布（号码已打码显示）：\n"
                + "\n".join(numbers)
                + f"\n共 {len(numbers)} 处。请在来源文件中删除或打码后重新构建；{ALLOW_HINT}。"
            ]
            if numbers
            else []
        )
        parts += (
            [
                f"有 {len(unreadable)} 个文件读不出文字，无法检查其中是否含有个人信息，网站不能发布：\n"
                + "\n".join(unreadable)
            ]
            if unreadable
            else []
        )
        raise StaffError("\n".join(parts))
