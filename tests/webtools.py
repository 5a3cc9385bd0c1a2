"""Shared web-test helpers: serve a folder on loopback and launch Debian's chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import mimetypes
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]

# Types Python's table lacks or gets wrong on minimal systems.
EXTRA_TYPES = {
    ".webp": "image/webp",
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".ics": "text/calendar; charset=utf-8",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".mp4": "video/mp4",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static handler that serves ``root`` under ``prefix``, the host's own files outside it, and logs nothing."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def __init__(self, *args, prefix: str = "/", host_files: dict[str, bytes] | None = None, **kwargs):
        self._prefix = prefix
        self._host_files = host_files or {}
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - signature from the stdlib
        pass

    def translate_path(self, path: str) -> str:  # only paths under the prefix get here (send_head)
        clean = path.split("?", 1)[0].split("#", 1)[0]
        return super().translate_path("/" + clean[len(self._prefix) :])

    def send_head(self):
        clean = self.path.split("?", 1)[0].split("#", 1)[0]
        if self._prefix != "/" and clean == self._prefix.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", self._prefix)
            self.end_headers()
            return None
        if self._prefix != "/" and not (clean + "/").startswith(self._prefix):  # the rest of the host
            if clean not in self._host_files:
                self.send_error(404)
                return None
            body = self._host_files[clean]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(clean))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # browsers abort connections; that is not a test failure


@contextlib.contextmanager
def serve_dir(root: str | Path, prefix: str = "/", host_files: dict[str, bytes] | None = None) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port under ``prefix``; yields the base URL.

    Outside a sub-path ``prefix`` the host answers only ``host_files`` (path -> body, e.g. its own
    ``/robots.txt``) and 404 for anything else.
    """
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    mimetypes.add_type("image/webp", ".webp")
    handler = functools.partial(_QuietHandler, directory=str(root), prefix=prefix, host_files=host_files)
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch_chromium(playwright, **kwargs):
    """Launch Debian's chromium through Playwright with the project's safe flags."""
    args = CHROMIUM_ARGS + list(kwargs.pop("args", []))
    return playwright.chromium.launch(executable_path=CHROMIUM, args=args, **kwargs)


@contextlib.contextmanager
def chromium_browser(**kwargs):
    """Context manager: a running chromium Browser, closed (with Playwright) on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, **kwargs)
        try:
            yield browser
        finally:
            browser.close()
