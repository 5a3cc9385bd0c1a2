"""The nginx Content-Security-Policy is also in every page, minus what a <meta> cannot carry."""

from __future__ import annotations

import re

from farun.publish.csp import meta_policy, nginx_policy, page_policy

from support import ROOT


def test_meta_policy_drops_header_only_directives():
    policy = "default-src 'self'; frame-ancestors 'self'; report-uri /csp; object-src 'none'"
    assert meta_policy(policy) == "default-src 'self'; object-src 'none'"
    assert nginx_policy('add_header X-Frame-Options "SAMEORIGIN";') is None


def test_every_built_page_carries_the_deployment_policy(built_site):
    expected = page_policy(ROOT / "deploy" / "nginx.conf")
    assert expected and "script-src 'self'" in expected and "frame-ancestors" not in expected
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert found and found[0].replace("&#39;", "'") == expected, page
        # Before any script, or the policy would not cover it.
        assert html.index("Content-Security-Policy") < html.index("<script"), page
