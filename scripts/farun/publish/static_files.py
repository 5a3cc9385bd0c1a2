"""Which static files from docs/ may be published at all.

A script, stylesheet or HTML page dropped into docs/ (a saved web page, an attacker's .js) would be
served from the site's own origin, where even a Content-Security-Policy of 'self' lets it run.
Only the project's own assets are published with such a type. Pure.
"""

from __future__ import annotations

import posixpath

from farun.content import leaveout

# Types a browser runs or renders as a document when they come from this origin.
ACTIVE_SUFFIXES = {".js", ".mjs", ".cjs", ".css", ".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml",
                   ".xsl", ".xslt", ".swf", ".wasm", ".map", ".php", ".jsp", ".asp", ".aspx", ".htaccess"}
# The project's own scripts and styles (reviewed in the repository, not staff uploads).
OWN_FOLDERS = ("assets/javascripts/", "assets/stylesheets/")


def is_active(src_uri: str) -> bool:
    """A file type a browser would execute or render as a page."""
    name = posixpath.basename(src_uri).lower()
    return posixpath.splitext(name)[1] in ACTIVE_SUFFIXES or name in ACTIVE_SUFFIXES


def refused(src_uri: str, named: set[str]) -> bool:
    """True for an active file that is neither in the project's asset folders nor named in mkdocs.yml."""
    if not is_active(src_uri) or src_uri in named or src_uri.startswith(OWN_FOLDERS):
        return False
    return src_uri not in leaveout.left_out()  # a degraded build leaves it out anyway: no warning to stop that build


def named_in_config(config: dict) -> set[str]:
    """Files mkdocs.yml names: extra_css, extra_javascript, the theme's logo and favicon."""
    theme = config.get("theme") or {}
    names = [*(config.get("extra_css") or []), *(str(s) for s in config.get("extra_javascript") or [])]
    names += [theme.get("logo") or "", theme.get("favicon") or ""]
    return {posixpath.normpath(n).lstrip("/") for n in names if n}
