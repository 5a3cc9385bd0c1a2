"""Make the screenshots of 编辑指南.md: the `make serve` preview and real terminal output.

Run from the repository root:  PYTHONPATH=scripts .venv/bin/python scripts/guide_shots.py
Needs Debian's chromium. The terminal pictures are the real output of the commands, coloured as
on a terminal (FORCE_COLOR=1), drawn as HTML and photographed by headless Chromium.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "guide-images"
CHROMIUM = [
    "chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]
ANSI = {"1": "font-weight:bold", "36": "color:#0aa", "33": "color:#c90", "31": "color:#e44", "32": "color:#4c4"}
ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT / "scripts"),
    "FORCE_COLOR": "1",
    "SOURCE_DATE_EPOCH": "1764043200",
    "FARUN_VIA_MAKE": "1",
}  # the advice reads as make users see it (PARTIAL=1)


def shoot(url: str, target: Path, width: int, height: int) -> None:
    """Screenshot ``url`` and store it as a small palette PNG."""
    subprocess.run(
        CHROMIUM + [f"--window-size={width},{height}", f"--screenshot={target}", url],
        check=True,
        capture_output=True,
        timeout=120,
    )
    image = Image.open(target).convert("RGB")
    image.quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def terminal(command: str, output: str, target: Path, height: int) -> None:
    """Draw a terminal window with ``command`` and its coloured ``output``."""

    def colour(match: re.Match) -> str:
        codes = match.group(1).split(";")
        return "</span>" if codes == ["0"] else f"<span style='{';'.join(ANSI.get(c, '') for c in codes)}'>"

    body = re.sub(r"\x1b\[([0-9;]+)m", colour, html.escape(output).replace("&#x27;", "'"))
    font = (ROOT / "fonts/NotoSansSC-Regular-subset.otf").as_uri()
    page = f"""<!doctype html><meta charset="utf-8"><style>
@font-face {{ font-family: cjk; src: url("{font}"); }}
body {{ margin: 0; background: #2b2b2b; }}
.bar {{ background: #444; color: #ddd; font: 13px cjk, sans-serif; padding: 6px 12px; }}
pre {{ margin: 0; padding: 12px 16px; color: #eee; font: 15px/1.5 "DejaVu Sans Mono", cjk, monospace; white-space: pre-wrap; }}
</style><div class="bar">终端</div><pre><span style="color:#8f8">$ {html.escape(command)}</span>
{body}</pre>"""
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as handle:
        handle.write(page)
    try:
        shoot(Path(handle.name).as_uri(), target, 1100, height)
    finally:
        os.unlink(handle.name)


def run(args: list[str], cwd: Path, stdin: str = "") -> str:
    result = subprocess.run(
        [sys.executable, "-m", "farun", *args], cwd=cwd, env=ENV, capture_output=True, text=True, input=stdin
    )
    return result.stdout + result.stderr


def preview(target: Path, path: str, cwd: Path = ROOT, size: tuple[int, int] = (1280, 900)) -> None:
    """Start `farun serve` (what `make serve` runs), photograph one page, stop it."""
    server = subprocess.Popen(
        [sys.executable, "-m", "farun", "serve", "--dev-addr", "127.0.0.1:8765"],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen("http://127.0.0.1:8765/", timeout=2)
                break
            except OSError:
                time.sleep(1)
        shoot(f"http://127.0.0.1:8765/{path}", target, *size)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    """Write every picture into guide-images/."""
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp)
        shutil.copy(ROOT / "mkdocs.yml", proj)
        for name in ("overrides", "scripts", "data", "fonts"):  # farun serve builds this copy
            shutil.copytree(ROOT / name, proj / name)
        shutil.copytree(ROOT / "docs", proj / "docs")
        lecture = proj / "docs/lectures/2023-04-zhejiang-tielu-anquan.md"  # no other item links to it
        text = lecture.read_text(encoding="utf-8")
        lecture.write_text(
            text.replace("date: 2023-04-20", "date: 2023/4/20").replace("speaker:", "speker:"), encoding="utf-8"
        )
        terminal("make check", run(["check"], proj), OUT / "check-error.png", 290)
        preview(OUT / "preview-error.png", "fxjt/", proj, (900, 640))  # make serve with the same mistakes
        sheet = proj / "台账.csv"
        sheet.write_text(
            "期数,标题,日期,主讲人,主题,摘要\n"
            "8,《信访工作条例》解读,2024/5/15,张三,信访、依法行政,解读条例要点。\n"
            "9,安全生产法解读,2024年6月31日,李四,安全生产,讲安全生产法。\n",
            encoding="utf-8",
        )
        lecture.write_text(text, encoding="utf-8")
        terminal("make import FILE=台账.csv", run(["import", "台账.csv"], proj), OUT / "import-error.png", 220)
        answers = "国家安全法解读\n2024/6/1\n\n王五\n讲国家安全法。\n国家安全、依法行政\nguoan\n否\n"
        terminal(
            "make new-lecture",
            run(["new", "lecture"], proj, answers).replace("从标准输入读取回答（每行一个）。\n", ""),
            OUT / "new-lecture.png",
            760,
        )
    preview(OUT / "preview-lecture.png", "fxjt/lectures/2023-10-xingzheng-fuyi-fa/")


if __name__ == "__main__":
    main()
