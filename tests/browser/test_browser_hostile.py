"""Every page of a site built from hostile content, loaded in Chromium with NO Content-Security-Policy:
no dialog opens, no injected script runs, nothing is requested from another origin."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser_helpers import site_pages
from hostile import BODIES, FORMULAS, FRONT_MATTER
from support import ROOT, TEST_EPOCH, make_project
from webtools import serve_dir

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')

# Record what an attacker's script would do instead of letting it block the page; reported to the
# test at once (a later <meta refresh> may navigate away before the page could be asked).
PROBE = """
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__farunRan(location.pathname + " " + name + ":" + args.join(",")); };
}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile-browser")
    project = make_project(tmp / "project", FRONT_MATTER | BODIES | FORMULAS)
    shutil.copytree(ROOT / "deploy", project / "deploy")  # where the policy is written
    out = tmp / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(TEST_EPOCH)}
    # Without --strict (an operator who ignores the warnings): what is published must be inert anyway.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--no-strict",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    stripped = 0
    for page in out.rglob("*.html"):  # as served by a host that sends no policy and a copy without the meta
        html = page.read_text(encoding="utf-8")
        stripped += bool(CSP_META.search(html))
        page.write_text(CSP_META.sub("", html), encoding="utf-8")
    assert stripped > 20, "every page should have carried the policy"
    return out


def test_no_dialog_no_script_no_foreign_request_on_any_page(hostile_site, browser):
    pages = site_pages(hostile_site)
    assert len(pages) > 15 and "lectures/2023-05-hostile-body/" in pages
    with serve_dir(hostile_site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        ran: list[str] = []
        context.expose_function("__farunRan", lambda call: ran.append(call))
        context.add_init_script(PROBE)
        foreign: list[str] = []

        def route(request_route):
            url = request_route.request.url
            if url.startswith(base) or url.startswith(("data:", "blob:", "about:")):
                request_route.continue_()
            else:
                foreign.append(url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        left: list[str] = []
        page.on("framenavigated", lambda frame: left.append(frame.url) if not frame.url.startswith(base) else None)
        for path in pages:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(150)  # handlers such as onerror and ontoggle fire after load
        # The search box: results render titles of hostile items.
        page.goto(base, wait_until="load")
        page.locator("label[for='__search']").first.click()
        page.locator("input.md-search__input").fill("讲座")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        page.wait_for_timeout(300)
        context.close()
    assert not dialogs, dialogs
    assert not ran, ran
    assert not left, left
    assert not foreign, foreign
