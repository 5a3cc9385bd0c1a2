"""The one detector of personal numbers that must never be published (check, build, import, preview).

Resident ID numbers (GB 11643: 18 characters with a real birth date; a wrong check character
still identifies a person and is reported as 疑似身份证号; or 15-digit legacy numbers), mainland
mobile numbers (with or without +86 / 0086 / 86) and bank card numbers (16-19 digits passing
Luhn with a card prefix, in one run, digit by digit, or in any groups of three or more digits).

Detection reads the number the way a reader does (see ``normalize``): NFKC, invisible and
combining characters dropped, every character with a digit's numeric value made ASCII (digits of
every script, circled and dingbat digits, Roman numerals, runs of Chinese numerals, see
pii_chars.py), and any short run of separators between digit groups (white space of every kind and
the dashes, dots, bullets, slashes, brackets and symbols of ``pii_chars.is_separator``) read as nothing. Letters or Chinese glued to a number
do not hide it (TEL15958126600). A number only counts on whole digit groups: 913812345678 is no
mobile. Masked forms (330602********123X, 138****5678) pass.

A Hit never shows its full number in ``repr``/``str``: messages use ``masked``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from farun.pii.checkdigits import is_credit_code, is_resident_id, is_suspect_resident_id, luhn_ok
from farun.pii.chars import ASTRAL as _ASTRAL, CN_DIGITS as _CN_DIGITS, FEWEST_DIGITS, tables as _tables


@lru_cache(maxsize=1)
def _translations() -> tuple[dict[int, str], dict[int, str]]:
    """``str.translate`` tables of the numerals read by value and of the characters replaced after NFKC (see pii_chars)."""
    found = _tables()
    return str.maketrans(found.numerals), str.maketrans(found.table)


# Three or more Chinese numerals in a row read as digits (一五九…, 二○二三), also in groups between
# separators (壹伍 玖伍捌, 六六 零零) or one against a digit (15九5…), unless all are zeros: a run of circles is a placeholder (王○○,
# 138○○○○5678), not a number. The pattern is made with the separators (``chains``).
_CN_CLASS = "[" + "".join(_CN_DIGITS) + "]"
_CN_TABLE = str.maketrans(_CN_DIGITS)
_CN_ZEROS = frozenset(ch for ch, digit in _CN_DIGITS.items() if digit == "0")
_CN_TABLE_KEYS = frozenset(_CN_DIGITS)

# What may stand between two digit groups of one number (after NFKC): up to five separators, a run
# of white space (line breaks included) counting as one ("159 - / 5812", "(0575) 8513"). The separators
# are derived from Unicode character classes (pii_chars.is_separator): every dash, dot, bullet, slash,
# bracket, arrow or other symbol a reader passes over (- . / · • ‧ ⁄ ∙ ‐ — 【】 →), no value mark.


@lru_cache(maxsize=1)
def chains() -> tuple[re.Pattern, re.Pattern]:
    """(CHAIN, CHAIN_NO_SPACE): a run of digit groups; the second joins no groups across white space,
    for text whose layout is lost (a search index flattens table cells into spaces)."""
    separators = _tables().separators
    sep = rf"(?:\s++|[{separators}])"
    chain = re.compile(rf"[0-9]++(?:{sep}{{1,5}}[0-9]++)*+(?:{sep}{{0,5}}[Xx])?")
    punct = rf"[{separators}]"
    return chain, re.compile(rf"[0-9]++(?:{punct}{{1,5}}[0-9]++)*+(?:{punct}{{0,5}}[Xx])?")


@lru_cache(maxsize=1)
def _cn_run() -> re.Pattern:
    """Three or more Chinese numerals, side by side or with up to five separators between them, or any
    written directly against a digit (15九58126600)."""
    return re.compile(
        rf"{_CN_CLASS}(?:(?:\s|[{_tables().separators}]){{0,5}}{_CN_CLASS}){{2,}}"
        rf"|(?<=[0-9]){_CN_CLASS}+|{_CN_CLASS}+(?=[0-9])"
    )


_GROUP = re.compile(r"[0-9]+")
_DOTS = ".·・。"
# 18 letters and digits standing alone: a credit code (GB 32100) when its check character is right.
_CREDIT_CODE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")
MOBILE = re.compile(r"^(?:0086|86)?(1[3-9]\d{9})$")

LABELS = {
    "resident_id": "居民身份证号码",
    "resident_id_suspect": "疑似身份证号（校验位不符）",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
}
# When windows starting at one digit group match several kinds, an ID is reported before a mobile
# before a card, and the longer of two IDs (an 18-character one over a legacy 15-digit one).
_PRIORITY = {"resident_id": 0, "resident_id_suspect": 0, "mobile": 1, "bank_card": 2}
_LONGEST = 19 + 4  # the longest digit window any detector reads (a card; 0086 + mobile is 15)


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
    if kind.startswith("resident_id"):
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _ascii_numerals(match: re.Match) -> str:
    run = match.group(0)
    return run.translate(_CN_TABLE) if any(ch in _CN_TABLE_KEYS and ch not in _CN_ZEROS for ch in run) else run


def _read_numerals(text: str) -> str:
    """Numerals that are no decimal digits read by their value (❶ ⒈ 🄂 Ⅸ -> 1 1 1 9, 𝍲 -> 一), before NFKC
    turns some into something else (⒈ -> "1.", Ⅸ -> "IX")."""
    return text.translate(_translations()[0])


def normalize(text: str) -> str:
    """Text as the detectors read it; every line break is kept, so line numbers stay those of ``text``.

    Numerals read by their value (circled, dingbat, parenthesised, Roman …: ``_read_numerals``), NFKC
    (full-width and mathematical digits, ideographic spaces), then format and combining characters
    removed (zero-width spaces, joiners, LRM/RLM, BOM, soft hyphens, tag characters, keycap marks),
    separators beyond the BMP read as "-", digits of other scripts and runs of three or more Chinese
    numerals (not only zeros) as ASCII.
    """
    text = unicodedata.normalize("NFKC", _read_numerals(text)).translate(_translations()[1])
    if (run := _cn_run()).search(text):
        text = run.sub(_ascii_numerals, text)
    return text


def digits_of(value: str) -> str:
    """The digits (and a trailing X) of a number as staff wrote it, for allowlist matching."""
    return re.sub(r"[^0-9X]", "", normalize(str(value)).upper())


# Issuer prefixes of cards in use in China: Visa 4, Mastercard 51-55 / 22-27, JCB 35, UnionPay 62 / 81,
# Discover and others 60-69, domestic debit 9x. Other 16-19 digit runs (case and licence serials
# built on a region code, 3306…) are not cards.
CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|35|6|8[18]|9)")


def _card_grouping(groups: list[str]) -> bool:
    """How card numbers are written: in any groups of three or more digits but the last (6222 0210 0112
    2334 458, 621700 1234567890122, 6217 0012 345678 90122), or digit by digit (6 2 2 2 …).

    Not in groups of one or two: lists of small numbers (pages, months, ages, counts) read like that.
    """
    return all(len(g) >= 3 for g in groups[:-1]) or all(len(g) == 1 for g in groups)


def classify(
    digits: str, groups: list[str], x_follows: bool = False, latest_year: int = 2100
) -> tuple[str, str] | None:
    """(kind, number) when the digit window ``digits`` (its ``groups`` as written) is a personal number."""
    size = len(digits)
    if x_follows and size == 17:
        digits += "X"
        size = 18
    if size == 18:
        if is_resident_id(digits, latest_year):
            return "resident_id", digits
        if is_suspect_resident_id(digits, latest_year):
            return "resident_id_suspect", digits
    if size in (11, 13, 15):
        mobile = MOBILE.match(digits)
        if mobile:
            return "mobile", mobile.group(1)
    if size == 15 and is_resident_id(digits, latest_year):
        return "resident_id", digits
    if (
        16 <= size <= 19
        and digits.isdigit()
        and CARD_PREFIX.match(digits)
        and _card_grouping(groups)
        and luhn_ok(digits)
        and not is_credit_code(digits)
    ):
        return "bank_card", digits
    return None


def _joins(separator: str, left: str, right: str) -> bool:
    """Whether a reader takes two digit groups around ``separator`` as parts of one number.

    Dots between two short groups are decimals, versions or addresses (1.38.12, 192.168.100.200);
    a number written with dots has longer groups (159.5812.6600, 330106.19850612.231X). Three or more
    of one symbol stand for hidden digits (138●●●●5678, 王○○): a mask, not a separator.
    """
    marks = separator.strip()
    if len(marks) >= 3 and marks == marks[0] * len(marks) and unicodedata.category(marks[0]) in ("So", "Sm"):
        return False
    if len(left) > 3 or len(right) > 3:
        return True
    return separator.strip(_DOTS) != ""


def find_in_chain(chain: str, latest_year: int = 2100) -> list[tuple[str, str, int, int]]:
    """(kind, number, start, end in ``chain``) of each personal number in one run of digit groups.

    Windows of whole consecutive groups are tried from each group; a match skips past its groups.
    The groups are read as they come, holding only the few a window can reach (a window reads at most
    ``_LONGEST`` digits): time and memory stay linear in the chain, however many groups it holds.
    """
    x_end = chain[-1] in "Xx"
    pending = _GROUP.finditer(chain)
    window: deque[tuple[str, int, int, bool]] = deque()  # (group, start, end, joined to the group before)
    window_digits, exhausted, previous = 0, False, None
    found: list[tuple[str, str, int, int]] = []
    while True:
        while not exhausted and window_digits <= _LONGEST:  # enough groups for the longest window
            group = next(pending, None)
            if group is None:
                exhausted = True
                break
            text, (start, end) = group.group(0), group.span()
            joined = (
                previous is not None
                and (
                    len(text) > 3
                    or len(previous[0]) > 3  # _joins' first rule, inline
                    or _joins(chain[previous[2] : start], previous[0], text)
                )
            )
            window.append((text, start, end, joined))
            window_digits += len(text)
            previous = (text, start, end)
        if not window:
            return found
        best, best_end = None, 0
        digits, parts = "", []
        for j, (text, _, _, joined) in enumerate(window):
            if j and not joined:
                break
            digits += text
            parts.append(text)
            if len(digits) > _LONGEST:
                break
            if len(digits) < FEWEST_DIGITS:
                continue  # no detector reads fewer digits (17 + X is the shortest ID)
            last = exhausted and j == len(window) - 1
            hit = classify(digits, parts, x_end and last, latest_year)
            if hit and (best is None or _PRIORITY[hit[0]] <= _PRIORITY[best[0]]):  # the longer on a tie
                best, best_end = hit, j
        if best is None:
            window_digits -= len(window.popleft()[0])
            continue
        last = exhausted and best_end == len(window) - 1
        end = len(chain) if best[1].endswith("X") and last else window[best_end][2]
        found.append((best[0], best[1], window[0][1], end))
        for _ in range(best_end + 1):
            window_digits -= len(window.popleft()[0])


def find(text: str, allow: Iterable[str] = (), latest_year: int = 2100) -> list[Hit]:
    """Every personal number in ``text`` with its line, except allowlisted ones."""
    return scan(text, allow, latest_year)


def stretches(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of each stretch of ``text`` between breakers that may hold a number, or None: read it all.

    ``normalize`` reads each stretch as it reads the whole text, no number spans a breaker, and a number
    has at least 11 digits, each from its own digit-like character or from one that makes several
    (⑩ ½): only a stretch with 11 digit-like characters or one multi-digit character can hold one.
    """
    tables = _tables()
    if _ASTRAL.search(text) and not tables.astral_digits.isdisjoint(_ASTRAL.findall(text)):
        return None  # digits beyond the BMP (𝟏 𞥑): sre would search a class holding them 100 times slower
    spans = []
    pos = 0
    while match := tables.candidate.search(text, pos):
        start = match.start()
        window = 256  # the stretch's start: the run of non-breakers before the match, read backwards
        while True:
            low = max(0, start - window)
            back = tables.run.match(text[low:start][::-1]).end()  # type: ignore[union-attr]  # run matches ""
            if back < start - low or low == 0:
                break
            window *= 8
        pos = tables.run.match(text, match.end()).end()  # type: ignore[union-attr]  # run matches ""
        spans.append((start - back, pos))
    return spans


def scan(text: str, allow: Iterable[str] = (), latest_year: int = 2100, spaces: bool = True) -> list[Hit]:
    """``find_normalized(normalize(text), …)``, normalising and reading only the stretches that may hold a number."""
    spans = stretches(text)
    if spans is None:
        return find_normalized(normalize(text), allow, latest_year, spaces)
    hits = []
    line, counted = 1, 0
    for start, end in spans:
        line += text.count("\n", counted, start)  # normalize keeps every line break
        counted = start
        for hit in find_normalized(normalize(text[start:end]), allow, latest_year, spaces):
            hits.append(Hit(hit.kind, hit.number, hit.line + line - 1))
    return hits


def allowed_numbers(allow: Iterable[str], latest_year: int = 2100) -> set[str]:
    """The allowlist as the detectors report numbers: digits as written, and each number found in it."""
    allowed = set()
    for value in allow:
        allowed.add(digits_of(value))
        for chain in chains()[0].findall(normalize(str(value))):
            allowed.update(number for _, number, _, _ in find_in_chain(chain, latest_year))
    return allowed


def _digit_count_at_least(chain: str, count: int) -> bool:
    return len(chain) >= count and sum(map(chain.count, "0123456789")) >= count  # a chain's digits are ASCII


def _credit_code_spans(text: str) -> list[tuple[int, int]]:
    """Where valid credit codes stand: company data, and their digit runs are no card or mobile."""
    spans = []
    for match in _CREDIT_CODE.finditer(text):
        code = match.group(0).upper()
        if is_credit_code(code) and not is_resident_id(code) and not is_suspect_resident_id(code):
            spans.append(match.span())
    return spans


def find_normalized(text: str, allow: Iterable[str] = (), latest_year: int = 2100, spaces: bool = True) -> list[Hit]:
    """Like ``find`` for text already passed through ``normalize``; ``spaces=False`` joins no groups across white space."""
    allowed: set[str] | None = None
    credit_codes: list[tuple[int, int]] = []
    code_starts: list[int] = []
    hits = []
    line, counted = 1, 0  # line breaks are counted once, forward: linear however many hits one line holds
    for match in chains()[0 if spaces else 1].finditer(text):
        chain = match.group(0)
        if not _digit_count_at_least(chain, FEWEST_DIGITS):
            continue  # the shortest number read here is a mobile's 11 digits
        for kind, number, offset, _ in find_in_chain(chain, latest_year):
            if allowed is None:
                allowed = allowed_numbers(allow, latest_year)
                credit_codes = _credit_code_spans(text)
                code_starts = [a for a, _ in credit_codes]
            start = match.start() + offset
            if number in allowed or _inside(credit_codes, code_starts, start):
                continue
            line += text.count("\n", counted, start)
            counted = start
            hits.append(Hit(kind, number, line))
    return hits


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (sorted, not overlapping; ``starts`` their starts)."""
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < spans[index][1]


def redact(text: str) -> str:
    """``text`` with every personal number replaced by its masked form, the rest exactly as written.

    The safety net for whatever staff read (terminal, logs, the preview): messages are built with
    masked numbers already; a value quoted back from a file must not undo that.
    """
    if not find(text):
        return text
    table, numerals = _tables().table, _tables().numerals
    chars: list[str] = []
    owner: list[int] = []  # index in ``text`` of each character of the normalised copy
    for index, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", numerals.get(ch, ch)):
            out = table.get(out, out)
            chars.extend(out)
            owner.extend([index] * len(out))
    normalized = _cn_run().sub(_ascii_numerals, "".join(chars))  # one numeral for one digit: offsets hold
    spans = []
    for match in chains()[0].finditer(normalized):
        for kind, number, start, end in find_in_chain(match.group(0)):
            spans.append((owner[match.start() + start], owner[match.start() + end - 1] + 1, mask(kind, number)))
    pieces, at = [], 0
    for start, end, masked in sorted(spans):  # one join: linear however many numbers a text holds
        pieces += [text[at:start], masked]
        at = end
    return "".join(pieces) + text[at:]
