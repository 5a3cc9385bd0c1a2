"""Issue 23 points 7, 8, 11, 12: what `farun check` and the command line say to a clerk, exactly."""

from __future__ import annotations

from support import CASE, LECTURE, PENALTY, farun

EXPIRED = (
    PENALTY.replace("date: 2026-09-15", "date: 2024-01-15")
    .replace("decision_date: 2026-09-10", "decision_date: 2024-01-10")
    .replace("expires: 2027-09-10", "expires: 2025-01-10")
)


def test_check_names_every_item_it_will_not_publish_and_why(project):
    proj = project(
        {
            "lectures/2023-03-a.md": LECTURE,
            "lectures/2023-04-b.md": LECTURE.replace("episode: 1", "episode: 2").replace(
                "---\n\n", "draft: true\n---\n\n", 1
            ),
            "cases/2023-05-c.md": CASE.replace("---\n\n", "publish: 2099-01-01\n---\n\n", 1),
            "notices/2024-01-chufa.md": EXPIRED,  # expired already when it was written
        }
    )
    result = farun(proj, "check")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "（另有 3 项暂不发布，见下）。" in lines[0]
    assert set(lines[1:4]) == {
        "  暂不发布 docs/lectures/2023-04-b.md：草稿（draft: true）",
        "  暂不发布 docs/cases/2023-05-c.md：尚未到发布日期 2099-01-01",
        "  暂不发布 docs/notices/2024-01-chufa.md：行政处罚公示期已满（公示截止 2025-01-10），自 2025-01-11 起撤下",
    }


def test_an_ascii_comma_in_the_revocation_reason_is_named_with_the_fix(project):
    text = PENALTY.replace("---\n\n", "revoked: {date: 2026-11-20, reason: 经行政复议, 原处罚决定被撤销}\n---\n\n", 1)
    proj = project({"notices/2026-09-chufa.md": text})
    result = farun(proj, "check")
    assert result.returncode == 1
    line = text.splitlines().index("revoked: {date: 2026-11-20, reason: 经行政复议, 原处罚决定被撤销}") + 1
    assert (
        f"docs/notices/2026-09-chufa.md:{line}: revoked（撤回信息）中的 “原处罚决定被撤销” 不是可用的项（只能写 date、reason）："
        "大括号里的半角逗号“,”会把后面的文字分成另一项"
    ) in result.stderr
    assert (
        "把 “原处罚决定被撤销” 前面的半角逗号改成中文逗号“，”，或给整段文字加半角引号，例如 "
        'revoked: {date: 2026-11-20, reason: "经行政复议, 原处罚决定被撤销"}'
    ) in result.stderr
    assert "未知字段 “revoked”" not in result.stderr
    typo = PENALTY.replace("---\n\n", "revoked: {date: 2026-11-20, reasn: 撤销}\n---\n\n", 1)
    (proj / "docs/notices/2026-09-chufa.md").write_text(typo, encoding="utf-8")
    result = farun(proj, "check")
    assert "revoked（撤回信息）中的 “reasn” 不是可用的项（只能写 date、reason）" in result.stderr


ARGPARSE_ENGLISH = (
    "usage",
    "error",
    "options",
    "positional arguments",
    "show this help",
    "invalid choice",
    "required",
    "unrecognized",
    "expected one argument",
    "choose from",
)


def test_the_command_line_answers_mistakes_and_help_in_chinese(project):
    proj = project({})
    cases = {
        (
            "chek",
        ): "farun：错误：参数 命令：无效的选择 “chek”（可选：check、generate、new、import、publish、update、schemas、"
        "build、rebuild、serve、setup、clean、offline、test、bench）",
        ("new",): "farun new：错误：缺少必需的参数：类型",
        ("new", "notis"): "farun new：错误：参数 类型：无效的选择 “notis”（可选：case、lecture、notice）",
        ("import",): "farun import：错误：缺少必需的参数：台账文件",
        ("build", "--bogus"): "farun：错误：无法识别的参数：--bogus",
        ("publish", "--author"): "farun publish：错误：参数 --author：后面需要写一个值",
    }
    for argv, last in cases.items():
        result = farun(proj, *argv)
        assert result.returncode == 2, argv
        assert result.stderr.splitlines()[-1] == last, (argv, result.stderr)
        assert result.stderr.startswith("用法：farun"), result.stderr
    for argv in (("-h",), ("new", "-h"), ("import", "-h"), ("publish", "-h")):
        result = farun(proj, *argv)
        assert result.returncode == 0 and result.stdout.startswith("用法：farun")
        assert "显示本帮助并退出" in result.stdout
        assert not [w for w in ARGPARSE_ENGLISH if w in result.stdout.lower()], result.stdout


def test_windows_backslashes_in_media_paths_are_read_as_forward_slashes(project):
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (1200, 630), (20, 90, 160)).save(png, "PNG")
    text = LECTURE.replace("---\n\n", "cover: images\\封面.png\ncaptions: media\\sub\\a.vtt\n---\n\n", 1)
    proj = project({"lectures/2023-03-a.md": text, "images/封面.png": png.getvalue(), "media/sub/a.vtt": "WEBVTT\n\n"})
    result = farun(proj, "check")
    assert result.returncode == 0, result.stderr

    from farun.content.load import load_file

    record, errors = load_file(proj / "docs", "lectures/2023-03-a.md", {"today": None})
    assert not errors and record.meta.cover == "images/封面.png" and record.meta.captions == "media/sub/a.vtt"


def test_a_table_pasted_from_excel_is_named_with_the_markdown_table_to_use(project):
    pasted = "期数\t主题\t主讲人\n1\t行政复议\t陈立新\n2\t安全|生产\t王五\n"
    text = LECTURE.replace("## 讲座要点\n", "## 讲座要点\n\n" + pasted, 1)
    proj = project(
        {
            "lectures/2023-03-a.md": text,
            "lectures/2023-04-b.md": LECTURE.replace("episode: 1", "episode: 2").replace(
                "## 讲座要点\n", "## 讲座要点\n\n```\na\tb\nc\td\n```\n", 1
            ),
        }
    )
    result = farun(proj, "check")
    assert result.returncode == 1
    first = text.splitlines().index("期数\t主题\t主讲人") + 1
    assert (
        f"docs/lectures/2023-03-a.md:{first}: 正文第 {first}–{first + 2} 行像是从 Excel/WPS 粘贴的表格（用 Tab 分隔）："
        "网页上会连成一段文字"
    ) in result.stderr
    assert (
        "换成下面的 Markdown 表格（第一行是表头）：\n| 期数 | 主题 | 主讲人 |\n| --- | --- | --- |\n"
        "| 1 | 行政复议 | 陈立新 |\n| 2 | 安全\\|生产 | 王五 |"
    ) in result.stderr
    assert "2023-04-b.md" not in result.stderr  # tabs inside a code block are code


def test_a_scanned_pdf_has_its_own_heading_and_a_fix_a_clerk_can_do(project):
    import io

    from pypdf import PdfWriter

    writer, pdf = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)  # a scan: pages without text
    writer.write(pdf)
    proj = project(
        {
            "lectures/2023-03-a.md": LECTURE.replace("---\n\n", "slides: files/扫描件.pdf\n---\n\n", 1),
            "files/扫描件.pdf": pdf.getvalue(),
        }
    )
    fix = (
        "没有发现个人信息，只是程序读不出其中的文字：请换成能复制文字的文件（用 Word/WPS 打开原文件“另存为 PDF”，"
        "不要用扫描件、照片或压缩包）"
    )
    check = farun(proj, "check")
    assert check.returncode == 1 and fix in check.stderr
    build = farun(proj, "build")
    assert build.returncode == 1
    assert (
        "错误：有 1 个文件读不出文字，无法检查其中是否含有个人信息，网站不能发布：\n网站文件 files/扫描件.pdf: "
        in build.stderr
    )
    assert "发现个人信息，网站不能发布" not in build.stderr and fix in build.stderr


def test_a_moved_project_folder_repairs_the_saved_path_and_says_so(tmp_path):
    from farun.authoring.workspace import ROOT as REAL_ROOT, repair_link

    root = tmp_path / "新位置" / "farun"
    site = root / ".venv" / "Lib" / "site-packages"
    site.mkdir(parents=True)
    (root / "scripts").mkdir()
    pth = site / "farun-scripts.pth"
    pth.write_text("C:\\Users\\clerk\\Desktop\\farun\\scripts\n", encoding="utf-8")
    note = repair_link(root, str(root / ".venv"), site)
    assert (
        note
        == f"项目文件夹已移动或复制（原来在 C:\\Users\\clerk\\Desktop\\farun）：已把 .venv 中记录的位置改为 {root}。"
    )
    assert pth.read_text(encoding="utf-8") == f"{(root / 'scripts').resolve()}\n"
    assert repair_link(root, str(root / ".venv"), site) is None  # repaired once, then quiet
    assert repair_link(root, "/usr", site) is None  # another environment is not touched
    shared = tmp_path / "worktree"
    shared.mkdir()
    (shared / ".venv").symlink_to(root / ".venv")
    pth.write_text("/elsewhere/scripts\n", encoding="utf-8")
    assert (
        repair_link(shared, str(root / ".venv"), site) is None
        and pth.read_text(encoding="utf-8") == "/elsewhere/scripts\n"
    )
    cmd = (REAL_ROOT / "farun.cmd").read_text(encoding="utf-8")
    assert 'set "PYTHONPATH=%ROOT%scripts"' in cmd and cmd.index("PYTHONPATH") < cmd.index("-m farun %*")


def test_the_preview_error_page_names_the_windows_command_too(tmp_path):
    from support import ROOT

    from farun.runtime.errors import ContentError
    from farun.site.preview_error import write_error_pages

    write_error_pages(
        tmp_path, ROOT / "overrides", [ContentError("docs/lectures/a.md", 3, "date（日期）应为 YYYY-MM-DD 格式")]
    )
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "下面是 <code>make check</code>（Windows 上是 <code>farun check</code>）发现的问题。" in page


def test_the_guide_quotes_the_preview_lines_the_clerk_really_sees():
    from support import ROOT

    from farun.authoring.quiet import StaffFilter
    from farun.cli import cmd_serve  # noqa: F401  (the first line is printed there)

    guide = (ROOT / "编辑指南.md").read_text(encoding="utf-8")
    address = StaffFilter(serving=True)("INFO    -  Serving on http://127.0.0.1:8000/fxjt/")
    assert f"`{address}`" in guide
    first = "正在生成预览网站（第一次需要一些时间）……"
    assert first in (ROOT / "scripts/farun/cli.py").read_text(encoding="utf-8") and f"“{first}”" in guide
    assert "Serving on" not in guide


def test_an_original_photo_with_gps_or_over_1_mb_gets_a_note_that_it_stays_in_the_repository(project):
    import io
    import os as _os

    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 0.0, 0.0), 3: "E", 4: (120.0, 34.0, 0.0)}
    gps = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(gps, "JPEG", exif=exif)
    big = io.BytesIO()
    Image.frombytes("RGB", (700, 700), _os.urandom(700 * 700 * 3)).save(big, "PNG")  # noise: ~1.4 MB
    plain = io.BytesIO()
    Image.new("RGB", (64, 64)).save(plain, "JPEG")
    proj = project(
        {"images/现场.jpg": gps.getvalue(), "images/大图.png": big.getvalue(), "images/小图.jpg": plain.getvalue()}
    )
    result = farun(proj, "check")
    assert result.returncode == 0, result.stderr
    tail = (
        "：网站上只发布去掉拍摄信息、重新压缩的副本，但这个原图文件本身会留在版本库里（farun publish 也会把它送到服务器的版本库）。"
        "建议用“画图”或 WPS 图片把照片另存为 1 MB 以内的 JPG 后再放进 docs/，原图另行保管。"
    )
    assert f"提醒：docs/images/现场.jpg 是原始照片（含拍摄位置（GPS））{tail}" in result.stdout
    size = len(big.getvalue()) / 1024 / 1024
    assert f"提醒：docs/images/大图.png 是原始照片（{size:.1f} MB）{tail}" in result.stdout
    assert "小图.jpg" not in result.stdout
