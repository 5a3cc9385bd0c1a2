"""Shared fixtures: tiny content trees and one real build of the sample site."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest
from hypothesis import settings

import lanes
from support import ROOT, make_project, mkdocs_build, preview_server
from webtools import chromium_browser

# CI (CI=true) draws the same examples on every run, so a submission is judged on its own change and not on
# the luck of the draw; everyday runs keep drawing new examples, and print how to reproduce a failure.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


def pytest_configure(config):
    if os.environ.get(lanes.FAST_LANE):
        lanes.guard()


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the markers added here
def pytest_collection_modifyitems(config, items):
    lanes.mark(items)


@pytest.fixture(autouse=True)
def _fast_lane_holds():
    """In the fast lane, a test that started the engine fails even if it caught the refusal."""
    before = len(lanes.VIOLATIONS)
    yield
    if len(lanes.VIOLATIONS) > before:
        pytest.fail(lanes.VIOLATIONS[-1], pytrace=False)


PlaywrightTimeoutError = TimeoutError
PlaywrightError = Exception


@pytest.fixture
def project(tmp_path):
    """Factory: ``project({"lectures/x.md": "..."})`` returns a buildable project folder."""
    return lambda files, keep_sample=False: make_project(tmp_path / "proj", files, keep_sample)


@pytest.fixture
def preview(tmp_path):
    """Factory: ``base, log = preview(proj, via="make")`` starts the preview server on ``proj`` (support.preview_server's
    options: make, farun or properdocs serve), its log in ``log``; the server is stopped after the test."""
    with contextlib.ExitStack() as stack:

        def start(proj: Path, **options) -> tuple[str, Path]:
            log = tmp_path / "serve.log"
            return stack.enter_context(preview_server(proj, log, **options)), log

        yield start


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built once per test session as of TEST_DAY."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


def _wait_for_function(self, expression, *, arg=None, timeout=None, polling=None):
    """Page.wait_for_function that works under the pages' own Content-Security-Policy.

    Every page carries the deployment's policy as a <meta> (farun/publish/csp.py), which forbids
    eval; Playwright's own wait_for_function polls by eval-ing the predicate in the page and fails
    there. page.evaluate goes through the debugging protocol, which the policy does not govern.
    """
    deadline = time.monotonic() + (30000 if timeout is None else timeout) / 1000
    while True:
        try:
            handle = self.evaluate_handle(expression, arg)
            if handle.json_value():
                return handle
        except PlaywrightError as exc:  # the page navigated or reloaded meanwhile: ask the new document
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if timeout != 0 and time.monotonic() > deadline:
            raise PlaywrightTimeoutError(f"wait_for_function: {expression!r} still false after {timeout or 30000} ms")
        self.wait_for_timeout(polling if isinstance(polling, (int, float)) else 50)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, one per session (Playwright's sync API allows only one)."""
    from playwright.sync_api import Page, TimeoutError as timeout_error

    global PlaywrightError, PlaywrightTimeoutError
    PlaywrightTimeoutError = timeout_error
    from playwright.sync_api import Error as PlaywrightError

    Page.wait_for_function = _wait_for_function
    with chromium_browser() as running:
        yield running
