"""What a reader (or a crawler) reads in a published text file, for the personal-information guard.

Pure functions from file text to the text the detectors in ``pii.py`` scan, in two channels:

* ``visible``: the page as a browser shows it. Tags are removed (an inline element joins its
  neighbours without a space, a block element separates them, like a browser), comments, scripts
  and styles taken out, character references decoded. Every line break of the file is kept, so a
  hit names the file's own line.
* ``hidden``: what the file publishes without showing it: attribute values (alt, title, aria-*,
  href, content, data-* …; SVG geometry such as ``d`` or ``viewBox`` is left out), comments,
  script and style bodies. Pieces are joined with ``PIECE_BREAK``, which no number spans.

JSON files are read with their \\u escapes decoded; XML (Atom feeds carry escaped HTML) twice.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from farun.pii.chars import CN_DIGITS
from farun.pii.shapes import read_icons

# No detector reads across it: not a digit, letter or separator (NUL + line break keeps line counts simple).
PIECE_BREAK = "\x00\n"
_BLOCK = (
    "address article aside blockquote body br button caption col colgroup dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html img input label legend li link main "
    "meta nav noscript ol optgroup option output p pre section select summary table tbody td textarea "
    "tfoot th thead title tr ul video audio source track iframe object embed svg text tspan "
    "entry item content summary description loc url lastmod feed channel"
).split()
_CELLS = "td th tr li dt dd option caption thead tbody tfoot table".split()


def _names(names: list[str]) -> str:
    """An alternation of tag names grouped by first letter (sre tries ~26 branches per tag, not ~80)."""
    groups: dict[str, set[str]] = {}
    for name in names:
        groups.setdefault(name[0], set()).add(name[1:])
    return "|".join(first + "(?:" + "|".join(sorted(rests, key=lambda r: (-len(r), r))) + ")"
                    for first, rests in sorted(groups.items()))


_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.S)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)(?:\]\]>|$)", re.S)
# [^<>] as in every tag pattern here: with [^>] each unclosed "<script" would read to the end of the
# file (quadratic); a tag holding "<" is then read as text, which is scanned all the same.
_RAW_BODY = re.compile(r"<(script|style)\b[^<>]*+>(.*?)(?:</\1\s*>|$)", re.S | re.I)
# A picture reads as its text alternative where it stands, as a browser shows an image that does not
# load and a screen reader reads it (an emoji's <img alt="1⃣">); digit icons as their digits (pii_shapes).
_IMG = re.compile(r"<img\b[^>]*+>", re.I)
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_MULTILINE_TAG = re.compile(r"</?[A-Za-z!?][^<>\n]*+\n[^<>]*+>")
# Table cells and list items hold separate values (a statistics table's counts side by side): no
# number is read across them. Other blocks and <br> separate like white space.
CELL_BREAK = "\x00"
_CELL_TAG = re.compile(rf"</?(?:{_names(_CELLS)})\b[^<>]*+>", re.I)
_BLOCK_TAG = re.compile(rf"</?(?:{_names(_BLOCK)})\b[^<>]*+>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z!?][^<>]*+>")
# Attribute values except SVG geometry and subresource digests, which are numbers by design. The
# pattern starts at "=" (a fast literal scan); the skipped names are fixed-width look-behinds from there.
_SKIPPED_ATTRIBUTES = (
    "d", "points", "viewbox", "transform", "x", "y", "x1", "x2", "y1", "y2", "dx", "dy", "cx", "cy", "r", "rx",
    "ry", "fx", "fy", "width", "height", "offset", "stroke-width", "stroke-dasharray", "stroke-dashoffset",
    "stroke-miterlimit", "integrity", "nonce", "path", "gradienttransform", "patterntransform",
    "kernelmatrix", "values", "keytimes", "keysplines", "rotate", "sizes",
)
_ATTRIBUTE = re.compile(
    "="
    + "".join(rf"(?<![\s\"'/](?:{'|'.join(re.escape(n) for n in _SKIPPED_ATTRIBUTES if len(n) == size)})=)"
              for size in sorted({len(n) for n in _SKIPPED_ATTRIBUTES}))  # one look-behind per name length
    + r"""\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
    re.I,
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
    """The text a browser shows, with the file's line breaks kept and references decoded."""
    if "<" not in markup:
        return unescape(markup)
    text = _COMMENT.sub(_newlines, markup) if "<!--" in markup else markup  # a plain search is far cheaper
    text = _CDATA.sub(lambda m: m.group(1), text) if "<![CDATA[" in text else text  # CDATA text is text
    text = _RAW_BODY.sub(_newlines, text)
    text = pictures(text)
    text = _MULTILINE_TAG.sub(_newlines, text) if "\n" in text else text
    text = _CELL_TAG.sub(CELL_BREAK, text)
    text = _BLOCK_TAG.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    return unescape(text)


def _alt_text(match: re.Match) -> str:
    tag = match.group(0)
    alt = _ALT.search(tag)
    if not alt:
        return "\n" * tag.count("\n")
    shown = "".join(group for group in alt.groups() if group).replace("\n", " ")
    return "\n" * tag.count("\n", 0, alt.start()) + shown + "\n" * tag.count("\n", alt.start())  # on the alt's line


def pictures(markup: str) -> str:
    """``markup`` with images as their alt text and digit icons as their digits (line breaks kept)."""
    return read_icons(_IMG.sub(_alt_text, markup))


def hidden_pieces(markup: str) -> list[str]:
    """Attribute values, comments, script and style bodies: published, not shown."""
    if "<" not in markup:
        return []
    pieces = [m for m in _COMMENT.findall(markup) if m.strip()]
    pieces += [body for _, body in _RAW_BODY.findall(markup) if body.strip()]
    pieces += ["".join(groups) for groups in _ATTRIBUTE.findall(markup)]
    return pieces


def _piece_starts(markup: str) -> list[int]:
    """Offsets in ``markup`` of the pieces of ``hidden_pieces``, in the same order."""
    starts = [m.start(1) for m in _COMMENT.finditer(markup) if m.group(1).strip()]
    starts += [m.start(2) for m in _RAW_BODY.finditer(markup) if m.group(2).strip()]
    starts += [m.start(m.lastindex or 0) for m in _ATTRIBUTE.finditer(markup)]
    return starts


def hidden_line(markup: str, line: int) -> int:
    """The line of ``markup`` holding line ``line`` (1-based) of ``hidden(markup)``."""
    return hidden_lines(markup, [line])[line]


def hidden_lines(markup: str, lines: list[int]) -> dict[int, int]:
    """{line of ``hidden(markup)``: line of ``markup`` holding it}, for many lines in one linear pass."""
    wanted = sorted(set(lines))
    placed: list[tuple[int, int, int]] = []  # (piece start in markup, line in hidden, line within the piece)
    first, index = 1, 0
    for piece, start in zip(hidden_pieces(markup), _piece_starts(markup)):
        size = piece.count("\n") + 1  # each piece ends with PIECE_BREAK's line break
        while index < len(wanted) and wanted[index] < first + size:
            placed.append((start, wanted[index], wanted[index] - first))
            index += 1
        first += size
    found = {line: 1 for line in wanted}
    row, counted = 1, 0
    for start, line, within in sorted(placed):  # pieces are listed by kind, not by place: count forward once
        row += markup.count("\n", counted, start)
        counted = start
        found[line] = row + within
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
    if ("<" in text and _ANY_TAG.search(text)) or "&" in text:
        found.append(("text", visible(text)))  # markup or character references inside a text file, as it would render
    if suffix in YAML_ESCAPING_SUFFIXES and ("\\u" in text or "\\x" in text or "\\U" in text):
        found.append(("text", _YAML_ESCAPE.sub(_yaml_char, text)))  # "\u0031…" in a double-quoted YAML value
    return found


def _yaml_char(match: re.Match) -> str:
    return _char(int(next(g for g in match.groups() if g), 16), match.group(0))
