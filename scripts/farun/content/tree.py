"""One content tree: every file under docs/ is accounted for, at any depth, links included.

MkDocs publishes every Markdown file it finds; before this, one in ``docs/notices/2024/`` or
``docs/lectures/drafts/`` skipped validation and the lifecycle (an expired penalty and a draft were
published), and a symbolic link under docs/ published files from outside the project. Here every
``.md`` is a content item (in lectures/, cases/ or notices/, at any depth), a page at the top of
docs/, or an error naming it; a link that leads out of docs/ is an error. Pure: the file system only.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from farun.runtime import leaveout
from farun.runtime.errors import ContentError

CONTENT_FOLDERS = ("lectures", "cases", "notices")
# The project's own files under docs/, reviewed in the repository: always published, never staff uploads
# (tests/publish/test_static_files.py holds this list equal to what docs/assets/ holds and the templates load).
OWN_ASSETS = frozenset(
    {
        "assets/javascripts/farun.js",
        "assets/javascripts/md-scope.js",
        "assets/javascripts/search.js",
        "assets/javascripts/search-worker.js",
        "assets/stylesheets/farun.css",
        "assets/stylesheets/access.css",
        "assets/images/favicon.png",
        "assets/images/logo.svg",
    }
)
# ProperDocs' utils.markdown_extensions: every file so named becomes a page (tests/content/test_standalone.py).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def is_markdown(rel: str) -> bool:
    """A name the engine could turn into a page, in any letter case (Windows keeps ``X.MKD`` as typed)."""
    return rel.lower().endswith(MARKDOWN_SUFFIXES)


def _skipped(name: str) -> bool:
    # Hidden files and Office lock files; MkDocs leaves dot files out too (exclude_docs default), but it would
    # make a page of "~$x.md": a Markdown file is never skipped here (#27.1).
    return name.startswith(".") or (name.startswith("~$") and not is_markdown(name))


def walk(docs_dir: Path) -> tuple[list[str], list[ContentError]]:
    """Every file under docs/ (posix paths relative to it, sorted) and every link that leaves docs/."""
    root = Path(os.path.realpath(docs_dir))
    files: list[str] = []
    errors: list[ContentError] = []
    if not root.is_dir():
        return files, errors
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        rel_folder = Path(folder).relative_to(root).as_posix()
        for name in sorted(names) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            if _skipped(name):
                continue
            full = os.path.join(folder, name)
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            if os.path.islink(full):
                target = Path(os.path.realpath(full))
                if target != root and root not in target.parents:
                    errors.append(
                        ContentError(
                            f"{docs_dir.name}/{rel}",
                            1,
                            f"这是一个指向 docs/ 之外（{target}）的链接（快捷方式），不会发布",
                            hint="把需要发布的文件复制到 docs/ 中，再删除这个链接",
                        )
                    )
                    continue
                if target.is_dir():
                    files += _linked_folder(full, rel)
                    continue
            if name in dirs:
                continue
            files.append(rel)
    return sorted(leaveout.keep(files)), errors  # a degraded build's left-out files are not there


def _linked_folder(full: str, rel: str) -> list[str]:
    """Files of a linked folder that stays inside docs/ (MkDocs follows such links)."""
    out = []
    for folder, dirs, names in os.walk(full, followlinks=False):
        dirs[:] = [d for d in dirs if not _skipped(d)]
        sub = os.path.relpath(folder, full)
        out += [posixpath.normpath(posixpath.join(rel, Path(sub).as_posix(), n)) for n in names if not _skipped(n)]
    return out


def stray_pages(files: list[str], docs_name: str) -> list[ContentError]:
    """Markdown files that are neither content items nor pages at the top of docs/."""
    errors = []
    for rel in files:
        if not is_markdown(rel) or "/" not in rel or rel.split("/", 1)[0] in CONTENT_FOLDERS:
            continue
        errors.append(
            ContentError(
                f"{docs_name}/{rel}",
                1,
                "这个 Markdown 文件不属于任何栏目，不会发布",
                hint="讲座、案例、公告请放到 docs/lectures/、docs/cases/、docs/notices/ 中；"
                "独立页面（如“关于”）请放在 docs/ 最上层",
            )
        )
    return errors
