"""Read staff spreadsheets (xlsx, csv) into rows keyed by their Chinese headings.

Excel and WPS exports differ in small ways that must not matter: headings with
spaces or full-width brackets, a title row above the headings, CSV in UTF-8
(with or without BOM) or GBK, dates as date cells, serial numbers or text.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from farun.content.lists import split_items
from farun.runtime.errors import StaffError

HEADER_SCAN_ROWS = 10  # a heading row below a title row is still found
_SPACES = re.compile(r"[\s\u3000]+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "［": "(", "］": ")", "：": ":"})
_DATE_TEXT = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29


class SheetError(StaffError):
    """A spreadsheet that cannot be read at all (message in Chinese)."""


@dataclass
class Sheet:
    """One table: the original headings by normalised key and the data rows."""

    name: str  # "" for CSV
    header_row: int
    headings: dict[str, str]  # normalised key -> heading as written
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row number, key -> cell)


def heading_key(text: Any) -> str:
    """Normalise a heading: no spaces, half-width brackets ("罚款金额（万元）" -> "罚款金额(万元)")."""
    return _SPACES.sub("", str(text or "")).translate(_BRACKETS)


# Bounds of one import (issue 27.5): a real 台账 has tens of columns and hundreds of rows; a file
# declaring the whole sheet (A1:XFD1048576 in 5 KB) or holding 100,000 rows is refused in Chinese.
MAX_ROWS = 5000  # filled rows per file, besides the heading and a title above it
MAX_COLUMNS = 100
MAX_CELL_CHARS = 10_000
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNPACKED = 32 * 1024 * 1024  # a 5,000-row 双公示 export unpacks to ~5-15 MB of XML; openpyxl reads
# a sheet without <dimension> whole before the first row (~1 s per MB), so this also bounds the time
SPLIT_HINT = "请把台账拆成几个文件（每个不超过 {rows} 行）分别导入"


def _too_many_rows(name: str) -> SheetError:
    return SheetError(f"{name} 超过 {MAX_ROWS} 行：一次最多导入 {MAX_ROWS} 行，" + SPLIT_HINT.format(rows=MAX_ROWS))


def _bounded(name: str, label: str, rows: Iterable[tuple[int, Iterable[Any]]]) -> list[tuple[int, list[Any]]]:
    """The filled rows of a table, held to MAX_ROWS, MAX_COLUMNS and MAX_CELL_CHARS; empty rows are dropped.

    Rows are read one at a time and only filled ones kept, so trailing empty rows cost nothing to
    hold however many a file declares; the first row past a bound ends the reading with its message.
    """
    kept: list[tuple[int, list[Any]]] = []
    for number, values in rows:
        cells = list(values)
        if not any(cell not in (None, "") for cell in cells):
            continue
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise SheetError(
                f"{name} {label}第 {number} 行在第 {MAX_COLUMNS} 列之后还有内容：台账最多 {MAX_COLUMNS} 列，"
                "请删除多余的列，或把其他内容另存为一个文件"
            )
        for column, cell in enumerate(cells, 1):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise SheetError(
                    f"{name} {label}第 {number} 行第 {column} 列的单元格有 {len(cell)} 个字，超过 {MAX_CELL_CHARS} 字的上限："
                    "请精简这个单元格（讲座正文可在导入后写进生成的文件）"
                )
        kept.append((number, cells))
        if len(kept) > MAX_ROWS + HEADER_SCAN_ROWS:
            raise _too_many_rows(name)
    return kept


def decode_csv(raw: bytes, name: str) -> str:
    """UTF-8 with or without BOM, UTF-16 with BOM (Excel's 'Unicode text'), else GB18030 (covers GBK/GB2312)."""
    encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(f"{name} 无法识别编码：请在 Excel/WPS 中“另存为”CSV UTF-8 格式")


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError(
            f"{path.name} 有 {size / 1024 / 1024:.1f} MB，超过导入文件 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限："
            + SPLIT_HINT.format(rows=MAX_ROWS)
        )


def _table_rows_csv(path: Path) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    _check_size(path)
    text = decode_csv(path.read_bytes(), path.name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS + 1)  # a longer field ends the reading at once, not after it is held

    def rows() -> Iterable[tuple[int, list[Any]]]:
        for cells in reader:
            yield reader.line_num, cells

    try:
        return [("", _bounded(path.name, "", rows()))]
    except csv.Error:
        raise SheetError(
            f"{path.name} 第 {reader.line_num + 1} 行附近有超过 {MAX_CELL_CHARS} 字的单元格（或引号没有成对）："
            "请精简这个单元格，或在 Excel/WPS 中打开后“另存为”CSV UTF-8 格式"
        ) from None
    finally:
        csv.field_size_limit(limit)


def _unpacked_size(path: Path) -> int:
    """What the xlsx's parts declare they unpack to (zipfile stops reading a part at its declared size)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # not a zip: openpyxl's own error below names it


def _table_rows_xlsx(path: Path) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    from openpyxl import load_workbook  # only needed for xlsx

    _check_size(path)
    unpacked = _unpacked_size(path)
    if unpacked > MAX_XLSX_UNPACKED:
        raise SheetError(
            f"{path.name} 解压后有 {unpacked // 1024 // 1024} MB，超过 {MAX_XLSX_UNPACKED // 1024 // 1024} MB 的上限，"
            "不像是正常的台账：请在 Excel/WPS 中打开后另存为 .xlsx，或" + SPLIT_HINT.format(rows=MAX_ROWS)
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise SheetError(
            f"{path.name} 无法作为 xlsx 打开（{type(exc).__name__}）：请在 Excel/WPS 中另存为 .xlsx"
        ) from None
    tables = []
    total = 0
    try:
        for sheet in book.worksheets:
            # The declared size (<dimension ref="A1:XFD1048576"/>) is not trusted: read the rows there are.
            sheet.reset_dimensions()
            label = f"工作表“{sheet.title}”"
            rows = _bounded(path.name, label, enumerate(sheet.iter_rows(values_only=True), start=1))
            rows = fill_merged(rows, _merged_ranges(book, sheet), path.name)
            total += len(rows)
            if total > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _too_many_rows(path.name)
            tables.append((sheet.title, rows))
    except SheetError:
        raise
    except Exception as exc:  # a damaged part read lazily (bad XML, a cell openpyxl cannot convert)
        raise SheetError(
            f"{path.name} 的内容无法读取（{type(exc).__name__}）：请在 Excel/WPS 中打开后另存为 .xlsx"
        ) from None
    finally:
        book.close()
    return tables


_MERGE_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _merged_ranges(book: Any, sheet: Any) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range, read from the sheet's XML.

    openpyxl's read-only mode (which keeps a large file cheap) does not report merged cells, so their
    <mergeCell ref="A2:A4"/> elements are read here, streaming, from the same part.
    """
    from defusedxml.ElementTree import iterparse  # no entity tricks in a staff file

    found: list[tuple[int, int, int, int]] = []
    with book._archive.open(sheet._worksheet_path) as part:
        for _, element in iterparse(part, events=("end",)):
            if element.tag.endswith("}mergeCell"):
                match = _MERGE_REF.match(element.get("ref", ""))
                if match:
                    first_col, first_row, last_col, last_row = match.groups()
                    found.append((int(first_row), _column_number(first_col), int(last_row), _column_number(last_col)))
            element.clear()
    return found


def fill_merged(
    rows: list[tuple[int, list[Any]]], ranges: list[tuple[int, int, int, int]], name: str = ""
) -> list[tuple[int, list[Any]]]:
    """Every cell of a merged range holds the range's value (Excel keeps it in the top-left cell only).

    Only rows that hold something are visited (found by bisection), and at most as many cells are
    filled as the table may have, so a file declaring huge or countless merges costs no more than that.
    """
    by_number = {number: cells for number, cells in rows}
    numbers = sorted(by_number)
    budget = (MAX_ROWS + HEADER_SCAN_ROWS) * MAX_COLUMNS
    for first_row, first_col, last_row, last_col in ranges:
        top = by_number.get(first_row)
        if top is None or first_col > len(top) or top[first_col - 1] in (None, ""):
            continue
        value = top[first_col - 1]
        for number in numbers[bisect.bisect_left(numbers, first_row) : bisect.bisect_right(numbers, last_row)]:
            cells = by_number[number]
            for column in range(first_col, min(last_col, MAX_COLUMNS) + 1):
                budget -= 1
                if budget < 0:
                    raise SheetError(
                        f"{name} 的合并单元格过多，不像是正常的台账：请在 Excel/WPS 中取消合并后另存为 .xlsx"
                    )
                while len(cells) < column:
                    cells.append(None)
                if cells[column - 1] in (None, ""):
                    cells[column - 1] = value
    return rows


def _find_header(rows: list[tuple[int, list[Any]]], known: set[str]) -> int | None:
    """Index of the first row (within the first few) naming at least two known headings."""
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        if sum(heading_key(c) in known for c in cells if c not in (None, "")) >= 2:
            return index
    return None


def read_sheets(path: Path, known_headings: Iterable[str]) -> list[Sheet]:
    """Every table in ``path`` whose heading row names known headings; others are skipped."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        tables = _table_rows_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        tables = _table_rows_xlsx(path)
    else:
        raise SheetError(f"{path.name}：只支持 .xlsx 和 .csv 文件（.xls 请先在 Excel/WPS 中另存为 .xlsx）")
    known = {heading_key(h) for h in known_headings}
    sheets = []
    for name, rows in tables:
        start = _find_header(rows, known)
        if start is None:
            continue
        number, header = rows[start]
        columns = [(i, heading_key(c), str(c).strip()) for i, c in enumerate(header) if c not in (None, "")]
        sheet = Sheet(name=name, header_row=number, headings={key: text for _, key, text in columns})
        if len(rows) - start - 1 > MAX_ROWS:
            raise _too_many_rows(path.name)
        for row_number, cells in rows[start + 1 :]:
            values = {key: _cell(cells[i]) for i, key, _ in columns if i < len(cells)}
            values = {k: v for k, v in values.items() if v not in (None, "")}
            if values:
                sheet.rows.append((row_number, values))
        sheets.append(sheet)
    return sheets


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def excel_date(value: Any) -> Any:
    """A date cell, an Excel serial number or text like 2023/3/15, 2023年3月15日 -> YYYY-MM-DD.

    Anything else is returned unchanged so the schema reports it in its own words.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        return (EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
    if isinstance(value, str):
        if value.isdigit() and 20000 <= int(value) <= 80000:
            return excel_date(int(value))
        match = _DATE_TEXT.match(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:  # 2024/11/31 as typed: the schema says 2024年11月没有31日
                return value
    return value


def split_list(value: Any) -> list[str]:
    """主题 and 涉及法规 cells: several values separated by ， 、 ； ; or line breaks (as in front matter)."""
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part for line in str(value).splitlines() for part in split_items(line)]


_AMOUNT = re.compile(r"^(?:人民币)?([0-9][0-9,，]*(?:\.[0-9]+)?)(万元|万|元)?$")


def money(value: Any, heading: str) -> tuple[Any, str | None]:
    """A fine in yuan from a cell, and a problem: the cell's own unit (0.3万元, 5000元) wins over the heading's."""
    column_unit = "万元" if "万元" in heading else "元"
    text = re.sub(r"[\s\u3000]+", "", str(value)) if not isinstance(value, bool) else ""
    match = _AMOUNT.match(text)
    if not match:
        example = "0.5（即 5000 元）" if column_unit == "万元" else "5000"
        return None, (
            f"应为金额数字（这一列的单位是{column_unit}，单元格里也可以写明“元”或“万元”），"
            f"例如 {example}，实际为 “{value}”"
        )
    amount = Decimal(match.group(1).replace(",", "").replace("，", ""))
    if (match.group(2) or column_unit).startswith("万"):
        amount *= 10000
    amount = amount.quantize(Decimal("0.01"))  # to the 分: 0.30000000000000004 万元 is 3000 元
    return (amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()), None
