"""The shipped cover fonts as data: their files, their digest, the characters they can draw.

Planning a build's images needs only this (no Pillow): an unchanged rebuild
checks every title against the fonts and names every image by a digest that
includes the fonts, but draws nothing.
"""

from __future__ import annotations

import hashlib
import struct
from functools import lru_cache
from pathlib import Path

from farun.runtime.errors import StaffError

FONT_DIR = Path(__file__).resolve().parents[3] / "fonts"
FONT_FILES = {"regular": "NotoSansSC-Regular-subset.otf", "bold": "NotoSansSC-Bold-subset.otf"}


class GlyphMissing(StaffError):
    """A text uses a character the shipped font cannot draw."""


def font_path(weight: str) -> Path:
    """The shipped font file of one weight."""
    path = FONT_DIR / FONT_FILES[weight]
    if not path.is_file():
        raise StaffError(f"找不到字体文件 {path}：请确认 fonts/ 文件夹完整（见 fonts/README.md）")
    return path


@lru_cache(maxsize=None)
def font_digest() -> str:
    """Digest of both font files: a new subset redraws every image."""
    digest = hashlib.sha256()
    for weight in sorted(FONT_FILES):
        digest.update(font_path(weight).read_bytes())
    return digest.hexdigest()


def _format4(data: bytes, at: int) -> set[int]:
    """Code points a cmap format 4 subtable maps to a real glyph (not .notdef)."""
    count = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{count}H", data, at + 14)
    starts = struct.unpack_from(f">{count}H", data, at + 16 + 2 * count)
    deltas = struct.unpack_from(f">{count}h", data, at + 16 + 4 * count)
    range_at = at + 16 + 6 * count
    offsets = struct.unpack_from(f">{count}H", data, range_at)
    chars: set[int] = set()
    for i, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, offsets)):
        if start == 0xFFFF:
            continue
        if offset == 0:
            chars.update(c for c in range(start, end + 1) if (c + delta) & 0xFFFF)
            continue
        base = range_at + 2 * i + offset  # glyphIdArray entry of ``start``, counted from this offset
        ids = struct.unpack_from(f">{end - start + 1}H", data, base)
        chars.update(c for c, glyph in zip(range(start, end + 1), ids) if glyph and (glyph + delta) & 0xFFFF)
    return chars


def _cmap_chars(data: bytes) -> set[int] | None:
    """Code points of an OpenType font's Unicode BMP cmap (format 4), or None when it has none."""
    tables = struct.unpack_from(">H", data, 4)[0]
    for i in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag != b"cmap":
            continue
        for j in range(struct.unpack_from(">H", data, offset + 2)[0]):
            platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * j)
            if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack_from(">H", data, offset + sub)[0] == 4:
                return _format4(data, offset + sub)
    return None


def _read_cmaps() -> frozenset[int]:
    sets = []
    for weight in sorted(FONT_FILES):
        chars = _cmap_chars(font_path(weight).read_bytes())
        if chars is None:  # a font with only full-Unicode tables (format 12): let fontTools read it
            from fontTools.ttLib import TTFont

            with TTFont(str(font_path(weight)), lazy=True) as font:
                chars = set(font.getBestCmap())
        sets.append(frozenset(chars))
    return frozenset.intersection(*sets)


@lru_cache(maxsize=None)
def drawable() -> frozenset[int]:
    """Code points both weights can draw (their cmaps, read directly: ~20 ms, fontTools took ~0.3 s)."""
    return _read_cmaps()


def missing_chars(text: str) -> list[str]:
    """Characters of ``text`` that either shipped weight lacks (whitespace excepted)."""
    have = drawable()
    return sorted({c for c in text if not c.isspace() and ord(c) not in have}, key=text.index)


def check_glyphs(texts: dict[str, str], source: str) -> None:
    """Stop with a Chinese message naming the file, the field and the character."""
    for label, text in texts.items():
        lacking = missing_chars(text)
        if lacking:
            shown = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in lacking)
            raise GlyphMissing(
                f"{source}: {label}中的字符 {shown} 不在封面字体中，无法生成封面和海报。"
                f"请改用常用字，或按 fonts/README.md 重新生成字体子集后再构建。"
            )
