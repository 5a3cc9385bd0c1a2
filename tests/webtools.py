"""Shared web-test helpers: serve a folder on loopback and launch Debian's chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
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
    """Static handler that serves ``root`` under ``prefix`` and logs nothing."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def __init__(self, *args, prefix: str = "/", **kwargs):
        self._prefix = prefix
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - signature from the stdlib
        pass

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if self._prefix != "/":
            if not (clean + "/").startswith(self._prefix):
                return str(Path(self.directory) / "\0missing")
            clean = "/" + clean[len(self._prefix):]
        return super().translate_path(clean)

    def send_head(self):
        if self._prefix != "/" and self.path.split("?", 1)[0] == self._prefix.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", self._prefix)
            self.end_headers()
            return None
        return super().send_head()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # browsers abort connections; that is not a test failure


@contextlib.contextmanager
def serve_dir(root: str | Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port under ``prefix``; yields the base URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    mimetypes.add_type("image/webp", ".webp")
    handler = functools.partial(_QuietHandler, directory=str(root), prefix=prefix)
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
