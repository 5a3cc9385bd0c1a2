"""Issue 23 point 5: a value wrapped in Word's curly quotes that itself holds a quoted phrase is named."""

from __future__ import annotations

from hypothesis import given, strategies as st

from support import LECTURE, farun

from farun.content.lists import curly_quoted

PLAIN = st.text(alphabet=st.characters(whitelist_categories=("Lo", "Nd"), max_codepoint=0x9FFF), min_size=1, max_size=8)


@given(before=PLAIN, phrase=PLAIN, after=PLAIN, nested=st.sampled_from([("“", "”"), ("‘", "’")]))
def test_wrapped_values_with_an_inner_quoted_phrase_are_found(before, phrase, after, nested):
    inner = f"{before}{nested[0]}{phrase}{nested[1]}{after}"
    assert curly_quoted(f"“{inner}”") == inner


@given(first=PLAIN, middle=PLAIN, second=PLAIN)
def test_quotes_that_belong_to_the_text_are_not_taken_for_wrapping(first, middle, second):
    assert curly_quoted(f"“{first}”{middle}") is None
    assert curly_quoted(f"“{first}”{middle}“{second}”") is None
    assert curly_quoted(f"{middle}“{first}”") is None


def test_check_names_the_summary_and_gives_the_fix(project):
    summary = "“深化“放管服”改革，优化交通运输营商环境。”"
    proj = project(
        {
            "lectures/2023-03-a.md": LECTURE.replace("summary: ", f"summary: {summary}\nx_old_summary: ", 1).replace(
                "\nx_old_summary: " + LECTURE.split("summary: ", 1)[1].split("\n", 1)[0], ""
            )
        }
    )
    result = farun(proj, "check")
    assert result.returncode == 1
    assert (
        f"summary（摘要）两端是中文引号（{summary}）：YAML 只认半角引号，中文引号会被当成内容原样发布" in result.stderr
    )
    assert "去掉引号写成 summary: 深化“放管服”改革，优化交通运输营商环境。" in result.stderr
