"""Issue 14, point 4: make check reads the first bytes of every file a published page uses."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from farun.cli import read_config
from farun.content import media
from farun.content.settings import load_settings
from farun.site.engine import validate

from support import LECTURE, farun, make_project  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
TODAY = dt.date(2026, 11, 25)


def image(fmt: str, size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))


def with_field(line: str) -> str:
    return LECTURE.replace("tags: [行政复议, 依法行政]", f"tags: [行政复议]\n{line}")


def check(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    docs = tmp_path / "docs"
    for rel, content in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(content if isinstance(content, bytes) else content.encode())
    _, errors = validate(docs, SETTINGS, TODAY)
    return [str(e) for e in sorted(errors)]


@pytest.mark.parametrize("fmt, size", [("JPEG", (640, 360)), ("PNG", (33, 17)), ("WEBP", (300, 200)), ("GIF", (5, 7))])
def test_image_size_is_read_from_the_header(fmt, size):
    data = image(fmt, size)
    assert media.sniff(data) == fmt
    assert media.image_size(data, fmt) == size


BAD_FIELDS = [
    (
        "cover: images/cover.jpg",
        "images/cover.jpg",
        "这是一段文字，不是图片。".encode(),
        "cover（封面）指向的文件 “images/cover.jpg” 不能使用：扩展名是 .jpg，但文件实际是文本文件",
    ),
    (
        "cover: images/cover.jpg",
        "images/cover.jpg",
        None,  # a PNG named .jpg
        "cover（封面）指向的文件 “images/cover.jpg” 不能使用：扩展名是 .jpg，但文件实际是PNG 图片，如果内容没错，请把文件改名为 cover.png",
    ),
    (
        "cover: images/cover.png",
        "images/cover.png",
        png_header(30000, 30000),
        "cover（封面）指向的文件 “images/cover.png” 不能使用：图片尺寸异常（30000×30000，超过 80 百万像素）",
    ),
    (
        "cover: images/cover.png",
        "images/cover.png",
        b"",
        "cover（封面）指向的文件 “images/cover.png” 不能使用：扩展名是 .png，但文件实际是空文件（0 字节）",
    ),
    (
        "video: media/talk.mp4",
        "media/talk.mp4",
        b"<!DOCTYPE html><html><body>404</body></html>",
        "video（视频）指向的文件 “media/talk.mp4” 不能使用：扩展名是 .mp4，但文件实际是网页（HTML）",
    ),
    (
        "captions: media/talk.vtt",
        "media/talk.vtt",
        "1\n00:00:01,000 --> 00:00:02,000\n你好\n".encode(),
        "captions（字幕）指向的文件 “media/talk.vtt” 不能使用：扩展名是 .vtt，但文件实际是SRT 字幕",
    ),
    (
        "slides: files/talk.pdf",
        "files/talk.pdf",
        b"PK\x03\x04" + b"\x00" * 40,
        "slides（课件）指向的文件 “files/talk.pdf” 不能使用：扩展名是 .pdf，但文件实际是Office 文档（docx/pptx/xlsx）或压缩包",
    ),
    (
        "slides: files/talk.key",
        "files/talk.key",
        b"%PDF-1.7",
        "slides（课件）指向的文件 “files/talk.key” 不能使用：扩展名 .key 不能用在这里",
    ),
]


@pytest.mark.parametrize("line, rel, content, message", BAD_FIELDS)
def test_media_named_in_front_matter_are_checked_and_the_md_file_named(tmp_path, line, rel, content, message):
    content = image("PNG") if content is None else content
    found = check(tmp_path, {"lectures/a.md": with_field(line), rel: content})
    assert len(found) == 1, found
    assert found[0].startswith(f"docs/lectures/a.md:8: {message}")


@pytest.mark.parametrize(
    "line, rel, content",
    [
        ("cover: images/cover.jpg", "images/cover.jpg", image("JPEG")),
        ("cover: images/cover.webp", "images/cover.webp", image("WEBP")),
        ("video: media/talk.mp4", "media/talk.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64),
        ("video: media/talk.webm", "media/talk.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 64),
        ("captions: media/talk.vtt", "media/talk.vtt", "\ufeffWEBVTT\n\n00:00.000 --> 00:01.000\n你好\n".encode()),
        ("slides: files/talk.pdf", "files/talk.pdf", b"%PDF-1.7\n"),
        ("slides: files/talk.pptx", "files/talk.pptx", b"PK\x03\x04" + b"\x00" * 40),
    ],
)
def test_good_media_pass(tmp_path, line, rel, content):
    assert check(tmp_path, {"lectures/a.md": with_field(line), rel: content}) == []


def test_body_images_are_checked_at_their_line(tmp_path):
    text = LECTURE + "\n现场照片：\n\n![执法现场](../images/scene.jpg)\n"
    found = check(tmp_path, {"lectures/a.md": text, "images/scene.jpg": b"not a picture at all"})
    line = text.split("\n").index("![执法现场](../images/scene.jpg)") + 1
    assert found == [
        f"docs/lectures/a.md:{line}: 正文中的图片 “../images/scene.jpg” 不能使用：扩展名是 .jpg，但文件实际是文本文件"
    ]


def test_a_draft_with_a_broken_cover_does_not_block(tmp_path):
    text = with_field("cover: images/cover.jpg").replace("---\n\n## 讲座要点", "draft: true\n---\n\n## 讲座要点")
    assert check(tmp_path, {"lectures/a.md": text, "images/cover.jpg": b"text"}) == []


def test_make_check_names_the_md_file_for_a_renamed_text_file(tmp_path):
    proj = make_project(
        tmp_path / "proj",
        {"lectures/a.md": with_field("cover: images/cover.jpg"), "images/cover.jpg": "封面文字".encode()},
    )
    result = farun(proj, "check")
    assert result.returncode == 1
    assert "docs/lectures/a.md:8: cover（封面）指向的文件 “images/cover.jpg” 不能使用" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_hint_gives_an_example_of_its_own_kind(tmp_path):
    found = check(tmp_path, {"lectures/a.md": with_field("slides: files/none.pdf")})
    assert found == [
        "docs/lectures/a.md:8: slides（课件）指向的文件不存在：“files/none.pdf”"
        "（建议：路径相对于 docs/ 文件夹，例如 files/2023-11-wangyueche.pdf；请检查文件名和大小写）"
    ]
