"""A canvas that draws covers and posters straight into a 256-colour palette image.

Covers and posters are flat colours plus anti-aliased text, so they need no colour
quantizing (Pillow's took a quarter of the drawing time): every flat colour gets one
palette entry, and a text's edge pixels one of ``LEVELS`` steps between its ink and the
colour it is set on (a ramp). Shapes are not anti-aliased in Pillow, so they are exact.

``Canvas(..., palette=False)`` draws the same calls in RGB the usual Pillow way: the
reference that tests compare the palette drawing with. ``scale`` draws the same calls smaller:
a list thumbnail is its cover drawn at 0.4 (coordinates are given at full size, text is set
at the scaled font size), not the cover resized.
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from PIL import Image, ImageDraw, ImageFont

Color = tuple[int, int, int]
LEVELS = 16  # steps of a text edge, its background included: at most 1/30 of ink-minus-background off


_STEPS = LEVELS - 1
_LEVEL = [round(value * _STEPS / 255) for value in range(256)]  # coverage -> step
_PAINT = [255 if level else 0 for level in _LEVEL]  # coverage -> "paint here" (above half a step)


@lru_cache(maxsize=64)  # a title mask is up to ~150 KB; the texts every image repeats stay in
def text_mask(face: ImageFont.FreeTypeFont, text: str) -> tuple[Image.Image, int, int]:
    """The coverage of ``text`` and its top-left relative to the baseline start (kicker, bureau ... repeat).

    The very mask and offset ImageDraw.text blends (getmask2), without its second layout for a bounding box.
    """
    core, (left, top) = face.getmask2(text, "L", anchor="ls")
    return Image.Image()._new(core), left, top


def _point(image: Image.Image, table: list[int]) -> Image.Image:
    """``image.point(table)`` for a table of ints: Pillow's own rounds all 256 entries on every call."""
    return image._new(image.im.point(table, None))


class Canvas:
    """Shapes, text and masks on a palette (or, as reference, RGB) image of one background colour."""

    def __init__(self, size: tuple[int, int], background: Color, palette: bool = True, scale: float = 1.0):
        self.palette, self.scale = palette, scale
        self._colors: list[Color] = [background]
        self._index: dict[Color, int] = {background: 0}
        self._ramps: dict[tuple[Color, Color], list[int]] = {}
        self.image = Image.new("P", size, 0) if palette else Image.new("RGB", size, background)
        self.draw = ImageDraw.Draw(self.image)

    def ink(self, color: Color):
        """What Pillow's drawing takes as ``fill``: a palette index, or the colour itself."""
        if not self.palette:
            return color
        if color not in self._index:
            if len(self._colors) == 256:  # more colours than a palette holds: the nearest one already in it
                return min(range(256), key=lambda i: sum((a - b) ** 2 for a, b in zip(self._colors[i], color)))
            self._index[color] = len(self._colors)
            self._colors.append(color)
        return self._index[color]

    def at(self, value: float) -> int:
        """A full-size coordinate or length on this canvas."""
        return round(value * self.scale)

    def _points(self, points) -> list[tuple[int, int]]:
        return [(self.at(x), self.at(y)) for x, y in points]

    def rectangle(self, box, fill: Color) -> None:
        self.draw.rectangle([self.at(v) for v in box], fill=self.ink(fill))

    def rounded_rectangle(self, box, radius: int, fill: Color) -> None:
        self.draw.rounded_rectangle([self.at(v) for v in box], radius=self.at(radius), fill=self.ink(fill))

    def polygon(self, points, fill: Color) -> None:
        self.draw.polygon(self._points(points), fill=self.ink(fill))

    def line(self, points, fill: Color, width: int) -> None:
        self.draw.line(self._points(points), fill=self.ink(fill), width=max(1, self.at(width)))

    def _ramp(self, ink: Color, background: Color) -> list[int]:
        """Lookup table from coverage to the palette index of its step between ``background`` and ``ink``."""
        key = (ink, background)
        if key not in self._ramps:
            entries = [
                self.ink(cast(Color, tuple(round(b + (a - b) * level / _STEPS) for a, b in zip(ink, background))))
                for level in range(LEVELS)
            ]
            self._ramps[key] = [entries[level] for level in _LEVEL]
        return self._ramps[key]

    def text(
        self, xy: tuple[int, int], text: str, face: ImageFont.FreeTypeFont, fill: Color, background: Color
    ) -> None:
        """``text`` with its baseline starting at ``xy`` (full size; anchor "ls"), set on ``background``.

        ``face`` is already at this canvas's scale (drawing.draw_lines picks it).
        """
        if not text:
            return
        xy = (self.at(xy[0]), self.at(xy[1]))
        if not self.palette:
            self.draw.text(xy, text, font=face, fill=fill, anchor="ls")
            return
        mask, left, top = text_mask(face, text)
        if not mask.width or not mask.height:  # nothing drawn (white space)
            return
        ramp = _point(mask, self._ramp(fill, background))
        ramp.putpalette(b"\0" * 3)  # a palette image, so paste copies its indices as they are
        self.image.paste(ramp, (xy[0] + left, xy[1] + top), _point(mask, _PAINT))

    def fill_mask(self, xy: tuple[int, int], mask: Image.Image, fill: Color) -> None:
        """``fill`` wherever the "1" or "L" ``mask`` (drawn at this canvas's scale) is set (a QR code's dark modules)."""
        xy = (self.at(xy[0]), self.at(xy[1]))
        self.image.paste(self.ink(fill), (*xy, xy[0] + mask.width, xy[1] + mask.height), mask)

    def result(self) -> Image.Image:
        """The drawing: mode "P" with its palette, or "RGB" for the reference."""
        if self.palette:
            self.image.putpalette([channel for color in self._colors for channel in color])
        return self.image
