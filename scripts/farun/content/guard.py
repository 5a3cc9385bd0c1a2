"""Hostile text before it is parsed: control characters, YAML anchors and aliases, deep nesting.

A 20-line YAML alias bomb expands to gigabytes when constructed (the daily rebuild would hang and
expired penalties stay online); 300 nested brackets overflow the parser's recursion; NUL or ESC in a
tag breaks every XML output. Each is refused here, with file, line and field, before any YAML is
built. The scan reads libyaml's events only (no nodes, no recursion), so it is cheap and safe.
After parsing, every string value is held to the same character rule (``value_problems``): a YAML
escape such as "\\0" or "\\u2028" makes from plain text what the raw-text check would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Callable, Iterator

import yaml

from farun.runtime.errors import ContentError

MAX_LISTED_LINES = 50  # lines with control characters named one by one per file
MAX_DEPTH = 10  # the deepest real front matter (revoked.date) has 2 levels
# C0 controls except tab and newline, DEL, C1 controls; U+2028/2029 break JavaScript and feeds too;
# noncharacters (U+FDD0-FDEF and the last two code points of every plane) and lone surrogates are
# not characters at all (XML refuses them, a file name with one cannot be written).
_NONCHARACTERS = "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000))
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff" + _NONCHARACTERS + "]"
)
_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:")
_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _name(char: str) -> str:
    names = {
        "\x00": "空字符 NUL",
        "\x1b": "转义字符 ESC",
        "\x0c": "换页符",
        "\x0b": "垂直制表符",
        "\x08": "退格符",
        "\x0d": "回车符 CR",
        "\x7f": "删除符 DEL",
        "\u2028": "行分隔符 U+2028",
        "\u2029": "段分隔符 U+2029",
    }
    if char in names:
        return names[char]
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"孤立的代理码位 U+{code:04X}"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"非字符 U+{code:04X}"
    return f"控制字符 U+{code:04X}"


def _field_at(lines: list[str], index: int) -> str:
    """The front-matter key a line belongs to: its own, else the nearest key above."""
    for line in reversed(lines[: index + 1]):
        match = _KEY.match(line)
        if match:
            return match.group(1)
    return ""


def control_errors(text: str, path: str, body_line: int | None) -> list[ContentError]:
    """One error per line that holds an invisible control character (front matter: with its field)."""
    errors: list[ContentError] = []
    unlisted, first_unlisted = 0, 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        found = CONTROL.search(line)
        if not found:
            continue
        number = index + 1
        if len(errors) >= MAX_LISTED_LINES:  # a file with one on every line: the first ones say what to do
            unlisted, first_unlisted = unlisted + 1, first_unlisted or number
            continue
        in_body = body_line is not None and number >= body_line
        field = "" if in_body else _field_at(lines[: body_line - 1] if body_line else lines, index)
        where = "正文" if in_body else (f"字段 {field} " if field else "front matter ")
        errors.append(
            ContentError(
                path,
                number,
                f"{where}含有不可见的{_name(found.group())}（第 {found.start() + 1} 个字符）",
                field=field,
                hint="这类字符多来自复制粘贴，看不见但会破坏网页和订阅；请删除该字符或重新输入这一行",
            )
        )
    if unlisted:
        errors.append(
            ContentError(
                path,
                first_unlisted,
                f"从这一行起另有 {unlisted} 行含有不可见的控制字符，未逐条列出（每个文件最多列出 {MAX_LISTED_LINES} 行）",
                hint="多半是整个文件来自其他系统的导出或已损坏：请用记事本或 VS Code 重新保存为纯文字",
            )
        )
    return errors


def place_text(loc: tuple) -> str:
    """tags[2] or revoked.reason — a place in the data as staff read it (lists counted from 1)."""
    return str(loc[0]) + "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in loc[1:])


def strings(value: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string in parsed data, keys included, with where it sits (nested lists and mappings too)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, Mapping):  # the engine's config.extra is a Mapping, not a dict
        for key, item in value.items():
            if isinstance(key, str):
                yield loc + (key,), key
            yield from strings(item, loc + (key,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from strings(item, loc + (index,))


def value_problems(data: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """(place, message) for every parsed string holding a character the raw-text check refuses.

    YAML's double-quoted escapes (\\0 \\x1b \\u2028 \\N \\L \\P \\ud800 …) make such characters from
    plain text, so the raw text passes and the value does not: each value is held to the same rule.
    """
    found = []
    for place, text in strings(data, loc):
        char = CONTROL.search(text)
        if char is not None:
            found.append((place, f"含有不可见的{_name(char.group())}（第 {char.start() + 1} 个字符）"))
    return found


def value_errors(data: Any, path: str, line_of: Callable[[tuple], int]) -> list[ContentError]:
    """value_problems of a front matter as errors with file, line and field."""
    return [
        ContentError(
            path,
            line_of(place),
            f"字段 {place_text(place)} {message}",
            field=str(place[0]),
            hint="这类字符看不见，多来自双引号中的反斜杠转义（如 \\0、\\x1b、\\u2028），会破坏网页、文件名和订阅；"
            "请删除这个转义",
        )
        for place, message in value_problems(data)
    ]


# The YAML types a front matter may hold (as their explicit tags): !!binary, !!python/…, !!set, local
# tags (!x) and the rest are refused. Untagged values resolve to these anyway.
SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def _tag_error(tag: str, path: str, line: int, field: str) -> ContentError:
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
    where = f"字段 {field} " if field else "front matter "
    return ContentError(
        path,
        line,
        f"{where}使用了 YAML 标签 {shown}：只支持直接写出的文字、数字、日期和列表",
        field=field,
        hint=f"删除 {shown}，直接写出值；如果值本身以 ! 开头，请把整个值用引号括起来",
    )


def yaml_shape_errors(fm: str, path: str) -> list[ContentError]:
    """Explicit YAML tags other than SAFE_TAGS, anchors, aliases and nesting deeper than MAX_DEPTH, from libyaml's events."""
    if not any(mark in fm for mark in ("&", "*", "[", "{", "  ", "- ", "!")):
        return []  # flat "key: value" lines only: nothing to look for
    errors: list[ContentError] = []
    depth = 0
    try:
        for event in yaml.parse(fm, Loader=_EventLoader):
            line = event.start_mark.line + 1
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in SAFE_TAGS:
                errors.append(_tag_error(tag, path, line, _field_at(fm.split("\n"), line - 1)))
                if len(errors) > 5:
                    break
            elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                errors.append(
                    ContentError(
                        path,
                        line,
                        "不支持 YAML 锚点和别名（以 & 或 * 开头的写法）",
                        hint="把内容直接写出来；如果值本身以 & 或 * 开头，请用引号括起来",
                    )
                )
                if len(errors) > 5:
                    break
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    errors.append(
                        ContentError(
                            path,
                            line,
                            f"front matter 嵌套层数过多（超过 {MAX_DEPTH} 层）",
                            hint="字段的值只能是文字、列表或一层“字段: 值”，请检查多余的方括号、花括号或缩进",
                        )
                    )
                    break
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return errors  # the parser's own message comes from the normal parse
    return errors
