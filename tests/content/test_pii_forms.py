"""The one detector reads a number the way a reader does: every class of writing it (issue 12)."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from farun.pii import numbers as pii
from farun.pii.checkdigits import id_check_char, is_suspect_resident_id
from farun.pii.numbers import find, mask, normalize
from farun.pii.text import channels, visible

MOBILE = "15958126600"
ID18 = "33010619850612231X"  # region 330106, born 1985-06-12, valid check character
assert id_check_char(ID18[:17]) == "X"
M_MASK, ID_MASK = "159****6600", "330106********231X"


def found(text: str) -> list[tuple[str, str]]:
    return [(h.kind, h.masked) for h in find(text)]


def mobile_found(text: str) -> bool:
    return ("mobile", M_MASK) in found(text)


def id_found(text: str) -> bool:
    return ("resident_id", ID_MASK) in found(text)


# Every Unicode space separator (Zs) and every dash a keyboard, phone or office program produces.
SPACES = [chr(cp) for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Zs"]
DASHES = list("-‐‑‒–—―－﹣−⁃・·.．。/／\\()（）[]【】〔〕_")


@pytest.mark.parametrize("space", SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_every_space_separates_digit_groups(space):
    assert mobile_found(f"电话 159{space}5812{space}6600")
    assert id_found(f"身份证 330106{space}19850612{space}231X")


@pytest.mark.parametrize("dash", DASHES, ids=lambda c: f"U+{ord(c):04X}")
def test_every_dash_dot_slash_and_bracket_separates(dash):
    assert mobile_found(f"159{dash}5812{dash}6600")
    assert id_found(f"330106{dash}19850612{dash}231X")


@pytest.mark.parametrize(
    "text",
    [
        "159 - 5812 - 6600",
        "(159) 5812 6600",
        "159\n5812\n6600",
        "159\r\n5812\r\n6600",
        "159 \u3000 5812 6600",
        "159\t5812\t6600",
        "159./5812./6600",
        "1 5 9 5 8 1 2 6 6 0 0",
        "1595-812-6600",
        "15958 126600",
    ],
)
def test_runs_of_separators_and_any_grouping(text):
    assert mobile_found(text), text


# Every format character (Cf), e.g. ZWSP, ZWJ, LRM/RLM, word joiner, invisible separator, BOM, soft hyphen,
# tag characters; combining marks (underline, keycap) are dropped too.
FORMAT_CHARS = [chr(cp) for cp in (*range(0x10000), *range(0xE0000, 0xE0080)) if unicodedata.category(chr(cp)) == "Cf"]


@pytest.mark.parametrize("invisible", FORMAT_CHARS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_format_character_is_invisible(invisible):
    assert mobile_found(invisible.join(MOBILE))
    assert id_found(ID18[:9] + invisible + ID18[9:])


@pytest.mark.parametrize(
    "text",
    [
        "1\u03323\u0332" + "8",
        "1\ufe0f\u20e35\ufe0f\u20e39" + "58126600",
    ],
)
def test_combining_marks_do_not_hide_digits(text):
    assert find(text) or find(text + "12345678")


def test_the_odd_character_table_covers_the_whole_code_space():
    # pii looks only at planes 0, 1 and 14 (30 ms instead of 240 ms): nothing is missed elsewhere.
    for cp in range(0x20000, sys.maxunicode + 1):
        if 0xE0000 <= cp < 0xE1000:
            continue
        assert unicodedata.category(chr(cp)) not in ("Cf", "Mn", "Me", "Nd"), hex(cp)


@pytest.mark.parametrize(
    "text",
    [
        "１５９５８１２６６００",
        "𝟏𝟓𝟗𝟓𝟖𝟏𝟐𝟔𝟔𝟎𝟎",
        "١٥٩٥٨١٢٦٦٠٠",
        "१५९५८१२६६००",
        "①⑤⑨⑤⑧①②⑥⑥⓪⓪",
        "１５９－５８１２－６６００",
        "一五九五八一二六六〇〇",
        "幺五九 五八幺二 六六零零",
        "壹伍玖伍捌壹贰陆陆零零",
    ],
)
def test_digits_of_every_script_and_chinese_numerals(text):
    assert mobile_found(text), text


@pytest.mark.parametrize(
    "text",
    [
        "+86 159 5812 6600",
        "+8615958126600",
        "0086 15958126600",
        "008615958126600",
        "86-159-5812-6600",
        "(+86)159-5812-6600",
        "＋８６ １５９ ５８１２ ６６００",
        "+86-15958126600",
    ],
)
def test_country_codes_before_a_mobile(text):
    assert mobile_found(text), text


@pytest.mark.parametrize(
    "text",
    [
        "TEL15958126600",
        "Tel:15958126600",
        "电话15958126600",
        "手机号15958126600。",
        "15958126600转",
        "call15958126600now",
        "身份证号33010619850612231X号",
        "ID33010619850612231x",
    ],
)
def test_letters_or_chinese_glued_on(text):
    assert found(text), text


def test_wrong_check_character_is_a_suspected_id():
    wrong = ID18[:17] + "5"
    assert is_suspect_resident_id(wrong) and not is_suspect_resident_id(ID18[:6] + "19851312" + "2315")
    hits = find(f"身份证 {wrong[:6]} {wrong[6:14]} {wrong[14:]}")
    assert [(h.kind, h.label, h.masked) for h in hits] == [
        ("resident_id_suspect", "疑似身份证号（校验位不符）", "330106********2315")
    ]
    # Not an ID: no such province, no such day, born in the future, or a valid credit code.
    for text in ("990106198506122315", "330106198502302315", "330106209901012315", "913306001234500208"):
        assert find(text, latest_year=2026) == [], text


def test_inline_markup_and_line_breaks_as_a_browser_shows_them():
    for html in (
        "<p>手机 <span>159</span><span>5812</span><span>6600</span></p>",
        "<p>159<b></b>5812<i>66</i>00</p>",
        "<p>159<br>5812<br/>6600</p>",
        "<td>159 5812 6600</td>",
        "<p>&#49;&#x35;9 5812 &#54;600</p>",
        "<p>159&nbsp;5812&ensp;6600</p>",
        "<p>159&#8209;5812&#8209;6600</p>",
        "<p>1<!-- 注释 -->5958126600</p>",
        "<div data-search-exclude>15958126600</div>",
    ):
        text = channels(html, ".html")[0][1]
        assert mobile_found(text), html


def test_line_numbers_survive_normalisation():
    text = "第一行\n\u200b第二行\n３３０１０６\u00a019850612\u2014231X\n"
    assert [h.line for h in find(text)] == [3]
    assert normalize(text).count("\n") == text.count("\n")
    assert visible("<p>a</p>\n<p\n class='x'>b</p>\n<!--\n-->\n<p>159 5812 6600</p>").count("\n") == 5


def test_masks_never_show_the_middle():
    assert mask("mobile", MOBILE) == M_MASK
    assert mask("resident_id", ID18) == ID_MASK
    assert mask("resident_id_suspect", ID18[:17] + "5") == "330106********2315"
    hit = find(f"x {MOBILE}")[0]
    assert MOBILE not in repr(hit) and MOBILE not in str(hit)


def test_allowlist_accepts_any_writing_of_the_number():
    for allowed in ("159-5812-6600", "+86 159 5812 6600", "15958126600"):
        assert find("热线 159 5812 6600，+8615958126600", allow=[allowed]) == [], allowed


def test_pii_module_exposes_one_detector():
    # check, build, import and preview all go through find/find_normalized; the old regexes are gone.
    assert not hasattr(pii, "PLAIN") and not hasattr(pii, "GROUPED_MOBILE")
