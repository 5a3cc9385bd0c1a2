"""Attribute values, comments and scripts are read piece by piece, each distinct piece once per process,
and find exactly what reading the whole markup channel finds (pii_cache.hidden_hits)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from farun.pii import text as pii_text
from farun.pii.numbers import scan
from farun.pii import cache as pii_cache
from farun.pii import scan as pii_scan

MOBILE, M_MASK = "15958126600", "159****6600"
VALUES = ["159", "5812 6600", MOBILE, "&#49;59", "&amp", "&", "&#", "%E4%B8", "%AD", "%31%35%39", "%", "tel:+86",
          "data:image/svg+xml,<svg><text>159", "58126600", "\n", "中", "x", "&#10;", "&nbsp;", "%0A", "3301061985", "0612231X"]
PIECES = st.one_of(
    st.builds(lambda n, v: f'<a {n}="{v}">', st.sampled_from(["title", "href", "alt", "data-x", "d", "content"]),
              st.lists(st.sampled_from(VALUES), max_size=4).map("".join)),
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


@settings(max_examples=300, deadline=None)
@given(MARKUP, MARKUP)
def test_reading_piece_by_piece_finds_what_reading_the_channel_finds(first, second):
    pii_cache.CLEAN_PIECES.clear()
    for markup in (first, second, first):  # the second time the clean pieces are remembered
        expected = [(h.kind, h.number, h.line) for h in scan(pii_text.hidden(markup), [], 2026)]
        assert [(h.kind, h.number, h.line) for h in pii_cache.hidden_hits(markup, [], 2026)] == expected


def test_a_repeated_piece_is_read_once_and_a_number_every_time(monkeypatch):
    pii_cache.CLEAN_PIECES.clear()
    read = []
    monkeypatch.setattr(pii_cache, "scan", lambda text, *a: read.append(text) or scan(text, *a))
    page = '<a class="md-nav__link" href="../x/">x</a>\n<a title="电话 {}">y</a>'
    for n in range(3):
        hits, _ = pii_scan.scan_file(f"p{n}/index.html", page.format(MOBILE).encode("utf-8"), [], 2026, {})
        assert [(place, hit.masked) for place, hit in hits] == [("2", M_MASK)]
    assert read.count("md-nav__link") == 1 and read.count(f"电话 {MOBILE}") == 3
    assert pii_scan.scan_file("q.html", page.format(MOBILE).encode("utf-8"), [MOBILE], 2026, {}) == ([], "")
    assert read.count("md-nav__link") == 2  # another allowlist: its own memory


NAME = st.lists(st.sampled_from(["a", "b.", ".", "..", ".md", "x.MD", "tar.gz", "中文.PDF", " ", "\\"]), min_size=1, max_size=4).map(
    "".join).filter(lambda name: name not in {".", ".."})


@given(st.lists(NAME, min_size=1, max_size=3).map("/".join))
def test_suffix_of_a_published_path_is_pathlibs(rel):
    # rel as the scan builds it: real file and folder names (never "", "." or "..") joined by "/".
    from pathlib import PurePosixPath

    assert pii_scan._suffix(rel) == PurePosixPath(rel).suffix.lower()
