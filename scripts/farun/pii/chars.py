"""The characters the personal-information detector (pii.py) treats specially, tabled once per process.

What ``normalize`` removes or turns into digits, which characters may become digits (digit-like),
which separate digit groups (``is_separator``), all derived from Unicode properties, and the breakers at which a text may be cut into stretches read on their own: a quick pass finds the
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
ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Empty circles written for zero among Chinese numerals (二○二三: ○ is GB 2312's zero in every input
# method): Unicode gives them no numeric value, unlike 〇 (IDEOGRAPHIC NUMBER ZERO).
VISUAL_ZEROS = "\u25cb\u25ef\u26aa\u2b55"  # ○ ◯ ⚪ ⭕
# Where the ideographs with a numeric value live that NFKC leaves as they are (CJK Unified Ideographs and
# Extension A; compatibility ideographs and enclosed or parenthesised ones decompose to them).
IDEOGRAPH_BLOCKS = ((0x3007, 0x3008), (0x3400, 0x4DC0), (0x4E00, 0xA000))


def _chinese_numerals() -> dict[str, str]:
    """Ideographs whose Unihan numeric value (as ``unicodedata.numeric`` reads it) is a digit, and the visual zeros.

    一…九 〇 零, the financial forms 壹贰叁肆伍陆柒捌玖 and their traditional forms 貳參陸, 幺 (1 read aloud),
    兩 … but no multiplier (十 拾 百 佰 千 万: a number written with them has to be calculated) and not 两
    (Unicode gives it no value). They read as digits only in runs (``pii.normalize``): alone they are words.
    """
    found = {ch: "0" for ch in VISUAL_ZEROS}
    for low, high in IDEOGRAPH_BLOCKS:
        for ch in map(chr, range(low, high)):
            if ch.isnumeric():
                value = unicodedata.numeric(ch)
                if value == int(value) and 0 <= value <= 9:
                    found[ch] = str(int(value))
    return found


CN_DIGITS = _chinese_numerals()
NUMERALS = "〇一二三四五六七八九"  # what an ideographic numeral beyond these blocks reads as (𝍲 -> 一)

FEWEST_DIGITS = 11  # the shortest number any detector reads: a mobile
# Breakers: characters no number is read across, which ``normalize`` leaves alone whatever stands
# beside them (each is, or decomposes to, one starter that takes part in no canonical composition):
# control characters (PIECE_BREAK, CELL_BREAK), punctuation no separator list holds, and the CJK
# ideographs that are no numerals (added in ``tables``). A text is read stretch by stretch between
# them, each stretch as a whole text would be (tests/content/test_pii_stretches.py holds all of this).
BREAKERS = (
    "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x7f"
    "!\"#$%&'*+,:;?@|~，：；！？、“”‘’《》「」『』"
)

# Letters no number holds (X ends an ID): between two digit-like characters they end the chain, so
# 11 digit-like characters count only when no such letter stands between them. Unlike breakers they do
# not cut the text into stretches (a credit code's letters belong to it). ASCII and Thai letters.
CHAIN_BREAKERS = "A-WYZa-wyz\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46"
_CHAIN_BREAKER = re.compile(f"[{CHAIN_BREAKERS}]")


# Punctuation and symbols that are part of a value or separate values, never of one number:
# thousands and list separators (1,380,000、110、119), times (13:45), masks (138****5678), quotation
# and title marks, sentence ends, units (° ′ % ‰), currency (category Sc, not listed), arithmetic and
# comparison (+ = < > ± × ÷ ~). Found by the words of a character's Unicode name, in every script.
VALUE_MARKS = re.compile(
    r"\b(?:COMMA|COLON|SEMICOLON|QUESTION|EXCLAMATION|QUOTATION|APOSTROPHE|ASTERISK|ASTERISM|PERCENT|PER MILLE"
    r"|PER TEN THOUSAND|PRIME|DEGREE|NUMBER SIGN|AMPERSAND|COMMERCIAL AT|PLUS|EQUALS|LESS-THAN|GREATER-THAN|TILDE"
    r"|VERTICAL LINE|CORNER BRACKET|ANGLE BRACKET|SECTION SIGN|PILCROW|REFERENCE MARK|MULTIPLICATION|DIVISION SIGN"
    r"|NOT SIGN)\b"
)
# ASCII punctuation that separates digit groups of one number; the rest of ASCII's is a value mark.
ASCII_SEPARATORS = ".-/\\()[]{}_"
# General categories whose characters a reader passes over between digit groups (159•5812‧6600, 159⁄5812,
# 159→5812, 159ー5812): dashes, connectors, brackets, other punctuation, math, modifier and other symbols,
# and modifier letters without a decomposition (the prolonged sound mark ー, the tone marks ˉˊˇˋ of
# Chinese input methods); no letter of a word (those with one decompose to it, ʰ -> h).
SEPARATOR_CATEGORIES = {"Pd", "Pc", "Ps", "Pe", "Po", "Sm", "Sk", "So", "Lm"}
ASTRAL_SEPARATOR = "-"  # what a separator beyond the BMP (an emoji) reads as: see ``_odd_characters``


class Tables(NamedTuple):
    """What ``normalize`` replaces, and the patterns that find the stretches worth reading."""

    table: dict[str, str]  # {char: replacement} (see ``_odd_characters``)
    candidate: re.Pattern  # where a stretch between breakers may hold a number (see ``stretches``)
    run: re.Pattern  # a run of characters that are no breakers
    digit_like: frozenset[str]  # characters ``normalize`` may turn into a digit (see ``_odd_characters``)
    multi_digit: frozenset[str]  # ... into more than one digit
    astral_digits: frozenset[str]  # digit-like characters beyond the BMP
    numerals: dict[str, str]  # {char: digits} read by numeric value before NFKC (see ``_numeral_reading``)
    separators: str  # a regex class body of the BMP separators after NFKC (see ``is_separator``)


def _code_points() -> Iterable[int]:
    """Planes 0, 1 and 14, and the compatibility ideographs of plane 2 (they decompose to numerals: U+2F890 -> 廾)."""
    yield from range(0x20000)
    yield from range(0x2F800, 0x2FA20)
    yield from range(0xE0000, 0xE1000)


def _numeral_reading(ch: str) -> str | None:
    """The digits a reader reads in a numeral that is no decimal digit (Nd), by its Unicode numeric value.

    A value of 0-9 reads as that digit (❶ ➀ ⓵ ⑴ ⒈ 🄂 Ⅸ 〡 ፩), a value of 10-99 as its two digits when the
    character has no decomposition (❿ ⓫; ⑩ and ㉑ decompose to their digits, Ⅹ to the letter an ID may end
    with). Any other ideographic digit reads as the numeral of the same value (㈠ 𝍲 -> 一), in runs like them.
    Larger values (Ⅽ Ⅿ) are quantities, read only by calculation; fractions are no digits.
    """
    if not ch.isnumeric() or unicodedata.category(ch) == "Nd" or ch in CN_DIGITS:
        return None
    value = unicodedata.numeric(ch)
    if value != int(value):
        return None
    value = int(value)
    if "IDEOGRAPH" in unicodedata.name(ch, ""):
        return NUMERALS[value] if value <= 9 else None
    if value <= 9 or (value <= 99 and not unicodedata.decomposition(ch)):
        return str(value)
    return None


def is_separator(ch: str) -> bool:
    """Whether a reader passes over ``ch`` (as NFKC leaves it) between two digit groups of one number.

    White space is read by ``pii`` itself; format characters are invisible (removed). Of punctuation and
    symbols: ASCII's ``ASCII_SEPARATORS``, and beyond ASCII every character of ``SEPARATOR_CATEGORIES``
    that is no value mark (``VALUE_MARKS``), no breaker and nothing ``normalize`` reads as a digit.
    """
    if ch < "\x80":
        return ch in ASCII_SEPARATORS
    return (
        unicodedata.category(ch) in SEPARATOR_CATEGORIES
        and unicodedata.normalize("NFKC", ch) == ch
        and ch not in CN_DIGITS
        and ch not in BREAKERS
        and _numeral_reading(ch) is None
        and not _CHAIN_BREAKER.fullmatch(ch)
        and not VALUE_MARKS.search(unicodedata.name(ch, ""))
    )


def _odd_characters() -> tuple[dict[str, str], set[str], set[str], dict[str, str], str]:
    """The table, the digit-like and multi-digit characters, numerals, separators.

    table: {char: replacement} for characters a reader does not see (-> "") or reads as a digit or a
    blank, and separators beyond the BMP (-> ``ASTRAL_SEPARATOR``). Digit-like: a numeral
    (``_numeral_reading``) or a character whose compatibility decomposition holds a decimal digit (Nd) or a
    Chinese numeral, so ``normalize`` may turn it into digits; multi-digit: into more than one (⑩ ½ ❿).
    Planes 0, 1 and 14 hold every format (Cf), combining (Mn, Me), decimal-digit (Nd), numeral and
    digit-like character beyond the ideograph blocks (tests hold this against the whole code space).
    """
    table: dict[str, str] = {}
    digit_like: set[str] = set(CN_DIGITS)
    multi_digit: set[str] = set()
    numerals: dict[str, str] = {}
    separators: list[str] = []
    nfkd, category_of, decomposition = unicodedata.normalize, unicodedata.category, unicodedata.decomposition
    for cp in _code_points():
        ch = chr(cp)
        category = category_of(ch)
        if category in ("Cf", "Mn", "Me"):
            table[ch] = ""
            continue
        if category == "Nd":
            digit_like.add(ch)
            if not "0" <= ch <= "9":
                table[ch] = str(unicodedata.decimal(ch))
            continue
        reading = _numeral_reading(ch) if ch.isnumeric() else None
        if reading is not None:
            numerals[ch] = reading
            digit_like.add(ch)
            if len(reading) > 1:
                multi_digit.add(ch)
        elif decomposition(ch):
            digits = sum(1 for part in nfkd("NFKD", ch) if part in CN_DIGITS or category_of(part) == "Nd")
            if digits:
                digit_like.add(ch)
            if digits > 1:
                multi_digit.add(ch)
        if category in SEPARATOR_CATEGORIES and is_separator(ch):
            if cp < 0x10000:
                separators.append(ch)
            else:
                table[ch] = ASTRAL_SEPARATOR  # sre searches a class holding astral characters far slower
    # Fillers that show as blank space (Hangul fillers, braille blank) separate like a space.
    for ch in "\u115f\u1160\u3164\uffa0\u2800":
        table[ch] = " "
    table.pop("\n", None)
    bmp_separators = _char_class(ch for ch in separators if ch not in table)[1:-1]
    return table, digit_like, multi_digit, numerals, bmp_separators


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
    table, digit_like, multi_digit, numerals, separators = _odd_characters()
    digit = _char_class(ch for ch in digit_like if ord(ch) < 0x10000)
    breakers = _char_class(BREAKERS)[1:-1] + _CJK_BREAKERS
    other = f"[^{breakers}{digit[1:-1]}{CHAIN_BREAKERS}]"  # overlapping ranges in one class are fine
    multi = _char_class(ch for ch in multi_digit if ord(ch) < 0x10000)
    return Tables(
        table,
        re.compile(rf"{digit}(?:{other}*+{digit}){{{FEWEST_DIGITS - 1}}}|{multi}"),
        re.compile(f"[^{breakers}]*+"),
        frozenset(digit_like),
        frozenset(multi_digit),
        frozenset(ch for ch in digit_like if ord(ch) >= 0x10000),
        numerals,
        separators,
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
