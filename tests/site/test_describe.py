"""Page descriptions (farun/site/describe.py): one line, at most 120 characters, from the item."""

from __future__ import annotations

from hypothesis import given, strategies as st

from farun.site.describe import LIMIT, listing, shorten

TEXT = st.text(st.characters(categories=["Lo", "Nd", "Zs", "Po", "Cc"]), max_size=400)


@given(TEXT)
def test_shorten_gives_one_line_within_the_limit(text):
    short = shorten(text)
    assert len(short) <= LIMIT and "\n" not in short
    plain = " ".join(text.split())
    assert short == plain if len(plain) <= LIMIT else short.endswith("…") and plain.startswith(short[:-1].rstrip("，、；：,;: "))


@given(st.text(max_size=60), st.lists(st.text(min_size=1, max_size=40), max_size=30))
def test_listing_keeps_whole_names_within_the_limit(head, names):
    text = listing(head, names)
    assert text.startswith(head) and len(text) <= max(LIMIT, len(head) + 1)
    shown = text[len(head) + 1:].removesuffix("等")
    if names and len(text) > len(head) + 1:
        assert text[len(head)] == "："
        assert "、".join(names).startswith(shown)


def test_examples():
    assert shorten("  第一句。\n第二句。 ") == "第一句。 第二句。"
    assert shorten("甲" * 130) == "甲" * 119 + "…"
    assert listing("全部主题（2 个）", ["网约车", "信访"]) == "全部主题（2 个）：网约车、信访"
    assert listing("主题", ["长" * 200]) == "主题等"
