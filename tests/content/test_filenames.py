"""#27.9: names that meet on Windows or macOS, Windows' reserved names, generated addresses staff could take."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st

from support import LECTURE, TEST_DAY, make_project, mkdocs_build

from farun.cli import read_config
from farun.content.filenames import WINDOWS_DEVICES, file_problems, fold, term_slug, top_page_problems, windows_reserved
from farun.content.settings import load_settings
from farun.content.text import slugify
from farun.site.engine import validate
from support import ROOT

SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
DEVICES = sorted(d for d in WINDOWS_DEVICES if d.isascii() and d.isalnum())


def any_case(text: str):
    return st.tuples(*[st.sampled_from([c.lower(), c.upper()]) for c in text]).map("".join) if text else st.just("")


EXTENSIONS = st.sampled_from(["", ".md", ".pdf", ".jpg", ".tar.gz", ".txt", ".MD", ".Md"])
TAILS = st.sampled_from(["", ".", " ", ". ", "..", "  "])
RESERVED = st.builds(
    lambda stem, ext, tail: stem + ext + tail, st.sampled_from(DEVICES).flatmap(any_case), EXTENSIONS, TAILS
)
FOLDERS = st.sampled_from(["", "media/", "lectures/", "files/2024/", "images/"])


@settings(max_examples=150, deadline=None)
@given(folder=FOLDERS, name=RESERVED)
def test_windows_reserved_names_are_refused_with_any_extension_and_case(folder, name):
    errors = file_problems([folder + name], "docs")
    assert len(errors) == 1 and errors[0].path == f"docs/{folder}{name}"
    assert f"文件名 “{name}” 是 Windows 的保留名称" in errors[0].message
    assert not windows_reserved(errors[0].hint.split("例如 ", 1)[1]), errors[0].hint


@settings(max_examples=80, deadline=None)
@given(
    folder=FOLDERS,
    stem=st.sampled_from(DEVICES).flatmap(any_case),
    tail=st.sampled_from(["1", "0", "x", "-a", "sole", "10"]),
    ext=EXTENSIONS.filter(lambda e: e != ""),
)
def test_names_that_only_begin_like_a_device_pass(folder, stem, tail, ext):
    name = stem + tail + ext
    assert not windows_reserved(name)
    if not name.lower().startswith(("com0", "lpt0")):
        assert file_problems([folder + name], "docs") == []


def test_reserved_folder_and_trailing_dot_are_refused():
    assert [str(e) for e in file_problems(["media/aux/x.pdf", "files/a.pdf.", "files/b?.pdf"], "docs")] == [
        "docs/media/aux/x.pdf:1: 文件名 “aux” 是 Windows 的保留名称（CON、PRN、AUX、NUL、COM1–COM9、LPT1–LPT9，大小写、扩展名都不影响），"
        "在 Windows 电脑上无法创建、复制或构建（建议：请改名，例如 aux-1）",
        "docs/files/a.pdf.:1: 文件名 “a.pdf.” 以点或空格结尾：Windows 会去掉末尾的点和空格，与另一个文件重名或打不开（建议：请改名，例如 a.pdf）",
        'docs/files/b?.pdf:1: 文件名 “b?.pdf” 含有 Windows 文件名中不能使用的字符（< > : " \\ | ? * 或控制字符）（建议：请改名，例如 b-.pdf）',
    ]


NAMES = st.text(alphabet="abcdeéüåñ行政复议-", min_size=1, max_size=8)


def variant(name: str, flips: list[bool], nfd: bool) -> str:
    changed = "".join(c.upper() if flip else c for c, flip in zip(name, flips + [False] * len(name)))
    return unicodedata.normalize("NFD" if nfd else "NFC", changed)


@settings(max_examples=120, deadline=None)
@given(folder=FOLDERS, name=NAMES, flips=st.lists(st.booleans(), max_size=8), nfd=st.booleans(), ext=EXTENSIONS)
def test_files_differing_only_in_case_or_normalisation_are_refused_naming_both(folder, name, flips, nfd, ext):
    first = folder + unicodedata.normalize("NFC", name) + ext
    second = folder + variant(name, flips, nfd) + ext
    errors = [e for e in file_problems(sorted({first, second}), "docs") if "只有大小写" in e.message]
    if first == second:
        assert errors == []
        return
    assert fold(first) == fold(second)
    assert {e.path for e in errors} == {f"docs/{first}", f"docs/{second}"}
    for error in errors:
        other = f"docs/{second}" if error.path == f"docs/{first}" else f"docs/{first}"
        assert error.message.startswith(f"文件名与 {other} 只有大小写或 Unicode 写法（NFC/NFD）不同")


@settings(max_examples=80, deadline=None)
@given(word=st.sampled_from(DEVICES + ["index"]).flatmap(any_case), ext=st.sampled_from(["", ".txt", ".x"]))
def test_term_pages_never_take_a_reserved_or_generated_name(word, ext):
    slug = slugify(word + ext)
    assert not windows_reserved(slug) and fold(slug) != "index" and slug == term_slug(slug)
    assert slugify("行政复议") == "行政复议" and slugify("《道路运输条例》") == "道路运输条例"


def test_top_level_page_taking_a_generated_address_is_refused():
    assert [str(e) for e in top_page_problems(["topics.md", "Search.md", "about.md", "media/x.md"], "docs")] == [
        "docs/topics.md:1: 页面 topics.md 的网址 topics/ 与系统生成的栏目或文件重名，会被覆盖或覆盖它（建议：请换一个文件名，例如 topics-page.md）",
        "docs/Search.md:1: 页面 Search.md 的网址 Search/ 与系统生成的栏目或文件重名，会被覆盖或覆盖它（建议：请换一个文件名，例如 Search-page.md）",
    ]


def lecture(episode: int, tags: str, speaker: str = "陈立新") -> str:
    return (
        LECTURE.replace("episode: 1", f"episode: {episode}")
        .replace("tags: [行政复议, 依法行政]", f"tags: [{tags}]")
        .replace("speaker: 陈立新", f"speaker: {speaker}")
    )


def test_terms_meeting_on_one_address_are_refused_naming_both(tmp_path):
    docs = (
        make_project(
            tmp_path / "p",
            {
                "lectures/2023-03-a.md": lecture(1, "Tax, 行政-复议"),
                "lectures/2023-04-b.md": lecture(2, "tax", speaker="王某某"),
                "lectures/2023-05-c.md": lecture(3, "行政/复议", speaker="王某某"),
            },
        )
        / "docs"
    )
    _, errors = validate(docs, SETTINGS, TEST_DAY)
    text = [str(e) for e in errors]
    assert (
        "docs/lectures/2023-03-a.md:7: 主题 “Tax” 与 “tax”（docs/lectures/2023-04-b.md）的页面网址相同（topics/Tax/，不区分大小写和 Unicode 写法），"
        "一个会覆盖另一个（建议：统一成同一种写法，或改用能区分的主题名称）" in text
    ), text
    assert any(
        t.startswith("docs/lectures/2023-04-b.md:7: 主题 “tax” 与 “Tax”（docs/lectures/2023-03-a.md）") for t in text
    ), text
    assert any("主题 “行政-复议” 与 “行政/复议”" in t for t in text), text


def test_real_build_with_a_topic_called_index_keeps_both_pages(tmp_path):
    proj = make_project(tmp_path / "p", {"lectures/2023-03-a.md": lecture(1, "index, CON, 行政复议")})
    out = tmp_path / "site"
    result = mkdocs_build(proj, out)
    assert result.returncode == 0, result.stderr
    listing = (out / "topics/index.html").read_text(encoding="utf-8")
    assert "全部主题" in listing and 'href="_index/"' in listing and 'href="_CON/"' in listing
    assert "主题：<strong>index</strong>" in (out / "topics/_index/index.html").read_text(encoding="utf-8")
    assert (out / "topics/_CON/index.html").is_file()
    for path in out.rglob("*"):
        for part in path.relative_to(out).parts:
            assert not windows_reserved(part), path


@settings(max_examples=150, deadline=None)
@given(
    name=NAMES,
    flips=st.lists(st.booleans(), max_size=8),
    nfd=st.booleans(),
    folder=st.sampled_from(["topics", "speakers", "laws"]),
)
def test_terms_differing_only_in_case_or_normalisation_are_refused_naming_both(name, flips, nfd, folder):
    from farun.content.filenames import term_clashes

    first, second = unicodedata.normalize("NFC", name), variant(name, flips, nfd)
    uses = {first: [("docs/lectures/a.md", 7)]} | {second: [("docs/lectures/b.md", 7)]}
    errors = term_clashes(uses, folder, "主题", slugify)
    if first == second:
        assert errors == []
        return
    assert {e.path for e in errors} == {"docs/lectures/a.md", "docs/lectures/b.md"}
    assert all(f"的页面网址相同（{folder}/" in e.message for e in errors)
