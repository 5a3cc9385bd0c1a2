"""Every published byte (issue 27.3): text hidden in media containers and document parts is read or never published.

Members of each class are generated: random text in random JPEG segments or after the end marker,
PNG chunks, ICO entries, WAV chunks; a number split over random Word runs or shared-string runs;
random number formats; altChunk parts; main parts under any name; PDF bookmarks, annotations,
link addresses, XMP and attachments.
"""

from __future__ import annotations

import io
import struct
import wave
import zipfile
import zlib

from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image, ImageCms

import media_bombs
from farun.images import sound, staff
from farun.pii import media as metadata
from farun.pii import documents
from farun.pii import office_numbers
from farun.pii import files as pii_files
from farun.pii import scan as pii_scan

MOBILE, M_MASK = "15958126600", "159****6600"
SPOKEN = ["159 5812 6600", "15958126600", "159-5812-6600", "TEL:+86 159 5812 6600"]
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def scan(rel: str, data: bytes, unscanned: dict | None = None):
    hits, refusal = pii_scan.scan_file(rel, data, (), 2026, unscanned or {})
    return [(place, hit.masked) for place, hit in hits], refusal


def _jpeg(icc: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "JPEG", **({"icc_profile": icc} if icc else {}))
    return buffer.getvalue()


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _copy(tmp_path, name: str, data: bytes) -> bytes:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / name).write_bytes(data)
    return staff.published_copy(docs, name, tmp_path / "cache").read_bytes()


@FAST
@given(
    text=st.sampled_from(SPOKEN),
    marker=st.sampled_from([0xE1, 0xE2, 0xE5, 0xEB, 0xED, 0xEF, 0xFE]),
    place=st.sampled_from(["segment", "trailing", "icc"]),
)
def test_text_anywhere_in_a_jpeg_never_reaches_the_copy(tmp_path_factory, text, marker, place):
    payload = text.encode()
    original = _jpeg()
    if place == "segment":
        original = original[:2] + _segment(marker, b"Note\x00" + payload) + original[2:]
    elif place == "icc":
        original = original[:2] + _segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + payload) + original[2:]
    else:
        original += payload
    assert metadata.metadata_blocks(original), "the guard sees the block in the original"
    copy = _copy(tmp_path_factory.mktemp("jpeg"), "p.jpg", original)
    assert payload not in copy and metadata.metadata_blocks(copy) == []
    assert scan("images/p.jpg", original)[1].startswith("图片仍带有元数据")


def test_a_colour_profile_is_applied_then_dropped(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    copy = _copy(tmp_path, "p.jpg", _jpeg(icc=srgb))
    with Image.open(io.BytesIO(copy)) as img:
        assert "icc_profile" not in img.info and img.getpixel((5, 5))[0] > 150
    assert metadata.metadata_blocks(_jpeg(icc=srgb)) == ["APP2（ICC_PROFILE）"]


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (16, 16), (0, 80, 160, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@FAST
@given(
    text=st.sampled_from(SPOKEN),
    kind=st.sampled_from([b"tEXt", b"iTXt", b"zTXt", b"sPLT", b"prVt", b"iCCP"]),
    trailing=st.booleans(),
)
def test_text_in_png_and_ico_chunks_never_reaches_the_copy(tmp_path_factory, text, kind, trailing):
    payload = text.encode()
    png = _png()
    body = {
        b"zTXt": b"Comment\x00\x00" + zlib.compress(payload),
        b"iTXt": b"Comment\x00\x00\x00\x00\x00" + payload,
        b"iCCP": b"Profile\x00\x00" + zlib.compress(payload),
    }.get(kind, b"Comment\x00" + payload)
    png = png[:33] + _png_chunk(kind, body) + png[33:] + (payload if trailing else b"")
    assert metadata.metadata_blocks(png)
    tmp = tmp_path_factory.mktemp("png")
    assert payload not in _copy(tmp, "a.png", png)
    ico = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(png), 22) + png
    assert metadata.metadata_blocks(ico)
    copy = _copy(tmp, "favicon.ico", ico)
    assert payload not in copy and metadata.metadata_blocks(copy) == []


def _wav(extra: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x01\x00" * 800)
    data = buffer.getvalue() + extra
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


@FAST
@given(text=st.sampled_from(SPOKEN), chunk=st.sampled_from([b"LIST", b"id3 ", b"bext", b"iXML", b"JUNK"]))
def test_wav_is_written_again_from_its_samples(text, chunk):
    payload = b"INFOICMT" + struct.pack("<I", len(text.encode())) + text.encode()
    original = _wav(chunk + struct.pack("<I", len(payload)) + payload)
    assert metadata.metadata_blocks(original)
    copy = sound.clean_copy(original, "docs/media/a.wav")
    assert text.encode() not in copy and metadata.metadata_blocks(copy) == []
    with wave.open(io.BytesIO(copy)) as clean:
        assert clean.readframes(800) == b"\x01\x00" * 800


def test_formats_that_cannot_be_rewritten_are_refused_unless_allowed():
    for rel in ("media/a.mp3", "media/a.mp4", "fonts/a.woff2", "fonts/a.ttf", "images/a.avif", "media/a.flac"):
        assert scan(rel, b"ID3\x04\x00 TIT2 159 5812 6600") == ([], pii_files.OPAQUE_REFUSAL), rel
        assert scan(rel, b"anything", {rel: "示例视频，已人工核对"}) == ([], "")


# Office: a number split over formatting runs, number formats, altChunk parts, parts under any name.

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_RUN_DECOR = ["", "<w:rPr><w:b/></w:rPr>", '<w:rPr><w:color w:val="FF0000"/><w:sz w:val="28"/></w:rPr>']
_BETWEEN = ["", '<w:proofErr w:type="spellStart"/>', '<w:bookmarkStart w:id="0" w:name="a"/><w:bookmarkEnd w:id="0"/>']


def _docx(
    document: str, extra: dict[str, str | bytes] | None = None, main: str = "word/document.xml", overrides: str = ""
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            media_bombs.CONTENT_TYPES_DOCX.replace("/word/document.xml", "/" + main).replace(
                "</Types>", overrides + "</Types>"
            ),
        )
        archive.writestr("_rels/.rels", media_bombs.ROOT_RELS_DOCX.replace("word/document.xml", main))
        archive.writestr(main, document)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


@FAST
@given(cuts=st.lists(st.integers(1, 10), min_size=1, max_size=6, unique=True), data=st.data())
def test_a_number_split_over_word_runs_reads_joined(cuts, data):
    pieces, last = [], 0
    for cut in sorted(cuts) + [11]:
        pieces.append(MOBILE[last:cut])
        last = cut
    runs = "".join(
        data.draw(st.sampled_from(_BETWEEN)) + f"<w:r>{data.draw(st.sampled_from(_RUN_DECOR))}<w:t>{p}</w:t></w:r>"
        for p in pieces
        if p
    )
    document = f"<w:document {W}><w:body><w:p><w:r><w:t>联系电话：</w:t></w:r>{runs}</w:p></w:body></w:document>"
    assert scan("files/a.docx", _docx(document)) == ([("word/document.xml", M_MASK)], "")


def _xlsx(sheet_cells: str, strings: str = "", styles: str = "") -> bytes:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{main}"><sheetData><row r="1">{sheet_cells}</row></sheetData></worksheet>',
        )
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}">{strings}</sst>')
        archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{main}">{styles}</styleSheet>')
    return buffer.getvalue()


@FAST
@given(cuts=st.lists(st.integers(1, 10), min_size=1, max_size=5, unique=True))
def test_a_number_split_over_shared_string_runs_reads_joined(cuts):
    pieces, last = [], 0
    for cut in sorted(cuts) + [11]:
        pieces.append(MOBILE[last:cut])
        last = cut
    runs = "".join(f'<r><rPr><b/></rPr><t xml:space="preserve">{p}</t></r>' for p in pieces if p)
    data = _xlsx('<c r="A1" t="s"><v>0</v></c><c r="B1"><v>3812</v></c>', strings=f"<si>{runs}</si>")
    hits, refusal = scan("files/a.xlsx", data)  # the string itself, and the cell that shows it
    assert refusal == "" and set(hits) == {("xl/sharedStrings.xml", M_MASK), ("xl/worksheets/sheet1.xml", M_MASK)}


@st.composite
def _digit_formats(draw):
    """A number format that shows the mobile in groups, its first digits maybe written into the format, and the value."""
    literal_digits = draw(st.integers(0, 3))  # the first digits written into the format itself
    digits = MOBILE[literal_digits:]
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=5).filter(lambda s: sum(s) <= len(digits)))
    sizes[-1] += len(digits) - sum(sizes)
    # Not "\\.": groups of up to 3 digits joined by dots read as decimals (README), in cells as in pages.
    separators = [draw(st.sampled_from([" ", "-", "\\ ", '" "', "_)", "\\-", '"-"'])) for _ in sizes[:-1]] + [""]
    code = '"' + MOBILE[:literal_digits] + '"' if literal_digits else ""
    code += "".join(
        draw(st.sampled_from(["0", "#"])) + "0" * (size - 1) + separator for size, separator in zip(sizes, separators)
    )
    return code, digits


@FAST
@given(fmt=_digit_formats(), stored=st.sampled_from(["plain", "exponent"]))
def test_numbers_read_through_their_cell_number_format(fmt, stored):
    code, digits = fmt
    mantissa = (digits[0] + "." + digits[1:]).rstrip("0").rstrip(".")
    value = digits if stored == "plain" else f"{mantissa}E{len(digits) - 1}"  # as Excel may store it: 1.59581266E10
    styles = (
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{code.replace(chr(34), "&quot;")}"/></numFmts>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>'
    )
    data = _xlsx(f'<c r="A1" s="1"><v>{value}</v></c>', styles=styles)
    hits, refusal = scan("files/a.xlsx", data)
    assert refusal == "" and ("xl/worksheets/sheet1.xml", M_MASK) in hits, (
        code,
        value,
        office_numbers.shown(value, code),
    )


def test_excel_number_formats_examples():
    assert "159 5812 6600" in office_numbers.shown("15958126600", "000 0000 0000")
    assert "15958126600" in office_numbers.shown("1.59581266E10", "General")
    assert "159 5812 6600" in office_numbers.shown("58126600", '"159 "0000 0000')
    assert "1,234.50" in office_numbers.shown("1234.5", "#,##0.00")
    assert office_numbers.shown("45000", "yyyy-mm-dd") == ["45000"]


def test_altchunk_parts_are_read():
    html = "<html><body><p>联系人电话 159 5812 6600</p></body></html>"
    rtf = r"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 SimSun;}}\f0 \'d5\'c5 159\b 5812\b0 6600\par}"
    mht = (
        'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\nContent-Type: text/html; charset=utf-8\n'
        "Content-Transfer-Encoding: quoted-printable\n\n<p>=E7=94=B5=E8=AF=9D 159 5812 6600</p>\n--b--\n"
    )
    for name, kind, body in (
        ("word/afchunk.htm", "text/html", html),
        ("word/afchunk.rtf", "application/rtf", rtf),
        ("word/afchunk.mht", "message/rfc822", mht),
        ("word/chunk.txt", "text/plain", "电话 159-5812-6600"),
    ):
        override = f'<Override PartName="/{name}" ContentType="{kind}"/>'
        doc = _docx(
            f'<w:document {W}><w:body><w:altChunk r:id="rId9" xmlns:r="r"/></w:body></w:document>',
            {name: body},
            overrides=override,
        )
        hits, refusal = scan("files/a.docx", doc)
        assert refusal == "" and (name, M_MASK) in hits, (name, hits, refusal)


def test_the_main_part_is_found_by_its_declared_type_not_its_name():
    doc = _docx(
        f"<w:document {W}><w:body><w:p><w:r><w:t>电话 15958126600</w:t></w:r></w:p></w:body></w:document>",
        main="x/y.dat",
    )
    assert scan("files/a.docx", doc) == ([("x/y.dat", M_MASK)], "")


def test_parts_that_cannot_be_read_refuse_the_document():
    macro = '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    doc = _docx(f"<w:document {W}><w:body/></w:document>", {"word/vbaProject.bin": b"\x00\x01"}, overrides=macro)
    assert scan("files/a.docm", doc) == ([], "Office 文件中含有宏（VBA）（word/vbaProject.bin），无法检查其中的文字")
    blob = _docx(f"<w:document {W}><w:body/></w:document>", {"word/blob.dat": b"\x00\x159 5812 6600\xff"})
    assert scan("files/a.docx", blob)[1] == "Office 文件中的 word/blob.dat（未知类型）无法读取文字"
    dtd = _docx('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "159 5812 6600">]><d>&e;</d>')
    assert scan("files/a.docx", dtd)[1] == "Office 文件中的 word/document.xml 不是有效的 XML（损坏或含有 DTD/实体定义）"


# PDF: bookmarks, annotations and link addresses, XMP, attachments.


def _pdf_with(catalog_extra: bytes = b"", annots: bytes = b"", extra_objects: tuple[bytes, ...] = ()) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> " + annots + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        media_bombs.stream(b"BT /F1 12 Tf 20 150 Td (Notice of hearing) Tj ET"),
        *extra_objects,
    ]
    return media_bombs.pdf(objects)


def test_pdf_bookmarks_annotations_links_and_xmp_are_read():
    outline = _pdf_with(
        b"/Outlines 6 0 R",
        extra_objects=(
            b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
            b"<< /Title (Contact 159 5812 6600) /Parent 6 0 R /Dest [3 0 R /Fit] >>",
        ),
    )
    assert ("书签", M_MASK) in scan("files/a.pdf", outline)[0]
    note = _pdf_with(
        annots=b"/Annots [6 0 R]",
        extra_objects=(b"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (15958126600) >>",),
    )
    assert ("批注和链接", M_MASK) in scan("files/a.pdf", note)[0]
    link = _pdf_with(
        annots=b"/Annots [6 0 R]",
        extra_objects=(
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (tel:+8615958126600) >> >>",
        ),
    )
    assert ("批注和链接", M_MASK) in scan("files/a.pdf", link)[0]
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>159-5812-6600</dc:creator></x:xmpmeta>'
    with_xmp = _pdf_with(b"/Metadata 6 0 R", extra_objects=(media_bombs.stream(xmp, b"/Type /Metadata /Subtype /XML"),))
    assert ("XMP 元数据", M_MASK) in scan("files/a.pdf", with_xmp)[0]


def test_every_object_of_a_pdf_is_read_used_or_not():
    custom = _pdf_with(b"/PieceInfo << /Farun << /Private << /Phone (159 5812 6600) >> >> >>")
    assert scan("files/a.pdf", custom) == ([("其他对象中的文字", M_MASK)], "")
    orphan = _pdf_with(extra_objects=(b"<< /Note (\\376\\377) /Old (TEL 15958126600) >>",))  # no page refers to it
    assert scan("files/a.pdf", orphan) == ([("其他对象中的文字", M_MASK)], "")
    page_xmp = _pdf_with(
        annots=b"/Metadata 6 0 R",
        extra_objects=(
            media_bombs.stream(
                b"<x:xmpmeta><dc:creator>15958126600</dc:creator></x:xmpmeta>", b"/Type /Metadata /Subtype /XML"
            ),
        ),
    )
    assert ("XMP 元数据", M_MASK) in scan("files/a.pdf", page_xmp)[0]
    attachment = _pdf_with(
        annots=b"/Annots [6 0 R]",
        extra_objects=(
            b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS 7 0 R /Contents (list) >>",
            b"<< /Type /Filespec /F (a.txt) /EF << /F 8 0 R >> >>",
            media_bombs.stream(b"159 5812 6600", b"/Type /EmbeddedFile"),
        ),
    )
    assert scan("files/a.pdf", attachment)[1].startswith("PDF 中嵌有附件文件（")


def test_pdf_with_an_embedded_file_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_pdf_with())))
    writer.add_attachment("名单.txt", "张某 159 5812 6600".encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    assert scan("files/a.pdf", buffer.getvalue()) == (
        [],
        "PDF 中嵌有附件文件（名单.txt），无法逐一检查；请去掉附件后另存为 PDF",
    )
    assert documents.extract(_pdf_with(), ".pdf")[0] == ("第 1 页", "Notice of hearing")


def test_opendocument_spans_join_and_cells_stay_apart():
    content = (
        '<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b"><office:body><office:text>'
        '<text:p>电话<text:span text:style-name="T1">159</text:span>5812<text:s/>6600</text:p>'
        '<table:table><table:table-row><table:table-cell office:value-type="float" office:value="159">'
        "<text:p>159</text:p></table:table-cell><table:table-cell><text:p>58126600</text:p></table:table-cell>"
        "</table:table-row></table:table></office:text></office:body></office:document-content>"
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="m"><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
        archive.writestr("Thumbnails/thumbnail.png", _png())
    assert scan("files/a.odt", buffer.getvalue()) == ([("content.xml", M_MASK)], "")


@FAST
@given(text=st.sampled_from(SPOKEN), marker=st.sampled_from([0xE1, 0xED, 0xFE]), trailing=st.booleans())
def test_what_a_picture_inside_a_document_carries_besides_pixels_is_read(text, marker, trailing):
    jpeg = _jpeg()
    jpeg = (
        jpeg[:2] + _segment(marker, b"Exif\x00\x00" + text.encode()) + jpeg[2:]
        if not trailing
        else jpeg + text.encode()
    )
    png = _png()
    png = png[:33] + _png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(text.encode())) + png[33:]
    pictures = '<Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="png" ContentType="image/png"/>'
    doc = _docx(
        f"<w:document {W}><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>",
        {"word/media/image1.jpeg": jpeg, "word/media/image2.png": png},
        overrides=pictures,
    )
    hits, refusal = scan("files/a.docx", doc)
    assert refusal == "" and {("word/media/image1.jpeg", M_MASK), ("word/media/image2.png", M_MASK)} <= set(hits)
    clean = _docx(
        f"<w:document {W}><w:body/></w:document>",
        {"word/media/image1.jpeg": _jpeg(), "word/media/image2.png": _png()},
        overrides=pictures,
    )
    assert scan("files/a.docx", clean) == ([], "")
    in_pdf = _pdf_with(
        extra_objects=(
            media_bombs.stream(
                jpeg,
                b"/Type /XObject /Subtype /Image /Width 32 /Height 24 "
                b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
            ),
        )
    )
    assert ("其他对象中的文字", M_MASK) in scan("files/a.pdf", in_pdf)[0]


def test_compressed_text_chunks_of_a_picture_in_a_document_are_bounded():
    chunk = _png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(bytes(4 * 1024 * 1024), 9))  # 4 MB in ~4 KB
    png = _png()
    png = png[:33] + chunk * 5 + png[33:]  # 20 MB of text in one picture
    doc = _docx(
        f"<w:document {W}><w:body/></w:document>",
        {"word/media/image1.png": png},
        overrides='<Default Extension="png" ContentType="image/png"/>',
    )
    assert scan("files/a.docx", doc) == ([], "图片中压缩的文字块解压后超过 16 MB，可能是“压缩炸弹”")


from support import NOTICE_WITH_BODY as NOTICE  # noqa: E402


def test_a_real_build_publishes_media_encoded_anew_and_refuses_media_it_cannot_rewrite(project, tmp_path):
    from support import farun, mkdocs_build

    secret = b"TEL 159 5812 6600"
    jpeg = _jpeg()
    jpeg = jpeg[:2] + _segment(0xE1, b"Exif\x00\x00" + secret) + jpeg[2:] + secret
    wav = _wav(b"LIST" + struct.pack("<I", 4 + 8 + len(secret)) + b"INFOICMT" + struct.pack("<I", len(secret)) + secret)
    png = _png()
    ico = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(png) + 30, 22)
    ico += png[:33] + _png_chunk(b"tEXt", b"Comment\x00" + secret) + png[33:]
    body = (
        "![现场](../../images/xianchang.jpg)\n\n[录音](../../media/luyin.wav)\n\n![图标](../../images/tubiao.ico)\n\n"
        "[讲解](../../media/jiangjie.mp3)"
    )
    proj = project(
        {
            "notices/2026-01-gonggao.md": NOTICE.format(body=body),
            "images/xianchang.jpg": jpeg,
            "media/luyin.wav": wav,
            "images/tubiao.ico": ico,
            "media/jiangjie.mp3": b"ID3\x04\x00\x00" + secret,
        }
    )
    check = farun(proj, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert f"docs/media/jiangjie.mp3:0: {pii_files.OPAQUE_REFUSAL}：无法检查其中是否含有个人信息" in check.stderr
    assert "xianchang.jpg" not in check.stderr and "luyin.wav" not in check.stderr  # encoded anew when published
    built = mkdocs_build(proj, tmp_path / "refused")
    assert built.returncode != 0 and f"网站文件 media/jiangjie.mp3: {pii_files.OPAQUE_REFUSAL}" in built.stderr
    config = proj / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "pii_allowlist: []",
            "pii_allowlist: []\n  pii_unscanned_files:\n    media/jiangjie.mp3: 讲解录音，已人工核对",
        ),
        encoding="utf-8",
    )
    built = mkdocs_build(proj, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    for rel in ("images/xianchang.jpg", "media/luyin.wav", "images/tubiao.ico"):
        published = (tmp_path / "out" / rel).read_bytes()
        assert secret not in published and metadata.metadata_blocks(published) == [], rel
    assert (tmp_path / "out" / "media" / "jiangjie.mp3").read_bytes().endswith(secret)  # allowed, with its reason


@FAST
@given(symbols=st.lists(st.booleans(), min_size=11, max_size=11), private=st.booleans())
def test_digits_written_as_word_symbol_characters_are_read(symbols, private):
    runs = "".join(
        f'<w:r><w:sym w:font="Symbol" w:char="{(0xF000 if private else 0) + ord(d):04X}"/></w:r>'
        if sym
        else f"<w:r><w:t>{d}</w:t></w:r>"
        for d, sym in zip(MOBILE, symbols)
    )
    document = f"<w:document {W}><w:body><w:p>{runs}</w:p></w:body></w:document>"
    assert scan("files/a.docx", _docx(document)) == ([("word/document.xml", M_MASK)], "")


_PDF_PLACES = {
    "outline": lambda t: _pdf_with(
        b"/Outlines 6 0 R",
        extra_objects=(
            b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
            b"<< /Title (%s) /Parent 6 0 R >>" % t,
        ),
    ),
    "annotation": lambda t: _pdf_with(
        annots=b"/Annots [6 0 R]",
        extra_objects=(b"<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Contents (%s) >>" % t,),
    ),
    "link": lambda t: _pdf_with(
        annots=b"/Annots [6 0 R]",
        extra_objects=(b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (tel:%s) >> >>" % t,),
    ),
    "custom key": lambda t: _pdf_with(b"/Farun (%s)" % t),
    "orphan": lambda t: _pdf_with(extra_objects=(b"<< /Old (%s) >>" % t,)),
    "xmp": lambda t: _pdf_with(
        b"/Metadata 6 0 R",
        extra_objects=(
            media_bombs.stream(b"<x:xmpmeta><dc:title>%s</dc:title></x:xmpmeta>" % t, b"/Type /Metadata /Subtype /XML"),
        ),
    ),
}


@FAST
@given(place=st.sampled_from(sorted(_PDF_PLACES)), text=st.sampled_from(SPOKEN))
def test_a_number_anywhere_in_a_pdf_is_found(place, text):
    hits, refusal = scan("files/a.pdf", _PDF_PLACES[place](text.encode()))
    assert refusal == "" and M_MASK in {masked for _, masked in hits}, (place, hits)
