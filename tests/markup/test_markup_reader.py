"""The one markup reader (scripts/farun/markup/reader.py): its tokens cover the file, it reads well-formed
markup exactly as the regular-expression passes it replaced read it, and it stays linear on the shapes that
make html.parser quadratic.
"""

from __future__ import annotations

import gc
import html
import re
import time

from hypothesis import given, settings, strategies as st

from farun.markup import reader
from farun.pii import text as pii_text

# The PII guard's reader before markup/reader.py: one regular-expression pass after the other (pii/text.py
# up to December 2026, plain patterns). On well-formed markup the one reader must read what it read.
_BLOCK = set(reader.BLOCK) | {"img"}
OLD = {
    "comment": re.compile(r"<!--(.*?)(?:-->|$)", re.S),
    "cdata": re.compile(r"<!\[CDATA\[(.*?)(?:\]\]>|$)", re.S),
    "raw": re.compile(r"<(script|style)\b[^<>]*>(.*?)(?:</\1\s*>|$)", re.S | re.I),
    "img": re.compile(r"<img\b[^>]*>", re.I),
    "alt": re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I),
    "multiline": re.compile(r"</?[A-Za-z!?][^<>]*\n[^<>]*>"),
    "cell": re.compile(rf"</?(?:{'|'.join(sorted(reader.CELLS))})\b[^<>]*>", re.I),
    "block": re.compile(rf"</?(?:{'|'.join(sorted(_BLOCK, key=len, reverse=True))})\b[^<>]*>", re.I),
    "tag": re.compile(r"</?[A-Za-z!?][^<>]*>"),
}


def _newlines(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def _alt(match: re.Match) -> str:
    tag = match.group(0)
    alt = OLD["alt"].search(tag)
    if not alt:
        return "\n" * tag.count("\n")
    shown = "".join(group for group in alt.groups() if group).replace("\n", " ")
    return "\n" * tag.count("\n", 0, alt.start()) + shown + "\n" * tag.count("\n", alt.start())


def old_visible(markup: str) -> str:
    text = OLD["comment"].sub(_newlines, markup)
    text = OLD["cdata"].sub(lambda m: m.group(1), text)
    text = OLD["raw"].sub(_newlines, text)
    text = OLD["img"].sub(_alt, text)
    text = OLD["multiline"].sub(_newlines, text)
    text = OLD["cell"].sub(pii_text.CELL_BREAK, text)
    text = OLD["block"].sub(" ", text)
    return html.unescape(OLD["tag"].sub("", text))


# Well-formed markup: tags on one line with quoted attribute values free of "<" and ">", whole comments,
# scripts and styles; names that are whole element names.
NAMES = sorted(reader.BLOCK) + ["span", "b", "a", "em", "code", "Td", "TABLE", "Header", "img", "IMG"]
TEXT = st.sampled_from(["159", " ", "5812", "\n", "中", "&amp;", "&#49;", "x", "6600", "a=b", "-"])
TAGS = st.one_of(
    st.builds(
        lambda n, a, q, v: f"<{n} {a}={q}{v}{q}>",
        st.sampled_from(NAMES),
        st.sampled_from(["alt", "title", "href", "d"]),
        st.sampled_from(['"', "'"]),
        st.sampled_from(["1 2", "159", "", "x y", "&#49;"]),
    ),
    st.builds(
        lambda n: f"</{n}>", st.sampled_from([n for n in NAMES if n.lower() != "img"])
    ),  # a void element has none
    st.builds(lambda n: f"<{n}/>", st.sampled_from(NAMES)),
    st.sampled_from(
        [
            "<!-- 138 -->",
            "<!---->",
            "<script>var a = 1 < 2;</script>",
            "<style>\n.a{}\n</style>",
            "<!doctype html>",
            "<?xml version='1.0'?>",
            "<br>",
        ]
    ),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(TEXT, TAGS), max_size=40).map("".join))
def test_well_formed_markup_reads_as_the_regex_passes_read_it(markup):
    assert pii_text.visible(markup) == old_visible(markup)


ANYTHING = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "</",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<script",
            "</script>",
            "<STYLE>",
            "<a",
            " ",
            "\n",
            "=",
            '"',
            "'",
            "x",
            "1",
            "<!",
            "<?",
            "<p>",
            "<img alt=",
            "</td>",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(ANYTHING)
def test_tokens_cover_the_markup_in_order(markup):
    pieces = list(reader.tokens(markup))
    assert "".join(markup[t.start : t.end] for t in pieces) == markup
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))
    # the text keeps every line break of the file, so a hit names the file's line
    assert pii_text.visible(markup).count("\n") == markup.count("\n")


def test_the_table_decides_breaks():
    read = reader.text
    assert read("行<b>政</b>复议") == "行政复议"  # an inline element joins
    assert read("<p>行政</p><p>复议</p>") == " 行政  复议 "  # a block separates
    assert read("<td>138</td><td>1234</td>", cell="|") == "|138||1234|"  # a cell keeps its value apart
    assert read('a<img alt="1⃣">b') == "a1⃣b"  # an image reads as its alt text, where it stands
    assert read("<script>159</script><style>1</style><!-- 2 -->x") == "x"
    assert read("1 < 2 <a\nhref=x>3</a>", lines=True) == "1 < 2 \n3"


def test_attributes_and_links():
    markup = '<a HREF="x.pdf" title=\'t\' data-n=5 hidden>y</a><img srcset="a.png 1x, b.png 2x" src=c&amp;d.png>'
    start = next(reader.tokens(markup))
    assert [(a.name, a.value, markup[a.at : a.at + len(a.value)]) for a in reader.attributes(markup, start)] == [
        ("href", "x.pdf", "x.pdf"),
        ("title", "t", "t"),
        ("data-n", "5", "5"),
        ("hidden", "", ""),
    ]
    assert reader.links(markup) == ["x.pdf", "a.png", "b.png", "c&d.png"]


def _cpu(call, text: str) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            call(text)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return max(best, 1e-4)


def test_reading_is_linear_where_html_parser_is_quadratic():
    """html.parser under Python 3.11 reads 4x these inputs in 13-18x the time; the reader must stay linear."""
    for unit in ("<script 1 ", "<a 1 ", "<a title='", "<!-- ", "<![CDATA[", "<a\n"):
        small = unit * 2000

        def call(markup):
            return reader.text(markup, lines=True), pii_text.hidden_pieces(markup)

        call(small)
        growth = _cpu(call, small * 32) / _cpu(call, small)
        assert growth < 96, f"{unit!r}: 32x input took {growth:.0f}x the CPU time"


@settings(max_examples=300, deadline=None)
@given(ANYTHING)
def test_hidden_pieces_are_those_of_hidden_places(markup):
    places = pii_text.hidden_places(markup)
    assert pii_text.hidden_pieces(markup) == [piece for piece, _ in places]
    assert all(markup.startswith(piece, at) for piece, at in places)


def test_the_search_worker_drops_the_characters_the_index_drops():
    """Rule 5 holds on both sides: the worker's INVISIBLE is the reader's, and the index drops them."""
    from support import ROOT

    from farun.publish.searchindex import plain

    worker = (ROOT / "docs" / "assets" / "javascripts" / "search-worker.js").read_text(encoding="utf-8")
    found = re.search(r"var INVISIBLE = /\[([^\]]*)\]/g;", worker)
    assert found and found.group(1).encode("ascii").decode("unicode_escape") == reader.INVISIBLE
    assert '.replace(INVISIBLE, "")' in worker  # the query drops them
    assert plain("<p>行\u200d政\ufeff复\u200c议</p>") == "行政复议"
