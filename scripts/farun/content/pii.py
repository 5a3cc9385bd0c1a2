"""Pure detectors for personal information that must never be published.

Resident ID numbers (GB 11643, 18 characters with a valid check character and
a real birth date, or 15-digit legacy numbers), mainland mobile numbers and
bank card numbers (16-19 digits passing Luhn). A number only counts when it
stands alone: not part of a longer run of digits or letters, so hashes,
decimals and masked forms (330602********123X, 138****5678) pass.

A Hit never shows its full number in ``repr``/``str``: messages use ``masked``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from farun.content.checkdigits import is_credit_code, is_resident_id, luhn_ok

# Not glued to other digits/letters, and not the fraction part of a decimal.
_L = r"(?<![0-9A-Za-z])(?<!\d\.)"
_R = r"(?![0-9A-Za-z])(?!\.\d)"
PLAIN = re.compile(_L + r"(\d{11,19}[Xx]?)" + _R)
GROUPED_MOBILE = re.compile(_L + r"(1[3-9]\d([ -])\d{4}\2\d{4})" + _R)
GROUPED_CARD = re.compile(_L + r"(\d{4}([ -])\d{4}\2\d{4}\2\d{4}(?:\2\d{1,3})?)" + _R)
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Zero-width characters (the search index separates Chinese words with U+200B).
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# The least any detector needs, without the boundary checks: PLAIN holds 11 digits in a row,
# GROUPED_MOBILE and GROUPED_CARD hold 3-4-4 digits with one repeated separator; a cheap
# pre-filter over a whole file (inline SVG path data such as "10 10 0 0 0 10" does not match).
CANDIDATE = re.compile(r"\d{11}|\d{3}([ -])\d{4}\1\d{4}")

LABELS = {"resident_id": "居民身份证号码", "mobile": "手机号码", "bank_card": "银行卡号"}


@dataclass(frozen=True, repr=False)
class Hit:
    """One personal number found at ``line`` (1-based); ``number`` stays out of every message."""

    kind: str
    number: str = field(compare=True)
    line: int = 0

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def masked(self) -> str:
        """330602********123X, 138****5678, 6222*********1234."""
        return mask(self.kind, self.number)

    def __repr__(self) -> str:
        return f"Hit({self.kind}, {self.masked}, line {self.line})"

    __str__ = __repr__


def mask(kind: str, number: str) -> str:
    """The masked form staff may publish instead of ``number``."""
    if kind == "mobile":
        return number[:3] + "****" + number[-4:]
    if kind == "resident_id":
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def normalize(text: str) -> str:
    """Full-width digits to ASCII, invisible separators removed; line breaks are kept."""
    text = unicodedata.normalize("NFKC", text)
    for ch in _INVISIBLE_CHARS:  # str.replace is far faster than translate on large files
        if ch in text:
            text = text.replace(ch, "")
    return text


def has_candidate(normalized: str) -> bool:
    """Whether normalized text holds 11 digits in a row, or 3-4-4 digits split by one space or hyphen.

    Every detector needs at least that much, so text without it holds no personal number.
    """
    return CANDIDATE.search(normalized) is not None


def digits_of(value: str) -> str:
    """The digits (and a trailing X) of a number as staff wrote it, for allowlist matching."""
    return re.sub(r"[^0-9X]", "", normalize(str(value)).upper())


def _classify(number: str, latest_year: int) -> str | None:
    if len(number) in (15, 18) and is_resident_id(number, latest_year):
        return "resident_id"
    if not number.isdigit():
        return None
    if MOBILE.match(number):
        return "mobile"
    # An all-digit credit code (GB 32100) is public company data, not a card.
    if 16 <= len(number) <= 19 and luhn_ok(number) and not is_credit_code(number):
        return "bank_card"
    return None


def find_in_line(line: str, latest_year: int = 2100) -> list[tuple[str, str]]:
    """(kind, number) of every personal number in one already-normalized line."""
    found = []
    for match in PLAIN.finditer(line):
        kind = _classify(match.group(1).upper(), latest_year)
        if kind:
            found.append((kind, match.group(1).upper()))
    for match in GROUPED_MOBILE.finditer(line):
        found.append(("mobile", re.sub(r"\D", "", match.group(1))))
    for match in GROUPED_CARD.finditer(line):
        number = re.sub(r"\D", "", match.group(1))
        if luhn_ok(number):
            found.append(("bank_card", number))
    return found


def find(text: str, allow: Iterable[str] = (), latest_year: int = 2100) -> list[Hit]:
    """Every personal number in ``text`` with its line, except allowlisted ones."""
    return find_normalized(normalize(text), allow, latest_year)


def find_normalized(text: str, allow: Iterable[str] = (), latest_year: int = 2100) -> list[Hit]:
    """Like ``find`` for text already passed through ``normalize``.

    Only lines holding a CANDIDATE are run through the detectors: no detector match spans a line
    break, and each contains a CANDIDATE match, so the other lines cannot hold a hit.
    """
    allowed = None
    hits = []
    line_no, line_start, done = 1, 0, -1
    for candidate in CANDIDATE.finditer(text):
        start = candidate.start()
        if start < done:
            continue  # this line was already checked
        line_no += text.count("\n", line_start, start)
        line_start = text.rfind("\n", 0, start) + 1
        end = text.find("\n", start)
        done = len(text) if end < 0 else end
        if allowed is None:
            allowed = {digits_of(v) for v in allow}
        for kind, number in find_in_line(text[line_start:done], latest_year):
            if number not in allowed:
                hits.append(Hit(kind, number, line_no))
    return hits
