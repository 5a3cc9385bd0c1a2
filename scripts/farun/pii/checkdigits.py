"""Check characters of Chinese identifiers: credit codes, resident IDs, bank cards."""

from __future__ import annotations

import datetime as dt

# GB 32100-2015: 31 characters, I O S V Z are never used.
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643-1999: weights 2^(17-i) mod 11, check map for remainders 0..10.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# First two digits of a resident ID: province-level region codes (GB/T 2260).
PROVINCES = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "81",
    "82",
}


def credit_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a credit code."""
    total = sum(CREDIT_CHARSET.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def is_credit_code(code: str) -> bool:
    """True when ``code`` is 18 valid characters (a six-digit region code at 3-8) with a correct check character."""
    return (
        len(code) == 18
        and all(ch in CREDIT_CHARSET for ch in code)
        and code[0] != "0"
        and code[2:8].isdigit()  # the registering authority's region code (GB/T 2260)
        and credit_check_char(code[:17]) == code[17]
    )


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def _birth_date(text: str, latest_year: int) -> bool:
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return 1900 <= day.year <= latest_year


def is_resident_id(number: str, latest_year: int = 2100) -> bool:
    """An 18-character ID with a real birth date and a valid check character, or a 15-digit legacy ID."""
    number = number.upper()
    if len(number) == 18:
        return (
            number[:17].isdigit()
            and number[:2] in PROVINCES
            and _birth_date(number[6:14], latest_year)
            and id_check_char(number[:17]) == number[17]
        )
    if len(number) == 15:
        return number.isdigit() and number[:2] in PROVINCES and _birth_date("19" + number[6:12], latest_year)
    return False


def is_suspect_resident_id(number: str, latest_year: int = 2100) -> bool:
    """An 18-character number laid out like a resident ID (province, real birth date) whose check character is wrong.

    A mistyped ID still identifies a person. One in 31 of them is also a valid all-digit credit code
    (GB 32100): it is still reported, since a real credit code rarely has a birth date in that place.
    """
    number = number.upper()
    return (
        len(number) == 18
        and number[:17].isdigit()
        and (number[17].isdigit() or number[17] == "X")
        and number[:2] in PROVINCES
        and number[4:6] != "00"  # IDs carry a county code; xxxx00 (a whole city) starts agencies' serials
        and _birth_date(number[6:14], latest_year)
    )


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers."""
    if not digits.isdigit():
        return False
    backwards = (digits if digits.isascii() else "".join(str(int(ch)) for ch in digits))[::-1]
    # Every second digit from the right doubled, its digits summed (7 -> 14 -> 5): one table lookup each.
    doubled = backwards[1::2].translate(_LUHN_DOUBLED)
    return (sum(map(int, backwards[0::2])) + sum(map(int, doubled))) % 10 == 0


_LUHN_DOUBLED = str.maketrans("0123456789", "0246813579")
