"""Every published file is scanned as a reader sees it, or refused (issue 12, point 4)."""

from __future__ import annotations

import gzip
import io
import re
import zipfile

import pytest
from PIL import Image
from hypothesis import given, settings, strategies as st

from farun.pii.text import hidden, hidden_line, visible
from farun.content.settings import load_settings
from farun.pii import documents
from farun.pii import scan as pii_scan
from farun.runtime.errors import StaffError
from support import NOTICE_WITH_BODY, mkdocs_build

MOBILE, M_MASK = "15958126600", "159****6600"


def scan(rel: str, data: bytes | str, unscanned: dict | None = None):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    hits, refusal = pii_scan.scan_file(rel, raw, [], 2026, unscanned or {})
    return [(place, h.masked) for place, h in hits], refusal


# One personal number per file type, written the way that type's software writes it.
TEXT_FILES = {
    "a.html": "<p>x</p>\n<p>电话 <span>159</span><b></b>5812<em>6600</em></p>",
    "a.htm": "<p>\n159&#8209;5812&#x2011;6600</p>",
    "search.json": '{"docs": [{"text": "\\u7535\\u8bdd 159\\u00a05812\\u00a06600"}]}',
    "a.webmanifest": '{"name": "\\u0031\\u0035\\u0039 5812 6600"}',
    "feed.xml": '<feed>\n<entry><content type="html">&lt;p&gt;159&lt;b&gt;5812&lt;/b&gt;6600&lt;/p&gt;</content></entry></feed>',
    "a.csv": "姓名,电话\n张某,159 5812 6600\n",
    "a.tsv": "姓名\t电话\n张某\t+86-159-5812-6600\n",
    "a.txt": "联系人 TEL15958126600",
    "a.srt": "1\n00:00:01,000 --> 00:00:03,000\n请拨打 159—5812—6600\n",
    "a.vtt": "WEBVTT\n\n00:01.000 --> 00:03.000\n请拨打 <b>159</b> 5812 6600\n",
    "a.ics": "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDESCRIPTION:联系 1595812\n 6600\nEND:VEVENT\nEND:VCALENDAR\n",
    "b.ics": "BEGIN:VEVENT\nDESCRIPTION:联系 159\\n5812\\N6600\\, 罚款 1\\,380\\,000 元\nEND:VEVENT\n",
    "lines.json": '{"facts": "159\\n5812\\t6600"}',
    "a.svg": '<svg viewBox="0 0 24 24"><path d="M13 8 12 34 56 78"/><text>159</text><text>5812 6600</text></svg>',
    "a.yaml": "contact:\n  phone: '159 5812 6600'\n",
    "a.yml": "phone: １５９５８１２６６００\n",
    "a.md": "# 标题\n\n手机 159**5812**6600\n",
    "b.md": '---\ntitle: "电话 \\u0031\\x35\\U00000039 5812 6600"\n---\n',
    "c.md": "电话 &#49;&#x35;9&nbsp;5812&ndash;6600",
    "a.js": "const phone = '159-5812-6600';",
    "a.css": ".x::after { content: '159 5812 6600'; }",
    "CNAME": "159.5812.6600\n",
    "a.rtf": "{\\rtf1 159 5812 6600}",
}


@pytest.mark.parametrize("rel", sorted(TEXT_FILES))
def test_every_text_type_is_scanned_as_read(rel):
    hits, refusal = scan(rel, TEXT_FILES[rel])
    assert refusal == "" and [m for _, m in hits] == [M_MASK], hits


def test_markdown_source_as_it_will_render():
    # make check: emphasis between digits disappears and table cells sit side by side once rendered.
    for text in (
        "手机 159**5812**6600",
        "手机 159_5812_6600",
        "| 姓名 | 电话 |\n|---|---|\n| 张某 | 159 5812 6600 |",
        "159`5812`6600",
        "159~~5812~~6600",
        "159<b></b>5812 6600",
    ):
        assert [m for _, m in scan("a.md", text)[0]] == [M_MASK], text
    # Table cells are separate values: a statistics table's counts side by side are no number.
    stats = "| 年份 | 讲座 | 案例 | 公告 |\n|---|---|---|---|\n| 2023 | 13 | 8 | 1234 |\n| 2024 | 5678 | 12 | 3 |"
    assert scan("a.md", stats)[0] == []
    assert scan("a.html", "<table><tr><td>2023</td><td>13</td><td>8123</td><td>45678</td></tr></table>")[0] == []
    assert scan("a.md", "手机 138****5678 与 159****6600")[0] == []  # masks stay masks


def test_search_indexes_are_read_without_their_lost_layout():
    # Material's index flattens a statistics table into spaces; the pages themselves are scanned with cells.
    flat = '{"docs": [{"location": "stats/", "text": "2021年 18 33 27 0 2020年 32 36 31 0"}]}'
    assert scan("search/search_index.json", flat) == ([], "")
    for form in ("159-5812-6600", "TEL15958126600", "159.5812.6600"):
        assert [m for _, m in scan("search/search_index.json", '{"t": "' + form + '"}')[0]] == [M_MASK], form
    assert [m for _, m in scan("data/lectures.json", '{"t": "159 5812 6600"}')[0]] == [M_MASK]  # not an index


def test_places_are_the_files_own_lines():
    assert scan("a.html", TEXT_FILES["a.html"])[0] == [("2", M_MASK)]
    page = '<p>a</p>\n<p>b</p>\n<img\n src="x.png" alt="手机 159 5812 6600">\n<!-- 备注：\n 159 5812 6600 -->'
    assert scan("b.html", page)[0] == [("4", M_MASK), ("6", M_MASK)]


def test_gzip_utf16_and_gbk_files():
    assert scan("sitemap.xml.gz", gzip.compress(f"<url><loc>https://x/{MOBILE}/</loc></url>".encode()))[0]
    assert scan("a.txt", f"电话 {MOBILE}".encode("utf-16"))[0]
    assert scan("a.csv", f"电话,{MOBILE}".encode("gb18030"))[0]
    assert scan("broken.xml.gz", b"not gzip")[1] == "压缩文件已损坏，无法检查"


def test_markup_channel_reads_attributes_comments_and_scripts_not_geometry():
    page = (
        '<a href="tel:+86-159-5812-6600" title="x">电话</a><img alt="" src="data:image/svg+xml,<svg><path d=\'M13 8 12 34 56 78\'/></svg>">'
        '<svg viewBox="0 0 24 24"><path d="M13.8 12.3 45.6 78 1.5 9 58 12 66 00"/></svg>'
        "<script>var t = '159 5812 6600';</script><style>.a{content:'13812345678'}</style><!-- 15958126600 -->"
        '<meta name="description" content="电话 159 5812 6600">'
    )
    shown = hidden(page)
    # the script (read once, as one piece) and the meta description; the link has dashes
    assert shown.count("5812 6600") == 2 and "13812345678" in shown and "M13" not in shown and "13.8" not in shown
    assert "159" not in visible(page)  # scripts, styles and comments are not page text
    assert hidden_line("<p\n a='1'\n b='2'>", 2) == 3


def test_svg_paths_and_css_data_uris_are_not_numbers():
    css = '.i{mask-image:url(\'data:image/svg+xml;charset=utf-8,<svg xmlns="http://www.w3.org/2000/svg"><path d="M8.59 16.58 13.17 12 8.59 7.41"/></svg>\')}'
    assert scan("main.css", css) == ([], "")
    assert scan("a.svg", '<svg><path d="M13 8 12 34 56 78"/><polygon points="13 8 12 34 56 78"/></svg>') == ([], "")


def _pdf(text: str | None) -> bytes:
    """A one-page PDF whose page shows ``text`` in Helvetica (None: a page with no text, like a scan)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b"0 0 1 rg 0 0 100 100 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_pdf_text_is_extracted_and_scanned():
    hits, refusal = scan("files/a.pdf", _pdf("TEL 159 5812 6600"))
    assert refusal == "" and hits == [("第 1 页", M_MASK)]
    assert scan("files/b.pdf", _pdf("Notice 2023-06-12, hotline 12328")) == ([], "")


def test_pdf_without_text_is_refused_unless_allowed_with_a_reason():
    assert scan("files/scan.pdf", _pdf(None)) == ([], "PDF 中没有可提取的文字（可能是扫描件或图片）")
    assert scan("files/scan.pdf", _pdf(None), {"files/scan.pdf": "扫描件已人工核对，无个人信息"}) == ([], "")
    assert scan("files/bad.pdf", b"%PDF-1.4 garbage")[1].startswith("PDF 文件已损坏")


def test_office_documents_are_read_part_by_part():
    docx = _zip(
        {
            "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>电话 159</w:t></w:r><w:r><w:t>5812</w:t></w:r>"
            "<w:r><w:t>6600</w:t></w:r></w:p></w:body></w:document>",
            "docProps/core.xml": "<cp:coreProperties><dc:creator>张某 13812345678</dc:creator><cp:revision>2</cp:revision></cp:coreProperties>",
            "docProps/app.xml": "<Properties><Pages>1</Pages><Words>3812</Words><Characters>21732</Characters><Lines>181</Lines></Properties>",
        }
    )
    hits, refusal = scan("files/a.docx", docx)
    assert refusal == "" and sorted(hits) == [("docProps/core.xml", "138****5678"), ("word/document.xml", M_MASK)]
    pptx = _zip(
        {"ppt/slides/slide1.xml": "<p:sld><a:p><a:r><a:t>159 5812</a:t></a:r><a:r><a:t> 6600</a:t></a:r></a:p></p:sld>"}
    )
    assert scan("files/a.pptx", pptx)[0] == [("ppt/slides/slide1.xml", M_MASK)]
    xlsx = _zip(
        {
            "xl/sharedStrings.xml": "<sst><si><t>张某</t></si><si><t>159-5812-6600</t></si></sst>",
            "xl/worksheets/sheet1.xml": "<sheetData><row><c><v>1</v></c><c><v>3812</v></c><c><v>345678</v></c></row></sheetData>",
        }
    )
    assert scan("files/a.xlsx", xlsx)[0] == [("xl/sharedStrings.xml", M_MASK)]  # separate cells are not joined
    assert scan("files/a.docx", b"PK not a zip")[1].startswith("Office 文件已损坏")


def test_office_formats_that_cannot_be_read_are_refused():
    for rel in ("files/a.doc", "files/a.xls", "files/a.wps", "files/a.zip", "files/a.rar"):
        assert scan(rel, b"\xd0\xcf\x11\xe0 binary")[1].startswith("无法检查"), rel
        assert scan(rel, b"\xd0\xcf\x11\xe0 binary", {rel: "公开的原始文件，已人工核对"}) == ([], "")
    assert scan("files/a.bin", b"\x00\x01\x02\xff")[1].startswith("不是文字文件")
    clean = io.BytesIO()
    Image.new("RGB", (4, 4)).save(clean, "PNG")
    assert scan("images/a.png", clean.getvalue()) == ([], "")  # images: encoded anew from their pixels when published
    assert scan("images/a.png", clean.getvalue() + b"TEL 15958126600") == ([], "图片仍带有元数据（结束标记之后的数据）")
    assert scan("images/a.png", b"\x89PNG\r\n\x1a\n\x00") == ([], "图片仍带有元数据（缺少结束标记的 PNG）")


def test_file_and_folder_names_are_scanned(tmp_path):
    from types import SimpleNamespace
    import datetime as dt

    site_dir = tmp_path / "site"
    (site_dir / "files" / "张某159-5812-6600").mkdir(parents=True)
    (site_dir / "files" / "张某159-5812-6600" / "a.txt").write_text("无", encoding="utf-8")
    (site_dir / "files" / "2024-0575-85130000.txt").write_text("无", encoding="utf-8")
    site = SimpleNamespace(
        settings=SimpleNamespace(pii_allowlist=[], pii_unscanned_files={}),
        collection=SimpleNamespace(today=dt.date(2026, 11, 27)),
        docs_dir=None,
    )
    assert pii_scan.scan_site(site, site_dir) == [
        "网站文件名 files/张某159-5812-6600/a.txt: 含有手机号码 159****6600（文件名会出现在网址中，请改名；建议改写为 159****6600）"
    ]


def test_documents_module_lists_what_it_reads():
    assert {".pdf", ".docx", ".xlsx", ".pptx", ".odt"} <= documents.DOCUMENT_SUFFIXES
    assert {".doc", ".xls", ".ppt", ".wps", ".zip"} <= documents.UNREADABLE_SUFFIXES


BASE = {
    "bureau_name": "局",
    "bureau_sponsor": "局",
    "bureau_phone": "0575-85130000",
    "bureau_hotline": "12328",
    "bureau_address": "绍兴",
    "filing_icp": "浙ICP备1号",
    "filing_police": "浙公网安备1号",
    "filing_site_code": "3306000023",
    "case_categories": ["道路运输"],
}


@pytest.mark.parametrize(
    "value, message",
    [
        ({"/files/a.pdf": "扫描件已人工核对"}, "应为 docs/ 下的相对路径"),
        ({"files/../a.pdf": "扫描件已人工核对"}, "应为 docs/ 下的相对路径"),
        ({"docs/files/a.pdf": "扫描件已人工核对"}, "不要以 docs/ 开头，应写成 files/a.pdf"),
        ({"files/a.pdf": ""}, "必须写明不检查的理由"),
        ({"files/a.pdf": None}, "必须写明不检查的理由"),
        (["files/a.pdf"], "应写成“路径: 理由”的形式"),
    ],
)
def test_unscanned_files_setting_is_validated(value, message):
    with pytest.raises(StaffError) as caught:
        load_settings({**BASE, "pii_unscanned_files": value})
    assert "extra.pii_unscanned_files（不检查个人信息的文件）" in str(caught.value) and message in str(caught.value)
    assert load_settings({**BASE, "pii_unscanned_files": {"files/a.pdf": "扫描件已人工核对"}}).pii_unscanned_files


NOTICE = NOTICE_WITH_BODY


def test_build_scans_attachments_and_refuses_unreadable_ones(project, tmp_path):
    body = "附件：[通知原文](../../files/tongzhi.pdf)、[扫描件](../../files/saomiao.pdf)"
    proj = project(
        {
            "notices/2026-01-gonggao.md": NOTICE.format(body=body),
            "files/tongzhi.pdf": _pdf("Contact 159 5812 6600"),
            "files/saomiao.pdf": _pdf(None),
        }
    )
    result = mkdocs_build(proj, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output and MOBILE not in output
    assert "网站文件 files/tongzhi.pdf（第 1 页）: 含有手机号码 159****6600" in output
    assert (
        "网站文件 files/saomiao.pdf: PDF 中没有可提取的文字（可能是扫描件或图片），无法检查其中是否含有个人信息"
        in output
    )
    # make check finds both in docs/ too, with the file named.
    config = proj / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "pii_allowlist: []",
            "pii_allowlist: []\n  pii_unscanned_files:\n    files/saomiao.pdf: 扫描件已人工核对，无个人信息",
        ),
        encoding="utf-8",
    )
    (proj / "docs" / "files" / "tongzhi.pdf").write_bytes(_pdf("Hotline 12328"))
    result = mkdocs_build(proj, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "files" / "saomiao.pdf").is_file()


def test_check_names_attachments_in_docs(project, capsys):
    from farun.cli import main

    proj = project(
        {
            "notices/2026-01-gonggao.md": NOTICE.format(body="见附件。"),
            "files/a.pdf": _pdf("TEL 159-5812-6600"),
            "files/b.docx": b"PK broken",
        }
    )
    assert main(["--config", str(proj / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    assert MOBILE not in err
    assert "docs/files/a.pdf:0: 第 1 页中含有手机号码 159****6600：个人信息不得公开" in err
    assert "docs/files/b.docx:0: Office 文件已损坏或不是有效的 docx/xlsx/pptx 格式：无法检查其中是否含有个人信息" in err
    config = proj / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "pii_allowlist: []",
            "pii_allowlist: []\n  pii_unscanned_files:\n    files/b.docx: 原件已人工核对\n    files/gone.pdf: 原件已人工核对",
        ),
        encoding="utf-8",
    )
    assert main(["--config", str(proj / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    assert (
        "docs/files/b.docx" not in err and "docs/files/a.pdf:0: 第 1 页中含有手机号码" in err
    )  # b.docx allowed with a reason
    assert (
        "mkdocs.yml:0: extra.pii_unscanned_files（不检查个人信息的文件）中的 “files/gone.pdf” 在 docs/ 中不存在" in err
    )


def test_a_number_only_rendering_reveals_names_its_page_source(project, tmp_path):
    # %-escaped in a link: make check reads the source as written, the build reads the link as a browser does.
    body = "[联系我们](https://example.invalid/contact?tel=%31%35%39%35%38%31%32%36%36%30%30)"
    proj = project({"notices/2026-01-gonggao.md": NOTICE.format(body=body)})
    result = mkdocs_build(proj, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and MOBILE not in output
    assert re.search(
        r"网站文件 notices/2026-01-gonggao/index\.html:\d+: 含有手机号码 159\*{4}6600"
        r"（来源：docs/notices/2026-01-gonggao\.md；",
        output,
    ), output[-2000:]


def test_the_scan_cache_key_covers_every_module_detection_runs():
    # A change to any of them (or to Python's Unicode tables) must drop every cached "clean".
    import ast
    import importlib

    from pathlib import Path

    wing = {f"farun.pii.{path.stem}" for path in Path(pii_scan.__file__).parent.glob("*.py")} - {"farun.pii.__init__"}
    covered = {module.__name__ for module in pii_scan.OUTSIDE_MODULES} | wing
    # Messages, the Site type, and the worker that runs this same scan_file: they decide nothing found.
    deciding_nothing = {"farun.runtime.errors", "farun.site.engine", "farun.pii.while_rendering"}
    todo, seen = ["farun.pii.scan"], set()
    while todo:
        name = todo.pop()
        if name in seen or name in deciding_nothing:
            continue
        seen.add(name)
        tree = ast.parse(open(importlib.import_module(name).__file__, encoding="utf-8").read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("farun"):
                todo += [node.module] if node.module.count(".") > 1 else [f"{node.module}.{a.name}" for a in node.names]
    assert seen <= covered, seen - covered


def test_the_scan_cache_key_changes_with_any_module_of_the_wing(tmp_path, monkeypatch):
    # Every pii/*.py is hashed, not a list of them: a detector added to the wing drops the cache too.
    from pathlib import Path

    wing = Path(pii_scan.__file__).parent
    before = pii_scan._cache_key([], {}, 2026)
    copy = tmp_path / "pii"
    copy.mkdir()
    for path in wing.glob("*.py"):
        (copy / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(pii_scan, "__file__", str(copy / "scan.py"))
    assert pii_scan._cache_key([], {}, 2026) == before
    (copy / "new_detector.py").write_text("RULE = 1\n", encoding="utf-8")
    assert pii_scan._cache_key([], {}, 2026) != before
    (copy / "new_detector.py").unlink()
    (copy / "numbers.py").write_bytes((wing / "numbers.py").read_bytes() + b"\n")
    assert pii_scan._cache_key([], {}, 2026) != before
    assert pii_scan._cache_key([], {}, 2025) != before and pii_scan._cache_key(["0575-85130000"], {}, 2026) != before


JSON_TEXT = list("一二三五六八九〇零幺壹伍玖陆捌中文手机号 1590-") + [
    "\u3000",
    "\n",
    "<b>",
    "&#49;",
    "一五九五八一二六六〇〇",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(JSON_TEXT), max_size=30).map("".join))
def test_escaped_json_reads_as_written_json(text):
    # Python's json and Material escape every non-ASCII character (\u4e00); the scan reads them as written,
    # Chinese numerals included (a mobile in numerals was once swapped for a plain ideograph and missed).
    import json

    for rel in ("data/x.json", "search/search_index.json"):
        escaped = pii_scan.scan_file(rel, json.dumps({"t": text}).encode("utf-8"), [], 2026, {})
        plain = pii_scan.scan_file(rel, json.dumps({"t": text}, ensure_ascii=False).encode("utf-8"), [], 2026, {})
        assert escaped == plain


def test_chinese_numerals_escaped_in_json_are_found():
    import json

    for words in ("手机 一五九五八一二六六〇〇", "手机 壹伍玖伍捌壹贰陆陆零零", "幺五九 五八幺二 六六零零"):
        data = json.dumps({"docs": [{"text": words}]}).encode("utf-8")
        assert "\\u" in data.decode() and [m for _, m in scan("data/lectures.json", data)[0]] == [M_MASK], words
        if " " not in words[3:]:  # a search index joins no groups across white space (its tables are flattened)
            assert [m for _, m in scan("search/search_index.json", data)[0]] == [M_MASK], words
