"""Staff read Chinese lines only: the engine's English logging is filtered (details behind -v).

The engine prints ``INFO    -  Cleaning site directory``, jieba prints
``Building prefix dict from the default dictionary ...``; staff need only the
lines that tell them something, in Chinese. Warnings and errors always pass,
with a Chinese label instead of the level. A Python traceback (an exception the engine or our hooks
did not turn into a Chinese message: a bug) becomes one ``程序错误`` line with where to report it.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from typing import TextIO

from farun.runtime.errors import program_error
from farun.runtime.lifeline import die_with_parent

_LEVEL = re.compile(r"^\s*(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+(.*)$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SERVING = re.compile(r"Serving on (\S+)")
_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
_TRACEBACK = "Traceback (most recent call last):"
_CHAINED = ("During handling of the above exception", "The above exception was the direct cause")
_REQUEST = re.compile(r'"(?:GET|HEAD|POST) [^"]*" code \d+')  # the preview server's request log
LABELS = {"WARNING": "警告：", "ERROR": "错误：", "CRITICAL": "错误："}
# English lines that carry news for staff, said in Chinese.
SAID = {
    "Detected file changes": "检测到文件修改，正在重新生成……",
    "Aborted with a BuildError!": "",  # the Chinese error above says it all
}


class StaffFilter:
    """Turns engine output into what staff read; one instance per run (it remembers the last level).

    ``verbose`` (-v) passes every line as it is, the traceback too, and still ends one with 程序错误.
    """

    def __init__(self, serving: bool = False, verbose: bool = False):
        self.level = "INFO"
        self.serving = serving
        self.verbose = verbose
        self.crash: list[str] | None = None  # inside a traceback: its exception lines so far

    def __call__(self, line: str) -> str | None:
        """The line as staff see it, or None to leave it out."""
        text = line.rstrip("\n")
        match = _LEVEL.match(text)
        if text.startswith(_TRACEBACK) or (self.crash is not None and not match):
            self._read_traceback(text)
            return text if self.verbose else None
        crashed = self.finish()  # a log line after a traceback (the preview server goes on)
        shown = text if self.verbose else self._said(text, match)
        return crashed if shown is None else (f"{crashed}\n{shown}" if crashed else shown)

    def _read_traceback(self, text: str) -> None:
        """Frames are left out; the exception's own lines (not indented) are what ``finish`` says."""
        if text.startswith(_TRACEBACK) or text.startswith(_CHAINED):
            self.crash = []  # a chained exception: the last one is the one that stopped the run
        elif self.crash is not None and text.strip() and (self.crash or not text[:1].isspace()):
            self.crash.append(text)

    def finish(self) -> str | None:
        """程序错误 for a traceback read so far (None when there was none); run_filtered calls it at the end."""
        if self.crash is None:
            return None
        crash, self.crash = self.crash, None
        return program_error("\n".join(crash) or "（程序异常退出）", self.verbose)

    def _said(self, text: str, match: re.Match | None) -> str | None:
        if match:
            self.level, text = match.group(1), match.group(2)
        elif not text.strip():
            return None
        if found := _SERVING.search(text):
            return f"预览地址：{found.group(1)}（保存文件后页面自动刷新；按 Ctrl+C 结束预览）"
        if self.serving and (found := _BUILT.search(text)):
            return f"已生成（{float(found.group(1)):.1f} 秒）"
        if _REQUEST.search(text):
            return None
        if text.strip() in SAID:
            return SAID[text.strip()] or None
        if not match and text.startswith("Error: "):  # the engine's own stop (e.g. mkdocs.yml that is not YAML)
            self.level = "ERROR"  # its continuation lines (where in mkdocs.yml) pass too
            return "错误：" + text[len("Error: ") :].replace(
                "ProperDocs encountered an error parsing the configuration file:", "mkdocs.yml 无法读取："
            )
        if self.level in LABELS:
            return (LABELS[self.level] + text) if match else text  # continuation lines of an error stay
        return text if _CJK.search(text) else None


def run_filtered(
    cmd: list[str],
    cwd,
    verbose: bool = False,
    serving: bool = False,
    out: TextIO | None = None,
    env: dict | None = None,
) -> int:
    """Run the engine, printing its output through StaffFilter (everything when ``verbose``)."""
    out = out or sys.stderr
    keep = StaffFilter(serving, verbose)
    # The engine dies with this command (kill -9 included), so no build goes on writing unseen.
    process = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        preexec_fn=functools.partial(die_with_parent, os.getpid()),
    )
    assert process.stdout is not None  # stdout=PIPE
    try:
        for line in process.stdout:
            shown = keep(line)
            if shown is not None:
                print(shown, file=out, flush=True)
        code = process.wait()
        crashed = keep.finish()
        if crashed:
            print(crashed, file=out, flush=True)
        return code
    except KeyboardInterrupt:
        process.wait()  # the engine got the same Ctrl+C and stops by itself
        raise
