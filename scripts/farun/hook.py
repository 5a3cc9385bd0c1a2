"""Thin MkDocs glue: feed the pure core's records and pages to MkDocs.

Loaded by ``hooks:`` in mkdocs.yml as a plain file, so the package folder is
put on ``sys.path`` first.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from properdocs.exceptions import PluginError  # noqa: E402
from properdocs.plugins import event_priority  # noqa: E402
from properdocs.structure.files import File  # noqa: E402

from farun.runtime import timing  # noqa: E402
from farun.runtime.clock import build_today  # noqa: E402
from farun.site.engine import Site, prepare  # noqa: E402
from farun.site.escaping import autoescape_policy  # noqa: E402
from farun.site.templatecache import TemplateCache  # noqa: E402
from farun.runtime.errors import ContentInvalid  # noqa: E402
from farun.content.lifecycle import schedule_report  # noqa: E402
from farun.site.govmeta import footer_marks, freshness_warnings, placeholder_notes  # noqa: E402
from farun.publish.outputs import ASSETS, BACKGROUND, WRITERS  # noqa: E402
from farun.content.settings import load_settings  # noqa: E402
from farun.site.views import file_urls, item_view  # noqa: E402
from farun.content.text import drop_empty_sections  # noqa: E402
from farun.site.preview_error import write_error_pages  # noqa: E402
from farun.publish.sanitize import BodyPolicy, report, sanitize  # noqa: E402
from farun.publish.static_files import own_assets, refusal, unaccounted_page  # noqa: E402
from farun.publish.csp import page_policy  # noqa: E402
from farun.pii import while_rendering as pii_ahead  # noqa: E402
from farun.pii.scan import cache_is_cold as pii_cache_is_cold  # noqa: E402
from farun.runtime.lifeline import sweep  # noqa: E402
from farun.runtime import workers  # noqa: E402
from farun.publish.usage import item_files, references, unused, used_in_sources  # noqa: E402
from farun.site.trail import breadcrumb_list, section_folder, trail  # noqa: E402
from farun.site.dates import page_lastmod  # noqa: E402
from farun.site.typography import keep_numbers_together  # noqa: E402
from farun.pii.numbers import redact  # noqa: E402
from farun.pii.scan import scan_sources  # noqa: E402

log = logging.getLogger("properdocs.plugins.farun")
ROOT = Path(__file__).resolve().parents[2]
# Material's offline plugin adds iframe-worker's shim from a CDN; we ship the npm copy instead.
SHIM_SRC = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"
TEMPLATES = {"lecture": "lecture.html", "case": "case.html", "notice": "notice.html"}

_state: dict = {}


def current_site() -> Site | None:
    """This build's site once on_files has run (hook_preview.py reads it)."""
    return _state.get("site")


class RedactPersonalNumbers(logging.Filter):
    """Masks personal numbers in every log line (the engine's, Material's, ours): terminal and preview logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def _redact_logs() -> None:
    """Install the filter on the handlers the engine set up (once; the preview server reloads this hook)."""
    for name in ("properdocs", "mkdocs", ""):
        for handler in logging.getLogger(name).handlers:
            if not any(type(f).__name__ == "RedactPersonalNumbers" for f in handler.filters):  # the hook may be reloaded
                handler.addFilter(RedactPersonalNumbers())


def _cache_dir(config) -> Path:
    return Path(config.docs_dir).resolve().parent / ".cache"


def current_problems() -> list:
    """The content problems that turned this preview build into the error page (hook_preview.py reads it)."""
    return _state.get("invalid") or []


_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


# Before Material's search plugin loads jieba's dictionary (about 1 s on one core): the content is
# checked and the missing covers start drawing in worker processes meanwhile.
@event_priority(50)
def on_config(config):
    _redact_logs()
    try:
        settings = load_settings(config.extra, config.config_file_path)
        today = build_today()
    except ValueError as exc:
        raise PluginError(f"站点设置有误：\n{exc}") from None
    _state.clear()
    timing.reset()
    timing.startup()
    _search_without_jieba(config)
    _state.update(settings=settings, today=today, docs_dir=Path(config.docs_dir))
    sweep(_cache_dir(config), recursive=True)  # half-written images of killed builds
    policy = BodyPolicy(frozenset(settings.body_allow_embeds))
    _state.update(policy=policy, cleaner=(policy.cleaner(), policy.cleaner(generated=True)))  # staff, generated
    config.extra["build_date"] = today.isoformat()
    config.extra["gov_footer"] = footer_marks(settings)  # read by overrides/partials/copyright.html
    offline = config.plugins.get("material/offline")
    offline = bool(offline and offline.config.enabled)
    # The nginx policy in every page too (not from file://, not under make serve: see publish/csp.py).
    config.extra["fr_csp"] = None if (offline or _serving) else page_policy(ROOT / "deploy" / "nginx.conf")
    # The daily rebuild's log says which address sitemap, feeds and robots.txt point at (SITE_URL).
    log.info("网站地址：%s（构建日期 %s）", config.site_url or "未设置 site_url", today.isoformat())
    _state["assets"] = []
    try:  # the images start drawing as soon as the content is valid, while the pages are generated
        site: Site = prepare(_state["docs_dir"], settings, today, config.site_url or "", _cache_dir(config),
                             early=_provide_assets, spell_aside=not _serving, drafts=_serving)
        if _serving:  # the preview shows personal numbers on its error page, masked, instead of the pages
            found = scan_sources(_state["docs_dir"], settings.pii_allowlist, today, settings.pii_unscanned_files)
            if found:
                raise ContentInvalid(found)
    except ValueError as exc:  # bad image or missing glyph, reported in Chinese
        on_build_error(exc)  # the images queued meanwhile are not drawn
        raise PluginError(str(exc)) from None
    except ContentInvalid as exc:
        on_build_error(exc)  # covers started for content the preview now refuses
        if not _serving:
            raise PluginError(f"内容检查未通过，网站没有生成：\n{exc}") from None
        # make serve: every page shows the problems until the file is fixed; the server keeps
        # watching (an exception would leave the browser waiting with an English message).
        _state["invalid"] = exc.errors
        config.nav = None  # it names generated pages this build does not make
        config.strict = False  # nothing is published from this build; only the error page is written
        for line in f"内容检查未通过，预览显示错误页面，改正并保存后自动刷新：\n{exc}".splitlines():
            log.info(line)  # INFO: a warning would abort the strict build, and the page would not reload
        return config
    _state["site"] = site
    timing.start("setup")  # the plugins' on_config (Material's search loads jieba's dictionary) and MkDocs' file list
    return config


def _provide_assets(site: Site) -> None:
    """Staff images and drawn covers, published as if they were in docs/ (a ValueError stops the build)."""
    for provide in ASSETS:
        with timing.timed(provide.__module__.rsplit(".", 1)[-1]):
            _state["assets"].append(provide(site, _state["docs_dir"]))


def _search_without_jieba(config) -> None:
    """Keep Material's search plugin (its UI and search_index.json) but skip its jieba segmentation.

    Material segments every Chinese run with jieba whenever jieba is importable: about 1 s to
    load the dictionary and 1 s per 100 pages. Nothing reads the segmentation: our search worker
    (online, and in the offline bundle) matches whole substrings and strips the zero-width spaces
    jieba inserts, so the index it searches is the same without them (tests/publish, test_build).
    """
    search = config.plugins.get("material/search")
    if search is None:
        return
    search.config.jieba_dict = search.config.jieba_dict_user = None
    sys.modules[type(search).__module__].jieba = None


def on_files(files, config):
    if "invalid" in _state:  # the error page replaces every page: render nothing
        for page in list(files.documentation_pages()):
            files.remove(page)
        return files
    timing.stop("setup")
    site: Site = _state["site"]
    coll = site.collection
    for path, src_uri, reason in coll.withheld():  # items and top-level pages (content/standalone.py)
        log.info("不发布 %s：%s", path, reason)
        hidden = files.get_file_from_path(src_uri)
        if hidden is not None:
            files.remove(hidden)
    for line in schedule_report(coll.items, coll.hidden, coll.today):
        log.info(line)  # INFO: withdrawals and expiry dates are news, not problems (--strict)
    for note in placeholder_notes(_state["settings"]):
        log.info(note)  # INFO: sample filing numbers are for the preview; nothing is wrong with the content
    for reminder in freshness_warnings(coll):
        log.info(reminder)  # INFO, not warning: a stale column must not fail a --strict build
    _state["records"] = {r.src_uri: r for r in coll.items}
    _refuse_active_files(files, config)
    if _serving:  # the build leaves out what no rendered page links to (on_env); the preview renders only some
        _leave_out_unused(files, config, used_in_sources(coll, site.pages))
    polyfills = config.extra.get("polyfills") or []  # set by Material's offline plugin in its on_config, after ours
    if any("iframe-worker" in str(url) for url in polyfills):  # the offline build (OFFLINE=true)
        if not SHIM_SRC.is_file():
            raise PluginError(f"离线版需要 npm 包 iframe-worker（{SHIM_SRC} 不存在）：请先在项目目录运行 npm ci")
        config.extra["polyfills"] = [SHIM_URI if "iframe-worker" in str(url) else url for url in polyfills]
        site.offline = True
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM_SRC)))
    _state["files"] = files
    for src_uri, markdown in site.pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=markdown))
    for published in _state["assets"]:
        for src_uri, path in published.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            if path is None:  # a broken staff file that no page uses: not published
                log.info("未发布 %s/%s：没有任何已发布的页面使用它（未读取）", Path(config.docs_dir).name, src_uri)
                continue
            # A file still being drawn is registered now (pages link to it; --strict checks the links) and copied later.
            kind = _Linked if path.is_file() else _DrawnLater
            files.append(kind.generated(config, src_uri, abs_src_path=str(path)))
    timing.start("render")
    pages = len(files.documentation_pages())
    _state["progress"] = timing.Progress(pages)
    settings = site.settings  # a cold scan cache: pages are scanned by a worker as they are written
    pii_ahead.start(settings.pii_allowlist, settings.pii_unscanned_files, coll.today.year, pages, pii_cache_is_cold(site))
    return files


def _refuse_active_files(files, config):
    """Pages no content check saw; types not allowed, by name and content; overrides/ (publish/static_files.py)."""
    own, known = own_assets(config), _state["site"].collection.sources()
    for file in list(files):
        if file.generated_by or not file.abs_src_path or file.src_uri in known:
            continue
        why = (unaccounted_page(file.src_uri, config.docs_dir) if file.is_documentation_page()
               else refusal(file.src_uri, file.abs_src_path, config.docs_dir, config.theme.custom_dir, own))
        if why:
            files.remove(file)
            log.warning("不发布 %s", why)  # fatal under --strict: the previous site stays


class _Linked(File):
    """An image the build made and keeps in .cache/ (drawn cover, cleaned staff picture), published as a hard
    link to that file: no bytes written on a rebuild (copied where links are refused, e.g. another disk)."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        target = self.abs_dest_path
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.lexists(target):
                os.unlink(target)
            os.link(self.abs_src_path, target)
        except OSError:
            super().copy_file(dirty=False)


class _DrawnLater(_Linked):
    """An image drawn while MkDocs renders: its static copy is put off until on_post_build."""

    def copy_file(self, dirty: bool = False) -> None:
        _state.setdefault("late", []).append((self, dirty))


def on_env(env, config, files):
    # MkDocs' environment has autoescape off; the project's own templates (overrides/) get it on.
    env.autoescape = autoescape_policy(Path(config.theme.custom_dir or ROOT / "overrides"))
    # Material's ~60 templates are compiled on every build (about 0.3 s); keep the bytecode
    # under .cache/ (keyed by each template's source, so an edited override recompiles).
    env.bytecode_cache = TemplateCache(_cache_dir(config) / "jinja", env)
    # Every page is rendered by now and no static file copied yet: leave out what no published page uses.
    if not _serving and "site" in _state:  # a dirty preview renders only some pages: it would miss links
        _leave_out_unused(files, config)
    return env


def _leave_out_unused(files, config, used=None):
    """Staff files only unpublished items use, or nothing uses, are not copied (publish/usage.py); ``used``: given."""
    docs = Path(config.docs_dir)
    if used is None:  # the build: what the rendered pages link to, and what published items name
        used = set(_state.get("used", ())) | item_files(_state["site"].collection)
    static = {unquote(f.url).lstrip("/"): f.src_uri for f in files
              if not f.is_documentation_page() and (docs / f.src_uri).is_file()}
    for src_uri in unused(static, used | own_assets(config), list(_state["settings"].publish_unreferenced)):
        if (file := files.get_file_from_path(src_uri)) is not None:
            files.remove(file)
            log.info("不发布 %s/%s：没有任何已发布的页面使用它（草稿、未到发布日期、已撤下的内容所用的文件也不发布；"
                     "确需发布请在 mkdocs.yml 的 extra.publish_unreferenced 中列出）", docs.name, src_uri)


def on_page_read_source(page, config):
    site = _state.get("site")
    if site is not None and page.file.src_uri in site.later:  # written now (the 法规索引: pinyin from a worker)
        return site.markdown(page.file.src_uri)
    # MkDocs' own front-matter reader needs the fence on the very first line;
    # hand it the file as we read it (blank lines before the fence are common).
    if page.file.generated_by:  # e.g. a revoked decision's 撤回说明 replaces the staff file
        return None
    record = _state.get("records", {}).get(page.file.src_uri)
    return record.doc.source if record is not None else None


def on_page_markdown(markdown, page, config, files):
    record = _state.get("records", {}).get(page.file.src_uri)
    if record is not None:
        page.meta["template"] = TEMPLATES[record.kind]
        markdown = drop_empty_sections(markdown)  # no published page shows a heading with nothing under it
    site = _state.get("site")
    if site is not None:  # sitemap.xml's lastmod (rendered before the pages): from the content, not the build day
        day = page_lastmod(page.file.src_uri, _state["records"], site.collection.today, site.changes,
                           page.file.src_uri in site.pages)
        if day or page.file.src_uri != "index.md":  # the home page keeps one date: sitemap.xml.gz's mtime needs it
            page.update_date = day.isoformat() if day else ""
    return markdown


# Last among the page_content handlers: what any plugin produced is what gets cleaned.
@event_priority(-100)
def on_page_content(html, page, config, files):
    if "policy" not in _state:
        return keep_numbers_together(html)
    generated = page.file.src_uri in getattr(_state.get("site"), "pages", {})  # list badges: site/pages.py
    clean, removed = sanitize(html, _state["policy"], _state["cleaner"][generated])
    if removed:
        src = page.file.abs_src_path
        source = Path(src).read_text(encoding="utf-8", errors="replace") if src and Path(src).is_file() else ""
        for line in report(f"{Path(config.docs_dir).name}/{page.file.src_uri}", source, removed):
            log.warning(line)  # fatal under --strict (mkdocs.yml): the previous site stays
    _state.setdefault("used", set()).update(references(clean, page.url, serialized=True))  # what published pages link to
    return keep_numbers_together(clean)  # after cleaning: it only adds a fixed no-break span


@event_priority(-100)  # last: the page as it is written
def on_post_page(output, page, config):
    pii_ahead.add(page.file.dest_uri, output.encode("utf-8", errors="xmlcharrefreplace"))  # as the engine writes it


def on_page_context(context, page, config, nav):
    if "progress" in _state:
        _state["progress"].step()  # count and ETA on a terminal
    record = _state.get("records", {}).get(page.file.src_uri)
    if record is not None:
        view = item_view(record, _state["site"].collection, _state["site"].site_url)
        if not config.use_directory_urls:  # the offline build links to .html files
            view = file_urls(view, _state["files"])
        context["item"] = view
    _add_trail(context, page, config, nav, record)
    return context


def _add_trail(context, page, config, nav, record):
    """当前位置 (fr_trail, with its BreadcrumbList) and the section tab to mark (fr_tab)."""
    sections = {section_folder(p.file.src_uri): p.title for p in nav.items if getattr(p, "file", None)}
    steps = trail(page.file.src_uri, page.title or "", sections, record)
    crumbs = [c._asdict() for c in steps]
    if not config.use_directory_urls:
        crumbs = file_urls(crumbs, _state["files"])
    context["fr_trail"] = crumbs
    context["fr_tab"] = section_folder(page.file.src_uri)
    site = _state.get("site")
    context["fr_trail_ld"] = breadcrumb_list(steps, site.site_url if site else "", page.url)


def on_post_build(config):
    site: Site | None = _state.get("site")
    if "invalid" in _state:
        write_error_pages(Path(config.site_dir), Path(config.theme.custom_dir or ROOT / "overrides"), _state["invalid"])
    if site is None:
        return
    timing.stop("render")
    site.settle()  # a page left for later that no one read: the writers read every page
    try:
        with timing.timed("covers_wait"):
            for background in BACKGROUND:
                background.finish()
    except ValueError as exc:  # e.g. a broken staff cover image, reported in Chinese
        raise PluginError(str(exc)) from None
    for file, dirty in _state.pop("late", []):
        _Linked.copy_file(file, dirty)
    for write in WRITERS:
        try:
            with timing.timed(_phase(write)):
                write(site, Path(config.site_dir))
        except ValueError as exc:  # writers report content problems in Chinese
            raise PluginError(str(exc)) from None
    if not _serving:  # the preview server keeps its workers for the next save
        workers.shutdown()
    timing.dump()


def _phase(write) -> str:
    """A writer's phase name in FARUN_TIMINGS and BENCHMARK.md: its module (the guard's is pii_scan)."""
    wing, _, module = write.__module__.removeprefix("farun.").rpartition(".")
    return f"pii_{module}" if wing == "pii" else module


def on_build_error(error):
    """Also for on_config's own failures: a failed build leaves no work queued (properdocs serve builds again)."""
    for background in BACKGROUND:
        background.abandon()
    workers.shutdown(wait=False)
