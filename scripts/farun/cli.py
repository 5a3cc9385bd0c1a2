"""Command line: check, new, generate, build (atomic)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .clock import build_today
from .engine import prepare, validate
from .errors import ContentInvalid, format_errors
from .pii_scan import scan_sources
from .scaffold import FOLDERS, create
from .settings import load_settings


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: unknown tags (!ENV, !!python/name) become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict:
    """The parts of mkdocs.yml the core needs: docs_dir and extra."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader) or {}


def _setup(args) -> tuple[Path, object, dt.date]:
    config = read_config(Path(args.config))
    docs_dir = Path(args.config).parent / config.get("docs_dir", "docs")
    return docs_dir, load_settings(config.get("extra") or {}), build_today()


def cmd_check(args) -> int:
    docs_dir, settings, today = _setup(args)
    coll, errors = validate(docs_dir, settings, today)
    errors += scan_sources(docs_dir, settings.pii_allowlist, today)  # suggests the masked form
    if errors:
        print(format_errors(errors), file=sys.stderr)
        return 1
    print(f"检查通过：讲座 {len(coll.lectures)} 期、案例 {len(coll.cases)} 个、公告 {len(coll.notices)} 条"
          f"（另有 {len(coll.hidden)} 项暂不发布）。")
    return 0


def cmd_generate(args) -> int:
    docs_dir, settings, today = _setup(args)
    try:
        site = prepare(docs_dir, settings, today)
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        return 1
    out = Path(args.out)
    for src_uri, markdown in site.pages.items():
        target = out / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    print(f"已生成 {len(site.pages)} 个页面到 {out}")
    return 0


def cmd_new(args) -> int:
    docs_dir, _, today = _setup(args)
    day = dt.date.fromisoformat(args.date) if args.date else today
    fields = {"title": args.title, "speaker": args.speaker}
    try:
        path = create(docs_dir, args.kind, args.slug, day, fields)
    except FileExistsError as exc:
        print(f"文件已存在，未做任何修改：{exc.filename}", file=sys.stderr)
        return 1
    print(f"已创建 {path}（draft: true，写好后删除 draft 一行即可发布）")
    return 0


def cmd_build(args) -> int:
    """Build into a temporary folder and replace site/ only when the build succeeds."""
    config_path = Path(args.config).resolve()
    root = config_path.parent
    site_dir = root / args.site_dir
    tmp = root / f".site-tmp-{os.getpid()}"
    old = root / f".site-old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_path), "--site-dir", str(tmp)]
    result = subprocess.run(cmd, cwd=root)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print("构建失败：请按上面的提示修改；原有的 site/ 保持不变。", file=sys.stderr)
        return 1
    if site_dir.exists():
        site_dir.rename(old)
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    print(f"构建完成：{site_dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="farun", description="法润交通 内容检查与页面生成")
    parser.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml 的路径")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="只检查内容，不生成网站").set_defaults(func=cmd_check)
    gen = sub.add_parser("generate", help="把生成的页面写到指定文件夹")
    gen.add_argument("--out", required=True)
    gen.set_defaults(func=cmd_generate)
    new = sub.add_parser("new", help="新建讲座、案例或公告文件")
    new.add_argument("kind", choices=sorted(FOLDERS))
    new.add_argument("slug", nargs="?", default="new", help="文件名中的英文或拼音部分，如 xingzheng-fuyi")
    new.add_argument("--title")
    new.add_argument("--speaker")
    new.add_argument("--date", help="YYYY-MM-DD，默认今天")
    new.set_defaults(func=cmd_new)
    build = sub.add_parser("build", help="完整构建 site/（失败时保留原有 site/）")
    build.add_argument("--site-dir", default="site")
    build.set_defaults(func=cmd_build)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
