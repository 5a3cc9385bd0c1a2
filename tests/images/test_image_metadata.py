"""Every published image loses all metadata: EXIF, XMP, IPTC, comments, PNG text chunks, GIF comments (issue 12)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from farun.images import staff
from farun.pii.media import metadata_blocks
from farun.pii import scan as pii_scan

SECRET = "张某 13812345678"
XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{SECRET}</dc:creator></x:xmpmeta>'.encode()


def _iptc_app13() -> bytes:
    # Photoshop 3.0 resource 0x0404 (IPTC) holding a by-line (2:80).
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(SECRET.encode())) + SECRET.encode()
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def jpeg_with_everything() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = SECRET  # Artist
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        buffer, "JPEG", exif=exif.tobytes(), comment=SECRET.encode(), xmp=XMP
    )
    data = buffer.getvalue()
    return data[:2] + _iptc_app13() + data[2:]


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Zhang 13812345678")
    info.add_text("Comment", "x" * 2000, zip=True)  # zTXt
    info.add_itxt("Description", SECRET)
    exif = Image.Exif()
    exif[0x013B] = "Zhang"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, "PNG", pnginfo=info, exif=exif.tobytes())
    data = buffer.getvalue()

    # A tIME chunk and an unknown private chunk before IEND.
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return data[:-12] + chunk(b"tIME", b"\x07\xea\x0b\x1b\x0a\x00\x00") + chunk(b"prVt", SECRET.encode()) + data[-12:]


def webp_with_metadata() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(
        buffer, "WEBP", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00", xmp=XMP
    )
    return buffer.getvalue()


def gif_with_comments(frames: int = 3) -> bytes:
    images = [Image.new("P", (32, 32), i * 40) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(
        buffer, "GIF", save_all=frames > 1, append_images=images[1:], comment=SECRET.encode(), loop=0, duration=120
    )
    return buffer.getvalue()


CASES = {
    "photo.jpg": (jpeg_with_everything, {"APP1（Exif）", "注释（COM）", "APP13（Photoshop 3.0）"}),
    "chart.png": (png_with_text, {"tEXt", "zTXt", "iTXt", "eXIf", "tIME", "prVt"}),
    "banner.webp": (webp_with_metadata, {"EXIF", "XMP"}),
    "anim.gif": (gif_with_comments, {"注释（Comment）"}),
    "still.gif": (lambda: gif_with_comments(1), {"注释（Comment）"}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_published_copy_has_no_metadata_block(name, tmp_path):
    make, blocks = CASES[name]
    raw = make()
    assert blocks <= set(metadata_blocks(raw)), metadata_blocks(raw)
    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    (docs / "images" / name).write_bytes(raw)
    published = staff.published_copy(docs, f"images/{name}", tmp_path / "cache").read_bytes()
    assert metadata_blocks(published) == []
    assert b"13812345678" not in published and SECRET.encode() not in published
    with Image.open(io.BytesIO(published)) as img:
        img.load()
        assert img.size == Image.open(io.BytesIO(raw)).size
        assert getattr(img, "n_frames", 1) == getattr(Image.open(io.BytesIO(raw)), "n_frames", 1)


def test_clean_small_image_keeps_its_own_bytes(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG", optimize=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.png").write_bytes(buffer.getvalue())
    assert staff.published_copy(tmp_path / "docs", "a.png", tmp_path / "cache").read_bytes() == buffer.getvalue()


@pytest.mark.parametrize("name", ["scan.tif", "IMG_0001.HEIC", "design.psd"])
def test_camera_and_design_formats_are_refused(name, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / name).write_bytes(b"II*\x00whatever")
    assert name in staff.staff_images(tmp_path / "docs")
    with pytest.raises(staff.BadImage, match=r"请另存为 JPG 或 PNG"):
        staff.published_copy(tmp_path / "docs", name, tmp_path / "cache")


def test_site_scan_refuses_any_published_image_with_metadata():
    hits, refusal = pii_scan.scan_file("assets/x.jpg", jpeg_with_everything(), [], 2026, {})
    assert hits == [] and refusal.startswith("图片仍带有元数据（") and "APP1（Exif）" in refusal
    assert pii_scan.scan_file("assets/y.png", Image.new("RGB", (4, 4)).tobytes() and _plain_png(), [], 2026, {}) == (
        [],
        "",
    )


def _plain_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    return buffer.getvalue()


def test_damaged_containers_do_not_crash_the_inspector():
    for data in (
        b"\xff\xd8\xff",
        b"\xff\xd8\xff\xe1\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"RIFF\x00\x00\x00\x00WEBPVP8X",
        b"GIF89a\x01\x00\x01\x00\x80",
        b"GIF89a" + b"\x00" * 7 + b"\x21\xfe\x05abc",
    ):
        assert isinstance(metadata_blocks(data), list)
