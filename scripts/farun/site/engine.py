"""The whole content pipeline in one call, free of any site-engine import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from farun.content.collection import Collection, build
from farun.content.errors import ContentInvalid
from farun.content.gitdates import last_changes
from farun.content.lawlevels import remembered
from farun.content.load import load_all
from farun.site.pages import Pages, generate
from farun.content.settings import SiteSettings
from farun.content.timing import timed


@dataclass
class Site:
    """The validated collection and its generated pages for one build day."""

    settings: SiteSettings
    collection: Collection
    pages: Pages
    site_url: str = ""  # absolute URL of the site root, ending in "/"
    docs_dir: Path | None = None  # where the staff files are, to name the source of a problem
    changes: dict[str, dt.date] = field(default_factory=dict)  # src_uri -> last change in git (feeds, sitemap)
    offline: bool = False  # the file:// bundle (make offline): the search index travels inline


def validate(docs_dir: Path, settings: SiteSettings, today: dt.date) -> tuple[Collection, list]:
    """Load and check all content; return the collection and every problem."""
    context: dict[str, Any] = {"categories": settings.case_categories, "today": today}
    records, errors = load_all(docs_dir, context)
    coll, more = build(records, today, docs_dir)
    return coll, errors + more


def prepare(docs_dir: Path, settings: SiteSettings, today: dt.date, site_url: str = "",
            cache_dir: Path | None = None, early: Callable[[Site], None] | None = None) -> Site:
    """Validate everything, then generate pages; raise ContentInvalid listing every problem.

    ``cache_dir`` (.cache/) keeps what generating needs again next time: the pinyin of law names.
    ``early(site)`` runs once the content is valid, before the pages are generated (the site has
    no pages yet): the build starts drawing images there, so worker processes start sooner.
    """
    with timed("load+validate"):
        coll, errors = validate(docs_dir, settings, today)
    if errors:
        raise ContentInvalid(errors)
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    site = Site(settings=settings, collection=coll, pages={}, site_url=site_url, docs_dir=docs_dir)
    if early is not None:
        early(site)
    with timed("generate"), remembered(cache_dir / "pinyin.json" if cache_dir else None):
        site.pages = generate(coll, settings.case_categories, settings.law_levels)
    with timed("git dates"):
        site.changes = last_changes(docs_dir)
    return site
