"""Registry of bombs: small or ordinary-looking inputs that once hung a command or ate the machine (issue 27.5).

``tests/integration/test_bombs.py`` plants every registered bomb in one project (or, for import
bombs, passes each file to ``python -m farun import``) and runs ``check``, ``build``, ``import`` and
the preview server under a memory limit (RLIMIT_AS 1 GiB) and a timeout. Each command must end
without a Python traceback and name every bomb it is expected to report, in Chinese.

HOW TO ADD A BOMB
    Write a function that takes the folder to write into and returns the path it must be named by:

        @bomb("docs", "zip-of-zeros", commands=("check",))
        def _zip_of_zeros(docs: Path) -> str:
            (docs / "files").mkdir(exist_ok=True)
            (docs / "files" / "zeros.zip").write_bytes(...)
            return "docs/files/zeros.zip"          # as messages name it

    kind "docs":   ``target`` is the project's docs/ folder; return the file as messages name it
                   (``docs/...``). ``commands`` says which of check / build / serve must NAME the file
                   (every command always runs on every bomb and must stay within time and memory: a
                   file the build does not publish need not be named by it).
    kind "import": ``target`` is an empty folder; write ONE spreadsheet there and return its file name
                   (messages name the file, not the folder). ``python -m farun import`` must refuse it.
    ``words``:      an extra Chinese phrase the message must contain (optional).
    ``pending``:    while the fix is not landed, who owns it (``pending="bytes"``): a pending docs bomb
                   is left out of the shared project, a pending import bomb is a strict xfail. Drop it
                   with the fix.
    Keep each bomb at most 10 MB on disk (issue 27.5: any single input of <= 10 MB) and make it
    deterministic (fixed seeds). Each bomb gets its own file, so bombs never hide one another.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

MB = 1024 * 1024


@dataclass(frozen=True)
class Bomb:
    """One registered bomb: where it goes, how it is written, who must name it."""

    name: str
    kind: str  # "docs" or "import"
    make: Callable[[Path], str]
    commands: tuple[str, ...] = ()  # for "docs": which of check / build / serve name the file
    words: str = ""  # a phrase the message about it must contain
    pending: str = ""  # who fixes it, while a command still fails on it: left out of the project / xfail


BOMBS: dict[str, Bomb] = {}


def bomb(
    kind: str, name: str, commands: tuple[str, ...] = ("check", "build", "serve"), words: str = "", pending: str = ""
):
    """Register the decorated generator as bomb ``name``."""
    assert kind in ("docs", "import")

    def register(make: Callable[[Path], str]) -> Callable[[Path], str]:
        assert name not in BOMBS, f"bomb {name} registered twice"
        BOMBS[name] = Bomb(name, kind, make, commands if kind == "docs" else ("import",), words, pending)
        return make

    return register


def _lecture(episode: int, body: str = "正文。", **fields: str) -> str:
    values = {
        "title": f"第{episode}期讲座",
        "date": f"2023-{(episode - 1) % 12 + 1:02d}-15",
        "episode": str(episode),
        "speaker": "陈立新",
        "summary": "讲座摘要。",
        "tags": "[行政复议]",
        **fields,
    }
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in values.items()) + "---\n\n" + body + "\n"


def _write(docs: Path, rel: str, content: str | bytes) -> str:
    target = docs / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return f"docs/{rel}"


# --- Documents and front matter -------------------------------------------------------------------


@bomb("docs", "huge-line-of-digit-groups", commands=("check",), words="个人信息")
def _huge_line(docs: Path) -> str:
    """10 MB on one line: groups of four random digits (the scan once recounted lines per hit)."""
    rng = random.Random(27)
    groups = " ".join(f"{rng.randrange(10000):04d}" for _ in range(10 * MB // 5))
    return _write(docs, "files/流水.txt", groups)


@bomb("docs", "ten-megabyte-body", words="正文")
def _big_body(docs: Path) -> str:
    """A lecture whose body is 10 MB of ordinary paragraphs."""
    paragraph = "依法行政是法治政府建设的基本要求，交通运输执法人员应当严格规范公正文明执法。\n\n"
    return _write(docs, "lectures/2023-01-big.md", _lecture(1, paragraph * (10 * MB // len(paragraph.encode()))))


@bomb("docs", "footnotes", words="正文")
def _footnotes(docs: Path) -> str:
    """60,000 footnotes in one page (Python-Markdown's footnotes: 10.5 minutes); 1.7 M characters: the body limit."""
    refs = "".join(f"说明[^{n}]。" for n in range(1, 60_001))
    notes = "".join(f"[^{n}]: 注{n}。\n" for n in range(1, 60_001))
    return _write(docs, "lectures/2023-02-footnotes.md", _lecture(2, refs + "\n\n" + notes))


@bomb("docs", "footnotes-within-body-limit", words="脚注")
def _footnotes_short(docs: Path) -> str:
    """3,000 short footnotes in 60,000 characters (under the body limit: the footnote limit)."""
    refs = "".join(f"a[^{n}]" for n in range(1, 3001))
    notes = "".join(f"[^{n}]: b\n" for n in range(1, 3001))
    return _write(docs, "lectures/2023-07-notes.md", _lecture(7, refs + "\n\n" + notes))


@bomb("docs", "brackets-in-one-paragraph", words="[")
def _brackets(docs: Path) -> str:
    """1,000 unclosed links in one 4,000-character paragraph (each read to the paragraph's end: quadratic)."""
    return _write(docs, "lectures/2023-08-links.md", _lecture(8, "[a](" * 1000))


@bomb("docs", "tags", words="tags")
def _tags(docs: Path) -> str:
    """3,000 tags on one lecture (an 83 MB site: one topic page per tag)."""
    tags = "[" + ", ".join(f"主题{n}" for n in range(3000)) + "]"
    return _write(docs, "lectures/2023-03-tags.md", _lecture(3, tags=tags))


@bomb("docs", "million-item-front-matter", words="front matter")
def _million_items(docs: Path) -> str:
    """tags with 1,000,000 items (3 MB): 500 MB and 20 s of YAML nodes before the count could be refused."""
    return _write(docs, "lectures/2023-10-million.md", _lecture(10, tags="[" + ", ".join(["x"] * 1_000_000) + "]"))


@bomb("docs", "yaml-binary-tag", words="!!binary")
def _yaml_binary(docs: Path) -> str:
    """title: !!binary … (passed check; the build named the wrong file; make serve exited)."""
    return _write(docs, "lectures/2023-04-binary.md", _lecture(4, title="!!binary 5rOV5rao5Lqk6YCa"))


@bomb("docs", "control-character-on-every-line", words="另有")
def _control_lines(docs: Path) -> str:
    """An ESC on each of 900,000 lines (9.9 MB): once as many messages, 440 MB of them per million."""
    return _write(docs, "lectures/2023-09-escapes.md", _lecture(9, "正文\x1b。\n" * 900_000))


@bomb("docs", "deep-front-matter-nesting", words="嵌套")
def _deep_front_matter(docs: Path) -> str:
    """10,000 nested brackets in a front-matter value (the parser's recursion)."""
    return _write(docs, "lectures/2023-05-deep.md", _lecture(5, summary="[" * 10_000 + "]" * 10_000))


@bomb("docs", "deep-body-nesting", words="嵌套")
def _deep_body(docs: Path) -> str:
    """A body of quotes nested 1 to 400 deep, 80,000 characters (Markdown's block parser recurses per level)."""
    quotes = "".join(">" * level + " 引用\n" for level in range(1, 401))
    return _write(docs, "lectures/2023-06-quotes.md", _lecture(6, quotes))


# --- Attachments and media (bytes: runtime/bounded.py, pii/documents.py, images/staff.py) -------------
# Each is linked from a notice of its own, so a build that gets as far as publishing reads it too
# (tests/publish/test_bombs_media.py builds each alone and asserts the build's message). In the shared
# project the build stops at the content errors first, so only check names them here.


def _linked(docs: Path, name: str, rel: str, data: bytes, image: bool = False) -> str:
    link = f"![示意图](../../{rel})" if image else f"附件：[下载](../../{rel})"
    _write(
        docs,
        f"notices/2026-01-{name}.md",
        f"---\ntitle: 关于调整服务时间的公告\ndate: 2026-01-22\ntype: 公告\nissuer: 绍兴市交通运输局\n---\n\n{link}\n",
    )
    return _write(docs, rel, data)


@bomb("docs", "gzip-one-gib", commands=("check",), words="压缩炸弹")
def _gzip_bomb(docs: Path) -> str:
    """1 MB of gzip unpacking to 1 GiB (2 GB resident while scanned, before the byte cap)."""
    import media_bombs

    return _linked(docs, "gzip", "files/统计.csv.gz", media_bombs.gzip_bomb())


@bomb("docs", "docx-190-mb-of-text", commands=("check",), words="压缩炸弹")
def _docx_bomb(docs: Path) -> str:
    """A 0.7 MB docx whose document.xml is 190 MB of text (142 s before the byte cap)."""
    import media_bombs

    return _linked(docs, "docx", "files/要点.docx", media_bombs.docx_bomb())


@bomb("docs", "pdf-nested-form-xobjects", commands=("check",), words="恶意构造的 PDF")
def _pdf_forms(docs: Path) -> str:
    """A 2 KB PDF of form XObjects nested six deep, ten each: 10**6 text operations (165 s before the limits)."""
    import media_bombs

    return _linked(docs, "pdf", "files/通知.pdf", media_bombs.xobject_bomb())


@bomb("docs", "gif-64-mp-30-frames-unused", commands=())
def _gif_unused(docs: Path) -> str:
    """A 729-byte GIF declaring 8000x8000 pixels and 30 frames that no page uses: never decoded (was 67 s, 1.7 GB)."""
    import media_bombs

    return _write(docs, "media/未使用.gif", media_bombs.gif_bomb())


# --- Spreadsheets for ``python -m farun import`` --------------------------------------------------


def _xlsx(sheet_xml: str) -> bytes:
    """A minimal xlsx around one worksheet's XML."""
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="讲座" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _inline_row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{value}</t></is></c>' for i, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


HEADINGS = ["标题", "日期", "期数", "主讲人", "摘要", "主题"]


@bomb("import", "xlsx-whole-sheet-dimension", words="行")
def _xlsx_dimension(folder: Path) -> str:
    """A ~2 KB xlsx declaring A1:XFD1048576 with a last row at 1,048,576 (MemoryError in the importer)."""
    rows = _inline_row(1, HEADINGS) + _inline_row(2, ["讲座", "2023-03-15", "1", "陈立新", "摘要。", "行政复议"])
    rows += '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>末</t></is></c></row>'
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData></worksheet>'
    )
    (folder / "整表台账.xlsx").write_bytes(_xlsx(sheet))
    return "整表台账.xlsx"


@bomb("import", "xlsx-many-rows", words="5000")
def _xlsx_rows(folder: Path) -> str:
    """20,000 filled rows in a 0.5 MB xlsx without a <dimension> (no row cap; openpyxl reads it whole first)."""
    rows = _inline_row(1, HEADINGS) + "".join(
        _inline_row(n, [f"讲座{n}", "2023-03-15", str(n), "陈立新", "摘要。", "行政复议"]) for n in range(2, 20_002)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    (folder / "两万行.xlsx").write_bytes(_xlsx(sheet))
    return "两万行.xlsx"


@bomb("import", "csv-many-rows", words="5000")
def _csv_rows(folder: Path) -> str:
    """150,000 rows of CSV (9.4 MB)."""
    lines = [",".join(HEADINGS)] + [f"讲座{n},2023-03-15,{n},陈立新,摘要。,行政复议" for n in range(1, 150_001)]
    (folder / "十五万行.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "十五万行.csv"


@bomb("import", "csv-huge-cell", words="字")
def _csv_huge_cell(folder: Path) -> str:
    """One 5 MB cell on one line (the csv module's field limit raised an uncaught error)."""
    text = ",".join(HEADINGS) + "\n讲座,2023-03-15,1,陈立新," + "摘" * (5 * MB // 3) + ",行政复议\n"
    (folder / "超长单元格.csv").write_text(text, encoding="utf-8")
    return "超长单元格.csv"


@bomb("import", "csv-nul-bytes", words="空字符")
def _csv_nul(folder: Path) -> str:
    """NUL bytes inside a row (the csv module raised an uncaught error)."""
    text = ",".join(HEADINGS) + "\n讲座\x00\x00,2023-03-15,1,陈立新,摘要。,行政复议\n"
    (folder / "空字符.csv").write_text(text, encoding="utf-8")
    return "空字符.csv"


@bomb("import", "csv-binary-noise", words="编码")
def _csv_noise(folder: Path) -> str:
    """1 MB of random bytes named .csv."""
    (folder / "乱码.csv").write_bytes(random.Random(5).randbytes(MB))
    return "乱码.csv"


def body_at_the_limits() -> str:
    """A body just inside every limit of content/limits.py, in the constructs the Markdown engine reads slowest.

    Not a bomb: it must pass check and build within the time and memory of any single input.
    """
    pad = "依法行政是法治政府建设的基本要求。"
    blocks = [
        "[a](" * 500 + pad * 1000,  # unclosed links: each read to the end of its block
        "<http://a " * 500 + pad * 800,  # unclosed autolinks
        "[" * 250 + "]" * 250 + pad * 1000,
        "".join(f"说明[^{n}]。" for n in range(1, 501)),
        "".join(f"注释[^{n}]。" for n in range(501, 1001)),
        "\n".join(f"[^{n}]: 注{n}。" for n in range(1, 1001)),
        "".join(f"*[A{n}]: 缩写{n}\n" for n in range(100)) + " ".join(f"A{n}" for n in range(100)),
        "".join(">" * level + " 引用\n" for level in range(1, 11)),
        "".join("    " * level + "- 项\n" for level in range(10)),
        "\n\n".join("```\nx\n```" for _ in range(1200)),
    ]
    return "\n\n".join(blocks)
