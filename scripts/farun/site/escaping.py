"""Escape by default: which templates get Jinja's autoescape, and Markdown-safe staff text.

MkDocs' Jinja environment has autoescape off, and Material's own templates
expect that (they print ``page.content`` and icons raw). Every template the
project ships in ``overrides/`` is compiled with autoescape on instead: a staff
value prints as text unless the template says ``|safe`` where a reviewer sees
it (only the rendered, sanitised body and our own icons). Material's templates
that would print staff values raw (the page title, description, h1) are
overridden in ``overrides/`` so that they are ours and escaped too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")


def project_templates(overrides: Path) -> frozenset[str]:
    """Names (as Jinja loads them, e.g. ``partials/header.html``) of the templates in ``overrides``."""
    if not overrides.is_dir():
        return frozenset()
    return frozenset(
        p.relative_to(overrides).as_posix()
        for p in overrides.rglob("*")
        if p.is_file() and p.suffix in TEMPLATE_SUFFIXES and ".icons" not in p.parts
    )


def autoescape_policy(overrides: Path) -> Callable[[str | None], bool]:
    """Jinja's ``autoescape`` callable: on for the project's templates, off for the theme's."""
    ours = project_templates(overrides)

    def autoescape(name: str | None) -> bool:
        return name in ours

    return autoescape
