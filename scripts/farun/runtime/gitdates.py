"""The day each content file last changed in git, so feeds and the sitemap date an entry by
its content and not by the build day. Without git (a copied folder, a tarball) there is none.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from farun.runtime.clock import SHANGHAI

_MARK = "\x1e"  # record separator: starts each commit's line in the log below


def last_changes(docs_dir: Path) -> dict[str, dt.date]:
    """``{src_uri: day}`` of the last commit touching each file under ``docs_dir`` (Asia/Shanghai days)."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=docs_dir, capture_output=True, text=True, timeout=20
        )
        if top.returncode != 0:
            return {}
        log = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "log",
                f"--format={_MARK}%ct",
                "--name-only",
                "--no-renames",
                "--",
                ".",
            ],
            cwd=docs_dir,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    root = Path(top.stdout.strip()).resolve()
    prefix = docs_dir.resolve().relative_to(root).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    days: dict[str, dt.date] = {}
    day = None
    for line in log.stdout.split("\n"):  # not splitlines(): it would split at the separator itself
        if line.startswith(_MARK):
            day = dt.datetime.fromtimestamp(int(line[1:]), tz=dt.timezone.utc).astimezone(SHANGHAI).date()
        elif line and day is not None and line.startswith(prefix):
            days.setdefault(line[len(prefix) :], day)  # newest first: the first mention is the last change
    return days
