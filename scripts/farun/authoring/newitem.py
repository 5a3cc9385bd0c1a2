"""``farun new``: a new lecture, case or notice from arguments or from answers to questions.

Every required field may be given as ``--field``; whatever is missing is asked
in Chinese (from the terminal, or one answer per line from a pipe), each
answer checked by the schema at once. The file is shown before it is
written, no editor is opened, and nothing is ever overwritten. A pipe that
gives no answers at all gets the template with placeholders (the behaviour
scripts relied on before questions existed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO

from farun.authoring.compose import document
from farun.authoring.prompts import Asker, NoMoreInput, ask_all, choices, field_problems, full_problems, normalise
from farun.authoring.scaffold import FOLDERS, body_of, create, file_name, next_episode, target_path, write_new
from farun.content.models import MODELS, NOTICE_MODELS, notice_model
from farun.content.schema_notices import NATURAL, publicity_range
from farun.content.slugs import slug_from
from farun.content.schema import Item
from farun.content.settings import SiteSettings

SKIP = {"draft"}  # every new file starts as a draft; staff remove the line when it is ready
# Optional in the schema but asked all the same: the 双公示 standard wants them, or the party type makes
# them required (credit_code for a company); an empty answer keeps the schema's default.
ALSO_ASKED = ("party_type", "credit_code", "fine", "expires", "valid_to")


def all_models() -> list[type[Item]]:
    """Every content model, the notice variants included."""
    return list(MODELS.values()) + list(NOTICE_MODELS.values())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--title``, ``--speaker`` … for every field of every content type."""
    parser.add_argument(
        "kind", choices=sorted(FOLDERS), metavar="类型", help="lecture（讲座）、case（案例）或 notice（公告）"
    )
    parser.add_argument("slug", nargs="?", metavar="文件名", help="文件名中的英文或拼音部分，如 xingzheng-fuyi")
    seen: set[str] = set()
    for model in all_models():
        for name, info in model.model_fields.items():
            if name in seen or name in SKIP:
                continue
            seen.add(name)
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                dest=f"field_{name}",
                metavar="值",
                help=f"{info.title}（列表用 、 分隔）" if "list" in str(info.annotation) else info.title,
            )


def _model_for(kind: str):
    if kind == "notice":
        return lambda data: notice_model(data)
    return lambda data: MODELS[FOLDERS[kind]]


def _order(model: type[Item], data: dict[str, Any]) -> list[str]:
    """The questions for this type and party type, in the schema's order (type and title first)."""
    also = set(ALSO_ASKED) if "party" in model.model_fields else set()
    if "severity" not in model.model_fields:
        also.discard("expires")  # a licence runs to valid_to; only a penalty's publicity has an end date
    if data.get("party_type") == NATURAL:
        also.discard("credit_code")  # a natural person has none (and must not show an ID number)
    names = [n for n, info in model.model_fields.items() if (info.is_required() or n in also) and n != "expires"]
    if "expires" in also:
        names.insert(names.index("severity") + 1, "expires")  # its default follows from the severity
    return sorted(names, key=lambda n: (n != "type", n != "title"))  # the notice type decides the other questions


def _expires_default(data: dict[str, Any]) -> str | None:
    """公示截止日期 the schema would take: 1 year after the decision (3 years when 严重)."""
    try:
        decided = dt.date.fromisoformat(str(data.get("decision_date")))
    except ValueError:
        return None
    return publicity_range(decided, str(data.get("severity") or "一般"))[1].isoformat()


def _provided(args, kind: str, context: dict[str, Any]) -> dict[str, Any]:
    raw = {k[len("field_") :]: v for k, v in vars(args).items() if k.startswith("field_") and v is not None}
    model = _model_for(kind)(raw)
    return {
        name: normalise(model, name, value, choices(model, name, context)) if name in model.model_fields else value
        for name, value in raw.items()
    }


def run(
    args,
    docs_dir: Path,
    settings: SiteSettings,
    today: dt.date,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
) -> int:
    """Create one new item; 0 when written or declined at the confirmation, 1 when refused, 2 for bad arguments."""
    kind = args.kind
    context = {"categories": settings.case_categories, "today": today}
    model_for = _model_for(kind)
    data = _provided(args, kind, context)
    model = model_for(data)
    pending: dict[str, Any] = {}
    for name in [n for n in data if n not in model.model_fields]:
        if kind == "notice" and "type" not in data and any(name in m.model_fields for m in NOTICE_MODELS.values()):
            pending[name] = data.pop(name)  # --credit-code waits until the type is answered
            continue
        print(f"参数 --{name.replace('_', '-')} 不适用于{model.label}，已忽略", file=stderr)
        del data[name]
    problems = field_problems(model, data, set(data), context)
    if problems:
        for name, problem in problems.items():
            print(f"参数 --{name.replace('_', '-')}：{problem}", file=stderr)
        return 2
    missing = [n for n in _order(model, data) if n not in data]
    if not missing and not pending and not full_problems(model, data, context):
        return _write(docs_dir, kind, model, _clean(model, data, context), args.slug or "new", stdout, stderr)
    interactive = stdin.isatty()
    asker = Asker(stdin, stdout, echo=not interactive)
    defaults: dict[str, Any] = {
        "date": today.isoformat(),
        "issuer": settings.bureau_name,
        "authority": settings.bureau_name,
        "expires": _expires_default,
    }
    if kind == "lecture":
        defaults["episode"] = next_episode(docs_dir)
    try:
        if not interactive:
            asker.say("从标准输入读取回答（每行一个）。")
        asker.say(f"新建{model.label}：请逐项填写，输入后按回车。")
        data = ask_all(asker, model_for, data, _order, context, defaults, pending)
        model = model_for(data)
        slug = args.slug or _ask_slug(asker, kind, data)
        target = target_path(docs_dir, kind, slug, dt.date.fromisoformat(str(data["date"])))
        while target.exists():
            asker.say(f"  ✗ {target} 已存在，不会覆盖，请换一个文件名。")
            slug = _ask_slug(asker, kind, data)
            target = target_path(docs_dir, kind, slug, dt.date.fromisoformat(str(data["date"])))
        clean = _clean(model, data, context)
        ended = clean.get("expires") if "severity" in model.model_fields else None
        if ended and ended < today:  # written after its publicity ended: say it now, not on the site's absence
            asker.say(
                f"  注意：公示截止日期 {ended.isoformat()} 早于今天，这条公示写好后也不会在网站上出现"
                "（farun check 会列为“暂不发布”）；如填错了，请回答“否”后重新运行。"
            )
        text = document({**clean, "draft": True}, model, body_of(kind))
        asker.say(f"\n将写入 {target}：\n" + "─" * 40 + "\n" + text + "─" * 40)
        if not asker.confirm("确认写入吗？"):
            print("已取消，没有写入任何文件。", file=stderr)
            return 0  # answering 否 is a choice, not a failure (make must not report an error)
    except NoMoreInput:
        if asker.answered == 0 and not interactive:
            return _template(docs_dir, kind, args.slug or "new", data, today, stdout, stderr)
        print("输入已结束，没有写入任何文件。", file=stderr)
        return 1
    return _save(target, text, stdout, stderr)


def _clean(model: type[Item], data: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """The answers as the schema reads them (dates as dates, 《》 around laws) for writing."""
    meta = model.model_validate(data, context=context)
    return {name: getattr(meta, name) for name in data if getattr(meta, name) is not None}


def _ask_slug(asker: Asker, kind: str, data: dict[str, Any]) -> str:
    default = (
        slug_from(str(data["title"])) if data.get("title") else (f"di{data['episode']}qi" if kind == "lecture" else "")
    )
    hint = f"（直接回车为 {default}，由标题的拼音生成）" if default else ""
    while True:
        asker.say(
            "文件名 — 小写拼音或英文、数字，单词之间用 - 连接，例如 xingzheng-fuyi；日期会自动加在前面；"
            "写了中文会自动换成拼音"
        )
        answer = asker.ask(f"  请输入{hint}：") or default
        if answer and file_name(kind, dt.date.today(), answer) != file_name(kind, dt.date.today(), ""):
            return answer
        asker.say("  ✗ 文件名不能为空，请重新输入。")


def _write(
    docs_dir: Path, kind: str, model: type[Item], data: dict[str, Any], slug: str, stdout: TextIO, stderr: TextIO
) -> int:
    target = target_path(docs_dir, kind, slug, dt.date.fromisoformat(str(data["date"])))
    return _save(target, document({**data, "draft": True}, model, body_of(kind)), stdout, stderr)


def _template(
    docs_dir: Path, kind: str, slug: str, data: dict[str, Any], today: dt.date, stdout: TextIO, stderr: TextIO
) -> int:
    day = dt.date.fromisoformat(str(data.get("date") or today.isoformat()))
    fields = {k: str(v) for k, v in data.items() if k in ("title", "speaker", "category", "issuer")}
    try:
        path = create(docs_dir, kind, slug, day, fields)
    except FileExistsError as exc:
        print(f"文件已存在，未做任何修改：{exc.filename}", file=stderr)
        return 1
    print(
        f"已按模板创建 {path}（未提供的字段为示例文字，请逐项改写；draft: true，写好后删除 draft 一行即可发布）",
        file=stdout,
    )
    return 0


def _save(target: Path, text: str, stdout: TextIO, stderr: TextIO) -> int:
    try:
        write_new(target, text)
    except FileExistsError as exc:
        print(f"文件已存在，未做任何修改：{exc.filename}", file=stderr)
        return 1
    print(f"已创建 {target}（draft: true，写好正文后删除 draft 一行即可发布）", file=stdout)
    return 0
