"""Pillow drawing helpers shared by covers and posters: fonts, fitted text, QR codes."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import segno
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from .linebreak import Fit, fit

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"
FONT_FILES = {"regular": "NotoSansSC-Regular-subset.otf", "bold": "NotoSansSC-Bold-subset.otf"}
LINE_HEIGHT = 1.32
HANGING = set("《（「『“【〔〈")


class GlyphMissing(ValueError):
    """A text uses a character the shipped font cannot draw."""


def font_path(weight: str) -> Path:
    """The shipped font file of one weight."""
    path = FONT_DIR / FONT_FILES[weight]
    if not path.is_file():
        raise ValueError(f"找不到字体文件 {path}：请确认 fonts/ 文件夹完整（见 fonts/README.md）")
    return path


@lru_cache(maxsize=None)
def font_digest() -> str:
    """Digest of both font files: a new subset redraws every image."""
    digest = hashlib.sha256()
    for weight in sorted(FONT_FILES):
        digest.update(font_path(weight).read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _charset(weight: str) -> frozenset[int]:
    with TTFont(str(font_path(weight)), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_chars(text: str) -> list[str]:
    """Characters of ``text`` that either shipped weight lacks (whitespace excepted)."""
    have = _charset("regular") & _charset("bold")
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


@lru_cache(maxsize=256)
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """The shipped font at one pixel size."""
    return ImageFont.truetype(str(font_path(weight)), size)


@lru_cache(maxsize=1 << 16)
def _length(weight: str, size: int, text: str) -> float:
    return font(weight, size).getlength(text)


def measure_at(weight: str):
    """``size -> (text -> width in px)`` for the line breaker; widths are memoised."""
    return lambda size: lambda text: _length(weight, size, text)


def fit_text(text: str, weight: str, width: int, max_lines: int, sizes: range | list[int]) -> Fit:
    """Fit ``text`` into ``width`` px: shrink, then wrap, then end with …."""
    return fit(text, width, max_lines, list(sizes), measure_at(weight))


def draw_lines(draw: ImageDraw.ImageDraw, xy: tuple[int, int], lines, weight: str, size: int, fill,
               line_height: float = LINE_HEIGHT) -> int:
    """Draw lines from the top-left ``xy``; return the y just below the last line."""
    face = font(weight, size)
    x, y = xy
    step = round(size * line_height)
    # Noto CJK's ideographic em box spans 0.88 em above to 0.12 em below the baseline.
    first = y + round((step - size) / 2 + 0.88 * size)
    for index, line in enumerate(lines):
        # An opening mark's glyph is blank on its left half: hang it into the margin.
        shift = round(size * 0.5) if line[:1] in HANGING else 0
        draw.text((x - shift, first + index * step), line, font=face, fill=fill, anchor="ls")
    return y + step * len(lines)


def text_width(text: str, weight: str, size: int) -> float:
    """Advance width of ``text`` in px."""
    return _length(weight, size, text)


def qr_image(data: str, box: int, dark=(0, 0, 0), light=(255, 255, 255)) -> Image.Image:
    """A crisp QR code of ``data`` about ``box`` px wide, quiet zone included."""
    code = segno.make(data, error="m", micro=False)
    modules = list(code.matrix_iter(scale=1, border=4))
    count = len(modules)
    scale = max(1, box // count)
    img = Image.new("RGB", (count, count), light)
    pixels = img.load()
    for y, row in enumerate(modules):
        for x, dark_module in enumerate(row):
            if dark_module:
                pixels[x, y] = dark
    return img.resize((count * scale, count * scale), Image.NEAREST)
