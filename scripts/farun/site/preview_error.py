"""``make serve`` with a content error: the problems as the preview's error page shows them.

The page lists exactly what ``make check`` prints (file:line, message, 建议),
grouped by file, with long numbers masked: a mistyped ID or phone number in a
front matter must not be shown in full even on a preview screen.
"""

from __future__ import annotations

import re
from pathlib import Path

from farun.runtime.errors import ContentError, summary
from farun.pii.numbers import redact

# Runs of digits (ASCII or full-width) long enough to be an ID, phone or card number, and 18-character codes.
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Z]*[0-9])[0-9A-Z]{18}(?![0-9A-Za-z])|[0-9０-９]{7,}")


def mask_numbers(text: str) -> str:
    """13812345678 -> 138****5678: personal numbers in any form as the guard masks them (pii/numbers.py),
    then any other long run of digits (the first three and last four characters stay, enough to find it)."""
    def hide(match: re.Match) -> str:
        number = match.group(0)
        keep = 4 if len(number) >= 11 else 2
        return number[:3] + "*" * (len(number) - 3 - keep) + number[-keep:]
    return _LONG_NUMBER.sub(hide, redact(text))


def problem_groups(errors: list[ContentError]) -> list[dict]:
    """[{path, count, items: [{where, message, hint}]}] in make check's order."""
    groups: dict[str, list[ContentError]] = {}
    for error in sorted(errors):
        groups.setdefault(error.path, []).append(error)
    return [
        {"path": path, "count": len(items),
         "items": [{"where": f"{e.path}:{e.line}:", "message": mask_numbers(e.message), "hint": mask_numbers(e.hint)}
                   for e in items]}
        for path, items in groups.items()
    ]


def page_data(errors: list[ContentError]) -> dict:
    """Everything the error page template needs."""
    groups = problem_groups(errors)
    return {"groups": groups, "summary": summary(len(errors), None, len(groups))}


def write_error_pages(site_dir: Path, overrides: Path, errors: list[ContentError]) -> None:
    """The preview's error page in place of every page served so far, the home page and 404.html."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(overrides)), autoescape=True)
    html = env.get_template("farun/preview-error.html").render(**page_data(errors))
    for target in {*site_dir.rglob("*.html"), site_dir / "index.html", site_dir / "404.html"}:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
