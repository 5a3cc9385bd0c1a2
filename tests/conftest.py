"""Shared fixtures: tiny content trees and one real build of the sample site."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, make_project, mkdocs_build
from webtools import chromium_browser


@pytest.fixture
def project(tmp_path):
    """Factory: ``project({"lectures/x.md": "..."})`` returns a buildable project folder."""
    return lambda files, keep_sample=False: make_project(tmp_path / "proj", files, keep_sample)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built once per test session as of TEST_DAY."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, one per session (Playwright's sync API allows only one)."""
    with chromium_browser() as running:
        yield running
