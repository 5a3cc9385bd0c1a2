"""pii_text's faster tag and attribute patterns read exactly what the plain ones they replaced read.

The tag names are grouped by first letter, the look-behinds of skipped attributes by name length,
and runs inside a tag are possessive; the plain patterns below are the reference, and hypothesis
compares both on markup built from the pieces that make tags hard to read.
"""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from farun.pii import text as pii_text

BLOCK = (
    "address|article|aside|blockquote|body|br|button|caption|col|colgroup|dd|details|dialog|div|dl|dt|"
    "fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|img|input|label|legend|li|link|main|"
    "meta|nav|noscript|ol|optgroup|option|output|p|pre|section|select|summary|table|tbody|td|textarea|"
    "tfoot|th|thead|title|tr|ul|video|audio|source|track|iframe|object|embed|svg|text|tspan|"
    "entry|item|content|summary|description|loc|url|lastmod|feed|channel"
)
REFERENCE = {
    "_MULTILINE_TAG": re.compile(r"</?[A-Za-z!?][^<>]*\n[^<>]*>"),
    "_CELL_TAG": re.compile(r"</?(?:td|th|tr|li|dt|dd|option|caption|thead|tbody|tfoot|table)\b[^<>]*>", re.I),
    "_BLOCK_TAG": re.compile(rf"</?(?:{BLOCK})\b[^<>]*>", re.I),
    "_ANY_TAG": re.compile(r"</?[A-Za-z!?][^<>]*>"),
    "_ATTRIBUTE": re.compile(
        "=" + "".join(rf"(?<![\s\"'/]{re.escape(name)}=)" for name in pii_text._SKIPPED_ATTRIBUTES)
        + r"""\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I),
}
NAMES = sorted(set(BLOCK.replace("h[1-6]", "h1|h2|h6").split("|"))) + [
    "span", "b", "a", "em", "Td", "TABLE", "Header", "hea", "heade", "headers", "h7", "tdx", "trx", "ſection", "x-y"]
ATTRIBUTES = list(pii_text._SKIPPED_ATTRIBUTES) + ["title", "alt", "href", "data-x", "D", "ViewBox", "xd", "dd", "class"]
PIECES = st.one_of(
    st.sampled_from(["<", "</", ">", "/>", " ", "\n", "=", '"', "'", "`", "<!--", "-->", "<!", "<?", "159", "中", "&amp;", "x"]),
    st.builds(lambda n, a, q, v, nl: f"<{n} {a}={q}{v}{q}{nl}>", st.sampled_from(NAMES), st.sampled_from(ATTRIBUTES),
              st.sampled_from(['"', "'", ""]), st.sampled_from(["1 2", "159", "a>b", "", "x\ny"]), st.sampled_from(["", "\n", " /"])),
    st.builds(lambda n: f"</{n}>", st.sampled_from(NAMES)),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_patterns_match_what_the_plain_ones_match(markup):
    for name, reference in REFERENCE.items():
        faster = getattr(pii_text, name)
        assert [m.span() for m in faster.finditer(markup)] == [m.span() for m in reference.finditer(markup)], name
        assert faster.findall(markup) == reference.findall(markup), name


def reference_visible(markup: str) -> str:
    """visible() as first written: every pass over every text, the plain patterns."""
    if "<" not in markup:
        return pii_text.unescape(markup)
    text = pii_text._COMMENT.sub(pii_text._newlines, markup)
    text = pii_text._CDATA.sub(lambda m: m.group(1), text)
    text = pii_text._RAW_BODY.sub(pii_text._newlines, text)
    text = pii_text.pictures(text)
    text = REFERENCE["_MULTILINE_TAG"].sub(pii_text._newlines, text)
    text = REFERENCE["_CELL_TAG"].sub(pii_text.CELL_BREAK, text)
    text = REFERENCE["_BLOCK_TAG"].sub(" ", text)
    text = REFERENCE["_ANY_TAG"].sub("", text)
    return pii_text.unescape(text)


MORE = st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<script>", "</script>", "<STYLE a=1>", "</style >", "&#49;"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(PIECES, MORE), max_size=30).map("".join))
def test_visible_reads_what_it_read_before(markup):
    assert pii_text.visible(markup) == reference_visible(markup)
