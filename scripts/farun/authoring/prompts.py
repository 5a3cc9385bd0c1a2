"""Ask staff for front-matter fields in Chinese, checking every answer with the schema at once.

Answers come from a terminal or, when standard input is not a terminal, from
its lines (one answer per line), so scripts and tests can drive the same
questions.
"""

from __future__ import annotations

import typing
from typing import Any, Callable, TextIO

from pydantic import ValidationError

from farun.content.frontmatter import Document
from farun.content.lists import split_items
from farun.content.load import translate
from farun.content.schema import Item
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


def field_problems(model: type[Item], data: dict[str, Any], names: set[str], context: dict[str, Any]) -> dict[str, str]:
    """Schema messages for the given fields only (missing other fields is not their problem)."""
    try:
        model.model_validate(data, context=context)
    except ValidationError as exc:
        doc = Document(path="", data=data, body="")
        found: dict[str, str] = {}
        for error in translate(exc, model, doc):
            if error.field in names and error.field in data:
                found.setdefault(error.field, error.message + (f"（建议：{error.hint}）" if error.hint else ""))
        return found
    return {}


def ask_field(asker: Asker, model: type[Item], name: str, data: dict[str, Any], context: dict[str, Any],
              default: Any = None, problem: str = "") -> Any:
    """Ask for one field until the schema accepts the answer; returns the accepted value."""
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
    prompt = f"  请输入{f'（直接回车为 {shown}）' if default not in (None, '', []) else ''}："
    while True:
        answer = asker.ask(prompt)
        if not answer and default not in (None, "", []):
            value = default
        elif not answer and not info.is_required():
            return None
        else:
            value = normalise(model, name, answer, options)
        problems = field_problems(model, {**data, name: value}, {name}, context)
        if not problems and (value not in ("", None, []) or not info.is_required()):
            return value
        asker.say(f"  ✗ {problems.get(name, '不能为空')}，请重新输入。")


def ask_all(asker: Asker, model_for: Callable[[dict[str, Any]], type[Item]], data: dict[str, Any],
            order: Callable[[type[Item]], list[str]], context: dict[str, Any],
            defaults: dict[str, Any]) -> dict[str, Any]:
    """Ask every missing field in ``order``; then re-ask fields the whole-record checks reject."""
    data = dict(data)
    for _ in range(20):  # each round fixes at least one field; a bound keeps a bad pipe from looping forever
        while True:  # the notice type decides the remaining questions, so recompute after each answer
            model = model_for(data)
            missing = [n for n in order(model) if n not in data]
            if not missing:
                break
            data[missing[0]] = ask_field(asker, model, missing[0], data, context, defaults.get(missing[0]))
        problems = field_problems(model, data, set(model.model_fields), context)
        missing_required = [n for n, i in model.model_fields.items() if i.is_required() and n not in data]
        if not problems and not missing_required:
            return data
        for name, problem in problems.items():
            data[name] = ask_field(asker, model, name, data, context, None, problem)
        for name in _rejected_absent(model, data, context):
            data[name] = ask_field(asker, model, name, data, context, None, "这一项需要填写")
    raise NoMoreInput


def _rejected_absent(model: type[Item], data: dict[str, Any], context: dict[str, Any]) -> list[str]:
    """Optional fields that the whole-record checks require here (e.g. credit_code for a company)."""
    try:
        model.model_validate(data, context=context)
    except ValidationError as exc:
        return [str(e["loc"][0]) for e in exc.errors() if e["loc"] and e["loc"][0] not in data]
    return []
