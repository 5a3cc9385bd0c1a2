"""Every parsed value is held to the raw-text character rules (issue 22.3): YAML escapes, importer cells, extra."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from support import LECTURE, PENALTY, farun, make_project, mkdocs_build

from farun.cli import read_config
from farun.runtime.errors import ContentInvalid
from farun.content.frontmatter import parse
from farun.content.guard import CONTROL, value_problems
from farun.content.settings import load_settings
from farun.site.engine import prepare
from farun.runtime.errors import StaffError

ROOT = Path(__file__).resolve().parents[2]
CONFIG = read_config(ROOT / "mkdocs.yml")
SETTINGS = load_settings(CONFIG["extra"])
HINT = "（建议：这类字符看不见，多来自双引号中的反斜杠转义（如 \\0、\\x1b、\\u2028），会破坏网页、文件名和订阅；请删除这个转义）"
P = "docs/lectures/2023-03-x.md"

# YAML double-quoted escapes that make a refused character, with the name the message gives it.
REFUSED = {
    "\\0": "空字符 NUL",
    "\\a": "控制字符 U+0007",
    "\\b": "退格符",
    "\\v": "垂直制表符",
    "\\f": "换页符",
    "\\r": "回车符 CR",
    "\\e": "转义字符 ESC",
    "\\x1b": "转义字符 ESC",
    "\\x7f": "删除符 DEL",
    "\\x9b": "控制字符 U+009B",
    "\\N": "控制字符 U+0085",
    "\\L": "行分隔符 U+2028",
    "\\P": "段分隔符 U+2029",
    "\\u2028": "行分隔符 U+2028",
    "\\ufffe": "非字符 U+FFFE",
    "\\uffff": "非字符 U+FFFF",
    "\\ufdd0": "非字符 U+FDD0",
    "\\ufdef": "非字符 U+FDEF",
    "\\ud800": "孤立的代理码位 U+D800",
    "\\udfff": "孤立的代理码位 U+DFFF",
    "\\U0001FFFE": "非字符 U+1FFFE",
    "\\U0010FFFF": "非字符 U+10FFFF",
    "\\U00000000": "空字符 NUL",
}
# Escapes that make ordinary characters: they stay allowed.
ALLOWED = ["\\_", "\\t", "\\n", "\\\\", '\\"', "\\/", "\\u4e2d", "\\x41", "\\U0001F600", "\\ ", "\\u3000"]


def with_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def errors_of(text: str) -> list[str]:
    doc, errors = parse(text.encode("utf-8"), P)
    return [str(e) for e in errors]


@pytest.mark.parametrize("escape, name", sorted(REFUSED.items()))
def test_each_escape_in_a_list_item_is_named(escape, name):
    text = with_line(LECTURE, "tags: [行政复议, 依法行政]", f'tags: [行政复议, "主题{escape}尾"]')
    assert errors_of(text) == [f"{P}:7: 字段 tags[2] 含有不可见的{name}（第 3 个字符）{HINT}"]


@pytest.mark.parametrize("escape", ALLOWED)
def test_escapes_of_ordinary_characters_pass(escape):
    text = with_line(LECTURE, "tags: [行政复议, 依法行政]", f'tags: [行政复议, "主题{escape}尾"]')
    assert errors_of(text) == []


def test_nested_values_keys_and_every_field_type_are_read():
    text = with_line(
        PENALTY, "expires: 2027-09-10", 'expires: "2027-09-10\\e"\nrevoked: {date: 2026-10-20, reason: "复议\\L撤销"}'
    )
    text = with_line(text, "fine: 5000", 'fine: "5000\\0"')
    text = with_line(text, "title: 示例｜某物流公司超限运输行政处罚公示", '"ti\\x85tle": 标题')
    path = "docs/lectures/2023-03-x.md"
    assert errors_of(text) == [
        f"{path}:2: 字段 ti\x85tle 含有不可见的控制字符 U+0085（第 3 个字符）{HINT}",
        f"{path}:14: 字段 fine 含有不可见的空字符 NUL（第 5 个字符）{HINT}",
        f"{path}:18: 字段 expires 含有不可见的转义字符 ESC（第 11 个字符）{HINT}",
        f"{path}:19: 字段 revoked.reason 含有不可见的行分隔符 U+2028（第 3 个字符）{HINT}",
    ]


FIELD_LINES = {  # a line of the lecture to replace, and how a generated value goes in it
    "title": ("title: 新修订《行政复议法》要点解读", 'title: "{v}"'),
    "date": ("date: 2023-03-15", 'date: "2023-03-15{v}"'),
    "episode": ("episode: 1", 'episode: "1{v}"'),
    "speaker": ("speaker: 陈立新", 'speaker: "陈{v}立新"'),
    "tags": ("tags: [行政复议, 依法行政]", 'tags: [行政复议, "{v}"]'),
    "tags-block": ("tags: [行政复议, 依法行政]", 'tags:\n  - 行政复议\n  - "{v}"'),
    "laws-nested": ("tags: [行政复议, 依法行政]", 'tags: [行政复议]\nlaws: [{{name: "{v}"}}]'),
    "draft": ("summary: 解读新修订行政复议法的主要变化。", 'summary: 解读。\ndraft: "false{v}"'),
}
escapes = st.one_of(
    st.sampled_from(sorted(REFUSED) + ALLOWED),
    st.integers(0, 0xFF).map(lambda c: f"\\x{c:02x}"),
    st.integers(0, 0xFFFF).map(lambda c: f"\\u{c:04x}"),
    st.integers(0, 0x10FFFF).map(lambda c: f"\\U{c:08X}"),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(sorted(FIELD_LINES)),
    parts=st.lists(st.one_of(escapes, st.sampled_from(["文", "a", " "])), min_size=1, max_size=4),
)
def test_generated_escapes_in_every_field_type_are_refused_exactly_when_a_character_is(tmp_path_factory, field, parts):
    old, template = FIELD_LINES[field]
    text = with_line(LECTURE, old, template.format(v="".join(parts)))
    value = yaml.safe_load(text.split("---")[1])  # what the escape makes, as PyYAML reads it
    bad = value_problems(value)
    doc, errors = parse(text.encode("utf-8"), P)
    refused = [str(e) for e in errors if "不可见的" in str(e)]
    assert bool(refused) == bool(bad)
    assert all(e.startswith(f"{P}:") and e.endswith(HINT) for e in refused)
    if refused:
        assert doc is None
        return
    docs = tmp_path_factory.mktemp("esc") / "docs"
    (docs / "lectures").mkdir(parents=True)
    (docs / "lectures" / "2023-03-x.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        site = prepare(docs, SETTINGS, dt.date(2026, 11, 25))
    except ContentInvalid as exc:  # a value the schema refuses (a bad date): a Chinese message, never a traceback
        assert all(str(e).startswith(P) for e in exc.errors)
    else:  # what was accepted carries no refused character into any generated page
        assert not any(CONTROL.search(page) for page in site.pages.values())


def test_importer_names_sheet_row_and_column(project, tmp_path):
    proj = project({})
    sheet = tmp_path / "台账.csv"
    sheet.write_text(
        "期数,标题,日期,主讲人,主题,摘要,文件名\n"
        '8,标题\x1b尾,2024-05-15,张三,"a\u2028b、c",摘\ufffe要,di8qi\n'
        "9,标题,2024-06-15,张三,c,摘要,di\x009qi\n",
        encoding="utf-8",
    )
    result = farun(proj, "import", str(sheet))
    tip = "（建议：这类字符看不见，多来自复制粘贴或其他系统导出的数据；请在表格中删除这个字符，或重新输入这个单元格）"
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line.strip() for line in result.stdout.splitlines() if "不可见" in line] == [
        f"台账.csv 第2行 “标题”列：含有不可见的转义字符 ESC（第 3 个字符）{tip}",
        f"台账.csv 第2行 “主题”列：含有不可见的行分隔符 U+2028（第 2 个字符）{tip}",
        f"台账.csv 第2行 “摘要”列：含有不可见的非字符 U+FFFE（第 2 个字符）{tip}",
        f"台账.csv 第3行 “文件名”列：含有不可见的空字符 NUL（第 3 个字符）{tip}",
    ]
    assert not list((proj / "docs").glob("lectures/*.md"))


def test_extra_values_of_mkdocs_yml_are_read():
    with pytest.raises(StaffError) as caught:
        load_settings(
            {
                **CONFIG["extra"],
                "bureau_name": "绍兴市\x00交通运输局",
                "social": [{"icon": "x", "link": "https://a\u2028b"}],
                "pii_allowlist": ["12328\ufffe"],
            }
        )
    tip = "（建议：多半来自双引号中的反斜杠转义，如 \\0、\\x1b、\\u2028；请删除这个转义）"
    assert str(caught.value).splitlines() == [
        f"mkdocs.yml: extra.bureau_name 含有不可见的空字符 NUL（第 4 个字符）{tip}",
        f"mkdocs.yml: extra.pii_allowlist[1] 含有不可见的非字符 U+FFFE（第 6 个字符）{tip}",
        f"mkdocs.yml: extra.social[1].link 含有不可见的行分隔符 U+2028（第 10 个字符）{tip}",
    ]


def test_null_byte_tag_through_check_and_build(project, tmp_path):
    """The issue's example: a traceback from the engine's makedirs before; a Chinese message now."""
    bad = with_line(LECTURE, "tags: [行政复议, 依法行政]", 'tags: ["主题\\0尾", "a\\x1bb", "\\u2028", "\\ufffe"]')
    proj = project({"lectures/2023-03-x.md": bad})
    config = proj / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("extra:\n", 'extra:\n  fr_probe: "x\\ey"\n', 1), encoding="utf-8"
    )
    check = farun(proj, "check")
    assert check.returncode == 2 and "Traceback" not in check.stderr
    line = config.read_text(encoding="utf-8").split("\n").index('  fr_probe: "x\\ey"') + 1
    assert check.stderr.startswith(f"错误：mkdocs.yml:{line}: extra.fr_probe 含有不可见的转义字符 ESC（第 2 个字符）")
    build = mkdocs_build(proj, tmp_path / "site-extra")
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert (
        "站点设置有误" in build.stderr
        and f"mkdocs.yml:{line}: extra.fr_probe 含有不可见的转义字符 ESC（第 2 个字符）" in build.stderr
    )
    config.write_text(config.read_text(encoding="utf-8").replace('  fr_probe: "x\\ey"\n', ""), encoding="utf-8")
    check = farun(proj, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    lines = [line.strip() for line in check.stderr.splitlines() if "不可见" in line]
    assert lines == [
        f"docs/lectures/2023-03-x.md:7: 字段 tags[{n}] 含有不可见的{name}（第 {at} 个字符）"
        for n, name, at in [
            (1, "空字符 NUL", 3),
            (2, "转义字符 ESC", 2),
            (3, "行分隔符 U+2028", 1),
            (4, "非字符 U+FFFE", 1),
        ]
    ]
    build = mkdocs_build(proj, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.stderr and "embedded null byte" not in build.stderr
    assert "docs/lectures/2023-03-x.md:7: 字段 tags[1] 含有不可见的空字符 NUL（第 3 个字符）" in build.stderr
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("*.html"))


ESCAPE_FIELDS = {  # folder, base file, the line to replace, and a template for the generated value
    "lecture-title": ("lectures", LECTURE, "title: 新修订《行政复议法》要点解读", 'title: "讲座{v}"'),
    "lecture-episode": ("lectures", LECTURE, "episode: 1", 'episode: "1{v}"'),
    "lecture-tags": ("lectures", LECTURE, "tags: [行政复议, 依法行政]", 'tags: [行政复议, "主题{v}尾"]'),
    "lecture-date": ("lectures", LECTURE, "date: 2023-03-15", 'date: "2023-03-15{v}"'),
    "penalty-party": ("notices", PENALTY, "party: 绍兴某顺物流有限公司", 'party: "绍兴{v}物流有限公司"'),
    "penalty-revoked": (
        "notices",
        PENALTY,
        "expires: 2027-09-10",
        'expires: 2027-09-10\nrevoked: {{date: 2026-10-20, reason: "撤{v}"}}',
    ),
    "penalty-fine": ("notices", PENALTY, "fine: 5000", 'fine: "5000{v}"'),
}
refused_escapes = st.one_of(
    st.sampled_from(sorted(REFUSED)),
    st.sampled_from(["\\x%02x" % c for c in [*range(0, 9), *range(11, 32), *range(127, 160)]]),
    st.sampled_from(
        ["\\u%04x" % c for c in [0x2028, 0x2029, 0xFFFE, 0xFFFF, 0xD800, 0xDBFF, 0xDC00, *range(0xFDD0, 0xFDF0)]]
    ),
    st.integers(1, 16).map(lambda plane: "\\U%08X" % (plane * 0x10000 + 0xFFFE)),
)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({name: refused_escapes for name in ESCAPE_FIELDS}))
def test_generated_escapes_through_the_real_check_and_build(tmp_path_factory, escapes):
    """Every field type at once, one generated escape each: the real commands name each file in Chinese."""
    files = {}
    for index, (name, escape) in enumerate(sorted(escapes.items())):
        folder, base, old, template = ESCAPE_FIELDS[name]
        text = with_line(base, old, template.format(v=escape))
        files[f"{folder}/2023-{index + 1:02d}-{name}.md"] = text.replace("episode: 1", f"episode: {index + 1}")
    proj = make_project(tmp_path_factory.mktemp("proj"), files)
    check = farun(proj, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr + check.stdout
    named = {line.strip().split(":", 1)[0] for line in check.stderr.splitlines() if "含有不可见的" in line}
    assert named == {f"docs/{rel}" for rel in files}
    build = mkdocs_build(proj, tmp_path_factory.mktemp("site"))
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert all(f"docs/{rel}" in build.stderr for rel in files)
