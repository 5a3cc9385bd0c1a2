"""Every bad input a careless edit can produce gets an exact Chinese message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from farun.site.engine import validate
from farun.content.settings import load_settings
from farun.cli import read_config

from support import CASE, LECTURE, NOTICE  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
TODAY = dt.date(2026, 11, 25)


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    docs = tmp_path / "docs"
    for rel, content in files.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    _, errors = validate(docs, SETTINGS, TODAY)
    return [str(e) for e in sorted(errors)]


def lecture(tmp_path, text, name="2023-03-xingzheng-fuyi.md"):
    return problems(tmp_path, {f"lectures/{name}": text})


P = "docs/lectures/2023-03-xingzheng-fuyi.md"


def test_valid_items_have_no_problems(tmp_path):
    assert problems(tmp_path, {"lectures/a.md": LECTURE, "cases/b.md": CASE, "notices/c.md": NOTICE}) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("date: 2023-03-15", "date: 2023/3/15", f"{P}:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2023/3/15”"),
        (
            "date: 2023-03-15",
            "date: 2023-02-30",
            f"{P}:3: date（日期）不是有效的日期：“2023-02-30” 在日历上不存在，2023年2月没有30日",
        ),
        ("date: 2023-03-15", "date: 2023年3月15日", f"{P}:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2023年3月15日”"),
        ("date: 2023-03-15", "date: 2023-3-15", f"{P}:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2023-3-15”"),
        ("episode: 1", "episode: 第一期", f"{P}:4: episode（期数）应为正整数（只写数字，如 7），实际为 “第一期”"),
        ("episode: 1", "episode: 1.5", f"{P}:4: episode（期数）应为正整数，实际为 “1.5”"),
        ("episode: 1", "episode: 0", f"{P}:4: episode（期数）应为不小于 1 的整数，实际为 0"),
        ("title: 新修订《行政复议法》要点解读", "title: ", f"{P}:2: title（标题）不能为空"),
        ("title: 新修订《行政复议法》要点解读", "title: '  '", f"{P}:2: title（标题）不能为空"),
        (
            "tags: [行政复议, 依法行政]",
            "tags: 行政复议、依法行政",
            f"{P}:7: tags（主题）应为列表，实际为 “行政复议、依法行政”（建议：写成 tags: [甲, 乙] 或每项一行“- 甲”）",
        ),
        ("tags: [行政复议, 依法行政]", "tags: []", f"{P}:7: tags（主题）至少需要 1 项"),
        ("speaker: 陈立新", "speker: 陈立新", f"{P}:5: 未知字段 “speker”，是否应为 speaker（主讲人）？"),
        ("speaker: 陈立新", "主讲人: 陈立新", f"{P}:5: 未知字段 “主讲人”，是否应为 speaker（主讲人）？"),
        ("speaker: 陈立新", "Speaker: 陈立新", f"{P}:5: 未知字段 “Speaker”，是否应为 speaker（主讲人）？"),
        (
            "summary: 解读新修订行政复议法的主要变化。\n",
            "",
            f"{P}:1: 缺少必填字段 summary（摘要）（建议：在 front matter 中加一行 summary: …）",
        ),
    ],
)
def test_lecture_field_messages(tmp_path, old, new, expected):
    found = lecture(tmp_path, LECTURE.replace(old, new, 1))
    assert expected in found, found


def test_missing_speaker_field_line_and_summary_both_reported(tmp_path):
    text = LECTURE.replace("speaker: 陈立新\n", "").replace("summary: 解读新修订行政复议法的主要变化。\n", "")
    found = lecture(tmp_path, text)
    assert f"{P}:1: 缺少必填字段 speaker（主讲人）（建议：在 front matter 中加一行 speaker: …）" in found
    assert f"{P}:1: 缺少必填字段 summary（摘要）（建议：在 front matter 中加一行 summary: …）" in found


def test_malformed_yaml(tmp_path):
    found = lecture(tmp_path, LECTURE.replace("speaker: 陈立新", "speaker: 陈立新: 副处长"))
    assert found == [
        f"{P}:5: front matter 格式错误：这一行多了一个冒号（值里含有“: ”时请把整个值用引号括起来）"
        "（建议：每行写成“字段: 值”，冒号后留一个空格；含冒号、# 或引号的值请用引号括起来）"
    ]


def test_tab_indentation(tmp_path):
    found = lecture(tmp_path, LECTURE.replace("speaker: 陈立新", "\tspeaker: 陈立新"))
    assert found == [f"{P}:5: front matter 格式错误：含有 Tab 字符（建议：YAML 中不能用 Tab 缩进，请改为空格）"]


def test_full_width_colon(tmp_path):
    found = lecture(tmp_path, "---\ntitle：行政复议\n---\n")
    assert found == [
        f"{P}:2: 字段名 title 后面用了全角冒号“：”，YAML 只认半角冒号“:”（建议：改成半角冒号加一个空格：title: 行政复议）"
    ]


def test_front_matter_not_closed(tmp_path):
    found = lecture(tmp_path, LECTURE.replace("---\n\n## 讲座要点", "\n## 讲座要点"))
    assert found == [
        f"{P}:1: front matter 没有结束：第 1 行的 --- 之后找不到结束的 ---（建议：在最后一个字段之后单独写一行 ---）"
    ]


def test_front_matter_missing(tmp_path):
    found = lecture(tmp_path, "# 标题\n\n正文\n")
    assert found == [
        f"{P}:1: 缺少 front matter：文件应以一行 --- 开头（建议：在文件第一行写 ---，接着写 title: 等字段，再以一行 --- 结束）"
    ]


def test_not_utf8(tmp_path):
    found = lecture(tmp_path, LECTURE.encode("gbk"))
    assert found == [
        f"{P}:2: 文件不是 UTF-8 编码：文件似乎是 GBK/GB2312 编码（建议：用记事本或 VS Code 打开，选择“另存为”，编码选 UTF-8）"
    ]


def test_windows_file_with_bom_and_crlf_is_fine(tmp_path):
    raw = ("\ufeff" + LECTURE).replace("\n", "\r\n").encode("utf-8")
    assert lecture(tmp_path, raw) == []


def test_duplicate_key(tmp_path):
    found = lecture(tmp_path, LECTURE.replace("episode: 1", "episode: 1\ntitle: 另一个标题"))
    assert f"{P}:5: 字段 title 重复出现（第 2 行已经写过）（建议：删除其中一行）" in found


def test_time_of_day_stays_text(tmp_path):
    found = lecture(tmp_path, LECTURE.replace("episode: 1", "episode: 1\ntime: 14:30"))
    assert found == []


def test_duplicate_episode_names_both_files(tmp_path):
    found = problems(
        tmp_path, {"lectures/a.md": LECTURE, "lectures/b.md": LECTURE.replace("title: 新修订", "title: 另一期")}
    )
    assert found == [
        "docs/lectures/a.md:4: 期数 “1” 与 docs/lectures/b.md 重复",
        "docs/lectures/b.md:4: 期数 “1” 与 docs/lectures/a.md 重复",
    ]


def test_unknown_category(tmp_path):
    found = problems(tmp_path, {"cases/b.md": CASE.replace("category: 网约车与非法营运", "category: 出租车")})
    assert found == [
        "docs/cases/b.md:4: category（类别）应为以下之一：网约车与非法营运、超限运输、危险货物运输、驾驶员培训、机动车维修、水上交通，实际为 “出租车”"
    ]


def test_unknown_notice_type(tmp_path):
    found = problems(tmp_path, {"notices/c.md": NOTICE.replace("type: 通知", "type: 通告")})
    assert found == [
        "docs/notices/c.md:4: type（类型）应为以下之一：通知、公告、讲堂预告、行政许可公示、行政处罚公示，实际为 “通告”"
    ]


@pytest.mark.parametrize("doc_no", ["绍市交[2024]4号", "绍市交（2024）4号", "绍市交〔24〕4号", "绍市交〔2024〕4"])
def test_malformed_doc_no(tmp_path, doc_no):
    found = problems(tmp_path, {"notices/c.md": NOTICE.replace("绍市交〔2024〕4号", doc_no)})
    assert len(found) == 1 and found[0].startswith(
        "docs/notices/c.md:6: doc_no（文号）格式应为“机关代字〔年份〕序号号”，例如 绍市交〔2024〕4号"
    )
    assert found[0].endswith(f"实际为 “{doc_no}”")
    if "[" in doc_no or "（" in doc_no:
        assert "年份须用六角括号〔〕" in found[0]


def test_missing_references(tmp_path):
    found = problems(
        tmp_path,
        {
            "lectures/a.md": LECTURE.replace("tags:", "cases: [no-such-case]\ntags:"),
            "cases/b.md": CASE.replace("summary:", "lectures: [a, ghost]\nsummary:"),
        },
    )
    assert found == [
        "docs/cases/b.md:6: lectures（相关讲座）中的 “ghost” 不存在：找不到 docs/lectures/ghost.md"
        "（建议：写文件名（不含 .md），例如 2023-05-wangyueche-feifa-yingyun）",
        "docs/lectures/a.md:7: cases（相关案例）中的 “no-such-case” 不存在：找不到 docs/cases/no-such-case.md"
        "（建议：写文件名（不含 .md），例如 2023-05-wangyueche-feifa-yingyun）",
    ]


def test_missing_video_and_slides(tmp_path):
    text = LECTURE.replace("tags:", "video: media/none.mp4\nslides: files/none.pdf\ntags:")
    found = lecture(tmp_path, text)
    hint = "（建议：路径相对于 docs/ 文件夹，例如 {}；请检查文件名和大小写）"
    assert found == [
        f"{P}:7: video（视频）指向的文件不存在：“media/none.mp4”" + hint.format("media/2023-11-wangyueche.mp4"),
        f"{P}:8: slides（课件）指向的文件不存在：“files/none.pdf”" + hint.format("files/2023-11-wangyueche.pdf"),
    ]


def test_existing_media_and_https_video_pass(tmp_path):
    files = {
        "lectures/a.md": LECTURE.replace("tags:", "video: https://v.example.cn/x.mp4\nslides: files/x.pdf\ntags:"),
        "files/x.pdf": b"%PDF-1.4",
    }
    assert problems(tmp_path, files) == []


def test_every_file_reports_every_problem(tmp_path):
    found = problems(
        tmp_path,
        {
            "lectures/a.md": LECTURE.replace("date: 2023-03-15", "date: 2023/3/15").replace("speaker:", "speker:"),
            "cases/b.md": CASE.replace("category: 网约车与非法营运", "category: 出租车"),
            "notices/c.md": "---\ntitle: x\n",
        },
    )
    assert [f.split(":")[0] for f in found] == [
        "docs/cases/b.md",
        "docs/lectures/a.md",
        "docs/lectures/a.md",
        "docs/lectures/a.md",
        "docs/notices/c.md",
    ]


def test_reserved_index_name(tmp_path):
    found = problems(tmp_path, {"lectures/index.md": LECTURE})
    assert found == [
        "docs/lectures/index.md:1: 文件名 index.md 是保留名称（栏目首页由系统生成）（建议：请换一个文件名）"
    ]


@pytest.mark.parametrize("name", ["a.MD", "a.md.txt", "a.markdown", "a.docx"])
def test_content_file_with_wrong_extension(tmp_path, name):
    found = problems(tmp_path, {f"lectures/{name}": LECTURE})
    assert found == [
        f"docs/lectures/{name}:1: 文件 {name} 不会被发布：内容文件的扩展名应为小写 .md"
        f"（建议：把文件改名为 a.md（Windows 资源管理器可能隐藏了扩展名））"
    ]


def test_office_lock_files_and_images_beside_content_are_ignored(tmp_path):
    found = problems(tmp_path, {"lectures/a.md": LECTURE, "lectures/~$a.docx": b"x", "lectures/photo.jpg": b"x"})
    assert found == []


def test_reference_to_an_invalid_item_reports_only_the_invalid_item(tmp_path):
    found = problems(
        tmp_path,
        {
            "lectures/a.md": LECTURE.replace("tags:", "cases: [b]\ntags:"),
            "cases/b.md": CASE.replace("date: 2023-05-20", "date: 2023/5/20"),
        },
    )
    assert found == ["docs/cases/b.md:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2023/5/20”"]


def test_utf16_from_notepad(tmp_path):
    found = lecture(tmp_path, LECTURE.encode("utf-16"))
    assert found == [
        f"{P}:1: 文件不是 UTF-8 编码：文件是 UTF-16（记事本中的“Unicode”）编码（建议：用记事本或 VS Code 打开，选择“另存为”，编码选 UTF-8）"
    ]
