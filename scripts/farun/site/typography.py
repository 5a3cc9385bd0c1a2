"""Small typographic fixes on rendered HTML that CSS alone cannot make."""

from __future__ import annotations

import re

# 0575-85130000, 0571-8765432, 400-826-3328, 010-12345678: a browser may break after the hyphen.
_PHONE = re.compile(r"(?<![\w-])(?:0\d{2,3}-\d{7,8}|400-\d{3}-\d{4})(?:-\d{1,5})?(?![\w-])")
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"pre", "code", "script", "style", "textarea"}


def keep_numbers_together(html: str) -> str:
    """Wrap phone numbers of the text (not of tags, code or scripts) in a no-break span."""
    if "-" not in html:
        return html
    parts = _TAG.split(html)
    skipping = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in _SKIP and not part.endswith("/>"):
                skipping += -1 if part.startswith("</") else 1
                skipping = max(skipping, 0)
        elif not skipping and "-" in part:
            parts[i] = _PHONE.sub(lambda m: f'<span class="fr-nowrap">{m.group(0)}</span>', part)
    return "".join(parts)
