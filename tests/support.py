"""Shared test helpers (a module, not conftest, so every test folder can import it)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import socket
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

# The sample site is tested as it looks on this day (Asia/Shanghai noon).
TEST_DAY = dt.date(2026, 11, 25)
TEST_EPOCH = int(dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.timezone.utc).timestamp())


def epoch_for(day: dt.date) -> int:
    """SOURCE_DATE_EPOCH for noon of ``day`` in Asia/Shanghai."""
    return int(dt.datetime(day.year, day.month, day.day, 4, 0, tzinfo=dt.timezone.utc).timestamp())


def mkdocs_build(
    project: Path, out: Path, epoch: int = TEST_EPOCH, extra_env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run a real ``properdocs build --strict`` of ``project`` into ``out``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), **(extra_env or {})}
    cmd = [
        sys.executable,
        "-m",
        "properdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(out),
    ]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)


def make_project(tmp: Path, files: dict[str, str | bytes], keep_sample: bool = False) -> Path:
    """A copy of the project's config and templates with the given docs files."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "overrides", "scripts", "data", "fonts"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp / name)
    if keep_sample:
        shutil.copytree(ROOT / "docs", tmp / "docs")
    else:  # the sample's exceptions name sample files (the video): a tree without them has none
        config = tmp / "mkdocs.yml"
        config.write_text(
            re.sub(r"\n  pii_unscanned_files:\n(?:    .*\n)+", "\n", config.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
        shutil.copytree(ROOT / "docs" / "assets", tmp / "docs" / "assets")
        (tmp / "docs" / "about.md").write_text("---\ntitle: 关于本专栏\n---\n\n关于。\n", encoding="utf-8")
    for rel, content in files.items():
        target = tmp / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return tmp


# Minimal valid items, the base of many bad-input tests.
LECTURE = """---
title: 新修订《行政复议法》要点解读
date: 2023-03-15
episode: 1
speaker: 陈立新
summary: 解读新修订行政复议法的主要变化。
tags: [行政复议, 依法行政]
---

## 讲座要点
"""

CASE = """---
title: 示例｜网约车案
date: 2023-05-20
category: 网约车与非法营运
laws: [《网络预约出租汽车经营服务管理暂行办法》]
summary: 摘要。
---

## 案情简介
"""

NOTICE = """---
title: 关于开展案卷评查的通知
date: 2024-01-10
type: 通知
issuer: 绍兴市交通运输局
doc_no: 绍市交〔2024〕4号
---

正文。
"""


# A 公告 whose body is the test's own: NOTICE_WITH_BODY.format(body=...).
NOTICE_WITH_BODY = """---
title: 关于调整服务时间的公告
date: 2026-01-22
type: 公告
issuer: 绍兴市交通运输局
---

{body}
"""


def farun(project: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run ``python -m farun --config project/mkdocs.yml ARGS`` as staff would (no colour, TEST_DAY)."""
    # As staff run python -m farun: without the marker make sets for its own recipes.
    env = {
        **{k: v for k, v in os.environ.items() if k != "FARUN_VIA_MAKE"},
        "PYTHONPATH": str(ROOT / "scripts"),
        "SOURCE_DATE_EPOCH": "1764043200",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "farun", "--config", str(project / "mkdocs.yml"), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
    )


# Valid 双公示 notices.
PENALTY = """---
title: 示例｜某物流公司超限运输行政处罚公示
date: 2026-09-15
type: 行政处罚公示
issuer: 绍兴市交通运输行政执法队
party: 绍兴某顺物流有限公司
party_type: 法人及非法人组织
credit_code: 91330603MA2BW4LE4C
decision_no: 绍市交执罚〔2026〕126号
violation: 车辆违法超限运输
facts: 车货总质量超过限值。
basis: 《公路安全保护条例》第六十四条
penalty: 罚款人民币伍仟元
fine: 5000
decision_date: 2026-09-10
authority: 绍兴市交通运输行政执法队
severity: 一般
expires: 2027-09-10
---

正文。
"""


def penalty(extra: str = "", **fields: str | None) -> str:
    """PENALTY with ``fields`` changed where they stand (None removes one; a new one goes last), then ``extra`` lines."""
    lines = PENALTY.split("\n")
    end = lines.index("---", 1)
    front = dict(line.split(": ", 1) for line in lines[1:end])
    for name, value in fields.items():
        if value is None:
            front.pop(name, None)
        else:
            front[name] = value
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in front.items()) + extra + "\n".join(lines[end:])


LICENCE = """---
title: 示例｜涉路施工许可公示
date: 2026-10-14
type: 行政许可公示
issuer: 绍兴市交通运输局
party: 诸暨某通信工程有限公司
credit_code: 91330681MA2EN9GH45
decision_no: 绍市交许〔2026〕41号
licence_type: 普通
content: 准予穿越公路埋设通信管道。
decision_date: 2026-10-12
valid_from: 2026-10-15
valid_to: 2027-01-14
authority: 绍兴市交通运输局
---

正文。
"""


# Items built from a few fields (preview tests).
def lecture(
    episode: int,
    title: str,
    speaker: str = "陈立新",
    tags: str = "行政复议",
    laws: str = "",
    cases: str = "",
    summary: str = "讲座摘要。",
    body: str = "## 讲座要点\n\n正文。",
) -> str:
    extra = (f"laws: [{laws}]\n" if laws else "") + (f"cases: [{cases}]\n" if cases else "")
    return (
        f"---\ntitle: {title}\ndate: 2023-{episode:02d}-15\nepisode: {episode}\nspeaker: {speaker}\n"
        f"summary: {summary}\ntags: [{tags}]\n{extra}---\n\n{body}\n"
    )


def case(title: str, lectures: str = "") -> str:
    extra = f"lectures: [{lectures}]\n" if lectures else ""
    return (
        f"---\ntitle: {title}\ndate: 2023-05-20\ncategory: 网约车与非法营运\nlaws: [《网络预约出租汽车经营服务管理暂行办法》]\n"
        f"summary: 案例摘要。\n{extra}---\n\n## 案情简介\n\n案情。\n"
    )


# Local servers.
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float, every: float = 0.3) -> bool:
    """Poll ``predicate`` until it holds (True) or ``seconds`` have passed (False): an event, not a fixed sleep."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def changed_since(ns: int, proj: Path) -> list[Path]:
    """Files of ``proj`` the preview server watches (mkdocs.yml, docs/, overrides/, the hooks in scripts/) modified
    at or after ``ns`` (``time.time_ns()``), sorted: a build that writes one of them starts a rebuild loop."""
    watched = [proj / "mkdocs.yml", *(p for d in ("docs", "overrides", "scripts") for p in (proj / d).rglob("*"))]
    return sorted(p for p in watched if p.is_file() and p.stat().st_mtime_ns >= ns)


@contextlib.contextmanager
def preview_server(proj: Path, log_path: Path, *, via: str = "make", epoch: int | None = TEST_EPOCH):
    """The preview of ``proj`` on a free loopback port, stopped (Ctrl+C, then kill) on leaving; yields its base URL.

    ``via``: "make" runs ``make serve`` exactly as staff do in the project copy, "farun" ``python -m farun serve``
    (Windows staff), "properdocs" the engine's own ``properdocs serve --livereload``. ``epoch``: SOURCE_DATE_EPOCH,
    None for the machine's clock. Everything the server prints goes to ``log_path``.
    """
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    if via == "make":
        command = [
            "make",
            "-f",
            str(ROOT / "Makefile"),
            "serve",
            f"VENV={Path(sys.executable).parents[1]}",
            "STAMP=",
            f"DEV_ADDR=127.0.0.1:{port}",
        ]
    elif via == "farun":
        env["PYTHONPATH"] = str(proj / "scripts")
        command = [
            sys.executable,
            "-m",
            "farun",
            "--config",
            str(proj / "mkdocs.yml"),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ]
    else:
        assert via == "properdocs", via
        env["PYTHONPATH"] = str(ROOT / "scripts")
        command = [
            sys.executable,
            "-m",
            "properdocs",
            "serve",
            "--livereload",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(proj / "mkdocs.yml"),
        ]
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            command, cwd=proj, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield f"http://127.0.0.1:{port}/fxjt/"
    finally:
        os.killpg(server.pid, signal.SIGINT)  # MkDocs removes its temporary site folder on Ctrl+C
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
