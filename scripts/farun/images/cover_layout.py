"""Geometry, colours and version of covers (1200×630), posters (1080×1920) and thumbnails.

No Pillow here: planning a build's images (their digests) and the page
templates need these numbers, and only drawing needs Pillow.
"""

from __future__ import annotations

from dataclasses import dataclass

# Bump whenever the drawing changes (cover_art, drawing, cover_render's encoding): every image is redrawn once.
# .1: titles break between words (jieba); .2: drawn in palette mode; .3: bicubic thumbs;
# 2026-12-04: thumbnails are the cover drawn at their own size, not the cover resized
TEMPLATE_VERSION = "2026-12-04.1"
LECTURE_COLOR = "#0B3C7D"
CATEGORY_COLORS = ("#0E6B5C", "#9A4A0C", "#A3201E", "#3B4A9E", "#44516A", "#0A6A96", "#6B3FA0", "#2F6B2F")


@dataclass(frozen=True)
class CoverLayout:
    """Geometry of the 1200×630 share cover."""

    width: int = 1200
    height: int = 630
    margin: int = 72
    title_sizes: tuple[int, ...] = (80, 76, 72, 68, 64, 60, 56, 52)
    title_lines: int = 3
    short_title_sizes: tuple[int, ...] = (112, 104, 96, 88)  # a title that fits one line is set larger


@dataclass(frozen=True)
class PosterLayout:
    """Geometry of the 1080×1920 poster."""

    width: int = 1080
    height: int = 1920
    margin: int = 90
    title_sizes: tuple[int, ...] = (104, 96, 88, 80, 76, 72, 68)
    title_lines: int = 4
    short_title_sizes: tuple[int, ...] = (150, 136, 124, 112)
    qr_box: int = 330


@dataclass(frozen=True)
class ThumbLayout:
    """The WebP thumbnail shown in lecture and case lists."""

    width: int = 480
    height: int = 252
    quality: int = 80


COVER, POSTER, THUMB = CoverLayout(), PosterLayout(), ThumbLayout()


def category_color(category: str, categories: list[str]) -> str:
    """A fixed colour per case category, by its place in mkdocs.yml."""
    index = categories.index(category) if category in categories else sum(map(ord, category))
    return CATEGORY_COLORS[index % len(CATEGORY_COLORS)]
