"""Files written next to the rendered pages after MkDocs has built them.

Each writer is ``write(site, site_dir)``: feeds, data exports, images ...
A writer raises ValueError with a Chinese message to stop the build.
The order matters: checks that scan the finished site come last.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .engine import Site

Writer = Callable[[Site, Path], None]

WRITERS: list[Writer] = []
