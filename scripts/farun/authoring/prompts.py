"""Ask staff for front-matter fields in Chinese, checking every answer with the schema at once.

Answers come from a terminal or, when standard input is not a terminal, from
its lines (one answer per line), so scripts and tests can drive the same
questions.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Callable, TextIO

from pydantic import ValidationError

from farun.content.frontmatter import Document
from farun.content.lists import split_items
from farun.content.load import translate
from farun.content.schema import Item
from farun.authoring.rowchecks import full_name_answers
from farun.authoring.sheets import excel_date

YES = {"", "是", "y", "yes", "好", "确认", "对", "1"}
NO = {"否", "n", "no", "不", "取消", "0"}


class NoMoreInput(Exception):
    """Standard input ended before every question was answered."""


class Asker:
    """Reads one answer per question from ``source``; echoes answers when they come from a pipe."""

    def __init__(self, source: TextIO, out: TextIO, echo: bool):
        self.source, self.out, self.echo, self.answered = source, out, echo, 0

    def say(self, text: str = "") -> None:
        """Print a line for the person answering."""
        print(text, file=self.out, flush=True)

    def ask(self, question: str) -> str:
        """One answer, stripped; raises NoMoreInput at the end of the input."""
        print(question, end="", file=self.out, flush=True)
        line = self.source.readline()
        if not line:
            self.say()
            raise NoMoreInput
        answer = line.rstrip("\r\n").strip()
        if self.echo:
            self.say(answer)
        self.answered += 1
        return answer

    def confirm(self, question: str) -> bool:
        """是/否 question; an empty answer means 是."""
        while True:
            answer = self.ask(f"{question}（是/否，直接回车为“是”）：").lower()
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say("请回答“是”或“否”。")


def choices(model: type[Item], name: str, context: dict[str, Any]) -> list[str]:
    """Allowed values of a field (a Literal, or the case categories from mkdocs.yml)."""
    if name == "category":
        return list(context.get("categories") or [])
    annotation = model.model_fields[name].annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return [str(v) for v in typing.get_args(candidate)]
    return []


def is_list(model: type[Item], name: str) -> bool:
    """Whether the field holds a list (tags, laws …)."""
    return str(model.model_fields[name].annotation).startswith("list")


def normalise(model: type[Item], name: str, answer: str, options: list[str]) -> Any:
    """Turn typed text into a value: option numbers, dates like 2024/5/15, lists split on 、，；."""
    if options and answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    if is_list(model, name):
        return split_items(answer.replace(",", "，"))
    if "datetime.date" in str(model.model_fields[name].annotation):
        return excel_date(answer)
    return answer


# A whole-record check is only fair once the fields it compares are known: its error at a key field is
# reported when every field that key depends on has been answered (the rest of the record is stood in for).
DEPENDS: dict[str, frozenset[str]] = {
    "party": frozenset({"party_type"}),
    "credit_code": frozenset({"party_type"}),
    "date": frozenset({"decision_date"}),
    "expires": frozenset({"decision_date", "severity", "date"}),
    "valid_to": frozenset({"valid_from"}),
}
STAND_IN_DOC_NO = "绍市交〔2024〕1号"


def _stand_in(model: type[Item], name: str, data: dict[str, Any], context: dict[str, Any]) -> Any:
    """A valid value for an unanswered required field, so the whole-record checks can run."""
    options = choices(model, name, context)
    if options:
        return options[0]
    annotation = str(model.model_fields[name].annotation)
    if "datetime.date" in annotation:
        for other in ("decision_date", "date", "valid_from"):  # equal dates pass every order check
            if other != name and isinstance(data.get(other), (str, dt.date)):
                return data[other]
        return context.get("today") or dt.date.today()
    if is_list(model, name):
        return ["示例"]
    if name == "episode":
        return 1
    return STAND_IN_DOC_NO if name.endswith("_no") else "示例"


def _problems(model: type[Item], data: dict[str, Any], context: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(field, Chinese message, whether it compares two fields) for every problem of the record."""
    try:
        model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = exc.errors()
        translated = translate(exc, model, Document(path="", data=data, body=""))
        # The whole-record checks name their error type after the field they report at (cn_<field>).
        return [
            (
                e.field,
                e.message + (f"（建议：{e.hint}）" if e.hint else ""),
                bool(raw["loc"]) and raw["type"] == f"cn_{raw['loc'][0]}",
            )
            for raw, e in zip(errors, translated)
        ]
    return []


def full_problems(model: type[Item], data: dict[str, Any], context: dict[str, Any]) -> dict[str, str]:
    """Every Chinese message of the record as it stands (absent fields included), by field."""
    found: dict[str, str] = {}
    for name, message, _ in _problems(model, data, context):
        found.setdefault(name, message)
    return found


def field_problems(model: type[Item], data: dict[str, Any], names: set[str], context: dict[str, Any]) -> dict[str, str]:
    """Messages for the given answered fields, judged against the answers so far (others stood in for)."""
    filled = dict(data)
    for name, info in model.model_fields.items():
        if info.is_required() and name not in filled:
            filled[name] = _stand_in(model, name, filled, context)
    found: dict[str, str] = {}
    for name, message, cross in _problems(model, filled, context):
        if name in names and name in data and (not cross or DEPENDS.get(name, frozenset()) <= data.keys()):
            found.setdefault(name, message)
    for name, message in full_name_answers(model, data, context).items():  # 王建国 refused as party, then in 违法事实
        if name in names:
            found.setdefault(name, message)
    return found


def _dependents(name: str, data: dict[str, Any]) -> set[str]:
    return {other for other, needs in DEPENDS.items() if name in needs and other in data}


def ask_field(
    asker: Asker,
    model: type[Item],
    name: str,
    data: dict[str, Any],
    context: dict[str, Any],
    default: Any = None,
    problem: str = "",
) -> Any:
    """Ask for one field until the schema accepts the answer with the answers so far; returns it."""
    info = model.model_fields[name]
    options = choices(model, name, context)
    if problem:
        asker.say(f"  ✗ {problem}")
    line = f"{info.title}（{name}）"
    if info.description:
        line += f" — {info.description}"
    asker.say(line)
    if options:
        asker.say("  可选：" + "  ".join(f"{i}) {v}" for i, v in enumerate(options, 1)) + "（输入编号或名称均可）")
    shown = "、".join(default) if isinstance(default, list) else default
    checked = {name} | _dependents(name, data)  # 决定日期 later than the 日期 already given is said now
    optional = not info.is_required() and not field_problems(model, {**data, name: None}, {name}, context)
    if default not in (None, "", []):
        prompt = f"  请输入（直接回车为 {shown}）："
    else:
        prompt = "  请输入（可不填，直接回车跳过）：" if optional else "  请输入："
    while True:
        answer = asker.ask(prompt)
        if not answer and default not in (None, "", []):
            value = default
        elif not answer and not info.is_required():
            value = None
        else:
            value = normalise(model, name, answer, options)
        problems = field_problems(model, {**data, name: value}, checked, context)
        if not problems and (value not in ("", None, []) or not info.is_required()):
            return value
        message = problems.get(name) or next(iter(problems.values()), "不能为空")
        asker.say(f"  ✗ {message}，请重新输入。")


def ask_all(
    asker: Asker,
    model_for: Callable[[dict[str, Any]], type[Item]],
    data: dict[str, Any],
    order: Callable[[type[Item], dict[str, Any]], list[str]],
    context: dict[str, Any],
    defaults: dict[str, Any],
    pending: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Ask every field ``order`` names, each answer checked at once; returns a record the schema accepts.

    ``pending`` holds values given as arguments for fields the notice type has not yet decided
    (``--credit-code`` before the type is answered); they are taken once the type knows them.
    """
    data, pending = dict(data), dict(pending or {})
    for _ in range(500):  # every turn asks one question; the bound only stops a pipe that repeats itself
        model = model_for(data)  # the notice type decides the remaining questions
        if "type" in data and pending:
            for name in list(pending):
                value = pending.pop(name)
                if name in model.model_fields:
                    data[name] = normalise(model, name, value, choices(model, name, context))
                else:
                    asker.say(f"参数 --{name.replace('_', '-')} 不适用于{model.label}，已忽略")
        problems = field_problems(model, data, set(data), context)
        missing = [n for n in order(model, data) if n not in data]
        if not problems and not missing:
            problems = full_problems(model, data, context)  # nothing stood in for now
            if not problems:
                return data
        if problems:
            name, problem = next(iter(problems.items()))
            if name not in model.model_fields:  # a key this type does not have: say so, never crash
                asker.say(f"  ✗ {problem}，已忽略。")
                data.pop(name, None)
                continue
            rest = {k: v for k, v in data.items() if k != name}
            data[name] = ask_field(
                asker, model, name, rest, context, None, problem if name in data else "这一项需要填写"
            )
            continue
        default = defaults.get(missing[0])
        data[missing[0]] = ask_field(
            asker, model, missing[0], data, context, default(data) if callable(default) else default
        )
    raise NoMoreInput
