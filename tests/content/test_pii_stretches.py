"""Reading only the stretches that may hold a number finds exactly what reading the whole text finds.

``pii.scan`` cuts a text at breakers and normalises and reads only the stretches with enough
digit-like characters (pii_chars.py). Three claims make that safe, each held here against the
whole code space, and the result against the full path (``find_normalized(normalize(text))``)
with hypothesis:

1. every character ``normalize`` may turn into a digit is digit-like, and only a multi-digit one
   into more than one (so a stretch with fewer than 11 digit-like characters and no multi-digit
   one holds fewer than 11 digits, and every number has at least 11);
2. ``normalize`` reads the text on each side of a breaker as it reads it alone;
3. no number, credit code or separator run spans a breaker.
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from farun.pii.numbers import find_normalized, normalize, scan, stretches
from farun.pii.chars import BREAKERS, CHAIN_BREAKERS, CN_DIGITS, FEWEST_DIGITS, breaker_chars, tables

TABLES = tables()
BREAKER_CHARS = breaker_chars()
MOBILE, ID18, CARD = "15958126600", "33010619850612231X", "6222021001122334458"


def _digits_made(text: str) -> int:
    """ASCII digits in the normalised text: what the detectors count."""
    return sum("0" <= ch <= "9" for ch in normalize(text))


def _canonical_pairs() -> set[str]:
    """Every character that stands in a canonical decomposition of two or more characters (composition's inputs)."""
    found = set()
    for cp in range(sys.maxunicode + 1):
        mapping = unicodedata.decomposition(chr(cp))
        if mapping and not mapping.startswith("<") and " " in mapping:
            found.update(chr(int(part, 16)) for part in mapping.split())
    return found


def test_every_character_that_becomes_digits_is_digit_like():
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if not (
            unicodedata.decomposition(ch)
            or ch in TABLES.table
            or ch in CN_DIGITS
            or ch in TABLES.numerals
            or unicodedata.category(ch) == "Nd"
        ):
            assert normalize(ch) == ch and not "0" <= ch <= "9", hex(cp)  # left alone, so no digit
            continue
        made = _digits_made(ch * 3)  # three in a row: Chinese numerals count only in runs
        if made:
            assert ch in TABLES.digit_like, hex(cp)
        if made > 3:
            assert ch in TABLES.multi_digit, hex(cp)
        assert made <= 3 * (3 if ch in TABLES.multi_digit else 1), hex(cp)
    # Composition never makes a digit: no digit or Chinese numeral has a canonical decomposition.
    for ch in TABLES.digit_like:
        if unicodedata.category(ch) == "Nd" or ch in CN_DIGITS:
            mapping = unicodedata.decomposition(ch)
            assert not mapping or mapping.startswith("<"), hex(ord(ch))


def test_breakers_are_left_alone_and_end_every_number():
    pairs = _canonical_pairs()
    chain_chars = re.compile(rf"[\s0-9A-Za-z{TABLES.separators}]")
    for ch in BREAKER_CHARS:
        shown = unicodedata.normalize("NFKD", ch)
        assert len(shown) == 1 and unicodedata.combining(ch) == 0 and unicodedata.combining(shown) == 0, hex(ord(ch))
        assert ch not in pairs and shown not in pairs, hex(ord(ch))  # composes with nothing on either side
        assert not 0x1100 <= ord(ch) < 0x1200 and not 0xAC00 <= ord(ch) <= 0xD7A3  # Hangul composes by rule
        assert normalize(ch) == shown and ch not in TABLES.table and shown not in TABLES.table
        assert ch not in TABLES.digit_like and shown not in TABLES.digit_like and ch not in CN_DIGITS
        assert not chain_chars.match(shown) and shown not in "\n\r", hex(ord(ch))
    assert "\x00" in BREAKER_CHARS and "中" in BREAKER_CHARS and "，" in BREAKER_CHARS
    assert not set("一二三四五六七八九〇零幺壹贰叁肆伍陆柒捌玖") & BREAKER_CHARS


# Characters that make normalisation and detection hard: digits of every form, numerals, marks that
# compose or reorder, Hangul jamo, invisible characters, separators, letters and breakers.
NASTY = list(
    "0123456789０１２３１５９XxA a-./()_·。—－\u00a0\u3000\t\n\r"
    "①⑤⑩⑮⑳½⅒⒈⑴㉑㏩¹₂一二三五九〇零幺壹玖两十㈠⼀"
    "\u0301\u0338\u0327\u20e3\ufe0f\u200b\u00ad\u1100\u1161\u11a8\uac00=<>e"
    "，：中国\x00!&%;电话号"
    "ก\u0e33\u0e31๑๕๙ăǅ"
    "❶❿⓫⒈⑴ⅨⅩ〡፩○◯壹貳參陸兩叄•‧⁄∙⋅→─★●●●〜"  # numerals and separators derived from Unicode classes (issue 27.2)
) + [
    "\U0001d7cf",
    "\U0001f101",
    "\U000e0020",
    "\u0d4a",
    "\u0b3e",
    "\u0b47",
    "\U0001f102",
    "\U0001d372",
    "\U0001f4de",
    "\U00010100",
    "\U0002f890",
]
BREAKER_SAMPLE = sorted(set(BREAKERS) | set("中国电话号码手机身份证"))
PIECES = st.sampled_from(
    [
        MOBILE,
        ID18,
        CARD,
        "159 5812 6600",
        "❶❺❾•❺❽❶❷‧❻❻⓿⓿",
        "一五九五八一二六六○○",
        "621700 1234567890122",
        "＋８６ １５９－５８１２－６６００",
        "一五九五八一二六六〇〇",
        "⑮⑨⑤⑧⑫⑥⑥⓪⓪",
        "913306001234500208",
        "91330600MA2B123456",
        "0575-85130000",
        "330106 19850612 231X",
    ]
)


def texts():
    return st.lists(st.one_of(st.sampled_from(NASTY), st.sampled_from(BREAKER_SAMPLE), PIECES), max_size=40).map(
        "".join
    )


@settings(max_examples=400, deadline=None)
@given(texts(), st.sampled_from(BREAKER_SAMPLE), texts())
def test_normalisation_does_not_reach_across_a_breaker(left, breaker, right):
    assert normalize(left + breaker + right) == normalize(left) + normalize(breaker) + normalize(right)


@settings(max_examples=400, deadline=None)
@given(texts())
def test_digits_made_never_exceed_what_the_quick_check_counts(text):
    counted = sum(ch in TABLES.digit_like for ch in text) + 2 * sum(ch in TABLES.multi_digit for ch in text)
    assert _digits_made(text) <= counted


@settings(max_examples=600, deadline=None)
@given(texts(), st.booleans())
def test_reading_stretches_finds_what_reading_everything_finds(text, spaces):
    expected = [(h.kind, h.number, h.line) for h in find_normalized(normalize(text), [], 2026, spaces)]
    assert [(h.kind, h.number, h.line) for h in scan(text, [], 2026, spaces)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "，15958126600，",
        "电话15958126600号",
        "中\n\n159 5812\n6600\n中",
        "⑮⑨⑤⑧⑫⑥⑥⓪⓪",
        "手机：壹伍玖伍捌壹贰陆陆零零",
        "\U0001d7cf\U0001d7d3\U0001d7d7" + "58126600",
        "ID: 33010619850612231x。",
        "卡号 6222 0210 0112 2334 458",
        "91330600MA2B123456，" + "913306001234500208",
        "<p>159</p>\x00\n5812 6600",
    ],
)
def test_stretch_reading_on_forms_at_the_edges(text):
    assert [(h.kind, h.number, h.line) for h in scan(text, [], 2026)] == [
        (h.kind, h.number, h.line) for h in find_normalized(normalize(text), [], 2026)
    ]


def test_only_stretches_that_may_hold_a_number_are_read():
    text = "第三讲，2023年3月15日。热线：0575-85130000，手机 159 5812 6600。共 12 期"
    assert [text[a:b] for a, b in stretches(text)] == ["0575-85130000", " 159 5812 6600。"]
    assert stretches("讲座第十二期，2023年") == []
    assert stretches("⑩") == [(0, 1)]  # one character may make two digits: read
    assert stretches("𝟏" + "x") is None  # digits beyond the BMP: the whole text is read
    assert len(stretches("9" * FEWEST_DIGITS)) == 1 and stretches("9" * (FEWEST_DIGITS - 1)) == []
    lines = "中\n" * 3 + MOBILE + "\n中" + "\n" * 2 + ID18
    assert [h.line for h in scan(lines)] == [4, 7] == [h.line for h in find_normalized(normalize(lines))]


def test_the_run_pattern_stops_at_every_breaker():
    assert tables().run.fullmatch("abc 159-5812 ①⑩") and not tables().run.fullmatch("a中b")
    for ch in BREAKER_CHARS:
        assert not tables().run.match(ch).end(), hex(ord(ch))  # the run pattern stops at every breaker
    for ch in map(chr, range(0x3000, 0xA100)):
        assert bool(tables().run.match(ch).end()) == (ch not in BREAKER_CHARS), hex(ord(ch))


def test_letters_between_digits_end_the_chain():
    # Each chain breaker is a starter whose decomposition holds a letter no chain holds, and no digit:
    # wherever it stands between two digits, normalised text has that letter between them.
    letters = [ch for ch in map(chr, range(0x10000)) if re.fullmatch(f"[{CHAIN_BREAKERS}]", ch)]
    assert len(letters) > 80 and "X" not in letters and "x" not in letters
    for ch in letters:
        shown = unicodedata.normalize("NFKD", ch)
        assert unicodedata.combining(ch) == 0 and ch not in TABLES.digit_like and ch not in CN_DIGITS, hex(ord(ch))
        assert any(unicodedata.category(part).startswith("L") and part not in "Xx" for part in shown), hex(ord(ch))
        assert not re.search(rf"[\s0-9{TABLES.separators}]", normalize(ch)), hex(ord(ch))
    text = "v1.2.3.4.5.6 build 7 8 9 10 11"  # eleven digits, but letters between them
    assert stretches(text) == [] and stretches(text.replace("build", "-----")) == [(0, len(text))]
