"""Names that must stay distinct on every system the site is built or served on, Windows included.

The README supports building on a Windows PC and copying site/ to any static host. There, and on macOS,
``Photo.jpg`` and ``photo.jpg`` (or ``é`` composed and decomposed, NFC and NFD) are one file: one of
them silently replaces the other. Windows cannot create ``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM1``–``COM9``,
``LPT1``–``LPT9`` with any extension (``con.md``, ``Aux.pdf``, ``nul.tar.gz``), and drops trailing dots and
spaces (``a.pdf.`` is ``a.pdf``). A topic called ``index`` would be the page that lists all topics.
Here every file under docs/ and every generated address is held to that: staff files are refused with a
Chinese message naming both files; generated term pages (topics, speakers, laws) get a name no system
reserves (``slugify``), and terms whose addresses still meet are refused naming both. Pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterable

from farun.runtime.errors import ContentError

# Windows' reserved device names (with the superscript digits Windows 11 reserves as well).
WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {f"{p}{d}" for p in ("COM", "LPT") for d in "123456789¹²³"}
)
# The names generated pages and writers take in each folder (index pages) and at the top of the site.
GENERATED_IN_FOLDER = frozenset({"index"})
GENERATED_TOP = frozenset(
    {
        "index",
        "lectures",
        "cases",
        "notices",
        "topics",
        "speakers",
        "laws",
        "archive",
        "stats",
        "site-map",
        "search",
        "assets",
        "feeds",
        "data",
        "404",
        "sitemap.xml",
        "sitemap.xml.gz",
        "robots.txt",
        "revocations",
        "images",
        "media",
        "files",
    }
)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"\\|?*\x00-\x1f]')


def fold(name: str) -> str:
    """The form two names share when a file system thinks them the same: NFC, then case-folded."""
    return unicodedata.normalize("NFC", name).casefold()


def windows_reserved(component: str) -> bool:
    """``con``, ``Aux.pdf``, ``nul.tar.gz``, ``COM1 .txt``: a device name before the first dot, any case."""
    stem = component.split(".", 1)[0].rstrip(" .")
    return unicodedata.normalize("NFKC", stem).upper() in WINDOWS_DEVICES or stem.upper() in WINDOWS_DEVICES


def component_problem(component: str) -> str:
    """Why one path component cannot exist on Windows ("" when it can)."""
    if windows_reserved(component):
        return (
            f"“{component}” 是 Windows 的保留名称（CON、PRN、AUX、NUL、COM1–COM9、LPT1–LPT9，大小写、扩展名都不影响），"
            "在 Windows 电脑上无法创建、复制或构建"
        )
    if component != component.rstrip(" ."):
        return f"“{component}” 以点或空格结尾：Windows 会去掉末尾的点和空格，与另一个文件重名或打不开"
    if _WINDOWS_FORBIDDEN.search(component):
        return f'“{component}” 含有 Windows 文件名中不能使用的字符（< > : " \\ | ? * 或控制字符）'
    return ""


def _renamed(component: str) -> str:
    stem, dot, rest = component.rstrip(" .").partition(".")
    stem = _WINDOWS_FORBIDDEN.sub("-", stem)
    return f"{stem}-1{dot}{rest}" if windows_reserved(component) else f"{stem}{dot}{_WINDOWS_FORBIDDEN.sub('-', rest)}"


def file_problems(files: Iterable[str], docs_name: str) -> list[ContentError]:
    """Staff files (posix paths under docs/) that Windows cannot hold, or that meet another file there or on macOS."""
    errors: list[ContentError] = []
    groups: dict[str, list[str]] = defaultdict(list)
    for rel in dict.fromkeys(files):
        groups[fold(rel)].append(rel)
        for part in rel.split("/"):
            why = component_problem(part)
            if why:
                errors.append(
                    ContentError(f"{docs_name}/{rel}", 1, f"文件名 {why}", hint=f"请改名，例如 {_renamed(part)}")
                )
                break
    for clash in groups.values():
        if len(clash) < 2:
            continue
        for rel in clash:
            others = "、".join(f"{docs_name}/{o}" for o in clash if o != rel)
            errors.append(
                ContentError(
                    f"{docs_name}/{rel}",
                    1,
                    f"文件名与 {others} 只有大小写或 Unicode 写法（NFC/NFD）不同："
                    "在 Windows 和 macOS 上它们是同一个文件，一个会覆盖另一个",
                    hint="给其中一个换一个不同的名字，或删除多余的一个",
                )
            )
    return errors


def top_page_problems(files: Iterable[str], docs_name: str) -> list[ContentError]:
    """Pages at the top of docs/ whose address is one the build generates (``topics.md`` vs 全部主题)."""
    errors = []
    for rel in files:
        if "/" in rel or not rel.endswith(".md"):
            continue
        stem = rel[:-3]
        if fold(stem) in GENERATED_TOP:
            errors.append(
                ContentError(
                    f"{docs_name}/{rel}",
                    1,
                    f"页面 {rel} 的网址 {stem}/ 与系统生成的栏目或文件重名，会被覆盖或覆盖它",
                    hint=f"请换一个文件名，例如 {stem}-page.md",
                )
            )
    return errors


def term_slug(slug: str) -> str:
    """A generated page name no system reserves: ``index`` (the folder's own list) and Windows' device names get ``_``."""
    if fold(slug) in GENERATED_IN_FOLDER or windows_reserved(slug):
        return "_" + slug
    return slug


def term_clashes(terms: dict[str, list[tuple[str, int]]], folder: str, label: str, slug) -> list[ContentError]:
    """Different terms (``{name: [(path, line), ...]}``) whose pages would share an address, case and NFC/NFD aside."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in terms:
        groups[fold(slug(name))].append(name)
    errors = []
    for names in groups.values():
        if len(names) < 2:
            continue
        for name in names:
            others = "、".join(f"“{o}”（{terms[o][0][0]}）" for o in names if o != name)
            path, line = terms[name][0]
            errors.append(
                ContentError(
                    path,
                    line,
                    f"{label} “{name}” 与 {others}的页面网址相同（{folder}/{slug(name)}/，不区分大小写和 Unicode 写法），"
                    "一个会覆盖另一个",
                    hint=f"统一成同一种写法，或改用能区分的{label}名称",
                )
            )
    return errors


def first_use(items: Iterable[tuple[str, int, Iterable[str]]]) -> dict[str, list[tuple[str, int]]]:
    """``{term: [(path, line), ...]}`` from ``(path, line, terms)`` triples, in order."""
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path, line, names in items:
        for name in names:
            found[name].append((path, line))
    return dict(found)
