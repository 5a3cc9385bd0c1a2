"""Read staff spreadsheets (xlsx, csv) into rows keyed by their Chinese headings.

Excel and WPS exports differ in small ways that must not matter: headings with
spaces or full-width brackets, a title row above the headings, CSV in UTF-8
(with or without BOM) or GBK, dates as date cells, serial numbers or text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from farun.content.lists import split_items

HEADER_SCAN_ROWS = 10  # a heading row below a title row is still found
_SPACES = re.compile(r"[\s\u3000]+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "［": "(", "］": ")", "：": ":"})
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29


class SheetError(ValueError):
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


def decode_csv(raw: bytes, name: str) -> str:
    """UTF-8 with or without BOM, else GB18030 (covers GBK/GB2312 from Excel and WPS)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(f"{name} 无法识别编码：请在 Excel/WPS 中“另存为”CSV UTF-8 格式")


def _table_rows_csv(path: Path) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    text = decode_csv(path.read_bytes(), path.name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    for cells in reader:
        rows.append((reader.line_num, cells))
    return [("", rows)]


def _table_rows_xlsx(path: Path) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    from openpyxl import load_workbook  # only needed for xlsx

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise SheetError(f"{path.name} 无法作为 xlsx 打开（{type(exc).__name__}）：请在 Excel/WPS 中另存为 .xlsx") from None
    tables = []
    for sheet in book.worksheets:
        rows = [(index, list(values)) for index, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
        tables.append((sheet.title, rows))
    book.close()
    return tables


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
        for row_number, cells in rows[start + 1:]:
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
