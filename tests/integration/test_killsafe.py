"""Kill-safe: after kill -9 of a build no engine or cover worker lives on; the next run clears leftovers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from farun.runtime.lifeline import leftover_pid, sweep

from support import LECTURE, ROOT, TEST_EPOCH


def _children() -> dict[int, int]:
    """pid -> parent pid of every process, read from /proc."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            out[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def _descendants(root: int) -> set[int]:
    parents = _children()
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier} - found
        found |= frontier
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _many_lectures(project, count: int = 60):
    files = {}
    for n in range(1, count + 1):
        text = LECTURE.replace("episode: 1", f"episode: {n}").replace("要点解读", f"要点解读（第{n}讲）")
        files[f"lectures/2023-03-l{n:03d}.md"] = text
    return project(files)


def _wait_for(predicate, limit: float = 240.0) -> bool:
    deadline = time.monotonic() + limit  # a bound for a stuck test, not a speed check
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_kill_9_of_the_build_leaves_no_process_behind(project, tmp_path):
    proj = _many_lectures(project)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "SOURCE_DATE_EPOCH": str(TEST_EPOCH)}
    build = subprocess.Popen(
        [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "build"],
        cwd=proj,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # The engine under farun, and cover workers under the engine (spawned while pages render).
        # Once a worker has drawn an image it has run its initializer (a booting worker checks its parent itself).
        # (The build itself draws only the site cover before rendering; lecture covers come from workers.)
        def drawn():
            return (
                sum(p.suffix in {".webp", ".png"} for p in (proj / ".cache").rglob("*") if not p.name.startswith("."))
                >= 6
            )

        assert _wait_for(lambda: (len(_descendants(build.pid)) >= 3 and drawn()) or build.poll() is not None)
        family = _descendants(build.pid)
        assert build.poll() is None and len(family) >= 3, "the build ended before its workers could be seen"
        # Stopped processes would never notice a closed pipe by themselves: only the kernel's
        # parent-death signal (SIGKILL reaches a stopped process) can end them. Without it they stay.
        stopped = {pid for pid in family if "resource_tracker" not in _cmdline(pid)}
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        gone = _wait_for(lambda: not any(_alive(pid) for pid in family), 60)
        survivors = [(pid, _cmdline(pid)[:80]) for pid in family if _alive(pid)]
        for pid, _ in survivors:
            os.kill(pid, signal.SIGKILL)
        assert gone, survivors
    finally:
        if build.poll() is None:
            build.kill()
    dead = build.pid
    left = proj / f".site-tmp-{dead}"  # the engine may not have written it yet when killed: as it would be
    left.mkdir(exist_ok=True)
    (left / "index.html").write_text("half", encoding="utf-8")
    assert leftover_pid(left.name) == dead
    (proj / ".cache" / "images").mkdir(parents=True, exist_ok=True)
    stale_image = proj / ".cache" / "images" / f".cover.webp.{dead}.tmp"
    stale_image.write_bytes(b"half")
    again = subprocess.run(
        [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "build"],
        cwd=proj,
        env=env,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert not list(proj.glob(".site-tmp-*")) and not list(proj.glob(".site-old-*")) and not stale_image.exists()
    assert (proj / "site" / "index.html").is_file()


def test_sweep_keeps_what_live_processes_are_writing(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    live = os.getpid()
    for name in (f".site-tmp-{dead}", f".site-old-{dead}", f".site-tmp-{live}"):
        (tmp_path / name).mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / f".a.png.{dead}.tmp").write_bytes(b"x")
    (tmp_path / "sub" / f".b.png.{live}.tmp").write_bytes(b"x")
    (tmp_path / ".keep").write_text("x")
    sweep(tmp_path, recursive=True)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert left == [".keep", f".site-tmp-{live}", "sub", f"sub/.b.png.{live}.tmp"]
