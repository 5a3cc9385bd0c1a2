"""Cheap checks of the media a page uses: the file's type and size from its first bytes.

``make check`` must catch a text file renamed ``.jpg`` or a Word file named
``.pdf`` without decoding anything (a lecture video may be gigabytes), and
name the Markdown file and field that use it. Pure: reads bytes, no Pillow.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import unquote

HEAD_BYTES = 512 * 1024  # enough to reach a JPEG's frame header behind EXIF and thumbnails
# Phone photos stay under 50 MP; beyond 80 MP is a scanning mistake or a decompression bomb.
MAX_PIXELS = 80_000_000
IMAGE_KINDS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
EXTENSION_OF = {
    "JPEG": ".jpg",
    "PNG": ".png",
    "WEBP": ".webp",
    "GIF": ".gif",
    "BMP": ".bmp",
    "TIFF": ".tif",
    "PDF": ".pdf",
    "MP4": ".mp4",
    "WEBM": ".webm",
    "OGG": ".ogv",
    "WEBVTT": ".vtt",
    "SRT": ".srt",
    "ZIP": ".pptx",
    "OLE": ".ppt",
}
NAMES = {
    "JPEG": "JPEG 图片",
    "PNG": "PNG 图片",
    "WEBP": "WebP 图片",
    "GIF": "GIF 图片",
    "BMP": "BMP 图片",
    "TIFF": "TIFF 图片",
    "HEIC": "HEIC 照片（苹果手机格式）",
    "PDF": "PDF 文件",
    "MP4": "MP4 视频",
    "WEBM": "WebM 视频",
    "OGG": "Ogg 视频",
    "AVI": "AVI 视频",
    "FLV": "FLV 视频",
    "WEBVTT": "WebVTT 字幕",
    "SRT": "SRT 字幕",
    "ZIP": "Office 文档（docx/pptx/xlsx）或压缩包",
    "OLE": "旧版 Office 文档（doc/ppt/xls）",
    "RAR": "RAR 压缩包",
    "HTML": "网页（HTML）",
    "TEXT": "文本文件",
    "EMPTY": "空文件（0 字节）",
}
# What each field accepts, by extension.
ACCEPTS = {
    "cover": IMAGE_KINDS,
    "video": {".mp4": "MP4", ".m4v": "MP4", ".webm": "WEBM", ".ogv": "OGG"},
    "captions": {".vtt": "WEBVTT"},
    "slides": {
        ".pdf": "PDF",
        ".pptx": "ZIP",
        ".ppt": "OLE",
        ".docx": "ZIP",
        ".doc": "OLE",
        ".jpg": "JPEG",
        ".jpeg": "JPEG",
        ".png": "PNG",
        ".webp": "WEBP",
    },
}


def sniff(head: bytes) -> str:
    """The kind of file these first bytes belong to (keys of NAMES), or "" when unknown."""
    if not head:
        return "EMPTY"
    signatures = [
        (b"\xff\xd8\xff", "JPEG"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"BM", "BMP"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"%PDF-", "PDF"),
        (b"\x1a\x45\xdf\xa3", "WEBM"),
        (b"OggS", "OGG"),
        (b"PK\x03\x04", "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE"),
        (b"Rar!", "RAR"),
        (b"FLV", "FLV"),
    ]
    for magic, kind in signatures:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "AVI"
    if head[4:8] == b"ftyp":
        return "HEIC" if head[8:12] in (b"heic", b"heix", b"mif1", b"msf1") else "MP4"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"WEBVTT"):
        return "WEBVTT"
    try:
        decoded: str | None = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        decoded = head[: exc.start].decode("utf-8") if exc.start > len(head) - 4 else None
    if decoded is not None and "\x00" not in decoded:
        low = decoded.lstrip("\ufeff").lstrip().lower()
        if low.startswith(("<!doctype html", "<html", "<head", "<body")):
            return "HTML"
        if low[:1].isdigit() and "-->" in decoded:
            return "SRT"
        return "TEXT"
    return ""


def image_size(head: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height from an image header (None when the header is cut short or damaged)."""
    try:
        if kind == "PNG" and head[12:16] == b"IHDR":
            return struct.unpack(">II", head[16:24])
        if kind == "GIF":
            return struct.unpack("<HH", head[6:10])
        if kind == "WEBP":
            chunk = head[12:16]
            if chunk == b"VP8 ":
                width, height = struct.unpack("<HH", head[26:30])
                return width & 0x3FFF, height & 0x3FFF
            if chunk == b"VP8L":
                bits = int.from_bytes(head[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            if chunk == b"VP8X":
                return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
        if kind == "JPEG":
            return _jpeg_size(head)
    except struct.error:
        return None
    return None


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(head):
        if head[pos] != 0xFF:
            return None
        marker = head[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", head[pos + 2 : pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", head[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None


def problem(path: Path, field: str) -> str:
    """Why the file cannot serve as ``field`` (cover, video, captions, slides), or "" when it can."""
    suffix = path.suffix.lower()
    accepts = ACCEPTS.get(field, {})
    allowed = "、".join(sorted(accepts))
    if accepts and suffix not in accepts:
        return f"扩展名 {path.suffix or '（无）'} 不能用在这里，应为 {allowed} 文件"
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        return f"无法读取（{exc.strerror}）"
    kind = sniff(head)
    expected = accepts.get(suffix)
    if expected and kind != expected:
        actual = NAMES.get(kind, "无法识别的格式（可能已损坏）")
        rename = EXTENSION_OF.get(kind)
        tip = f"，如果内容没错，请把文件改名为 {path.stem}{rename}" if rename and rename in accepts else ""
        return f"扩展名是 {path.suffix}，但文件实际是{actual}{tip}"
    if expected in ("JPEG", "PNG", "WEBP"):
        size = image_size(head, expected)
        if size is None or 0 in size:
            return "图片文件已损坏（读不出图片尺寸），请重新导出或换一张图片"
        width, height = size
        if width * height > MAX_PIXELS:
            return f"图片尺寸异常（{width}×{height}，超过 {MAX_PIXELS // 1_000_000} 百万像素），请换用长边 1920 像素左右的图片"
    return ""


_IMAGE_LINK = re.compile(
    r"""!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^)]*["'])?\s*\)|<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']""", re.I
)


def image_links(body: str) -> list[tuple[int, str]]:
    """(line in the body, target) of every image a Markdown body shows, local files only."""
    found = []
    for number, line in enumerate(body.split("\n")):
        for match in _IMAGE_LINK.finditer(line):
            target = unquote((match.group(1) or match.group(2)).split("#", 1)[0].split("?", 1)[0])
            if target and "://" not in target and not target.startswith(("data:", "//")):
                found.append((number, target))
    return found
