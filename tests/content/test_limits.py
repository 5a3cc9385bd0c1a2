"""Size limits and YAML tags (issue 27.7): refused in check with file, line, field and the fix.

60,000 footnotes took 10.5 minutes to render, 3,000 tags made an 83 MB site, and ``title: !!binary …``
passed check. Sizes around every limit and random YAML tags are generated here; the bombs go
through the real commands in tests/integration/test_bombs.py.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings, strategies as st

from farun.content import limits
from farun.content.frontmatter import parse
from farun.content.load import load_file

HEAD = {
    "title": "讲座",
    "date": "2023-03-15",
    "episode": "1",
    "speaker": "陈立新",
    "summary": "摘要。",
    "tags": "[行政复议]",
}
CONTEXT = {"categories": ["网约车与非法营运"]}


def _lecture(body: str = "正文。", **fields: str) -> str:
    values = {**HEAD, **fields}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in values.items()) + "---\n\n" + body + "\n"


def _problems(text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        (docs / "lectures").mkdir(parents=True)
        (docs / "lectures" / "2023-03-x.md").write_text(text, encoding="utf-8")
        _, problems = load_file(docs, "lectures/2023-03-x.md", CONTEXT)
    return [
        f"{p.path}:{p.line}: {p.message}（建议：{p.hint}）" if p.hint else f"{p.path}:{p.line}: {p.message}"
        for p in problems
    ]


# --- YAML tags ------------------------------------------------------------------------------------


def test_binary_title_is_refused_with_its_line_and_fix():
    assert _problems(_lecture(title="!!binary 5rOV5rao5Lqk6YCa")) == [
        "docs/lectures/2023-03-x.md:2: 字段 title 使用了 YAML 标签 !!binary：只支持直接写出的文字、数字、日期和列表"
        "（建议：删除 !!binary，直接写出值；如果值本身以 ! 开头，请把整个值用引号括起来）"
    ]


SAFE = ["str", "int", "float", "bool", "null", "timestamp", "seq", "map"]
TAG_NAMES = st.one_of(
    st.sampled_from(
        ["binary", "set", "omap", "pairs", "python/object:os.system", "python/name:os.system", "value", "merge"]
    ),
    st.from_regex(r"[a-z][a-z0-9/_.-]{0,12}", fullmatch=True),
)
FIELDS = st.sampled_from([("title", 2), ("speaker", 5), ("summary", 6)])


@settings(max_examples=60, deadline=None)
@given(name=TAG_NAMES, local=st.booleans(), place=FIELDS)
def test_every_tag_outside_the_safe_core_is_refused(name, local, place):
    field, line = place
    tag = f"!{name}" if local else f"!!{name}"
    problems = _problems(_lecture(**{field: f"{tag} 值"}))
    refused = [p for p in problems if "使用了 YAML 标签" in p]
    if not local and name in SAFE:
        assert not refused
    else:
        assert refused and refused[0].startswith(
            f"docs/lectures/2023-03-x.md:{line}: 字段 {field} 使用了 YAML 标签 {tag}："
        ), problems


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(["binary", "set", "foo", "python/tuple"]), index=st.integers(0, 2))
def test_tags_inside_lists_and_with_verbatim_form(name, index):
    items = ["行政复议", "依法行政", "执法"]
    items[index] = f"!!{name} {items[index]}"
    problems = _problems(_lecture(tags="[" + ", ".join(items) + "]"))
    assert any(p.startswith(f"docs/lectures/2023-03-x.md:7: 字段 tags 使用了 YAML 标签 !!{name}") for p in problems), (
        problems
    )
    verbatim = _problems(_lecture(title=f"!<tag:yaml.org,2002:{name}> x"))
    assert any(f"使用了 YAML 标签 !!{name}" in p for p in verbatim), verbatim


def test_quoted_exclamation_marks_are_text():
    assert _problems(_lecture(title='"!!binary 不是标签"', summary="'!重要'")) == []


# --- Front-matter sizes ---------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(extra=st.integers(-2, 2), which=st.sampled_from(["title", "summary", "venue"]))
def test_text_lengths_around_their_limits(extra, which):
    limit = {"title": limits.MAX_TITLE_CHARS, "summary": limits.MAX_SUMMARY_CHARS, "venue": limits.MAX_TEXT_CHARS}[
        which
    ]
    problems = _problems(_lecture(**{which: "字" * (limit + extra)}))
    line = {"title": 2, "summary": 6, "venue": 8}[which]
    label = {"title": "title（标题）", "summary": "summary（摘要）", "venue": "venue（地点）"}[which]
    if extra <= 0:
        assert problems == []
    elif which == "venue":
        assert problems == [
            f"docs/lectures/2023-03-x.md:{line}: {label}最多 {limit} 个字，实际为 {limit + extra} 个字：请精简，详细内容写在正文中"
        ]
    else:
        assert problems == [
            f"docs/lectures/2023-03-x.md:{line}: {label}最多 {limit} 个字，实际为 {limit + extra} 个字（建议：请精简；详细内容写在正文中）"
        ]


@settings(max_examples=30, deadline=None)
@given(extra=st.integers(-2, 2), which=st.sampled_from(["tags", "laws", "cases"]))
def test_list_counts_around_their_limits(extra, which):
    limit = {"tags": limits.MAX_TAGS, "laws": limits.MAX_LAWS, "cases": limits.MAX_REFERENCES}[which]
    items = [f"第{n}项" for n in range(limit + extra)]
    problems = _problems(_lecture(**{which: "[" + ", ".join(items) + "]"}))
    problems = [p for p in problems if "最多" in p]  # cases name files that do not exist: another check's business
    if extra <= 0:
        assert problems == []
    else:
        assert (
            len(problems) == 1
            and f"最多 {limit} 项，实际为 {limit + extra} 项（建议：只保留最主要的几项）" in problems[0]
        ), problems


@settings(max_examples=20, deadline=None)
@given(extra=st.integers(-2, 2), index=st.integers(0, 2))
def test_tag_and_law_lengths_around_their_limits(extra, index):
    tags = ["行政复议", "依法行政", "执法"]
    tags[index] = "a" * (limits.MAX_TAG_CHARS + extra)  # one byte each: the page-name rule below stays out of it
    problems = _problems(_lecture(tags="[" + ", ".join(tags) + "]"))
    if extra <= 0:
        assert problems == []
    else:
        assert problems == [
            f"docs/lectures/2023-03-x.md:7: tags（主题）[{index + 1}]最多 {limits.MAX_TAG_CHARS} 个字，"
            f"实际为 {limits.MAX_TAG_CHARS + extra} 个字（建议：请精简；详细内容写在正文中）"
        ]
    law = "《" + "A" * (limits.MAX_LAW_CHARS - 2 + extra) + "》"
    problems = _problems(_lecture(laws=f"[{law}]"))
    assert (problems == []) == (extra <= 0), problems


def test_three_thousand_tags_are_one_message():
    tags = "[" + ", ".join(f"主题{n}" for n in range(3000)) + "]"
    assert _problems(_lecture(tags=tags)) == [
        "docs/lectures/2023-03-x.md:7: tags（主题）最多 20 项，实际为 3000 项（建议：只保留最主要的几项）"
    ]


# --- Body sizes and constructs --------------------------------------------------------------------


def _body_problems(body: str) -> list[str]:
    _, errors = parse(_lecture(body).encode("utf-8"), "docs/lectures/2023-03-x.md")
    return [f"{e.line}: {e.message}" for e in errors]


@settings(max_examples=12, deadline=None)
@given(extra=st.integers(-2, 2))
def test_body_size_around_its_limit(extra):
    paragraph = "依法行政。" * 100 + "\n\n"  # 502 characters, blocks far below their own limit
    body = (paragraph * (limits.MAX_BODY_CHARS // len(paragraph) + 1))[: limits.MAX_BODY_CHARS + extra - 2]
    # the body parse reads is "\n" + body + "\n" (the blank line after the front matter, the last line break)
    problems = _body_problems(body)
    if extra <= 0:
        assert problems == []
    else:
        assert problems == [f"9: 正文有 {limits.MAX_BODY_CHARS + extra} 个字符，超过 100000 个字符（十万字）的上限"]


@settings(max_examples=12, deadline=None)
@given(extra=st.integers(-2, 2), before=st.integers(0, 5))
def test_one_block_around_its_limit(extra, before):
    block = "字" * (limits.MAX_BLOCK_CHARS + extra)
    problems = _body_problems("段落。\n\n" * before + block)
    if extra <= 0:
        assert problems == []
    else:
        assert problems == [
            f"{10 + 2 * before}: 正文中从这一行起的一段（到下一个空行为止）有 {limits.MAX_BLOCK_CHARS + extra} 个字符，"
            f"超过 {limits.MAX_BLOCK_CHARS} 个字符的上限"
        ]


@settings(max_examples=20, deadline=None)
@given(extra=st.integers(-2, 2), bracket=st.sampled_from(["[a](", "<http://a ", "["]))
def test_brackets_in_one_block_around_their_limit(extra, bracket):
    problems = _body_problems(bracket * (limits.MAX_BLOCK_BRACKETS + extra))
    if extra <= 0:
        assert problems == []
    else:
        assert problems == [
            f"10: 正文中从这一行起的一段（到下一个空行为止）有 {limits.MAX_BLOCK_BRACKETS + extra} 个 [ 或 <，"
            f"超过 {limits.MAX_BLOCK_BRACKETS} 个的上限"
        ]


@settings(max_examples=12, deadline=None)
@given(extra=st.integers(-2, 2))
def test_footnotes_around_their_limit(extra):
    count = limits.MAX_FOOTNOTES + extra
    refs = "".join(f"说明[^{n}]。\n" + ("\n" if n % 50 == 0 else "") for n in range(1, count + 1))
    problems = _body_problems(refs)
    if extra <= 0:
        assert problems == []
    else:
        assert problems == [f"9: 正文有 {count} 处脚注（[^…] 写法），超过 {limits.MAX_FOOTNOTES} 处的上限"]


@settings(max_examples=12, deadline=None)
@given(extra=st.integers(-2, 2))
def test_abbreviations_around_their_limit(extra):
    count = limits.MAX_ABBREVIATIONS + extra
    problems = _body_problems("".join(f"*[A{n}]: 解释\n" for n in range(count)))
    assert (problems == []) == (extra <= 0), problems


@settings(max_examples=20, deadline=None)
@given(depth=st.integers(limits.MAX_NESTING - 2, limits.MAX_NESTING + 2), spaced=st.booleans(), at=st.integers(0, 3))
def test_quote_nesting_around_its_limit(depth, spaced, at):
    marker = "> " if spaced else ">"
    problems = _body_problems("段落。\n\n" * at + marker * depth + "引用")
    if depth <= limits.MAX_NESTING:
        assert problems == []
    else:
        assert problems == [f"{10 + 2 * at}: 正文中的引用（>）嵌套超过 {limits.MAX_NESTING} 层"]


@settings(max_examples=20, deadline=None)
@given(depth=st.integers(limits.MAX_NESTING - 2, limits.MAX_NESTING + 2), marker=st.sampled_from(["-", "*", "1."]))
def test_list_nesting_around_its_limit(depth, marker):
    body = "".join("    " * level + f"{marker} 项\n" for level in range(depth))
    problems = _body_problems(body)
    if depth <= limits.MAX_NESTING:
        assert problems == []
    else:
        assert problems == [f"{10 + limits.MAX_NESTING}: 正文中的列表嵌套超过 {limits.MAX_NESTING} 层"]


@pytest.mark.parametrize("rel", ["index.md", "about.md"])
def test_top_level_pages_have_the_same_body_limits(tmp_path, rel):
    from farun.content.standalone import load_pages  # noqa: PLC0415 (the loader of docs/*.md pages)

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / rel).write_text(
        "---\ntitle: 关于\n---\n\n" + "说明[^1]。\n\n" * (limits.MAX_FOOTNOTES + 1), encoding="utf-8"
    )
    _, errors = load_pages(docs, [rel], dt.date(2026, 11, 25))
    assert [e.message for e in errors] == [
        f"正文有 {limits.MAX_FOOTNOTES + 1} 处脚注（[^…] 写法），超过 {limits.MAX_FOOTNOTES} 处的上限"
    ]


@settings(max_examples=15, deadline=None)
@given(lines=st.integers(1, 120))
def test_control_characters_are_listed_up_to_fifty_lines_then_counted(lines):
    from farun.content.guard import MAX_LISTED_LINES  # noqa: PLC0415

    problems = _body_problems("正文\x1b。\n" * lines)
    listed = min(lines, MAX_LISTED_LINES)
    assert problems[:listed] == [f"{10 + n}: 正文含有不可见的转义字符 ESC（第 3 个字符）" for n in range(listed)]
    if lines > MAX_LISTED_LINES:
        assert problems[listed:] == [
            f"{10 + listed}: 从这一行起另有 {lines - listed} 行含有不可见的控制字符，未逐条列出（每个文件最多列出 50 行）"
        ]
    else:
        assert len(problems) == listed


def test_footnote_definitions_count_neither_as_footnotes_nor_as_brackets():
    count = limits.MAX_FOOTNOTES
    refs = "".join(f"说明[^{n}]。\n" + ("\n" if n % 50 == 0 else "") for n in range(1, count + 1))
    notes = "".join(f"[^{n}]: 注{n}。\n" for n in range(1, count + 1))  # one block of 1,000 definitions
    assert _body_problems(refs + "\n" + notes) == []


@settings(max_examples=10, deadline=None)
@given(extra=st.integers(-2, 2))
def test_front_matter_size_around_its_limit(extra):
    fields = "".join(f"{k}: {v}\n" for k, v in HEAD.items())  # 6 lines; a YAML comment fills the rest
    comment = "#" + "注" * (limits.MAX_FRONT_MATTER_CHARS + extra - len(fields) - 1)
    fm = fields + comment
    assert len(fm) == limits.MAX_FRONT_MATTER_CHARS + extra
    _, errors = parse(f"---\n{fm}\n---\n\n正文。\n".encode("utf-8"), "docs/lectures/2023-03-x.md")
    messages = [f"{e.line}: {e.message}" for e in errors]
    if extra <= 0:
        assert messages == []
    else:
        assert messages == [f"1: front matter（两行 --- 之间的部分）有 {len(fm)} 个字符，超过 100000 个字符的上限"]


@settings(max_examples=40, deadline=None)
@given(
    char=st.sampled_from(["a", "陈", "😀", "é"]),
    extra=st.integers(-4, 4),
    field=st.sampled_from(["speaker", "tags", "laws"]),
)
def test_names_of_pages_fit_a_file_name(char, extra, field):
    """Tags, speakers and laws name pages: at most MAX_NAME_BYTES of UTF-8 (a file name holds 255)."""
    assume(field != "laws" or char in "陈😀")  # 200 one-byte characters are over a law's 100 characters first
    width = len(char.encode("utf-8"))
    count = limits.MAX_NAME_BYTES // width + (extra if width > 1 else extra // 4)
    name = char * count
    value = {"speaker": name, "tags": f"[{name}]", "laws": f"[{name}]"}[field]
    problems = [p for p in _problems(_lecture(**{field: value})) if "网址" in p]
    size = len(name.encode("utf-8")) + (6 if field == "laws" else 0)  # 《》 around a law
    if size <= limits.MAX_NAME_BYTES:
        assert problems == []
    else:
        assert (
            len(problems) == 1
            and f"会用作页面的网址，太长了（{size} 字节，最多 200 字节，约 66 个汉字）：请改用简称" in problems[0]
        )
