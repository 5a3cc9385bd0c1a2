"""Engine glue: pages not published today are left out without stopping the build (runtime/leaveout.py).

Every build: the items and pages the lifecycle hides today (a penalty past its ``expires``, a draft,
an item before its ``publish`` day) stay in the engine's file list as *excluded* instead of being removed, so a
link to one from another page is an INFO line, not a warning that stops the strict build on the day
of a withdrawal; a published page that links to one keeps the link's words as plain text
(publish/usage.py ``unlink``).

The degraded build (``farun build --leave-out-invalid``, when ``FARUN_LEAVE_OUT`` names its list):
the staff files with problems are excluded the same way, and every warning or error the build logs is
pinned on the staff file it comes from (the page being converted, or the docs/ files the message
names) and written at exit to the JSON file named by ``FARUN_LEAVE_OUT_REPORT``, so that the command
can leave that file out too and build again. Loaded by ``hooks:`` in mkdocs.yml; the state is the
build's (``pipeline.Build.left_out``, ``excluded_urls``).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import posixpath
import sys
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from properdocs.plugins import event_priority  # noqa: E402
from properdocs.structure.files import File, InclusionLevel  # noqa: E402

from farun import pipeline  # noqa: E402
from farun.pii.numbers import redact  # noqa: E402
from farun.pipeline import LeftOut  # noqa: E402
from farun.publish.usage import unlink  # noqa: E402
from farun.runtime import leaveout  # noqa: E402

log = logging.getLogger("properdocs.plugins.farun")
_LOGGERS = ("properdocs", "mkdocs")


def _left_out() -> LeftOut | None:
    build = pipeline.current()
    return build.left_out if build is not None else None


class _Blame(logging.Handler):
    """Keeps each warning and error with the staff files it can be pinned on (on this build's ``left_out``)."""

    def emit(self, record: logging.LogRecord) -> None:
        left = _left_out()
        if record.levelno < logging.WARNING or left is None:
            return
        try:
            message = redact(record.getMessage())  # the report ends in the log and the status file
        except (TypeError, ValueError):
            message = redact(str(record.msg))
        files = [left.page] if left.page else sorted(leaveout.named(message, left.known, left.docs_name))
        left.blamed.append({"files": files, "message": message})


def _write_report() -> None:
    path, left = os.environ.get(leaveout.REPORT_ENV), _left_out()
    if path and left is not None:
        Path(path).write_text(json.dumps({"blamed": left.blamed}, ensure_ascii=False), encoding="utf-8")


@event_priority(
    100
)  # before hook.py, which makes the build: its content check may already fail, and that must be pinned
def on_config(config):
    if not os.environ.get(leaveout.ENV):
        return config
    for name in _LOGGERS:  # once per process: the handler reads whichever build is current
        if not any(type(h).__name__ == "_Blame" for h in logging.getLogger(name).handlers):
            logging.getLogger(name).addHandler(_Blame())
    atexit.unregister(_write_report)
    atexit.register(_write_report)
    return config


@event_priority(-50)  # after hook.py's on_files (it removes the hidden items), before hook_pagecache.py's
def on_files(files, config):
    docs, build = Path(config.docs_dir).resolve(), pipeline.current()
    left = build.left_out if build is not None else None
    if left is not None:
        left.known = [f.src_uri for f in files if f.abs_src_path and docs in Path(f.abs_src_path).resolve().parents]
        for src_uri in left.gone:
            file = files.get_file_from_path(src_uri)
            if file is not None:
                file.inclusion = InclusionLevel.EXCLUDED  # neither built nor copied
    site = build.site if build is not None else None
    for _, src_uri, _ in site.collection.withheld() if site is not None else ():  # items and top-level pages
        if files.get_file_from_path(src_uri) is None and (docs / src_uri).is_file():
            files.append(
                File(src_uri, str(docs), config.site_dir, config.use_directory_urls, inclusion=InclusionLevel.EXCLUDED)
            )
    if build is not None:
        build.excluded_urls = {
            posixpath.normpath(unquote(f.url)).lstrip("/") or "." for f in files if f.inclusion.is_excluded()
        }
    return files


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    left = _left_out()
    if left is not None:  # what is logged while this page converts is this staff file's problem
        left.page = None if page.file.generated_by else page.file.src_uri
    return markdown


@event_priority(-200)  # after hook.py's cleaner: the HTML as it is published
def on_page_content(html, page, config, files):
    build = pipeline.current()
    if build is None:
        return html
    if build.left_out is not None:
        build.left_out.page = None
    html, removed = unlink(html, page.url, build.excluded_urls)
    if removed:
        log.info(
            "%s/%s：指向今天不发布的内容（%s）的链接改为普通文字",
            Path(config.docs_dir).name,
            page.file.src_uri,
            "、".join(dict.fromkeys(removed)),
        )
    return html
