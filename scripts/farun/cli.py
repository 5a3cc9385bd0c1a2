"""Command line: check, new, generate, build (atomic)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

import yaml

from farun.authoring.outdir import OutDirRefused, write_pages
from farun.runtime.clock import build_today
from farun.runtime.lifeline import sweep
from farun.images.originals import original_notes
from farun.site.engine import prepare, validate
from farun.runtime.errors import ContentInvalid, StaffError, describe, format_errors, program_error, use_color
from farun.authoring.jsonschema_export import write_schemas
from farun.content.load import content_files
from farun.pii.numbers import redact
from farun.pii.scan import scan_sources
from farun.authoring import importer
from farun.authoring import newitem
from farun.authoring.sheets import SheetError
from farun.content.settings import SiteSettings, load_settings
from farun.authoring import cli_words, workspace
from farun.authoring.quiet import run_filtered
from farun.authoring.workspace import engine_env


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: unknown tags (!ENV, !!python/name) become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict:
    """The parts of mkdocs.yml the core needs: docs_dir and extra."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_ConfigLoader) or {}
    except UnicodeDecodeError:  # saved as GBK by an editor: a YAMLError or OSError is said by config_unreadable
        raise StaffError(
            f"{path} 不是 UTF-8 编码，无法读取：请用 VS Code 或记事本打开，“另存为”时编码选 UTF-8"
        ) from None


def config_unreadable(path, exc: Exception) -> str:
    """mkdocs.yml that cannot be read, said with its line (a YAML slip) or the system's reason."""
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return f"{where}: YAML 格式有误（{what}），无法读取；请检查这一行及上一行的缩进、冒号和括号"
    return f"无法读取 {path}：{getattr(exc, 'strerror', None) or exc}"


def _setup(args) -> tuple[Path, SiteSettings, dt.date]:
    config = read_config(Path(args.config))
    docs_dir = Path(args.config).parent / config.get("docs_dir", "docs")
    return docs_dir, load_settings(config.get("extra") or {}, args.config), build_today()


def cmd_check(args) -> int:
    docs_dir, settings, today = _setup(args)
    coll, errors = validate(docs_dir, settings, today)
    errors += scan_sources(docs_dir, settings.pii_allowlist, today, settings.pii_unscanned_files)  # masked fix
    checked = len(content_files(docs_dir))
    if errors:
        print(format_errors(errors, checked, use_color(sys.stderr)), file=sys.stderr)
        return 1
    for note in coll.notes + original_notes(docs_dir):  # reminders: printed, never a failure
        print(note)
    withheld = coll.withheld()
    print(
        f"检查通过：讲座 {len(coll.lectures)} 期、案例 {len(coll.cases)} 个、公告 {len(coll.notices)} 条"
        f"（另有 {len(withheld)} 项暂不发布{'，见下' if withheld else ''}）。"
    )
    for path, _, reason in withheld:  # each file that will not go live, and why (a draft, a date ahead, expired)
        print(f"  暂不发布 {path}：{reason}")
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
    try:
        write_pages(out, docs_dir, site.pages)  # refuses docs/ and folders it did not create
    except OutDirRefused as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
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
        context = {"categories": settings.case_categories, "today": today, "pii_allowlist": settings.pii_allowlist}
        report = importer.plan(path, docs_dir, context, today)
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
    print(
        f"导入完成：新建 {len(report.written)} 个文件"
        + (f"，跳过 {len(report.skipped)} 行" if report.skipped else "")
        + "。"
    )
    return 0


def cmd_publish(args) -> int:
    """Check, show what changes, record who wrote and who reviewed it, and send docs/ to the server's repository."""
    from farun.authoring import golive_dialog  # dulwich is loaded only by the commands that need it

    docs_dir, settings, today = _setup(args)
    context = {"categories": settings.case_categories, "today": today}
    return golive_dialog.run_publish(
        Path(args.config).resolve().parent,
        args.author,
        args.reviewer,
        args.yes,
        lambda: cmd_check(args),
        context,
        today,
        sys.stdin,
        sys.stdout,
        sys.stderr,
    )


def cmd_update(args) -> int:
    """Take what others published from the server's repository (fast-forward only)."""
    from farun.authoring import golive_dialog

    return golive_dialog.run_update(Path(args.config).resolve().parent, sys.stdout, sys.stderr)


def cmd_schemas(args) -> int:
    """Write schemas/*.schema.json for editors from the validator's own models."""
    config = read_config(Path(args.config))
    settings = load_settings(config.get("extra") or {})
    root = Path(args.out) if args.out else Path(args.config).parent
    changed = write_schemas(root, settings.case_categories)
    names = "、".join(str(p.relative_to(root)) for p in changed) if changed else "没有变化"
    print(f"已生成编辑器用的 JSON Schema 和 VS Code 片段（schemas/、.vscode/）：{names}")
    return 0


def _engine(*args: str) -> list[str]:
    return [sys.executable, "-m", "properdocs", *args]


def cmd_build(args) -> int:
    """Build into a temporary folder and replace site/ only when the build succeeds."""
    if getattr(args, "leave_out_invalid", False):  # exit 0 (nothing left out), 3 (some left out) or 1
        from farun.rebuild import leave_out_build

        return leave_out_build(args)[0]
    config_path = Path(args.config).resolve()
    root = config_path.parent
    site_dir = root / args.site_dir
    # Next to the target, so both renames stay on one file system (atomic, never a copy).
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    sweep(site_dir.parent)  # .site-tmp-*/.site-old-* of builds that were killed (not of a running one)
    tmp = site_dir.parent / f".site-tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = _engine("build", "--strict", "--config-file", str(config_path), "--site-dir", str(tmp))
    try:
        code = run_filtered(cmd, root, args.verbose, env=engine_env())
    except KeyboardInterrupt:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if code != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print("构建失败：请按上面的提示修改；原有的 site/ 保持不变。", file=sys.stderr)
        return 1
    from farun.pipeline import publish

    publish(tmp, site_dir)  # the last step of a build (farun/pipeline.py)
    print(f"构建完成：{site_dir}")
    return 0


def cmd_rebuild(args) -> int:
    """The daily rebuild: full build, else the degraded build, else the last-resort take-down (farun/rebuild.py)."""
    from farun import rebuild

    return rebuild.run(args)


def cmd_serve(args) -> int:
    """Live preview (make serve): the engine's server with Chinese output only."""
    config_path = Path(args.config).resolve()
    address = args.dev_addr or os.environ.get("DEV_ADDR") or "127.0.0.1:8000"
    cmd = _engine("serve", "--config-file", str(config_path), "--dirty", "--livereload", "--dev-addr", address)
    print(f"正在生成预览网站（第一次需要一些时间）……", file=sys.stderr, flush=True)
    try:
        return run_filtered(cmd, config_path.parent, args.verbose, serving=True, env=engine_env())
    except KeyboardInterrupt:
        print("\n预览已结束。", file=sys.stderr)
        return 0


def cmd_clean(args) -> int:
    """What make clean does."""
    return workspace.clean(Path(args.config).resolve().parent)


def cmd_offline(args) -> int:
    """The offline bundle (make offline): check, build with Material's offline plugin, zip."""
    root = Path(args.config).resolve().parent
    if not (root / "node_modules/iframe-worker/shim/index.js").is_file():
        npm = shutil.which("npm")
        if (
            npm is None
            or subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=root).returncode
        ):
            print("离线版需要 npm 包 iframe-worker：请先安装 Node.js，在项目文件夹运行 npm ci", file=sys.stderr)
            return 1
    if cmd_check(args):
        return 1
    os.environ["OFFLINE"] = "true"
    args.site_dir = args.out_dir
    if cmd_build(args):
        return 1
    from farun.publish import bundle

    return bundle.main([str(root / args.out_dir), str(root / args.zip)])


# make test-fast: no engine build, browser or nginx (tests/lanes.py marks them), one process per core.
FAST_LANE = ["-n", "auto", "--dist", "loadfile", "-m", "not engine and not browser and not slow"]


def cmd_test(args) -> int:
    """make test (make test-fast with --fast): install what the tests need (where bash exists), lint, types, run pytest."""
    root = Path(args.config).resolve().parent
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", "scripts", "tests"], cwd=root).returncode
    formatted = [sys.executable, "-m", "ruff", "format", "--check", "--quiet", "scripts", "tests"]
    lint = subprocess.run(formatted, cwd=root).returncode or lint
    lint = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=root).returncode or lint
    if args.fast:
        env = engine_env({"FARUN_FAST_LANE": "1"})
        return (
            subprocess.run(
                [sys.executable, "-m", "pytest", "-q", *FAST_LANE, *args.pytest_args], cwd=root, env=env
            ).returncode
            or lint
        )
    bash = shutil.which("bash")
    if bash and (root / "tests/setup.sh").is_file():
        if subprocess.run([bash, "tests/setup.sh"], cwd=root).returncode:
            return 1
    return (
        subprocess.run([sys.executable, "-m", "pytest", "-q", *args.pytest_args], cwd=root, env=engine_env()).returncode
        or lint
    )


def cmd_bench(args) -> int:
    """make bench: project vs plain Material; writes BENCHMARK.md."""
    root = Path(args.config).resolve().parent
    cmd = [sys.executable, "-m", "farun.bench", "--n", "100", "--n", "1000", "--write", "BENCHMARK.md"]
    return subprocess.run(cmd, cwd=root, env=engine_env()).returncode


def cmd_setup(args) -> int:
    """make's preparation: .venv with the pinned requirements (also runs before anything is installed)."""
    return workspace.setup(Path(args.config).resolve().parent)


def _default_config() -> str:
    """mkdocs.yml here, else the project's own (farun.cmd started from another folder on Windows)."""
    if Path("mkdocs.yml").is_file():
        return "mkdocs.yml"
    own = Path(__file__).resolve().parents[2] / "mkdocs.yml"
    return str(own) if own.is_file() else "mkdocs.yml"


def main(argv: list[str] | None = None) -> int:
    cli_words.install()  # usage, -h and argument errors in Chinese too
    moved = workspace.repair_link()
    if moved:
        print(moved, file=sys.stderr)
    parser = cli_words.ChineseParser(prog="farun", description="法润交通 内容检查与页面生成")
    parser.add_argument("--config", default=_default_config(), metavar="文件", help="mkdocs.yml 的路径")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令", title="命令")
    sub.add_parser("check", help="只检查内容，不生成网站").set_defaults(func=cmd_check)
    gen = sub.add_parser("generate", help="把生成的页面写到指定文件夹")
    gen.add_argument("--out", required=True)
    gen.set_defaults(func=cmd_generate)
    new = sub.add_parser("new", help="新建讲座、案例或公告文件（缺少的字段会逐项询问）")
    newitem.add_arguments(new)
    new.set_defaults(func=cmd_new)
    imp = sub.add_parser("import", help="从 Excel（.xlsx）或 CSV 台账导入讲座、行政处罚和行政许可公示")
    imp.add_argument("file", metavar="台账文件", help="台账文件，如 台账.xlsx")
    imp.add_argument("--partial", action="store_true", help="有问题的行跳过，其余照常导入")
    imp.set_defaults(func=cmd_import)
    pub = sub.add_parser("publish", help="检查后把 docs/ 的修改发送到服务器的版本库（需经另一人审核）")
    pub.add_argument("--author", metavar="姓名", help="撰写人")
    pub.add_argument("--reviewer", metavar="姓名", help="审核人（不能与撰写人相同）")
    pub.add_argument("--yes", action="store_true", help="不再询问“确认发布吗”")
    pub.set_defaults(func=cmd_publish)
    sub.add_parser("update", help="从服务器的版本库取回别人发布的新内容").set_defaults(func=cmd_update)
    schemas = sub.add_parser("schemas", help="生成编辑器用的 JSON Schema（schemas/*.schema.json）")
    schemas.add_argument("--out", help="项目根目录，默认为 mkdocs.yml 所在目录")
    schemas.set_defaults(func=cmd_schemas)
    build = sub.add_parser("build", help="完整构建 site/（失败时保留原有 site/）")
    build.add_argument("--site-dir", default="site")
    build.add_argument("-v", "--verbose", action="store_true", help="显示构建程序的全部输出")
    build.add_argument(
        "--leave-out-invalid",
        action="store_true",
        help="降级构建：略去有问题的文件，其余照常发布（每日重建在完整构建失败后使用）",
    )
    build.set_defaults(func=cmd_build)
    rebuild = sub.add_parser("rebuild", help="每日重建并发布（deploy/farun-rebuild.sh 调用）")
    rebuild.add_argument("target", help="nginx 提供的网站目录（FARUN_TARGET），重建后整体替换")
    rebuild.add_argument("-v", "--verbose", action="store_true", help="显示构建程序的全部输出")
    rebuild.set_defaults(func=cmd_rebuild)
    serve = sub.add_parser("serve", help="本地预览，保存后自动刷新（同 make serve）")
    serve.add_argument("--dev-addr", help="地址和端口，默认 127.0.0.1:8000")
    serve.add_argument("-v", "--verbose", action="store_true", help="显示预览程序的全部输出")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("setup", help="创建 .venv 并安装固定版本的依赖（Windows 上代替 make 的准备步骤）").set_defaults(
        func=cmd_setup
    )
    sub.add_parser("clean", help="删除生成的 site/、.cache/、dist/ 等").set_defaults(func=cmd_clean)
    offline = sub.add_parser("offline", help="生成离线版 dist/farun-offline.zip（同 make offline）")
    offline.add_argument("--out-dir", default="build/offline-site")
    offline.add_argument("--zip", default="dist/farun-offline.zip")
    offline.add_argument("-v", "--verbose", action="store_true", help="显示构建程序的全部输出")
    offline.set_defaults(func=cmd_offline)
    test = sub.add_parser("test", help="运行全部测试（同 make test）")
    test.add_argument(
        "--fast", action="store_true", help="只运行不构建网站、不用浏览器和 nginx 的测试（同 make test-fast）"
    )
    test.add_argument("pytest_args", nargs="*", help="传给 pytest 的参数")
    test.set_defaults(func=cmd_test)
    sub.add_parser("bench", help="性能基准（同 make bench）").set_defaults(func=cmd_bench)
    for name, command in sub.choices.items():  # the engine's commands have their own -v (all its output)
        if name not in ("build", "rebuild", "serve", "offline", "test"):
            command.add_argument(
                "-v", "--verbose", action="store_true", help="出错时显示详细信息（程序错误的出错位置）"
            )
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Redacting(out), Redacting(err)  # no full personal number reaches the terminal
    try:
        return args.func(args)
    except StaffError as exc:  # a message staff can act on: no traceback
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        return 1
    except (yaml.YAMLError, OSError) as exc:  # mkdocs.yml unreadable: checked before the engine reads it
        print(f"错误：{config_unreadable(args.config, exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C: staff stopped it on purpose, no traceback
        return cancelled(args.command)
    except Exception as exc:  # noqa: BLE001 - a bug: said as one, with its traceback under -v
        return crashed(exc, getattr(args, "verbose", False))
    finally:
        sys.stdout, sys.stderr = out, err


class Redacting:
    """A text stream that masks personal numbers (159****6600) in everything written to it."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(redact(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


PROGRAM_ERROR = 70  # EX_SOFTWARE (sysexits.h): not 1 (content problems) or 2 (bad input or settings)


def crashed(exc: BaseException, verbose: bool) -> int:
    """An exception no staff input explains: 程序错误 and where to report it; the traceback first under -v."""
    if verbose:
        traceback.print_exception(exc, file=sys.stderr)
    print(program_error(describe(exc), verbose), file=sys.stderr)
    return PROGRAM_ERROR


def cancelled(command: str | None = None) -> int:
    """Ctrl+C: say so in Chinese and exit 130 (128 + SIGINT), as shells expect."""
    wrote = "，没有写入任何文件" if command in ("new", "import") else ""
    print(f"\n已取消{wrote}。", file=sys.stderr)
    return 130
