"""Read a staff Markdown file: decode, split front matter, parse YAML with line numbers.

MkDocs' own ``utils/meta.py::get_data`` swallows YAML errors and returns an
empty mapping, so a broken front matter would publish silently; we parse it
ourselves and keep the line of every key for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from farun.runtime.errors import ContentError
from farun.content.guard import control_errors, value_errors, yaml_shape_errors
from farun.content.limits import body_problems, front_matter_problem
from farun.content.lists import curly_quoted, yaml_quoted

FENCE = re.compile(r"^---[ \t]*$")
END_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
BOM = "\ufeff"


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so we can say what is wrong with them.

    PyYAML turns 2023-03-15 into a date but raises a bare ValueError on
    2023-02-30; keeping strings lets the schema give a Chinese message.
    """


# YAML 1.1 reads "14:30" as the base-60 number 870; staff mean a time of day.
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$""")
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"""
    r"""|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"""
)
_REPLACED = {"tag:yaml.org,2002:timestamp": None, "tag:yaml.org,2002:int": _INT, "tag:yaml.org,2002:float": _FLOAT}
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, _REPLACED.get(tag, regexp) if tag in _REPLACED else regexp)
        for tag, regexp in resolvers
        if not (tag in _REPLACED and _REPLACED[tag] is None)
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Loc = tuple  # a path into the data: ("cases", 1) or ("revoked", "date")


@dataclass
class Document:
    """A parsed staff file: its data, body and the line of every key."""

    path: str
    data: dict[str, Any]
    body: str
    lines: dict[Loc, int] = field(default_factory=dict)
    fm_end_line: int = 1
    fm_text: str = ""  # the YAML between the fences, as written

    @property
    def source(self) -> str:
        """The file normalised for a site engine: fences on line 1, LF line ends, no BOM."""
        return f"---\n{self.fm_text}\n---\n{self.body}"

    def line_of(self, loc: Loc) -> int:
        """The best line for a location: the key itself, else its nearest parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1


def decode(raw: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    """Decode UTF-8 (with or without BOM), normalise line ends; explain other encodings."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "用记事本或 VS Code 打开，选择“另存为”，编码选 UTF-8"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None, [
                ContentError(path, 1, "文件不是 UTF-8 编码：文件是 UTF-16（记事本中的“Unicode”）编码", hint=hint)
            ]
        try:
            raw.decode("gb18030")
            guess = "文件似乎是 GBK/GB2312 编码"
        except UnicodeDecodeError:
            guess = "文件含有无法识别的字节"
        return None, [ContentError(path, line, f"文件不是 UTF-8 编码：{guess}", hint=hint)]
    text = text.lstrip(BOM).replace("\r\n", "\n").replace("\r", "\n")
    if text.count("\x00") > 16:  # a binary file renamed .md; a stray NUL is named by guard.control_errors
        return None, [ContentError(path, 1, "文件含有大量空字符（\\0），可能不是文本文件或已损坏")]
    return text, []


def split(text: str, path: str) -> tuple[str, str, int, list[ContentError]]:
    """Split text into (front matter, body, line of the body); errors if absent or unclosed."""
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return "", "", 1, [ContentError(path, 1, "文件是空的：开头应有 --- 包围的 front matter（标题、日期等信息）")]
    if not FENCE.match(lines[first]):
        hint = "在文件第一行写 ---，接着写 title: 等字段，再以一行 --- 结束"
        if lines[first].strip() in ("－－－", "——", "———", "—", "---"):
            hint = "分隔线应为三个半角减号 ---（不是全角“－”或破折号“—”）"
        return "", "", first + 1, [ContentError(path, first + 1, "缺少 front matter：文件应以一行 --- 开头", hint=hint)]
    for end in range(first + 1, len(lines)):
        if END_FENCE.match(lines[end]):
            fm = "\n".join([""] * (first + 1) + lines[first + 1 : end])
            body = "\n".join(lines[end + 1 :])
            return fm, body, end + 2, []
    return (
        "",
        "",
        first + 1,
        [
            ContentError(
                path,
                first + 1,
                "front matter 没有结束：第 %d 行的 --- 之后找不到结束的 ---" % (first + 1),
                hint="在最后一个字段之后单独写一行 ---",
            )
        ],
    )


def _line_map(node: yaml.Node, loc: Loc, out: dict[Loc, int], dupes: list[tuple[Loc, int, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                dupes.append((loc + (key,), seen[key], line))
            seen[key] = line
            out[loc + (key,)] = line
            _line_map(value_node, loc + (key,), out, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[loc + (index,)] = item.start_mark.line + 1
            _line_map(item, loc + (index,), out, dupes)


def _yaml_error(exc: yaml.YAMLError, path: str, fm: str) -> ContentError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 1
    source_line = fm.split("\n")[line - 1] if mark and line - 1 < len(fm.split("\n")) else ""
    hint = "每行写成“字段: 值”，冒号后留一个空格；含冒号、# 或引号的值请用引号括起来"
    if "\t" in source_line:
        hint = "YAML 中不能用 Tab 缩进，请改为空格"
    elif "：" in source_line and ":" not in source_line:
        hint = "字段名后应使用半角冒号“:”，不是全角“：”"
    problem = str(getattr(exc, "problem", None) or "")
    reason = next((text for key, text in _YAML_PROBLEMS if key in problem), "无法解析")
    return ContentError(path, line, f"front matter 格式错误：{reason}", hint=hint)


_FULL_WIDTH_COLON = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*：\s*(.*)$")
_NO_SPACE = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*):([^\s/].*)$")
_KEY_VALUE = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*): +(.*?)\s*$")


def typing_slips(fm: str, path: str) -> list[ContentError]:
    """Lines that a Chinese input method or Word/WPS autocorrect broke, named precisely.

    PyYAML reports such a line vaguely and often at the next line; these are the
    most common slips of staff, so each gets its own message with the fixed line.
    """
    errors = []
    for number, text in enumerate(fm.split("\n"), start=1):
        if match := _FULL_WIDTH_COLON.match(text):
            indent, key, value = match.groups()
            errors.append(
                ContentError(
                    path,
                    number,
                    f"字段名 {key} 后面用了全角冒号“：”，YAML 只认半角冒号“:”",
                    field=key,
                    hint=f"改成半角冒号加一个空格：{indent}{key}: {value}".rstrip(),
                )
            )
        elif match := _NO_SPACE.match(text):
            indent, key, value = match.groups()
            errors.append(
                ContentError(
                    path,
                    number,
                    f"字段名 {key} 的冒号后面缺少空格",
                    field=key,
                    hint=f"冒号后留一个空格：{indent}{key}: {value}",
                )
            )
        elif (match := _KEY_VALUE.match(text)) and ": " in match.group(3):
            indent, key, value = match.groups()
            inner = curly_quoted(value)
            if inner is not None:
                errors.append(
                    ContentError(
                        path,
                        number,
                        f"{key} 的值用了中文引号（{value[0]}…{value[-1]}），YAML 只认半角引号，所以值里的“: ”被当成了又一个字段",
                        field=key,
                        hint=f"改用半角引号：{indent}{key}: {yaml_quoted(inner)}",
                    )
                )
    return errors


# PyYAML's English problems, as staff can act on them.
_YAML_PROBLEMS = [
    ("'\\t'", "含有 Tab 字符"),
    ("mapping values are not allowed", "这一行多了一个冒号（值里含有“: ”时请把整个值用引号括起来）"),
    ("could not find expected ':'", "缺少冒号，或上一行的引号没有闭合"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("expected <block end>", "缩进不一致：同一层的字段应左对齐"),
    ("did not find expected key", "缩进不一致，或列表项“- ”写在了错误的位置"),
    ("did not find expected ',' or ']'", "方括号列表没有正确闭合，例如 [行政复议, 依法行政]"),
    ("did not find expected ',' or '}'", "花括号没有正确闭合"),
    ("found character that cannot start any token", "含有不能作为开头的字符（如 @ 或 `），请用引号括起来"),
    ("found undefined alias", "含有 * 开头的值，请用引号括起来"),
    ("found unknown escape character", "双引号中的反斜杠 \\ 无效，请改用单引号"),
    ("block sequence entries are not allowed", "列表项“- ”不能写在这里，请检查缩进"),
]


# libyaml parses ten times faster (the benchmark's profile: YAML was most of load+validate);
# same resolvers, so "14:30" and dates stay text.
_FastLoader = type(
    "_FastLoader",
    (getattr(yaml, "CSafeLoader", yaml.SafeLoader),),
    {"yaml_implicit_resolvers": _Loader.yaml_implicit_resolvers},
)


def _load(fm: str, loader_cls) -> tuple:
    """Compose once and build the data from that node (no second parse)."""
    loader = loader_cls(fm)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def parse(raw: bytes, path: str) -> tuple[Document | None, list[ContentError]]:
    """Parse one staff file into a Document, or return the reasons it cannot be read."""
    text, errors = decode(raw, path)
    if text is None:
        return None, errors
    fm, body, body_line, errors = split(text, path)
    if errors:
        return None, errors + control_errors(text, path, None)
    # Refused before any YAML is built: control characters, anchors/aliases (alias bombs), deep nesting
    # (read from the event stream, holding nothing), then a size no real front matter has.
    errors = control_errors(text, path, body_line) or yaml_shape_errors(fm, path)
    if errors:
        return None, errors
    if too_large := front_matter_problem(fm, path):
        return None, [too_large]
    try:
        node, data = _load(fm, _FastLoader)
    except yaml.YAMLError:
        try:  # the pure-Python parser gives the messages and marks _yaml_error translates
            node, data = _load(fm, _Loader)
        except yaml.YAMLError as exc:
            return None, typing_slips(fm, path) or [_yaml_error(exc, path, fm)]
    if data is None:
        return None, [ContentError(path, 1, "front matter 是空的：至少需要 title、date 等必填字段")]
    if not isinstance(data, dict):
        if slips := typing_slips(fm, path):
            return None, slips
        first_line = node.start_mark.line + 1
        hint = "每行写成“字段: 值”"
        if "：" in fm:
            hint = "字段名后应使用半角冒号“:”，不是全角“：”"
        return None, [ContentError(path, first_line, "front matter 应为“字段: 值”的列表", hint=hint)]
    lines: dict[Loc, int] = {}
    dupes: list[tuple[Loc, int, int]] = []
    _line_map(node, (), lines, dupes)
    errors = [
        ContentError(
            path,
            second,
            f"字段 {'.'.join(map(str, loc))} 重复出现（第 {first} 行已经写过）",
            field=str(loc[0]),
            hint="删除其中一行",
        )
        for loc, first, second in dupes
    ]
    bad_keys = [k for k in data if not isinstance(k, str)]
    for key in bad_keys:
        errors.append(ContentError(path, 1, f"字段名 {key!r} 无效：字段名应为英文，例如 title"))
    errors += body_problems(body, path, body_line)  # sizes the Markdown engine cannot take (content/limits.py)
    doc = Document(path=path, data=data, body=body, lines=lines, fm_end_line=body_line - 1, fm_text=fm.lstrip("\n"))
    # After parsing: YAML escapes ("\0", "\u2028") made characters the raw text did not hold.
    if bad_values := value_errors(data, path, doc.line_of):
        return None, errors + bad_values
    return doc, errors
