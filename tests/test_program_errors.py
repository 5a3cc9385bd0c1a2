"""Issue 24 point 5: a StaffError is a Chinese message; any other exception is a bug, said as 程序错误.

Before, ValueError was the stop protocol, so a programming slip that raised ValueError (or a KeyError
anywhere) reached staff as a bare English line or nothing at all. These tests inject such a slip and
require 程序错误 with where to report it, and the traceback behind -v.
"""

from __future__ import annotations

import pytest

from farun import cli, rebuild
from farun.authoring.quiet import StaffFilter
from farun.runtime.errors import REPORT, StaffError, describe, program_error

from support import LECTURE, TEST_EPOCH


@pytest.fixture
def checked(project, monkeypatch, capsys):
    """``run(*args)``: farun check on a one-lecture project, in this process: (exit status, stderr)."""
    proj = project({"lectures/a.md": LECTURE})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_EPOCH))
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*extra: str) -> tuple[int, str]:
        code = cli.main(["--config", str(proj / "mkdocs.yml"), "check", *extra])
        return code, capsys.readouterr().err

    return run


def _slip(exc: Exception):
    def validate(*_args, **_kwargs):
        raise exc

    return validate


def test_a_staff_error_is_its_chinese_message_with_status_2(checked, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    code, err = checked()
    assert (code, err) == (2, "错误：环境变量 SOURCE_DATE_EPOCH 应为整数秒（Unix 时间戳），实际为 “abc”\n")


@pytest.mark.parametrize(
    "slip",
    [
        KeyError("speaker"),
        ValueError("invalid literal for int() with base 10: 'x'"),
        TypeError("'NoneType' object is not subscriptable"),
    ],
)
def test_a_bug_is_said_as_a_program_error_with_where_to_report_it(checked, monkeypatch, slip):
    monkeypatch.setattr(cli, "validate", _slip(slip))
    code, err = checked()
    assert code == cli.PROGRAM_ERROR == 70
    assert err.startswith(f"程序错误：{type(slip).__name__}: ") and REPORT in err and "-v" in err
    assert "Traceback" not in err and not err.startswith("错误：")  # never a staff-style message
    code, err = checked("-v")
    assert code == 70
    assert err.startswith("Traceback (most recent call last):") and "in validate\n    raise exc" in err
    assert err.rstrip().endswith(f"程序错误：{describe(slip)}\n{REPORT}。")


def test_content_problems_are_not_program_errors(checked, tmp_path):
    (tmp_path / "proj" / "docs" / "lectures" / "b.md").write_text("---\ntitle: x\n", encoding="utf-8")
    code, err = checked()
    assert code == 1 and "front matter 没有结束" in err and "程序错误" not in err


TRACEBACK = [
    "INFO    -  Building documentation...",
    "Traceback (most recent call last):",
    '  File "/x/hook.py", line 3, in on_config',
    "    settings[key]",
    "    ~~~~~~~~^^^^^",
    "KeyError: 'series_name'",
    "",
    "During handling of the above exception, another exception occurred:",
    "",
    "Traceback (most recent call last):",
    '  File "/x/hook.py", line 5, in on_config',
    "    raise RuntimeError('boom')",
    "RuntimeError: boom",
    "second line of the message",
]


def test_the_engines_traceback_becomes_one_program_error_naming_the_last_exception():
    keep = StaffFilter()
    shown = [line for line in map(keep, TRACEBACK) if line is not None]
    assert shown == []  # nothing of the traceback on its own
    assert keep.finish() == program_error("RuntimeError: boom\nsecond line of the message")
    assert keep.finish() is None  # said once


def test_a_log_line_after_a_traceback_says_the_program_error_first():
    """The preview server goes on after a failed rebuild: the error is said before its next line."""
    keep = StaffFilter(serving=True)
    for line in TRACEBACK[1:6]:
        assert keep(line) is None
    after = keep("ERROR   -  An error happened during the rebuild.")
    assert after == program_error("KeyError: 'series_name'") + "\n错误：An error happened during the rebuild."


def test_verbose_keeps_the_traceback_and_still_says_program_error():
    keep = StaffFilter(verbose=True)
    assert [keep(line) for line in TRACEBACK] == TRACEBACK
    assert keep.finish() == program_error("RuntimeError: boom\nsecond line of the message", verbose=True)
    assert "-v" not in program_error("x", verbose=True) and "-v" in program_error("x")


def test_the_nightly_rebuild_says_a_bug_as_one(capsys):
    assert rebuild._said(StaffError("环境变量 SOURCE_DATE_EPOCH 超出范围")) == "环境变量 SOURCE_DATE_EPOCH 超出范围"
    assert rebuild._said(ValueError("bad")) == program_error("ValueError: bad")
    try:
        raise KeyError("x")
    except KeyError as exc:
        assert rebuild._said(exc, verbose=True) == program_error("KeyError: 'x'", verbose=True)
    assert "Traceback (most recent call last):" in capsys.readouterr().err
