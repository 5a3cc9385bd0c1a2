"""Issue 14, point 10: the daily rebuild keeps its address — one env file read by the script and the unit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import LECTURE, ROOT, TEST_EPOCH, make_project

# Stands in for `python -m farun rebuild TARGET` (tests/integration/test_rebuild_withdrawal.py runs the real one).
FAKE_PYTHON = """#!/usr/bin/env bash
mkdir -p "$4"
printf '%s' "$SITE_URL" > "$4/url.txt"
printf '%s' "$TZ" > "$4/tz.txt"
"""


def deployment(tmp_path: Path, env_text: str | None) -> Path:
    repo = tmp_path / "farun"
    (repo / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "deploy/farun-rebuild.sh", repo / "deploy/farun-rebuild.sh")
    (repo / "fake-python").write_text(FAKE_PYTHON, encoding="utf-8")
    (repo / "fake-python").chmod(0o755)
    if env_text is not None:
        (repo / "deploy/farun.env").write_text(env_text, encoding="utf-8")
    return repo


def rebuild(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "FARUN_TARGET", "FARUN_ENV_FILE", "MAKEFLAGS")}
    env["FARUN_PYTHON"] = str(repo / "fake-python")
    return subprocess.run(
        ["bash", str(repo / "deploy/farun-rebuild.sh"), *args], env=env, capture_output=True, text=True
    )


def test_the_script_builds_for_the_address_in_the_env_file_every_night(tmp_path):
    target = tmp_path / "www" / "pufa"
    example = (ROOT / "deploy/farun.env.example").read_text(encoding="utf-8")
    env_text = example.replace("https://jtj.sx.gov.cn/fxjt/", "https://www.example.gov.cn/pufa/").replace(
        "/var/www/fxjt", str(target)
    )
    repo = deployment(tmp_path, env_text)
    for _night in range(2):  # the second night must not fall back to the default address
        result = rebuild(repo)
        assert result.returncode == 0, result.stderr
        assert (target / "url.txt").read_text() == "https://www.example.gov.cn/pufa/"
        assert (target / "tz.txt").read_text() == "Asia/Shanghai"
        assert "网站地址 https://www.example.gov.cn/pufa/" in result.stdout


def test_a_missing_env_file_stops_with_a_chinese_message(tmp_path):
    repo = deployment(tmp_path, None)
    result = rebuild(repo, str(tmp_path / "www"))
    assert result.returncode == 2
    assert "缺少部署设置文件 deploy/farun.env" in result.stderr and "cp deploy/farun.env.example" in result.stderr
    assert not (tmp_path / "www").exists()
    status = json.loads((repo / ".farun-state/status.json").read_text(encoding="utf-8"))  # monitoring hears of it too
    assert (status["state"], status["exit_code"]) == ("failed", 2)
    assert status["message"] == "缺少部署设置文件，没有构建，线上网站保持不变"


def test_systemd_unit_and_readme_cron_read_the_same_file():
    unit = (ROOT / "deploy/farun-rebuild.service").read_text(encoding="utf-8")
    assert "EnvironmentFile=/opt/farun/deploy/farun.env" in unit
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    assert exec_start == "ExecStart=/opt/farun/deploy/farun-rebuild.sh"  # no address or folder of its own
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cron = next(line for line in readme.splitlines() if "farun-rebuild.sh" in line and line.startswith("5 0 "))
    assert "/var/www" not in cron and "SITE_URL" not in cron
    assert "/deploy/farun.env" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_build_log_prints_the_address_it_built_for(tmp_path):
    proj = make_project(tmp_path / "proj", {"lectures/a.md": LECTURE})
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "scripts"),
        "SOURCE_DATE_EPOCH": str(TEST_EPOCH),
        "NO_COLOR": "1",
        "SITE_URL": "https://www.example.gov.cn/pufa/",
    }
    result = subprocess.run(
        [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "build"],
        cwd=proj,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "网站地址：https://www.example.gov.cn/pufa/" in result.stderr
    assert "https://www.example.gov.cn/pufa/" in (proj / "site/sitemap.xml").read_text(encoding="utf-8")


def test_every_outcome_but_success_alerts_through_the_template_unit(tmp_path):
    unit = (ROOT / "deploy/farun-rebuild.service").read_text(encoding="utf-8")
    assert "OnFailure=farun-alert@%n.service" in unit.splitlines()
    alert = (ROOT / "deploy/farun-alert@.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/farun/deploy/farun-alert.sh %i" in alert.splitlines()
    repo = tmp_path / "farun"
    (repo / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "deploy/farun-alert.sh", repo / "deploy/farun-alert.sh")
    status = tmp_path / "status.json"
    status.write_text(
        '{\n "state": "degraded",\n "exit_code": 3,\n "message": "部分发布：有问题的文件已略去"\n}\n', encoding="utf-8"
    )
    (repo / "deploy/farun.env").write_text(f"SITE_URL=https://x.cn/\nFARUN_STATUS_FILE={status}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("FARUN_STATUS_FILE", "FARUN_STATE_DIR", "FARUN_ALERT_MAIL")}
    result = subprocess.run(
        ["bash", str(repo / "deploy/farun-alert.sh"), "farun-rebuild.service"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "法润交通每日重建需要处理（farun-rebuild.service）：部分发布：有问题的文件已略去" in result.stderr
    assert '"exit_code": 3' in result.stderr
