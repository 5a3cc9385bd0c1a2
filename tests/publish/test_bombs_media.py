"""Document and media bombs (issue 27.5) through the real commands, under a memory limit and a timeout.

Each bomb is generated here (tests/media_bombs.py), put under docs/ and linked from a published
notice; ``farun check`` and a real build must each stop within 60 s and 1 GB with a Chinese message
naming the file, and no traceback. A bomb no page uses is not even opened by the build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

import media_bombs
from support import NOTICE_WITH_BODY, ROOT, TEST_EPOCH

LIMIT_BYTES = 1024**3
SECONDS = 60
# Runs one command with the address-space limit and prints its peak resident size (KiB) on the last line.
_WRAPPER = """
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
code = subprocess.run(sys.argv[1:]).returncode
print("PEAK_KIB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""

NOTICE = NOTICE_WITH_BODY


def limited(project, *args: str) -> tuple[subprocess.CompletedProcess, float, int]:
    """(result, seconds, peak KiB) of ``python -m farun ARGS`` on ``project`` under 1 GB of address space."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "FARUN_VIA_MAKE"},
        "PYTHONPATH": str(ROOT / "scripts"),
        "SOURCE_DATE_EPOCH": str(TEST_EPOCH),
        "NO_COLOR": "1",
    }
    cmd = [
        sys.executable,
        "-c",
        _WRAPPER.format(limit=LIMIT_BYTES),
        sys.executable,
        "-m",
        "farun",
        "--config",
        str(project / "mkdocs.yml"),
        *args,
    ]
    start = time.monotonic()
    result = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=SECONDS * 2)
    seconds = time.monotonic() - start
    peak = int(result.stderr.rsplit("PEAK_KIB", 1)[1].split()[0])
    return result, seconds, peak


# (docs path, generator, words of the refusal in check, the build's line about it)
BOMBS = {
    "gzip": (
        "files/tongji.csv.gz",
        media_bombs.gzip_bomb,
        "解压后超过 3 MB，可能是“压缩炸弹”",
        "不发布 docs/files/tongji.csv.gz：文件类型 .gz 不在可以发布的类型中",
    ),  # the site's own .gz are read bounded
    "docx": (
        "files/yaodian.docx",
        media_bombs.docx_bomb,
        "解压后超过 48 MB，可能是“压缩炸弹”",
        "网站文件 files/yaodian.docx: 解压后超过 48 MB，可能是“压缩炸弹”，无法检查其中是否含有个人信息",
    ),
    "pdf-xobjects": (
        "files/tongzhi.pdf",
        media_bombs.xobject_bomb,
        "一页中嵌套的图形对象超过 4000 次，可能是恶意构造的 PDF",
        "网站文件 files/tongzhi.pdf: 一页中嵌套的图形对象超过 4000 次，可能是恶意构造的 PDF，无法检查其中是否含有个人信息",
    ),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_document_bombs_stop_check_and_build_in_time_and_memory(project, name):
    rel, make, words, built = BOMBS[name]
    data = make()
    assert len(data) <= 10 * 1024 * 1024
    proj = project({"notices/2026-01-gonggao.md": NOTICE.format(body=f"附件：[下载](../../{rel})"), rel: data})
    check, seconds, peak = limited(proj, "check")
    output = check.stdout + check.stderr
    assert check.returncode == 1 and "Traceback" not in output, output
    assert f"docs/{rel}:0: {words}：无法检查其中是否含有个人信息" in output
    assert seconds < SECONDS and peak < LIMIT_BYTES // 1024, (seconds, peak)
    print(f"{name}: {len(data)} bytes; check {seconds:.1f} s, {peak // 1024} MB", end="; ")
    build, seconds, peak = limited(proj, "build")
    output = build.stdout + build.stderr
    assert build.returncode == 1 and "Traceback" not in output, output
    assert built in output
    assert "原有的 site/ 保持不变" in output and not (proj / "site").exists()
    assert seconds < SECONDS and peak < LIMIT_BYTES // 1024, (seconds, peak)
    print(f"build {seconds:.1f} s, {peak // 1024} MB")


def test_gif_bomb_is_refused_when_used_and_never_opened_when_not(project):
    data = media_bombs.gif_bomb()  # 729 bytes: a 8000x8000 canvas, 30 frames
    assert len(data) == 729
    proj = project(
        {
            "notices/2026-01-gonggao.md": NOTICE.format(body="![示意图](../../media/shiyi.gif)"),
            "media/shiyi.gif": data,
            "media/weiyong.gif": data,
        }
    )
    check, seconds, peak = limited(proj, "check")
    assert check.returncode == 0, check.stdout + check.stderr  # make check reads image headers only
    build, seconds, peak = limited(proj, "build")
    output = build.stdout + build.stderr
    assert build.returncode == 1 and "Traceback" not in output, output
    assert (
        "docs/media/shiyi.gif:0: 动图共 30 帧、每帧 8000×8000 像素，超过可处理的范围（帧数×像素不超过 120 百万），"
        "可能是“解压炸弹”；请缩小尺寸或减少帧数后再放入 docs/。（使用它的页面：docs/notices/2026-01-gonggao.md）"
    ) in output
    assert "weiyong" not in output  # refused first for the used one; the unused one is not read at all
    assert seconds < SECONDS and peak < LIMIT_BYTES // 1024, (seconds, peak)
    # Nothing uses it: the build succeeds without decoding it, and it is not published.
    (proj / "docs" / "notices" / "2026-01-gonggao.md").write_text(NOTICE.format(body="正文。"), encoding="utf-8")
    build, seconds, peak = limited(proj, "build", "--verbose")
    assert build.returncode == 0, build.stdout + build.stderr
    assert not (proj / "site" / "media").exists()
    assert seconds < SECONDS and peak < 400 * 1024, (seconds, peak)


def test_preview_shows_a_used_gif_bomb_on_its_error_page_and_stays_up(project):
    import resource
    import signal

    from support import fetch, free_port, wait_for

    proj = project(
        {
            "notices/2026-01-gonggao.md": NOTICE.format(body="![示意图](../../media/shiyi.gif)"),
            "media/shiyi.gif": media_bombs.gif_bomb(),
        }
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}/fxjt/"
    env = {
        **{k: v for k, v in os.environ.items() if k != "FARUN_VIA_MAKE"},
        "PYTHONPATH": str(ROOT / "scripts"),
        "SOURCE_DATE_EPOCH": str(TEST_EPOCH),
        "NO_COLOR": "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "farun",
            "--config",
            str(proj / "mkdocs.yml"),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=proj,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES)),
    )
    try:
        assert wait_for(lambda: "内容有误" in fetch(base) or server.poll() is not None, SECONDS)
        assert server.poll() is None, "the preview server exited"
        page = fetch(base)
        assert "docs/media/shiyi.gif" in page and "动图共 30 帧" in page
    finally:
        os.killpg(server.pid, signal.SIGINT)
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output


# The limits one by one, in process (runtime/bounded.py): each class of input just past its limit.


def _scan(rel: str, data: bytes) -> str:
    from farun.pii import scan as pii_scan

    return pii_scan.scan_file(rel, data, (), 2026, {})[1]


def test_gzip_members_are_all_read_and_capped():
    import gzip

    from farun.runtime import bounded

    assert bounded.gunzip(gzip.compress(b"159 5812") + gzip.compress(b" 6600")) == b"159 5812 6600"
    from farun.pii import scan as pii_scan

    hits, refusal = pii_scan.scan_file(
        "files/a.txt.gz", gzip.compress(b"-") + gzip.compress("电话 159 5812 6600".encode()), (), 2026, {}
    )
    assert refusal == "" and [hit.masked for _, hit in hits] == ["159****6600"]  # the second member is read too
    ratio = gzip.compress(bytes(4 * 1024 * 1024), 9)  # 4 MB of zeros in ~4 KB: under the byte cap, far over the ratio
    assert _scan("files/a.txt.gz", ratio).startswith("压缩比异常")
    assert _scan("files/a.txt.gz", b"\x1f\x8b\x08\x00broken") == "压缩文件已损坏，无法检查"


def test_office_entries_nesting_and_ratio_are_capped():
    import io
    import zipfile

    from farun.runtime import bounded

    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(bounded.MAX_ENTRIES + 1):
            archive.writestr(f"customXml/item{number}.xml", "<a/>")
    assert (
        _scan("files/a.docx", many.getvalue())
        == f"文件中有 {bounded.MAX_ENTRIES + 1} 个部分（超过 {bounded.MAX_ENTRIES} 个），可能是“压缩炸弹”"
    )
    inner = media_bombs.docx_bomb(0)
    for _ in range(3):  # a docx inside a docx inside a docx inside a docx
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w") as archive:
            archive.writestr("[Content_Types].xml", media_bombs.CONTENT_TYPES_DOCX)
            archive.writestr("word/document.xml", "<w:document xmlns:w='w'><w:body/></w:document>")
            archive.writestr("word/embeddings/inner.docx", inner)
        inner = outer.getvalue()
    assert _scan("files/a.docx", inner).startswith("Office 文件中嵌套的文档层数过多")
    assert "压缩比异常" in _scan("files/a.docx", media_bombs.docx_bomb(10))  # 10 MB of text in ~40 KB


@pytest.mark.slow  # ~7 s of CPU: builds and reads PDFs at the caps
def test_pdf_pages_and_operations_are_capped(monkeypatch):
    from farun.runtime import bounded

    kids = b" ".join([b"3 0 R"] * (bounded.MAX_PDF_PAGES + 1))
    pages = media_bombs.pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, bounded.MAX_PDF_PAGES + 1),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] >>",
        ]
    )
    assert _scan("files/a.pdf", pages) == f"PDF 超过 {bounded.MAX_PDF_PAGES} 页"

    def text(operations: int) -> bytes:
        return media_bombs.pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                media_bombs.stream(b"BT /F1 9 Tf " + b"(a) Tj " * operations + b"(15958126600) Tj ET"),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ]
        )

    # pypdf's own token budget per content stream ends in an error, never in text silently left out.
    assert _scan("files/a.pdf", text(1_200_000)) == "PDF 的内容超过读取上限，可能是恶意构造的 PDF"
    monkeypatch.setattr(bounded, "MAX_PDF_OPERATIONS", 2_000)  # ~20,000 operations a second: a small limit
    assert _scan("files/a.pdf", text(1_990)) == ""  # BT, Tf, the Tj with the number and ET make 1,994
    assert _scan("files/a.pdf", text(2_000)) == "绘图操作超过 2000 个，可能是恶意构造的 PDF"


def test_pdf_forms_nested_too_deep_are_refused_before_any_text_is_read():
    from farun.runtime import bounded

    deep = media_bombs.xobject_bomb(levels=bounded.MAX_PDF_DEPTH + 1, fanout=1)
    assert (
        _scan("files/a.pdf", deep) == f"PDF 第 1 页的图形对象嵌套超过 {bounded.MAX_PDF_DEPTH} 层，可能是恶意构造的 PDF"
    )
    assert _scan("files/a.pdf", media_bombs.xobject_bomb(levels=bounded.MAX_PDF_DEPTH - 1, fanout=1)) == ""


def test_an_image_named_through_escapes_counts_as_used(tmp_path):
    from types import SimpleNamespace

    from farun.images import staff

    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    (docs / "images" / "现场.gif").write_bytes(media_bombs.gif_bomb(8, 8, 2))
    (docs / "images" / "未用.gif").write_bytes(media_bombs.gif_bomb())
    for body in ("![图](../images/%e7%8e%b0%e5%9c%ba.gif)", '<img src="../images/&#x73B0;场.gif">'):
        (docs / "about.md").write_text(f"---\ntitle: 关于\n---\n\n{body}\n", encoding="utf-8")
        site = SimpleNamespace(
            collection=SimpleNamespace(items=[], hidden=[], files={}),
            settings=SimpleNamespace(publish_unreferenced=[], model_dump_json=lambda: "{}"),
        )
        published = staff.provide(site, docs)
        assert published["images/现场.gif"] is not None and published["images/未用.gif"] is None, body
