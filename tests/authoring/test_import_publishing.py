"""Issue 14, points 5-7: what an import publishes, its messages, PARTIAL=1, Ctrl+C and 否."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_import import GOOD, HEAD, PENALTY_HEAD, ROOT, run, xlsx

from support import farun


def test_imported_lectures_are_drafts_and_penalties_publish_and_the_summary_says_which(project, tmp_path):
    proj = project({})
    penalty = [
        "绍兴某运输有限公司",
        "法人及非法人组织",
        "91330602MA2JR7KT9L",
        "绍市交执罚〔2026〕77号",
        "超限运输",
        "车辆超限。",
        "《公路安全保护条例》第六十四条",
        "罚款伍仟元",
        0.5,
        dt.datetime(2026, 10, 5),
        "绍兴市交通运输行政执法队",
        "2027-10-05",
        "一般",
        None,
    ]
    book = xlsx(tmp_path / "台账.xlsx", {"讲座": [HEAD] + GOOD, "处罚": [PENALTY_HEAD, penalty]})
    result = run(proj, "import", str(book))
    assert result.returncode == 0, result.stdout
    assert "讲座 2 期以草稿导入（draft: true），暂不发布" in result.stdout
    assert "双公示 1 条导入后即发布" in result.stdout
    lecture = (proj / "docs/lectures/2024-05-di8qi.md").read_text(encoding="utf-8")
    assert "\ndraft: true\n---" in lecture
    notice = (proj / "docs/notices/2026-10-xzcf-2026-77.md").read_text(encoding="utf-8")
    assert "draft" not in notice
    check = run(proj, "check")
    assert check.returncode == 0 and "讲座 0 期" in check.stdout and "公告 1 条" in check.stdout


def test_advice_reads_partial_1_for_make_users(project, tmp_path):
    proj = project({})
    bad = [10, "第三讲", "2024/11/31", "王五", None, "安全", "摘要三。", None, None, None, None, None]
    book = xlsx(tmp_path / "台账.xlsx", {"讲座": [HEAD, bad]})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_COLOR": "1", "FARUN_VIA_MAKE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "import", str(book)],
        cwd=proj,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "“日期”列：date（日期）不是有效的日期：“2024/11/31” 在日历上不存在，2024年11月没有31日" in result.stdout
    assert f"make import FILE={book} PARTIAL=1" in result.stdout and "--partial" not in result.stdout


def test_partial_with_only_bad_rows_exits_0_and_lists_them(project, tmp_path):
    proj = project({})
    bad = [10, "第三讲", "2024/11/31", "王五", None, "安全", "摘要三。", None, None, None, None, None]
    book = xlsx(tmp_path / "台账.xlsx", {"讲座": [HEAD, bad]})
    result = run(proj, "import", str(book), "--partial")
    assert result.returncode == 0
    assert "已跳过 1 行（问题见上）：台账.xlsx 工作表“讲座” 第2行" in result.stdout
    assert "导入完成：新建 0 个文件，跳过 1 行。" in result.stdout


def test_ctrl_c_in_a_scaffold_says_cancelled_and_exits_130(project):
    proj = project({})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_COLOR": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "new", "lecture"],
        cwd=proj,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As in a terminal: a suite started in the background (``cmd &``) ignores SIGINT,
        # and a child would inherit that and never see the Ctrl+C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    child.stdin.write("标题\n")
    child.stdin.flush()
    seen = ""
    while "日期（date）" not in seen:  # the first answer was read: it now waits for the date
        line = child.stdout.readline()
        assert line, "the scaffold ended before asking"
        seen += line
    # Until it waits for the answer (blocked reading stdin): on a loaded machine it may still be printing.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        time.sleep(0.2)
        state = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "S":
            break
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, (out, err)
    assert "已取消，没有写入任何文件。" in err and "Traceback" not in err + out
    assert not list((proj / "docs").rglob("lectures/*.md"))


def test_no_at_the_confirmation_is_not_an_error(project):
    proj = project({})
    answers = "标题\n2024-06-01\n\n王五\n摘要\n主题\nx\n否\n"
    declined = farun(proj, "new", "lecture", stdin=answers)
    assert declined.returncode == 0
    assert "已取消，没有写入任何文件。" in declined.stderr
    assert not list((proj / "docs").rglob("lectures/*.md"))
