"""One file as a reader reads it: its bytes turned into texts and the personal numbers in them.

Step 1 and 2 of the plain path in scan.py: gzip opened; PDF and Office files part by part as their viewers
show them; images and WAV sounds must carry no metadata; fonts, audio and video refused; text decoded and
read in channels (text.py), each normalised and read by the detectors (numbers.py). The worker that scans
pages while the engine renders (while_rendering.py) runs this same ``scan_file``.
"""

from __future__ import annotations

import re
import zlib
from pathlib import PurePosixPath
from typing import Iterable

from farun.pii import documents
from farun.pii import shapes as pii_shapes
from farun.pii import text as pii_text
from farun.pii.media import metadata_blocks
from farun.pii.numbers import Hit, scan
from farun.runtime import bounded

# Binary files. Images and WAV sounds are published as copies encoded anew from their pixels or samples
# (images/staff.py); the site's copies are walked to their last byte and must hold nothing else.
# Fonts, audio and video can carry text in tags, name tables and boxes this program cannot rewrite
# (no demuxer or font rewriter): they are refused unless mkdocs.yml allows the path with a reason.
REENCODED_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".bmp", ".wav"}
OPAQUE_SUFFIXES = {
    ".avif",
    ".tif",
    ".tiff",
    ".heic",
    ".heif",
    ".jxl",
    ".jp2",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".eot",
    ".mp4",
    ".webm",
    ".m4v",
    ".mov",
    ".mp3",
    ".m4a",
    ".aac",
    ".ogg",
    ".oga",
    ".ogv",
    ".flac",
    ".wma",
    ".wmv",
    ".avi",
}
BINARY_SUFFIXES = REENCODED_SUFFIXES | OPAQUE_SUFFIXES
OPAQUE_REFUSAL = "字体、音频和视频文件中的标签、名称表和元数据无法逐一检查，也无法重新编码"
# Emphasis markers between digits in Markdown (159**5812**6600) disappear when rendered;
# four or more stars are a mask (138****5678), not emphasis.
_MARKDOWN_EMPHASIS = re.compile(r"(?<=[0-9])(?:\*{1,3}|_{1,3}|`+|~~|==|\^)(?=[0-9])")


def text_hits(
    text: str, suffix: str, allow: Iterable[str], year: int, flattened: bool = False
) -> list[tuple[str, Hit]]:
    """(line, hit) for every personal number a reader can find in one text file, each once.

    ``flattened``: a search index, made from the pages (scanned with their layout) with table cells
    turned into spaces; there white space joins no digit groups, or a table's counts would read as a number.
    """
    channels = pii_text.channels(text, suffix)
    if suffix in {".md", ".markdown"} and _MARKDOWN_EMPHASIS.search(text):
        channels.append(("text", pii_text.visible(_MARKDOWN_EMPHASIS.sub("", text))))
    if suffix in {".md", ".markdown"} and (drawn := pii_shapes.read_shortcodes(text)) != text:
        channels.append(("text", pii_text.visible(drawn)))  # :one: :material-numeric-1: render as digits
    hits: list[Hit] = []
    for channel, content in channels:
        read = scan(content, allow, year, spaces=not flattened)
        if channel == "markup" and read:  # attribute values, comments, scripts: named by the file's own line
            rows = pii_text.hidden_lines(text, [hit.line for hit in read])
            read = [Hit(hit.kind, hit.number, rows[hit.line]) for hit in read]
        hits += read
    found: list[tuple[str, Hit]] = []
    seen = set()
    for hit in hits:
        if (hit.kind, hit.number, hit.line) not in seen:
            seen.add((hit.kind, hit.number, hit.line))
            found.append((str(hit.line), hit))
    return sorted(found, key=lambda item: item[1].line)


def scan_file(
    rel: str, data: bytes, allow: Iterable[str], year: int, unscanned: dict[str, str]
) -> tuple[list[tuple[str, Hit]], str]:
    """(hits, refusal) for one file by its path and bytes; a hit's place is a line ("12") or a part ("第 3 页").

    ``refusal`` says in Chinese why the file cannot be checked ("" when it could); paths in ``unscanned``
    (mkdocs.yml, with a reason) are published without reading their text.
    """
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix in {".gz", ".svgz"}:
        try:
            data = bounded.gunzip(data, bounded.MAX_TEXT)  # all of it is text to scan
        except bounded.TooBig as exc:
            return [], str(exc)
        except (OSError, EOFError, zlib.error):
            return [], "压缩文件已损坏，无法检查"
        inner = rel[: -len(suffix)]
        suffix = PurePosixPath(inner).suffix.lower() if suffix == ".gz" else ".svg"
    if rel in unscanned:
        return [], ""
    if suffix in documents.DOCUMENT_SUFFIXES:
        try:
            parts = documents.extract(data, suffix)
        except (documents.Unreadable, bounded.TooBig) as exc:  # metadata.TooMuchText is a TooBig
            return [], str(exc)
        found = {
            (where, hit.kind, hit.number): (where, hit) for where, text in parts for hit in scan(text, allow, year)
        }
        return list(found.values()), ""  # a part read two ways (its strings, its raw text) names a number once
    if suffix in documents.UNREADABLE_SUFFIXES:
        return [], f"无法检查 {suffix} 文件中的文字"
    if suffix in OPAQUE_SUFFIXES:
        return [], OPAQUE_REFUSAL
    if suffix in REENCODED_SUFFIXES:
        blocks = metadata_blocks(data)  # images/staff.py re-encodes staff media; this holds every published file to it
        kind = "音频" if suffix == ".wav" else "图片"
        return [], f"{kind}仍带有元数据（{'、'.join(blocks)}）" if blocks else ""
    text = _text_of(data)
    if text is None:
        return [], f"不是文字文件，也不是能检查的图片、文档或音视频（{suffix or '无扩展名'}）"
    flattened = suffix == ".json" and (rel.startswith("search/") or "search_index" in rel or "farun-index" in rel)
    return text_hits(text, suffix, allow, year, flattened), ""


def _text_of(data: bytes) -> str | None:
    """The text of a file as its author wrote it (UTF-8, UTF-16 with BOM, GB18030), or None for binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # files saved by Windows tools in the system code page
    except UnicodeDecodeError:
        return None
