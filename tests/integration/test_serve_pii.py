"""make serve with a personal number: the preview shows the error page with the number masked, never the page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import LECTURE, fetch, free_port, wait_for

MOBILE = "15958126600"


def test_preview_masks_a_personal_number_and_recovers(project, tmp_path):
    lecture = LECTURE.replace("解读新修订行政复议法的主要变化。", f"解读要点，报名电话 159 5812 6600。")
    proj = project({"lectures/2023-03-a.md": lecture})
    port = free_port()
    log_path = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "properdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(proj / "mkdocs.yml")],
            cwd=proj, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        home, url = f"http://127.0.0.1:{port}/fxjt/", f"http://127.0.0.1:{port}/fxjt/lectures/"
        assert wait_for(lambda: "159****6600" in fetch(home), 90), log_path.read_text()
        page = fetch(home)
        assert MOBILE not in page and "159 5812 6600" not in page
        assert "docs/lectures/2023-03-a.md:6:" in page and "改写为 159****6600" in page
        (proj / "docs/lectures/2023-03-a.md").write_text(lecture.replace("159 5812 6600", "159****6600"), encoding="utf-8")
        assert wait_for(lambda: "新修订" in fetch(url), 60), log_path.read_text()
        log_text = log_path.read_text()
        assert MOBILE not in log_text and "159 5812 6600" not in log_text
    finally:
        server.terminate()
        server.wait(timeout=10)
