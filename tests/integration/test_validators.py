"""The Nu HTML Checker (npm vnu-jar) finds no error on our pages beyond what plain Material
produces on the same pages: the same Markdown, built by Material without our templates."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from support import ROOT, TEST_EPOCH

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Plain Material on our Markdown: the same extensions, nav and features, but none of our
# templates, styles, scripts or hooks (INHERIT merges dicts and replaces lists).
PLAIN_YML = """INHERIT: ../project/mkdocs.yml
docs_dir: docs
theme:
  custom_dir: empty-overrides
hooks: []
extra_css: []
extra_javascript: []
plugins:
  - search:
      lang: zh
"""
_QUOTED = re.compile(r"“[^”]*”")


def run_vnu(site: Path) -> dict[str, list[str]]:
    """Error messages of every HTML page of ``site`` by its site-relative path."""
    assert VNU.exists(), "缺少 node_modules/vnu-jar，请先运行 tests/setup.sh（npm ci）"
    java = shutil.which("java")
    assert java, "缺少 Java，请先运行 tests/setup.sh（apt-get install default-jre-headless）"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
    )
    found: dict[str, list[str]] = defaultdict(list)
    for message in json.loads(result.stderr)["messages"]:
        assert message["type"] == "error", message  # a non-document problem (I/O, network): the check did not run
        path = message["url"].removeprefix("file:").split(str(site), 1)[-1].lstrip("/")
        found[path].append(message["message"])
    return found


def kind(message: str) -> str:
    """A message without the values it quotes: 'Bad value “x” …' and 'Bad value “y” …' are one kind."""
    return _QUOTED.sub("“…”", message)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory) -> Path:
    """Plain Material's build of the sample site's pages (staff files and generated pages)."""
    base = tmp_path_factory.mktemp("plain")
    project = base / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    docs = base / "plain" / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (base / "plain" / "empty-overrides").mkdir()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(TEST_EPOCH), "PYTHONPATH": str(ROOT / "scripts")}
    subprocess.run(
        [sys.executable, "-m", "farun", "generate", "--out", str(base / "gen")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    for page in (base / "gen").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        head, _, body = text.removeprefix("---\n").partition("\n---\n")
        meta = {k: v for k, v in yaml.safe_load(head).items() if k != "template"}  # our templates are not there
        target = docs / page.relative_to(base / "gen")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    (base / "plain" / "mkdocs.yml").write_text(PLAIN_YML, encoding="utf-8")
    out = base / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-q", "-f", str(base / "plain" / "mkdocs.yml"), "-d", str(out)],
        cwd=base / "plain",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "lectures" / "index.html").is_file() and "farun.css" not in (out / "index.html").read_text(
        encoding="utf-8"
    )
    return out


def test_no_html_error_beyond_plain_material(built_site, plain_site):
    ours, plain = run_vnu(built_site), run_vnu(plain_site)
    assert (plain_site / "index.html").is_file() and len(list(built_site.rglob("*.html"))) > 40
    everywhere = {kind(m) for messages in plain.values() for m in messages}
    extra = []
    for path, messages in sorted(ours.items()):
        allowed = {kind(m) for m in plain[path]} if path in plain else everywhere
        extra += [f"{path}: {m}" for m in dict.fromkeys(messages) if kind(m) not in allowed]
    assert not extra, f"{len(extra)} 个 HTML 错误是本项目的模板带来的（原版 Material 同一页面没有）：\n" + "\n".join(
        extra[:30]
    )


def test_the_checker_sees_errors_in_a_broken_page(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="zh"><title>t</title><label role="button" for="x">x</label><input id="x">',
        encoding="utf-8",
    )
    found = run_vnu(tmp_path)
    assert any("role" in m for m in found["bad.html"]), found


def test_every_page_has_one_h1(built_site):
    missing = []
    for page in sorted(built_site.rglob("*.html")):
        count = len(re.findall(r"<h1[\s>]", page.read_text(encoding="utf-8")))
        if count != 1:
            missing.append(f"{page.relative_to(built_site)}: {count} 个 h1")
    assert not missing, "\n".join(missing)
