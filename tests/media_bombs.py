"""Generators of the document and media bombs of issue 27.5 (small files that unpack or draw without bound).

Each returns the bytes of one file; nothing binary is committed. ``BOMBS`` names them with the path
they take under docs/ and the words the Chinese refusal must contain.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def gzip_bomb(unpacked_mib: int = 1024) -> bytes:
    """~1 MB of gzip that unpacks to ``unpacked_mib`` MiB of zeros (members of 8 MiB, concatenated)."""
    import gzip

    member = gzip.compress(bytes(8 << 20), 9)
    return member * (unpacked_mib // 8)


def docx_bomb(text_mb: int = 190) -> bytes:
    """A docx whose document.xml holds ``text_mb`` MB of one repeated paragraph (~0.5 MB packed)."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    para = "<w:p><w:r><w:t>交通运输行政执法案卷评查工作要点，依法行政。</w:t></w:r></w:p>" * 200
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_DOCX)
        archive.writestr("_rels/.rels", ROOT_RELS_DOCX)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head.encode())
            chunk = para.encode()
            for _ in range(text_mb * 1024 * 1024 // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buffer.getvalue()


CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ROOT_RELS_DOCX = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def pdf(objects: list[bytes]) -> bytes:
    """A PDF file of these numbered objects (1 0 obj …) with a correct cross-reference table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def xobject_bomb(levels: int = 6, fanout: int = 10) -> bytes:
    """A one-page PDF of nested form XObjects: the page draws X<levels> and each form draws the one below
    ``fanout`` times, so text extraction meets fanout**levels text operations (10**6 in ~1.2 KB)."""
    # 1 catalog, 2 pages, 3 page, 4 font, 5.. forms X0 (leaf) .. X<levels>
    forms = []
    for level in range(levels + 1):
        if level == 0:
            content = b"BT /F1 9 Tf 10 10 Td (ab) Tj ET"
            resources = b"/Resources << /Font << /F1 4 0 R >> >>"
        else:
            content = b" ".join([b"/X Do"] * fanout)
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (5 + level - 1)
        forms.append(stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] " + resources))
    top = 5 + levels
    page_content = 6 + levels
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents %d 0 R "
        b"/Resources << /XObject << /X %d 0 R >> /Font << /F1 4 0 R >> >> >>" % (page_content, top),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *forms,
        stream(b"BT /F1 12 Tf 20 150 Td (Notice) Tj ET /X Do"),
    ]
    return pdf(objects)


def _gif_block(data: bytes) -> bytes:
    out = bytearray()
    for at in range(0, len(data), 255):
        piece = data[at : at + 255]
        out += bytes([len(piece)]) + piece
    return bytes(out) + b"\x00"


def gif_bomb(width: int = 8000, height: int = 8000, frames: int = 30) -> bytes:
    """A GIF of a few hundred bytes declaring a ``width`` x ``height`` canvas with ``frames`` 1x1 frames."""
    out = bytearray(b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff")
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    pixel = bytes([0x02]) + _gif_block(b"\x4c\x01")  # LZW min code size 2: clear, index 0, end (packed)
    for number in range(frames):
        out += b"\x21\xf9\x04\x04\x05\x00\x00\x00"  # graphic control: 50 ms, restore to background
        out += b"\x2c" + struct.pack("<HHHHB", number % width, 0, 1, 1, 0) + pixel
    return bytes(out + b"\x3b")


def deflate_ratio(data: bytes) -> float:
    return len(zlib.decompress(data)) / len(data)
