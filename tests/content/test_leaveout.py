"""The degraded build's list of left-out files (runtime/leaveout.py): who reads it, what it is made from."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from farun.runtime import leaveout
from farun.runtime.errors import ContentError
from farun.content.tree import walk
from farun.pii.scan import source_files
from farun.publish.static_files import refusal
from farun.runtime.errors import StaffError


def test_problems_are_grouped_by_the_file_under_docs_they_are_in():
    errors = [
        ContentError("docs/lectures/b.md", 3, "date（日期）应为 YYYY-MM-DD 格式，实际为 “2024/3/15”"),
        ContentError("docs/lectures/b.md", 0, "含有手机号 159****6600：个人信息不得公开"),
        ContentError("mkdocs.yml", 0, "extra.pii_unscanned_files 中的 “x.pdf” 在 docs/ 中不存在"),
        ContentError("docs/", 1, "空路径"),
    ]
    files, elsewhere = leaveout.by_file(errors, "docs")
    assert files == {
        "lectures/b.md": [
            "docs/lectures/b.md:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2024/3/15”",
            "docs/lectures/b.md:0: 含有手机号 159****6600：个人信息不得公开",
        ]
    }
    assert elsewhere == ["mkdocs.yml:0: extra.pii_unscanned_files 中的 “x.pdf” 在 docs/ 中不存在", "docs/:1: 空路径"]


def test_engine_messages_name_files_as_docs_paths_or_in_mkdocs_quotes():
    known = ["lectures/a.md", "lectures/a.md.bak", "notices/p.md", "files/x.pdf"]
    link = "Doc file 'lectures/a.md' contains a link 'b.md', but the target is not found among documentation files."
    assert leaveout.named(link, known, "docs") == {"lectures/a.md"}
    pii = "网站文件 lectures/index.html:12: 含有手机号 159****6600（来源：docs/notices/p.md:9；建议改写为 159****6600）"
    assert leaveout.named(pii, known, "docs") == {"notices/p.md"}
    assert leaveout.named("Aborted with 2 warnings in strict mode!", known, "docs") == set()


def test_without_the_variable_nothing_is_left_out_and_a_bad_list_is_a_chinese_error(tmp_path, monkeypatch):
    monkeypatch.delenv(leaveout.ENV, raising=False)
    assert leaveout.left_out() == {} and leaveout.keep(["a"]) == ["a"]
    bad = tmp_path / "list.json"
    bad.write_text("{", encoding="utf-8")
    monkeypatch.setenv(leaveout.ENV, str(bad))
    with pytest.raises(StaffError, match="降级构建的略去文件清单 .* 无法读取"):
        leaveout.left_out()


def test_every_reader_of_docs_skips_the_left_out_files(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    for rel in ("lectures/a.md", "lectures/b.md", "files/x.pdf", "x.html", "about.md"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("x", encoding="utf-8")
    listed = tmp_path / "list.json"
    leaveout.write(listed, {"lectures/b.md": ["docs/lectures/b.md:3: …"], "files/x.pdf": ["…"], "x.html": ["…"]})
    assert json.loads(listed.read_text(encoding="utf-8"))["files"]["x.html"] == ["…"]
    refused = lambda rel: refusal(rel, str(docs / rel), str(docs), None, set())  # noqa: E731
    assert refused("x.html")
    monkeypatch.setenv(leaveout.ENV, str(listed))
    assert walk(docs)[0] == ["about.md", "lectures/a.md"]
    assert [p.relative_to(docs).as_posix() for p in source_files(docs)] == ["about.md", "lectures/a.md"]
    assert refused("x.html") == ""  # not published at all: no warning that would stop the degraded build


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "docs/lectures/a.md",
                    "docs/notices/年报.md",
                    "docs/files/x y.pdf",
                    "mkdocs.yml",
                    "docs",
                    "docsx/a.md",
                    "docs/a.md",
                ]
            ),
            st.integers(0, 40),
            st.text(min_size=1, max_size=20),
        ),
        max_size=12,
    )
)
def test_every_problem_is_either_pinned_on_its_file_or_reported_as_elsewhere(items):
    errors = [ContentError(path, line, message) for path, line, message in items]
    files, elsewhere = leaveout.by_file(errors, "docs")
    assert sum(map(len, files.values())) + len(elsewhere) == len(errors)
    for rel, messages in files.items():
        assert all(m.startswith(f"docs/{rel}:") for m in messages)
    assert elsewhere == [str(e) for e in errors if not (e.path.startswith("docs/") and len(e.path) > len("docs/"))]
