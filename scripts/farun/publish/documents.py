"""Text of published attachments (PDF, Office Open XML, OpenDocument) for the personal-information guard.

``extract(data, suffix)`` returns the readable text of a document, part by part, so the guard
scans what a reader of the attachment sees: PDF page text (pypdf, with the document's metadata
and form fields), every XML part of a docx/xlsx/pptx/odt/ods/odp (body, headers, footers,
comments, notes, shared strings, cell values, document properties). A document whose text
cannot be read raises ``Unreadable`` with the reason in Chinese; the caller refuses to publish
it unless mkdocs.yml allows that path with a reason.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

from farun.content.pii_text import PIECE_BREAK, hidden, visible

PDF_SUFFIXES = {".pdf"}
ZIP_DOCUMENT_SUFFIXES = {".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".pptx", ".pptm", ".potx",
                         ".odt", ".ods", ".odp", ".ofd"}
DOCUMENT_SUFFIXES = PDF_SUFFIXES | ZIP_DOCUMENT_SUFFIXES
# Formats whose text cannot be read reliably here: refused unless mkdocs.yml allows them by path.
UNREADABLE_SUFFIXES = {".doc", ".xls", ".ppt", ".wps", ".et", ".dps", ".rar", ".7z", ".zip", ".tar", ".tgz",
                       ".bz2", ".xz", ".cab", ".arj", ".iso", ".dmg", ".exe", ".msi", ".apk", ".chm", ".caj",
                       ".xps", ".djvu", ".epub", ".mobi", ".vsd", ".vsdx", ".numbers", ".pages", ".key"}
MAX_PARTS_BYTES = 200_000_000  # an Office file unpacking to more than this is refused (zip bomb)
_PARAGRAPH_END = re.compile(r"</(?:w:p|a:p|text:p|text:h|w:tc|a:tc|table:table-cell|w:br|a:br)\s*>|<(?:w:br|a:br|w:tab|text:line-break|text:tab)\b[^>]*/>")
_CELL = re.compile(r"<(?:v|t|is)\b[^>]*>([^<]*)</(?:v|t|is)>")


class Unreadable(ValueError):
    """A document whose text cannot be extracted; the message says why, in Chinese."""


def _pdf_parts(data: bytes) -> list[tuple[str, str]]:
    from pypdf import PdfReader  # imported here: only builds with PDF attachments pay for it
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns about harmless quirks
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Unreadable("PDF 已加密，无法读取其中的文字")
            except (NotImplementedError, PdfReadError):
                raise Unreadable("PDF 已加密，无法读取其中的文字") from None
        parts = []
        for number, page in enumerate(reader.pages, start=1):
            parts.append((f"第 {number} 页", page.extract_text() or ""))
        meta = reader.metadata or {}
        info = PIECE_BREAK.join(str(v) for v in meta.values() if v is not None)
        fields = reader.get_fields() or {}
        values = PIECE_BREAK.join(str(f.get("/V")) for f in fields.values() if isinstance(f, dict) and f.get("/V") is not None)
    except Unreadable:
        raise
    except Exception:  # pypdf raises many types on damaged files; any of them means "cannot read"
        raise Unreadable("PDF 文件已损坏或格式不受支持，无法读取其中的文字") from None
    if not any(text.strip() for _, text in parts):
        raise Unreadable("PDF 中没有可提取的文字（可能是扫描件或图片）")
    return parts + [("文档属性", info), ("表单内容", values)]


def _zip_parts(data: bytes) -> list[tuple[str, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable("Office 文件已损坏或不是有效的 docx/xlsx/pptx 格式") from None
    if sum(info.file_size for info in infos) > MAX_PARTS_BYTES:
        raise Unreadable("Office 文件解压后过大，可能是“压缩炸弹”")
    parts = []
    for info in infos:
        name = info.filename
        if not name.lower().endswith((".xml", ".rels", ".vml")):
            continue  # embedded images are not read here; see the README
        try:
            xml = archive.read(info).decode("utf-8", errors="replace")
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
            raise Unreadable(f"Office 文件中的 {name} 无法读取（损坏或加密）") from None
        if "/worksheets/" in name or name.endswith("sharedStrings.xml"):
            # Cells are separate boxes: each value is read on its own, not joined to its neighbour.
            parts.append((name, PIECE_BREAK.join(_CELL.findall(xml))))
        elif name.startswith(("docProps/", "meta.xml", "customXml/")):
            parts.append((name, PIECE_BREAK.join(re.findall(r">([^<]+)<", xml))))
        else:
            parts.append((name, visible(_PARAGRAPH_END.sub("\n", xml))))
        parts.append((name, hidden(xml)))  # hyperlinks (tel:…), alt texts, comments' authors
    if not parts:
        raise Unreadable("不是有效的 Office 文件（没有找到文档内容）")
    return parts


def extract(data: bytes, suffix: str) -> list[tuple[str, str]]:
    """[(where, text)] of a PDF or Office document; raises Unreadable when its text cannot be read."""
    if suffix in PDF_SUFFIXES:
        return _pdf_parts(data)
    if suffix in ZIP_DOCUMENT_SUFFIXES:
        return _zip_parts(data)
    raise Unreadable(f"无法检查 {suffix} 文件中的文字")
