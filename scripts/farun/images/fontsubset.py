"""Redo the shipped CJK font subset: ``python -m farun.images.fontsubset``.

Only this maintenance command needs Debian's ``fonts-noto-cjk``; the build
itself reads the small OTF files committed under ``fonts/``. Run it again
when a title, name or venue uses a character outside the subset (the build
stops and names that character).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[3]
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
# (collection file, output file); face 2 of each collection is "Noto Sans CJK SC".
FACES = [
    ("NotoSansCJK-Regular.ttc", "NotoSansSC-Regular-subset.otf"),
    ("NotoSansCJK-Bold.ttc", "NotoSansSC-Bold-subset.otf"),
]
SC_INDEX = 2
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".txt", ".csv", ".html", ".vtt"}
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ·, ×, é …
    (0x2000, 0x206F),  # general punctuation: — … “ ” ‘ ’ ‧
    (0x2100, 0x218F),  # letterlike and number forms: № Ⅰ Ⅱ
    (0x2460, 0x24FF),  # enclosed numbers ① ②
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」『』【】〔〕
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # fullwidth forms: ，！？：；（）
]


def gb2312_chars() -> set[str]:
    """Every character of GB2312: 6,763 hanzi plus its symbol rows."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def gb2312_hanzi() -> set[str]:
    """The 6,763 hanzi of GB2312 (rows B0–F7)."""
    return {c for c in gb2312_chars() if "\u4e00" <= c <= "\u9fff"}


def used_chars(root: Path) -> set[str]:
    """Characters used in docs/ text files and mkdocs.yml (titles, names, venues)."""
    chars: set[str] = set()
    files = [p for p in (root / "docs").rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file()]
    files.append(root / "mkdocs.yml")
    for path in files:
        try:
            chars |= set(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return {c for c in chars if c.isprintable()}


def wanted_chars(root: Path) -> set[str]:
    """The whole subset: GB2312, ASCII, CJK punctuation, fullwidth forms and docs/."""
    chars = gb2312_chars() | used_chars(root)
    for low, high in RANGES:
        chars |= {chr(c) for c in range(low, high + 1)}
    return chars


def subset_face(source: Path, target: Path, chars: set[str]) -> int:
    """Write the SC face of ``source`` reduced to ``chars``; return the glyph count."""
    font = TTCollection(str(source)).fonts[SC_INDEX]
    options = subset.Options()
    options.hinting = False  # Pillow renders large sizes; hints only add weight
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.layout_features = ["ccmp", "kern", "liga", "halt", "palt"]  # no vertical or JP/KR/TC alternates
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    return len(font.getGlyphOrder())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="重新生成 fonts/ 下的思源黑体（Noto Sans CJK SC）子集")
    parser.add_argument("--source", default=str(NOTO_DIR), help="fonts-noto-cjk 的 .ttc 所在文件夹")
    parser.add_argument("--out", default=str(ROOT / "fonts"))
    args = parser.parse_args(argv)
    source, out = Path(args.source), Path(args.out)
    missing = [name for name, _ in FACES if not (source / name).is_file()]
    if missing:
        print(f"找不到字体文件：{'、'.join(missing)}，请先安装：apt-get install fonts-noto-cjk", file=sys.stderr)
        return 1
    chars = wanted_chars(ROOT)
    for name, target in FACES:
        glyphs = subset_face(source / name, out / target, chars)
        digest = hashlib.sha256((out / target).read_bytes()).hexdigest()[:12]
        size = (out / target).stat().st_size / 1e6
        print(f"{target}: {glyphs} 个字形，{size:.2f} MB，sha256 {digest}")
    print(f"共 {len(chars)} 个字符（其中 GB2312 汉字 {len(gb2312_hanzi())} 个）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
