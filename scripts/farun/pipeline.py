"""One build of the site, top to bottom, over one ``Build`` that holds everything the build knows.

The engine (ProperDocs with Material) runs a build as a series of events; the hook files only turn
each event into the step below and hand the engine what the step returns (no engine import here).
The steps, in the order a build runs them:

    step (function here)        run by (hook.py unless named)   what it does
 1. load_and_validate           on_config (priority 50)          settings, build day; every content file read and
                                                                 checked (ContentInvalid lists every problem); the
                                                                 preview also scans the sources for personal numbers
 2. plan_images                 on_config                        work for the worker processes in the order it is
                                                                 needed (分享 QR codes, missing covers); staff images
                                                                 cleaned
 3. generate_pages              on_config                        lists, indexes, 法规索引 ... as Markdown in memory;
                                                                 the files' last git changes
 4. register_files,             on_files                         withheld items and refused files out, generated pages
    start_rendering                                              and images in; rendering starts (hook_leaveout: what is
                                                                 not published today stays excluded; hook_preview: what
                                                                 this save re-renders; hook_pagecache: pages reused)
 5. render policy, per page:    the page events                  the staff file as we read it; template and sitemap
    page_source, page_markdown, on_page_read_source,             date; sanitised, links used, numbers kept together
    render_policy, page_view,   on_page_markdown, on_page_content (last of all plugins); the item's view data; scanned
    page_written                (-100), on_page_context,         for personal numbers as it is written, while the
                                on_post_page (-100)              others render
 6. used_by_pages               on_env (which leaves the rest    what the rendered pages link to and the published
                                out)                             items name; other staff files are not copied
 7. finish_background           on_post_build                    scan here the pages still queued for the worker;
                                                                 wait for the covers; copy those drawn meanwhile
 8. write_outputs               on_post_build                    feeds, data exports, search index, annual CSV
 9. guard                       on_post_build                    personal-information scan of every published file
10. publish                     cli.py, after the engine exits   the finished folder replaces site/ (two renames)
    abandon                     on_build_error                   a failed build leaves no work queued

State: everything of one build is on its ``Build`` (``current()`` is the one registry the hooks read;
a new build replaces it). What one process keeps from one build to the next is ``PROCESS`` (the
preview server builds many times in one process) and these per-process caches, each documented
where it lives: the worker pool (runtime/workers.py, kept between the preview's rebuilds), the
compiled templates (.cache/jinja, site/templatecache.py), the PII clean-file cache (.cache/pii,
pii/cache.py), parsed content files (content/load.py ``_LOADED``) and the names found in each
unchanged one (content/name_check.py ``_FOUND``), law-name spellings
(content/lawlevels.py), 分享 QR codes (site/shareqr.py), the drawing caches of images/
(lru_cache) and, in the preview only, the pure results kept from the last save (runtime/memo.py).
The work a build hands out (cover_pool ``_running``, while_rendering ``_running``) and its phase
timings (runtime/timing.py) are module values that ``finish_background``/``abandon`` and
``load_and_validate`` end or reset in every build.

No ``early=`` callback and no page written when first read: plan_images simply runs before
generate_pages, and the 法规索引 is generated with the others, its new law names spelled in this
process. Neither paid measurably (cold builds of the sample site + 100 lectures, README Architecture).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from farun.content.lifecycle import schedule_report
from farun.content.load import Record
from farun.content.settings import SiteSettings, load_settings
from farun.content.text import drop_empty_sections
from farun.pii import while_rendering
from farun.pii.scan import cache_is_cold, scan_sources
from farun.publish.csp import page_policy
from farun.publish.outputs import ASSETS, BACKGROUND, FINALIZERS, WRITERS, Writer
from farun.publish.sanitize import BodyPolicy, report, sanitize
from farun.publish.usage import item_files, references
from farun.runtime import leaveout, memo, timing, workers
from farun.runtime.clock import build_today
from farun.runtime.errors import ContentInvalid, StaffError
from farun.runtime.lifeline import sweep
from farun.site.dates import page_lastmod
from farun.site.engine import Site, validate, write_pages
from farun.site import shareqr
from farun.site.govmeta import footer_marks, freshness_warnings, placeholder_notes
from farun.site.typography import keep_numbers_together
from farun.site.views import item_view

log = logging.getLogger("properdocs.plugins.farun")
TEMPLATES = {"lecture": "lecture.html", "case": "case.html", "notice": "notice.html"}


@dataclass
class LeftOut:
    """The degraded build (runtime/leaveout.py): the files left out, and every warning pinned on staff files."""

    gone: dict[str, list[str]]  # staff file -> the problems that left it out
    docs_name: str
    blamed: list[dict] = field(default_factory=list)
    page: str | None = None  # the staff file whose page is converting now
    known: list[str] = field(default_factory=list)  # every staff file in docs/


@dataclass
class Build:
    """Everything one build knows, from on_config to on_post_build."""

    docs_dir: Path
    site_url: str = ""
    serving: bool = False  # properdocs serve: drafts shown, problems on an error page, nothing published
    offline: bool = False  # the file:// bundle (Material's offline plugin)
    csp_source: Path | None = None  # deploy/nginx.conf: its policy goes into every page
    settings: SiteSettings | None = None
    today: dt.date | None = None
    policy: BodyPolicy | None = None
    cleaners: tuple[Any, Any] = (None, None)  # for staff pages, for generated pages
    extra: dict[str, Any] = field(default_factory=dict)  # values the templates read (config.extra)
    invalid: list | None = None  # the problems the preview shows instead of the pages
    site: Site | None = None
    records: dict[str, Record] = field(default_factory=dict)  # src_uri -> published item
    assets: list[Mapping[str, Path | None]] = field(default_factory=list)  # {src_uri: file} per provider
    used: set[str] = field(default_factory=set)  # what the rendered pages link to
    progress: timing.Progress | None = None
    files: Any = None  # the engine's file list (the offline build's links point at files)
    late: list[Callable[[], None]] = field(default_factory=list)  # copies of images drawn while rendering
    left_out: LeftOut | None = None
    excluded_urls: set[str] = field(default_factory=set)  # pages not published today: links to them become text
    preview: dict[str, Any] = field(default_factory=dict)  # hook_preview: this save's snapshot and pages
    page_cache: dict[str, Any] = field(default_factory=dict)  # hook_pagecache: its key base and store

    @property
    def cache_dir(self) -> Path:
        return self.docs_dir.resolve().parent / ".cache"


@dataclass
class Process:
    """What one engine process keeps between builds (``properdocs serve`` builds once per save)."""

    serving: bool = False  # the command is serve
    preview: bool = False  # serve --dirty: hook_preview renders only the pages a save affects
    previous: Any = None  # the preview's last build that reached on_post_build (site/preview.Snapshot)
    index: Any = None  # its complete search index (site/preview.SearchIndex)
    force_full: bool = False  # the preview shows the error page: the next good build renders everything
    observers: list = field(default_factory=list)  # the preview's native file-event observers


PROCESS = Process()
_current: Build | None = None


def begin(build: Build) -> Build:
    """Make ``build`` the current one (a new build replaces the last)."""
    global _current
    _current = build
    return build


def current() -> Build | None:
    """The build running now (or the last one, until the next begins): the hooks read it."""
    return _current


def left_out(docs_dir: str | Path) -> LeftOut | None:
    """The degraded build's record, when this build is one (``FARUN_LEAVE_OUT`` names the files to leave out)."""
    if not os.environ.get(leaveout.ENV):
        return None
    return LeftOut(gone=leaveout.left_out(), docs_name=Path(docs_dir).name)


def load_and_validate(build: Build, extra: dict, config_file: str | None) -> None:
    """Step 1: settings, build day, every content file checked; the preview's problems go to ``build.invalid``."""
    try:
        build.settings = settings = load_settings(extra, config_file)
        build.today = today = build_today()
    except StaffError as exc:
        raise StaffError(f"站点设置有误：\n{exc}") from None
    timing.reset()
    timing.startup()
    memo.keep(build.serving)  # the preview keeps unchanged files' results from the last save (runtime/memo.py)
    sweep(build.cache_dir, recursive=True)  # half-written images of killed builds
    build.policy = BodyPolicy(frozenset(settings.body_allow_embeds))
    build.cleaners = (build.policy.cleaner(), build.policy.cleaner(generated=True))
    # The nginx policy in every page too (not from file://, not under make serve: see publish/csp.py).
    csp = None if (build.offline or build.serving or build.csp_source is None) else page_policy(build.csp_source)
    build.extra = {"build_date": today.isoformat(), "gov_footer": footer_marks(settings), "fr_csp": csp}
    # The daily rebuild's log says which address sitemap, feeds and robots.txt point at (SITE_URL).
    log.info("网站地址：%s（构建日期 %s）", build.site_url or "未设置 site_url", today.isoformat())
    try:
        with timing.timed("load+validate"), _stops():
            coll, errors = validate(build.docs_dir, settings, today, drafts=build.serving)
        if errors:
            raise ContentInvalid(errors)
        if build.serving:  # the preview shows personal numbers on its error page, masked, instead of the pages
            found = scan_sources(build.docs_dir, settings.pii_allowlist, today, settings.pii_unscanned_files)
            if found:
                raise ContentInvalid(found)
    except ContentInvalid as exc:
        _refused(build, exc)
        return
    site_url = build.site_url.rstrip("/") + "/" if build.site_url else ""
    build.site = Site(settings=settings, collection=coll, pages={}, site_url=site_url, docs_dir=build.docs_dir)


def plan_images(build: Build) -> None:
    """Step 2: work for the worker processes in the order it is needed (分享 QR codes, covers), and the staff
    images and covers published as if in docs/ (the missing drawn meanwhile)."""
    if build.site is None:
        return
    site = build.site
    if site.site_url:  # the 分享 panel's QR codes: cached, or made by the workers while pages are generated
        shareqr.start(
            [site.site_url + record.url for record in site.collection.items],
            build.cache_dir / "share-qr.json",
            not build.serving,
        )
    try:
        with _stops():  # a bad image (ContentInvalid naming each file and the pages using it) or a missing glyph
            for provide in ASSETS:
                with timing.timed(provide.__module__.rsplit(".", 1)[-1]):
                    build.assets.append(provide(build.site, build.docs_dir))
    except ContentInvalid as exc:
        build.site = None  # nothing of this build is published
        _refused(build, exc)


def _refused(build: Build, exc: ContentInvalid) -> None:
    """Content problems: the build stops in Chinese; the preview shows them on every page instead."""
    if not build.serving:
        raise StaffError(f"内容检查未通过，网站没有生成：\n{exc}") from None
    # make serve: every page shows the problems until the file is fixed; the server keeps
    # watching (an exception would leave the browser waiting with an English message).
    build.invalid = exc.errors
    for line in f"内容检查未通过，预览显示错误页面，改正并保存后自动刷新：\n{exc}".splitlines():
        log.info(line)  # INFO: a warning would abort the strict build, and the page would not reload


def generate_pages(build: Build) -> None:
    """Step 3: the generated pages' Markdown and the files' last git changes."""
    if build.site is not None:
        with _stops():
            write_pages(build.site, build.cache_dir)
        timing.start(
            "setup"
        )  # the plugins' on_config (Material's search loads jieba's dictionary) and MkDocs' file list


@contextmanager
def _stops() -> Iterator[None]:
    """A StaffError (in Chinese) stops the build, and so does a bug; the images queued meanwhile are not drawn.

    Every step says a stop as StaffError (the hooks raise it as the engine's PluginError); any other exception
    is a bug and keeps its type and traceback (the CLI says 程序错误: runtime/errors.py).
    """
    try:
        yield
    except Exception:
        abandon()
        raise


def register_files(build: Build) -> None:
    """Step 4 (the part without the engine's file list): news for the log; rendering starts."""
    timing.stop("setup")
    assert build.site is not None and build.settings is not None
    coll = build.site.collection
    for line in schedule_report(coll.items, coll.hidden, coll.today):
        log.info(line)  # INFO: withdrawals and expiry dates are news, not problems (--strict)
    for note in placeholder_notes(build.settings):
        log.info(note)  # INFO: sample filing numbers are for the preview; nothing is wrong with the content
    for reminder in freshness_warnings(coll):
        log.info(reminder)  # INFO, not warning: a stale column must not fail a --strict build
    build.records = {r.src_uri: r for r in coll.items}


def start_rendering(build: Build, pages: int) -> None:
    """Step 4, last: the engine renders ``pages`` pages now; a cold scan cache scans them as they are written."""
    assert build.site is not None and build.settings is not None
    timing.start("render")
    build.progress = timing.Progress(pages)
    settings = build.settings
    while_rendering.start(
        settings.pii_allowlist,
        settings.pii_unscanned_files,
        build.site.collection.today.year,
        pages,
        cache_is_cold(build.site),
    )


def page_source(build: Build, src_uri: str, generated: bool) -> str | None:
    """Step 5: a staff page's Markdown as we read it (the engine's reader needs the fence on line 1)."""
    if generated:  # e.g. a revoked decision's 撤回说明 replaces the staff file
        return None
    record = build.records.get(src_uri)
    return record.doc.source if record is not None else None


def page_markdown(build: Build, src_uri: str, markdown: str) -> tuple[str, str | None, str | None]:
    """Step 5: (Markdown, template, sitemap date or None to keep the engine's) of a page."""
    record, template, date = build.records.get(src_uri), None, None
    if record is not None:
        template = TEMPLATES[record.kind]
        markdown = drop_empty_sections(markdown)  # no published page shows a heading with nothing under it
    site = build.site
    if site is not None:  # sitemap.xml's lastmod (rendered before the pages): from the content, not the build day
        day = page_lastmod(src_uri, build.records, site.collection.today, site.changes, src_uri in site.pages)
        if day or src_uri != "index.md":  # the home page keeps one date: sitemap.xml.gz's mtime needs it
            date = day.isoformat() if day else ""
    return markdown, template, date


def render_policy(build: Build, src_uri: str, url: str, html: str, source: Path | None) -> str:
    """Step 5: the HTML of a page as published: sanitised, its links recorded, numbers kept together."""
    if build.policy is None:
        return keep_numbers_together(html)
    generated = build.site is not None and src_uri in build.site.pages  # list badges: site/pages.py
    clean, removed = sanitize(html, build.policy, build.cleaners[generated])
    if removed:
        text = source.read_text(encoding="utf-8", errors="replace") if source and source.is_file() else ""
        for line in report(f"{build.docs_dir.name}/{src_uri}", text, removed):
            log.warning(line)  # fatal under --strict (mkdocs.yml): the previous site stays
    build.used.update(references(clean, url, serialized=True))  # what published pages link to
    return keep_numbers_together(clean)  # after cleaning: it only adds a fixed no-break span


def page_view(build: Build, src_uri: str) -> dict | None:
    """Step 5: the item's view data its template shows (page_context); counts the page."""
    if build.progress is not None:
        build.progress.step()  # count and ETA on a terminal
    record = build.records.get(src_uri)
    if record is None or build.site is None:
        return None
    return item_view(record, build.site.collection, build.site.site_url)


def page_written(build: Build, dest_uri: str, dest: Path) -> None:
    """Step 5, last: the engine writes this page to ``dest`` now; a worker reads it there when the scan cache is cold."""
    while_rendering.add(dest_uri, dest)


def used_by_pages(build: Build) -> set[str]:
    """Step 6: what the rendered pages link to and what the published items name."""
    assert build.site is not None
    return build.used | item_files(build.site.collection)


def finish_background(build: Build) -> None:
    """Step 7: the engine has rendered every page: scan the pages still queued for the worker here while it
    draws the covers, wait for the covers, then copy those drawn meanwhile."""
    timing.stop("render")
    with timing.timed("pages_scan_here"):
        while_rendering.take_back()
    with timing.timed("covers_wait"):  # a broken staff cover image stops here (images.BadImage, a StaffError)
        for background in BACKGROUND:
            background.finish()
    for copy in build.late:
        copy()
    build.late.clear()


def write_outputs(build: Build, site_dir: Path) -> None:
    """Step 8: feeds, exports, search index, annual CSV (publish/outputs.py ``WRITERS``)."""
    _run([w for w in WRITERS if w not in FINALIZERS], build, site_dir)


def guard(build: Build, site_dir: Path) -> None:
    """Step 9: the checks that read every finished file (the personal-information guard), then the end."""
    _run(FINALIZERS, build, site_dir)
    if not build.serving:  # the preview server keeps its workers for the next save
        workers.shutdown()
    timing.dump()


def _run(writers: list[Writer], build: Build, site_dir: Path) -> None:
    assert build.site is not None
    for write in writers:  # a writer stops the build with a StaffError (content problems, in Chinese)
        with timing.timed(_phase(write)):
            write(build.site, site_dir)


def _phase(write: Writer) -> str:
    """A writer's phase name in FARUN_TIMINGS and BENCHMARK.md: its module (the guard's is pii_scan)."""
    wing, _, module = write.__module__.removeprefix("farun.").rpartition(".")
    return f"pii_{module}" if wing == "pii" else module


def publish(built: Path, site_dir: Path) -> None:
    """Step 10: ``built`` (a finished build next to ``site_dir``) replaces ``site_dir`` with two renames."""
    old = site_dir.parent / f".site-old-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(old)
    built.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def abandon() -> None:
    """A failed build leaves no work queued (properdocs serve builds again)."""
    for background in BACKGROUND:
        background.abandon()
    workers.shutdown(wait=False)
