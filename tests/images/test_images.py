"""Staff images: published copies lose EXIF/GPS and shrink; bad files stop a real build."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image

from farun.images import staff as images

from support import mkdocs_build

GPS = ExifTags.IFD.GPSInfo


def photo(size=(3000, 2000), fmt="JPEG", orientation=None) -> bytes:
    """A phone-like photo with GPS coordinates (Shaoxing) and a camera model in its EXIF."""
    img = Image.new("RGB", size, (40, 110, 180))
    img.paste((220, 60, 40), (0, 0, size[0] // 2, size[1] // 4))
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "PhoneCam 12"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(GPS).update({1: "N", 2: (30.0, 0.0, 0.0), 3: "E", 4: (120.0, 34.0, 0.0)})
    buffer = io.BytesIO()
    img.save(buffer, fmt, exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims absurd dimensions (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_published_copy_has_no_exif_or_gps_and_is_at_most_1920px(project, tmp_path):
    original = photo()
    webp = photo((2400, 1200), "WEBP")
    page = (
        "---\ntitle: 图片\n---\n\n![现场](lectures/img/现场.jpg) ![照片](about-img/Photo.JPEG) ![案例](cases/p.WEBP)\n"
    )
    # A page shows them: only what a published page uses is published.
    proj = project(
        {"lectures/img/现场.jpg": original, "about-img/Photo.JPEG": original, "cases/p.WEBP": webp, "photos.md": page}
    )
    result = mkdocs_build(proj, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for rel, source in (
        ("lectures/img/现场.jpg", original),
        ("about-img/Photo.JPEG", original),
        ("cases/p.WEBP", webp),
    ):
        with Image.open(proj / "docs" / rel) as before:
            assert before.getexif().get_ifd(GPS), "the original keeps its GPS"
        assert (proj / "docs" / rel).read_bytes() == source, "the original in docs/ is never modified"
        published = (tmp_path / "out" / rel).read_bytes()
        with Image.open(io.BytesIO(published)) as after:
            assert not after.getexif(), rel
            assert "exif" not in after.info and "xmp" not in after.info
            assert max(after.size) == 1920
            assert after.format == Image.open(io.BytesIO(source)).format
        assert len(published) < len(source)
        assert b"PhoneCam" not in published


def test_orientation_is_applied_before_exif_is_dropped(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.jpg").write_bytes(photo((400, 200), orientation=6))  # "rotate 90° clockwise"
    published = images.provide(None, tmp_path / "docs")["p.jpg"]
    with Image.open(published) as img:
        assert img.size == (200, 400) and not img.getexif()


def test_processed_copies_are_cached(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.jpg").write_bytes(photo((800, 600)))
    (docs / "b.png").write_bytes(png_bytes())
    first = images.provide(None, docs)
    assert sorted(images.STATS.processed) == ["a.jpg", "b.png"]
    assert images.provide(None, docs) == first and images.STATS.processed == [] and images.STATS.reused == 2
    with (
        Image.open(first["b.png"]) as copy,
        Image.open(io.BytesIO(png_bytes())) as original,
    ):  # encoded anew, same pixels
        assert copy.tobytes() == original.tobytes() and copy.size == original.size
    assert (
        hashlib.sha256(first["a.jpg"].read_bytes()).digest() != hashlib.sha256((docs / "a.jpg").read_bytes()).digest()
    )


BAD = {
    "corrupt": (
        "lectures/img/broken.jpg",
        photo((300, 200))[:400],
        "docs/lectures/img/broken.jpg: 图片文件已损坏或不是有效的图片，无法读取；请重新导出或换一张图片。",
    ),
    "not-an-image": (
        "media/notes.png",
        "这不是图片".encode(),
        "docs/media/notes.png: 图片文件已损坏或不是有效的图片，无法读取；请重新导出或换一张图片。",
    ),
    "lying-extension": (
        "media/chart.jpg",
        png_bytes(),
        "docs/media/chart.jpg: 图片扩展名是 .jpg，但文件实际是 PNG 格式，请把文件改名为 chart.png。",
    ),
    "bomb": (
        "media/huge.png",
        png_header(30000, 30000),
        "docs/media/huge.png: 图片尺寸异常（超过 80 百万像素），可能是损坏文件或“解压炸弹”，已拒绝处理；"
        "请换用正常尺寸的图片（长边 1920 像素即可）。",
    ),
    "bomb-below-pillow-limit": (
        "media/wide.png",
        png_header(12000, 8000),
        "docs/media/wide.png: 图片尺寸异常（超过 80 百万像素），可能是损坏文件或“解压炸弹”，已拒绝处理；"
        "请换用正常尺寸的图片（长边 1920 像素即可）。",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_image_a_page_uses_stops_a_real_build_with_its_message(project, tmp_path, case):
    rel, content, message = BAD[case]
    proj = project({rel: content, "guide.md": f"---\ntitle: 说明\n---\n\n![图]({rel})\n"})
    result = mkdocs_build(proj, tmp_path / "out")
    assert result.returncode != 0
    shown = message.removesuffix("。").replace(": ", ":0: ", 1)  # a content problem of the file as a whole
    assert (
        "内容检查未通过" in result.stderr and shown in result.stderr and "使用它的页面：docs/guide.md" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert (proj / "docs" / rel).read_bytes() == content


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_image_no_page_uses_does_not_block_the_build_and_is_not_published(project, tmp_path, case):
    rel, content, _ = BAD[case]
    proj = project({rel: content})
    result = mkdocs_build(proj, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / rel).exists()
    assert (proj / "docs" / rel).read_bytes() == content
