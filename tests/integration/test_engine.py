"""The engine is ProperDocs (MkDocs' maintained continuation): nothing of ours runs the mkdocs CLI."""

from __future__ import annotations

import re
from importlib import metadata

from packaging.version import Version

from support import ROOT

# `python -m mkdocs …`, `["-m", "mkdocs"]`, `["mkdocs", "build"]`, or (in shell, make and .cmd files) a bare
# `mkdocs build|serve|gh-deploy` command line. Python prose (docstrings, comments) may name mkdocs.
MODULE_CALL = re.compile(r"""-m["',\s]+mkdocs\b|["']mkdocs["']\s*,\s*["'](?:build|serve|gh-deploy)["']""")
MKDOCS_CLI = re.compile(MODULE_CALL.pattern + r"""|(?:^|[\s;&|(`$])mkdocs\s+(?:build|serve|gh-deploy)\b""")
SOURCES = ("Makefile", "farun.cmd", ".ci", "deploy", "scripts", "tests")


def our_files():
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts or file.suffix in {
                ".png",
                ".jpg",
                ".mp4",
                ".webm",
                ".ttf",
                ".otf",
                ".woff2",
            }:
                continue
            yield file


def commands_calling_mkdocs() -> list[str]:
    found = []
    for file in our_files():
        if file.resolve() == __file__ or file.name == "test_engine.py":
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            pattern = MODULE_CALL if file.suffix == ".py" else MKDOCS_CLI
            if pattern.search(line) and not line.lstrip().startswith(("#", "rem ", "REM ", "::")):
                found.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_nothing_of_ours_runs_the_mkdocs_cli():
    assert commands_calling_mkdocs() == []


def test_the_pattern_sees_each_way_of_calling_mkdocs():
    """The scan above, on lines it must and must not flag (so it cannot pass vacuously)."""
    for bad in ('cmd = [sys.executable, "-m", "mkdocs", "build"]', 'subprocess.run(["mkdocs", "serve"])'):
        assert MODULE_CALL.search(bad), bad
    for bad in ("\t$(PY) -m mkdocs serve --dirty", "mkdocs build --strict", "cd /opt/farun && mkdocs gh-deploy"):
        assert MKDOCS_CLI.search(bad), bad
    for fine in (
        'cmd = [sys.executable, "-m", "properdocs", "build"]',
        "config: mkdocs.yml",
        "-f mkdocs.plain.yml",
        "from properdocs.plugins import event_priority",
        '"""Install the filter (once; mkdocs serve reloads this hook)."""',
    ):
        assert not MODULE_CALL.search(fine), fine


def test_engine_and_theme_are_pinned():
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().split() if "==" in line)
    assert pins["properdocs"] == metadata.version("properdocs")
    assert Version(pins["mkdocs-material"]) >= Version("9.8.2")
    assert pins["mkdocs-material"] == metadata.version("mkdocs-material")


def test_make_serve_runs_properdocs():
    from farun import cli

    serve = re.search(r"^serve:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert serve and ("-m properdocs serve" in serve.group(1) or "$(FARUN) serve" in serve.group(1))
    assert cli._engine("serve")[1:] == ["-m", "properdocs", "serve"]


def test_compiled_templates_are_cached_and_an_edited_override_is_recompiled(project, tmp_path):
    from support import LECTURE, mkdocs_build

    proj = project({"lectures/2023-03-fuyi.md": LECTURE})
    assert mkdocs_build(proj, tmp_path / "one").returncode == 0
    cached = list((proj / ".cache" / "jinja").iterdir())
    assert len(cached) > 20  # Material's templates and our overrides
    template = proj / "overrides" / "lecture.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "<h1>{{ page.title }}</h1>", "<h1 data-edited>{{ page.title }}</h1>"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(proj, tmp_path / "two")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "two" / "lectures" / "2023-03-fuyi" / "index.html").read_text(encoding="utf-8")
    assert "<h1 data-edited>" in page
