"""Files written next to the rendered pages after MkDocs has built them.

Each writer is ``write(site, site_dir)``: feeds, data exports, images ...
A writer raises ValueError with a Chinese message to stop the build.
The order matters: checks that scan the finished site come last.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping, NamedTuple

from farun.images import covers
from farun.publish import annual_csv
from farun.publish import exports
from farun.publish import feeds
from farun.images import staff as images
from farun.pii import while_rendering as pii_ahead
from farun.pii import scan as pii_scan
from farun.publish import searchindex
from farun.site.engine import Site

Writer = Callable[[Site, Path], None]
Provider = Callable[[Site, Path], Mapping[str, Path | None]]

# Files published as if they were in docs/: ``provide(site, docs_dir) -> {src_uri: file}``.
# They are registered in on_files, so pages may link to them and --strict checks the links.
ASSETS: list[Provider] = [
    images.provide,  # staff images: published copies without EXIF/GPS, <= 1920 px, compressed
    covers.start,  # covers, list thumbnails and posters, drawn once and cached in .cache/images
]


class Background(NamedTuple):
    """Work a provider leaves running: ``finish()`` waits (ValueError stops the build), ``abandon()`` drops it."""

    finish: Callable[[], None]
    abandon: Callable[[], None]


# Missing covers are drawn in worker processes while MkDocs renders the pages; their files are
# registered in on_files and copied into the site in on_post_build, after ``finish``.
BACKGROUND: list[Background] = [
    Background(covers.finish, covers.abandon),
    Background(lambda: None, pii_ahead.abandon),  # pages scanned while others render: pii_scan.scan_site collects
]

WRITERS: list[Writer] = [
    feeds.write,  # Atom feeds, iCalendar, lectures.json, robots.txt
    exports.write,  # data/penalties.csv|json, data/licences.csv|json
    searchindex.write,  # search/farun-index-K.json: the compact plain-text index in shards, for our search worker
    annual_csv.write,  # stats/<year>/farun-<year>.csv: 年度统计 for the annual report
    # Add new writers ABOVE this line.
]

# Checks that read every finished file run after all writers (tests assert it stays last).
FINALIZERS: list[Writer] = [
    pii_scan.write,  # personal-information guard over HTML, search index, feeds, exports
]
WRITERS += FINALIZERS
