"""Metadata inside image files, read from the container itself (JPEG segments, PNG/WebP chunks, GIF blocks).

Pillow exposes only the metadata it knows; a published image must carry none at all, so the
container is walked byte by byte: anything but pixels, palette, colour profile, transparency,
animation and resolution is metadata (EXIF with GPS and camera, XMP, IPTC, Photoshop resources,
comments, PNG text chunks, time stamps, unknown private chunks). Pure; never raises on bad data.
"""

from __future__ import annotations

import struct

# JPEG APPn segments that carry no personal data: JFIF/JFXX headers, ICC profiles, Adobe colour transform.
_JPEG_ALLOWED = (b"JFIF\x00", b"JFXX\x00", b"ICC_PROFILE\x00", b"Adobe")
_PNG_ALLOWED = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs",
                b"bKGD", b"hIST", b"sPLT", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi"}
_WEBP_ALLOWED = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_GIF_ALLOWED_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def _jpeg(data: bytes) -> list[str]:
    found, at = [], 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return found + ["损坏的 JPEG 段"]
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or the compressed pixels follow
            return found
        size = struct.unpack(">H", data[at + 2:at + 4])[0]
        body = data[at + 4:at + 2 + size]
        if marker == 0xFE:
            found.append("注释（COM）")
        elif 0xE0 <= marker <= 0xEF and not body.startswith(_JPEG_ALLOWED):
            name = body[:body.find(b"\x00")] if b"\x00" in body[:40] else body[:12]
            found.append(f"APP{marker - 0xE0}（{name.decode('latin-1', 'replace') or '未知'}）")
        at += 2 + size
    return found


def _png(data: bytes) -> list[str]:
    found, at = [], 8
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind not in _PNG_ALLOWED:
            found.append(kind.decode("latin-1", "replace"))
        if kind == b"IEND":
            break
        at += 12 + size
    return found


def _webp(data: bytes) -> list[str]:
    found, at = [], 12
    while at + 8 <= len(data):
        kind, size = struct.unpack("<4sI", data[at:at + 8])
        if kind not in _WEBP_ALLOWED:
            found.append(kind.decode("latin-1", "replace").strip())
        at += 8 + size + (size & 1)
    return found


def _sub_blocks(data: bytes, at: int) -> tuple[bytes, int]:
    out = bytearray()
    while at < len(data) and data[at]:
        out += data[at + 1:at + 1 + data[at]]
        at += 1 + data[at]
    return bytes(out), at + 1


def _gif(data: bytes) -> list[str]:
    found = []
    if len(data) < 13:
        return found
    flags = data[10]
    at = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while at < len(data):
        block = data[at]
        if block == 0x3B:  # trailer
            break
        if block == 0x21 and at + 1 < len(data):
            label = data[at + 1]
            if label == 0xFF:
                header_size = data[at + 2] if at + 2 < len(data) else 0
                app = data[at + 3:at + 3 + header_size]
                if not app.startswith(_GIF_ALLOWED_APPS):
                    found.append(f"应用扩展（{app.decode('latin-1', 'replace')}）")
                _, at = _sub_blocks(data, at + 3 + header_size)
                continue
            if label == 0xFE:
                found.append("注释（Comment）")
            elif label == 0x01:
                found.append("文字扩展（Plain Text）")
            _, at = _sub_blocks(data, at + 2)
        elif block == 0x2C and at + 10 <= len(data):
            local = data[at + 9]
            at += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0)
            _, at = _sub_blocks(data, at + 1)  # LZW minimum code size, then the pixels
        else:
            break
    return found


def metadata_blocks(data: bytes) -> list[str]:
    """Names of the metadata blocks inside an image file's bytes ([] when there is none or it is no image)."""
    try:
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data)
        if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
            return _webp(data)
        if data.startswith((b"GIF87a", b"GIF89a")):
            return _gif(data)
    except (struct.error, IndexError):
        return ["无法解析的图片结构"]
    return []
