"""Original photos kept under docs/: the published copy is cleaned and re-encoded, the file itself is not.

The site never shows a photo's location (images/staff.py re-encodes every published image), but
the original stays in the repository and goes to the server with every publish. The check says so
for photos that carry a GPS position or are large, so staff save a smaller copy before adding it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from farun.images.staff import FORMATS, staff_images

LARGE = 1024 * 1024  # the guide asks for photos under 1 MB
GPS_IFD = 0x8825


def has_gps(path: Path) -> bool:
    """Whether the file's EXIF holds a GPS block (only the header is read)."""
    try:
        with Image.open(path) as img:
            return bool(img.getexif().get_ifd(GPS_IFD))
    except Exception:  # not an image Pillow reads: the media check reports it
        return False


def original_notes(docs_dir: Path) -> list[str]:
    """A 提醒 line for each photo under docs/ that carries a GPS position or is over 1 MB."""
    notes = []
    for rel in staff_images(docs_dir):
        path = docs_dir / rel
        if Path(rel).suffix.lower() not in FORMATS:
            continue
        size, gps = path.stat().st_size, has_gps(path)
        if size <= LARGE and not gps:
            continue
        what = "、".join(
            part
            for part in (f"{size / 1024 / 1024:.1f} MB" if size > LARGE else "", "含拍摄位置（GPS）" if gps else "")
            if part
        )
        notes.append(
            f"提醒：{docs_dir.name}/{rel} 是原始照片（{what}）：网站上只发布去掉拍摄信息、重新压缩的副本，"
            "但这个原图文件本身会留在版本库里（farun publish 也会把它送到服务器的版本库）。"
            "建议用“画图”或 WPS 图片把照片另存为 1 MB 以内的 JPG 后再放进 docs/，原图另行保管。"
        )
    return notes
