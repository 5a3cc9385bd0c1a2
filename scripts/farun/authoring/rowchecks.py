"""Checks of what staff typed, cell by cell or answer by answer: invisible characters, a party's full name.

The importer's checks return ``(heading, message)`` pairs (the importer formats the place); the
wizard's return ``{field: message}`` like its other answer checks.
"""

from __future__ import annotations

from typing import Any

from farun.content.guard import value_problems
from farun.content.load import field_label
from farun.content.name_check import SKIPPED_FIELDS
from farun.pii.names import (
    contains_full_name,
    is_masked,
    masked_surnames,
    probable_names,
    reading_form,
    surname_of,
    typed_full_name,
)

NATURAL = "自然人"


def invisible_characters(headings: dict[str, str], cells: dict[str, Any]) -> list[tuple[str, str]]:
    """Cells holding a character the content check refuses (NUL, ESC, C1, U+2028, noncharacters …).

    Every cell is read, imported or not: the rendered file would carry the character (or an escape
    for it) into the page, file name and feed, and the loader could only name the field, not the cell.
    """
    return [
        (
            headings.get(place[0], place[0]),
            f"{message}（建议：这类字符看不见，多来自复制粘贴或其他系统导出的数据；"
            "请在表格中删除这个字符，或重新输入这个单元格）",
        )
        for place, message in value_problems(cells)
    ]


def full_name_cells(data: dict[str, Any], sources: dict[str, str], derived: set[str]) -> list[tuple[str, str]]:
    """Imported columns of a 自然人 row that hold the full name typed as its party (refused there): 违法事实 “王建国驾驶…”."""
    full = typed_full_name(str(data.get("party", ""))) if data.get("party_type") == NATURAL else ""
    found = []
    for name, value in data.items() if full else ():
        values = value if isinstance(value, list) else [value]
        if (
            name != "party"
            and name not in derived
            and any(isinstance(v, str) and contains_full_name(v, {full}) for v in values)
        ):
            found.append((sources.get(name, name), full_name_message(full)))
    return found


FULL_NAMES = "full_names"  # the key in a wizard's context under which the names it was given are kept


def full_name_answers(model: type, data: dict[str, Any], context: dict[str, Any]) -> dict[str, str]:
    """Answers of ``farun new`` holding a full name the clerk typed as a 自然人 party earlier in this run.

    The wizard refuses 王建国 as party and asks again; the name is remembered (in ``context``) and every
    other answer, given before or after, is held against it.
    """
    remembered = context.setdefault(FULL_NAMES, set())
    if data.get("party_type") == NATURAL and (full := typed_full_name(str(data.get("party", "")))):
        remembered.add(full)
    found = {}
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        hit = next((h for v in values if isinstance(v, str) and (h := contains_full_name(v, remembered))), "")
        if name != "party" and hit:
            found[name] = field_label(model, name) + full_name_message(hit)
    for name, message in probable_name_answers(model, data).items():
        found.setdefault(name, message)
    return found


def probable_name_answers(model: type, data: dict[str, Any]) -> dict[str, str]:
    """Answers of a case or a 自然人 notice that name a person as ``make check`` would refuse (当事人王建国)."""
    natural = data.get("party_type") == NATURAL
    if getattr(model, "kind", "") != "case" and not natural:
        return {}
    texts = {
        name: reading_form("\n".join(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)))
        for name, value in data.items()
        if name not in SKIPPED_FIELDS
    }
    surnames = set().union(*map(masked_surnames, texts.values()))
    if natural and is_masked(str(data.get("party", ""))):
        surnames.add(surname_of(str(data["party"])))
    found = {}
    for name, text in texts.items():
        hit = next(iter(probable_names(text, surnames)), None)
        if hit is not None:
            found[name] = (
                f"{field_label(model, name)}中的“{hit.name}”像是自然人的姓名：只能公开姓氏（建议：写成“{hit.masked}”）"
            )
    return found


def full_name_message(full: str) -> str:
    """含有当事人的全名“王建国” … 写成“王某”."""
    return f"含有当事人的全名“{full}”：自然人当事人只能公开姓氏（建议：写成“{surname_of(full)}某”）"
