"""What stops a command or a build, as staff read it.

Two protocols, both printed without a traceback: ``ContentInvalid`` carries every problem of the
content (file, line, field and what is expected); ``StaffError`` is one Chinese message about
anything else staff or whoever runs the server can act on (mkdocs.yml, SOURCE_DATE_EPOCH, a
broken image, a missing font). Any other exception is a bug in the program: ``program_error``
says so, and the traceback is shown with ``-v``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file; ``str()`` gives the Chinese one-line message."""

    path: str
    line: int
    message: str
    field: str = ""
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text}（建议：{self.hint}）" if self.hint else text


class StaffError(Exception):
    """Stops a command or a build with a Chinese message someone can act on (printed without a traceback).

    Not a ValueError: a ValueError from code is a bug, and no ``except ValueError`` may turn it into a message.
    """


# Where a bug is reported: README and 编辑指南 name the site's administrator (网站管理员) for what staff cannot fix.
REPORT = "这是程序本身的问题，不是内容写错了：请把以上提示发给网站管理员"
VERBOSE_HINT = "（在命令后加 -v 重新运行，如 farun build -v，会显示出错的位置，请一并发送）"


def program_error(what: str, verbose: bool = False) -> str:
    """程序错误：KeyError: 'x' — an exception no staff input explains, and where to report it."""
    return f"程序错误：{what}\n{REPORT}{'' if verbose else VERBOSE_HINT}。"


def describe(exc: BaseException) -> str:
    """``KeyError: 'x'`` as Python's last traceback line says it."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class ContentInvalid(Exception):
    """Raised with every collected problem when content cannot be published."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__(format_errors(self.errors))


def format_errors(errors: list[ContentError], checked: int | None = None, color: bool = False) -> str:
    """Problems grouped by file (each line ``path:line: message``), ending with a one-line summary.

    ``path:line`` stays at the start of every line so editors' terminals make it clickable.
    """
    paint = _paint if color else (lambda text, _style: text)
    groups: dict[str, list[ContentError]] = {}
    for error in sorted(errors):
        groups.setdefault(error.path, []).append(error)
    lines: list[str] = []
    for path, items in groups.items():
        lines.append(paint(f"{path}（{len(items)} 个问题）", "head"))
        for item in items:
            lines.append(f"  {paint(f'{item.path}:{item.line}:', 'where')} {item.message}")
            if item.hint:
                lines.append(paint(f"      建议：{item.hint}", "hint"))
        lines.append("")
    lines.append(paint(summary(len(errors), checked, len(groups)), "bad" if errors else "good"))
    return "\n".join(lines)


def summary(problems: int, checked: int | None = None, files_with_problems: int = 0) -> str:
    """共检查 42 个文件，发现 3 个问题 — the last line of every report."""
    if checked is None:
        return f"共发现 {problems} 个问题（涉及 {files_with_problems} 个文件），请逐条修改后重新构建。"
    if not problems:
        return f"共检查 {checked} 个文件，没有发现问题。"
    return (
        f"共检查 {checked} 个文件，发现 {problems} 个问题（涉及 {files_with_problems} 个文件），请逐条修改后重新检查。"
    )


_STYLES = {"head": "1", "where": "36", "hint": "33", "bad": "1;31", "good": "1;32"}


def _paint(text: str, style: str) -> str:
    return f"\033[{_STYLES[style]}m{text}\033[0m"


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
