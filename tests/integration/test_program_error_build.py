"""Issue 24 point 5, through the engine: a bug during a build is 程序错误, with its traceback behind -v."""

from __future__ import annotations

from support import LECTURE, farun

# A hook that fails as a programming slip would: not a PluginError with a Chinese message.
SLIP = """
def on_config(config):
    return {}["series_name"]
"""


def test_a_bug_during_the_build_is_said_as_a_program_error(project):
    proj = project({"lectures/a.md": LECTURE})
    (proj / "slip.py").write_text(SLIP, encoding="utf-8")
    config = proj / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:", "hooks:\n  - slip.py", 1), encoding="utf-8")
    quiet = farun(proj, "build")
    assert quiet.returncode == 1
    assert "程序错误：KeyError: 'series_name'\n这是程序本身的问题" in quiet.stderr and "网站管理员" in quiet.stderr
    assert "Traceback" not in quiet.stderr and "构建失败" in quiet.stderr
    assert not (proj / "site").exists()
    verbose = farun(proj, "build", "-v")
    assert verbose.returncode == 1
    assert "Traceback (most recent call last):" in verbose.stderr and 'slip.py", line 3, in on_config' in verbose.stderr
    assert "程序错误：KeyError: 'series_name'" in verbose.stderr
