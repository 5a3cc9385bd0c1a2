"""Numbers of a spreadsheet cell as Excel shows them: the stored value through the cell's number format.

A cell holding 15958126600 (or 1.59581266E10, as Excel may store it) with the format
``000 0000 0000`` shows ``159 5812 6600``; a format can even add digits of its own
(``"159"0000 0000`` shows 58126600 as ``159 5812 6600``). ``shown(value, code)`` returns the
texts a reader may see: the format applied (digit placeholders filled from the right, literals kept),
the value written out in full without an exponent, and Excel's General form. Date and time formats
show dates, never a personal number: only the plain forms are returned for them. Pure.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Excel's built-in formats by id (the ones that place digits; others are dates or General).
BUILTIN = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    48: "##0.0E+0",
    49: "@",
}
_TOKEN = re.compile(r'"([^"]*)"?|\\(.)|_(.)|\*(.)|\[([^\]]*)\]?|(.)', re.S)
_DATE_LETTERS = set("yYmMdDhHsSeEgGbBaA")  # also AM/PM, era and Buddhist years


def plain(value: str) -> str | None:
    """The stored number written out without exponent (``1.59581266E10`` -> ``15958126600``), or None."""
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number.adjusted()) > 40:
        return None
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _general(number: Decimal) -> str:
    """Excel's General display: up to 11 characters, else scientific."""
    text = plain(str(number)) or ""
    if len(text.lstrip("-")) <= 11:
        return text
    return f"{float(number):.5E}".replace("E+0", "E+").replace("E-0", "E-")


def _section(code: str, number: Decimal) -> tuple[str, Decimal]:
    sections = _split(code)
    if number < 0 and len(sections) > 1:
        return sections[1], -number  # the negative section shows the magnitude; its own "-" is a literal
    if number == 0 and len(sections) > 2:
        return sections[2], number
    return sections[0], number


def _split(code: str) -> list[str]:
    sections, current = [], ""
    for match in _TOKEN.finditer(code):
        if match.group(6) == ";":
            sections.append(current)
            current = ""
        else:
            current += match.group(0)
    return sections + [current]


def apply(value: str, code: str) -> str | None:
    """``value`` through one number format code as Excel shows it; None for dates, times, fractions, scientific."""
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number.adjusted()) > 40:
        return None
    section, number = _section(code, number)
    tokens: list[tuple[str, str]] = []  # ("digit", 0/#/?) | ("dot", ".") | ("comma", ",") | ("text", literal)
    for match in _TOKEN.finditer(section):
        quoted, escaped, space, _repeat, bracket, char = match.groups()
        if quoted is not None:
            tokens.append(("text", quoted))
        elif escaped is not None:
            tokens.append(("text", escaped))
        elif space is not None:
            tokens.append(("text", " "))
        elif bracket is not None:
            if bracket.startswith("$"):  # [$¥-804]: a currency symbol and a locale
                tokens.append(("text", bracket[1:].split("-", 1)[0]))
        elif char is not None and match.group(4) is None:
            if char in "0#?":
                tokens.append(("digit", char))
            elif char == ".":
                tokens.append(("dot", char))
            elif char == ",":
                tokens.append(("comma", char))
            elif char in "Ee/" or char in _DATE_LETTERS:
                return None  # scientific, fraction, date or time
            elif char == "@":
                tokens.append(("text", plain(value) or value))
            elif char == "%":
                number *= 100
                tokens.append(("text", "%"))
            else:
                tokens.append(("text", char))
    if section.strip().lower() == "general" or not any(kind == "digit" for kind, _ in tokens):
        return (
            "".join(text for kind, text in tokens if kind == "text")
            if tokens and section.strip().lower() != "general"
            else _general(number)
        )
    return _fill(tokens, number)


def _fill(tokens: list[tuple[str, str]], number: Decimal) -> str:
    dot = next((i for i, (kind, _) in enumerate(tokens) if kind == "dot"), len(tokens))
    integer_tokens, fraction_tokens = tokens[:dot], tokens[dot + 1 :]
    # Commas after the last digit placeholder of the integer part divide by 1,000 each.
    last_digit = max((i for i, (kind, _) in enumerate(integer_tokens) if kind == "digit"), default=-1)
    trailing = sum(1 for kind, _ in integer_tokens[last_digit + 1 :] if kind == "comma")
    number /= Decimal(1000) ** trailing
    grouping = any(kind == "comma" for kind, _ in integer_tokens[: last_digit + 1])
    decimals = sum(1 for kind, _ in fraction_tokens if kind == "digit")
    rounded = abs(number).quantize(Decimal(1).scaleb(-decimals)) if decimals < 30 else abs(number)
    whole, _, fraction = format(rounded, "f").partition(".")
    whole = whole.lstrip("0")
    digits = [kind_char for kind, kind_char in integer_tokens if kind == "digit"]
    out: list[str] = []
    remaining = list(whole)
    for kind, text in reversed(integer_tokens):
        if kind == "digit":
            digits.pop()
            if not digits:  # the leftmost placeholder takes every digit left
                piece, remaining = "".join(remaining), []
                out.append(piece[::-1] or {"0": "0", "#": "", "?": " "}[text])
            elif remaining:
                out.append(remaining.pop())
            else:
                out.append({"0": "0", "#": "", "?": " "}[text])
        elif kind == "text":
            out.append(text[::-1])
    shown = "".join(out)[::-1]
    if grouping:
        shown = re.sub(r"\d+", lambda m: f"{int(m.group(0)):,}" if len(m.group(0)) > 3 else m.group(0), shown, count=1)
    if fraction_tokens:
        frac = list(fraction)
        parts = []
        for kind, text in fraction_tokens:
            if kind == "digit":
                digit = frac.pop(0) if frac else "0"
                parts.append(digit if digit != "0" or text == "0" else ("" if text == "#" else " "))
            elif kind == "text":
                parts.append(text)
        shown += "." + "".join(parts)
    sign = "-" if number < 0 else ""
    return sign + shown


def shown(value: str, code: str) -> list[str]:
    """Every text a reader of this numeric cell may see (the format applied, the full number, General)."""
    found = []
    full = plain(value)
    if full is not None:
        found.append(full)
        found.append(_general(Decimal(full)))
    try:
        formatted = apply(value, code) if code else None
    except (InvalidOperation, ValueError, IndexError, OverflowError):
        formatted = None
    if formatted is not None:
        found.append(formatted)
    return list(dict.fromkeys(found)) or [value]
