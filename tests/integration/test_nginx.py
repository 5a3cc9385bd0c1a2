"""The site under a sub-path on real nginx, configured by the repo's own deploy/ files.

``SITE_URL=https://example.gov.cn/fxjt/`` build of the sample site, served by Debian's nginx
from a generated config that ``include``s deploy/nginx-http.conf and deploy/nginx.conf: every
page crawled (links, assets, anchors), headers and caching checked, the 404 page, search in
Chromium, and zero Content-Security-Policy violations.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

import pytest

from support import ROOT, mkdocs_build

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SITE_URL = "https://example.gov.cn/fxjt/"
PREFIX = "/fxjt/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = ROOT / "deploy"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_config(work: Path, www: Path, port: int) -> str:
    """A minimal nginx.conf around the repo's deploy pieces (included, not copied)."""
    temp = " ".join(f"{name}_temp_path {work / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;" if os.geteuid() == 0 else ""  # pytest's tmp folders are private to root
    return f"""
{user}
worker_processes 1;
daemon off;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    {temp}
    include {DEPLOY / "nginx-http.conf"};
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {www};
        include {DEPLOY / "nginx.conf"};
    }}
}}
"""


@contextlib.contextmanager
def run_nginx(site: Path, work: Path):
    """Serve ``site`` at http://127.0.0.1:<port>/fxjt/ with real nginx; yields the base URL."""
    www = work / "www"
    www.mkdir(parents=True)
    (www / "fxjt").symlink_to(site, target_is_directory=True)
    port = _free_port()
    conf = work / "nginx.conf"
    conf.write_text(nginx_config(work, www, port), encoding="utf-8")
    test = subprocess.run(
        [NGINX, "-t", "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")], capture_output=True, text=True
    )
    assert test.returncode == 0, test.stderr
    proc = subprocess.Popen(
        [NGINX, "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}{PREFIX}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """GET without proxies or redirects: status, headers (lower-case names), body."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


class _Refs(HTMLParser):
    """Every URL a page refers to, whether it is an asset, and every id it defines."""

    ASSETS = {
        ("script", "src"),
        ("img", "src"),
        ("source", "src"),
        ("track", "src"),
        ("video", "src"),
        ("video", "poster"),
        ("iframe", "src"),
        ("audio", "src"),
    }

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, bool]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name"):
            if attrs.get(name):
                self.ids.add(attrs[name])
        if tag in {"a", "area"} and attrs.get("href"):
            self.refs.append((attrs["href"], False))
        if tag == "link" and attrs.get("href"):
            self.refs.append((attrs["href"], attrs.get("rel") in {"stylesheet", "icon", "preload", "manifest"}))
        for pair in self.ASSETS:
            if tag == pair[0] and attrs.get(pair[1]):
                self.refs.append((attrs[pair[1]], True))


def _parse(body: bytes) -> _Refs:
    parser = _Refs()
    parser.feed(body.decode("utf-8"))
    return parser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample site built for https://example.gov.cn/fxjt/ and served by nginx under /fxjt/."""
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    result = mkdocs_build(ROOT, site, extra_env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    with run_nginx(site, work / "run") as base:
        yield base, site


def _normal(url: str) -> str:
    """One spelling per URL: the path percent-encoded as a browser sends it."""
    parts = urlsplit(url)
    return parts._replace(path=quote(unquote(parts.path), safe="/:@!$&'()*+,;=~")).geturl()


def _local(base: str, url: str) -> str:
    """Map the public site URL onto the test server (canonical links, sitemap entries)."""
    return base + url[len(SITE_URL) :] if url.startswith(SITE_URL) else url


def crawl(base: str) -> tuple[dict[str, tuple[int, dict, bytes]], list[str]]:
    """Fetch every page and file reachable from the home page; return responses and problems."""
    origin = base[: -len(PREFIX) + 1]
    responses: dict[str, tuple[int, dict, bytes]] = {}
    ids: dict[str, set[str]] = {}
    problems: list[str] = []
    anchors: list[tuple[str, str, str]] = []
    queue = deque([base, base + "sitemap.xml", base + "404.html"])
    seen = set(queue)
    while queue:
        url = queue.popleft()
        status, headers, body = responses.setdefault(url, fetch(url))
        if status != 200:
            continue
        if url.endswith("sitemap.xml"):
            for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8")):
                target = _normal(_local(base, loc))
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
            continue
        if not headers.get("content-type", "").startswith("text/html"):
            continue
        page = _parse(body)
        ids[url] = page.ids
        for ref, is_asset in page.refs:
            absolute = _normal(_local(base, urljoin(url, ref)))
            target, fragment = urldefrag(absolute)
            parts = urlsplit(target)
            if parts.scheme in {"mailto", "tel", "javascript", "data"}:
                continue
            if not absolute.startswith(origin):
                if is_asset:
                    problems.append(f"{url}: outside asset {ref}")
                continue
            if not parts.path.startswith(PREFIX):
                problems.append(f"{url}: {ref} leaves the sub-path {PREFIX}")
                continue
            if fragment:
                anchors.append((url, target, unquote(fragment)))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for url, (status, _, _) in responses.items():
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
    for page, target, fragment in anchors:
        if target in ids and fragment not in ids[target]:
            problems.append(f"{page}: anchor #{fragment} not found in {target}")
    return responses, problems


def test_every_page_link_asset_and_anchor_works_under_the_sub_path(served):
    base, site = served
    responses, problems = crawl(base)
    assert problems == []
    pages = [u for u, (_, h, _) in responses.items() if h.get("content-type", "").startswith("text/html")]
    built = [p for p in site.rglob("*.html") if p.name == "index.html"]
    assert len(pages) >= len(built) > 20, (len(pages), len(built))
    for must in ("feeds/lectures.xml", "feeds/lectures.ics", "site-map/", "search/farun-search.json"):
        assert base + must in responses or must.startswith("search"), must


def test_headers_caching_and_gzip(served):
    base, site = served
    status, headers, _ = fetch(base)
    assert status == 200
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-cache"
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).relative_to(site).as_posix()
    status, headers, body = fetch(base + bundle, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["x-content-type-options"] == "nosniff" and "content-security-policy" in headers
    status, headers, _ = fetch(base + "assets/stylesheets/farun.css")
    assert status == 200 and headers["cache-control"] == "no-cache"  # not fingerprinted
    status, headers, _ = fetch(base + "feeds/lectures.ics")
    assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
    for feed in ("feeds/lectures.xml", "feeds/notices.xml"):  # Atom, not the text/xml of mime.types
        status, headers, _ = fetch(base + feed)
        assert status == 200 and headers["content-type"] == "application/atom+xml; charset=utf-8", headers
        assert headers["cache-control"] == "no-cache" and "content-security-policy" in headers
    status, headers, _ = fetch(base + "sitemap.xml")
    assert status == 200 and headers["content-type"].startswith("text/xml")
    status, _, _ = fetch(base + "feeds/no-such-feed.xml")
    assert status == 404
    status, headers, _ = fetch(base + "lectures")
    assert status == 301 and headers["location"] == PREFIX + "lectures/"


def test_404_page_is_materials_with_working_assets(served):
    base, _ = served
    status, headers, body = fetch(base + "no/such/page/")
    assert status == 404
    assert headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    page = _parse(body)
    text = body.decode("utf-8")
    assert "404" in text and "md-content" in text
    assets = [ref for ref, is_asset in page.refs if is_asset or ref.endswith(".css")]
    assert any("bundle" in ref for ref in assets) and any("main." in ref for ref in assets)
    for ref in assets:
        assert ref.startswith(PREFIX), f"404 asset not under the sub-path: {ref}"
        assert fetch(urljoin(base, ref))[0] == 200, ref


def _policy() -> str:
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    return re.search(r'add_header Content-Security-Policy "([^"]+)"', text)[1]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>(.*?)</script>", re.S)


def test_csp_lists_the_hash_of_every_inline_script(served):
    _, site = served
    policy = _policy()
    hashes: dict[str, str] = {}
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for body in INLINE_SCRIPT.findall(html):
            digest = "sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            hashes.setdefault(digest, f"{page.relative_to(site)}: {body.strip()[:60]}")
        assert not re.search(r"\son[a-z]+=\"", html), f"{page}: inline event handler (blocked by the CSP)"
        assert not re.search(r"<[a-z][^>]*\sstyle=\"", html), f"{page}: style attribute (blocked by the CSP)"
    missing = {h: where for h, where in hashes.items() if f"'{h}'" not in policy}
    assert not missing, f"add these to script-src in deploy/nginx.conf: {missing}"
    assert len(hashes) <= 3, hashes  # Material's base script must stay moved out (one hash per folder depth otherwise)


def test_chromium_search_and_404_with_zero_csp_violations(served, browser):
    base, _ = served
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console.append(str(exc)))
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    failed: list[str] = []
    page.on("response", lambda res: failed.append(f"{res.status} {res.url}") if res.status >= 400 else None)
    violations: list[str] = []
    for path in ("", "lectures/", "cases/", "notices/", "laws/", "site-map/"):
        page.goto(base + path, wait_until="networkidle")
        violations += page.evaluate("window.__csp")
    item = page.locator(".md-content a[href*='lectures/20']").first.get_attribute("href")
    page.goto(urljoin(base + "lectures/", item), wait_until="networkidle")
    violations += page.evaluate("window.__csp")
    page.goto(base, wait_until="networkidle")
    page.locator("input.md-search__input").focus()
    # Chinese arrives as text input (as from an IME); Material reads the query on keyup.
    page.keyboard.type("行政复议", delay=30)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert links and all(link.startswith(base) for link in links), links
    assert any("xingzheng-fuyi" in link for link in links), links
    page.goto(links[0], wait_until="networkidle")
    assert fetch(urldefrag(links[0])[0])[0] == 200
    violations += page.evaluate("window.__csp")
    response = page.goto(base + "no/such/page/", wait_until="networkidle")
    assert response.status == 404
    assert page.locator(".md-header").is_visible() and page.locator("h1").inner_text() == "404 - 页面未找到"
    styled = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
    assert styled == "sticky", "404 page without Material's stylesheet"
    violations += page.evaluate("window.__csp")
    context.close()
    assert violations == []
    assert [m for m in console if "Content Security Policy" in m or "Refused" in m] == []
    assert failed == [f"404 {base}no/such/page/"]  # only the page that is meant to be missing
    assert [m for m in console if not m.startswith("Failed to load resource")] == []
    assert all(r.startswith(base) for r in requests), [r for r in requests if not r.startswith(base)]
