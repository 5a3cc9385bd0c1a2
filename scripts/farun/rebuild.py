"""The daily rebuild (deploy/farun-rebuild.sh): withdrawal on time never depends on the rest of the content.

1. The normal build: ``check``, then the strict build. Published as it always was.
2. When it fails: the degraded build (``build --leave-out-invalid``) leaves out every staff file with a
   problem, names each with its problems, and publishes the rest, so that an expired, revoked, embargoed
   or draft item is withdrawn from every output that day whatever else is broken.
3. When nothing can be built (mkdocs.yml broken, a problem no file can be blamed for): the record of
   the last published build says which penalty notices fall due on which day; once one is due, the
   live site is replaced by a short maintenance page. Otherwise the live site stays as it is.

Every outcome is printed in Chinese, written to a JSON status file for monitoring and given as the
exit status (README 运维). No traceback: an unexpected error is one 程序错误 line (its traceback too under
``-v``) and counts as a failure.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import sys
import traceback
from pathlib import Path

from farun.runtime import leaveout
from farun.runtime.clock import build_today
from farun.runtime.errors import ContentInvalid, StaffError, describe, program_error
from farun.content.lifecycle import is_penalty

OK, FAILED, DEGRADED, TAKEN_DOWN = 0, 1, 3, 4
STATES = {OK: "ok", FAILED: "failed", DEGRADED: "degraded", TAKEN_DOWN: "taken_down"}
MAX_ROUNDS = 4  # engine runs of the degraded build, each leaving out the files the previous one was stopped by


def state_dir(root: Path) -> Path:
    """Where the rebuild keeps its record and status: FARUN_STATE_DIR (deploy/farun.env), else .farun-state/."""
    return Path(os.environ.get("FARUN_STATE_DIR") or root / ".farun-state")


def _problems_of(docs_dir: Path, settings, today: dt.date, gone: dict[str, list[str]]) -> list:
    """What check reports, plus each item whose video, slides, captions or cover is a file left out."""
    from farun.runtime.errors import ContentError
    from farun.pii.scan import scan_sources
    from farun.site.engine import validate

    coll, errors = validate(docs_dir, settings, today)
    for rel, fields in coll.files.items():  # its page would link to a file that is not published
        errors += [
            ContentError(f"{docs_dir.name}/{rel}", 1, f"{name} 所用的文件 {docs_dir.name}/{src} 有问题，本次不发布")
            for name, src in fields.items()
            if src in gone
        ]
    return errors + scan_sources(docs_dir, settings.pii_allowlist, today, settings.pii_unscanned_files)


def checked_out(docs_dir: Path, settings, today: dt.date, gone: dict[str, list[str]], listed: Path) -> list[str]:
    """Add to ``gone`` (and the list file ``FARUN_LEAVE_OUT`` names) every file check finds a problem in; the rest.

    Checked again after leaving files out: an item whose attachment was left out goes too.
    Returns the problems in no file under docs/ (they cannot be left out).
    """
    elsewhere: list[str] = []
    for _ in range(MAX_ROUNDS):
        files, elsewhere = leaveout.by_file(_problems_of(docs_dir, settings, today, gone), docs_dir.name)
        new = {rel: why for rel, why in files.items() if rel not in gone}
        if not new:
            break
        gone.update(new)
        leaveout.write(listed, gone)
    return elsewhere


def leave_out_build(args) -> tuple[int, dict[str, list[str]]]:
    """Build without every staff file that has a problem: (0 nothing left out / 3 some left out / 1 no site, files)."""
    from farun import cli

    docs_dir, settings, today = cli._setup(args)
    root = Path(args.config).resolve().parent
    work = root / ".cache" / "leave-out"
    work.mkdir(parents=True, exist_ok=True)
    listed, report = work / f"files-{os.getpid()}.json", work / f"report-{os.getpid()}.json"
    gone: dict[str, list[str]] = {}
    leaveout.write(listed, gone)
    saved = {name: os.environ.get(name) for name in (leaveout.ENV, leaveout.REPORT_ENV)}
    os.environ[leaveout.ENV], os.environ[leaveout.REPORT_ENV] = str(listed), str(report)
    try:
        elsewhere = checked_out(docs_dir, settings, today, gone, listed)
        for line in elsewhere:
            print(
                f"降级构建：这个问题不在 {docs_dir.name}/ 的某个文件中，无法通过略去文件解决，仍尝试构建：{line}",
                file=sys.stderr,
            )
        plain = copy.copy(args)
        plain.leave_out_invalid = False
        for _ in range(MAX_ROUNDS):
            _announce(gone, docs_dir.name)
            report.unlink(missing_ok=True)
            if cli.cmd_build(plain) == 0:
                return (DEGRADED if gone else OK), gone
            new = _blamed(report, gone, docs_dir.name)
            if not new:
                print(
                    "降级构建失败：构建停止的原因无法归到 docs/ 中的某个文件（见上面的提示），没有生成网站。",
                    file=sys.stderr,
                )
                return FAILED, gone
            gone.update(new)
            leaveout.write(listed, gone)
        print(f"降级构建失败：已重试 {MAX_ROUNDS} 次，仍有问题，没有生成网站。", file=sys.stderr)
        return FAILED, gone
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
        listed.unlink(missing_ok=True)
        report.unlink(missing_ok=True)


def _announce(gone: dict[str, list[str]], docs_name: str) -> None:
    if not gone:
        return
    print(
        f"降级构建：略去 {len(gone)} 个有问题的文件，其余内容照常发布（略去的内容本次不发布，改正后下一次构建恢复）：",
        file=sys.stderr,
    )
    for rel, problems in sorted(gone.items()):
        print(
            f"  略去 {docs_name}/{rel}：{problems[0]}"
            + (f"（另有 {len(problems) - 1} 个问题）" if len(problems) > 1 else ""),
            file=sys.stderr,
        )


def _blamed(report: Path, gone: dict[str, list[str]], docs_name: str) -> dict[str, list[str]]:
    """Files the failed engine run's warnings and errors were pinned on (hook_leaveout.py), not yet left out."""
    try:
        entries = json.loads(report.read_text(encoding="utf-8"))["blamed"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    new: dict[str, list[str]] = {}
    for entry in entries:
        lines = [line.strip() for line in str(entry.get("message", "")).splitlines() if line.strip()] or [""]
        for rel in entry.get("files", []):
            if rel in gone:
                continue
            shown = f"{docs_name}/{rel}"  # the line of the message that names the file, else its first line
            line = next((ln for ln in lines if shown in ln or f"'{rel}'" in ln), lines[0])
            new.setdefault(rel, []).append(line if line.startswith(shown) else f"{shown}: 构建时出现问题：{line}")
    return new


def record(args) -> dict:
    """What the site just built will withdraw by itself, and when: the last resort's only guide."""
    from farun import cli
    from farun.site.engine import validate

    docs_dir, settings, today = cli._setup(args)
    coll, _ = validate(docs_dir, settings, today)
    due = [
        {
            "file": r.path,
            "url": r.url,
            "title": r.meta.title,
            "withdraw_on": (r.meta.expires + dt.timedelta(days=1)).isoformat(),
        }
        for r in coll.notices
        if is_penalty(r) and r.meta.expires and r.meta.expires >= today
    ]  # always set for a penalty
    return {"built_for": today.isoformat(), "withdrawals": sorted(due, key=lambda w: (w["withdraw_on"], w["file"]))}


def deploy(site_dir: Path, target: Path) -> None:
    """Swap whole directories so that visitors never see a half-copied site."""
    target.parent.mkdir(parents=True, exist_ok=True)
    new, old = target.with_name(target.name + ".new"), target.with_name(target.name + ".old")
    for stale in (new, old):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.copytree(site_dir, new, symlinks=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


MAINTENANCE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>网站维护中 - 法润交通</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto;padding:0 1em;line-height:1.8">
<h1>网站维护中</h1>
<p>法润交通专栏正在维护，暂时无法访问，请稍后再来。给您带来不便，敬请谅解。</p>
</body></html>
"""


def _recorded_due(state: Path, today: dt.date) -> list[dict]:
    """The penalty notices the last record said fall due by ``today`` (none when there is no readable record)."""
    try:
        withdrawals = json.loads((state / "withdrawals.json").read_text(encoding="utf-8"))["withdrawals"]
        return [w for w in withdrawals if dt.date.fromisoformat(w["withdraw_on"]) <= today]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def take_down(target: Path, state: Path, today: dt.date) -> tuple[int, list[dict]]:
    """Last resort: replace the live site by a maintenance page once a withdrawal it holds is due."""
    path = state / "withdrawals.json"
    try:
        withdrawals = json.loads(path.read_text(encoding="utf-8"))["withdrawals"]
        due = [w for w in withdrawals if dt.date.fromisoformat(w["withdraw_on"]) <= today]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(
            f"没有上一次发布的到期记录（{path}：{exc}），无法判断线上是否有今天应撤下的内容；线上网站保持不变，请立即处理。",
            file=sys.stderr,
        )
        return FAILED, []
    if not due:
        upcoming = min((w["withdraw_on"] for w in withdrawals), default="")
        later = f"下一次到期撤下在 {upcoming}，在此之前必须修复构建" if upcoming else "线上没有待到期的行政处罚公示"
        print(f"线上网站保持不变：今天（{today.isoformat()}）没有到期应撤下的内容（{later}）。", file=sys.stderr)
        return FAILED, []
    if target.is_dir():
        site = state / "maintenance-site"
        shutil.rmtree(site, ignore_errors=True)
        site.mkdir(parents=True)
        for name in ("index.html", "404.html"):
            (site / name).write_text(MAINTENANCE, encoding="utf-8")
        deploy(site, target)
        shutil.rmtree(site, ignore_errors=True)
    for item in due:
        print(
            f"应急撤下：{item['file']}（{item['title']}，网址 {item['url']}）应于 {item['withdraw_on']} 撤下，"
            f"网站无法重新构建，已把整个网站换成维护页面",
            file=sys.stderr,
        )
    return TAKEN_DOWN, due


def write_status(path: Path, status: dict) -> None:
    """The JSON file monitoring reads (written whole, then renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


MESSAGES = {
    OK: "重建完成：完整构建并已发布",
    DEGRADED: "部分发布：有问题的文件已略去，其余内容（包括今天的撤下）已发布；请尽快改正略去的文件",
    TAKEN_DOWN: "应急撤下：网站无法构建，且有内容今天必须撤下，已把整个网站换成维护页面；请立即修复",
    FAILED: "重建失败：没有发布任何内容，线上网站保持不变；请立即修复",
}


def run(args) -> int:
    """The whole daily rebuild; returns the exit status documented in the README (0, 3, 4 or 1)."""
    from farun import cli

    root = Path(args.config).resolve().parent
    target = Path(args.target)
    state = state_dir(root)
    status_file = Path(os.environ.get("FARUN_STATUS_FILE") or state / "status.json")
    args.site_dir, args.verbose, args.leave_out_invalid = "site", getattr(args, "verbose", False), False
    gone: dict[str, list[str]] = {}
    due: list[dict] = []
    withdrawn: list[dict] = []
    today, docs_name = None, "docs"
    try:
        today = build_today()
        docs_name = Path(cli.read_config(Path(args.config)).get("docs_dir") or "docs").name
        code = OK if cli.cmd_check(args) == 0 and cli.cmd_build(args) == 0 else FAILED
        if code != OK:
            print("完整构建失败：改为降级构建（略去有问题的文件，其余照常发布）……", file=sys.stderr)
            code, gone = leave_out_build(args)
            code = DEGRADED if code == OK else code  # published, but not everything that was meant to be
        if code in (OK, DEGRADED):
            withdrawals = _record_leaving_out(args, gone, root) if gone else record(args)
            withdrawn = _recorded_due(state, today)  # online until now, withdrawn by the site just built
            deploy(root / args.site_dir, target)
            write_status(state / "withdrawals.json", withdrawals)  # what is live now will withdraw by itself
    except Exception as exc:  # noqa: BLE001 - the night run must end in a status, never in a traceback
        print(f"重建出错：{_said(exc, args.verbose)}", file=sys.stderr)
        code = FAILED
    if code == FAILED:
        try:  # a wrong SOURCE_DATE_EPOCH must not keep a due withdrawal online: then the clock decides
            code, due = take_down(target, state, today or build_today({}))
        except Exception as exc:  # noqa: BLE001
            print(f"应急撤下出错：{_said(exc, args.verbose)}", file=sys.stderr)
    message = (
        MESSAGES[code]
        if code != DEGRADED or gone
        else "部分发布：完整构建失败（原因见日志），第二次构建没有略去任何文件，已发布；请查明原因"
    )
    status = {
        "state": STATES[code],
        "exit_code": code,
        "message": message,
        "finished": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
        "build_date": today.isoformat() if today else None,
        "site_url": os.environ.get("SITE_URL", ""),
        "target": str(target),
        "left_out": [{"file": f"{docs_name}/{rel}", "problems": why} for rel, why in sorted(gone.items())],
        "withdrawn": withdrawn,
        "taken_down_for": due,
    }
    try:
        write_status(status_file, status)
    except OSError as exc:
        print(f"无法写入状态文件 {status_file}：{exc}", file=sys.stderr)
    print(f"{message}（退出状态 {code}，状态文件 {status_file}）", file=sys.stderr)
    return code


def _said(exc: Exception, verbose: bool = False) -> str:
    """Our own errors are Chinese sentences already; anything else is a bug, said as one (its traceback under -v)."""
    import yaml
    from farun.cli import config_unreadable

    if isinstance(exc, (yaml.YAMLError, OSError)):  # mkdocs.yml itself, or the machine (a full disk, a permission)
        return (
            config_unreadable("mkdocs.yml", exc) if isinstance(exc, yaml.YAMLError) else f"{type(exc).__name__}: {exc}"
        )
    if isinstance(exc, (StaffError, ContentInvalid)):
        return str(exc)
    if verbose:
        traceback.print_exception(exc, file=sys.stderr)
    return program_error(describe(exc), verbose)


def _record_leaving_out(args, gone: dict[str, list[str]], root: Path) -> dict:
    """The record of a degraded build: computed with the same files left out as that build."""
    listed = root / ".cache" / "leave-out" / f"record-{os.getpid()}.json"
    leaveout.write(listed, gone)
    saved = os.environ.get(leaveout.ENV)
    os.environ[leaveout.ENV] = str(listed)
    try:
        return record(args)
    finally:
        os.environ.pop(leaveout.ENV) if saved is None else os.environ.__setitem__(leaveout.ENV, saved)
        listed.unlink(missing_ok=True)
