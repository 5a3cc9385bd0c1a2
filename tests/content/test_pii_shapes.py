"""Digits drawn as pictures (issue 27.2): emoji and icon shortcodes in the Markdown, the inline SVG icons
and emoji images they render to in the page, read as the digits a reader sees (pii/shapes.py)."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings, strategies as st
from material.extensions import emoji as material_emoji

from farun.pii import shapes as pii_shapes
from farun.pii.numbers import find, mask, normalize
from farun.pii.shapes import icon_digits, icon_reading, read_icons, read_shortcodes, shortcode_reading, theme_icons
from farun.pii.text import channels
from farun.pii.files import text_hits
from farun.publish.sanitize import BodyPolicy, sanitize
from test_pii_properties import mobiles

ICONS = theme_icons()


def _icon_names() -> list[str]:
    return sorted(p.relative_to(ICONS).with_suffix("").as_posix().replace("/", "-") for p in ICONS.rglob("*.svg"))


ICON_NAMES = _icon_names()
READ_ICONS = {name: icon_reading(name) for name in ICON_NAMES if icon_reading(name) is not None}
EMOJI = {name: shortcode_reading(name) for name in pii_shapes._emoji_index() if shortcode_reading(name) is not None}
# Every shortcode that draws one digit, by digit: icons of every shape and the keycap emoji.
BY_DIGIT = {
    d: sorted([n for n, r in READ_ICONS.items() if r == str(d)] + [n for n, r in EMOJI.items() if r == str(d)])
    for d in range(10)
}


def test_icons_read_as_the_number_their_name_says_they_draw():
    assert READ_ICONS["material-numeric-1"] == "1" and READ_ICONS["material-numeric-5-box-outline"] == "5"
    assert READ_ICONS["material-numeric-9-plus-circle"] == "9+" and READ_ICONS["material-numeric-10-box"] == "10"
    assert READ_ICONS["fontawesome-solid-1"] == "1" and READ_ICONS["material-roman-numeral-9"] == "9"
    assert READ_ICONS["material-roman-numeral-10"] == "X"  # as Ⅹ reads: the letter an ID may end with
    # Every Material numeric-N icon and FontAwesome digit in the installed theme is read, and nothing else
    # of the ~13,000: other icons' digits come with letters (H1, 4G) or are logos and sizes.
    numeric = [n for n in ICON_NAMES if n.startswith("material-numeric-") and n.split("-")[2].isdigit()]
    assert len(numeric) >= 80 and all(n in READ_ICONS for n in numeric)
    assert sorted(n for n in READ_ICONS if n.startswith("fontawesome")) == [f"fontawesome-solid-{d}" for d in range(10)]
    for name in (
        "material-format-header-1",
        "material-signal-4g",
        "octicons-number-16",
        "fontawesome-brands-500px",
        "simple-1password",
        "material-numeric-negative-1",
        "material-dice-1",
    ):
        assert name not in READ_ICONS, name


def test_emoji_read_as_their_characters_read():
    assert EMOJI == {
        name: str(d)
        for d, name in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
    }
    for name in ("keycap_ten", "1234", "100", "hash", "asterisk", "smile", "1st_place_medal"):
        assert shortcode_reading(name) is None, name  # no digit value in Unicode: pictures


def test_every_digit_icon_maps_back_from_its_svg():
    icons = icon_digits()
    assert len(icons) >= 100
    for name, reading in READ_ICONS.items():
        svg = (
            (ICONS / (name.replace("-", "/", 1) if name.startswith("material") else "/".join(name.split("-", 2))))
            .with_suffix(".svg")
            .read_text(encoding="utf-8")
        )
        assert read_icons(f"<p>{svg}</p>") == f"<p>{reading}</p>", name


def test_shortcodes_in_markdown_read_as_digits_the_rest_as_written():
    text = "电话 :one::five::nine: :material-numeric-5-box: :fontawesome-solid-8: 12:30:45 :smile: :unknown-icon:"
    assert read_shortcodes(text) == "电话 159 5 8 12:30:45 :smile: :unknown-icon:"


def _render(body: str) -> str:
    """A body as the build renders and cleans it (Material's emoji settings from mkdocs.yml, then nh3)."""
    md = markdown.Markdown(
        extensions=["pymdownx.emoji", "attr_list"],
        extension_configs={
            "pymdownx.emoji": {"emoji_index": material_emoji.twemoji, "emoji_generator": material_emoji.to_svg}
        },
    )
    return sanitize(md.convert(body), BodyPolicy())[0]


def _read_as_page(html: str) -> list[tuple[str, str]]:
    return [(h.kind, h.masked) for _, text in channels(html, ".html") for h in find(text, latest_year=2026)]


def test_rendered_icons_and_emoji_are_read():
    html = _render(
        "手机 :material-numeric-1: :material-numeric-5-box:\n:fontawesome-solid-9::five::eight:"
        ":one::material-numeric-2-circle: 66:zero::material-numeric-0-box-multiple-outline:"
    )
    assert "<svg" in html and "alt=" in html and "15958126600" not in normalize(html)
    assert ("mobile", "159****6600") in _read_as_page(html)
    # A copy of the icon's SVG pasted as HTML reads the same as the shortcode.
    pasted = "".join((ICONS / "material" / f"numeric-{d}.svg").read_text(encoding="utf-8") for d in "15958126600")
    assert ("mobile", "159****6600") in _read_as_page(_render(f"<p>{pasted}</p>"))


def test_ordinary_icons_and_images_are_no_numbers():
    html = _render(
        ":material-numeric-1: 第一步 :material-numeric-2: 第二步 :material-numeric-3: 第三步\n"
        ":smile: :material-phone: 0575-85130000 ![图 1](a.png) ![2023年](b.png)"
    )
    assert _read_as_page(html) == []


def _written(draw, number: str) -> str:
    out = []
    for digit in number:
        form = draw(st.sampled_from(["plain", "code", "code"]))
        out.append(digit if form == "plain" else f":{draw(st.sampled_from(BY_DIGIT[int(digit)]))}:")
        out.append(draw(st.sampled_from(["", "", " "])))
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(st.data(), mobiles())
def test_numbers_drawn_with_random_shortcodes_are_found_by_check_and_in_the_page(data, number):
    body = "联系电话：" + _written(data.draw, number) + "。"
    page = f"---\ntitle: 示例\n---\n\n{body}\n"
    hits = [(h.kind, h.masked, h.line) for _, h in text_hits(page, ".md", [], 2026)]
    assert ("mobile", mask("mobile", number), 5) in hits, body
    assert ("mobile", mask("mobile", number)) in _read_as_page(_render(body)), body


@pytest.mark.parametrize(
    "name", ["material-numeric-7", "fontawesome-solid-7", "seven", "material-numeric-7-circle-outline"]
)
def test_one_shortcode_of_each_kind_through_check(name):
    page = f"手机 1595812660:{name}:\n"
    assert [(h.kind, h.masked) for _, h in text_hits(page, ".md", [], 2026)] == [("mobile", "159****6607")]
