"""Spreadsheets are read within bounds (issue 27.5): rows, columns, cell length, file size, declared size.

A 5 KB xlsx declaring the whole sheet (A1:XFD1048576) once ended in a MemoryError, and an import
had no row cap. Reading is bounded: at most ``MAX_ROWS`` filled rows per file, ``MAX_COLUMNS``
columns, ``MAX_CELL_CHARS`` characters per cell; empty rows (however many are declared) cost
nothing. Sizes around each limit are generated; the real commands run in tests/integration/test_bombs.py.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook

from farun.authoring import sheets
from farun.authoring.sheets import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, SheetError, read_sheets

HEAD = ["期数", "标题", "日期", "主讲人", "摘要", "主题"]
KNOWN = HEAD
SMALL_ROWS = 30  # the row cap as hypothesis tries it (the real one once, below)


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(",".join(map(str, row)) for row in rows) + "\n", encoding=encoding)
    return path


def _row(n: int) -> list[str]:
    return [str(n), f"讲座{n}", "2023-03-15", "陈立新", "摘要。", "行政复议"]


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "讲座"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _rows_read(path: Path) -> int:
    return sum(len(sheet.rows) for sheet in read_sheets(path, KNOWN))


def test_the_real_row_cap_on_csv(tmp_path):
    at_cap = _csv(tmp_path / "满.csv", [HEAD] + [_row(n) for n in range(1, MAX_ROWS + 1)])
    assert _rows_read(at_cap) == MAX_ROWS
    over = _csv(tmp_path / "超.csv", [HEAD] + [_row(n) for n in range(1, MAX_ROWS + 2)])
    with pytest.raises(SheetError) as error:
        read_sheets(over, KNOWN)
    assert (
        str(error.value)
        == "超.csv 超过 5000 行：一次最多导入 5000 行，请把台账拆成几个文件（每个不超过 5000 行）分别导入"
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    extra=st.integers(-3, 3),
    empty=st.integers(0, 50),
    title_rows=st.integers(0, 2),
    kind=st.sampled_from(["csv", "xlsx"]),
)
def test_rows_around_the_cap(tmp_path, monkeypatch, extra, empty, title_rows, kind):
    """Filled rows count, empty ones (between or after) do not; a title above the headings is no row."""
    monkeypatch.setattr(sheets, "MAX_ROWS", SMALL_ROWS)
    count = SMALL_ROWS + extra
    rows = [["讲座台账"]] * title_rows + [HEAD] + [_row(n) for n in range(1, count + 1)] + [[""] * 6] * empty
    rows[len(rows) // 2 : len(rows) // 2] = [[""] * 6] * empty
    path = _csv(tmp_path / "台账.csv", rows) if kind == "csv" else _xlsx(tmp_path / "台账.xlsx", rows)
    if count <= SMALL_ROWS:
        assert _rows_read(path) == count
    else:
        with pytest.raises(SheetError, match=f"^{path.name} 超过 {SMALL_ROWS} 行"):
            read_sheets(path, KNOWN)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    size=st.integers(MAX_CELL_CHARS - 2, MAX_CELL_CHARS + 2),
    column=st.integers(1, 6),
    kind=st.sampled_from(["csv", "xlsx"]),
)
def test_cell_length_around_the_cap(tmp_path, size, column, kind):
    row = _row(1)
    row[column - 1] = "摘" * size
    path = _csv(tmp_path / "长.csv", [HEAD, row]) if kind == "csv" else _xlsx(tmp_path / "长.xlsx", [HEAD, row])
    if size <= MAX_CELL_CHARS:
        assert _rows_read(path) == 1
    elif kind == "xlsx":
        with pytest.raises(SheetError) as error:
            read_sheets(path, KNOWN)
        assert str(error.value) == (
            f"长.xlsx 工作表“讲座”第 2 行第 {column} 列的单元格有 {size} 个字，超过 10000 字的上限："
            "请精简这个单元格（讲座正文可在导入后写进生成的文件）"
        )
    else:
        with pytest.raises(SheetError, match=r"^长\.csv .*超过 10000 字"):
            read_sheets(path, KNOWN)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(MAX_COLUMNS - 2, MAX_COLUMNS + 2))
def test_columns_around_the_cap(tmp_path, width):
    row = _row(1) + [""] * (width - 7) + ["备注"] if width > 6 else _row(1)
    path = _xlsx(tmp_path / "宽.xlsx", [HEAD, row])
    if width <= MAX_COLUMNS:
        assert _rows_read(path) == 1
    else:
        with pytest.raises(SheetError) as error:
            read_sheets(path, KNOWN)
        assert str(error.value) == (
            "宽.xlsx 工作表“讲座”第 2 行在第 100 列之后还有内容：台账最多 100 列，"
            "请删除多余的列，或把其他内容另存为一个文件"
        )


def _dimension_bomb(path: Path, last_row: int, last_column: str) -> Path:
    """A workbook saved by openpyxl, its sheet's <dimension> and last row rewritten to the whole sheet."""
    _xlsx(path, [HEAD, _row(1)])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    head, _, rest = sheet.partition("<dimension ")
    sheet = head + f'<dimension ref="A1:{last_column}{last_row}"/>' + rest.partition("/>")[2]
    sheet = sheet.replace("</sheetData>", f'<row r="{last_row}"></row></sheetData>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else data)
    path.write_bytes(buffer.getvalue())
    return path


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(last_row=st.integers(10, 1_048_576), last_column=st.sampled_from(["F", "AA", "ZZ", "XFD"]))
def test_a_declared_whole_sheet_reads_as_the_rows_there_are(tmp_path, last_row, last_column):
    path = _dimension_bomb(tmp_path / "整表.xlsx", last_row, last_column)
    assert path.stat().st_size < 10_000
    [sheet] = read_sheets(path, KNOWN)
    assert [number for number, _ in sheet.rows] == [2]


def test_file_and_unpacked_size_caps(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 1000)
    big = _csv(tmp_path / "大.csv", [HEAD] + [_row(n) for n in range(1, 100)])
    with pytest.raises(SheetError, match=r"^大\.csv 有 0\.0 MB，超过导入文件 0 MB 的上限"):
        read_sheets(big, KNOWN)
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(sheets, "MAX_XLSX_UNPACKED", 1000)
    packed = _xlsx(tmp_path / "压缩.xlsx", [HEAD] + [_row(n) for n in range(1, 100)])
    with pytest.raises(SheetError, match=r"^压缩\.xlsx 解压后有 0 MB，超过 0 MB 的上限，不像是正常的台账"):
        read_sheets(packed, KNOWN)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path, encoding):
    path = _csv(tmp_path / "台账.csv", [HEAD, _row(1)], encoding)
    [sheet] = read_sheets(path, KNOWN)
    assert sheet.rows[0][1]["标题"] == "讲座1"
