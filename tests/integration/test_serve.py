"""``make serve``: an edit shows up in the preview once, with no rebuild loop."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from support import LECTURE, fetch, free_port, wait_for


def test_edit_appears_once_without_rebuild_loop(project, tmp_path):
    proj = project({"lectures/2023-03-a.md": LECTURE})
    port = free_port()
    log_path = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "properdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(proj / "mkdocs.yml")],
            cwd=proj, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/fxjt/lectures/"
        assert wait_for(lambda: "新修订" in fetch(url), 60), log_path.read_text()
        builds_before = log_path.read_text().count("Documentation built")
        lecture = proj / "docs/lectures/2023-03-a.md"
        lecture.write_text(LECTURE.replace("新修订《行政复议法》要点解读", "行政复议法修订版速览"), encoding="utf-8")
        assert wait_for(lambda: "行政复议法修订版速览" in fetch(url), 30), log_path.read_text()
        (proj / "docs/lectures/2023-04-b.md").write_text(
            LECTURE.replace("episode: 1", "episode: 2").replace("新修订《行政复议法》要点解读", "新增的一期讲座"), encoding="utf-8")
        assert wait_for(lambda: "新增的一期讲座" in fetch(url), 30), log_path.read_text()
        time.sleep(4)  # a rebuild loop would keep building now
        builds = log_path.read_text().count("Documentation built") - builds_before
        time.sleep(4)
        # Two saves, at most two builds (a loaded machine may fold them into one), and no more after that.
        assert 1 <= builds <= 2, log_path.read_text()
        assert log_path.read_text().count("Documentation built") - builds_before == builds, log_path.read_text()
        assert not any(p.name == "index.md" for p in (proj / "docs").rglob("*.md")), "generated files written into docs/"
    finally:
        server.terminate()
        server.wait(timeout=10)
