"""``make serve`` (``properdocs serve --dirty``): after a save, render only the pages it affects.

MkDocs' dirty mode renders a page when ``file.is_modified()`` says so: a staff
file when it is newer than its output, a generated page always. That leaves
neighbours and lists stale and re-renders every generated page, and Material's
search plugin then keeps only part of the index. Here each page's answer comes
from farun.preview instead (pages whose Markdown or view data changed), files
that are no longer published are deleted from the served folder, and the
search index is merged from the previous build's and this build's entries.

This build's state is on hook.py's ``pipeline.Build`` (``build.preview``: this save's snapshot and
pages); what the preview remembers from one save to the next is on ``pipeline.PROCESS``.

Listed in mkdocs.yml BEFORE hook.py: its ``on_files`` runs late (after
hook.py's, which adds the generated pages), and its ``on_post_build`` runs
after Material's search plugin has written this build's entries and before
hook.py's writers read the index. Active only under ``properdocs serve --dirty``;
``properdocs build`` and plain ``properdocs serve`` build everything as before.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from properdocs.exceptions import PluginError  # noqa: E402
from properdocs.plugins import event_priority  # noqa: E402
from properdocs.structure.files import InclusionLevel  # noqa: E402

from farun.pipeline import PROCESS, current  # noqa: E402
from farun.site.preview import Plan, SearchIndex, Snapshot, digest, page_inputs, plan, refused_request  # noqa: E402

log = logging.getLogger("properdocs.plugins.farun.preview")
DIRTY_WARNING = "A 'dirty' build is being performed"
SEARCH_INDEX = Path("search") / "search_index.json"


class _KnownDirtyWarning(logging.Filter):
    # MkDocs warns that a dirty build leaves other pages' navigation stale; this
    # hook re-renders those pages, and under `strict: true` the warning would abort.
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def on_startup(command, dirty):
    PROCESS.preview = command == "serve" and dirty
    if PROCESS.preview:
        logging.getLogger("properdocs.commands.build").addFilter(_KnownDirtyWarning())


def on_serve(server, config, builder):
    """See a save at once: the engine polls the folders every 0.5 s; add the system's own file events.

    ProperDocs' LiveReloadServer watches with watchdog's PollingObserver (a save waits up to half a
    second to be noticed, and each poll stats every file). The native observer (inotify,
    ReadDirectoryChangesW, FSEvents) reports a save within milliseconds. It replaces the poller
    for docs/, mkdocs.yml and overrides/ (both together would build every save twice);
    FARUN_PREVIEW_POLL=1 keeps the poller, for folders whose changes the system does not report
    (some network drives and container mounts). Uses the server's rebuild condition, an attribute
    of ProperDocs 1.6's LiveReloadServer (pinned; tests/integration/test_serve_preview.py).
    """
    _guard_requests(server)
    if not PROCESS.preview or not hasattr(server, "_rebuild_cond") or os.environ.get("FARUN_PREVIEW_POLL") == "1":
        return server
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class _Saved(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return  # reading a file (the build itself) is not a change
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

    observer = Observer()
    for path in (config.docs_dir, config.config_file_path, config.theme.custom_dir):
        if path and os.path.exists(path):
            observer.schedule(_Saved(), path, recursive=os.path.isdir(path))
    try:
        observer.start()
    except OSError as exc:  # e.g. the system's limit of inotify watches: polling still works
        log.info("预览：无法使用系统的文件变化通知（%s），改为每 0.5 秒检查一次", exc)
        return server
    server.observer.unschedule_all()  # paths watched later (mkdocs.yml's watch:) are still polled
    server.build_delay = 0.05  # editors write a file in a few events within milliseconds
    PROCESS.observers.append(observer)
    return server


def _guard_requests(server) -> None:
    """A request the file system cannot answer (``/%00``: a NUL in the path) is a 404, never a traceback.

    The engine's server opens the requested path as given; a NUL makes ``open`` raise ValueError, which it
    logs with a Python traceback and answers 500. Answered here before the engine sees it (site/preview.py).
    """
    serve = getattr(server, "_serve_request", None)
    if serve is None or getattr(serve, "farun_guarded", False):
        return

    def guarded(environ, start_response):
        if refused_request(environ.get("PATH_INFO", "")):
            return None  # the engine answers 404 with the site's own 404 page
        try:
            return serve(environ, start_response)
        except (ValueError, OSError) as exc:  # any other path the file system refuses
            log.info(
                "预览：无法提供 %s（%s），已回答 404",
                environ.get("PATH_INFO", "")[:80].encode("unicode_escape").decode(),
                type(exc).__name__,
            )
            return None

    guarded.farun_guarded = True  # type: ignore[attr-defined]
    server._serve_request = guarded


def on_shutdown():
    for observer in PROCESS.observers:
        observer.stop()
    PROCESS.observers.clear()


def on_config(config):
    if not PROCESS.preview:
        return config
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index_prev"):  # Material's search plugin
            # Its own dirty-mode merge keeps the previous entries of all but the first
            # rendered page's location ("" for the home page: none); we merge instead.
            plugin.search_index_prev = None
    return config


@event_priority(-50)  # after hook.py has added the generated pages and removed hidden items
def on_files(files, config):
    build = current()
    if not PROCESS.preview:
        return files
    if build is None:
        raise PluginError("预览需要 scripts/farun/hook.py：请在 mkdocs.yml 的 hooks 中保留它")
    if build.site is None:  # the error page: nothing rendered, the next good build renders all
        PROCESS.force_full = True
        return files
    pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)  # what properdocs serve renders
    # An item's Markdown as the engine renders it (pipeline.page_source), read once by step 1, not again here.
    sources = {f.src_uri: _markdown(build, f) for f in pages}
    static = [f for f in files if not f.is_documentation_page() and f.abs_src_path is not None]
    now = Snapshot(
        setup=_setup(config),
        pages=page_inputs(build.site, sources),
        outputs={f.src_uri: f.dest_uri for f in files},
        origins={f.src_uri: _origin(f) for f in static},
    )
    decided = plan(PROCESS.previous, now, sources)
    if PROCESS.force_full:  # pages show the error page since the last good build: render and copy everything
        decided = Plan(render=frozenset(now.pages), copy=frozenset(now.origins), stale=decided.stale, full=True)
        PROCESS.force_full = False
    render = {f.src_uri for f in pages if f.src_uri in decided.render or not os.path.isfile(f.abs_dest_path)}
    # MkDocs' dirty build asks each file whether to render or copy it; answer from the plan, not
    # from mtimes (a cover taken back from the cache is older than the copy it must replace).
    for f in pages:
        f.is_modified = lambda flag=f.src_uri in render: flag
    for f in static:
        f.is_modified = lambda flag=f.src_uri in decided.copy or not os.path.isfile(f.abs_dest_path): flag
    _remove(Path(config.site_dir), decided.stale)
    build.preview.update(
        snapshot=now,
        full=decided.full,
        order=[_page_url(f) for f in pages],
        rendered={_page_url(f) for f in pages if f.src_uri in render},
    )
    if not decided.full:
        log.info(
            "预览：重新生成受影响的 %d 个页面（共 %d 个），删除 %d 个不再发布的文件",
            len(render),
            len(pages),
            len(decided.stale),
        )
    return files


def on_post_build(config):
    build = current()
    if not PROCESS.preview or build is None or "snapshot" not in build.preview:
        return
    done = build.preview
    path = Path(config.site_dir) / SEARCH_INDEX
    if path.is_file():
        fresh = SearchIndex.parse(path.read_text(encoding="utf-8"))
        if done["full"] or PROCESS.index is None:
            PROCESS.index = fresh
        else:
            strays = set(fresh.pages) - done["rendered"]
            if strays:  # Material merged old entries after all: the index cannot be trusted
                raise PluginError(f"预览的搜索索引含有未重新生成的页面：{sorted(strays)[:3]}，请重新运行 make serve")
            PROCESS.index = PROCESS.index.updated(fresh, done["rendered"], done["order"])
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(PROCESS.index.text(), encoding="utf-8")
            os.replace(tmp, path)  # the server never sends half a file
    PROCESS.previous = done.pop("snapshot")


def _markdown(build, file) -> str:
    record = None if file.generated_by else build.records.get(file.src_uri)  # a 撤回说明 is generated
    return record.doc.source if record is not None else file.content_string


def _origin(file) -> str:
    """Where a static file's bytes come from now: its source path, modification time and size."""
    try:
        stat = os.stat(file.abs_src_path)
    except OSError:  # a cover still being drawn
        return f"{file.abs_src_path}:pending"
    return f"{file.abs_src_path}:{stat.st_mtime_ns}:{stat.st_size}"


def _page_url(file) -> str:
    """The page's URL as search entries give it (MkDocs' Page.url: "" for the home page, not "./")."""
    return "" if file.url in (".", "./") else file.url


def _setup(config) -> str:
    """Digest of what every page shows: mkdocs.yml, extra (with the build day), templates."""
    templates = []
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        for path in sorted(Path(custom).rglob("*")):
            if path.is_file():
                stat = path.stat()
                templates.append((path.relative_to(custom).as_posix(), stat.st_mtime_ns, stat.st_size))
    config_file = Path(config.config_file_path).read_text(encoding="utf-8") if config.config_file_path else ""
    return digest(config_file, config.site_url, dict(config.extra), templates)


def _remove(site_dir: Path, dest_uris) -> None:
    """Delete outputs of files no longer published, and folders left empty."""
    for uri in dest_uris:
        target = site_dir / uri
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
