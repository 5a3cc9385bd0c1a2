"""The characters the personal-information detector (pii.py) treats specially, tabled once per process.

What ``normalize`` removes or turns into digits, which characters may become digits (digit-like),
and the breakers at which a text may be cut into stretches read on their own: a quick pass finds the
few stretches with enough digit-like characters to hold a number, and only they are normalised and
read (``pii.scan``). tests/content/test_pii_stretches.py holds every claim made here against the
whole code space and, with hypothesis, against reading the whole text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, NamedTuple

# Characters beyond the BMP (emoji, tag characters, mathematical digits) are looked up one by one:
# a class holding them would make every search ~100 times slower.
ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
# Chinese numerals written digit by digit (一三八…, 幺 as read aloud, 壹贰叁 as on cheques).
CN_DIGITS = {ch: str(i % 10) for i, ch in enumerate("〇一二三四五六七八九")}
CN_DIGITS.update({"零": "0", "幺": "1", "壹": "1", "贰": "2", "叁": "3", "肆": "4", "伍": "5", "陆": "6",
                  "柒": "7", "捌": "8", "玖": "9"})

FEWEST_DIGITS = 11  # the shortest number any detector reads: a mobile
# Breakers: characters no number is read across, which ``normalize`` leaves alone whatever stands
# beside them (each is, or decomposes to, one starter that takes part in no canonical composition):
# control characters (PIECE_BREAK, CELL_BREAK), punctuation no separator list holds, and the CJK
# ideographs that are no numerals (added in ``tables``). A text is read stretch by stretch between
# them, each stretch as a whole text would be (tests/content/test_pii_stretches.py holds all of this).
BREAKERS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x7f" \
    "!\"#$%&'*+,:;?@|~，：；！？、“”‘’《》「」『』"

# Letters no number holds (X ends an ID): between two digit-like characters they end the chain, so
# 11 digit-like characters count only when no such letter stands between them. Unlike breakers they do
# not cut the text into stretches (a credit code's letters belong to it). ASCII and Thai letters.
CHAIN_BREAKERS = "A-WYZa-wyz\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46"


class Tables(NamedTuple):
    """What ``normalize`` replaces, and the patterns that find the stretches worth reading."""

    table: dict[str, str]  # {char: replacement} (see ``_odd_characters``)
    odd: re.Pattern  # the table's BMP characters
    candidate: re.Pattern  # where a stretch between breakers may hold a number (see ``stretches``)
    run: re.Pattern  # a run of characters that are no breakers
    digit_like: frozenset[str]  # characters ``normalize`` may turn into a digit (see ``_odd_characters``)
    multi_digit: frozenset[str]  # ... into more than one digit
    astral_digits: frozenset[str]  # digit-like characters beyond the BMP


# Blocks holding only letters without decompositions (CJK ideographs, Hangul syllables, cuneiform,
# hieroglyphs, Tangut, Nushu), surrogates and private use: nothing to table (a test reads them all).
SKIPPED = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xAC00, 0xD7A4), (0xD800, 0xF900), (0x12000, 0x12550),
           (0x13000, 0x13430), (0x14400, 0x14680), (0x17000, 0x18B00), (0x1B170, 0x1B300))


def _code_points(skipped: tuple[tuple[int, int], ...]) -> Iterable[int]:
    """Planes 0, 1 and 14 without the ``skipped`` ranges."""
    start = 0
    for low, high in (*skipped, (0x20000, 0x20000)):
        yield from range(start, low)
        start = high
    yield from range(0xE0000, 0xE1000)


def _odd_characters(skipped: tuple[tuple[int, int], ...] = SKIPPED) -> tuple[dict[str, str], str, set[str], set[str]]:
    """The table, a class of its BMP characters, the digit-like and the multi-digit characters.

    table: {char: replacement} for characters a reader does not see (-> "") or reads as a digit or a
    blank. Digit-like: a character whose compatibility decomposition holds a decimal digit (Nd) or a
    Chinese numeral, so ``normalize`` may turn it into digits; multi-digit: into more than one (⑩ ½).
    Planes 0, 1 and 14 hold every format (Cf), combining (Mn, Me), decimal-digit (Nd) and digit-like
    character (tests hold this against the whole code space); ~15 ms once per process.
    """
    table: dict[str, str] = {}
    digit_like: set[str] = set(CN_DIGITS)
    multi_digit: set[str] = set()
    nfkd, category_of, decomposition = unicodedata.normalize, unicodedata.category, unicodedata.decomposition
    for cp in _code_points(skipped):
        ch = chr(cp)
        category = category_of(ch)
        if category in ("Cf", "Mn", "Me"):
            table[ch] = ""
        elif category == "Nd":
            digit_like.add(ch)
            if not "0" <= ch <= "9":
                table[ch] = str(unicodedata.decimal(ch))
        elif decomposition(ch):
            digits = sum(1 for part in nfkd("NFKD", ch) if part in CN_DIGITS or category_of(part) == "Nd")
            if digits:
                digit_like.add(ch)
            if digits > 1:
                multi_digit.add(ch)
    # Fillers that show as blank space (Hangul fillers, braille blank) separate like a space.
    for ch in "\u115f\u1160\u3164\uffa0\u2800":
        table[ch] = " "
    table.pop("\n", None)
    return table, _char_class(ch for ch in table if ord(ch) < 0x10000), digit_like, multi_digit


def _char_class(chars: Iterable[str], negate: bool = False) -> str:
    """A regex character class of ``chars`` written as ranges (sre keeps a BMP class as a fast bitmap)."""
    spans: list[list[int]] = []
    for cp in sorted(map(ord, chars)):
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    ranges = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in spans)
    return ("[^" if negate else "[") + ranges + "]"


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The tables and patterns, made on first use: a build that scans nothing new never pays."""
    table, odd, digit_like, multi_digit = _odd_characters()
    digit = _char_class(ch for ch in digit_like if ord(ch) < 0x10000)
    breakers = _char_class(BREAKERS)[1:-1] + _CJK_BREAKERS
    other = f"[^{breakers}{digit[1:-1]}{CHAIN_BREAKERS}]"  # overlapping ranges in one class are fine
    multi = _char_class(ch for ch in multi_digit if ord(ch) < 0x10000)
    return Tables(
        table, re.compile(odd),
        re.compile(rf"{digit}(?:{other}*+{digit}){{{FEWEST_DIGITS - 1}}}|{multi}"),
        re.compile(f"[^{breakers}]*+"),
        frozenset(digit_like), frozenset(multi_digit), frozenset(ch for ch in digit_like if ord(ch) >= 0x10000),
    )


def _cjk_breakers() -> str:
    """Class ranges of the CJK Unified Ideographs block without the Chinese numerals."""
    ranges, start = [], 0x4E00
    for cp in sorted(ord(ch) for ch in CN_DIGITS if 0x4E00 <= ord(ch) < 0xA000):
        if cp > start:
            ranges.append(f"{chr(start)}-{chr(cp - 1)}" if cp - 1 > start else chr(start))
        start = cp + 1
    return "".join(ranges) + f"{chr(start)}-{chr(0x9FFF)}"


_CJK_BREAKERS = _cjk_breakers()


def breaker_chars() -> frozenset[str]:
    """Every breaker: ``BREAKERS`` and the CJK ideographs that are no numerals."""
    return frozenset(BREAKERS) | frozenset(chr(cp) for cp in range(0x4E00, 0xA000)) - frozenset(CN_DIGITS)
