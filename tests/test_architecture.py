"""The package's wings and the one direction their imports may point (an AST check, no import-linter needed)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from support import ROOT

PKG = ROOT / "scripts" / "farun"
# Each wing may import itself and the wings listed; the top-level modules (cli, hooks) may import every wing.
ALLOWED = {
    "markup": set(),
    "runtime": set(),
    "pii": {"markup", "runtime"},
    "content": {"markup", "runtime", "pii"},
    "images": {"markup", "runtime", "pii", "content"},
    "site": {"markup", "runtime", "pii", "content", "images"},
    "publish": {"markup", "runtime", "pii", "content", "images", "site"},
    "authoring": {"markup", "runtime", "pii", "content"},
    "bench": {"markup", "runtime", "pii", "content", "images", "site", "publish", "authoring", "cli"},
}
ENGINE = ("mkdocs", "material", "properdocs")
# An alarm, not a target: a module past it does more than one thing; split it by responsibility
# (never move code to a wing only to meet the count, issue #24).
MAX_LINES = 450


def modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def wing_of(path: Path) -> str:
    rel = path.relative_to(PKG)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Every module name ``path`` imports, anywhere in the file (function bodies too), made absolute."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    package = ".".join(("farun", *path.relative_to(PKG).parent.parts))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names.append((node.lineno, base))
            names += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return names


def test_every_module_sits_in_a_wing():
    top = {p.stem for p in PKG.glob("*.py")}
    assert top <= {
        "__init__",
        "__main__",
        "cli",
        "rebuild",
        "pipeline",
        "hook",
        "hook_preview",
        "hook_pagecache",
        "hook_leaveout",
    }, top
    for wing in ALLOWED:
        doc = ast.get_docstring(ast.parse((PKG / wing / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"{wing}/__init__.py must say what it owns and may import"


def listed_modules(wing: str) -> set[str]:
    """The modules a wing's docstring names in its "Modules:" list (``name`` at the start of an item)."""
    doc = ast.get_docstring(ast.parse((PKG / wing / "__init__.py").read_text(encoding="utf-8"))) or ""
    listing = doc.partition("Modules:")[2].split("\n\n")[0]
    return {
        name
        for line in listing.splitlines()
        if line.lstrip().startswith("- ")
        for name in re.findall(r"``(\w+)``", line.split(":")[0])
    }


@pytest.mark.parametrize("wing", ["markup", "runtime", "pii"])
def test_wing_docstring_lists_its_modules(wing):
    """The list a newcomer reads is the folder: a module added, moved or renamed updates the docstring."""
    files = {p.stem for p in (PKG / wing).glob("*.py")} - {"__init__"}
    assert listed_modules(wing) == files


def violations(path: Path, source: str | None = None) -> list[str]:
    """Imports of ``path`` that point the wrong way or reach the engine outside the hooks."""
    wing, found = wing_of(path), []
    for line, name in imported(path, source):
        parts = name.split(".")
        if parts[0] in ENGINE and not path.name.startswith("hook"):
            found.append(f"{path}:{line}: only hook*.py may import the engine ({name})")
        if parts[0] != "farun" or len(parts) < 2 or wing not in ALLOWED or parts[1] == wing:
            continue
        if parts[1] in (*ALLOWED, "cli", "hook", "hook_preview") and parts[1] not in ALLOWED[wing]:
            found.append(f"{path}:{line}: {wing}/ must not import {parts[1]} ({name})")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_one_way(path):
    assert violations(path) == []


def test_modules_stay_small():
    big = {
        str(p.relative_to(PKG)): n
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_the_check_sees_wrong_way_imports():
    """The checker itself, so the test above cannot pass vacuously."""
    probe = PKG / "content" / "probe.py"
    assert violations(probe, "from ..site import engine\n") == [
        f"{probe}:1: content/ must not import site (farun.site)",
        f"{probe}:1: content/ must not import site (farun.site.engine)",
    ]
    assert violations(probe, "def f():\n    from farun.publish.feeds import x\n")[0].endswith("(farun.publish.feeds)")
    assert violations(probe, "import mkdocs.plugins\n") == [
        f"{probe}:1: only hook*.py may import the engine (mkdocs.plugins)"
    ]
    assert violations(PKG / "hook.py", "from mkdocs.plugins import event_priority\n") == []
    assert violations(PKG / "site" / "probe.py", "from farun.images.covers import image_paths\n") == []
