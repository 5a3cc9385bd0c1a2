"""Small typographic fixes on rendered HTML that CSS alone cannot make."""

from __future__ import annotations

import re

from farun.markup import reader

# 0575-85130000, 0571-8765432, 400-826-3328, 010-12345678: a browser may break after the hyphen.
_PHONE = re.compile(r"(?<![\w-])(?:0\d{2,3}-\d{7,8}|400-\d{3}-\d{4})(?:-\d{1,5})?(?![\w-])")


def _nowrap(match: re.Match) -> str:
    return f'<span class="fr-nowrap">{match.group(0)}</span>'


def keep_numbers_together(html: str) -> str:
    """Wrap phone numbers of the text (markup/reader.py: not of tags, comments, scripts or LITERAL
    elements such as code) in a no-break span."""
    if "-" not in html:
        return html
    out, pos, literal = [], 0, 0
    for token in reader.tokens(html):
        if token.kind == "text":
            if not literal and html.find("-", token.start, token.end) >= 0:
                out += [html[pos:token.start], _PHONE.sub(_nowrap, html[token.start:token.end])]
                pos = token.end
        elif token.name in reader.LITERAL and html[token.end - 2] != "/":  # <code/> opens nothing
            literal = literal + 1 if token.kind == "start" else max(literal - 1, 0)
    return "".join(out) + html[pos:] if out else html
