"""Browser fixtures: one chromium per session, a fresh context per test, the built site served."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from webtools import serve_dir  # noqa: E402


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending in /) of the session's built sample site on a loopback port."""
    with serve_dir(built_site) as url:
        yield url


# The bureau's host keeps its own robots.txt at its root, with the line the README asks for (crawlers read
# robots.txt only there; the build writes none under a sub-path).
HOST_ROBOTS_TXT = b"User-agent: *\nAllow: /\nSitemap: https://jtj.sx.gov.cn/fxjt/sitemap.xml\n"


@pytest.fixture(scope="session")
def deployed_url(built_site):
    """The site under /fxjt/ on a host of its own as deployed: the 404 page's addresses are absolute (/fxjt/assets/...)."""
    with serve_dir(built_site, prefix="/fxjt/", host_files={"/robots.txt": HOST_ROBOTS_TXT}) as url:
        yield url


@pytest.fixture
def context(browser):
    """A fresh browser context (no storage shared between tests), desktop sized."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A new page in a fresh context."""
    return context.new_page()
