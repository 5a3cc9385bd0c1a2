"""Test lanes: each test is marked by what it uses, so `make test-fast` needs no list to keep up to date.

`make test-fast` runs ``pytest -m "not engine and not browser and not slow"`` with FARUN_FAST_LANE=1.
A test is marked (conftest.py calls ``mark``):

- ``browser`` when it lives in tests/browser/ or uses the browser fixtures;
- ``engine`` when it lives in tests/integration/, or when its code, its fixtures' code and the helpers they
  call (followed through every name defined under tests/) reach an engine build, a preview server, nginx or
  the rebuild script: ``built_site``, ``support.mkdocs_build``, properdocs' build/serve commands,
  ``farun(project, "build")``, ``python -m farun serve``, ``make offline``, ``deploy/farun-rebuild.sh``…;
- ``slow`` by hand (``@pytest.mark.slow``) for what is slow without the engine.

Finding the engine by reading code can only err one way safely: a test that mentions "build" beside farun
without building lands in the full lane only. The other way is held by ``guard``: in the fast lane, a test
that starts the engine, a browser or nginx anyway (a subprocess, or properdocs' build in this process) fails
loudly and says which marker it needs; it is never skipped.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import inspect
import os
import shlex
import sys
from pathlib import Path
from types import CodeType, FunctionType, ModuleType

TESTS = Path(__file__).resolve().parent
FAST_LANE = "FARUN_FAST_LANE"
FAST_SELECTION = "not engine and not browser and not slow"

BROWSER_FIXTURES = {"browser", "page", "context", "site_url"}
ENGINE_NAMES = {"built_site", "mkdocs_build"}
ENGINE_IMPORTS = ("properdocs.commands", "mkdocs.commands", "farun.bench")
# Subcommands that run the engine, per program (first word after the program and its options).
ENGINE_COMMANDS = {
    "properdocs": {"build", "serve", "gh-deploy"},
    "mkdocs": {"build", "serve", "gh-deploy"},
    "farun": {"build", "serve", "rebuild", "offline", "test", "bench"},
    "make": {"build", "serve", "offline", "test", "bench", "test-fast"},
}
OPTIONS_WITH_VALUE = {"--config", "-f", "--config-file", "-d", "--site-dir", "-C"}
OTHER_PROGRAMS = {"farun-rebuild.sh": "engine", "nginx": "engine", "chromium": "browser", "chromium-browser": "browser"}


# Reading a test's code.
def _code_words(code: CodeType) -> set[str]:
    """Names and string constants of ``code`` and the code nested in it (tuples of tuples too: dict keys)."""
    words: set[str] = set()
    stack: list = [code]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            words.add(current)
        elif isinstance(current, CodeType):
            words.update(current.co_names)
            stack.extend(current.co_consts)
        elif isinstance(current, (tuple, frozenset)):
            stack.extend(current)
    return words


_OURS: dict[str, bool] = {}


def _ours(obj) -> bool:
    """Whether ``obj`` is a function written under tests/."""
    code = getattr(obj, "__code__", None)
    if code is None:
        return False
    if code.co_filename not in _OURS:
        path = Path(code.co_filename).resolve()  # this module names every engine entry point: not followed
        _OURS[code.co_filename] = path.is_relative_to(TESTS) and path != Path(__file__).resolve()
    return _OURS[code.co_filename]


def _module_is_ours(module: ModuleType) -> bool:
    file = getattr(module, "__file__", None)
    if file and file not in _OURS:
        _OURS[file] = Path(file).resolve().is_relative_to(TESTS) and Path(file).resolve() != Path(__file__).resolve()
    return bool(file) and _OURS[file]


def _unwrapped(func):
    """The test as written, under hypothesis' @given or a functools.wraps decorator."""
    inner = getattr(getattr(func, "hypothesis", None), "inner_test", None)
    return inspect.unwrap(inner or func) if callable(inner or func) else func


def words_of(funcs, seen: set | None = None) -> set[str]:
    """Names and strings in ``funcs`` and in every function of tests/ they name, transitively."""
    seen = set() if seen is None else seen
    words: set[str] = set()
    todo = [f for f in map(_unwrapped, funcs) if isinstance(f, FunctionType) and _ours(f)]
    while todo:
        func = todo.pop()
        if func.__code__ in seen:
            continue
        seen.add(func.__code__)
        found = _code_words(func.__code__)
        words |= found
        namespaces = [func.__globals__] + [
            vars(v) for v in func.__globals__.values() if isinstance(v, ModuleType) and _module_is_ours(v)
        ]
        for name in found:
            for space in namespaces:
                target = space.get(name)
                if isinstance(target, FunctionType) and _ours(target) and target.__code__ not in seen:
                    todo.append(target)
    return words


def lane_of(path: Path, fixturenames, funcs) -> set[str]:
    """The markers a test needs: from its folder, its fixtures and what its code reaches."""
    lanes: set[str] = set()
    parts = Path(path).resolve().relative_to(TESTS).parts
    if parts[0] == "browser" or BROWSER_FIXTURES & set(fixturenames):
        lanes.add("browser")
    if parts[0] == "integration" or ENGINE_NAMES & set(fixturenames):
        lanes.add("engine")
    words = words_of(funcs)
    if ENGINE_NAMES & words or any(w.startswith(ENGINE_IMPORTS) for w in words):
        lanes.add("engine")
    for program, commands in ENGINE_COMMANDS.items():
        if program in words and commands & words:
            lanes.add("engine")
    for program, lane in OTHER_PROGRAMS.items():
        if any(w == program or w.endswith("/" + program) for w in words):
            lanes.add(lane)
    return lanes


def mark(items) -> None:
    """Add the lane markers to collected items (pytest_collection_modifyitems)."""
    import pytest

    for item in items:
        defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        funcs = [getattr(item, "function", None)] + [d.func for ds in defs.values() for d in ds]
        for lane in sorted(lane_of(Path(item.path), item.fixturenames, funcs) - {m.name for m in item.iter_markers()}):
            item.add_marker(getattr(pytest.mark, lane))


# The fast lane's guard.
def engine_use(argv) -> str | None:
    """The lane a command belongs to when it starts the engine, a browser or nginx; None otherwise."""
    if isinstance(argv, (str, bytes, os.PathLike)):
        argv = shlex.split(os.fsdecode(argv)) if isinstance(argv, (str, bytes)) else [argv]
    words = [os.path.basename(os.fsdecode(a)) for a in argv]
    for word in words:
        if word in OTHER_PROGRAMS:
            return OTHER_PROGRAMS[word]
    for start, word in enumerate(words):
        if word == "-m" and start + 1 < len(words):
            program, rest = words[start + 1].split(".")[0], words[start + 2 :]
            if words[start + 1] == "farun.bench":
                return "engine"
            break
    else:
        program, rest = (words[0], words[1:]) if words else ("", [])
    commands = ENGINE_COMMANDS.get(program)
    if not commands:
        return None
    skip = False
    for word in rest:
        if skip:
            skip = False
        elif word in OPTIONS_WITH_VALUE:
            skip = True
        elif word.startswith("-") or (program == "make" and "=" in word):
            continue
        else:
            return "engine" if word in commands else None
    return None


VIOLATIONS: list[str] = []


def _refuse(what: str, lane: str) -> None:
    message = (
        f"fast lane: this test runs {what}. It belongs to the {lane} lane: use support.mkdocs_build / "
        f"farun(project, 'build') / built_site so it is marked by itself, or mark it @pytest.mark.{lane}."
    )
    VIOLATIONS.append(message)
    raise RuntimeError(message)


def _audit(event: str, args) -> None:
    if event == "subprocess.Popen":
        argv = args[1] if args[1] is not None else [args[0]]
    elif event in ("os.posix_spawn", "os.exec"):
        argv = args[1]
    elif event == "os.system":
        argv = args[0]
    else:
        return
    lane = engine_use(argv)
    if lane:
        _refuse(" ".join(map(os.fsdecode, argv)) if not isinstance(argv, (str, bytes)) else os.fsdecode(argv), lane)


class _EngineInProcess(importlib.abc.MetaPathFinder):
    """Refuses properdocs' build and serve functions when a test imports them into this process."""

    GUARDED = {"properdocs.commands.build": "build", "properdocs.commands.serve": "serve"}

    def find_spec(self, name, path, target=None):
        if name not in self.GUARDED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run, attribute = spec.loader.exec_module, self.GUARDED[name]

        def exec_module(module):
            run(module)
            setattr(module, attribute, lambda *a, **k: _refuse(f"{name}.{attribute}() in-process", "engine"))

        spec.loader.exec_module = exec_module
        return spec


def guard() -> None:
    """In the fast lane: make any start of the engine, a browser or nginx fail the test that does it."""
    sys.addaudithook(_audit)
    sys.meta_path.insert(0, _EngineInProcess())
