"""VS Code snippets for Markdown files, generated from the editor JSON Schemas.

VS Code's YAML extension does not read front matter inside .md files
(redhat-developer/vscode-yaml#207), but snippets work in Markdown with no
extension at all: typing ``farun`` offers a complete front matter per content
type, with allowed values as a drop-down choice.
"""

from __future__ import annotations

import json
from typing import Any

SNIPPET_FILE = "farun.code-snippets"
EXTRA = {"PenaltyNotice": ["credit_code"], "LicenceNotice": ["credit_code"]}  # required unless 自然人


def _choices(spec: dict[str, Any]) -> list[str]:
    if "enum" in spec:
        return [str(v) for v in spec["enum"]]
    if "const" in spec:
        return [str(spec["const"])]
    return []


def _line(name: str, spec: dict[str, Any], stop: int) -> str:
    options = _choices(spec)
    if len(options) == 1:
        return f"{name}: {options[0]}"
    if options:
        escaped = ",".join(o.replace(",", "\\,").replace("|", "\\|") for o in options)
        return f"{name}: ${{{stop}|{escaped}|}}"
    title = spec.get("title", name)
    if spec.get("type") == "array":
        return f"{name}: [${{{stop}:{title}}}]"
    if '"format": "date"' in json.dumps(spec):
        return f"{name}: ${{{stop}:$CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE}}"
    return f"{name}: ${{{stop}:{title}}}"


def _snippet(model: dict[str, Any], fixed: dict[str, str], extra: list[str]) -> list[str]:
    props = model["properties"]
    names = [n for n in props if n in model.get("required", []) or n in extra]
    lines, stop = ["---"], 1
    for name in names:
        if name in fixed:
            lines.append(f"{name}: {fixed[name]}")
            continue
        lines.append(_line(name, props[name], stop))
        stop += len(_choices(props[name])) != 1  # a fixed value is no tab stop
    return lines + ["draft: true", "---", "", "$0"]


def build_snippets(schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Snippet name -> VS Code snippet for each content type and notice type."""
    out: dict[str, Any] = {}
    lecture, case, notice = (schemas[f"{k}.schema.json"] for k in ("lecture", "case", "notice"))
    out["讲座 front matter"] = ("farun-lecture", _snippet(lecture, {}, []), "新讲座的必填字段（docs/lectures/）")
    out["案例 front matter"] = ("farun-case", _snippet(case, {}, []), "新案例的必填字段（docs/cases/）")
    for name, model in notice["$defs"].items():
        if "properties" not in model or "type" not in model["properties"]:
            continue
        kinds = _choices(model["properties"]["type"])
        label = kinds[0] if len(kinds) == 1 else "公告"
        prefix = {"PenaltyNotice": "farun-penalty", "LicenceNotice": "farun-licence"}.get(name, "farun-notice")
        out[f"{label} front matter"] = (
            prefix,
            _snippet(model, {}, EXTRA.get(name, [])),
            f"新{label}的必填字段（docs/notices/）",
        )
    return {
        key: {"scope": "markdown", "prefix": [prefix, "farun"], "body": body, "description": text}
        for key, (prefix, body, text) in out.items()
    }


def render_snippets(schemas: dict[str, dict[str, Any]]) -> str:
    """The .code-snippets file text."""
    return json.dumps(build_snippets(schemas), ensure_ascii=False, indent=2) + "\n"
