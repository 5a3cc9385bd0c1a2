"""Pillow drawing helpers shared by covers and posters: fonts, fitted text, QR codes."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import segno
from PIL import Image, ImageFont

from farun.images.canvas import Canvas
from farun.images.glyphs import font_path
from farun.images.linebreak import Fit, fit
from farun.images.words import chinese_words

LINE_HEIGHT = 1.32
HANGING = set("《（「『“【〔〈")
QR_MASK = 3  # diagonal stripes: the pattern segno itself picks most often for the site's URLs


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


def fit_text(text: str, weight: str, width: int, max_lines: int, sizes: Sequence[int]) -> Fit:
    """Fit ``text`` into ``width`` px: shrink, then wrap, then end with …."""
    return fit(text, width, max_lines, list(sizes), measure_at(weight), chinese_words)


def draw_lines(
    canvas: Canvas,
    xy: tuple[int, int],
    lines,
    weight: str,
    size: int,
    fill,
    background,
    line_height: float = LINE_HEIGHT,
) -> int:
    """Draw lines set on ``background`` from the top-left ``xy``; return the y just below the last line."""
    face = font(weight, max(1, canvas.at(size)))  # a scaled canvas (a thumbnail) sets the text smaller
    x, y = xy
    step = round(size * line_height)
    # Noto CJK's ideographic em box spans 0.88 em above to 0.12 em below the baseline.
    first = y + round((step - size) / 2 + 0.88 * size)
    for index, line in enumerate(lines):
        # An opening mark's glyph is blank on its left half: hang it into the margin.
        shift = round(size * 0.5) if line[:1] in HANGING else 0
        canvas.text((x - shift, first + index * step), line, face, fill, background)
    return y + step * len(lines)


def text_width(text: str, weight: str, size: int) -> float:
    """Advance width of ``text`` in px."""
    return _length(weight, size, text)


def qr_mask(data: str, box: int) -> Image.Image:
    """A crisp QR code of ``data`` about ``box`` px wide, quiet zone included: set ("1") where a module is dark."""
    # A fixed mask pattern: any of the eight makes a valid code that every reader decodes; scoring all
    # eight for the "best" one was four fifths of segno's time.
    code = segno.make(data, error="m", micro=False, mask=QR_MASK)
    rows = [bytes(row) for row in code.matrix_iter(scale=1, border=4)]
    count = len(rows)
    scale = max(1, box // count)
    modules = Image.frombytes("L", (count, count), b"".join(rows)).point(lambda dark: 255 if dark else 0, "1")
    return modules.resize((count * scale, count * scale), Image.Resampling.NEAREST)
