"""Files written next to the rendered pages after MkDocs has built them.

Each writer is ``write(site, site_dir)``: feeds, data exports, images ...
A writer raises ValueError with a Chinese message to stop the build.
The order matters: checks that scan the finished site come last.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from . import exports, pii_scan
from .engine import Site

Writer = Callable[[Site, Path], None]

WRITERS: list[Writer] = [
    exports.write,  # data/penalties.csv|json, data/licences.csv|json
    # Add new writers ABOVE this line.
]

# Checks that read every finished file run after all writers (tests assert it stays last).
FINALIZERS: list[Writer] = [
    pii_scan.write,  # personal-information guard over HTML, search index, feeds, exports
]
WRITERS += FINALIZERS
