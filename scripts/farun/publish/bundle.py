"""Zip a built site for use from disk: ``python -m farun.publish.bundle SITE_DIR OUT.zip``.

The archive is reproducible: entries in sorted order, one fixed timestamp (the build day
from SOURCE_DATE_EPOCH, or 1980-01-01), fixed permissions, so the same site gives the same
bytes. Everything sits in one top folder so that unzipping never scatters files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import zipfile
from pathlib import Path

TOP = "farun-offline"
README = (
    "法润交通（离线版）\r\n\r\n"
    "用法：解压后，用浏览器打开本文件夹中的 index.html 即可浏览全部内容，搜索同样可用，无需联网。\r\n"
    "请不要只复制其中的单个文件：页面、图片和搜索数据都在这个文件夹里。\r\n"
)


def _stamp() -> tuple[int, int, int, int, int, int]:
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc) if raw.isdigit() else dt.datetime(1980, 1, 1)
    return max(moment, moment.replace(year=1980, month=1, day=1, hour=0, minute=0, second=0)).timetuple()[:6]


def write_zip(site_dir: Path, out: Path) -> int:
    """Write ``site_dir`` into ``out`` under one top folder; return the number of files."""
    stamp = _stamp()
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        entries = [(f"{TOP}/使用说明.txt", README.encode("utf-8"))]
        entries += [(f"{TOP}/{p.relative_to(site_dir).as_posix()}", p.read_bytes()) for p in files]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    tmp.replace(out)
    return len(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="farun.publish.bundle", description="把离线版网站打包为 zip")
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"错误：{args.site_dir} 中没有 index.html，请先构建离线版网站", file=sys.stderr)
        return 1
    count = write_zip(args.site_dir, args.out)
    print(f"离线版已打包：{args.out}（{count} 个文件）。解压后用浏览器打开 {TOP}/index.html。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
