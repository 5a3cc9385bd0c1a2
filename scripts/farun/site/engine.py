"""The whole content pipeline in one call, free of any site-engine import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from farun.content.collection import Collection, build
from farun.runtime.errors import ContentInvalid
from farun.runtime.gitdates import last_changes
from farun.content import lawlevels
from farun.content.load import load_all
from farun.content.standalone import load_pages
from farun.content.tree import walk
from farun.site import shareqr
from farun.site.pages import Pages, generate
from farun.content.settings import SiteSettings, missing_images
from farun.runtime.timing import timed


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


def validate(docs_dir: Path, settings: SiteSettings, today: dt.date, drafts: bool = False) -> tuple[Collection, list]:
    """Load and check all content; return the collection and every problem (``drafts``: shown, for the preview)."""
    context: dict[str, Any] = {"categories": settings.case_categories, "today": today}
    records, errors = load_all(docs_dir, context)
    coll, more = build(records, today, docs_dir, drafts)
    coll.pages, problems = load_pages(docs_dir, walk(docs_dir)[0], today)  # about.md …: same lifecycle
    return coll, errors + more + problems + missing_images(settings, docs_dir)


def write_pages(site: Site, cache_dir: Path | None = None) -> None:
    """Generate the site's pages and read the files' last git changes.

    ``cache_dir`` (.cache/) keeps what generating needs again next time: the pinyin of law names.
    """
    spellings = cache_dir / "pinyin.json" if cache_dir else None
    known = lawlevels.load(spellings)
    with timed("generate"):
        site.pages = generate(site.collection, site.settings.case_categories, site.settings.law_levels)
    lawlevels.save(spellings, known)
    with timed("git dates"):
        site.changes = last_changes(site.docs_dir) if site.docs_dir is not None else {}


def prepare(docs_dir: Path, settings: SiteSettings, today: dt.date, site_url: str = "",
            cache_dir: Path | None = None, drafts: bool = False) -> Site:
    """Validate everything, then generate pages; raise ContentInvalid listing every problem.

    ``drafts``: only the preview server shows drafts (marked 草稿); a build that publishes never does.
    The engine's build runs the same steps with the images in between (farun/pipeline.py).
    """
    with timed("load+validate"):
        coll, errors = validate(docs_dir, settings, today, drafts)
    if errors:
        raise ContentInvalid(errors)
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    site = Site(settings=settings, collection=coll, pages={}, site_url=site_url, docs_dir=docs_dir)
    if site_url:  # the 分享 panel's QR codes: those in the cache (site/shareqr.py)
        shareqr.start([site_url + record.url for record in coll.items], cache_dir / "share-qr.json" if cache_dir else None,
                      False)
    write_pages(site, cache_dir)
    return site
