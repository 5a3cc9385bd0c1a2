"""Images the build keeps in .cache/ are published as hard links to them (no bytes written on a rebuild)."""

from __future__ import annotations

import importlib.util
import os

from support import ROOT, make_project, mkdocs_build


def test_drawn_images_in_the_site_are_the_cached_files(tmp_path):
    proj = make_project(tmp_path / "p", {}, keep_sample=True)
    for out in (
        "s1",
        "s2",
    ):  # drawn during the first build (copied after rendering), taken from the cache in the second
        assert mkdocs_build(proj, tmp_path / out).returncode == 0
        published = sorted((tmp_path / out / "assets" / "images" / "covers").rglob("*.png"))
        cached = {os.stat(p).st_ino for p in (proj / ".cache" / "images").iterdir()}
        assert len(published) > 5 and all(os.stat(p).st_ino in cached for p in published), out


def test_a_refused_link_falls_back_to_a_copy(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("farun_hook_links", ROOT / "scripts" / "farun" / "hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    source = tmp_path / "cache" / "a.png"
    source.parent.mkdir()
    source.write_bytes(b"\x89PNG drawn")
    target = tmp_path / "site" / "assets" / "a.png"

    class Linked(hook._Linked):
        def __init__(self):  # just what copy_file reads
            self.abs_src_path, self._content = str(source), None

        abs_dest_path = str(target)
        src_uri = "assets/a.png"

    def refuse(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    Linked().copy_file()
    assert target.read_bytes() == source.read_bytes() and not os.path.samefile(target, source)
    monkeypatch.undo()
    Linked().copy_file()  # an older copy is replaced by the link
    assert os.path.samefile(target, source)
