"""The installed theme's own files are scanned once per machine, and only byte-identical copies count."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from farun.pii import scan as pii_scan
from farun.pii import theme_memo as pii_theme
from support import mkdocs_build

MOBILE, M_MASK = "15958126600", "159****6600"
BUNDLE = "assets/javascripts/bundle.test.min.js"


def _setup(tmp_path, monkeypatch, allow=()):
    theme, site_dir, docs = tmp_path / "theme", tmp_path / "site", tmp_path / "docs"
    for root in (theme, site_dir):
        (root / "assets" / "javascripts").mkdir(parents=True)
        (root / BUNDLE).write_text("var version='9.8.2',n=1234567;", encoding="utf-8")
        (root / "assets" / "x.css").write_text(".a{width:12px}", encoding="utf-8")
    (theme / "404.html").write_text("<p>404</p>", encoding="utf-8")
    (site_dir / "404.html").write_text("<p>404</p>", encoding="utf-8")
    docs.mkdir()
    site = SimpleNamespace(settings=SimpleNamespace(pii_allowlist=list(allow), pii_unscanned_files={}),
                           collection=SimpleNamespace(today=dt.date(2026, 11, 25)), docs_dir=docs)
    calls = []
    real = pii_scan.scan_file
    monkeypatch.setattr(pii_scan, "scan_file", lambda rel, *a: calls.append(rel) or real(rel, *a))
    memo_path = tmp_path / "machine" / "pii-theme.json"

    def scan(year=2026):
        calls.clear()
        memo = pii_theme.ThemeMemo(pii_scan._cache_key((), {}, year), theme, memo_path)
        return pii_scan.scan_site(site, site_dir, None, memo), sorted(set(calls))  # no project cache: a cold build

    return theme, site_dir, site, memo_path, scan


def test_theme_copies_are_read_once_per_machine(tmp_path, monkeypatch):
    theme, site_dir, site, memo_path, scan = _setup(tmp_path, monkeypatch)
    assert scan() == ([], ["404.html", BUNDLE, "assets/x.css"])
    assert len(json.loads(memo_path.read_text(encoding="utf-8")).popitem()[1]) == 2  # digests only
    assert scan() == ([], ["404.html"])  # the next cold build reads only what is not the theme's
    assert scan(year=2027) == ([], ["404.html", BUNDLE, "assets/x.css"])  # another detector key: read again
    assert scan() == ([], ["404.html"]) and len(json.loads(memo_path.read_text(encoding="utf-8"))) == 2


def test_a_file_shadowing_a_theme_file_is_always_read(tmp_path, monkeypatch):
    # docs/ or overrides/ may put other bytes under the theme's path: those are staff's and read every time.
    theme, site_dir, site, memo_path, scan = _setup(tmp_path, monkeypatch)
    scan()
    (site_dir / BUNDLE).write_text(f"var contact='{MOBILE}';", encoding="utf-8")
    for _ in range(2):
        problems, read = scan()
        assert BUNDLE in read and len(problems) == 1 and M_MASK in problems[0] and MOBILE not in problems[0]
    (site_dir / BUNDLE).write_text("var version='9.8.2',n=1234567; ", encoding="utf-8")  # one byte more
    assert BUNDLE in scan()[1]


def test_a_theme_file_with_a_finding_is_never_remembered(tmp_path, monkeypatch):
    theme, site_dir, site, memo_path, scan = _setup(tmp_path, monkeypatch)
    for root in (theme, site_dir):
        (root / BUNDLE).write_text(f"var demo='{MOBILE}';", encoding="utf-8")
    for _ in range(2):
        problems, read = scan()
        assert BUNDLE in read and [M_MASK in p for p in problems] == [True]
    site.settings.pii_allowlist = [MOBILE]  # allowed for this project: not reported, still not remembered
    for _ in range(2):
        assert scan() == ([], ["404.html", BUNDLE])
    assert len(json.loads(memo_path.read_text(encoding="utf-8")).popitem()[1]) == 1  # x.css only


def test_an_unwritable_machine_cache_costs_only_time(tmp_path, monkeypatch):
    theme, site_dir, site, memo_path, scan = _setup(tmp_path, monkeypatch)
    memo_path.parent.parent.mkdir(exist_ok=True)
    memo_path.parent.write_text("not a folder", encoding="utf-8")
    for _ in range(2):
        assert scan() == ([], ["404.html", BUNDLE, "assets/x.css"])
    memo_path.parent.unlink()
    memo_path.parent.mkdir()
    memo_path.write_text("{broken", encoding="utf-8")
    assert scan()[1] == ["404.html", BUNDLE, "assets/x.css"] and scan()[1] == ["404.html"]


def test_the_installed_theme_and_the_machine_cache_are_found(tmp_path, monkeypatch):
    root = pii_theme.theme_dir()
    assert root is not None and list((root / "assets" / "javascripts").glob("bundle.*.min.js"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert pii_theme.machine_cache_path() == tmp_path / "farun" / "pii-theme.json"
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(pii_theme.Path, "home", staticmethod(no_home))
    assert pii_theme.machine_cache_path() is None
    memo = pii_theme.ThemeMemo("k", root, None)
    memo.add("d")
    memo.save()  # nothing to write to, no error
    assert memo.known == {"d"}


def test_a_build_remembers_the_theme_bundles_on_the_machine(project, tmp_path):
    proj = project({})
    machine = tmp_path / "xdg"
    assert mkdocs_build(proj, tmp_path / "out", extra_env={"XDG_CACHE_HOME": str(machine)}).returncode == 0
    (digests,) = json.loads((machine / "farun" / "pii-theme.json").read_text(encoding="utf-8")).values()
    bundles = [p for p in (tmp_path / "out" / "assets" / "javascripts").glob("bundle.*.min.js")]
    assert len(bundles) == 1 and len(digests) >= 5  # bundle, search worker, style sheets, their source maps
