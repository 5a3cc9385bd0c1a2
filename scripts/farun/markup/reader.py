"""The one reader of HTML and XML markup: tokens with their places in the file, and one table of elements.

Everything in the build that reads markup reads it here: the personal-information guard (pii/text.py:
the text a reader sees, and what a file publishes without showing it), the search index
(publish/searchindex.py), typography (site/typography.py) and link harvesting (publish/usage.py).

The rules (the search worker, docs/assets/javascripts/search-worker.js, matches queries against text
read by them and follows rule 5 for the query):

1. A tag is "<" followed by a letter, "/", "!" or "?", up to the next ">" with no "<" before it. A "<" that
   starts no tag is text. Quotes are not honoured: a ">" inside a quoted attribute value ends the tag and
   the rest reads as text (the rendered pages escape it as ``&gt;``). Honouring them would make every tag
   after an unclosed quote read to the end of the file: html.parser does, and is quadratic on such input
   under Python 3.11 (4x the input, 16x the time), which a guard reading hostile files cannot be.
2. A comment runs from "<!--" to "-->", to the end of the file when unclosed; a CDATA section's content is
   text. The content of a RAW_TEXT element (script, style) runs to its end tag, or to the end of the file,
   and is not shown.
3. The tags of a BLOCK element separate the text on either side like white space: no word or number runs
   across a paragraph, heading or line break. The tags of a CELLS element (table cells and rows, list
   items, options) separate values that are never read as one (a statistics table's counts side by side).
   Any other tag joins its neighbours: 行<b>政</b>复议 reads 行政复议. An image reads as its alt text,
   where it stands.
4. Character references are decoded after the tags are gone: ``&lt;p&gt;`` is text, not a tag.
5. Words (search): zero-width characters (INVISIBLE) are dropped; white space between two CJK characters
   (CJK) is no word boundary, as a line break inside a Chinese paragraph is none; other white space is one.
   The worker drops the same characters from a query and splits it at white space.

Each step is one scan from left to right (C-level searches between tokens), so reading is linear in the
size of the markup whatever its shape (tests/content/test_pii_linear.py).
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

# Rule 3. Elements whose tags separate text like white space. HTML's block and void elements, SVG's text
# elements, and the elements of feeds (Atom, RSS) and sitemaps, whose values are separate texts.
BLOCK = frozenset(
    (
        "address article aside blockquote body br button caption col colgroup dd details dialog div dl dt "
        "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html input label legend li link main "
        "meta nav noscript ol optgroup option output p pre section select summary table tbody td textarea "
        "tfoot th thead title tr ul video audio source track iframe object embed svg text tspan "
        "entry item content description loc url lastmod feed channel"
    ).split()
)
# Elements whose tags separate values no number is read across (a subset of BLOCK).
CELLS = frozenset("td th tr li dt dd option caption thead tbody tfoot table".split())
# Rule 2. Elements whose content is not markup and is not shown.
RAW_TEXT = frozenset({"script", "style"})
# Text shown as typed (code, preformatted, form fields): no typographic change inside.
LITERAL = frozenset({"pre", "code", "textarea"})
# Attributes naming a file the page uses (link harvesting); ``srcset`` lists several.
LINK_ATTRIBUTES = frozenset({"href", "src", "poster", "data"})
SRCSET = "srcset"
# Rule 5.
INVISIBLE = "\u200b\u200c\u200d\ufeff"
CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"

# Rules 1 and 2 in one pattern, the grammar every reading here follows, tried at each "<": a comment
# (group 1: its text), a CDATA section (2), a RAW_TEXT element's start tag and content (3: the tag's name,
# 4 or 5: the content), a start or end tag (6: "/" for an end tag, 7: the name) or a declaration (<!doctype …>,
# <?xml …?>). [^<>] keeps each tag within one tag's text; an unclosed comment, CDATA section or raw
# element runs to the end of the file (\Z); lazy runs stop at the first end, so each match is linear.
_TOKEN = re.compile(
    r"<!--(.*?)(?:-->|\Z)"
    r"|<!\[CDATA\[(.*?)(?:\]\]>|\Z)"
    r"|<((?i:script|style))(?=[\s/>])[^<>]*+>(?:(.*?)(?=</(?i:\3)\s*>)|(.*))"
    r"|<(/?)([A-Za-z][^\s/<>]*+)[^<>]*+>"
    r"|</?[!?][^<>]*+>",
    re.S,
)
_TAG = re.compile(r"</?[A-Za-z!?][^<>]*+>")
_NAME = re.compile(r"</?([A-Za-z][^\s/<>]*+)")
_ATTRIBUTE = re.compile(r"""([^\s"'/=]++)(?:\s*+=\s*+(?:"([^"]*+)"?|'([^']*+)'?|([^\s"'=`]++)))?""")


class Token(NamedTuple):
    """One piece of markup: ``kind`` is text, start, end, decl (``<!doctype …>``, ``<?xml …?>``), comment,
    cdata or raw (a RAW_TEXT element's content). ``start``/``end`` span the whole piece in the markup,
    ``inner``/``outer`` its content (a comment's or CDATA's text; a raw piece's and a text's are the piece);
    ``name`` is a tag's element name in lower case ("" for the rest)."""

    kind: str
    start: int
    end: int
    name: str = ""
    inner: int = 0
    outer: int = 0


def tokens(markup: str) -> Iterator[Token]:
    """The tokens of ``markup`` in document order, covering it whole (rules 1 and 2)."""
    new = tuple.__new__  # Token(...) through its Python-level __new__ would cost a third of the reading
    pos = 0
    for found in _TOKEN.finditer(markup):
        at, end = found.span()
        if at > pos:
            yield new(Token, ("text", pos, at, "", pos, at))
        pos = end
        last = found.lastindex
        if last == 7:
            yield new(Token, ("end" if found.group(6) else "start", at, end, found.group(7).lower(), 0, 0))
        elif last is None:
            yield new(Token, ("decl", at, end, "", 0, 0))
        elif last <= 2:
            yield new(Token, ("comment" if last == 1 else "cdata", at, end, "", found.start(last), found.end(last)))
        else:  # a raw element: its start tag, then its content (the end tag is the next match)
            inner, outer = found.span(last)
            name = found.group(3).lower()
            yield new(Token, ("start", at, inner, name, 0, 0))
            if outer > inner:
                yield new(Token, ("raw", inner, outer, name, inner, outer))
    if pos < len(markup):
        yield new(Token, ("text", pos, len(markup), "", pos, len(markup)))


def has_tag(markup: str) -> bool:
    """Whether ``markup`` holds a tag at all (rule 1)."""
    return "<" in markup and _TAG.search(markup) is not None


class Attribute(NamedTuple):
    """An attribute of a tag: ``name`` in lower case, ``value`` as written (references not decoded, "" when
    it has none), ``at`` the value's offset in the markup."""

    name: str
    value: str
    at: int


def attributes(markup: str, token: Token) -> Iterator[Attribute]:
    """The attributes of a tag token (start, end or decl), in order."""
    named = _NAME.match(markup, token.start, token.end)
    start = named.end() if named else token.start + 2
    new = tuple.__new__
    for found in _ATTRIBUTE.finditer(markup, start, token.end - 1):
        group = found.lastindex or 1
        if group == 1:
            yield new(Attribute, (found.group(1).lower(), "", found.end()))
        else:
            yield new(Attribute, (found.group(1).lower(), found.group(group), found.start(group)))


def attribute_values(markup: str, token: Token) -> list[tuple[str, str]]:
    """(name in lower case, value as written) of a tag token's attributes that have a value, in order:
    ``attributes`` without places, read in one C-level pass (most of a page's reading is attributes)."""
    named = _NAME.match(markup, token.start, token.end)
    start = named.end() if named else token.start + 2
    return [
        (name.lower(), double or single or bare)
        for name, double, single, bare in _ATTRIBUTE.findall(markup, start, token.end - 1)
        if double or single or bare
    ]


def text(markup: str, block: str = " ", cell: str | None = None, lines: bool = False) -> str:
    """The text of ``markup`` by rules 1-3, character references not yet decoded (rule 4 is the caller's).

    BLOCK tags become ``block``, CELLS tags ``cell`` (``block`` when None), images their alt text.
    ``lines``: every line break inside tags, comments and raw content is kept, so line N of the text is
    line N of the markup.
    """
    if "<" not in markup:
        return markup
    cell = block if cell is None else cell
    out: list[str] = []
    for token in tokens(markup):
        kind = token.kind
        if kind == "text":
            out.append(markup[token.start : token.end])
        elif kind == "cdata":
            out.append(markup[token.inner : token.outer])
            if lines:
                out.append("\n" * markup.count("\n", token.outer, token.end))
        elif kind == "start" or kind == "end":
            name = token.name
            if name == "img" and kind == "start":
                alt = alt_attribute(markup, token)
                shown = alt.value if alt else ""
                if lines:  # the alt text on its own line of the tag, the tag's other line breaks around it
                    at = alt.at if alt else token.end
                    shown = (
                        "\n" * markup.count("\n", token.start, at)
                        + shown.replace("\n", " ")
                        + "\n" * markup.count("\n", at, token.end)
                    )
                out.append(shown)
                continue
            if name in BLOCK:
                out.append(cell if name in CELLS else block)
            if lines and markup.count("\n", token.start, token.end):
                out.append("\n" * markup.count("\n", token.start, token.end))
        elif lines:
            out.append("\n" * markup.count("\n", token.start, token.end))
    return "".join(out)


def alt_attribute(markup: str, token: Token) -> Attribute | None:
    """An image tag's alt attribute (its text as written), None without one."""
    for attribute in attributes(markup, token):
        if attribute.name == "alt":
            return attribute
    return None


def links(markup: str) -> list[str]:
    """Every URL the tags of ``markup`` name in LINK_ATTRIBUTES and ``srcset`` (references decoded), in order."""
    import html

    urls: list[str] = []
    for token in tokens(markup):
        if token.kind != "start":
            continue
        for attribute in attributes(markup, token):
            if attribute.name in LINK_ATTRIBUTES or attribute.name == SRCSET:
                value = html.unescape(attribute.value) if "&" in attribute.value else attribute.value
                if value and attribute.name == SRCSET:
                    urls += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
                elif value:
                    urls.append(value)
    return urls
