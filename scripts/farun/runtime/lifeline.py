"""Kill-safe processes: children die with their parent, and the next run clears what a killed one left.

``kill -9`` of a build (a stuck cron job, an operator's Ctrl+\\, the OOM killer) must not leave the
engine or cover workers running, drawing and writing on their own, nor half-written folders and
image files that pile up. Linux delivers a signal to a child when its parent dies if the child asks
(``prctl(PR_SET_PDEATHSIG)``); temporary names carry the writer's PID, so a later run can tell
leftovers of dead processes from a concurrent build's live ones. Standard library only.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1
# .site-tmp-1234, .site-old-1234 (farun build) and .name.1234.tmp (images, cover cache)
_LEFTOVER = re.compile(r"^(?:\.site-(?:tmp|old)-(\d+)|\..+\.(\d+)\.tmp)$")


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to kill this process when its parent dies; exit now if it already has.

    Used as a worker initializer and a subprocess ``preexec_fn``. Does nothing outside Linux.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def alive(pid: int) -> bool:
    """Whether a process with this PID exists (ours or not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftover_pid(name: str) -> int | None:
    """The PID in a temporary name this project writes, else None."""
    match = _LEFTOVER.match(name)
    return int(match.group(1) or match.group(2)) if match else None


def sweep(folder: Path, recursive: bool = False) -> list[Path]:
    """Remove temporary folders and files left by processes that no longer exist; return them."""
    if not folder.is_dir():
        return []
    removed = []
    entries = folder.rglob(".*") if recursive else folder.glob(".*")
    for path in list(entries):
        pid = leftover_pid(path.name)
        if pid is None or pid == os.getpid() or alive(pid):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed
