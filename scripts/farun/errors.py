"""Content problems as staff read them: file, line, field and what is expected."""

from __future__ import annotations

from dataclasses import dataclass


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


class ContentInvalid(Exception):
    """Raised with every collected problem when content cannot be published."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__(format_errors(self.errors))


def format_errors(errors: list[ContentError]) -> str:
    """Render a list of problems, one per line, followed by a count."""
    lines = [str(e) for e in sorted(errors)]
    lines.append(f"共发现 {len(errors)} 个问题，请逐条修改后重新构建。")
    return "\n".join(lines)
