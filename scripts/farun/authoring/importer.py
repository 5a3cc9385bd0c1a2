"""Spreadsheet rows (台账, 双公示 exports) -> content files, checked exactly as ``make check`` does.

Each row is rendered to the file it would become, then loaded by the same
loader and collection checks as the build (so duplicate episodes, missing
media and unknown references are found too). Nothing is written while any
row is invalid, unless ``partial`` is asked for; existing files are never
overwritten.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tempfile
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from farun.content.collection import build
from farun.authoring.compose import document, sections_body
from farun.runtime.errors import ContentError
from farun.content.load import load_all, load_file
from farun.authoring.rowchecks import full_name_cells, invisible_characters
from farun.authoring.scaffold import file_name
from farun.content.models import NOTICE_MODELS
from farun.pii.numbers import find as find_personal_numbers, redact
from farun.pii.shapes import read_shortcodes
from farun.content.schema import Item, Lecture
from farun.authoring.sheets import Sheet, excel_date, heading_key, money, read_sheets, split_list

# 双公示 export headings (national standard) that differ from the schema's own field titles.
PENALTY_HEADINGS = {
    "行政相对人类别": "party_type",
    "行政处罚决定书文号": "decision_no",
    "处罚决定日期": "decision_date",
    "处罚机关": "authority",
    "公示截止期": "expires",
    "失信严重程度": "severity",
    "罚款金额(万元)": "fine",
    "罚款金额(元)": "fine",
    "公示日期": "date",
    "发布日期": "date",
    "公示标题": "title",
}
LICENCE_HEADINGS = {
    "行政相对人类别": "party_type",
    "行政许可决定书文号": "decision_no",
    "许可决定日期": "decision_date",
    "许可机关": "authority",
    "公示日期": "date",
    "发布日期": "date",
    "公示标题": "title",
}
SLUG_HEADING = "文件名"
NOTICE_BODY = "根据{kind}信息公示的有关规定，现将上述{kind}决定信息予以公示。\n"
NO_DATE = {"长期", "长期有效", "无", "-", "—", "/"}


@dataclass(frozen=True)
class Spec:
    """How one kind of sheet maps to one content type."""

    name: str
    model: type[Item]
    folder: str
    signature: str  # a heading that identifies the sheet
    aliases: dict[str, str]
    key: str  # the field that must be unique within a sheet

    @property
    def columns(self) -> dict[str, str]:
        """Normalised heading -> field: the schema's Chinese titles, then the export's own names."""
        own = {heading_key(info.title): name for name, info in self.model.model_fields.items() if info.title}
        return own | {heading_key(k): v for k, v in self.aliases.items()}

    def heading_for(self, name: str) -> str:
        """The heading staff would write for a field."""
        for heading, target in list(self.aliases.items()) + [(i.title, n) for n, i in self.model.model_fields.items()]:
            if target == name and heading:
                return heading
        return name


def specs() -> list[Spec]:
    """The sheet kinds known today (notice kinds appear once their schemas exist)."""
    out = [Spec("讲座", Lecture, "lectures", "期数", {}, "episode")]
    if "行政处罚公示" in NOTICE_MODELS:
        out.append(
            Spec(
                "行政处罚",
                NOTICE_MODELS["行政处罚公示"],
                "notices",
                "行政处罚决定书文号",
                PENALTY_HEADINGS,
                "decision_no",
            )
        )
    if "行政许可公示" in NOTICE_MODELS:
        out.append(
            Spec(
                "行政许可",
                NOTICE_MODELS["行政许可公示"],
                "notices",
                "行政许可决定书文号",
                LICENCE_HEADINGS,
                "decision_no",
            )
        )
    return out


@dataclass
class Row:
    """One spreadsheet row turned into a would-be file."""

    sheet: Sheet
    spec: Spec
    number: int
    data: dict[str, Any]
    sources: dict[str, str]  # field -> heading it came from
    src_uri: str = ""
    text: str = ""
    problems: list[str] = field(default_factory=list)
    derived: set[str] = field(default_factory=set)  # fields copied from another column (checked there)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (heading, message) found while mapping


@dataclass
class Report:
    """What an import found and did."""

    problems: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    ready: list[Row] = field(default_factory=list)
    same: list[Path] = field(default_factory=list)
    differ: list[tuple[Path, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rows left out because of their problems


def _is_date_field(model: type[Item], name: str) -> bool:
    info = model.model_fields.get(name)
    return info is not None and "datetime.date" in str(info.annotation)


def _is_list_field(model: type[Item], name: str) -> bool:
    info = model.model_fields.get(name)
    return info is not None and str(info.annotation).startswith("list")


def map_row(spec: Spec, sheet: Sheet, number: int, cells: dict[str, Any]) -> Row:
    """Cells of one row -> front matter values, with the heading each value came from."""
    columns = spec.columns
    data: dict[str, Any] = {}
    sources: dict[str, str] = {}
    refused: list[tuple[str, str]] = []
    for key, value in cells.items():
        name = columns.get(key)
        if name is None:
            continue
        heading = sheet.headings[key]
        if _is_date_field(spec.model, name):
            if str(value).strip() in NO_DATE:
                continue
            value = excel_date(value)
        elif _is_list_field(spec.model, name):
            value = split_list(value)
        elif name == "fine":
            value, problem = money(value, heading)
            if problem:  # said here, in the column's unit: the schema's advice is in 元
                refused.append((heading, f"fine（罚款金额）{problem}"))
                continue
        data[name], sources[name] = value, heading
    copied: set[str] = set()
    if spec.model is not Lecture:  # a 双公示 row carries no title, type, issuer or publication date
        data["type"] = typing.get_args(spec.model.model_fields["type"].annotation)[0]  # Literal["行政处罚公示"]
        derived = {"issuer": "authority", "date": "decision_date"}
        for name, origin in derived.items():
            if name not in data and origin in data:
                data[name], sources[name] = data[origin], sources[origin]
                copied.add(name)
        if "title" not in data and "party" in data:
            data["title"] = f"{data['party']}{spec.model.label}（{data.get('decision_no', '')}）".replace("（）", "")
            sources["title"] = sources["party"]
            copied.add("title")
    row = Row(sheet=sheet, spec=spec, number=number, data=data, sources=sources, derived=copied, refused=refused)
    row.src_uri = f"{spec.folder}/{_file_name(spec, data, cells.get(SLUG_HEADING))}"
    return row


def _file_name(spec: Spec, data: dict[str, Any], slug: Any) -> str:
    try:
        day = dt.date.fromisoformat(str(data.get("date", "")))
    except ValueError:
        day = dt.date.today()
    if not slug and spec.model is Lecture:
        slug = f"di{data.get('episode', '')}qi"
    elif not slug:
        found = re.search(r"(\d{4})\D+(\d+)", str(data.get("decision_no", "")))
        prefix = "xzcf" if "处罚" in spec.name else "xzxk"
        slug = f"{prefix}-{found.group(1)}-{found.group(2)}" if found else prefix
    return file_name(spec.folder, day, str(slug))


def where(path: Path, row: Row, heading: str = "") -> str:
    """台账.xlsx 工作表“讲座” 第5行 “日期”列 — the place of a problem."""
    sheet = f" 工作表“{row.sheet.name}”" if row.sheet.name else ""
    column = f" “{heading}”列" if heading else ""
    return f"{path.name}{sheet} 第{row.number}行{column}"


def _row_problem(path: Path, row: Row, error: ContentError) -> str:
    heading = row.sources.get(error.field) or (row.spec.heading_for(error.field) if error.field else "")
    hint = error.hint
    if error.message.startswith("缺少必填字段"):
        hint = f"在表格的“{heading}”列填写" + (
            "" if heading_key(heading) in row.sheet.headings else "（表中还没有这一列）"
        )
    return f"{where(path, row, heading)}：{error.message}" + (f"（建议：{hint}）" if hint else "")


PII_HINT = "如确为可公开的单位服务号码，可加入 mkdocs.yml 的 extra.pii_allowlist"


def _personal_numbers(path: Path, row: Row, allow: Any, today: dt.date, slug: Any) -> None:
    """A row holding a personal number is a bad row: sheet, row, column and the number masked."""
    values = [(name, value) for name, value in row.data.items() if name not in row.derived]
    if slug not in (None, ""):
        values.append((SLUG_HEADING, slug))
    for name, value in values:
        text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        for hit in find_personal_numbers(read_shortcodes(text), allow or (), today.year):  # :one: renders as 1
            heading = SLUG_HEADING if name == SLUG_HEADING else row.sources.get(name) or row.spec.heading_for(name)
            row.problems.append(
                f"{where(path, row, heading)}：含有{hit.label} {hit.masked}：个人信息不得公开"
                f"（建议：改写为 {hit.masked}，或删除；{PII_HINT}）"
            )


def _duplicates(path: Path, rows: list[Row]) -> None:
    seen: dict[tuple, Row] = {}
    for row in rows:
        key_value = str(row.data.get(row.spec.key, "")).strip()
        keys = [("file", row.src_uri)] + ([("key", row.spec.name, key_value)] if key_value else [])
        for key in keys:
            first = seen.setdefault(key, row)
            if first is row:
                continue
            # Named first: a repeated row explains the rest of its problems (or is the only one).
            if first.data == row.data:
                row.problems.insert(0, f"{where(path, row)}：与第{first.number}行完全相同（重复的行，请删除其中一行）")
            elif key[0] == "key":
                heading = row.sources.get(row.spec.key, row.spec.key)
                label = row.spec.model.model_fields[row.spec.key].title
                row.problems.insert(0, f"{where(path, row, heading)}：{label}“{key_value}”与第{first.number}行重复")
            else:
                row.problems.insert(
                    0,
                    f"{where(path, row)}：与第{first.number}行会生成同一个文件 {row.src_uri}"
                    f"（建议：加一列“{SLUG_HEADING}”写不同的文件名）",
                )
            break


def _field_problems(path: Path, row: Row, context: dict[str, Any]) -> None:
    """The loader's messages for a row already refused (kept out of the collection checks)."""
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / "docs"
        target = staging / row.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(row.text, encoding="utf-8")
        _, errors = load_file(staging, row.src_uri, context)
    # Invisible characters were named by their cells (rowchecks); the rendered file would name them again.
    row.problems += [_row_problem(path, row, e) for e in errors if "含有不可见的" not in e.message]


def _check(path: Path, rows: list[Row], docs_dir: Path, context: dict[str, Any], today: dt.date) -> None:
    """Load every new file with the build's own loader, then run the collection checks."""
    existing, _ = load_all(docs_dir, context)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / docs_dir.name
        new = []
        for row in rows:
            target = staging / row.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(row.text, encoding="utf-8")
            record, errors = load_file(staging, row.src_uri, context)
            row.problems += [_row_problem(path, row, e) for e in errors]
            if record is not None:
                new.append((row, record))
        _, errors = build(existing + [record for _, record in new], today, docs_dir)
    by_path = {record.path: row for row, record in new}
    for error in errors:
        if error.path in by_path and not any(r.path == error.path for r in existing):
            row = by_path[error.path]
            row.problems.append(_row_problem(path, row, error))


def _render(row: Row, context: dict[str, Any]) -> str:
    """The file text; values normalised by the schema when the row is valid (《》 around laws …)."""
    model, values = row.spec.model, row.data
    try:
        meta = model.model_validate(row.data, context=context)
        values = {name: getattr(meta, name) for name in row.data}
    except ValidationError:
        pass  # rendered as given; the loader reports the problem with make check's words
    if model is Lecture:  # a draft, like make new-lecture: its sections are still to be written
        return document({**values, "draft": True}, model, sections_body(model, str(values.get("summary", ""))))
    return document(values, model, NOTICE_BODY.format(kind=model.label.removesuffix("公示")))


def plan(path: Path, docs_dir: Path, context: dict[str, Any], today: dt.date) -> Report:
    """Read, map and check every row; decide what would be written (nothing is written here)."""
    report = Report()
    known = {h for spec in specs() for h in list(spec.columns) + [spec.signature, SLUG_HEADING]}
    sheets = read_sheets(path, known)
    rows: list[Row] = []
    for sheet in sheets:
        spec = next((s for s in specs() if heading_key(s.signature) in sheet.headings), None)
        label = f"工作表“{sheet.name}”" if sheet.name else path.name
        if spec is None:
            report.notes.append(f"{label}：没有找到“期数”或决定书文号列，已跳过")
            continue
        unused = [text for key, text in sheet.headings.items() if key not in spec.columns and key != SLUG_HEADING]
        if unused:
            report.notes.append(f"{label}：以下列不导入：{'、'.join(unused)}")
        for number, cells in sheet.rows:
            row = map_row(spec, sheet, number, cells)
            row.problems += [f"{where(path, row, heading)}：{msg}" for heading, msg in row.refused]
            row.problems += [
                f"{where(path, row, heading)}：{msg}" for heading, msg in invisible_characters(sheet.headings, cells)
            ]
            row.text = _render(row, context)
            _personal_numbers(path, row, context.get("pii_allowlist"), today, cells.get(SLUG_HEADING))
            rows.append(row)
    if not sheets:
        report.problems.append(f"{path.name}：没有找到表头（应有“期数”“标题”等列，或“行政处罚决定书文号”等双公示列）")
    _duplicates(path, rows)
    fresh = []
    for row in rows:
        target = docs_dir / row.src_uri
        if row.problems:
            _field_problems(path, row, context)  # every problem of the row at once, not one per import
            continue
        if target.exists():
            old = target.read_text(encoding="utf-8", errors="replace")
            if old == row.text:
                report.same.append(target)
            else:
                diff = difflib.unified_diff(
                    old.splitlines(), row.text.splitlines(), "现有文件", "表格中的这一行", n=0, lineterm=""
                )
                report.differ.append((target, [line for line in diff][2:14]))
            continue
        fresh.append(row)
    _check(path, fresh, docs_dir, context, today)
    for row in rows:  # after the check, which names the refused 自然人 party itself: its full name in other columns
        row.problems += [
            f"{where(path, row, heading)}：{msg}"
            for heading, msg in full_name_cells(row.data, row.sources, row.derived)
        ]
    for row in rows:
        report.problems += row.problems
        if row.problems:
            report.skipped.append(where(path, row))
    report.ready = [row for row in fresh if not row.problems]
    return report


def partial_advice(path: Path, via_make: bool) -> str:
    """How to import only the good rows, in the words of the command staff typed."""
    if via_make:
        return f"make import FILE={path} PARTIAL=1"
    return f"python -m farun import {path} --partial"


def published_note(report: Report) -> list[str]:
    """Which new files go live at the next build and which wait as drafts."""
    drafts = [row for row in report.ready if row.spec.model is Lecture]
    live = [row for row in report.ready if row.spec.model is not Lecture]
    lines = []
    if drafts:
        lines.append(
            f"讲座 {len(drafts)} 期以草稿导入（draft: true），暂不发布：请补写“条文解读”“问答”等正文后删除 draft 一行。"
        )
    if live:
        lines.append(f"双公示 {len(live)} 条导入后即发布（行政处罚、行政许可公示有法定公示期限），下次构建即上线。")
    return lines


def write(report: Report, docs_dir: Path) -> list[Path]:
    """Create the planned files; never overwrite (a file that appeared meanwhile is left alone)."""
    for row in report.ready:
        target = docs_dir / row.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as out:
                out.write(row.text)
        except FileExistsError:
            report.same.append(target)
            continue
        report.written.append(target)
    return report.written


def summarise(
    report: Report, path: Path, docs_dir: Path, partial: bool, color: bool = False, via_make: bool = False
) -> str:
    """The import report staff read: problems by row, existing files, what will be written."""

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    lines = [f"读取 {path.name}："] + [f"  {note}" for note in report.notes]
    for target in report.same:
        lines.append(f"  已存在，内容相同，跳过：{target}")
    for target, diff in report.differ:
        lines.append(paint(f"  已存在且内容不同，没有覆盖：{target}（如需更新请直接编辑该文件）", "33"))
        lines += [f"      {line}" for line in diff]
    if report.problems:
        lines.append(paint(f"发现 {len(report.problems)} 个问题：", "1;31"))
        lines += [f"  {problem}" for problem in report.problems]
        if partial:
            lines.append(f"只导入没有问题的行：跳过 {len(report.skipped)} 行，导入其余 {len(report.ready)} 行。")
        else:
            lines.append(
                paint(
                    "没有写入任何文件。请改正表格后重新导入；或运行 "
                    f"{partial_advice(path, via_make)} 只导入没有问题的行。",
                    "1;31",
                )
            )
    else:
        lines.append(f"全部行检查通过：将新建 {len(report.ready)} 个文件。")
    return redact("\n".join(lines))  # a diff or a quoted value never shows a full number
