"""The Content-Security-Policy, also carried by every page as ``<meta http-equiv>``.

The site is copied to object storage, CDNs, intranet servers and USB sticks; only the nginx
configuration (deploy/nginx.conf, the one place the policy is written) sends it as a header. Each
page carries the same policy, so any plain static host enforces it too. A ``<meta>`` policy cannot
hold ``frame-ancestors``, ``report-uri`` or ``sandbox`` (browsers ignore them there): those stay
header-only. It is left out of the ``file://`` offline bundle (a file: page has no origin for
'self' to match, so the policy would block the bundle's own scripts) and of ``make serve`` (the
live-reload script is injected inline). Pure.
"""

from __future__ import annotations

import re
from pathlib import Path

HEADER_ONLY = {"frame-ancestors", "report-uri", "report-to", "sandbox"}
_HEADER = re.compile(r'add_header\s+Content-Security-Policy\s+"([^"]+)"')


def nginx_policy(text: str) -> str | None:
    """The policy nginx.conf sends, or None when it sends none."""
    match = _HEADER.search(text)
    return match.group(1).strip() if match else None


def meta_policy(policy: str) -> str:
    """The policy without the directives a ``<meta>`` element cannot carry."""
    kept = [part.strip() for part in policy.split(";") if part.strip() and part.split()[0].lower() not in HEADER_ONLY]
    return "; ".join(kept)


def page_policy(nginx_conf: Path) -> str | None:
    """The ``<meta>`` policy for every page, read from the deployment's nginx.conf."""
    if not nginx_conf.is_file():
        return None
    policy = nginx_policy(nginx_conf.read_text(encoding="utf-8"))
    return meta_policy(policy) if policy else None
