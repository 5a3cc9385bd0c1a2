"""Limits every reader of a staff file keeps: bytes unpacked, items, depth and time. Pure (stdlib).

A file of a few kilobytes can unpack to gigabytes (gzip and zip "bombs"), declare a 64-megapixel
canvas with thirty frames, or nest drawings a million times. Each reader asks this module before
it spends memory or time and stops with ``TooBig`` (a Chinese reason, without the file's name: the
caller names the file) instead of running out of memory or hanging the daily build. The limits are
far above any real attachment of a legal-education site and far below what the build machine can
afford (one input: at most 60 s and 1 GB, tests/publish/test_bombs.py).
"""

from __future__ import annotations

import time
import zipfile
import zlib

MAX_UNPACKED = 48 * 1024 * 1024  # bytes the text parts (XML) of an Office file may unpack to
# Text one attachment may hand to the personal-information scan (characters; a gzip file: bytes). The scan
# reads prose at ~15 MB/s but text dense with digit groups at ~0.2 MB/s, and make build reads a file twice
# (check, then the site): 3 MB of digit groups is ~17 s a read. A 1,500-page document has fewer characters.
MAX_TEXT = 3_000_000
MAX_PICTURE_BYTES = 128 * 1024 * 1024  # pictures inside one Office file, read for their metadata text only
MAX_RATIO = 200  # unpacked / packed beyond this (and beyond 1 MB) is a bomb: text compresses 5-20 times
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 5_000  # parts of one Office file (a long report has a few hundred)
MAX_PDF_PAGES = 3_000
MAX_PDF_OPERATIONS = 300_000  # drawing operations read from one PDF (pypdf reads ~20,000 a second), forms expanded
MAX_PDF_DEPTH = 12  # form XObjects inside form XObjects
MAX_SECONDS = 20.0  # one document's text extraction (make build reads it twice: check, then the site)
MAX_FRAME_PIXELS = 120_000_000  # frames x canvas pixels of one animated image (a 1920x1080 GIF: 57 frames)
MAX_FRAMES = 500
_CHUNK = 1024 * 1024


class TooBig(ValueError):
    """A file beyond one of the limits; the message says which, in Chinese."""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_ratio(unpacked: int, packed: int) -> None:
    """Stop at a compression ratio no real document reaches."""
    if unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * max(packed, 1):
        raise TooBig(f"压缩比异常（{max(packed, 1)} 字节解压后超过 {unpacked} 字节），可能是“压缩炸弹”")


def gunzip(data: bytes, limit: int = MAX_UNPACKED) -> bytes:
    """A gzip file's content (every member), or TooBig beyond ``limit`` bytes or an impossible ratio."""
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        pending = rest
        while not inflater.eof:
            chunk = inflater.decompress(pending, _CHUNK)
            out += chunk
            if len(out) > limit:
                raise TooBig(f"解压后超过 {_mb(limit)}，可能是“压缩炸弹”")
            check_ratio(len(out), len(data))
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                raise zlib.error("truncated gzip member")
        rest = inflater.unused_data.lstrip(b"\x00")  # members may follow, padded with zeros
    return bytes(out)


def check_archive(archive: zipfile.ZipFile, packed: int, limit: int = MAX_UNPACKED) -> list[zipfile.ZipInfo]:
    """The entries of a zip file, or TooBig when there are too many."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise TooBig(f"文件中有 {len(infos)} 个部分（超过 {MAX_ENTRIES} 个），可能是“压缩炸弹”")
    return infos


def check_text(parts: list[tuple[str, str]]) -> None:
    """Stop when the text read out of one document is more than the scan can read in time."""
    total = sum(len(text) for _, text in parts)
    if total > MAX_TEXT:
        raise TooBig(f"文档中可读出的文字超过 {MAX_TEXT // 10_000} 万字（{total // 10_000} 万字），请拆分后再发布")


class Budget:
    """Bytes unpacked from one archive so far, against ``limit`` and the ratio to ``packed``."""

    def __init__(self, packed: int, limit: int = MAX_UNPACKED):
        self.packed, self.limit, self.used = packed, limit, 0

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        """One entry's bytes, read in chunks (its declared size is not trusted)."""
        out = bytearray()
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                out += chunk
                self.used += len(chunk)
                if self.used > self.limit:
                    raise TooBig(f"解压后超过 {_mb(self.limit)}，可能是“压缩炸弹”")
                check_ratio(self.used, self.packed)
        return bytes(out)


class Deadline:
    """Wall-clock budget of one reader: ``check()`` raises TooBig once it has run out."""

    def __init__(self, seconds: float = MAX_SECONDS):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def expired(self) -> bool:
        return time.monotonic() > self.end

    def check(self) -> None:
        if self.expired():
            raise TooBig(f"读取时间超过 {self.seconds:.0f} 秒，文件结构异常（可能是恶意构造的文件）")
