"""The shipped cover fonts as data: their files, their digest, the characters they can draw.

Planning a build's images needs only this (no Pillow): an unchanged rebuild
checks every title against the fonts and names every image by a digest that
includes the fonts, but draws nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"
FONT_FILES = {"regular": "NotoSansSC-Regular-subset.otf", "bold": "NotoSansSC-Bold-subset.otf"}


class GlyphMissing(ValueError):
    """A text uses a character the shipped font cannot draw."""


def font_path(weight: str) -> Path:
    """The shipped font file of one weight."""
    path = FONT_DIR / FONT_FILES[weight]
    if not path.is_file():
        raise ValueError(f"找不到字体文件 {path}：请确认 fonts/ 文件夹完整（见 fonts/README.md）")
    return path


@lru_cache(maxsize=None)
def font_digest() -> str:
    """Digest of both font files: a new subset redraws every image."""
    digest = hashlib.sha256()
    for weight in sorted(FONT_FILES):
        digest.update(font_path(weight).read_bytes())
    return digest.hexdigest()


_drawable: dict[str, frozenset[int]] = {}


def _read_cmaps() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # ~0.2 s with the cmap parse: only when the fonts are new to the cache

    sets = []
    for weight in sorted(FONT_FILES):
        with TTFont(str(font_path(weight)), lazy=True) as font:
            sets.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*sets)


def drawable(cache: Path | None = None) -> frozenset[int]:
    """Code points both weights can draw; kept in ``cache`` (a folder) per font digest when given."""
    digest = font_digest()
    if digest in _drawable:
        return _drawable[digest]
    stored = cache / f"charset-{digest[:32]}.json" if cache is not None else None
    chars = None
    if stored is not None and stored.is_file():
        try:
            chars = frozenset(json.loads(stored.read_text(encoding="utf-8")))
        except (ValueError, TypeError):  # a damaged cache file: read the fonts again
            chars = None
    if chars is None:
        chars = _read_cmaps()
        if stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            tmp = stored.with_name(f".{stored.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(sorted(chars)), encoding="utf-8")
            tmp.replace(stored)
    _drawable[digest] = chars
    return chars


def missing_chars(text: str) -> list[str]:
    """Characters of ``text`` that either shipped weight lacks (whitespace excepted)."""
    have = drawable()
    return sorted({c for c in text if not c.isspace() and ord(c) not in have}, key=text.index)


def check_glyphs(texts: dict[str, str], source: str) -> None:
    """Stop with a Chinese message naming the file, the field and the character."""
    for label, text in texts.items():
        lacking = missing_chars(text)
        if lacking:
            shown = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in lacking)
            raise GlyphMissing(
                f"{source}: {label}中的字符 {shown} 不在封面字体中，无法生成封面和海报。"
                f"请改用常用字，或按 fonts/README.md 重新生成字体子集后再构建。"
            )
