"""The test lanes (tests/lanes.py): what marks a test engine or browser, and the fast lane's guard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import lanes
from support import LECTURE, ROOT, farun, mkdocs_build

HERE = Path(__file__)
PY = sys.executable
MKDOCS = "mkdocs"  # the old engine's module: classified here, never run (tests/integration/test_engine.py)


@pytest.mark.parametrize(
    ("argv", "lane"),
    [
        ([PY, "-m", "properdocs", "build", "--strict", "-q", "-f", "x/mkdocs.yml", "-d", "out"], "engine"),
        ([PY, "-m", "properdocs", "serve", "--livereload", "-a", "127.0.0.1:8000"], "engine"),
        ([PY, "-m", MKDOCS, "build"], "engine"),
        ([PY, "-m", "farun", "--config", "p/mkdocs.yml", "build"], "engine"),
        ([PY, "-m", "farun", "--config", "p/mkdocs.yml", "build", "--leave-out-invalid"], "engine"),
        ([PY, "-m", "farun", "rebuild"], "engine"),
        ([PY, "-m", "farun", "serve"], "engine"),
        ([PY, "-m", "farun.bench", "--n", "100"], "engine"),
        (["make", "-s", "offline", "OFFLINE_DIR=w/site"], "engine"),
        (["make", "-f", "/r/Makefile", "serve", "VENV=/v", "STAMP=", "DEV_ADDR=127.0.0.1:1"], "engine"),
        (["bash", "deploy/farun-rebuild.sh"], "engine"),
        (["/usr/sbin/nginx", "-p", "w", "-c", "w/nginx.conf"], "engine"),
        (["/usr/bin/chromium", "--headless"], "browser"),
        ("python -m properdocs build -f mkdocs.yml", "engine"),
        # Not the engine: the check, the generator (even into a folder named build), scaffolds, imports, git, make's staff tools.
        ([PY, "-m", "farun", "--config", "p/mkdocs.yml", "check"], None),
        ([PY, "-m", "farun", "--config", "build/mkdocs.yml", "generate", "--out", "tmp/build"], None),
        ([PY, "-m", "farun", "--config", "p/mkdocs.yml", "new", "lecture"], None),
        ([PY, "-m", "farun", "import", "台账.xlsx", "--partial"], None),
        (["make", "-s", "VENV=/v", "new-lecture", "SLUG=build", "TITLE=serve"], None),
        (["git", "commit", "-m", "build"], None),
        ([PY, "-c", "print('build')"], None),
        (["node", "search_runner.js", "worker.js", "index.json", "10"], None),
    ],
)
def test_commands_that_start_the_engine_a_browser_or_nginx(argv, lane):
    assert lanes.engine_use(argv) == lane


# Sample tests (not collected: no test_ prefix), as a test module would write them.
def _build_here(proj):
    return mkdocs_build(proj, proj / "out")


def sample_builds_through_a_helper(project):
    assert _build_here(project({})).returncode == 0


def sample_builds_as_staff_do(project):
    assert farun(project({"lectures/a.md": LECTURE}), "build").returncode == 0


def sample_builds_in_process(tmp_path):
    from properdocs.commands.build import build

    build(tmp_path)


@given(st.just("build"))
@settings(max_examples=1)
def sample_builds_under_hypothesis(word):
    assert mkdocs_build(ROOT, ROOT / word).returncode == 0


def sample_only_checks(project):
    assert farun(project({"lectures/a.md": LECTURE}), "check").returncode == 0


def sample_reads_the_site(built_site):
    assert (built_site / "index.html").is_file()


@pytest.mark.parametrize(
    ("path", "fixtures", "func", "expected"),
    [
        (HERE, ["project"], sample_builds_through_a_helper, {"engine"}),
        (HERE, ["project"], sample_builds_as_staff_do, {"engine"}),
        (HERE, ["tmp_path"], sample_builds_in_process, {"engine"}),
        (HERE, ["built_site"], sample_reads_the_site, {"engine"}),
        (HERE, [], sample_builds_under_hypothesis, {"engine"}),
        (HERE, ["project"], sample_only_checks, set()),
        (HERE.parent / "integration" / "test_x.py", ["project"], sample_only_checks, {"engine"}),
        (HERE.parent / "browser" / "test_x.py", ["page"], sample_only_checks, {"browser"}),
        (HERE, ["page", "site_url"], sample_only_checks, {"browser"}),
    ],
)
def test_a_test_is_marked_by_its_folder_fixtures_and_the_helpers_it_calls(path, fixtures, func, expected):
    assert lanes.lane_of(path, fixtures, [func]) == expected


def test_these_tests_are_in_the_fast_lane(request):
    """The lanes' own tests must run where the guard is on: they name the engine's entry points only through lanes.py
    (not followed) or inside longer strings, since a test that says "built_site" or "properdocs.commands" is marked engine."""
    mine = [item for item in request.session.items if Path(item.path) == HERE]
    assert mine and not [
        item.nodeid for item in mine if {"engine", "browser", "slow"} & {m.name for m in item.iter_markers()}
    ]


def test_no_test_in_this_session_outside_its_lane(request):
    """Whatever -m selected: a test that needs the engine or a browser carries that marker."""
    for item in request.session.items:
        marked = {m.name for m in item.iter_markers()}
        folder = Path(item.path).resolve().relative_to(lanes.TESTS).parts[0]
        if lanes.ENGINE_NAMES & set(item.fixturenames) or folder == "integration":  # names, not words: see below
            assert "engine" in marked, item.nodeid
        if {"browser", "page"} & set(item.fixturenames) or folder == "browser":
            assert "browser" in marked, item.nodeid


def test_the_fast_lane_refuses_the_engine_loudly(tmp_path):
    """Under FARUN_FAST_LANE, a build (subprocess or in-process) raises and names the marker; other commands run."""
    code = f"""
import sys
sys.path.insert(0, {str(lanes.TESTS)!r})
import subprocess, lanes, support
lanes.guard()
assert subprocess.run([sys.executable, "-c", "pass"]).returncode == 0
for attempt in (lambda: support.mkdocs_build(support.ROOT, {str(tmp_path / "out")!r}),
                lambda: subprocess.run(["make", "-s", "offline"]),
                lambda: __import__("properdocs.commands.build", fromlist=["build"]).build(None)):
    try:
        attempt()
    except RuntimeError as exc:
        print(exc)
    else:
        print("NOT REFUSED")
print(len(lanes.VIOLATIONS))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "NOT REFUSED" not in result.stdout and lines[-1] == "3", result.stdout
    assert lines[0].startswith("fast lane: this test runs ") and "-m properdocs build --strict" in lines[0]
    assert "mark it @pytest.mark.engine" in lines[0]
    assert "make -s offline" in lines[1] and "commands.build.build() in-process" in lines[2]
    assert not (tmp_path / "out").exists()
