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

from farun.content.clock import build_today
from farun.site.engine import prepare, validate
from farun.content.errors import ContentInvalid, format_errors, use_color
from farun.authoring.jsonschema_export import write_schemas
from farun.content.load import content_files
from farun.publish.pii_scan import scan_sources
from farun.authoring import importer
from farun.authoring import newitem
from farun.authoring.sheets import SheetError
from farun.content.settings import load_settings


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
    errors += scan_sources(docs_dir, settings.pii_allowlist, today, settings.pii_unscanned_files)  # masked fix
    checked = len(content_files(docs_dir))
    if errors:
        print(format_errors(errors, checked, use_color(sys.stderr)), file=sys.stderr)
        return 1
    print(f"检查通过：讲座 {len(coll.lectures)} 期、案例 {len(coll.cases)} 个、公告 {len(coll.notices)} 条"
          f"（另有 {len(coll.hidden)} 项暂不发布）。")
    print(format_errors([], checked, use_color(sys.stdout)))
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
    """New lecture, case or notice: fields from arguments, the rest asked in Chinese."""
    docs_dir, settings, today = _setup(args)
    return newitem.run(args, docs_dir, settings, today)


def cmd_import(args) -> int:
    """Spreadsheet rows -> content files; nothing written while any row is invalid (unless --partial)."""
    docs_dir, settings, today = _setup(args)
    path = Path(args.file)
    if not path.is_file():
        print(f"找不到文件：{path}", file=sys.stderr)
        return 2
    try:
        report = importer.plan(path, docs_dir, {"categories": settings.case_categories, "today": today}, today)
    except SheetError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    via_make = os.environ.get("FARUN_VIA_MAKE") == "1"
    print(importer.summarise(report, path, docs_dir, args.partial, use_color(sys.stdout), via_make))
    if report.problems and not args.partial:
        return 1
    importer.write(report, docs_dir)
    for target in report.written:
        print(f"已创建 {target}")
    for line in importer.published_note(report):
        print(line)
    if report.skipped:  # asked for: the good rows are in, the rest is listed to fix and import again
        print(f"已跳过 {len(report.skipped)} 行（问题见上）：" + "；".join(report.skipped))
    print(f"导入完成：新建 {len(report.written)} 个文件" + (f"，跳过 {len(report.skipped)} 行" if report.skipped else "") + "。")
    return 0


def cmd_schemas(args) -> int:
    """Write schemas/*.schema.json for editors from the validator's own models."""
    config = read_config(Path(args.config))
    settings = load_settings(config.get("extra") or {})
    root = Path(args.out) if args.out else Path(args.config).parent
    changed = write_schemas(root, settings.case_categories)
    names = "、".join(str(p.relative_to(root)) for p in changed) if changed else "没有变化"
    print(f"已生成编辑器用的 JSON Schema 和 VS Code 片段（schemas/、.vscode/）：{names}")
    return 0


def cmd_build(args) -> int:
    """Build into a temporary folder and replace site/ only when the build succeeds."""
    config_path = Path(args.config).resolve()
    root = config_path.parent
    site_dir = root / args.site_dir
    # Next to the target, so both renames stay on one file system (atomic, never a copy).
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = site_dir.parent / f".site-tmp-{os.getpid()}"
    old = site_dir.parent / f".site-old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", str(config_path), "--site-dir", str(tmp)]
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
    new = sub.add_parser("new", help="新建讲座、案例或公告文件（缺少的字段会逐项询问）")
    newitem.add_arguments(new)
    new.set_defaults(func=cmd_new)
    imp = sub.add_parser("import", help="从 Excel（.xlsx）或 CSV 台账导入讲座、行政处罚和行政许可公示")
    imp.add_argument("file", help="台账文件，如 台账.xlsx")
    imp.add_argument("--partial", action="store_true", help="有问题的行跳过，其余照常导入")
    imp.set_defaults(func=cmd_import)
    schemas = sub.add_parser("schemas", help="生成编辑器用的 JSON Schema（schemas/*.schema.json）")
    schemas.add_argument("--out", help="项目根目录，默认为 mkdocs.yml 所在目录")
    schemas.set_defaults(func=cmd_schemas)
    build = sub.add_parser("build", help="完整构建 site/（失败时保留原有 site/）")
    build.add_argument("--site-dir", default="site")
    build.set_defaults(func=cmd_build)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C: staff stopped it on purpose, no traceback
        return cancelled(args.command)


def cancelled(command: str | None = None) -> int:
    """Ctrl+C: say so in Chinese and exit 130 (128 + SIGINT), as shells expect."""
    wrote = "，没有写入任何文件" if command in ("new", "import") else ""
    print(f"\n已取消{wrote}。", file=sys.stderr)
    return 130
