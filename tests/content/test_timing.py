"""The benchmark's phase timings (FARUN_TIMINGS) account for the whole build."""

from __future__ import annotations

import json
import time

from farun.runtime import timing

from support import mkdocs_build


def test_startup_is_counted_once_per_process(monkeypatch):
    monkeypatch.setattr(timing, "_process_seen", False)
    timing.reset()
    timing.startup()
    first = timing.PHASES["startup"]
    assert 0 < first < time.monotonic()  # this test process has been running for a while
    timing.reset()
    timing.startup()  # a second build in the same process (properdocs serve): no startup phase
    assert "startup" not in timing.PHASES


def test_phases_of_a_real_build_cover_its_wall_time(project, tmp_path):
    proj = project({})
    out, phases = tmp_path / "out", tmp_path / "timings.json"
    start = time.perf_counter()
    result = mkdocs_build(proj, out, extra_env={"FARUN_TIMINGS": str(phases)})
    wall = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    seen = json.loads(phases.read_text(encoding="utf-8"))
    assert list(seen)[:2] == ["startup", "load+validate"]
    assert {"setup", "render", "covers", "covers_wait", "pii_scan"} <= set(seen)
    # Only the interpreter's exit and MkDocs' own steps between the hook's events are left out.
    assert 0.7 * wall < sum(seen.values()) < wall
