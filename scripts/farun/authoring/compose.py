"""Write a staff file from field values: front matter the loader reads back exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml

from farun.content.schema import Item

LAST = ("draft", "publish")  # staff look for these at the end of the front matter


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return {k: _plain(v) for k, v in value.model_dump(exclude_none=True).items()}
    return value


def field_order(model: type[Item], names: list[str]) -> list[str]:
    """``names`` in the model's field order, draft and publish last, unknown names at the end."""
    known = [n for n in model.model_fields if n in names and n not in LAST]
    rest = [n for n in names if n not in model.model_fields]
    return known + rest + [n for n in LAST if n in names]


def front_matter(data: dict[str, Any], model: type[Item]) -> str:
    """YAML lines for ``data`` (no fences); lists in flow style, dates unquoted."""
    lines = []
    for name in field_order(model, list(data)):
        value = _plain(data[name])
        if isinstance(value, (list, dict)):  # one line: tags: [行政复议, 依法行政]
            flow = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000)
            lines.append(f"{name}: {flow.strip()}")
        else:
            lines.append(
                yaml.safe_dump(
                    {name: value}, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000
                ).rstrip("\n")
            )
    return "\n".join(lines) + "\n"


def document(data: dict[str, Any], model: type[Item], body: str) -> str:
    """A complete staff file: front matter between --- lines, then the body."""
    return f"---\n{front_matter(data, model)}---\n\n{body.strip()}\n"


def sections_body(model: type[Item], first: str = "") -> str:
    """Body headings of a content type, with ``first`` under the first heading."""
    parts = []
    for index, heading in enumerate(model.sections):
        parts.append(f"## {heading}\n\n{first}\n" if index == 0 and first else f"## {heading}\n")
    return "\n".join(parts) if parts else first
