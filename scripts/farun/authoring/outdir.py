"""Where ``farun generate --out`` may write: never into docs/, never over files it did not write.

``make generate OUT=docs`` once overwrote a staff notice with generated text. The output folder must
be new, empty, or one this command made before (it leaves a marker listing what it wrote, and
removes only those files on the next run). Pure path logic and file writes; no engine.
"""

from __future__ import annotations

import os
from pathlib import Path

from farun.runtime.errors import StaffError

MARKER = ".farun-generated"


class OutDirRefused(StaffError):
    """The folder may not receive generated pages; the message says why, in Chinese."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out_dir(out: Path, docs_dir: Path) -> Path:
    """The resolved output folder, or OutDirRefused naming the problem and the fix."""
    target = Path(os.path.realpath(out))
    docs = Path(os.path.realpath(docs_dir))
    if _inside(target, docs):
        raise OutDirRefused(
            f"不能把生成的页面写到 {out}：它在内容文件夹 {docs_dir} 里，会覆盖工作人员写的文件。"
            "请换一个文件夹，例如 make generate OUT=build/generated"
        )
    if _inside(docs, target):
        raise OutDirRefused(f"不能把生成的页面写到 {out}：它包含内容文件夹 {docs_dir}。请换一个新的空文件夹")
    if target.exists() and not target.is_dir():
        raise OutDirRefused(f"不能把生成的页面写到 {out}：这是一个文件，不是文件夹")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise OutDirRefused(
            f"不能把生成的页面写到 {out}：这个文件夹不是空的，也不是 make generate 创建的，"
            "里面的文件可能会被覆盖。请换一个新的空文件夹，或先自行清空它"
        )
    return target


def write_pages(out: Path, docs_dir: Path, pages: dict[str, str]) -> Path:
    """Write ``pages`` under a checked ``out``; files of the previous run are replaced, nothing else touched."""
    target = check_out_dir(out, docs_dir)
    marker = target / MARKER
    if marker.is_file():
        for line in marker.read_text(encoding="utf-8").splitlines():
            old = Path(os.path.realpath(target / line))
            if line and _inside(old, target) and old.is_file():
                old.unlink()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for src_uri, markdown in pages.items():
        path = Path(os.path.realpath(target / src_uri))
        if not _inside(path, target) or _inside(path, Path(os.path.realpath(docs_dir))):
            raise OutDirRefused(f"生成的页面 {src_uri} 会写到 {out} 之外，已停止")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
        written.append(src_uri)
    marker.write_text("\n".join(sorted(written)) + "\n", encoding="utf-8")
    return target
