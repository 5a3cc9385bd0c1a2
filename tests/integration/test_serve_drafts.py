"""Issue 23 point 13: a draft can be previewed (marked 草稿 there) and is never published by a build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from support import LECTURE, TEST_EPOCH, fetch, free_port, mkdocs_build, wait_for

DRAFT = (LECTURE.replace("episode: 1", "episode: 2").replace("title: ", "title: 草稿中的第二讲", 1)
         .replace("---\n\n", "draft: true\n---\n\n", 1))
BANNER = "这是草稿（draft: true）：只在本地预览中显示，网站上不会出现。"


def test_a_draft_is_shown_marked_in_the_preview_and_left_out_of_the_build(project, tmp_path):
    proj = project({"lectures/2023-03-a.md": LECTURE, "lectures/2023-04-b.md": DRAFT})
    built = tmp_path / "built"
    result = mkdocs_build(proj, built)
    assert result.returncode == 0, result.stderr
    assert not (built / "lectures/2023-04-b").exists()
    assert not [p for p in built.rglob("*") if p.is_file() and "草稿中的第二讲".encode() in p.read_bytes()]

    port = free_port()
    base = f"http://127.0.0.1:{port}/fxjt/"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(TEST_EPOCH), "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(proj / "scripts")}
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "serve",
                                   "--dev-addr", f"127.0.0.1:{port}"], cwd=proj, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for(lambda: "【草稿】草稿中的第二讲" in fetch(base + "lectures/"), 180), log_path.read_text()
        page = fetch(base + "lectures/2023-04-b/")
        assert BANNER in page and "草稿中的第二讲" in page
        assert BANNER not in fetch(base + "lectures/2023-03-a/")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
