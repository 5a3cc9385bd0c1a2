"""The degraded build's list of staff files left out, and which files a problem names.

When the full build fails, the daily rebuild builds once more without every file that has a
problem (``farun build --leave-out-invalid``), so that one colleague's typo never keeps an expired
penalty notice online. The files left out are written to a small JSON file whose path is in the
environment variable ``FARUN_LEAVE_OUT``; every reader of docs/ (``tree.walk``, the PII scan of the
staff files) and the engine glue (``hook_leaveout.py``) then behave as if those files were not
there. Without the variable nothing is left out. Pure: the file system and the environment only.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterable

from farun.runtime.errors import ContentError, StaffError

ENV = "FARUN_LEAVE_OUT"
REPORT_ENV = "FARUN_LEAVE_OUT_REPORT"  # where the degraded build's engine run writes what it could pin on a file


def left_out(environ: dict[str, str] | None = None) -> dict[str, list[str]]:
    """src path under docs/ -> the problems that left it out of this build (empty outside a degraded build)."""
    path = (os.environ if environ is None else environ).get(ENV, "")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StaffError(f"降级构建的略去文件清单 {path} 无法读取：{exc}") from None
    return {str(rel): [str(m) for m in reasons] for rel, reasons in files.items()}


def write(path: Path, files: dict[str, list[str]]) -> None:
    """Write the list read by ``left_out`` (sorted, so two runs with the same files write the same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"files": dict(sorted(files.items()))}, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def keep(rels: Iterable[str], environ: dict[str, str] | None = None) -> list[str]:
    """``rels`` (paths under docs/) without the files left out of this build."""
    gone = left_out(environ)
    return [rel for rel in rels if rel not in gone] if gone else list(rels)


def by_file(errors: Iterable[ContentError], docs_name: str) -> tuple[dict[str, list[str]], list[str]]:
    """The problems grouped by the file under docs/ they are in, and those in no such file (mkdocs.yml …)."""
    files: dict[str, list[str]] = {}
    elsewhere: list[str] = []
    prefix = f"{docs_name}/"
    for error in errors:
        if error.path.startswith(prefix) and len(error.path) > len(prefix):
            files.setdefault(error.path[len(prefix) :], []).append(str(error))
        else:
            elsewhere.append(str(error))
    return files, elsewhere


_QUOTED = re.compile(r"'([^'\n]+)'")  # MkDocs names pages in quotes: Doc file 'lectures/a.md' contains a link …


def named(message: str, known: Iterable[str], docs_name: str) -> set[str]:
    """Files under docs/ (from ``known``) that an engine or build message names, as docs/x or as MkDocs quotes them."""
    found = set()
    candidates = set(_QUOTED.findall(message))
    for rel in known:
        if rel in candidates or f"{docs_name}/{rel}" in message:
            found.add(rel)
    return found
