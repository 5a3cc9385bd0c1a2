"""Chinese line breaking for titles drawn on images: pure, font-agnostic.

Text is cut into unbreakable segments — one Chinese word (from a ``words``
segmenter, jieba in drawing.py; one hanzi without it), one Latin word or number
(ETC, 12328, 14:30-16:00), with closing punctuation glued to what precedes it
and opening punctuation glued to what follows — so no line starts with
，。、；：！？）》」』, none ends with （《「『, and 网约车 is never cut into 网约/车
unless the word alone is wider than a line. Widths come from a ``measure``
callable and words from a ``words`` callable, so the rules are tested without any font.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

Measure = Callable[[str], float]
Words = Callable[[str], list[str]]  # a Chinese run -> its words, in order, joining back to the run

# Characters that may not begin a line (closing marks, pause marks, dashes, ellipses).
NO_START = set("，。、；：！？）》」』】〕〉〗”’…—–·・％‰℃,.;:!?)]}%~～")
# Characters that may not end a line (opening marks).
NO_END = set("（《「『【〔〈〖“‘([{")
ELLIPSIS = "…"

_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(r"[A-Za-z0-9\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+(?:[.\-_/:+&'@#][A-Za-z0-9]+)*|\s+|.", re.S)


def _inside_words(text: str, words: Words | None) -> set[int]:
    """Offsets of the hanzi that continue a word (no break before them)."""
    inside: set[int] = set()
    if words is None:
        return inside
    for run in _HANZI.finditer(text):
        pos = run.start()
        pieces = words(run.group())
        if "".join(pieces) != run.group():  # a segmenter that changed the text: ignore it
            continue
        for piece in pieces:
            inside.update(range(pos + 1, pos + len(piece)))
            pos += len(piece)
    return inside


def segments(text: str, words: Words | None = None) -> list[str]:
    """Cut ``text`` into unbreakable pieces; a " " piece is a break point."""
    out: list[str] = []
    text = " ".join(text.split())
    inside = _inside_words(text, words)
    offset = 0
    for token in _TOKEN.findall(text):
        start, offset = offset, offset + len(token)
        if start in inside and out and out[-1] != " ":  # the rest of a word: no break before it
            out[-1] += token
        elif token.isspace():
            if out and out[-1] != " " and out[-1][-1] not in NO_END:
                out.append(" ")
        elif token[0] in NO_START and out:
            if out[-1] == " ":  # "ETC ，" -> the mark stays with the word
                out.pop()
            out[-1] += token
        elif out and out[-1] != " " and out[-1][-1] in NO_END:
            out[-1] += token
        else:
            out.append(token)
    while out and out[-1] == " ":
        out.pop()
    return out


def _split_long(piece: str, width: float, measure: Measure) -> list[str]:
    """Break one segment wider than a whole line between characters (last resort)."""
    lines, current = [], ""
    for char in piece:
        breakable = current and char not in NO_START and current[-1] not in NO_END
        if breakable and measure(current + char) > width:
            lines.append(current)
            current = char
        else:
            current += char
    return lines + [current] if current else lines


def wrap(text: str, width: float, measure: Measure, words: Words | None = None) -> list[str]:
    """Greedy line breaking of ``text`` into lines no wider than ``width``."""
    return _wrap(segments(text, words), width, measure)


def _wrap(pieces: list[str], width: float, measure: Measure) -> list[str]:
    """``wrap`` of text already cut into ``segments``: fitting one text tries many widths and sizes."""
    lines: list[str] = []
    current = ""
    for seg in pieces:
        if seg == " ":
            current += " " if current else ""
            continue
        if measure(current + seg) <= width:
            current += seg
            continue
        if current.strip():
            lines.append(current.rstrip())
        parts = [seg] if measure(seg) <= width else _split_long(seg, width, measure)
        lines += parts[:-1]
        current = parts[-1]
    if current.strip():
        lines.append(current.rstrip())
    return lines


def balance(text: str, width: float, measure: Measure, words: Words | None = None) -> list[str]:
    """Wrap into as few lines as ``width`` allows, but with lines of even length."""
    return _balance(segments(text, words), width, measure)


def _balance(pieces: list[str], width: float, measure: Measure) -> list[str]:
    target = len(_wrap(pieces, width, measure))
    if target <= 1:
        return _wrap(pieces, width, measure)
    low, high = 1.0, float(width)
    while high - low > 1:
        mid = (low + high) / 2
        if len(_wrap(pieces, mid, measure)) <= target:
            high = mid
        else:
            low = mid
    return _wrap(pieces, high, measure)


def ellipsize(text: str, width: float, max_lines: int, measure: Measure, words: Words | None = None) -> list[str]:
    """The first ``max_lines`` lines of ``text``, the last one cut and ended with …."""
    lines = wrap(text, width, measure, words)
    if len(lines) <= max_lines:
        return lines
    head = lines[: max_lines - 1]
    rest = segments(" ".join(lines[max_lines - 1 :]), words)
    last = ""
    for seg in rest:
        if measure(last + seg + ELLIPSIS) > width:
            if not last:  # a single overlong word: cut it between characters
                for char in seg:
                    if measure(last + char + ELLIPSIS) > width:
                        break
                    last += char
            break
        last += seg
    last = last.rstrip()
    while last and (last[-1] in NO_END or last[-1] in "，、；：。,;:" or last[-1].isspace()):
        last = last[:-1]
    return head + [last + ELLIPSIS]


@dataclass(frozen=True)
class Fit:
    """A text fitted into a box: font size, lines, and whether it was cut."""

    size: int
    lines: tuple[str, ...]
    truncated: bool


def fit(
    text: str,
    width: float,
    max_lines: int,
    sizes: Sequence[int],
    measure_at: Callable[[int], Measure],
    words: Words | None = None,
) -> Fit:
    """Shrink through ``sizes`` (largest first), then wrap onto more lines, then end with …."""
    sizes = sorted(set(sizes), reverse=True)
    pieces = segments(text, words)
    for lines_allowed in range(1, max_lines + 1):
        for size in sizes:
            measure = measure_at(size)
            lines = _wrap(pieces, width, measure)
            if len(lines) <= lines_allowed:
                return Fit(size, tuple(_balance(pieces, width, measure)), False)
    smallest = sizes[-1]
    return Fit(smallest, tuple(ellipsize(text, width, max_lines, measure_at(smallest), words)), True)
