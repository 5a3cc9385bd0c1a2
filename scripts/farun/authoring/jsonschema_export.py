"""JSON Schemas for editors, generated from the pydantic models (never written by hand).

pydantic's own ``model_json_schema`` knows types, required fields, Chinese
titles and descriptions; what it cannot see are our ``BeforeValidator`` and
``field_validator`` rules (dates must be YYYY-MM-DD, text may not be blank,
video may not be http://). ``_Generator`` recognises those functions by name
and writes the equivalent JSON Schema keywords, and the case categories come
from mkdocs.yml. ``tests/test_schemas.py`` proves schema and validator agree.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from farun.content import models as registry
from farun.content import schema as models

DIALECT = "http://json-schema.org/draft-07/schema#"  # what VS Code's YAML extension understands best
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
# Text is stripped and may not be blank; YAML numbers (title: 2023) are read as text.
TEXT = {"type": ["string", "number"], "pattern": r"\S"}
BEFORE_RULES: dict[str, dict[str, Any]] = {
    "_parse_date": DATE,
    "_clean_text": TEXT,
    "_law_title": TEXT,
    "_flag": {"anyOf": [{"type": "boolean"}, {"enum": ["是", "否"]}]},
}
# field_validator functions -> keywords added to the field's own schema
AFTER_RULES: dict[str, dict[str, Any]] = {
    "_video_url": {"pattern": r"^(?!\s*[Hh][Tt][Tt][Pp]://)"},
    "_captions_vtt": {"pattern": r"\.[Vv][Tt][Tt]\s*$"},
    "_doc_number": {"pattern": r"^\s*" + models.DOC_NO_RE.pattern[1:-1] + r"\s*$"},
}
# What only the validator checks: it needs arithmetic, dates compared, or other files (see 编辑指南.md).
VALIDATOR_ONLY = [
    "统一社会信用代码第 18 位校验码（GB 32100-2015）",
    "日期先后：公示日期不早于决定日期、有效期至不早于有效期自、撤销日期不早于决定日期",
    "行政处罚公示截止日期的允许范围（按失信程度和决定日期计算）",
    "跨文件的检查：期数和文件名不重复、相关讲座/案例存在、视频课件等文件存在、个人信息扫描",
]


def _party_rules() -> list[dict[str, Any]]:
    """The natural-person guard of 双公示 notices (schema_notices._Party) as if/then/else."""
    from farun.content import schema_notices as notices

    masked = r"^\s*" + notices.MASKED_NAME.pattern[1:-1] + r"\s*$"
    natural = {"required": ["party_type"], "properties": {"party_type": {"const": notices.NATURAL}}}
    return [
        {
            "if": natural,
            "then": {"properties": {"party": {"pattern": masked}, "credit_code": {"type": "null"}}},
            "else": {"required": ["credit_code"], "properties": {"credit_code": {"type": "string"}}},
        }
    ]


def _revocation_rules() -> list[dict[str, Any]]:
    """A revocation names both its date and its reason."""
    both = {
        "required": ["date", "reason"],
        "properties": {"date": {"type": "string"}, "reason": {"type": ["string", "number"]}},
    }
    return [{"properties": {"revoked": {"anyOf": [{"type": "null"}, both]}}}]


def _model_rules(model: type[BaseModel]) -> list[dict[str, Any]]:
    """Whole-record rules of a model (its model_validators) that JSON Schema can state."""
    names = {cls.__name__ for cls in model.__mro__}
    rules = _party_rules() if "_Party" in names else []
    if "revoked" in model.model_fields:
        rules += _revocation_rules()
    return rules


def _credit_code_rule() -> dict[str, Any]:
    from farun.pii.checkdigits import CREDIT_CHARSET

    chars = "".join(sorted(set(CREDIT_CHARSET + CREDIT_CHARSET.lower())))
    return {"type": "string", "pattern": rf"^\s*(?:[{chars}] *){{18}}\s*$"}


FINE = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\s*\+?(?=[^0-9]*[0-9])[0-9,，]*\.?[0-9]*\s*元?\s*$"},
    ]
}
FILES = {"lectures": "lecture", "cases": "case", "notices": "notice"}


class _Generator(GenerateJsonSchema):
    """pydantic's generator plus our validator functions translated to keywords."""

    def function_before_schema(self, schema):
        name = getattr(schema["function"]["function"], "__name__", "")
        inner = super().function_before_schema(schema)
        if name == "_episode":  # an integer, or digits typed as text ("7"); ge=1 holds for both
            digits = r"^\s*0*[1-9][0-9]*\s*$" if inner.get("minimum") == 1 else r"^\s*[0-9]+\s*$"
            return {"anyOf": [inner, {"type": "string", "pattern": digits}]}
        if name == "_credit_code":
            return _credit_code_rule()
        if name == "_fine":
            return copy.deepcopy(FINE)
        rule = BEFORE_RULES.get(name)
        return copy.deepcopy(rule) if rule is not None else inner

    def function_after_schema(self, schema):
        inner = super().function_after_schema(schema)
        rule = AFTER_RULES.get(getattr(schema["function"]["function"], "__name__", ""))
        return _merge(inner, rule) if rule else inner


def _merge(inner: dict[str, Any], rule: dict[str, Any]) -> dict[str, Any]:
    """Add ``rule`` to a field schema; for optional fields, to the non-null branch."""
    inner = copy.deepcopy(inner)
    target = inner
    for branch in inner.get("anyOf", []):
        if branch.get("type") != "null":
            target = branch
    if "pattern" in target and "pattern" in rule:  # both must hold
        target.setdefault("allOf", []).append({"pattern": rule["pattern"]})
        rule = {k: v for k, v in rule.items() if k != "pattern"}
    target.update(rule)
    return inner


def _tidy(node: Any) -> Any:
    """Drop pydantic's English class docstrings; keep the Chinese titles."""
    if isinstance(node, dict):
        return {k: _tidy(v) for k, v in node.items() if not (k == "description" and "properties" in node)}
    if isinstance(node, list):
        return [_tidy(v) for v in node]
    return node


def model_schema(model: type[models.Item], categories: list[str]) -> dict[str, Any]:
    """The JSON Schema of one model's front matter, with allowed values filled in."""
    out = _tidy(model.model_json_schema(schema_generator=_Generator, ref_template="#/$defs/{model}"))
    out.pop("title", None)
    for defined in out.get("$defs", {}).values():
        defined.pop("title", None)
    rules = _model_rules(model)
    if rules:
        out["allOf"] = rules
    category = out.get("properties", {}).get("category")
    if category is not None:
        category["enum"] = list(categories)
        category["description"] += "：" + "、".join(categories)
    return out


def _notice_schema(categories: list[str]) -> dict[str, Any]:
    """Every notice type in one schema: ``type`` picks the branch (if/then)."""
    special = dict(registry.NOTICE_MODELS)
    defs: dict[str, Any] = {}
    branches = []
    for name, model in [("Notice", models.Notice)] + [(m.__name__, m) for m in special.values()]:
        part = model_schema(model, categories)
        defs.update(part.pop("$defs", {}))
        defs[name] = part
    for type_name, model in special.items():
        branches.append(
            {
                "if": {"required": ["type"], "properties": {"type": {"const": type_name}}},
                "then": {"$ref": f"#/$defs/{model.__name__}"},
            }
        )
    if special:
        plain = {"required": ["type"], "properties": {"type": {"not": {"enum": list(special)}}}}
        branches.append({"if": plain, "then": {"$ref": "#/$defs/Notice"}})
    else:
        branches.append({"$ref": "#/$defs/Notice"})
    type_field = copy.deepcopy(defs["Notice"]["properties"]["type"])
    type_field["enum"] = list(models.NOTICE_TYPES)
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": type_field},
        "allOf": branches,
        "$defs": dict(sorted(defs.items())),
    }


def build_schemas(categories: list[str]) -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema for every content folder."""
    out = {}
    for folder, model in registry.MODELS.items():
        body = _notice_schema(categories) if folder == "notices" else model_schema(model, categories)
        head = {
            "$schema": DIALECT,
            "$id": f"https://farun.invalid/schemas/{FILES[folder]}.schema.json",
            "title": f"{model.label}（docs/{folder}/*.md 的 front matter）",
            "description": f"{model.label}文件开头两行 --- 之间的字段。由 python -m farun schemas 从校验程序生成，请勿手工修改。",
        }
        out[f"{FILES[folder]}.schema.json"] = head | body
    return out


def render(schema: dict[str, Any]) -> str:
    """Stable, readable JSON text (Chinese kept as is)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def editor_files(categories: list[str]) -> dict[str, str]:
    """Relative path -> text of every generated editor file (schemas and VS Code snippets)."""
    from farun.authoring.snippets import SNIPPET_FILE, render_snippets

    schemas = build_schemas(categories)
    files = {f"schemas/{name}": render(schema) for name, schema in schemas.items()}
    files[f".vscode/{SNIPPET_FILE}"] = render_snippets(schemas)
    return files


def write_schemas(root: Path, categories: list[str]) -> list[Path]:
    """Write every editor file under ``root``; return the files whose text changed."""
    changed = []
    for rel, text in editor_files(categories).items():
        target = root / rel
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            changed.append(target)
    return changed
