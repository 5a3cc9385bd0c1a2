"""#27.4/#27.6: published file types are an allowlist checked by name and content; the project's own assets
are a declared list; nothing of overrides/ but templates is published."""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given, settings, strategies as st

from support import LECTURE, ROOT, farun, mkdocs_build

from farun.publish.static_files import OWN_ASSETS, PUBLISHED_KINDS, kind_of, named_in_config, refusal, type_problem

ACTIVE = [
    ".html",
    ".htm",
    ".xht",
    ".xhtml",
    ".shtml",
    ".xml",
    ".xsl",
    ".xslt",
    ".svg",
    ".svgz",
    ".js",
    ".mjs",
    ".cjs",
    ".css",
    ".swf",
    ".wasm",
    ".map",
    ".php",
    ".hta",
    ".mht",
    ".mhtml",
    ".rdf",
    ".xbl",
    ".jsp",
    ".appcache",
    ".manifest",
    ".webmanifest",
    ".json",
    ".md",
    ".xsd",
    ".vbs",
    ".bat",
    ".exe",
    ".jar",
    ".class",
    "",
]
PAGE = b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(document.domain)</script></body></html>'
MARKUP_STARTS = [
    "<!DOCTYPE html>",
    "<html>",
    "<HEAD>",
    "<script>",
    "<iframe src=x>",
    "<svg xmlns='x'>",
    "<?xml version='1.0'?>",
    "<!-- c -->",
    "<p>",
    "<a href=x>",
    "<b>",
    "<div>",
    "<body onload=x>",
    "<style>",
    "<title>t</title>",
]


def case(text: str):
    return st.tuples(*[st.sampled_from([c.lower(), c.upper()]) for c in text]).map("".join) if text else st.just("")


@settings(max_examples=150, deadline=None)
@given(
    ext=st.sampled_from(ACTIVE).flatmap(case),
    folder=st.sampled_from(["", "media/", "files/", "assets/", "assets/javascripts/", "assets/images/", "lectures/"]),
    head=st.sampled_from([PAGE, b"alert(1)", b"", b"\x89PNG\r\n\x1a\n"]),
)
def test_active_types_are_refused_anywhere_but_the_declared_assets(ext, folder, head):
    src = f"{folder}x{ext}"
    assert type_problem(src, head).startswith(f"文件类型 {ext.lower() or '（没有扩展名）'} 不在可以发布的类型中")


@settings(max_examples=150, deadline=None)
@given(
    ext=st.sampled_from(sorted(PUBLISHED_KINDS)).flatmap(case),
    start=st.sampled_from(MARKUP_STARTS).flatmap(case),
    lead=st.sampled_from(["", " ", "\n\t", "\ufeff"]),
    tail=st.text(max_size=20),
)
def test_a_page_under_an_allowed_name_is_refused_by_its_content(ext, start, lead, tail):
    head = (lead + start + tail).encode("utf-8")
    assert kind_of(head) == "MARKUP"
    assert "文件内容是网页或 XML" in type_problem(f"files/x{ext}", head)
    utf16 = b"\xff\xfe" + (start + tail).encode("utf-16-le")
    assert "文件内容是网页或 XML" in type_problem(f"files/x{ext}", utf16)


GOOD = {
    ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".gif": b"GIF89a",
    ".webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    ".pdf": b"%PDF-1.7\n",
    ".mp4": b"\x00\x00\x00\x18ftypisom",
    ".webm": b"\x1a\x45\xdf\xa3",
    ".mp3": b"ID3\x04",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ".vtt": b"WEBVTT\n\n",
    ".txt": "普通说明文字 a < b".encode(),
    ".csv": b"a,b\n1,2\n",
    ".zip": b"PK\x03\x04",
    ".wav": b"RIFF\x00\x00\x00\x00WAVE",
    ".avif": b"\x00\x00\x00\x1cftypavif",
    ".ico": b"\x00\x00\x01\x00",
    ".srt": b"1\n00:00:01,000 --> 00:00:02,000\n",
}


@pytest.mark.parametrize("ext", sorted(GOOD))
def test_allowed_types_with_their_own_bytes_pass(ext):
    assert type_problem(f"files/x{ext}", GOOD[ext]) == ""
    assert type_problem(f"files/x{ext.upper()}", GOOD[ext]) == ""


@settings(max_examples=100, deadline=None)
@given(ext=st.sampled_from(sorted(GOOD)), other=st.sampled_from(sorted(GOOD)))
def test_bytes_of_another_type_are_refused(ext, other):
    accepted = PUBLISHED_KINDS[ext]
    problem = type_problem(f"files/x{ext}", GOOD[other])
    same = kind_of(GOOD[other]) in accepted or (
        "TEXT" in accepted and kind_of(GOOD[other]) in {"TEXT", "SRT", "WEBVTT", "EMPTY"}
    )
    assert (problem == "") is same, (ext, other, problem)
    if not same:
        assert f"与扩展名 {ext} 不符" in problem


def test_declared_assets_are_what_docs_assets_holds_and_the_templates_load():
    on_disk = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs/assets").rglob("*") if p.is_file()}
    assert on_disk == set(OWN_ASSETS)
    loaded = set(
        re.findall(
            r"assets/(?:javascripts|stylesheets|images)/[\w.-]+\.(?:js|css|png|svg)",
            "".join(p.read_text(encoding="utf-8") for p in (ROOT / "overrides").rglob("*.html"))
            + (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
            + (ROOT / "docs/assets/javascripts/search.js").read_text(encoding="utf-8"),
        )
    )
    assert loaded - {"assets/images/covers/site.png", "assets/images/dzjg.png", "assets/images/emblem.png"} <= set(
        OWN_ASSETS
    )  # drawn; named by gov_mark_image, bureau_emblem
    assert named_in_config({"extra": {"gov_mark_image": "assets/images/dzjg.png"}, "extra_css": ["/assets/x.css"]}) == {
        "assets/images/dzjg.png",
        "assets/x.css",
    }


def test_refusal_names_the_file_and_refuses_everything_in_overrides(tmp_path):
    docs, custom = tmp_path / "docs", tmp_path / "overrides"
    (docs / "assets/javascripts").mkdir(parents=True)
    custom.mkdir()
    (docs / "assets/javascripts/evil.js").write_text("alert(1)")
    (docs / "assets/javascripts/farun.js").write_text("ok()")
    (docs / "notes.txt").write_bytes(PAGE)
    (custom / "x.txt").write_text("x")
    own = set(OWN_ASSETS)
    ask = lambda rel, base=docs: refusal(rel, str(base / rel), str(docs), str(custom), own)  # noqa: E731
    assert ask("assets/javascripts/farun.js") == ""
    assert ask("assets/javascripts/evil.js").startswith(
        "docs/assets/javascripts/evil.js：文件类型 .js 不在可以发布的类型中"
    )
    assert ask("notes.txt").startswith(
        "docs/notes.txt：文件内容是网页或 XML（HTML、XHTML、SVG、XML、脚本），与扩展名 .txt 不符"
    )
    assert ask("x.txt", custom).startswith("overrides/x.txt：overrides/ 中只放页面模板（.html），其他文件不会发布")


def test_real_build_publishes_no_active_file_and_nothing_of_overrides(project, tmp_path):
    files = {"lectures/2023-03-a.md": LECTURE + "\n[附件](../files/x.xht)\n", "files/x.xht": PAGE.decode()}
    proj = project(files)
    (proj / "overrides/notes.txt").write_text("覆盖目录里的文字", encoding="utf-8")
    out = tmp_path / "site"
    result = farun(proj, "build")  # as staff run it: mkdocs_build's -q would hide the warnings --strict counts
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not (proj / "site").exists()
    assert "不发布 docs/files/x.xht：文件类型 .xht 不在可以发布的类型中" in result.stderr, result.stderr
    assert "不发布 overrides/notes.txt：overrides/ 中只放页面模板" in result.stderr, result.stderr
    assert not (out / "files/x.xht").exists()
    # Without them, and with a page of script under docs/assets/ that nothing uses: built, none of them published.
    (proj / "docs/files/x.xht").unlink()
    (proj / "overrides/notes.txt").unlink()
    (proj / "docs/lectures/2023-03-a.md").write_text(LECTURE, encoding="utf-8")
    from PIL import Image

    Image.new("RGB", (8, 8), "white").save(proj / "docs/assets/images/map.png")
    ok = mkdocs_build(proj, out)
    assert ok.returncode == 0, ok.stderr
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {posixpath.join(*a.split("/")) for a in OWN_ASSETS} <= published
    assert "assets/images/map.png" not in published  # under assets/, but no page uses it
