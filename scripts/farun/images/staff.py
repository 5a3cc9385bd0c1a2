"""Staff images and sounds under docs/: published copies re-encoded from their pixels or samples.

Nothing but pixels reaches the site: every copy is encoded anew by Pillow from the decoded image
(WAV: by the standard library's ``wave`` from the samples, images/sound.py), so EXIF (GPS, camera),
XMP, IPTC, comments, PNG text chunks, colour profiles (converted to sRGB first) and bytes after the
end marker cannot survive; pii/media.py then walks the copy and refuses any block left.
Formats a browser cannot show or that carry metadata we cannot strip safely (TIFF, HEIC, AVIF,
PSD) are refused with a message naming the file. Only files a published page names are decoded at
all (``provide``): an unused file, however large it claims to be, is never opened. Pixels and
animation frames are bounded (runtime/bounded.py).

Originals in docs/ are only read. Each processed copy is cached under
``.cache/images/`` by a digest of the original bytes and the settings, and
MkDocs publishes the cached copy in place of the original.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import io
import os
import posixpath
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from PIL import Image, ImageOps, UnidentifiedImageError

from farun.images import sound
from farun.pii.media import metadata_blocks
from farun.content import media

from farun.runtime import bounded
from farun.runtime import leaveout
from farun.runtime.errors import ContentError, ContentInvalid, StaffError
from farun.content.tree import OWN_ASSETS

FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF", ".bmp": "BMP", ".ico": "ICO"}
SOUNDS = {".wav"}
# Camera and design formats: published as they are they would carry their EXIF/XMP; staff convert them.
REFUSED_FORMATS = {".tif", ".tiff", ".heic", ".heif", ".avif", ".jxl", ".jp2", ".psd", ".dng", ".cr2", ".nef", ".arw"}
EXTENSION_OF = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "BMP": ".bmp", "TIFF": ".tif"}
MAX_SIDE = 1920
MAX_PIXELS = media.MAX_PIXELS  # the same limit make check reads from the header
JPEG_QUALITY, WEBP_QUALITY = 82, 80
PROCESS_VERSION = "3"  # 3: always re-encoded, colour profiles converted to sRGB and dropped
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "photoshop", "iptc")


class BadImage(StaffError):
    """A staff image that cannot be published; the message names the file."""


@dataclass
class StaffImageStats:
    """What the last run did: images processed anew and reused from the cache."""

    processed: list[str] = field(default_factory=list)
    reused: int = 0
    skipped: list[str] = field(default_factory=list)  # files no page uses: left out, never decoded


STATS = StaffImageStats()


def staff_images(docs_dir: Path) -> list[str]:
    """Every jpg/jpeg/png/webp/gif (and refused camera format) under docs/ (any case of extension), as src paths."""
    found = []
    for path in docs_dir.rglob("*"):
        rel = path.relative_to(docs_dir)
        suffix = path.suffix.lower()
        if (
            (suffix in FORMATS or suffix in REFUSED_FORMATS or suffix in SOUNDS)
            and path.is_file()
            and not any(p.startswith(".") for p in rel.parts)
        ):
            found.append(rel.as_posix())
    return sorted(leaveout.keep(found))  # a degraded build's left-out files are not published


def open_checked(path: Path, shown: str) -> Image.Image:
    """Open and fully decode an image, or stop with a Chinese message naming ``shown``."""
    if path.suffix.lower() in REFUSED_FORMATS:
        raise BadImage(
            f"{shown}: {path.suffix} 格式的图片浏览器无法显示，且可能带有拍摄位置等信息；请另存为 JPG 或 PNG 后再放入 docs/。"
        )
    expected = FORMATS.get(path.suffix.lower())
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(path)  # reads only the header; Pillow checks the pixel count here
            if img.width * img.height > MAX_PIXELS:
                raise Image.DecompressionBombError(f"{img.width}x{img.height}")
            frames = getattr(img, "n_frames", 1)  # counted from the frame headers, nothing decoded
            if frames > bounded.MAX_FRAMES or frames * img.width * img.height > bounded.MAX_FRAME_PIXELS:
                raise BadImage(
                    f"{shown}: 动图共 {frames} 帧、每帧 {img.width}×{img.height} 像素，超过可处理的范围"
                    f"（帧数×像素不超过 {bounded.MAX_FRAME_PIXELS // 1_000_000} 百万），可能是“解压炸弹”；"
                    f"请缩小尺寸或减少帧数后再放入 docs/。"
                )
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


def _srgb(img: Image.Image) -> Image.Image:
    """The pixels in sRGB: a colour profile is applied, then dropped (its description tags are free text)."""
    icc = img.info.get("icc_profile")
    if not icc:
        return img
    alpha = "A" in img.getbands() or "transparency" in img.info
    base = img.convert("RGBA" if alpha else "RGB") if img.mode not in ("RGB", "RGBA", "L", "CMYK") else img
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return (
            ImageCms.profileToProfile(
                base, source, ImageCms.createProfile("sRGB"), outputMode="RGBA" if base.mode == "RGBA" else "RGB"
            )
            or base
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return base.convert("RGBA" if base.mode == "RGBA" else "RGB")  # an unusable profile: the pixels as they are


def clean_copy(img: Image.Image) -> tuple[bytes, bool]:
    """Re-encode from the pixels, upright, in sRGB and at most MAX_SIDE px; return bytes and whether it changed."""
    fmt = img.format
    changed = True  # always encoded anew: no byte of the original file is published
    if fmt == "GIF":
        return _clean_gif(img), changed
    out = _srgb(ImageOps.exif_transpose(img))  # apply the orientation tag before it is dropped
    if max(out.size) > MAX_SIDE:
        out.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = out.copy() if out is img else out
    out.info.clear()  # Pillow writes some keys back (a JPEG's COM comment, an ICC profile) from info
    buffer = io.BytesIO()
    if fmt == "JPEG":
        if out.mode not in ("RGB", "L"):
            out = out.convert("RGB")
        out.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "PNG":
        out.save(buffer, "PNG", optimize=True)
    elif fmt == "BMP":
        out.convert("RGBA" if "A" in out.getbands() else "RGB").save(buffer, "BMP")
    elif fmt == "ICO":
        out.save(buffer, "ICO", sizes=[(min(out.width, 256), min(out.height, 256))])
    else:
        out.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue(), changed


def _clean_gif(img: Image.Image) -> bytes:
    """A GIF (animated or not) saved again without comments or application data other than looping."""
    for key in ("comment", "extension", "xmp", "icc_profile"):
        img.info.pop(key, None)
    buffer = io.BytesIO()
    frames = getattr(img, "n_frames", 1)
    if frames > 1:
        img.seek(0)
        img.save(
            buffer,
            "GIF",
            save_all=True,
            loop=img.info.get("loop", 0),
            duration=img.info.get("duration", 100),
            comment=b"",
        )
    else:
        out = (
            img
            if max(img.size) <= MAX_SIDE
            else img.resize((round(img.width * MAX_SIDE / max(img.size)), round(img.height * MAX_SIDE / max(img.size))))
        )
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
    if source.suffix.lower() in SOUNDS:
        data = sound.clean_copy(raw, shown)
    else:
        data, _ = clean_copy(open_checked(source, shown))
    left = metadata_blocks(data)
    if left:  # never publish a copy that still carries metadata
        raise BadImage(f"{shown}: 无法去除图片中的元数据（{'、'.join(left)}）；请另存为不带拍摄信息的 JPG 或 PNG。")
    STATS.processed.append(src_uri)
    return _store(cache, name, data)


def cache_dir(docs_dir: Path) -> Path:
    """Where processed and drawn images are kept: ``.cache/images`` beside docs/."""
    return docs_dir.resolve().parent / ".cache" / "images"


def _page_texts(site, docs_dir: Path) -> list[tuple[str, str]]:
    """(staff path, text naming files) of every published page: items' bodies and fields, other pages, settings."""
    texts = [
        (record.path, record.body + "\n" + " ".join(site.collection.files.get(record.src_uri, {}).values()))
        for record in site.collection.items
    ]
    published = {r.src_uri for r in site.collection.items} | {r.src_uri for r, _ in site.collection.hidden}
    for page in sorted(docs_dir.rglob("*.md")):  # pages that are not content items (about.md …)
        rel = page.relative_to(docs_dir).as_posix()
        if rel not in published and rel.split("/", 1)[0] not in ("lectures", "cases", "notices"):
            texts.append((f"{docs_dir.name}/{rel}", page.read_text(encoding="utf-8", errors="replace")))
    texts.append(("mkdocs.yml", site.settings.model_dump_json()))  # e.g. extra.gov_mark_image
    # A link may spell the name with %-escapes in any case or character references: read those decoded too.
    return [
        (path, text + "\n" + unquote(html.unescape(text)) if "%" in text or "&" in text else text)
        for path, text in texts
    ]


def pages_using(site, docs_dir: Path, src_uri: str, texts: list[tuple[str, str]] | None = None) -> list[str]:
    """The published pages (as staff paths) whose text names this image file."""
    names = {posixpath.basename(src_uri), quote(posixpath.basename(src_uri))}
    return [
        path
        for path, text in (texts if texts is not None else _page_texts(site, docs_dir))
        if any(name in text for name in names)
    ]


def provide(site, docs_dir: Path) -> dict[str, Path | None]:
    """Published copies of the staff images and sounds pages use: ``{src_uri: cached file}``; None: not published.

    A used file that cannot be published raises ContentInvalid naming it and the pages that use it.

    Whether a page names a file is decided first, from the text of the published pages and the
    project's own assets (content/tree.OWN_ASSETS) and ``extra.publish_unreferenced``: a file no page names is
    never opened (a 729-byte GIF can declare a 64-megapixel canvas with 30 frames). A file a page
    only seems to name (a basename in its text) is read and bounded like any other.
    """
    STATS.processed.clear()
    STATS.reused = 0
    STATS.skipped.clear()
    cache = cache_dir(docs_dir)
    texts = _page_texts(site, docs_dir) if site is not None else None  # None: every file counts as used
    keep = list(site.settings.publish_unreferenced) if site is not None else []
    out: dict[str, Path | None] = {}
    for src in staff_images(docs_dir):
        users = pages_using(site, docs_dir, src, texts) if texts is not None else ["?"]
        if not users and src not in OWN_ASSETS and not any(fnmatch.fnmatchcase(src, p) for p in keep):
            out[src] = None  # not published (publish/usage.py would leave it out too): not decoded either
            STATS.skipped.append(f"{docs_dir.name}/{src}")
            continue
        try:
            out[src] = published_copy(docs_dir, src, cache)
        except (BadImage, sound.BadSound) as exc:  # a content problem: the preview shows it on its error page
            path, _, why = str(exc).partition(": ")
            raise ContentInvalid(
                [ContentError(path, 0, f"{why}（使用它的页面：{'、'.join(users) or '网站自带文件'}）")]
            ) from None
    return out
