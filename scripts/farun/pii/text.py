"""What a reader (or a crawler) reads in a published text file, for the personal-information guard.

Pure functions from file text to the text the detectors in ``numbers.py`` scan, in two channels,
both read by the one markup reader (markup/reader.py, whose docstring states the rules):

* ``visible``: the page as a browser shows it. Tags are removed (an inline element joins its
  neighbours without a space, a block element separates them, a table cell or list item keeps its
  value apart, like a browser), comments, scripts and styles taken out, images read as their alt
  text and digit icons as their digits, character references decoded. Every line break of the file
  is kept, so a hit names the file's own line.
* ``hidden``: what the file publishes without showing it: attribute values (alt, title, aria-*,
  href, content, data-* …; SVG geometry such as ``d`` or ``viewBox`` is left out), comments,
  script and style bodies. Pieces are joined with ``PIECE_BREAK``, which no number spans.

JSON files are read with their \\u escapes decoded; XML (Atom feeds carry escaped HTML) twice.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from farun.markup import reader
from farun.pii.chars import CN_DIGITS
from farun.pii.shapes import read_icons

# No detector reads across it: not a digit, letter or separator (NUL + line break keeps line counts simple).
PIECE_BREAK = "\x00\n"
# Table cells and list items hold separate values (a statistics table's counts side by side): no
# number is read across them (markup.reader.CELLS). Other blocks and <br> separate like white space.
CELL_BREAK = "\x00"
# Attribute values except SVG geometry and subresource digests, which are numbers by design.
_SKIPPED_ATTRIBUTES = frozenset(
    (
        "d",
        "points",
        "viewbox",
        "transform",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "dx",
        "dy",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "width",
        "height",
        "offset",
        "stroke-width",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "integrity",
        "nonce",
        "path",
        "gradienttransform",
        "patterntransform",
        "kernelmatrix",
        "values",
        "keytimes",
        "keysplines",
        "rotate",
        "sizes",
    )
)
# Inline SVG images in CSS and attributes (url("data:image/svg+xml,…")) are drawing data, not text.
_CSS_SVG_URL = re.compile(
    r"""url\(\s*(?:"data:image/svg\+xml[^"]*"|'data:image/svg\+xml[^']*'|data:image/svg\+xml[^)]*)\s*\)""", re.I
)
_SVG_DATA_URI = re.compile(r"data:image/svg\+xml[^\x00]*", re.I)  # to the end of an attribute value
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# Escaped CJK ideographs (most of a search index) other than Chinese numerals: not digits, letters or
# separators, so any one of them reads the same to every detector; one C-level pass swaps them for a
# fixed ideograph. Numerals are decoded as themselves (一五九… is a number).
_JSON_CJK_ESCAPE = re.compile(
    r"\\u(?!(?i:" + "|".join(f"{ord(ch):04x}" for ch in sorted(CN_DIGITS)) + r"))"  # numerals stay numerals
    r"(?:4[e-fE-F]|[5-8][0-9a-fA-F]|9[0-9a-fA-F])[0-9a-fA-F]{2}"
)
_TEXT_ESCAPE = re.compile(r"\\[nrtbf/]")
_CALENDAR_ESCAPE = re.compile(r"\\([nN,;\\])")
_ESCAPE_PARTS = set("\\uU0123456789abcdefABCDEF\r\n")

# Front matter and YAML files: a double-quoted value may spell a digit as \u0031, \x31 or \U00000031.
YAML_ESCAPING_SUFFIXES = {".md", ".markdown", ".yml", ".yaml"}
_YAML_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")
MARKUP_SUFFIXES = {".html", ".htm", ".xhtml", ".xml", ".svg", ".rss", ".atom", ".kml", ".gpx", ".opf"}
JSON_SUFFIXES = {".json", ".webmanifest", ".geojson", ".map"}


def _newlines(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def _char(code: int, keep: str) -> str:
    try:
        ch = chr(code)
    except (ValueError, OverflowError):
        return keep
    return keep if ch in "\r\n" else ch


def decode_json(text: str) -> str:
    """JSON with its \\u escapes decoded (line breaks stay escaped, so lines are those of the file)."""
    if "\\u" not in text:
        return text
    text = _JSON_CJK_ESCAPE.sub("\u4e2d", text)  # 中: no numeral
    for code in set(_JSON_ESCAPE.findall(text)):
        # A decoded char that is no backslash, "u" or hex digit can neither form nor break another
        # escape, so replacing it up front gives what the single pass below would.
        ch = chr(int(code, 16))
        if ch not in _ESCAPE_PARTS:
            text = text.replace("\\u" + code, ch)
    return _JSON_ESCAPE.sub(lambda m: _char(int(m.group(1), 16), m.group(0)), text)


def unescape(text: str) -> str:
    """Character references decoded (named, decimal, hex), as a browser does."""
    return html.unescape(text) if "&" in text else text


def visible(markup: str) -> str:
    """The text a browser shows, with the file's line breaks kept and references decoded (markup/reader.py)."""
    if "<" not in markup:
        return unescape(markup)
    return unescape(reader.text(read_icons(markup), block=" ", cell=CELL_BREAK, lines=True))


def hidden_places(markup: str) -> list[tuple[str, int]]:
    """(piece, offset in ``markup``) of what the file publishes without showing it, in document order:
    attribute values (of every tag, SVG geometry and digests left out), comments, script and style content."""
    if "<" not in markup:
        return []
    places: list[tuple[str, int]] = []
    for token in reader.tokens(markup):
        kind = token.kind
        if kind == "comment" or kind == "raw":
            piece = markup[token.inner : token.outer]
            if piece.strip():
                places.append((piece, token.inner))
        elif kind != "text" and kind != "cdata" and markup.find("=", token.start, token.end) >= 0:
            places += [
                (attribute.value, attribute.at)
                for attribute in reader.attributes(markup, token)
                if attribute.value and attribute.name not in _SKIPPED_ATTRIBUTES
            ]
    return places


def hidden_pieces(markup: str) -> list[str]:
    """Attribute values, comments, script and style bodies: published, not shown (``hidden_places``
    without the places, which only a hit needs; a test holds the two equal)."""
    if "<" not in markup:
        return []
    pieces: list[str] = []
    for token in reader.tokens(markup):
        kind = token.kind
        if kind == "comment" or kind == "raw":
            piece = markup[token.inner : token.outer]
            if piece.strip():
                pieces.append(piece)
        elif kind != "text" and kind != "cdata" and markup.find("=", token.start, token.end) >= 0:
            pieces += [
                value for name, value in reader.attribute_values(markup, token) if name not in _SKIPPED_ATTRIBUTES
            ]
    return pieces


def hidden_line(markup: str, line: int) -> int:
    """The line of ``markup`` holding line ``line`` (1-based) of ``hidden(markup)``."""
    return hidden_lines(markup, [line])[line]


def hidden_lines(markup: str, lines: list[int]) -> dict[int, int]:
    """{line of ``hidden(markup)``: line of ``markup`` holding it}, for many lines in one linear pass."""
    wanted = sorted(set(lines))
    found = {line: 1 for line in wanted}
    first, index, row, counted = 1, 0, 1, 0
    for piece, start in hidden_places(markup):  # in document order: lines are counted forward once
        size = piece.count("\n") + 1  # each piece ends with PIECE_BREAK's line break
        row += markup.count("\n", counted, start)
        counted = start
        while index < len(wanted) and wanted[index] < first + size:
            found[wanted[index]] = row + wanted[index] - first
            index += 1
        first += size
    return found


def hidden_part(piece: str) -> str:
    """One of ``hidden_pieces`` as ``hidden`` reads it: SVG data URIs left out, references and %-escapes decoded.

    Each step reads within one piece (a data URI, a reference or a run of %-escapes ends at PIECE_BREAK),
    so ``hidden(m) == PIECE_BREAK.join(map(hidden_part, hidden_pieces(m)))``; a test holds this.
    """
    if "data:" in piece:
        piece = _SVG_DATA_URI.sub(_newlines, piece)
    piece = unescape(piece)
    return unquote(piece) if "%" in piece else piece


def hidden(markup: str) -> str:
    """``hidden_pieces`` joined by PIECE_BREAK, references and %-escapes decoded."""
    text = PIECE_BREAK.join(hidden_pieces(markup))
    if "data:" in text:
        text = _SVG_DATA_URI.sub(_newlines, text)
    text = unescape(text)
    return unquote(text) if "%" in text else text


def channels(text: str, suffix: str, with_hidden: bool = True) -> list[tuple[str, str]]:
    """[(channel name, text)] to scan for a published file with this suffix (lower case, with the dot).

    ``with_hidden=False``: without the markup channel (``hidden``), for a caller reading it piece by piece.
    """
    if suffix in JSON_SUFFIXES:
        decoded = _TEXT_ESCAPE.sub(" ", decode_json(text))  # an escaped line break or tab separates like one
        # A search index holds page text with some markup left in; its strings are its text.
        return [("text", visible(decoded) if "<" in decoded else unescape(decoded))]
    if suffix in MARKUP_SUFFIXES:
        shown = visible(text)
        if suffix not in {".html", ".htm", ".xhtml", ".svg"} and "<" in shown:
            shown = visible(shown)  # an Atom feed's escaped HTML, as a feed reader shows it
        return [("text", shown), ("markup", hidden(text))] if with_hidden else [("text", shown)]
    if suffix == ".css" and "data:" in text:
        text = _CSS_SVG_URL.sub(_newlines, text)
    if suffix in {".ics", ".ical", ".ifb", ".vcf", ".vcs"}:
        text = _CALENDAR_ESCAPE.sub(lambda m: " " if m.group(1) in "nN" else m.group(1), text)  # RFC 5545 escapes
    found = [("text", text)]
    if ("<" in text and reader.has_tag(text)) or "&" in text:
        found.append(("text", visible(text)))  # markup or character references inside a text file, as it would render
    if suffix in YAML_ESCAPING_SUFFIXES and ("\\u" in text or "\\x" in text or "\\U" in text):
        found.append(("text", _YAML_ESCAPE.sub(_yaml_char, text)))  # "\u0031…" in a double-quoted YAML value
    return found


def _yaml_char(match: re.Match) -> str:
    return _char(int(next(g for g in match.groups() if g), 16), match.group(0))
