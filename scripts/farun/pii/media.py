"""Metadata inside image and sound files, read from the container itself (JPEG segments, PNG/WebP/WAV chunks,
GIF blocks, ICO entries, BMP headers).

Pillow exposes only the metadata it knows; a published image must carry none at all, so the
container is walked byte by byte, up to its end: anything but pixels, palette, transparency,
animation and resolution is metadata (EXIF with GPS and camera, XMP, IPTC, Photoshop resources,
comments, PNG text chunks and palette names, time stamps, colour profiles with their free-text
descriptions, unknown private chunks, WAV INFO/ID3 chunks) and so is any byte after the end
marker. Published copies are re-encoded (images/staff.py), so a clean copy has none. Pure; never
raises on bad data.
"""

from __future__ import annotations

import struct
import zlib

from farun.runtime import bounded

# JPEG APPn segments that carry no personal data: JFIF/JFXX headers, ICC profiles, Adobe colour transform.
_JPEG_ALLOWED = (b"JFIF\x00", b"JFXX\x00", b"Adobe")
_PNG_ALLOWED = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"sBIT",
    b"pHYs",
    b"bKGD",
    b"hIST",
    b"acTL",
    b"fcTL",
    b"fdAT",
    b"cICP",
    b"mDCv",
    b"cLLi",
}
_WEBP_ALLOWED = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}
_WAV_ALLOWED = {b"fmt ", b"data", b"fact"}
TRAILING = "结束标记之后的数据"
_GIF_ALLOWED_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def _entropy_end(data: bytes, at: int) -> int:
    """Offset of the next marker after compressed pixel data starting at ``at`` (stuffed 0xFF00 and RSTn skipped)."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1 if following == 0xFF else 2
            continue
        return at


def _jpeg(data: bytes) -> list[str]:
    found: list[str] = []
    at = 2
    while at + 2 <= len(data):
        if data[at] != 0xFF:
            return found + ["损坏的 JPEG 段"]
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        if marker == 0xD9:  # end of image: nothing may follow
            return found + ([TRAILING] if data[at + 2 :].strip(b"\x00") else [])
        if at + 4 > len(data):
            break
        size = struct.unpack(">H", data[at + 2 : at + 4])[0]
        body = data[at + 4 : at + 2 + size]
        if marker == 0xFE:
            found.append("注释（COM）")
        elif 0xE0 <= marker <= 0xEF and not body.startswith(_JPEG_ALLOWED):
            name = body[: body.find(b"\x00")] if b"\x00" in body[:40] else body[:12]
            found.append(f"APP{marker - 0xE0}（{name.decode('latin-1', 'replace') or '未知'}）")
        at += 2 + size
        if marker == 0xDA:  # the compressed pixels follow the scan header
            at = _entropy_end(data, at)
    return found + ["缺少结束标记的 JPEG"]


def _png(data: bytes) -> list[str]:
    found, at = [], 8
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind not in _PNG_ALLOWED:
            found.append(kind.decode("latin-1", "replace"))
        if kind == b"IEND":
            return found + ([TRAILING] if data[at + 12 :] else [])
        at += 12 + size
    return found + ["缺少结束标记的 PNG"]


def _riff(data: bytes, allowed: set[bytes]) -> list[str]:
    found, at = [], 12
    end = 8 + struct.unpack("<I", data[4:8])[0]
    if len(data) > end + (end & 1):
        found.append(TRAILING)
    while at + 8 <= min(len(data), end):
        kind, size = struct.unpack("<4sI", data[at : at + 8])
        if kind not in allowed:
            found.append(kind.decode("latin-1", "replace").strip())
        at += 8 + size + (size & 1)
    return found


def _ico(data: bytes) -> list[str]:
    found, count = [], struct.unpack("<H", data[4:6])[0]
    end = 6 + 16 * count
    for number in range(count):
        size, offset = struct.unpack("<II", data[6 + 16 * number + 8 : 6 + 16 * number + 16])
        entry = data[offset : offset + size]
        end = max(end, offset + size)
        if entry.startswith(b"\x89PNG\r\n\x1a\n"):
            found += _png(entry)
    return found + ([TRAILING] if len(data) > end else [])


def _bmp(data: bytes) -> list[str]:
    size, header = struct.unpack("<I", data[2:6])[0], struct.unpack("<I", data[14:18])[0]
    found = [TRAILING] if len(data) > size else []
    if header > 40:  # V4/V5 headers may carry a colour profile
        found.append("颜色配置（BMP V4/V5）")
    return found


def _sub_blocks(data: bytes, at: int) -> tuple[bytes, int]:
    out = bytearray()
    while at < len(data) and data[at]:
        out += data[at + 1 : at + 1 + data[at]]
        at += 1 + data[at]
    return bytes(out), at + 1


def _gif(data: bytes) -> list[str]:
    found: list[str] = []
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
                app = data[at + 3 : at + 3 + header_size]
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
            return found + ["损坏的 GIF 块"]
    return found + ([TRAILING] if data[at + 1 :] else [])


def metadata_blocks(data: bytes) -> list[str]:
    """Names of the metadata blocks inside an image file's bytes ([] when there is none or it is no image)."""
    try:
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data)
        if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
            return _riff(data, _WEBP_ALLOWED)
        if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
            return _riff(data, _WAV_ALLOWED)
        if data.startswith(b"\x00\x00\x01\x00"):
            return _ico(data)
        if data.startswith(b"BM"):
            return _bmp(data)
        if data.startswith((b"GIF87a", b"GIF89a")):
            return _gif(data)
    except (struct.error, IndexError):
        return ["无法解析的图片结构"]
    return []


def _texts(raw: bytes) -> list[str]:
    """A block's bytes as text: single-byte and UTF-16 either way (EXIF XP* tags, ICC mluc), NULs as breaks."""
    return [
        raw.decode(encoding, errors="replace").replace("\x00", "\n")
        for encoding in ("latin-1", "utf-16-le", "utf-16-be")
    ]


class TooMuchText(bounded.TooBig):
    """Compressed text chunks of one image unpack to more than the limit (a bomb inside a document)."""


def _inflate(raw: bytes, limit: int, spent: list[int]) -> bytes:
    out = zlib.decompressobj().decompress(raw, limit + 1)
    spent[0] += len(out)
    if spent[0] > limit:
        raise TooMuchText(f"图片中压缩的文字块解压后超过 {limit // 1024 // 1024} MB，可能是“压缩炸弹”")
    return out


def metadata_text(data: bytes, limit: int = 16 * 1024 * 1024) -> list[str]:
    """The text of every block of an image file that is not pixels (JPEG segments, PNG/WebP chunks, bytes after
    the end marker), for an image published inside a document, where it is not re-encoded. Pure; raises only
    TooMuchText, when compressed chunks together unpack to more than ``limit`` bytes."""
    found: list[str] = []
    spent = [0]
    try:
        if data.startswith(b"\xff\xd8"):
            at = 2
            while at + 4 <= len(data) and data[at] == 0xFF:
                marker = data[at + 1]
                if marker == 0xFF:
                    at += 1
                    continue
                if marker == 0xD9:
                    break
                size = struct.unpack(">H", data[at + 2 : at + 4])[0]
                if marker == 0xFE or 0xE0 <= marker <= 0xEF:
                    found += _texts(data[at + 4 : at + 2 + size])
                at += 2 + size
                if marker == 0xDA:
                    at = _entropy_end(data, at)
            found += _texts(data[at + 2 :]) if data[at + 2 :].strip(b"\x00") else []
        elif data.startswith(b"\x89PNG\r\n\x1a\n"):
            at = 8
            while at + 8 <= len(data):
                size, kind = struct.unpack(">I4s", data[at : at + 8])
                body = data[at + 8 : at + 8 + size]
                key_end = body.find(b"\x00")
                if kind in (b"zTXt", b"iCCP"):
                    found += _texts(body[:key_end]) + _texts(_inflate(body[key_end + 2 :], limit, spent))
                elif kind == b"iTXt":
                    compressed = body[key_end + 1 : key_end + 2] == b"\x01"
                    head, _, rest = body[key_end + 3 :].partition(b"\x00")  # language tag
                    translated, _, text = rest.partition(b"\x00")
                    found += _texts(body[:key_end] + b"\x00" + head + b"\x00" + translated)
                    found += _texts(_inflate(text, limit, spent) if compressed else text)
                elif kind not in (b"IDAT", b"fdAT", b"PLTE", b"tRNS", b"IHDR"):
                    found += _texts(body)
                at += 12 + size
                if kind == b"IEND":
                    found += _texts(data[at:]) if data[at:] else []
                    break
        elif data.startswith(b"RIFF") or data.startswith((b"GIF87a", b"GIF89a")):
            found += _texts(data)  # no pixels worth keeping apart: read whole (small in documents)
    except (struct.error, IndexError, zlib.error):
        found += _texts(data[:limit])
    return found
