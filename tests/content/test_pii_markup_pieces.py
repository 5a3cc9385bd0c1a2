"""The markup channel (attribute values, comments, scripts) is its pieces, each read alone (pii/text.py).

The scan reads the channel whole (pii/scan.py ``text_hits``); a per-process memo of clean pieces was retired
(it paid under 1 % of a cold build at N=1,000).
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from farun.pii import text as pii_text

MOBILE, M_MASK = "15958126600", "159****6600"
VALUES = [
    "159",
    "5812 6600",
    MOBILE,
    "&#49;59",
    "&amp",
    "&",
    "&#",
    "%E4%B8",
    "%AD",
    "%31%35%39",
    "%",
    "tel:+86",
    "data:image/svg+xml,<svg><text>159",
    "58126600",
    "\n",
    "中",
    "x",
    "&#10;",
    "&nbsp;",
    "%0A",
    "3301061985",
    "0612231X",
]
PIECES = st.one_of(
    st.builds(
        lambda n, v: f'<a {n}="{v}">',
        st.sampled_from(["title", "href", "alt", "data-x", "d", "content"]),
        st.lists(st.sampled_from(VALUES), max_size=4).map("".join),
    ),
    st.builds(lambda v: f"<!--{v}-->", st.lists(st.sampled_from(VALUES), max_size=4).map("".join)),
    st.builds(lambda v: f"<script>{v}</script>", st.lists(st.sampled_from(VALUES), max_size=4).map("".join)),
    st.sampled_from(["<p>", "</p>", "\n", "文字", "159", "<br>"]),
)
MARKUP = st.lists(PIECES, max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(MARKUP)
def test_the_markup_channel_is_its_pieces_each_read_alone(markup):
    parts = [pii_text.hidden_part(piece) for piece in pii_text.hidden_pieces(markup)]
    assert pii_text.hidden(markup) == pii_text.PIECE_BREAK.join(parts)
