"""Tables pasted from Excel/WPS into a body: tab-separated lines that a page would run into one paragraph."""

from __future__ import annotations

from farun.runtime.errors import ContentError
from farun.content.load import Record

FENCES = ("```", "~~~")


def _cells(line: str) -> list[str]:
    return [cell.strip().replace("|", "\\|") for cell in line.split("\t")]


def markdown_table(lines: list[str]) -> str:
    """The same rows as a Markdown table, the first row as its heading."""
    rows = [_cells(line) for line in lines]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(out)


def tab_tables(record: Record) -> list[ContentError]:
    """Two or more consecutive body lines with tabs between words (outside code), each named with its table."""
    errors: list[ContentError] = []
    run: list[tuple[int, str]] = []
    fenced = False

    def close() -> None:
        if len(run) >= 2:
            first, last = run[0][0], run[-1][0]
            errors.append(
                ContentError(
                    record.path,
                    first,
                    f"正文第 {first}–{last} 行像是从 Excel/WPS 粘贴的表格（用 Tab 分隔）：网页上会连成一段文字",
                    hint="换成下面的 Markdown 表格（第一行是表头）：\n" + markdown_table([line for _, line in run]),
                )
            )
        run.clear()

    start = record.doc.fm_end_line + 1
    for number, line in enumerate(record.body.splitlines(), start):
        if line.lstrip().startswith(FENCES):
            fenced = not fenced
        if not fenced and "\t" in line.strip() and not line.startswith(("\t", "    ")):
            run.append((number, line.strip()))
        else:
            close()
    close()
    return errors
