"""Staff typing habits in front matter: Chinese list separators and curly quotes.

A Chinese input method types ，、； where YAML expects ", ", and Word/WPS turn
straight quotes into “…”. Both must be caught or corrected before a value is
published as written.
"""

from __future__ import annotations

import re

# Separators staff type between list items with a Chinese input method.
SEPARATORS = "，、；;"
_OPEN, _CLOSE = "《〈（(「『【“‘[", "》〉）)」』】”’]"
# Quote pairs Word/WPS autocorrect produces, and full-width straight quotes.
QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("＂", "＂"), ("＇", "＇"), ("”", "”"), ("“", "“"))
_BRACKETED = re.compile(r"^\s*[［【\[](.*)[］】\]]\s*$", re.S)


def split_items(text: str) -> list[str]:
    """Split on ，、；; outside brackets and quotes: 网约车（出租车、顺风车） stays one item."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        if char in SEPARATORS and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def split_list(values: list) -> list:
    """A list whose text items may hold several values typed with Chinese separators."""
    out: list = []
    for value in values:
        out += split_items(value) if isinstance(value, str) else [value]
    return out


def as_list_text(text: str) -> list[str]:
    """What a scalar meant as a list holds: ［甲，乙］ or 甲、乙 -> [甲, 乙]."""
    match = _BRACKETED.match(text)
    return split_items(match.group(1) if match else text)


def flow_line(name: str, items: list[str]) -> str:
    """tags: [甲, 乙] — the corrected line staff can paste."""
    return f"{name}: [{', '.join(items)}]"


def curly_quoted(text: str) -> str | None:
    """The inner text when ``text`` is wholly wrapped in curly or full-width quotes, else None.

    “枫桥经验”在交通执法中的运用 and “放管服”与“双随机” are not wrapped (the first quote closes before
    the end); “深化“放管服”改革” is (Word nests the same quotes), as is “深化‘放管服’改革”.
    """
    text = text.strip()
    for left, right in QUOTE_PAIRS:
        if len(text) < 2 or not (text.startswith(left) and text.endswith(right)):
            continue
        inner = text[1:-1]
        if left != right and _closes_at_end(text, left, right):
            return inner.strip()
        if not any(q in inner for pair in QUOTE_PAIRS for q in pair):
            return inner.strip()
    return None


def _closes_at_end(text: str, left: str, right: str) -> bool:
    """Whether the opening quote's partner is the last character (quotes of this pair nest inside)."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char == left) - (char == right)
        if depth <= 0:
            return index == len(text) - 1 and depth == 0
    return False


def yaml_quoted(text: str) -> str:
    """A value written in straight YAML quotes: "…" or '…' when it holds a double quote."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"
