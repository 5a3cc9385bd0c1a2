"""Covers and posters drawn straight into a palette look like the same drawing in full colour."""

from __future__ import annotations

import zxingcpp
from hypothesis import given, settings, strategies as st
from PIL import Image, ImageChops, ImageStat

from farun.images.canvas import LEVELS, Canvas
from farun.images.cover_art import GOLD, INK, RED, WHITE, draw_cover, draw_poster
from farun.images.drawing import draw_lines, qr_mask

BLUE = (11, 60, 125)
COVER = {
    "color": "#0B3C7D",
    "kicker": "法润交通云讲堂",
    "badge": "第12期",
    "footer": ["主讲人：陈立新　市交通运输局政策法规处副处长", "2023年3月15日"],
    "bureau": "绍兴市交通运输局",
    "title": "新修订《行政复议法》要点解读：复议前置、调解和解与听证程序的变化",
}
CASE = {
    "color": "#9A4A0C",
    "kicker": "以案释法",
    "badge": "超限运输",
    "badge_light": True,
    "footer": ["2023年5月20日"],
    "bureau": "绍兴市交通运输局",
    "title": "示例｜私家车通过社交群组招揽乘客非法营运案",
}
POSTER = {
    "color": "#0B3C7D",
    "kicker": "法润交通云讲堂",
    "badge": "第3期",
    "title": "ETC通行费争议与12328热线投诉的依法处理",
    "speaker": "王晓燕",
    "speaker_title": "市交通运输行政执法队法制科科长",
    "facts": [["时间", "2023年4月12日（星期三） 14:30-16:00"], ["地点", "市交通运输局三楼会议室"]],
    "summary": "解读新修订行政复议法的主要变化，结合本市近三年办理的复议案件，讲清楚“首违不罚”的适用条件。",
    "url": "https://jtj.sx.gov.cn/fxjt/lectures/2023-04-etc/",
    "bureau": "绍兴市交通运输局",
    "site_name": "法润交通",
    "qr_note": "视频回放 · 讲座要点 · 相关案例",
}


def _difference(a: Image.Image, b: Image.Image) -> tuple[float, int]:
    """Mean absolute difference per channel (0-255) and the largest one."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3, max(high for _, high in diff.getextrema())


def test_covers_and_posters_are_palette_images_that_look_like_the_full_colour_drawing():
    for draw, spec in (
        (draw_cover, COVER),
        (draw_cover, CASE),
        (draw_poster, POSTER),
        (draw_poster, {**POSTER, "speaker_title": "", "summary": ""}),
    ):
        drawn, reference = draw(spec), draw(spec, palette=False)
        assert drawn.mode == "P" and reference.mode == "RGB" and drawn.size == reference.size
        assert len(drawn.getcolors(256) or []) > 20  # not None: 256 colours at most, and the text edges are smooth
        mean, _ = _difference(drawn, reference)
        assert mean < 0.15, (spec["title"], mean)


def test_text_edges_are_within_half_a_step_of_the_full_colour_text():
    for ink, background in ((WHITE, BLUE), (INK, WHITE), (WHITE, RED), (GOLD, BLUE)):
        images = []
        for palette in (True, False):
            canvas = Canvas((900, 260), background, palette)
            draw_lines(
                canvas,
                (20, 10),
                ["交通运输行政执法《条例》ETC 12328", "网约车“双公示”，信用修复！"],
                "bold",
                64,
                ink,
                background,
            )
            draw_lines(canvas, (20, 180), ["市交通运输局三楼会议室 14:30-16:00"], "regular", 28, ink, background)
            images.append(canvas.result())
        mean, largest = _difference(*images)
        step = max(abs(a - b) for a, b in zip(ink, background)) / (LEVELS - 1)
        assert largest <= step / 2 + 1, (ink, background, largest)
        assert 0 < mean < 1


def test_a_canvas_with_more_colours_than_a_palette_holds_uses_the_nearest():
    canvas = Canvas((300, 2), WHITE)
    for x in range(300):
        canvas.rectangle([x, 0, x, 1], (x % 256, 0, 0))
    image = canvas.result().convert("RGB")
    assert image.getpixel((100, 0)) == (100, 0, 0)
    assert image.getpixel((255, 0)) == (254, 0, 0)  # the 257th colour: white and 255 reds fill the palette
    assert len(image.getcolors(300)) <= 256


def _decoded(url: str) -> list[str]:
    mask = qr_mask(url, 330)
    canvas = Canvas((mask.width + 40, mask.height + 40), WHITE)
    canvas.fill_mask((20, 20), mask, INK)
    return [code.text for code in zxingcpp.read_barcodes(canvas.result().convert("RGB"))]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=60))
def test_qr_codes_with_the_fixed_mask_decode_for_any_lecture_url(slug):
    url = f"https://jtj.sx.gov.cn/fxjt/lectures/{slug}/"
    assert _decoded(url) == [url]


def test_qr_code_is_crisp_and_fills_its_box():
    mask = qr_mask("https://jtj.sx.gov.cn/fxjt/lectures/2023-04-etc/", 330)
    assert mask.mode == "1" and mask.width == mask.height and 290 <= mask.width <= 330
    assert {value for _, value in mask.convert("L").getcolors()} == {0, 255}


def test_thumbnail_looks_like_the_whole_cover_scaled_down():
    from farun.images.cover_art import draw_thumb

    for spec in (COVER, CASE):
        cover = draw_cover(spec)
        thumb = draw_thumb(cover)
        assert (thumb.mode, thumb.size) == ("RGB", (480, 252))
        mean, _ = _difference(thumb, cover.convert("RGB").resize((480, 252), Image.LANCZOS))
        assert mean < 1.5, mean


def test_qr_codes_of_chinese_file_names_and_long_intranet_addresses_decode():
    for url in ("https://jtj.sx.gov.cn/fxjt/lectures/2023-03-行政复议/", "http://10.0.0.5:8080/" + "fxjt/" * 30):
        assert _decoded(url) == [url]


def test_a_cover_thumbnail_is_the_cover_drawn_at_its_own_size():
    from farun.images.cover_art import draw_cover_thumb
    from farun.images.cover_layout import COVER as COVER_LAYOUT, THUMB

    assert COVER_LAYOUT.width * THUMB.height == COVER_LAYOUT.height * THUMB.width  # one scale for both sides
    for spec in (COVER, CASE):
        thumb = draw_cover_thumb(spec)
        assert (thumb.mode, thumb.size) == ("P", (480, 252))
        assert len(thumb.getcolors(256) or []) > 20  # text edges are smooth at this size too
        mean, _ = _difference(thumb, draw_cover(spec).convert("RGB").resize((480, 252), Image.LANCZOS))
        # The same drawing (another title differs by 19): text set at 0.4 of its size is
        # sharper than text scaled down (mean 3.2 and 4.7 for these two), and one title layout serves both.
        assert mean < 6, mean
