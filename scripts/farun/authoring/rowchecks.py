"""Checks of one spreadsheet row that look at its cells as staff typed them (the importer formats the place).

Each check returns ``(heading, message)`` pairs: the column a problem is in and what to do about it.
"""

from __future__ import annotations

from typing import Any

from farun.content.guard import value_problems


def invisible_characters(headings: dict[str, str], cells: dict[str, Any]) -> list[tuple[str, str]]:
    """Cells holding a character the content check refuses (NUL, ESC, C1, U+2028, noncharacters …).

    Every cell is read, imported or not: the rendered file would carry the character (or an escape
    for it) into the page, file name and feed, and the loader could only name the field, not the cell.
    """
    return [(headings.get(place[0], place[0]), f"{message}（建议：这类字符看不见，多来自复制粘贴或其他系统导出的数据；"
                                              "请在表格中删除这个字符，或重新输入这个单元格）")
            for place, message in value_problems(cells)]
