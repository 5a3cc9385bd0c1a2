"""Digits drawn as pictures: emoji and icon shortcodes, and the inline SVG icons they render to.

Material renders ``:material-numeric-1:`` or ``:fontawesome-solid-1:`` as an inline SVG with no text
and ``:one:`` as a keycap emoji: a reader reads a digit where the page holds none. The personal-
information guard reads them as their digits, in the Markdown (``read_shortcodes``, for ``make
check``) and in the rendered page (``read_icons``, for the site scan), from one rule:

* an emoji reads as its Unicode characters read (pymdownx's twemoji index: ``:one:`` is 1 + U+20E3,
  read by ``pii.normalize`` as 1);
* an icon reads as the number its name says it draws: Material's ``numeric-N`` (with ``-box``,
  ``-circle``, ``-outline``, ``-multiple``; ``numeric-9-plus`` reads 9+), ``roman-numeral-N`` as the
  Unicode Roman numeral of that value reads (Ⅸ -> 9, Ⅹ -> X), FontAwesome's icons named by a digit.
  Other icons whose pictures hold digits draw letters beside them (format-header-1 is H1, signal-4g is
  4G), which end a number anyway; brand logos (500px, 1password) and octicons (their -16/-24 are sizes)
  are pictures.

The rendered side maps an inline ``<svg>`` back to its icon by its path data (``d``), as the theme's
icon files hold it: a pasted copy of the SVG reads the same as the shortcode. Icon files are located
in the installed theme without importing it, once per process.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from farun.pii import numbers as pii

SHORTCODE = re.compile(r":([+\-\w]+):")  # pymdownx.emoji's pattern
_NUMERIC = re.compile(r"material-numeric-(\d+)(-plus)?(?:-(?:box|circle|multiple|outline))*")
_ROMAN = re.compile(r"material-roman-numeral-(\d+)")
_FONTAWESOME = re.compile(r"fontawesome-(?:solid|regular|brands)-(\d)")
_SVG = re.compile(r"<svg\b[^>]*>(.*?)</svg\s*>", re.S | re.I)
_PATH_DATA = re.compile(r"""\sd\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
THEME_PACKAGE = "material"


def icon_reading(name: str) -> str | None:
    """What an icon named like its shortcode (``material-numeric-1-box``) reads as, or None."""
    if match := _NUMERIC.fullmatch(name):
        return match.group(1) + ("+" if match.group(2) else "")
    if (match := _ROMAN.fullmatch(name)) and 1 <= int(match.group(1)) <= 12:
        return pii.normalize(chr(0x215F + int(match.group(1))))  # Ⅰ … Ⅻ as the detector reads them
    if match := _FONTAWESOME.fullmatch(name):
        return match.group(1)
    return None


@lru_cache(maxsize=1)
def _emoji_index() -> dict[str, str]:
    """{shortcode name: its characters} of pymdownx's twemoji index (Material's), aliases included."""
    try:
        from pymdownx import twemoji_db
    except ImportError:  # pragma: no cover - pymdownx is pinned in requirements.txt
        return {}
    found = {}
    for code, entry in list(twemoji_db.emoji.items()):
        points = entry.get("unicode") if isinstance(entry, dict) else None
        if isinstance(points, str) and re.fullmatch(r"[0-9a-fA-F]{1,6}(?:-[0-9a-fA-F]{1,6})*", points):
            # (Material adds its icons to this very dict, with a path instead of code points)
            found[code.strip(":")] = "".join(chr(min(int(part, 16), 0x10FFFF)) for part in points.split("-"))
    for alias, code in list(twemoji_db.aliases.items()):
        if code.strip(":") in found:
            found[alias.strip(":")] = found[code.strip(":")]
    return found


def shortcode_reading(name: str) -> str | None:
    """What ``:name:`` renders to as a reader reads it, when that holds a digit; else None."""
    reading = icon_reading(name)
    if reading is not None:
        return reading
    chars = _emoji_index().get(name)
    reading = pii.normalize(chars) if chars is not None else ""
    return reading if reading.isascii() and reading.isdigit() else None  # keycaps; not #️⃣ *️⃣


def _shortcode(match: re.Match) -> str:
    reading = shortcode_reading(match.group(1))
    return match.group(0) if reading is None else reading


def read_shortcodes(text: str) -> str:
    """Markdown with every shortcode that renders a digit replaced by that digit (the rest as written)."""
    return SHORTCODE.sub(_shortcode, text) if ":" in text else text


def _path_data(svg: str) -> tuple[str, ...]:
    return tuple(" ".join((a or b).split()) for a, b in _PATH_DATA.findall(svg))


def theme_icons() -> Path | None:
    """The installed theme's icon folder (``templates/.icons``), found without importing the theme."""
    try:
        spec = importlib.util.find_spec(THEME_PACKAGE)
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "templates" / ".icons"
        if folder.is_dir():
            return folder
    return None


@lru_cache(maxsize=4)
def icon_digits(folder: Path | None = None) -> dict[tuple[str, ...], str]:
    """{path data of an icon's SVG: what it reads as} for every icon in ``folder`` that draws digits."""
    folder = folder or theme_icons()
    found: dict[tuple[str, ...], str] = {}
    if folder is None:
        return found
    for path in sorted(folder.rglob("*.svg")):  # ~13,000 names, ~0.25 s once per process that meets an <svg>
        name = path.relative_to(folder).with_suffix("").as_posix().replace("/", "-")
        reading = icon_reading(name)
        if reading is not None:
            data = _path_data(path.read_text(encoding="utf-8", errors="replace"))
            if data:
                found[data] = reading
    return found


def read_icons(markup: str) -> str:
    """``markup`` with each inline SVG that is a digit icon replaced by its digits (line breaks kept).

    Like an image's alt text, the digits stand where the picture stands, joined to the text around it.
    """
    if not _SVG.search(markup):
        return markup
    icons = icon_digits()

    def replace(match: re.Match) -> str:
        reading = icons.get(_path_data(match.group(0)))
        return match.group(0) if reading is None else reading + "\n" * match.group(0).count("\n")

    return _SVG.sub(replace, markup) if icons else markup
