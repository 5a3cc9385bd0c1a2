"""Engine glue: each event runs its step of the build in farun/pipeline.py (read that first).

What stays here is what needs the engine: its file list, its configuration, its page and File
objects, and PluginError. Loaded by ``hooks:`` in mkdocs.yml as a plain file, so the package folder
is put on ``sys.path`` first.
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

from farun import pipeline  # noqa: E402
from farun.pii.numbers import redact  # noqa: E402
from farun.runtime.errors import StaffError  # noqa: E402
from farun.publish.static_files import own_assets, refusal, unaccounted_page  # noqa: E402
from farun.publish.usage import unused, used_in_sources  # noqa: E402
from farun.site.escaping import autoescape_policy  # noqa: E402
from farun.site.preview_error import write_error_pages  # noqa: E402
from farun.site.templatecache import TemplateCache  # noqa: E402
from farun.site.trail import breadcrumb_list, section_folder, trail  # noqa: E402
from farun.site.views import file_urls  # noqa: E402

log = logging.getLogger("properdocs.plugins.farun")
ROOT = Path(__file__).resolve().parents[2]
# Material's offline plugin adds iframe-worker's shim from a CDN; we ship the npm copy instead.
SHIM_SRC = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"


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
            if not any(
                type(f).__name__ == "RedactPersonalNumbers" for f in handler.filters
            ):  # the hook may be reloaded
                handler.addFilter(RedactPersonalNumbers())


def _current() -> pipeline.Build:
    """This build (made in on_config, which runs before every other event of a build)."""
    build = pipeline.current()
    assert build is not None, "hook.py's on_config has not run"
    return build


def on_startup(command, dirty):
    pipeline.PROCESS.serving = command == "serve"


# Before Material's search plugin loads jieba's dictionary (about 1 s on one core): the content is
# checked and the missing covers start drawing in worker processes meanwhile.
@event_priority(50)
def on_config(config):
    _redact_logs()
    offline = config.plugins.get("material/offline")
    build = pipeline.begin(
        pipeline.Build(
            docs_dir=Path(config.docs_dir),
            site_url=config.site_url or "",
            serving=pipeline.PROCESS.serving,
            offline=bool(offline and offline.config.enabled),
            csp_source=ROOT / "deploy" / "nginx.conf",
            left_out=pipeline.left_out(config.docs_dir),
        )
    )
    try:
        pipeline.load_and_validate(build, config.extra, config.config_file_path)
        _search_without_jieba(config)
        config.extra.update(build.extra)  # build_date; gov_footer (overrides/partials/copyright.html); fr_csp
        pipeline.plan_images(build)
        pipeline.generate_pages(build)
    except StaffError as exc:
        raise PluginError(str(exc)) from None
    if build.invalid is not None:  # make serve shows the problems on every page (pipeline.load_and_validate)
        config.nav = None  # it names generated pages this build does not make
        config.strict = False  # nothing is published from this build; only the error page is written
    return config


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
    sys.modules[type(search).__module__].jieba = None  # type: ignore[attr-defined]  # the search plugin's module global


def on_files(files, config):
    build = pipeline.current()
    if build is None or build.site is None:  # the error page replaces every page: render nothing
        for page in list(files.documentation_pages()):
            files.remove(page)
        return files
    site = build.site
    for path, src_uri, reason in site.collection.withheld():  # items and top-level pages (content/standalone.py)
        log.info("不发布 %s：%s", path, reason)
        hidden = files.get_file_from_path(src_uri)
        if hidden is not None:
            files.remove(hidden)
    pipeline.register_files(build)
    _refuse_active_files(files, config, site.collection.sources())
    if build.serving:  # the build leaves out what no rendered page links to (on_env); the preview renders only some
        _leave_out_unused(files, config, used_in_sources(site.collection, site.pages))
    polyfills = config.extra.get("polyfills") or []  # set by Material's offline plugin in its on_config, after ours
    if any("iframe-worker" in str(url) for url in polyfills):  # the offline build (OFFLINE=true)
        if not SHIM_SRC.is_file():
            raise PluginError(f"离线版需要 npm 包 iframe-worker（{SHIM_SRC} 不存在）：请先在项目目录运行 npm ci")
        config.extra["polyfills"] = [SHIM_URI if "iframe-worker" in str(url) else url for url in polyfills]
        site.offline = True
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM_SRC)))
    build.files = files
    for src_uri, markdown in site.pages.items():
        _replace(files, src_uri)
        files.append(File.generated(config, src_uri, content=markdown))
    for published in build.assets:
        for src_uri, path in published.items():
            _replace(files, src_uri)
            if path is None:  # a broken staff file that no page uses: not published
                log.info("未发布 %s/%s：没有任何已发布的页面使用它（未读取）", Path(config.docs_dir).name, src_uri)
                continue
            # A file still being drawn is registered now (pages link to it; --strict checks the links) and copied later.
            kind = _Linked if path.is_file() else _DrawnLater
            files.append(kind.generated(config, src_uri, abs_src_path=str(path)))
    pipeline.start_rendering(build, len(files.documentation_pages()))
    return files


def _replace(files, src_uri: str) -> None:
    existing = files.get_file_from_path(src_uri)
    if existing is not None:
        files.remove(existing)


def _refuse_active_files(files, config, known) -> None:
    """Pages no content check saw; types not allowed, by name and content; overrides/ (publish/static_files.py)."""
    own = own_assets(config)
    for file in list(files):
        if file.generated_by or not file.abs_src_path or file.src_uri in known:
            continue
        why = (
            unaccounted_page(file.src_uri, config.docs_dir)
            if file.is_documentation_page()
            else refusal(file.src_uri, file.abs_src_path, config.docs_dir, config.theme.custom_dir, own)
        )
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
            os.link(str(self.abs_src_path), target)
        except OSError:
            super().copy_file(dirty=False)


class _DrawnLater(_Linked):
    """An image drawn while MkDocs renders: copied by pipeline.finish_background, once it is drawn."""

    def copy_file(self, dirty: bool = False) -> None:
        _current().late.append(lambda: _Linked.copy_file(self, dirty))


def on_env(env, config, files):
    # MkDocs' environment has autoescape off; the project's own templates (overrides/) get it on.
    env.autoescape = autoescape_policy(Path(config.theme.custom_dir or ROOT / "overrides"))
    # Material's ~60 templates are compiled on every build (about 0.3 s); keep the bytecode
    # under .cache/ (keyed by each template's source, so an edited override recompiles).
    env.bytecode_cache = TemplateCache(Path(config.docs_dir).resolve().parent / ".cache" / "jinja", env)
    # Every page is rendered by now and no static file copied yet: leave out what no published page uses.
    build = pipeline.current()
    if build is not None and build.site is not None and not build.serving:  # a dirty preview renders only some pages
        _leave_out_unused(files, config, pipeline.used_by_pages(build))
    return env


def _leave_out_unused(files, config, used: set[str]) -> None:
    """Staff files only unpublished items use, or nothing uses, are not copied (publish/usage.py)."""
    docs, build = Path(config.docs_dir), pipeline.current()
    assert build is not None and build.settings is not None
    static = {
        unquote(f.url).lstrip("/"): f.src_uri
        for f in files
        if not f.is_documentation_page() and (docs / f.src_uri).is_file()
    }
    for src_uri in unused(static, used | own_assets(config), list(build.settings.publish_unreferenced)):
        if (file := files.get_file_from_path(src_uri)) is not None:
            files.remove(file)
            log.info(
                "不发布 %s/%s：没有任何已发布的页面使用它（草稿、未到发布日期、已撤下的内容所用的文件也不发布；"
                "确需发布请在 mkdocs.yml 的 extra.publish_unreferenced 中列出）",
                docs.name,
                src_uri,
            )


def on_page_read_source(page, config):
    build = pipeline.current()
    return pipeline.page_source(build, page.file.src_uri, bool(page.file.generated_by)) if build else None


def on_page_markdown(markdown, page, config, files):
    build = pipeline.current()
    if build is None:
        return markdown
    markdown, template, date = pipeline.page_markdown(build, page.file.src_uri, markdown)
    if template is not None:
        page.meta["template"] = template
    if date is not None:
        page.update_date = date
    return markdown


# Last among the page_content handlers: what any plugin produced is what gets cleaned.
@event_priority(-100)
def on_page_content(html, page, config, files):
    src = page.file.abs_src_path
    return pipeline.render_policy(_current(), page.file.src_uri, page.url, html, Path(src) if src else None)


@event_priority(-100)  # last: the page as it is written
def on_post_page(output, page, config):
    pipeline.page_written(_current(), page.file.dest_uri, Path(page.file.abs_dest_path))


def on_page_context(context, page, config, nav):
    build = pipeline.current()
    if build is None:
        return context
    view = pipeline.page_view(build, page.file.src_uri)
    if view is not None:
        context["item"] = view if config.use_directory_urls else file_urls(view, build.files)  # offline: .html links
    _add_trail(context, page, config, nav, build)
    return context


def _add_trail(context, page, config, nav, build) -> None:
    """当前位置 (fr_trail, with its BreadcrumbList) and the section tab to mark (fr_tab)."""
    sections = {
        folder: p.title
        for p in nav.items
        if getattr(p, "file", None) and (folder := section_folder(p.file.src_uri)) is not None
    }
    steps = trail(page.file.src_uri, page.title or "", sections, build.records.get(page.file.src_uri))
    crumbs = [c._asdict() for c in steps]
    if not config.use_directory_urls:
        crumbs = file_urls(crumbs, build.files)
    context["fr_trail"] = crumbs
    context["fr_tab"] = section_folder(page.file.src_uri)
    context["fr_trail_ld"] = breadcrumb_list(steps, build.site.site_url if build.site else "", page.url)


def on_post_build(config):
    build = pipeline.current()
    if build is None:
        return
    if build.invalid is not None:
        write_error_pages(Path(config.site_dir), Path(config.theme.custom_dir or ROOT / "overrides"), build.invalid)
    if build.site is None:
        return
    try:
        pipeline.finish_background(build)
        pipeline.write_outputs(build, Path(config.site_dir))
        pipeline.guard(build, Path(config.site_dir))
    except StaffError as exc:
        raise PluginError(str(exc)) from None


def on_build_error(error):
    """Also for on_config's own failures: a failed build leaves no work queued (properdocs serve builds again)."""
    pipeline.abandon()
