"""Commands never clobber or execute: generate --out guards its folder, make passes values as data."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from support import NOTICE, ROOT, farun


@pytest.mark.slow  # ~4 s of CPU: a farun process per refused folder
def test_generate_refuses_docs_and_anything_inside_it(project):
    proj = project({"notices/2024-01-tongzhi.md": NOTICE})
    staff = (proj / "docs/notices/2024-01-tongzhi.md").read_bytes()
    for out in ("docs", "docs/notices", str(proj / "docs"), "docs/../docs/lectures", "."):
        result = farun(proj, "generate", "--out", out)
        assert result.returncode == 2, (out, result.stdout, result.stderr)
        assert "不能把生成的页面写到" in result.stderr and "Traceback" not in result.stderr
    assert (proj / "docs/notices/2024-01-tongzhi.md").read_bytes() == staff
    assert not (proj / "docs/notices/index.md").exists()


def test_generate_refuses_a_folder_it_did_not_create(project, tmp_path):
    proj = project({"notices/2024-01-tongzhi.md": NOTICE})
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.md").write_text("我的文件", encoding="utf-8")
    result = farun(proj, "generate", "--out", str(mine))
    assert result.returncode == 2 and "不是空的，也不是 make generate 创建的" in result.stderr
    assert (mine / "index.md").read_text(encoding="utf-8") == "我的文件"
    link = tmp_path / "link-to-docs"
    link.symlink_to(proj / "docs")
    assert farun(proj, "generate", "--out", str(link)).returncode == 2


def test_generate_reuses_its_own_folder_and_replaces_only_its_files(project, tmp_path):
    proj = project({"notices/2024-01-tongzhi.md": NOTICE})
    out = tmp_path / "generated"
    assert farun(proj, "generate", "--out", str(out)).returncode == 0
    assert (out / "notices/index.md").is_file() and (out / ".farun-generated").is_file()
    (out / "notes.txt").write_text("留着", encoding="utf-8")
    (out / "topics").mkdir(exist_ok=True)
    (out / "topics/stale.md").write_text("x", encoding="utf-8")
    again = farun(proj, "generate", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "留着" and (out / "notices/index.md").is_file()


HOSTILE_VALUES = [
    "`touch PWN1`",
    "$(touch PWN2)",
    "$(shell touch PWN3)",
    "'; touch PWN4; echo '",
    '"; touch PWN5; "',
    "$$HOME",
]


@pytest.fixture
def make_project(project):
    """A project folder that runs the real Makefile with the repository's virtualenv."""
    proj = project({})
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, proj / name)
    return proj


def _make(proj, *args):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764043200", "NO_COLOR": "1"}
    return subprocess.run(
        ["make", "-s", f"VENV={ROOT / '.venv'}", *args],
        cwd=proj,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def test_make_passes_title_and_speaker_as_data(make_project):
    title = "《信访工作条例》" + "".join(HOSTILE_VALUES)
    result = _make(
        make_project,
        "new-lecture",
        "SLUG=xinfang",
        f"TITLE={title}",
        "SPEAKER=张三$(touch PWN6)`touch PWN7`",
        "DATE=2024-05-15",
    )
    assert not list(make_project.glob("PWN*")), result.stdout + result.stderr
    written = list((make_project / "docs/lectures").glob("*xinfang.md"))
    assert written, result.stdout + result.stderr
    text = written[0].read_text(encoding="utf-8")
    assert "touch PWN1" in text and "$(shell touch PWN3)" in text and "张三$(touch PWN6)`touch PWN7`" in text


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_make_import_passes_the_file_name_as_data(make_project, value):
    result = _make(make_project, "import", f"FILE=台账{value}.xlsx", "PARTIAL=1")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not list(make_project.glob("PWN*")), result.stdout + result.stderr


def test_make_generate_out_is_data_and_refuses_docs(make_project):
    result = _make(make_project, "generate", "OUT=docs")
    assert result.returncode != 0 and "不能把生成的页面写到 docs" in result.stderr
    result = _make(make_project, "generate", "OUT=out $(touch PWN8)`touch PWN9`")
    assert result.returncode == 0, result.stderr
    assert not list(make_project.glob("PWN*")) and (make_project / "out $(touch PWN8)`touch PWN9`/index.md").is_file()
