"""#27.4 in Chromium: a body element with id="__config" (Material reads its configuration from the first one)
does not change search, and no dialog opens: in the offline bundle (file://, no Content-Security-Policy) and
on a host that sends no policy (the pages' <meta> policy stripped)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import THEME
from support import LECTURE, ROOT, TEST_EPOCH, make_project
from webtools import serve_dir

PROBE = """
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__farunRan(location.pathname + " " + name + ":" + args.join(",")); };
}
"""


CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


def _build(tmp: Path, offline: bool) -> Path:
    project = make_project(tmp / "project", THEME | {"lectures/2023-03-a.md": LECTURE})
    os.symlink(ROOT / "node_modules", project / "node_modules")  # iframe-worker's shim, as make offline ships it
    out = tmp / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(TEST_EPOCH), "OFFLINE": "true" if offline else "false"}
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
    for page in out.rglob("*.html"):
        page.write_text(CSP_META.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    return out


@pytest.fixture(params=["offline", "http"])
def theme_page(request, tmp_path):
    """The clobbering lecture's address: in the offline bundle (file://) or served without any policy."""
    if request.param == "offline":
        if not (ROOT / "node_modules/iframe-worker/shim/index.js").is_file():
            pytest.skip("the offline bundle needs npm ci (node_modules/iframe-worker is not installed here)")
        # The offline plugin turns directory addresses off: each page is a file of its own (…/x.html).
        yield (_build(tmp_path, True) / "lectures/2023-06-theme-names.html").as_uri()
        return
    with serve_dir(_build(tmp_path, False)) as base:
        yield base + "lectures/2023-06-theme-names/"


def test_clobbering_body_changes_nothing(theme_page, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    ran: list[str] = []
    context.expose_function("__farunRan", lambda call: ran.append(call))
    context.add_init_script(PROBE)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(theme_page, wait_until="load")
    assert page.evaluate("document.querySelectorAll('#__config').length") == 1
    assert page.evaluate("document.getElementById('__config').tagName") == "SCRIPT"
    assert page.evaluate("JSON.parse(document.getElementById('__config').textContent).base") != "https://evil.example/"
    assert (
        page.evaluate("document.querySelectorAll('article .md-dialog, article [hidden], article [role=dialog]').length")
        == 0
    )
    page.locator("input.md-search__input").focus()
    meta = page.locator(".md-search-result__meta")
    assert "已被篡改" not in meta.inner_text()
    page.keyboard.type("行政复议", delay=30)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert "已被篡改" not in meta.inner_text()
    links = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert links and all(link.startswith(theme_page.split("lectures/")[0]) for link in links), links
    page.wait_for_timeout(300)
    context.close()
    assert not dialogs and not ran, (dialogs, ran)
