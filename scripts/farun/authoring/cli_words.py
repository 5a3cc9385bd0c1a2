"""Chinese for argparse's own words (usage, errors, -h), so the command line never answers in English.

argparse looks its messages up through the module-level ``_`` and ``ngettext`` (gettext) at the moment
it prints them; ``install`` points both at this table. The msgids are those of Python 3.11's argparse;
a message missing here is shown in English, and tests/authoring/test_clerk_messages.py drives the real
command through each staff-visible one.
"""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 “%(value)s”（可选：%(choices)s）",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "expected one argument": "后面需要写一个值",
    "expected at most one argument": "后面最多写一个值",
    "expected at least one argument": "后面至少要写一个值",
    "invalid %(type)s value: %(value)r": "值 “%(value)s” 无效（应为 %(type)s）",
    "one of the arguments %s is required": "参数 %s 中必须写一个",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r 已忽略",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 “%(parser_name)s”（可用：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开 “%(filename)s”：%(error)s",
}
PLURAL = {"expected %s argument": "后面需要写 %s 个值"}


def _words(text: str) -> str:
    return WORDS.get(text, text)


def _plural(singular: str, plural: str, count: int) -> str:
    return PLURAL.get(singular, singular if count == 1 else plural)


def install() -> None:
    """Make argparse speak Chinese in this process."""
    argparse._ = _words  # type: ignore[attr-defined]
    argparse.ngettext = _plural  # type: ignore[attr-defined]


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors list choices as check、build … (not as Python reprs)."""

    def error(self, message: str):
        message = message.replace("', '", "、").replace("（可选：'", "（可选：").replace("'）", "）")
        super().error(message)
