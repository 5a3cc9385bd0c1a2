"""The look of covers, posters and thumbnails: pure drawing (geometry in cover_layout).

Every function takes a plain ``spec`` dict (all texts and colours) and returns
a Pillow image, so the cache digest of the spec covers all that shapes it.
Covers and posters are drawn straight into a palette image (canvas.py); ``palette=False``
draws them in RGB, as the reference of the tests.
Bump cover_layout.TEMPLATE_VERSION whenever the drawing code changes.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageOps

from farun.images.cover_layout import COVER, POSTER, THUMB, CoverLayout, PosterLayout, ThumbLayout
from farun.images.canvas import Canvas
from farun.images.drawing import draw_lines, fit_text, qr_mask, text_width
from farun.images.linebreak import Fit

WHITE = (255, 255, 255)
INK = (26, 32, 44)
GREY = (90, 98, 112)
RED = (200, 22, 29)
GOLD = (227, 181, 79)


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _mix(color, other, share: float) -> tuple[int, int, int]:
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(color, other))
    return red, green, blue


def _stripes(canvas: Canvas, box: tuple[int, int, int, int], color, count: int, gap: int, width: int) -> None:
    """Faint diagonal lane markings in the corner: the transport motif."""
    x0, y0, x1, y1 = box
    for i in range(count):
        start = x0 + i * gap
        canvas.polygon(
            [(start, y1), (start + width, y1), (start + width + (y1 - y0), y0), (start + (y1 - y0), y0)], color
        )


def _pill(canvas: Canvas, right: int, top: int, text: str, size: int, fill, ink) -> None:
    """A rounded label whose right edge is at ``right``."""
    pad_x, height = round(size * 0.7), round(size * 1.7)
    width = round(text_width(text, "bold", size)) + 2 * pad_x
    canvas.rounded_rectangle([right - width, top, right, top + height], height // 2, fill)
    draw_lines(canvas, (right - width + pad_x, top), [text], "bold", size, ink, fill, line_height=1.7)


@lru_cache(maxsize=16)  # a cover and its thumbnail share the title's layout: fitted once, at the cover's size
def _title(text: str, width: int, layout) -> Fit:
    """Short titles large on one line; longer ones shrink, wrap and end with …."""
    short = fit_text(text, "bold", width, 1, layout.short_title_sizes)
    return short if not short.truncated else fit_text(text, "bold", width, layout.title_lines, layout.title_sizes)


def draw_cover(spec: dict, layout: CoverLayout = COVER, palette: bool = True, scale: float = 1.0) -> Image.Image:
    """Share cover: kicker and badge, big title, footer lines, bureau name (``scale``: the same, smaller)."""
    base = _rgb(spec["color"])
    w, h, m = layout.width, layout.height, layout.margin
    canvas = Canvas((round(w * scale), round(h * scale)), base, palette, scale)
    _stripes(canvas, (w - 420, h - 230, w + 200, h), _mix(base, WHITE, 0.07), 5, 92, 38)
    canvas.rectangle([0, 0, w, 11], RED)
    canvas.rectangle([m, 66, m + 8, 108], GOLD)
    draw_lines(canvas, (m + 26, 62), [spec["kicker"]], "bold", 36, WHITE, base, line_height=1.3)
    _pill(
        canvas,
        w - m,
        60,
        spec["badge"],
        28,
        WHITE if spec.get("badge_light") else RED,
        base if spec.get("badge_light") else WHITE,
    )
    canvas.line([(m, 146), (w - m, 146)], _mix(base, WHITE, 0.28), 2)
    fitted = _title(spec["title"], w - 2 * m, layout)
    step = round(fitted.size * 1.32)
    area_top, area_bottom = 170, 468
    top = area_top + max(0, (area_bottom - area_top - step * len(fitted.lines)) // 2)
    end = draw_lines(canvas, (m - 2, top), fitted.lines, "bold", fitted.size, WHITE, base)
    canvas.rectangle([m, end + 10, m + 96, end + 16], GOLD)
    foot = [line for line in spec["footer"] if line]
    y = h - m - 40 * len(foot) + 6
    for line in foot:
        one = fit_text(line, "regular", w - 2 * m - 330, 1, (28, 26, 24))
        draw_lines(canvas, (m, y), one.lines, "regular", one.size, _mix(base, WHITE, 0.82), base, line_height=1.4)
        y += 40
    bureau = spec["bureau"]
    draw_lines(
        canvas,
        (w - m - round(text_width(bureau, "bold", 28)), h - m - 34),
        [bureau],
        "bold",
        28,
        WHITE,
        base,
        line_height=1.4,
    )
    return canvas.result()


def draw_poster(spec: dict, layout: PosterLayout = POSTER, palette: bool = True) -> Image.Image:
    """Poster for chats and notice boards: title block, facts, QR code."""
    base = _rgb(spec["color"])
    w, h, m = layout.width, layout.height, layout.margin
    canvas = Canvas((w, h), WHITE, palette)
    block = 960
    canvas.rectangle([0, 0, w, block], base)
    _stripes(canvas, (w - 460, block - 300, w + 300, block), _mix(base, WHITE, 0.07), 5, 104, 44)
    canvas.rectangle([0, 0, w, 16], RED)
    canvas.rectangle([m, 112, m + 10, 164], GOLD)
    draw_lines(canvas, (m + 32, 106), [spec["kicker"]], "bold", 46, WHITE, base, line_height=1.3)
    _pill(canvas, w - m, 104, spec["badge"], 34, RED, WHITE)
    canvas.line([(m, 214), (w - m, 214)], _mix(base, WHITE, 0.28), 3)
    fitted = _title(spec["title"], w - 2 * m, layout)
    end = draw_lines(canvas, (m - 3, 290), fitted.lines, "bold", fitted.size, WHITE, base, line_height=1.3)
    canvas.rectangle([m, end + 22, m + 120, end + 30], GOLD)
    who = fit_text(spec["speaker"], "bold", w - 2 * m, 1, (52, 46, 40))
    draw_lines(canvas, (m, block - 190), [f"{who.lines[0]}"], "bold", who.size, WHITE, base)
    if spec.get("speaker_title"):
        role = fit_text(spec["speaker_title"], "regular", w - 2 * m, 1, (32, 30, 28, 26))
        draw_lines(canvas, (m, block - 118), role.lines, "regular", role.size, _mix(base, WHITE, 0.82), base)
    y = block + 70
    label_w = 150
    for label, value in spec["facts"]:
        if not value:
            continue
        draw_lines(canvas, (m, y), [label], "bold", 36, base, WHITE, line_height=1.45)
        lines = fit_text(value, "regular", w - 2 * m - label_w, 2, (36, 34, 32)).lines
        size = 36 if len(lines) == 1 else 34
        y = draw_lines(canvas, (m + label_w, y), lines, "regular", size, INK, WHITE, line_height=1.45) + 26
    band = 150
    qr = qr_mask(spec["url"], layout.qr_box)
    qr_top = h - band - 50 - qr.height
    room = (qr_top - 40 - (y + 34)) // 48
    if spec.get("summary") and room >= 1:
        canvas.line([(m, y + 4), (w - m, y + 4)], (222, 226, 232), 2)
        summary = fit_text(spec["summary"], "regular", w - 2 * m, min(3, room), (30,))
        draw_lines(canvas, (m, y + 34), summary.lines, "regular", 30, GREY, WHITE, line_height=1.6)
    canvas.rectangle([m - 30, qr_top, m - 30 + qr.width - 1, qr_top + qr.height - 1], WHITE)  # the quiet zone
    canvas.fill_mask((m - 30, qr_top), qr, INK)
    text_x = m + qr.width + 30
    draw_lines(canvas, (text_x, qr_top + 86), ["扫码查看讲座"], "bold", 44, INK, WHITE)
    draw_lines(canvas, (text_x, qr_top + 156), [spec["qr_note"]], "regular", 28, GREY, WHITE)
    canvas.rectangle([text_x, qr_top + 226, text_x + 80, qr_top + 232], RED)
    canvas.rectangle([0, h - band, w, h], base)
    canvas.rectangle([0, h - band, w, h - band + 8], RED)
    draw_lines(canvas, (m, h - band + 44), [spec["bureau"]], "bold", 40, WHITE, base)
    site = spec["site_name"]
    draw_lines(
        canvas,
        (w - m - round(text_width(site, "regular", 32)), h - band + 48),
        [site],
        "regular",
        32,
        _mix(base, WHITE, 0.82),
        base,
    )
    return canvas.result()


def draw_cover_thumb(spec: dict, layout: ThumbLayout = THUMB, cover: CoverLayout = COVER) -> Image.Image:
    """The list thumbnail of a drawn cover: the cover's drawing at the thumbnail's size, not the cover scaled down.

    The same calls as draw_cover on a canvas at 0.4: the title is broken into the same lines
    (fitted at the cover's size) and set at 0.4 of its size, so no 1200 px cover is resized per thumbnail.
    """
    return draw_cover(spec, cover, scale=layout.width / cover.width)  # same aspect ratio (tests/images)


def draw_thumb(cover: Image.Image, layout: ThumbLayout = THUMB) -> Image.Image:
    """The list thumbnail of a staff image: the image cropped to 480:252 around its centre and scaled down."""
    img = ImageOps.exif_transpose(cover).convert("RGB")
    ratio = layout.width / layout.height
    crop_w, crop_h = (
        (img.height * ratio, img.height) if img.width / img.height > ratio else (img.width, img.width / ratio)
    )
    left, top = (img.width - crop_w) / 2, (img.height - crop_h) / 2
    # reducing_gap: average whole pixel blocks first, then bicubic for the last <= 2.5x: a third of the time
    # of Lanczos over a full 1200 px cover; at 480 px it differs from that by 0.9/255 on average, unseen.
    return img.resize(
        (layout.width, layout.height),
        Image.Resampling.BICUBIC,
        box=(left, top, left + crop_w, top + crop_h),
        reducing_gap=1.25,
    )
