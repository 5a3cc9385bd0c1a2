"""Issue 14, point 11: file names follow the documented rule; a name is suggested from the title (pypinyin)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from farun.authoring.scaffold import file_name
from farun.cli import read_config
from farun.content.settings import load_settings
from farun.content.slugs import slug_from, suggested_name, valid_name
from farun.site.engine import validate

from support import LECTURE, farun, make_project

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])


@pytest.mark.parametrize(
    "name",
    [
        "2024-05-信访条例",
        "2024-05-Xinfang",
        "2024-05-xinfang_tiaoli",
        "2024-05-xinfang tiaoli",
        "2024-05-xinfang--tiaoli",
        "2024-05-xīnfǎng",
    ],
)
def test_names_outside_the_rule_are_refused_with_a_suggestion_from_the_title(tmp_path, name):
    docs = tmp_path / "docs"
    (docs / "lectures").mkdir(parents=True)
    text = LECTURE.replace("新修订《行政复议法》要点解读", "《信访工作条例》学习解读：把群众诉求办在基层")
    (docs / "lectures" / f"{name}.md").write_text(text, encoding="utf-8")
    _, errors = validate(docs, SETTINGS, dt.date(2026, 11, 25))
    assert [str(e) for e in errors] == [
        f"docs/lectures/{name}.md:1: 文件名 “{name}.md” 不符合命名规则：只能用小写拼音或英文字母、数字和连字符 -"
        "（建议：改名为 2024-05-xinfang-gongzuo-tiaoli-xuexi-jiedu.md（中文、空格和大写字母在网址中会变成 %E4%BF%A1 这样的乱码，"
        "粘贴到微信等聊天软件时链接会断开））"
    ]


@pytest.mark.parametrize(
    "name", ["2023-03-xinfang-gongzuo-tiaoli", "a", "12328-fuwu", "2026-11-yunjiangtang-di7qi-yugao"]
)
def test_names_inside_the_rule_pass(name):
    assert valid_name(name)


def test_every_committed_content_file_follows_the_rule():
    names = [p.stem for folder in ("lectures", "cases", "notices") for p in (ROOT / "docs" / folder).glob("*.md")]
    assert names and all(valid_name(n) for n in names)


def test_slugs_from_titles():
    assert slug_from("《信访工作条例》学习解读") == "xinfang-gongzuo-tiaoli-xuexi-jiedu"
    assert slug_from("12328服务热线公告") == "12328-fuwu-rexian-gonggao"
    assert slug_from("超限运输治理——ＡＢＣ") == "chaoxian-yunshu-zhili"
    assert suggested_name("2024-05-信访条例") == "2024-05-xinfang-tiaoli"
    assert valid_name(file_name("lecture", dt.date(2024, 5, 1), "信访 条例").removesuffix(".md"))
    assert file_name("lecture", dt.date(2024, 5, 1), "信访条例") == "2024-05-xinfang-tiaoli.md"


def test_new_lecture_suggests_the_file_name_from_the_title_and_says_how_to_pick_a_category(tmp_path):
    proj = make_project(tmp_path / "proj", {})
    answers = "\n".join(["《信访工作条例》解读", "2024-06-01", "", "王五", "摘要", "信访", "", "是"]) + "\n"
    result = farun(proj, "new", "lecture", stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "直接回车为 xinfang-gongzuo-tiaoli-jiedu，由标题的拼音生成" in result.stdout
    assert (proj / "docs/lectures/2024-06-xinfang-gongzuo-tiaoli-jiedu.md").is_file()
    case = farun(proj, "new", "case", stdin="示例｜某案\n2024-01-01\n")
    assert "示例｜货车违法超限运输被查处案" in case.stdout and "新修订《行政复议法》" not in case.stdout
    assert "（输入编号或名称均可）" in case.stdout


def test_sub_folders_follow_the_rule_too(tmp_path):
    docs = tmp_path / "docs"
    (docs / "notices" / "2024年").mkdir(parents=True)
    (docs / "notices" / "2024").mkdir(parents=True)
    from support import NOTICE

    (docs / "notices" / "2024年" / "2024-01-anjuan.md").write_text(NOTICE, encoding="utf-8")
    (docs / "notices" / "2024" / "2024-01-pingcha.md").write_text(NOTICE.replace("4号", "5号"), encoding="utf-8")
    _, errors = validate(docs, SETTINGS, dt.date(2026, 11, 25))
    assert [str(e) for e in errors] == [
        "docs/notices/2024年/2024-01-anjuan.md:1: 文件夹名 “2024年/2024-01-anjuan.md” 不符合命名规则：只能用小写拼音或英文字母、数字和连字符 -"
        "（建议：改名为 2024-nian/2024-01-anjuan.md（中文、空格和大写字母在网址中会变成 %E4%BF%A1 这样的乱码，"
        "粘贴到微信等聊天软件时链接会断开））"
    ]
