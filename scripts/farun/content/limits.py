"""Size limits of staff content, so that no single file can hang the build or swell the site (issue 27.7).

Python-Markdown is superlinear in some constructs (60,000 footnotes: 10.5 minutes; an unclosed
``[`` or ``<`` is read to the end of its paragraph once per bracket; nested quotes and lists recurse
per level), and every tag makes a page. The limits are far above real content (a two-hour lecture's
transcript is ~25,000 characters; a real item has a handful of tags) and are documented in
编辑指南.md and the README; ``body_problems`` reads the body in one linear pass.
"""

from __future__ import annotations

import re

from farun.runtime.errors import ContentError

# Front matter (schema.py uses these). A larger front matter is refused before YAML nodes are built: a
# million list items cost 500 MB and 20 s to build before their count could be refused.
MAX_FRONT_MATTER_CHARS = 100_000
MAX_TEXT_CHARS = 2_000  # any text field (违法事实 is the longest real one)
MAX_TITLE_CHARS = 120
MAX_SUMMARY_CHARS = 500
MAX_TAGS = 20
MAX_TAG_CHARS = 70
# Tags, speakers and laws name pages (topics/<name>/): a file name holds at most 255 bytes, so a
# 100-character speaker ended the build in "File name too long". Emoji take 4 bytes, Chinese 3.
MAX_NAME_BYTES = 200
MAX_LAWS = 50
MAX_LAW_CHARS = 100
MAX_REFERENCES = 50  # related cases / lectures

# Body (Markdown after the front matter).
MAX_BODY_CHARS = 100_000
MAX_BLOCK_CHARS = 20_000  # text between two blank lines: a paragraph, a table, a list
MAX_BLOCK_BRACKETS = 500  # "[" or "<" in one such block (each unclosed one is read to the block's end)
MAX_FOOTNOTES = 1_000
MAX_ABBREVIATIONS = 100
MAX_NESTING = 10  # quote markers or list levels on one line

_FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]+\](?!:)")  # a reference, not the note's definition ([^1]: …)
_FOOTNOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^[^\]\n]+\]:", re.M)
_ABBREVIATION = re.compile(r"^\*\[[^\]\n]+\]:", re.M)
_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]*){%d,}" % (MAX_NESTING + 1), re.M)
_DEEP_LIST = re.compile(r"^(?: {4}|\t){%d,}(?:[-*+]|\d+[.)])[ \t]" % MAX_NESTING, re.M)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

SPLIT_HINT = "请把内容拆成几期（或几篇），或把长文改为附件（docs/files/ 下的 PDF）"


def front_matter_problem(fm: str, path: str) -> ContentError | None:
    """A front matter too large to parse (real ones have a few hundred characters)."""
    size = len(fm.strip("\n"))
    if size <= MAX_FRONT_MATTER_CHARS:
        return None
    return ContentError(
        path,
        1,
        f"front matter（两行 --- 之间的部分）有 {size} 个字符，超过 {MAX_FRONT_MATTER_CHARS} 个字符的上限",
        hint="front matter 只写标题、日期、摘要等简短信息；长的内容请写进正文（第二行 --- 之后）",
    )


def _line_at(body: str, offset: int, first_line: int) -> int:
    return first_line + body.count("\n", 0, offset)


def body_problems(body: str, path: str, first_line: int) -> list[ContentError]:
    """The body's size and the constructs the Markdown engine reads superlinearly, each with its line.

    ``first_line`` is the file's line of the body's first line. Each check is one regex pass or count.
    """
    errors = []
    if len(body) > MAX_BODY_CHARS:
        errors.append(
            ContentError(
                path,
                first_line,
                f"正文有 {len(body)} 个字符，超过 {MAX_BODY_CHARS} 个字符（十万字）的上限",
                hint=SPLIT_HINT,
            )
        )
        return errors  # a longer body is not read further: the fix is the same whatever it holds
    start = 0
    for match in [*_BLANK_LINE.finditer(body), None]:
        end = match.start() if match else len(body)
        while start < end and body[start] == "\n":  # the line breaks around a block are no part of it
            start += 1
        while end > start and body[end - 1] == "\n":
            end -= 1
        if end - start > MAX_BLOCK_CHARS:
            errors.append(
                ContentError(
                    path,
                    _line_at(body, start, first_line),
                    f"正文中从这一行起的一段（到下一个空行为止）有 {end - start} 个字符，超过 {MAX_BLOCK_CHARS} 个字符的上限",
                    hint="在段落之间加空行分段；很长的表格请拆成几个表格，或改为附件",
                )
            )
            break
        notes = len(_FOOTNOTE_DEFINITION.findall(body, start, end))  # a list of notes is no run of links
        brackets = max(body.count("[", start, end) - notes, body.count("<", start, end))
        if brackets > MAX_BLOCK_BRACKETS:
            errors.append(
                ContentError(
                    path,
                    _line_at(body, start, first_line),
                    f"正文中从这一行起的一段（到下一个空行为止）有 {brackets} 个 [ 或 <，超过 {MAX_BLOCK_BRACKETS} 个的上限",
                    hint="在段落之间加空行分段；链接、图片和 HTML 标签很多的表格请拆成几个表格",
                )
            )
            break
        start = match.end() if match else len(body)
    footnotes = len(_FOOTNOTE_REF.findall(body))
    if footnotes > MAX_FOOTNOTES:
        errors.append(
            ContentError(
                path,
                first_line,
                f"正文有 {footnotes} 处脚注（[^…] 写法），超过 {MAX_FOOTNOTES} 处的上限",
                hint="合并脚注，或把注释集中写在文末的“注释”一节中；" + SPLIT_HINT,
            )
        )
    abbreviations = len(_ABBREVIATION.findall(body))
    if abbreviations > MAX_ABBREVIATIONS:
        errors.append(
            ContentError(
                path,
                first_line,
                f"正文有 {abbreviations} 条缩写定义（*[…]: 写法），超过 {MAX_ABBREVIATIONS} 条的上限",
                hint="只为正文中真正需要解释的缩写写定义",
            )
        )
    for pattern, what in ((_QUOTES, "引用（>）"), (_DEEP_LIST, "列表")):
        deep = pattern.search(body)
        if deep:
            errors.append(
                ContentError(
                    path,
                    _line_at(body, deep.start(), first_line),
                    f"正文中的{what}嵌套超过 {MAX_NESTING} 层",
                    hint="减少嵌套层数（引用和列表最多 10 层）",
                )
            )
    return errors
