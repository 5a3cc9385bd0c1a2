"""Issue 14, points 9 and 12: staff read Chinese lines only; every make target works without make (Windows)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from farun.authoring.quiet import StaffFilter
from farun.cli import main

from support import LECTURE, ROOT, TEST_EPOCH, make_project

CJK = re.compile(r"[\u3400-\u9fff]")
# Each make target and the command that does the same without make.
WITHOUT_MAKE = {
    "build": "build",
    "test": "test",
    "serve": "serve",
    "check": "check",
    "new-lecture": "new lecture",
    "new-case": "new case",
    "new-notice": "new notice",
    "import": "import",
    "schemas": "schemas",
    "generate": "generate",
    "clean": "clean",
    "bench": "bench",
    "offline": "offline",
    "test-fast": "test --fast",
    "publish": "publish",
    "update": "update",
}


def test_staff_filter_keeps_chinese_and_problems_only():
    keep = StaffFilter()
    engine = [
        "INFO    -  Cleaning site directory",
        "INFO    -  Building documentation to directory: /tmp/x",
        "Building prefix dict from the default dictionary ...",
        "Loading model from cache /tmp/jieba.cache",
        "Loading model cost 0.61 seconds.",
        "Prefix dict has been built successfully.",
        "INFO    -  不发布 docs/notices/a.md：公示期已满",
        "WARNING -  Doc file 'a.md' contains a link 'b.md', but the target is not found among documentation files.",
        "ERROR   -  内容检查未通过，网站没有生成：",
        "  docs/lectures/a.md:3: date（日期）应为 YYYY-MM-DD 格式",
        "Aborted with a BuildError!",
        "INFO    -  Documentation built in 1.82 seconds",
    ]
    shown = [line for line in map(keep, engine) if line is not None]
    assert shown == [
        "不发布 docs/notices/a.md：公示期已满",
        "警告：Doc file 'a.md' contains a link 'b.md', but the target is not found among documentation files.",
        "错误：内容检查未通过，网站没有生成：",
        "  docs/lectures/a.md:3: date（日期）应为 YYYY-MM-DD 格式",
    ]
    serving = StaffFilter(serving=True)
    assert (
        serving("INFO    -  [10:01:02] Serving on http://127.0.0.1:8000/fxjt/")
        == "预览地址：http://127.0.0.1:8000/fxjt/（保存文件后页面自动刷新；按 Ctrl+C 结束预览）"
    )
    assert serving("INFO    -  Documentation built in 2.50 seconds") == "已生成（2.5 秒）"


def test_build_prints_chinese_lines_only_and_details_behind_v(tmp_path):
    proj = make_project(tmp_path / "proj", {"lectures/a.md": LECTURE})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "SOURCE_DATE_EPOCH": str(TEST_EPOCH), "NO_COLOR": "1"}

    def run(*extra):
        return subprocess.run(
            [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "build", *extra],
            cwd=proj,
            env=env,
            capture_output=True,
            text=True,
        )

    quiet = run()
    assert quiet.returncode == 0, quiet.stderr
    lines = [line for line in (quiet.stdout + quiet.stderr).splitlines() if line.strip()]
    assert lines and all(CJK.search(line) for line in lines), lines
    assert "INFO" not in quiet.stderr and "prefix dict" not in quiet.stderr
    verbose = run("-v")
    assert verbose.returncode == 0 and "INFO" in verbose.stdout + verbose.stderr


def test_make_check_prints_no_commands(tmp_path):
    proj = make_project(tmp_path / "proj", {"lectures/a.md": LECTURE})
    result = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "check", f"VENV={Path(sys.executable).parents[1]}", "STAMP="],
        cwd=proj,
        capture_output=True,
        text=True,
    )
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode == 0 and lines and all(CJK.search(line) for line in lines), lines


def test_every_make_target_has_a_python_m_farun_command_and_the_guide_names_it(capsys):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    assert set(phony) == set(WITHOUT_MAKE)
    guide = (ROOT / "编辑指南.md").read_text(encoding="utf-8")
    windows = guide[guide.index("## 十二、在 Windows 电脑上使用") :]
    for target, command in WITHOUT_MAKE.items():
        with pytest.raises(SystemExit) as done:
            main([*command.split(), "--help"])
        assert done.value.code == 0, target
        assert f"farun {command}" in windows, f"编辑指南的 Windows 一节缺少 make {target} 的对应命令"
    assert "farun setup" in windows
    capsys.readouterr()


@pytest.mark.slow
def test_the_no_make_path_from_a_bare_python(tmp_path):
    """What a Windows PC does: set up with the system Python, then run farun with no make, bash or PYTHONPATH."""
    base_python = getattr(sys, "_base_executable", sys.executable)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "FARUN_VIA_MAKE")}
    venv = tmp_path / "venv"
    setup = subprocess.run(
        [base_python, str(ROOT / "scripts" / "farun"), "setup", "--venv", str(venv)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "环境已就绪" in setup.stdout
    python = venv / "bin" / "python"
    proj = make_project(tmp_path / "proj", {"lectures/a.md": LECTURE})
    env["SOURCE_DATE_EPOCH"] = str(TEST_EPOCH)

    def farun(*args):
        return subprocess.run([str(python), "-m", "farun", *args], cwd=proj, env=env, capture_output=True, text=True)

    check = farun("check")
    assert check.returncode == 0 and "检查通过" in check.stdout, check.stderr
    build = farun("build")
    assert build.returncode == 0, build.stderr
    assert (proj / "site" / "lectures" / "a" / "index.html").is_file()
    again = subprocess.run(
        [base_python, str(ROOT / "scripts" / "farun"), "setup", "--venv", str(venv)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0 and "正在安装" not in again.stdout  # installed once per requirements change
    clean = farun("clean")
    assert clean.returncode == 0 and not (proj / "site").exists() and (proj / "docs/lectures/a.md").is_file()
