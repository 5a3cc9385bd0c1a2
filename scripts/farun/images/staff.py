"""Staff images under docs/: published copies without any metadata, at most 1920 px, compressed.

No EXIF (GPS, camera), XMP, IPTC, comments or PNG text chunks reach the site: each copy is
re-encoded, and the original bytes are kept only when images/metadata.py finds no metadata
block in them. Formats a browser cannot show or that carry metadata we cannot strip safely
(TIFF, HEIC, PSD) are refused with a message naming the file.

Originals in docs/ are only read. Each processed copy is cached under
``.cache/images/`` by a digest of the original bytes and the settings, and
MkDocs publishes the cached copy in place of the original.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from PIL import Image, ImageOps, UnidentifiedImageError

from farun.images.metadata import metadata_blocks

from farun.content import leaveout, media

FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
# Camera and design formats: published as they are they would carry their EXIF/XMP; staff convert them.
REFUSED_FORMATS = {".tif", ".tiff", ".heic", ".heif", ".psd", ".dng", ".cr2", ".nef", ".arw"}
EXTENSION_OF = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "BMP": ".bmp", "TIFF": ".tif"}
MAX_SIDE = 1920
MAX_PIXELS = media.MAX_PIXELS  # the same limit make check reads from the header
JPEG_QUALITY, WEBP_QUALITY = 82, 80
PROCESS_VERSION = "2"
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "photoshop", "iptc")


class BadImage(ValueError):
    """A staff image that cannot be published; the message names the file."""


@dataclass
class Stats:
    """What the last run did: images processed anew and reused from the cache."""

    processed: list[str] = field(default_factory=list)
    reused: int = 0
    skipped: list[str] = field(default_factory=list)  # broken files no page uses, left out


STATS = Stats()


def staff_images(docs_dir: Path) -> list[str]:
    """Every jpg/jpeg/png/webp/gif (and refused camera format) under docs/ (any case of extension), as src paths."""
    found = []
    for path in docs_dir.rglob("*"):
        rel = path.relative_to(docs_dir)
        suffix = path.suffix.lower()
        if (suffix in FORMATS or suffix in REFUSED_FORMATS) and path.is_file() and not any(p.startswith(".") for p in rel.parts):
            found.append(rel.as_posix())
    return sorted(leaveout.keep(found))  # a degraded build's left-out files are not published


def open_checked(path: Path, shown: str) -> Image.Image:
    """Open and fully decode an image, or stop with a Chinese message naming ``shown``."""
    if path.suffix.lower() in REFUSED_FORMATS:
        raise BadImage(f"{shown}: {path.suffix} 格式的图片浏览器无法显示，且可能带有拍摄位置等信息；请另存为 JPG 或 PNG 后再放入 docs/。")
    expected = FORMATS.get(path.suffix.lower())
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(path)  # reads only the header; Pillow checks the pixel count here
            if img.width * img.height > MAX_PIXELS:
                raise Image.DecompressionBombError(f"{img.width}x{img.height}")
            if expected and img.format != expected:
                actual = img.format or "未知格式"
                tip = f"，请把文件改名为 {path.stem}{EXTENSION_OF[img.format]}" if img.format in EXTENSION_OF else ""
                raise BadImage(f"{shown}: 图片扩展名是 {path.suffix}，但文件实际是 {actual} 格式{tip}。")
            img.load()
            return img
        except BadImage:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise BadImage(
                f"{shown}: 图片尺寸异常（超过 {MAX_PIXELS // 1_000_000} 百万像素），可能是损坏文件或“解压炸弹”，已拒绝处理；"
                f"请换用正常尺寸的图片（长边 {MAX_SIDE} 像素即可）。"
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, EOFError, IndexError):
            raise BadImage(f"{shown}: 图片文件已损坏或不是有效的图片，无法读取；请重新导出或换一张图片。") from None


def has_metadata(img: Image.Image) -> bool:
    """Whether the image carries EXIF (GPS, camera), XMP or text chunks."""
    return bool(img.getexif()) or any(key in img.info for key in METADATA_KEYS) or bool(getattr(img, "text", None))


def clean_copy(img: Image.Image) -> tuple[bytes, bool]:
    """Re-encode without metadata, upright and at most MAX_SIDE px; return bytes and whether it changed."""
    fmt = img.format
    changed = has_metadata(img) or max(img.size) > MAX_SIDE
    if fmt == "GIF":
        return _clean_gif(img), changed
    out = ImageOps.exif_transpose(img)  # apply the orientation tag before it is dropped
    if max(out.size) > MAX_SIDE:
        out.thumbnail((MAX_SIDE, MAX_SIDE), Image.LANCZOS)
    icc = img.info.get("icc_profile")  # colour profiles carry no personal data
    for key in ("comment", "exif", "xmp", "XML:com.adobe.xmp", "photoshop", "iptc"):
        out.info.pop(key, None)  # Pillow writes some of these back (a JPEG's COM comment) from info
    buffer = io.BytesIO()
    if fmt == "JPEG":
        if out.mode not in ("RGB", "L"):
            out = out.convert("RGB")
        out.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc)
    elif fmt == "PNG":
        out.save(buffer, "PNG", optimize=True, icc_profile=icc)
    else:
        out.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4, icc_profile=icc)
    return buffer.getvalue(), changed


def _clean_gif(img: Image.Image) -> bytes:
    """A GIF (animated or not) saved again without comments or application data other than looping."""
    for key in ("comment", "extension", "xmp"):
        img.info.pop(key, None)
    buffer = io.BytesIO()
    frames = getattr(img, "n_frames", 1)
    if frames > 1:
        img.seek(0)
        img.save(buffer, "GIF", save_all=True, loop=img.info.get("loop", 0), duration=img.info.get("duration", 100),
                 comment=b"")
    else:
        out = img if max(img.size) <= MAX_SIDE else img.resize(
            (round(img.width * MAX_SIDE / max(img.size)), round(img.height * MAX_SIDE / max(img.size))))
        out.info.pop("comment", None)
        out.save(buffer, "GIF", comment=b"")
    return buffer.getvalue()


def _store(cache: Path, name: str, data: bytes) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / name
    tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


def published_copy(docs_dir: Path, src_uri: str, cache: Path) -> Path:
    """The cached clean copy of one staff image (processed on first sight)."""
    source = docs_dir / src_uri
    raw = source.read_bytes()
    key = hashlib.sha256(f"{PROCESS_VERSION}|{MAX_SIDE}|{MAX_PIXELS}|{JPEG_QUALITY}|{WEBP_QUALITY}|".encode() + raw)
    name = f"staff-{key.hexdigest()[:32]}{source.suffix.lower()}"
    if (cache / name).is_file():
        STATS.reused += 1
        return cache / name
    shown = f"{docs_dir.name}/{src_uri}"
    img = open_checked(source, shown)
    data, changed = clean_copy(img)
    if not changed and len(data) >= len(raw) and not metadata_blocks(raw):
        data = raw  # already small and clean (no metadata block at all): the original bytes are the best copy
    left = metadata_blocks(data)
    if left:  # never publish a copy that still carries metadata
        raise BadImage(f"{shown}: 无法去除图片中的元数据（{'、'.join(left)}）；请另存为不带拍摄信息的 JPG 或 PNG。")
    STATS.processed.append(src_uri)
    return _store(cache, name, data)


def cache_dir(docs_dir: Path) -> Path:
    """Where processed and drawn images are kept: ``.cache/images`` beside docs/."""
    return docs_dir.resolve().parent / ".cache" / "images"


def pages_using(site, docs_dir: Path, src_uri: str) -> list[str]:
    """The published pages (as staff paths) whose text names this image file."""
    names = {posixpath.basename(src_uri), quote(posixpath.basename(src_uri))}
    users = []
    for record in site.collection.items:
        text = record.body + "\n" + " ".join(site.collection.files.get(record.src_uri, {}).values())
        if any(name in text for name in names):
            users.append(record.path)
    published = {r.src_uri for r in site.collection.items} | {r.src_uri for r, _ in site.collection.hidden}
    for page in sorted(docs_dir.rglob("*.md")):  # pages that are not content items (about.md …)
        rel = page.relative_to(docs_dir).as_posix()
        if rel not in published and rel.split("/", 1)[0] not in ("lectures", "cases", "notices"):
            if any(name in page.read_text(encoding="utf-8", errors="replace") for name in names):
                users.append(f"{docs_dir.name}/{rel}")
    return users


def provide(site, docs_dir: Path) -> dict[str, Path | None]:
    """Published copies of every staff image: ``{src_uri: cached file}``; None for a broken file nothing uses."""
    STATS.processed.clear()
    STATS.reused = 0
    STATS.skipped.clear()
    cache = cache_dir(docs_dir)
    out: dict[str, Path | None] = {}
    for src in staff_images(docs_dir):
        try:
            out[src] = published_copy(docs_dir, src, cache)
        except BadImage as exc:
            users = pages_using(site, docs_dir, src)
            if users:
                raise BadImage(f"{exc}（使用它的页面：{'、'.join(users)}）") from None
            out[src] = None  # not published: a broken file no page shows must not stop the build
            STATS.skipped.append(f"{docs_dir.name}/{src}")
    return out
