"""Text of published attachments (PDF, Office Open XML, OpenDocument) for the personal-information guard.

``extract(data, suffix)`` returns the readable text of a document, part by part, so the guard
scans what a reader of the attachment sees. PDF (pypdf): the text of every page (form XObjects
included), the document's properties and XMP metadata, form fields, bookmarks (outline), every
annotation's text and link address, and every string of every numbered object in the file (custom
keys, name trees, objects no page uses); a PDF carrying embedded files is refused. Office files:
pii/office.py. A document whose text cannot be read whole raises ``Unreadable`` with the reason
in Chinese; the caller refuses to publish it unless mkdocs.yml allows that path with a reason.
Every reader is bounded (runtime/bounded.py): pages, drawing operations, nested forms, bytes, time.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from farun.runtime import bounded
from farun.pii.text import PIECE_BREAK, hidden, visible
from farun.pii.media import metadata_text
from farun.pii import office
from farun.pii.office import Unreadable

PDF_SUFFIXES = {".pdf"}
ZIP_DOCUMENT_SUFFIXES = {
    ".docx",
    ".docm",
    ".dotx",
    ".xlsx",
    ".xlsm",
    ".xltx",
    ".pptx",
    ".pptm",
    ".potx",
    ".odt",
    ".ods",
    ".odp",
    ".ofd",
}
DOCUMENT_SUFFIXES = PDF_SUFFIXES | ZIP_DOCUMENT_SUFFIXES
# Formats whose text cannot be read reliably here: refused unless mkdocs.yml allows them by path.
UNREADABLE_SUFFIXES = {
    ".doc",
    ".xls",
    ".ppt",
    ".wps",
    ".et",
    ".dps",
    ".rar",
    ".7z",
    ".zip",
    ".tar",
    ".tgz",
    ".bz2",
    ".xz",
    ".cab",
    ".arj",
    ".iso",
    ".dmg",
    ".exe",
    ".msi",
    ".apk",
    ".chm",
    ".caj",
    ".xps",
    ".djvu",
    ".epub",
    ".mobi",
    ".vsd",
    ".vsdx",
    ".numbers",
    ".pages",
    ".key",
}
__all__ = ["Unreadable", "extract", "DOCUMENT_SUFFIXES", "UNREADABLE_SUFFIXES"]
_ANNOTATION_TEXT = ("/Contents", "/T", "/TU", "/Subj", "/RC", "/NM")
_SKIPPED = ("skipped", "Impossible to decode", "Exceeded")  # pypdf's words when it leaves text out
MAX_FORMS_PER_PAGE = 4_000  # pypdf skips forms beyond 5,000 per page without failing: we stop before


class _Stop(BaseException):
    """Raised from inside pypdf's text extraction, which catches every Exception around form XObjects."""


class _Warnings(logging.Handler):
    """pypdf's warnings during one extraction: some mean that part of the text was skipped."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _strings(value, found: list[str], depth: int = 0) -> None:
    """Every text string inside a PDF value (dictionaries and arrays, not followed through references)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, TextStringObject, ByteStringObject

    if depth > 6 or len(found) > 200_000:
        return
    if isinstance(value, IndirectObject):
        return
    if isinstance(value, (TextStringObject, ByteStringObject, str)):
        found.append(str(value))
    elif isinstance(value, DictionaryObject):
        for item in value.values():
            _strings(item, found, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            _strings(item, found, depth + 1)


def _outline(items, found: list[str], depth: int = 0) -> None:
    for item in items:
        if isinstance(item, list):
            if depth < bounded.MAX_PDF_DEPTH * 8:
                _outline(item, found, depth + 1)
        else:
            found.append(str(getattr(item, "title", "") or ""))


def _annotations(page, found: list[str]) -> None:
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        if not hasattr(annot, "get"):
            continue
        for key in _ANNOTATION_TEXT:
            value = annot.get(key)
            if value is not None:
                found.append(str(value.get_object() if hasattr(value, "get_object") else value))
        action = annot.get("/A")
        if action is not None:
            _strings(action.get_object(), found)  # /URI, /F (launch, file), /D (named destinations)


MAX_OBJECTS = 200_000


def _every_object(reader, deadline: bounded.Deadline) -> tuple[list[str], list[str], list[str]]:
    """(strings, metadata texts, embedded files) of every numbered object of the file, reachable or not.

    Strings in custom keys, name trees, actions and objects no page refers to are bytes a reader of
    the file (or a crawler) can get at; XMP and other XML metadata streams are read as markup; an
    embedded file (attachment, file-attachment annotation) refuses the document.
    """
    from pypdf.generic import IndirectObject, StreamObject

    numbers = [(number, generation) for generation, table in reader.xref.items() for number in table]
    numbers += [(number, 0) for number in reader.xref_objStm]
    if len(numbers) > MAX_OBJECTS:
        raise bounded.TooBig(f"PDF 中的对象超过 {MAX_OBJECTS} 个")
    strings: list[str] = []
    metadata: list[str] = []
    embedded: list[str] = []
    for count, (number, generation) in enumerate(numbers):
        if not count % 2000:
            deadline.check()
        try:
            value = reader.get_object(IndirectObject(number, generation, reader))
        except Exception:  # a damaged or missing object: nothing of it can be shown either
            continue
        if not hasattr(value, "get"):
            _strings(value, strings)
            continue
        kind, subtype = str(value.get("/Type", "")), str(value.get("/Subtype", ""))
        if kind == "/EmbeddedFile" or (kind == "/Filespec" and "/EF" in value) or subtype == "/FileAttachment":
            embedded.append(str(value.get("/UF") or value.get("/F") or value.get("/Contents") or f"对象 {number}"))
        _strings(value, strings)
        if isinstance(value, StreamObject) and (
            kind == "/Metadata" or subtype == "/XML" or "/JS" in value or kind == "/JavaScript"
        ):
            metadata.append(value.get_data().decode("utf-8", errors="replace"))
        elif isinstance(value, StreamObject) and subtype == "/Image" and "/DCTDecode" in str(value.get("/Filter", "")):
            strings += metadata_text(value.get_data())  # a JPEG as it was pasted: its EXIF, XMP, comments
    return strings, metadata, embedded


def _form_depth(resources: Any, memo: dict, path: frozenset = frozenset()) -> int:
    """Levels of form XObjects under these resources, each form measured once (a form drawing itself: pypdf skips it)."""
    if len(path) > bounded.MAX_PDF_DEPTH:
        return len(path)  # deep enough to refuse; no need to go further
    resources = resources.get_object() if hasattr(resources, "get_object") else resources
    xobjects: Any = resources.get("/XObject") if hasattr(resources, "get") else None
    xobjects = xobjects.get_object() if hasattr(xobjects, "get_object") else xobjects
    deepest = 0
    for ref in xobjects.values() if hasattr(xobjects, "values") else []:
        key = getattr(ref, "idnum", id(ref))
        form: Any = ref.get_object() if key not in path else None
        if not hasattr(form, "get") or form.get("/Subtype") != "/Form":
            continue
        if key not in memo:
            memo[key] = 1 + _form_depth(form.get("/Resources") or {}, memo, path | {key})
        deepest = max(deepest, memo[key])
    return deepest


def _page_text(page, deadline: bounded.Deadline, operations: list[int]) -> str:
    forms = [0]

    def visit(operator, operands, cm, tm):
        operations[0] += 1
        if operator == b"Do":
            forms[0] += 1
            if forms[0] > MAX_FORMS_PER_PAGE:
                raise _Stop(f"一页中嵌套的图形对象超过 {MAX_FORMS_PER_PAGE} 次，可能是恶意构造的 PDF")
        if operations[0] > bounded.MAX_PDF_OPERATIONS:
            raise _Stop(f"绘图操作超过 {bounded.MAX_PDF_OPERATIONS} 个，可能是恶意构造的 PDF")
        if not operations[0] % 4096 and deadline.expired():
            raise _Stop(f"读取时间超过 {deadline.seconds:.0f} 秒，可能是恶意构造的 PDF")

    return page.extract_text(visitor_operand_before=visit) or ""


def _pdf_parts(data: bytes) -> list[tuple[str, str]]:
    from pypdf import PdfReader  # imported here: only builds with PDF attachments pay for it
    from pypdf.errors import LimitReachedError, PdfReadError

    log = logging.getLogger("pypdf")
    log.setLevel(logging.WARNING)
    log.propagate = False  # pypdf warns about harmless quirks; the ones that skip text are counted below
    warned = _Warnings()
    log.addHandler(warned)
    deadline = bounded.Deadline()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Unreadable("PDF 已加密，无法读取其中的文字")
            except (NotImplementedError, PdfReadError):
                raise Unreadable("PDF 已加密，无法读取其中的文字") from None
        if len(reader.pages) > bounded.MAX_PDF_PAGES:
            raise bounded.TooBig(f"PDF 超过 {bounded.MAX_PDF_PAGES} 页")
        parts: list[tuple[str, str]] = []
        extra: list[str] = []
        operations, depths = [0], {}  # type: ignore[var-annotated]
        for number, page in enumerate(reader.pages, start=1):
            if _form_depth(page.get("/Resources") or {}, depths) > bounded.MAX_PDF_DEPTH:
                raise bounded.TooBig(
                    f"PDF 第 {number} 页的图形对象嵌套超过 {bounded.MAX_PDF_DEPTH} 层，可能是恶意构造的 PDF"
                )
            parts.append((f"第 {number} 页", _page_text(page, deadline, operations)))
            _annotations(page, extra)
        meta: Any = reader.metadata or {}
        info = PIECE_BREAK.join(str(v) for v in meta.values() if v is not None)
        fields = reader.get_fields() or {}
        values = PIECE_BREAK.join(
            str(f.get("/V")) for f in fields.values() if isinstance(f, dict) and f.get("/V") is not None
        )
        titles: list[str] = []
        _outline(reader.outline, titles)
        strings, streams, attached = _every_object(reader, deadline)
        attached = list(reader.attachments) or attached
        xmp_text = "\n".join(streams)
    except (Unreadable, bounded.TooBig):
        raise
    except _Stop as stop:
        raise bounded.TooBig(str(stop)) from None
    except LimitReachedError:  # pypdf's own limits (tokens per stream, array sizes, page tree …)
        raise bounded.TooBig("PDF 的内容超过读取上限，可能是恶意构造的 PDF") from None
    except Exception:  # pypdf raises many types on damaged files; any of them means "cannot read"
        raise Unreadable("PDF 文件已损坏或格式不受支持，无法读取其中的文字") from None
    finally:
        log.removeHandler(warned)
    skipped = [m for m in warned.messages if any(word in m for word in _SKIPPED)]
    if skipped:
        raise Unreadable(f"PDF 中有部分内容无法读取（{skipped[0][:80]}）")
    if attached:
        raise Unreadable(f"PDF 中嵌有附件文件（{'、'.join(attached[:3])}），无法逐一检查；请去掉附件后另存为 PDF")
    if not any(text.strip() for _, text in parts):
        raise Unreadable("PDF 中没有可提取的文字（可能是扫描件或图片）")
    return parts + [
        ("文档属性", info),
        ("表单内容", values),
        ("书签", PIECE_BREAK.join(titles)),
        ("批注和链接", PIECE_BREAK.join(extra)),
        ("XMP 元数据", visible(xmp_text)),
        ("XMP 元数据", hidden(xmp_text)),
        ("其他对象中的文字", PIECE_BREAK.join(strings)),
    ]


def extract(data: bytes, suffix: str) -> list[tuple[str, str]]:
    """[(where, text)] of a PDF or Office document; raises Unreadable (or bounded.TooBig) when its text cannot be read."""
    if suffix in PDF_SUFFIXES:
        parts = _pdf_parts(data)
    elif suffix in ZIP_DOCUMENT_SUFFIXES:
        parts = office.extract(data)
    else:
        raise Unreadable(f"无法检查 {suffix} 文件中的文字")
    bounded.check_text(parts)
    return parts
