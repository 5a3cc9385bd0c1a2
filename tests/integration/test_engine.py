"""The engine is ProperDocs (MkDocs' maintained continuation): nothing of ours runs the mkdocs CLI."""

from __future__ import annotations

import re
from importlib import metadata

from packaging.version import Version

from support import ROOT

# `python -m mkdocs …`, `["-m", "mkdocs"]`, or a bare `mkdocs build|serve|gh-deploy` command line.
MKDOCS_CLI = re.compile(r"""-m["',\s]+mkdocs\b|(?:^|[\s;&|(`$])mkdocs\s+(?:build|serve|gh-deploy)\b""")
SOURCES = ("Makefile", ".ci", "deploy", "scripts", "tests")


def our_files():
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts or file.suffix in {".png", ".jpg", ".mp4", ".webm", ".ttf", ".otf", ".woff2"}:
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
            code = line.split("#", 1)[0] if file.suffix == ".py" else line
            if MKDOCS_CLI.search(code) and "``" not in code:
                found.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_nothing_of_ours_runs_the_mkdocs_cli():
    assert commands_calling_mkdocs() == []


def test_the_pattern_sees_each_way_of_calling_mkdocs():
    """The scan above, on lines it must and must not flag (so it cannot pass vacuously)."""
    for bad in ('cmd = [sys.executable, "-m", "mkdocs", "build"]', "\t$(PY) -m mkdocs serve --dirty",
                "mkdocs build --strict", "cd /opt/farun && mkdocs gh-deploy"):
        assert MKDOCS_CLI.search(bad), bad
    for fine in ('cmd = [sys.executable, "-m", "properdocs", "build"]', "config: mkdocs.yml",
                 "-f mkdocs.plain.yml", "from properdocs.plugins import event_priority"):
        assert not MKDOCS_CLI.search(fine), fine


def test_engine_and_theme_are_pinned():
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().split() if "==" in line)
    assert pins["properdocs"] == metadata.version("properdocs")
    assert Version(pins["mkdocs-material"]) >= Version("9.8.2")
    assert pins["mkdocs-material"] == metadata.version("mkdocs-material")


def test_makefile_serves_with_properdocs():
    serve = re.search(r"^serve:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert serve and "-m properdocs serve" in serve.group(1)


def test_compiled_templates_are_cached_and_an_edited_override_is_recompiled(project, tmp_path):
    from support import LECTURE, mkdocs_build

    proj = project({"lectures/2023-03-fuyi.md": LECTURE})
    assert mkdocs_build(proj, tmp_path / "one").returncode == 0
    cached = list((proj / ".cache" / "jinja").iterdir())
    assert len(cached) > 20  # Material's templates and our overrides
    template = proj / "overrides" / "lecture.html"
    template.write_text(template.read_text(encoding="utf-8").replace("<h1>{{ page.title }}</h1>",
                                                                     "<h1 data-edited>{{ page.title }}</h1>"), encoding="utf-8")
    result = mkdocs_build(proj, tmp_path / "two")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "two" / "lectures" / "2023-03-fuyi" / "index.html").read_text(encoding="utf-8")
    assert "<h1 data-edited>" in page
