"""The whole content pipeline in one call, free of any site-engine import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from farun.content.collection import Collection, build
from farun.runtime.errors import ContentInvalid
from farun.runtime.gitdates import last_changes
from farun.content import lawlevels
from farun.runtime import workers
from farun.content.load import load_all
from farun.content.standalone import load_pages
from farun.content.tree import walk
from farun.site import shareqr
from farun.site.pages import Pages, generate, law_index
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
    later: dict[str, Callable[[], str]] = field(default_factory=dict)  # pages written when first read

    def markdown(self, src_uri: str) -> str | None:
        """A generated page's Markdown, written now if it was left for later."""
        make = self.later.pop(src_uri, None)
        if make is not None:
            self.pages[src_uri] = make()
        return self.pages.get(src_uri)

    def settle(self) -> None:
        """Write every page left for later (before anything reads ``pages`` as a whole)."""
        for src_uri in list(self.later):
            self.markdown(src_uri)


def validate(docs_dir: Path, settings: SiteSettings, today: dt.date, drafts: bool = False) -> tuple[Collection, list]:
    """Load and check all content; return the collection and every problem (``drafts``: shown, for the preview)."""
    context: dict[str, Any] = {"categories": settings.case_categories, "today": today}
    records, errors = load_all(docs_dir, context)
    coll, more = build(records, today, docs_dir, drafts)
    coll.pages, problems = load_pages(docs_dir, walk(docs_dir)[0], today)  # about.md …: same lifecycle
    return coll, errors + more + problems + missing_images(settings, docs_dir)


def prepare(docs_dir: Path, settings: SiteSettings, today: dt.date, site_url: str = "",
            cache_dir: Path | None = None, early: Callable[[Site], None] | None = None,
            spell_aside: bool = False, drafts: bool = False) -> Site:
    """Validate everything, then generate pages; raise ContentInvalid listing every problem.

    ``cache_dir`` (.cache/) keeps what generating needs again next time: the pinyin of law names.
    ``early(site)`` runs once the content is valid, before the pages are generated (the site has
    no pages yet): the build starts drawing images there, so worker processes start sooner.
    ``spell_aside``: law names not spelled before (a first build: pypinyin takes ~0.2 s to load)
    are spelled by a worker process, handed out before the images; the 法规索引 page is then written
    when the engine first reads it (``Site.markdown``), by which time the worker has usually answered.
    The item pages' 分享 QR codes not in the cache are handed to the workers the same way (site/shareqr.py).
    ``drafts``: only the preview server shows drafts (marked 草稿); a build that publishes never does.
    """
    with timed("load+validate"):
        coll, errors = validate(docs_dir, settings, today, drafts)
    if errors:
        raise ContentInvalid(errors)
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    site = Site(settings=settings, collection=coll, pages={}, site_url=site_url, docs_dir=docs_dir)
    spellings = cache_dir / "pinyin.json" if cache_dir else None
    known = lawlevels.load(spellings)
    missing = lawlevels.unspelled(coll.laws())
    aside = workers.pool().submit(lawlevels.spell, missing) if spell_aside and missing and workers.available() else None
    if site_url:  # the 分享 panel's QR codes: cached, or made by the workers while pages are generated
        shareqr.start([site_url + record.url for record in coll.items], cache_dir / "share-qr.json" if cache_dir else None,
                      spell_aside)
    if early is not None:
        early(site)
    with timed("generate"):
        site.pages = generate(coll, settings.case_categories, settings.law_levels,
                              later=frozenset({"laws/index.md"}) if aside else frozenset())
    if aside is None:
        lawlevels.save(spellings, known)
    else:
        def index_later() -> str:
            try:
                lawlevels.learn(aside.result())
            except Exception:  # noqa: BLE001 - a failed worker only means spelling here (law_index does)
                pass
            text = law_index(coll, settings.law_levels)
            lawlevels.save(spellings, known)
            return text

        site.later["laws/index.md"] = index_later
    with timed("git dates"):
        site.changes = last_changes(docs_dir)
    return site
