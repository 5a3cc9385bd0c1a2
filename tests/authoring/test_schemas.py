"""Editor JSON Schemas: generated from the validator, committed, and in agreement with it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from support import LICENCE, PENALTY
from support import CASE, LECTURE, NOTICE

from farun.cli import read_config
from farun.content.frontmatter import parse
from farun.authoring.jsonschema_export import VALIDATOR_ONLY, editor_files
from farun.content.load import load_file
from farun.content.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
CONTEXT = {"categories": SETTINGS.case_categories}
SCHEMA_FILES = {"lectures": "lecture.schema.json", "cases": "case.schema.json", "notices": "notice.schema.json"}


def validator(folder: str) -> jsonschema.Draft7Validator:
    schema = json.loads((ROOT / "schemas" / SCHEMA_FILES[folder]).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def verdicts(tmp_path: Path, folder: str, text: str) -> tuple[bool, bool]:
    """(the build's validator accepts, the JSON Schema accepts) for one file's front matter."""
    docs = tmp_path / "docs"
    target = docs / folder / "2024-01-x.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    record, errors = load_file(docs, f"{folder}/2024-01-x.md", CONTEXT)
    doc, parse_errors = parse(target.read_bytes(), "x")
    assert doc is not None and not parse_errors, "fixtures must be readable YAML"
    data = json.loads(json.dumps({str(k): v for k, v in doc.data.items()}))
    return record is not None and not errors, validator(folder).is_valid(data)


def test_committed_editor_files_are_what_the_code_generates():
    files = editor_files(SETTINGS.case_categories)
    committed = {f"schemas/{p.name}" for p in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == {rel for rel in files if rel.startswith("schemas/")}, "run: make schemas"
    for rel, text in files.items():
        assert (ROOT / rel).read_text(encoding="utf-8") == text, f"{rel} 已过期：请运行 make schemas"


def test_workspace_settings_point_at_every_schema_and_recommend_the_yaml_extension():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapped = {Path(k).name for k in settings["yaml.schemas"]}
    assert mapped == set(SCHEMA_FILES.values())
    assert all((ROOT / k).is_file() for k in settings["yaml.schemas"])
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode/extensions.json").read_text())["recommendations"]


def test_snippets_offer_allowed_values_as_choices():
    snippets = json.loads((ROOT / ".vscode/farun.code-snippets").read_text(encoding="utf-8"))
    case = "\n".join(snippets["案例 front matter"]["body"])
    assert "category: ${3|" + ",".join(SETTINGS.case_categories) + "|}" in case
    penalty = "\n".join(snippets["行政处罚公示 front matter"]["body"])
    assert "type: 行政处罚公示" in penalty and "severity: ${" in penalty and "|一般,严重|}" in penalty


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES.values()))
def test_schemas_are_valid_draft7_with_chinese_help(name):
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    models = [schema] if "properties" in schema and "allOf" not in schema else list(schema["$defs"].values())
    for model in models:
        for field, spec in model.get("properties", {}).items():
            assert spec.get("title") and spec.get("description"), (name, field)


def test_allowed_values_are_enums():
    case = json.loads((ROOT / "schemas/case.schema.json").read_text(encoding="utf-8"))
    assert case["properties"]["category"]["enum"] == SETTINGS.case_categories
    notice = json.loads((ROOT / "schemas/notice.schema.json").read_text(encoding="utf-8"))
    assert notice["properties"]["type"]["enum"] == ["通知", "公告", "讲堂预告", "行政许可公示", "行政处罚公示"]
    penalty = notice["$defs"]["PenaltyNotice"]["properties"]
    assert penalty["severity"]["enum"] == ["一般", "严重"]
    assert penalty["party_type"]["enum"] == ["法人及非法人组织", "个体工商户", "自然人"]


def sample_files() -> list[tuple[str, Path]]:
    return [(folder, path) for folder in SCHEMA_FILES for path in sorted((ROOT / "docs" / folder).glob("*.md"))]


@pytest.mark.parametrize("folder, path", sample_files(), ids=lambda v: getattr(v, "name", v))
def test_schema_and_validator_accept_every_sample_file(tmp_path, folder, path):
    assert verdicts(tmp_path, folder, path.read_text(encoding="utf-8")) == (True, True)


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# Variants both must ACCEPT (the validator coerces them; the schema must not be stricter).
ACCEPTED = [
    ("lectures", edit(LECTURE, "episode: 1", "episode: '7'")),
    ("lectures", edit(LECTURE, "title: 新修订《行政复议法》要点解读", "title: 2023")),
    ("lectures", edit(LECTURE, "tags: [行政复议, 依法行政]", "tags: [行政复议, 依法行政]\ndraft: 是")),
    (
        "lectures",
        edit(
            LECTURE,
            "tags: [行政复议, 依法行政]",
            "tags: [行政复议]\nlaws: [中华人民共和国行政复议法]\nvideo: https://example.invalid/a.mp4",
        ),
    ),
    (
        "lectures",
        edit(LECTURE, "tags: [行政复议, 依法行政]", "tags: [行政复议]\nspeaker_title:\ncaptions: media/a.VTT"),
    ),
    ("notices", edit(NOTICE, "type: 通知", "type: 公告")),
    ("notices", edit(PENALTY, "fine: 5000", "fine: 1,000元")),
    ("notices", edit(PENALTY, "credit_code: 91330603MA2BW4LE4C", "credit_code: 91330603ma2bw4le4c")),
    (
        "notices",
        edit(
            edit(PENALTY, "party: 绍兴某顺物流有限公司", "party: 王**"),
            "party_type: 法人及非法人组织\ncredit_code: 91330603MA2BW4LE4C",
            "party_type: 自然人",
        ),
    ),
    ("notices", LICENCE),
]

# Bad inputs both must REJECT (the bad-input fixtures of test_validation / test_notices, as front matter).
REJECTED = [
    ("lectures", edit(LECTURE, "date: 2023-03-15", "date: 2023/3/15")),
    ("lectures", edit(LECTURE, "date: 2023-03-15", "date: 2023-02-30")),
    ("lectures", edit(LECTURE, "date: 2023-03-15", "date: 2023年3月15日")),
    ("lectures", edit(LECTURE, "date: 2023-03-15", "date: 2023-3-15")),
    ("lectures", edit(LECTURE, "episode: 1", "episode: 第一期")),
    ("lectures", edit(LECTURE, "episode: 1", "episode: 1.5")),
    ("lectures", edit(LECTURE, "episode: 1", "episode: 0")),
    ("lectures", edit(LECTURE, "episode: 1", "episode: '0'")),
    ("lectures", edit(LECTURE, "title: 新修订《行政复议法》要点解读", "title: ")),
    ("lectures", edit(LECTURE, "title: 新修订《行政复议法》要点解读", "title: '  '")),
    ("lectures", edit(LECTURE, "tags: [行政复议, 依法行政]", "tags: 行政复议、依法行政")),
    ("lectures", edit(LECTURE, "tags: [行政复议, 依法行政]", "tags: []")),
    ("lectures", edit(LECTURE, "speaker: 陈立新", "speker: 陈立新")),
    ("lectures", edit(LECTURE, "speaker: 陈立新", "主讲人: 陈立新")),
    ("lectures", edit(LECTURE, "summary: 解读新修订行政复议法的主要变化。\n", "")),
    ("lectures", edit(LECTURE, "speaker: 陈立新", "speaker: [陈立新, 张三]")),
    ("lectures", edit(LECTURE, "tags: [行政复议, 依法行政]", "tags: [行政复议]\ndraft: 也许")),
    ("lectures", edit(LECTURE, "tags: [行政复议, 依法行政]", "tags: [行政复议]\nvideo: http://example.invalid/a.mp4")),
    ("lectures", edit(LECTURE, "tags: [行政复议, 依法行政]", "tags: [行政复议]\ncaptions: media/a.srt")),
    ("lectures", edit(LECTURE, "tags: [行政复议, 依法行政]", "tags: [行政复议]\npublish: 明天")),
    ("cases", edit(CASE, "category: 网约车与非法营运", "category: 网约车")),
    ("cases", edit(CASE, "laws: [《网络预约出租汽车经营服务管理暂行办法》]", "laws: []")),
    ("notices", edit(NOTICE, "type: 通知", "type: 通告")),
    ("notices", edit(NOTICE, "type: 通知\n", "")),
    ("notices", edit(NOTICE, "doc_no: 绍市交〔2024〕4号", "doc_no: 绍市交[2024]4号")),
    ("notices", edit(NOTICE, "issuer: 绍兴市交通运输局", "issuer: 绍兴市交通运输局\nparty: 某公司")),
    ("notices", edit(PENALTY, "severity: 一般", "severity: 较重")),
    ("notices", edit(PENALTY, "party_type: 法人及非法人组织", "party_type: 企业")),
    ("notices", edit(PENALTY, "fine: 5000", "fine: 五千元")),
    ("notices", edit(PENALTY, "fine: 5000", "fine: -5")),
    ("notices", edit(PENALTY, "credit_code: 91330603MA2BW4LE4C", "credit_code: 91330603MA2BW4LE4")),
    ("notices", edit(PENALTY, "credit_code: 91330603MA2BW4LE4C", "credit_code: 91330603MA2BW4LEOC")),
    ("notices", edit(PENALTY, "credit_code: 91330603MA2BW4LE4C\n", "")),
    ("notices", edit(PENALTY, "party_type: 法人及非法人组织", "party_type: 自然人")),
    (
        "notices",
        edit(
            edit(PENALTY, "party: 绍兴某顺物流有限公司", "party: 王小明"),
            "party_type: 法人及非法人组织\ncredit_code: 91330603MA2BW4LE4C",
            "party_type: 自然人",
        ),
    ),
    ("notices", edit(PENALTY, "violation: 车辆违法超限运输\n", "")),
    ("notices", edit(PENALTY, "expires: 2027-09-10", "expires: 2027-09-10\nrevoked: {date: 2026-10-01}")),
    ("notices", edit(LICENCE, "licence_type: 普通", "licence_type: 特殊")),
    ("notices", edit(LICENCE, "credit_code: 91330681MA2EN9GH45\n", "")),
]

# Deliberate differences: rules JSON Schema cannot state (listed in VALIDATOR_ONLY and in 编辑指南.md).
VALIDATOR_ONLY_CASES = [
    ("notices", edit(PENALTY, "credit_code: 91330603MA2BW4LE4C", "credit_code: 91330603MA2BW4LE4D")),  # check character
    ("notices", edit(PENALTY, "date: 2026-09-15", "date: 2026-09-01")),  # before the decision
    ("notices", edit(PENALTY, "expires: 2027-09-10", "expires: 2026-10-10")),  # publicity period too short
    ("notices", edit(LICENCE, "valid_to: 2027-01-14", "valid_to: 2026-01-14")),  # ends before it starts
]


@pytest.mark.parametrize("folder, text", ACCEPTED)
def test_both_accept(tmp_path, folder, text):
    assert verdicts(tmp_path, folder, text) == (True, True)


@pytest.mark.parametrize("folder, text", REJECTED)
def test_both_reject(tmp_path, folder, text):
    assert verdicts(tmp_path, folder, text) == (False, False)


@pytest.mark.parametrize("folder, text", VALIDATOR_ONLY_CASES)
def test_documented_differences_only_the_validator_catches(tmp_path, folder, text):
    assert verdicts(tmp_path, folder, text) == (False, True)


def test_differences_are_documented_in_the_guide():
    guide = (ROOT / "编辑指南.md").read_text(encoding="utf-8")
    for rule in VALIDATOR_ONLY:
        assert rule in guide


def test_every_schema_field_is_explained_in_the_guide():
    guide = (ROOT / "编辑指南.md").read_text(encoding="utf-8")
    for name in SCHEMA_FILES.values():
        schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        for model in [schema] + list(schema.get("$defs", {}).values()):
            for field in model.get("properties", {}):
                assert f"`{field}`" in guide, f"{name}: {field}"


def test_guide_screenshots_exist_and_are_small():
    import re

    guide = (ROOT / "编辑指南.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]+\]\((guide-images/[^)]+\.png)\)", guide)
    assert len(images) >= 3
    for rel in images:
        path = ROOT / rel
        assert path.is_file() and path.read_bytes()[:4] == b"\x89PNG", rel
        assert path.stat().st_size < 200_000, rel
