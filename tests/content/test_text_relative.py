"""The generated pages' relative links: ``text.relative`` is ``posixpath.relpath`` for every pair of paths."""

from __future__ import annotations

import posixpath

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from farun.content.text import link, relative

SEGMENT = st.sampled_from(["lectures", "cases", "page", "2", "x.md", "index.md", "法规", "a b", ".", "..", "", "x"])
PATH = st.lists(SEGMENT, min_size=1, max_size=5).map("/".join)
START = st.one_of(st.just("."), PATH)


@given(PATH, START)
@settings(max_examples=2000, deadline=None)
def test_relative_is_relpath(target, start):
    try:
        expected = posixpath.relpath(target, start)
    except ValueError:  # relpath refuses an empty path: so does relative
        with pytest.raises(ValueError):
            relative(target, start)
        return
    assert relative(target, start) == expected


def test_the_links_a_list_page_writes():
    assert link("讲座", "lectures/x.md", "lectures/page/2.md") == "[讲座](../x.md)"
    assert link("讲座", "lectures/x.md", "index.md") == "[讲座](lectures/x.md)"
    assert link("讲座", "lectures/x.md", "lectures/index.md") == "[讲座](x.md)"
    assert (
        link("法", "laws/行政处罚法.md", "cases/2024/y.md")
        == "[法](../../laws/%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A%E6%B3%95.md)"
    )
