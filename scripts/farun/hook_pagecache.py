"""Engine glue for site/pagecache.py: a page whose Markdown and surroundings are unchanged is not
converted again; its HTML, table of contents, title and anchors come from ``.cache/pages/``, and
Material's search plugin reuses the entries it cut from the same HTML.

The engine converts each page in ``Page.render``; this hook wraps that method for the build it
is loaded in. What a conversion logs (unrecognised links, missing anchors ...) is recorded with
the result and logged again when the result is reused, whatever the log level was when it was
recorded. ``FARUN_PAGE_CACHE=0`` (or no .cache/ that can be written) converts every page.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from importlib import metadata
from pathlib import Path

from properdocs.plugins import event_priority
from properdocs.structure import pages as engine_pages
from properdocs.structure.toc import AnchorLink, TableOfContents
from material.plugins.search import plugin as material_search

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/, for the farun package

from farun.pipeline import current  # noqa: E402
from farun.site.pagecache import PageCache, digest, enabled  # noqa: E402

# The engine's own method, kept on the class: `properdocs serve` loads this hook again for every
# rebuild, and a second load must not wrap the first one's wrapper.
_convert = engine_pages.Page.__dict__.get("_farun_convert", engine_pages.Page.render)
engine_pages.Page._farun_convert = _convert  # type: ignore[attr-defined]  # our mark on the engine's class
_VERSIONS = ("properdocs", "markdown", "pymdown-extensions", "mkdocs-material")


def _described(value):
    """Extension settings as text: functions by name (their repr changes with every process)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def _state() -> dict:
    """This build's store and its key base (``pipeline.Build.page_cache``; empty before hook.py's on_config)."""
    build = current()
    return build.page_cache if build is not None else {}


def on_config(config):
    state = _state()
    if not enabled():
        return
    config_file = Path(config.config_file_path) if config.config_file_path else None
    state["base"] = [
        [metadata.version(name) for name in _VERSIONS],
        digest(config_file.read_bytes().decode("utf-8", "replace")) if config_file and config_file.is_file() else "",
        [str(ext) if isinstance(ext, str) else type(ext).__qualname__ for ext in config.markdown_extensions],
        json.dumps(config.mdx_configs, sort_keys=True, default=_described),
        config.use_directory_urls,
        repr(dict(config.validation)),
        str(config.docs_dir),
    ]
    state["folder"] = Path(config.docs_dir).resolve().parent / ".cache" / "pages"


@event_priority(-100)  # after every other on_files: links are resolved against the final list
def on_files(files, config):
    state = _state()
    if "base" in state:
        neighbours = sorted((f.src_uri, f.url, f.inclusion.name, f.is_documentation_page()) for f in files)
        state["cache"] = PageCache(state["folder"], digest(state["base"], neighbours))


def on_post_build(config):
    cache: PageCache | None = _state().pop("cache", None)
    if cache is not None:
        cache.flush()
    # Once per process and hour: the preview server rebuilds after every save and need not list the cache each time.
    if cache is not None and time.monotonic() - getattr(engine_pages.Page, "_farun_pruned", -3600.0) >= 3600:
        engine_pages.Page._farun_pruned = time.monotonic()
        cache.prune()


def on_build_error(error):
    cache: PageCache | None = _state().pop("cache", None)
    if cache is not None:
        cache.flush()  # what was converted is right; the next build may use it


class _Recorder:
    """Stands in for the engine's page logger while a page converts: passes everything on and keeps
    what a reader of the build log could see (INFO and up), however the log level is set now."""

    def __init__(self, target: logging.Logger):
        self.target = target
        self.said: list[list] = []  # [level, message]

    def log(self, level, msg, *args, **kwargs):
        if level >= logging.INFO:
            self.said.append([int(level), str(msg) % args if args else str(msg)])
        self.target.log(level, msg, *args, **kwargs)

    def debug(self, msg, *args, **kwargs):
        self.log(logging.DEBUG, msg, *args, **kwargs)

    def info(self, msg, *args, **kwargs):
        self.log(logging.INFO, msg, *args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        self.log(logging.WARNING, msg, *args, **kwargs)

    def error(self, msg, *args, **kwargs):
        self.log(logging.ERROR, msg, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.target, name)


def _toc_data(items) -> list:
    return [[item.title, item.id, item.level, _toc_data(item.children)] for item in items]


def _toc(data: list) -> list[AnchorLink]:
    links = []
    for title, anchor, level, children in data:
        link = AnchorLink(title, anchor, level)
        link.children = _toc(children)
        links.append(link)
    return links


def _restore(page, files, value: dict) -> bool:
    """Set the page from a stored conversion; False (page untouched) when the entry is not usable."""
    try:
        linked = {}
        for src_uri, anchors in value["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:  # links into a file that is gone: convert again
                return False
            linked[target] = dict(anchors)
        content, title, anchors = value["content"], value["title"], set(value["anchors"])
        items = _toc(value["toc"])
        said = [(int(level), str(text)) for level, text in value["said"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    if items:
        items[0].active = True  # type: ignore[attr-defined]  # as the engine's get_toc does
    page.content, page.toc, page._title_from_render = content, TableOfContents(items), title
    page.present_anchor_ids, page.links_to_anchors = anchors, linked
    for level, text in said:
        engine_pages.log.log(level, "%s", text)
    return True


def _render(self, config, files):
    cache: PageCache | None = _state().get("cache")
    if cache is None or self.markdown is None:
        return _convert(self, config, files)
    key = cache.key(self.markdown, self.file.src_uri, self.url)
    value = cache.get(key)
    if value is not None and _restore(self, files, value):
        return None
    recorder = engine_pages.log = _Recorder(engine_pages.log)
    try:
        _convert(self, config, files)
    finally:
        engine_pages.log = recorder.target
    cache.put(
        key,
        {
            "content": self.content,
            "toc": _toc_data(self.toc or []),
            "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
            "said": recorder.said,
            "links": {f.src_uri: dict(a) for f, a in (self.links_to_anchors or {}).items()},
        },
    )
    return None


engine_pages.Page.render = _render  # type: ignore[method-assign]  # without a cache for this build (FARUN_PAGE_CACHE=0) it converts as before


# Material's search plugin reads every rendered page with an HTML parser to cut it into sections (about
# 0.6 ms a page). Its entries depend only on what it reads: the page's HTML, address, title, table of
# contents, tags and search settings, and whether it segments with jieba (hook.py turns that off).
_index_page = material_search.SearchIndex.__dict__.get(
    "_farun_index_page", material_search.SearchIndex.add_entry_from_context
)
material_search.SearchIndex._farun_index_page = _index_page


def _search_entries(self, page):
    cache: PageCache | None = _state().get("cache")
    if cache is None:
        return _index_page(self, page)
    meta = page.meta or {}
    key = digest(
        [
            "search",
            cache.context,
            page.url,
            page.content,
            page.title,
            meta.get("title"),
            meta.get("search"),
            meta.get("tags"),
            _toc_data(page.toc or []),
            material_search.jieba is None,
            self.config,
        ]
    )
    value = cache.get(key)
    entries = value.get("entries") if value is not None else None
    if isinstance(entries, list) and all(isinstance(e, dict) for e in entries):
        self.entries.extend(entries)
        return None
    before = len(self.entries)
    _index_page(self, page)
    cache.put(key, {"content": "", "entries": self.entries[before:]})
    return None


material_search.SearchIndex.add_entry_from_context = _search_entries
