"""效力层级 of a cited law, for the 法规索引: derived from its name, overridable in mkdocs.yml
(``extra.law_levels``), and the pinyin order within a level.

pypinyin loads its phrase dictionary on import (about 0.2 s); the spelling of each name is kept in
``.cache/pinyin.json`` (``load``/``save``) so a rebuild with no new law name never imports it.
"""

from __future__ import annotations

import json
import os
import re
from typing import Mapping
from importlib import metadata
from pathlib import Path

LEVELS = ("法律", "行政法规", "地方性法规", "规章", "规范性文件")
# A local body's name opens the title: 浙江省…, 绍兴市…, …自治区…, …自治州…, …县….
_LOCAL = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|市|自治区|自治州|自治县|县)")
_RULE_ENDINGS = ("办法", "规定", "细则", "规则", "实施办法")


def _core(name: str) -> str:
    """The title without book-title marks and a trailing year or edition note: 《道路运输条例》（2023修订） -> 道路运输条例."""
    text = re.sub(r"[（(][^）)]*[）)]\s*$", "", name.strip())
    return text.strip().strip("《》〈〉<> ").strip()


def law_level(name: str, overrides: Mapping[str, str] | None = None) -> str:
    """The 效力层级 of a law by its name: 法律, 行政法规, 地方性法规, 规章 or 规范性文件."""
    if overrides:
        for key in (name, _core(name), f"《{_core(name)}》"):
            if key in overrides:
                return overrides[key]
    core = _core(name)
    local = bool(_LOCAL.match(core.removeprefix("中华人民共和国")))
    if core.endswith("法") and not core.endswith("办法"):
        return "地方性法规" if local else "法律"
    if core.endswith("条例"):
        return "地方性法规" if local else "行政法规"
    if core.endswith(_RULE_ENDINGS):
        return "规章"
    return "规范性文件"


_SPELLED: dict[str, str] = {}  # core title -> its pinyin, tones ignored


def _spell(core: str) -> str:
    from pypinyin import Style, lazy_pinyin  # only for a name not spelled before

    return " ".join(s for s in lazy_pinyin(core, style=Style.NORMAL, errors="ignore") if s.isalnum()).lower()


def pinyin_key(name: str) -> tuple:
    """Sort key: the title's pinyin (tones ignored), then the title itself for ties."""
    core = _core(name)
    spelled = _SPELLED.get(core)
    if spelled is None:
        spelled = _SPELLED[core] = _spell(core)
    return (spelled, core)


def learn(spelled: dict[str, str]) -> None:
    """Spellings read from the cache file (``load``)."""
    _SPELLED.update({k: v for k, v in spelled.items() if isinstance(k, str) and isinstance(v, str)})


def load(path: Path | None) -> dict[str, str]:
    """Read the spellings kept in ``path``; returns what was known afterwards (for ``save``).

    Keyed by pypinyin's version: another dictionary may spell a name differently. A missing,
    unreadable or foreign file only means spelling again.
    """
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if (
                isinstance(data, dict)
                and data.get("pypinyin") == metadata.version("pypinyin")
                and isinstance(data.get("names"), dict)
            ):
                learn(data["names"])
        except (OSError, ValueError):
            pass
    return dict(_SPELLED)


def save(path: Path | None, known: dict[str, str]) -> None:
    """Write the spellings to ``path`` when some were added since ``known`` (from ``load``)."""
    if path is None or _SPELLED == known:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # concurrent builds share .cache
        payload = {"pypinyin": metadata.version("pypinyin"), "names": _SPELLED}
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only checkout spells again next time
