"""Office documents (docx/xlsx/pptx, OpenDocument, OFD) read as their applications show them.

Every part of the package is read by its declared type ([Content_Types].xml, an OpenDocument
manifest), never by its file name: a main document stored as ``/x/y.dat`` is read like
``word/document.xml``. XML parts go through a parser (defusedxml: no DTDs or entities), and text
is read in document order, so a number split over several formatting runs (``<w:r>``, shared-string
``<r>``) reads joined, as Word and Excel show it; paragraphs and table cells separate, cells never
join. Spreadsheet cells show numbers through their number format (pii/office_numbers.py).
altChunk parts (HTML, MHT, RTF, plain text), text in EMF/WMF drawings and printer settings are
read too, and so is everything a picture carries besides its pixels (EXIF, XMP, comments, text
chunks: pii/media.py). Parts that cannot be read (macros, OLE objects, embedded fonts, audio,
video, unknown binary data) refuse the whole file.
All reading is bounded (runtime/bounded.py): parts, bytes unpacked, ratio, nesting and time.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString

from farun.runtime import bounded
from farun.pii.text import PIECE_BREAK
from farun.pii.media import metadata_text
from farun.pii import office_numbers
from farun.pii import office_parts


class Unreadable(ValueError):
    """A document whose text cannot be extracted; the message says why, in Chinese."""


# Text inside a paragraph (a run of Word, a shared string, a cell's inline string, an OFD text object) reads
# joined, as the application shows it; line breaks and tabs inside separate like white space. Outside
# paragraphs every element is a value of its own (document properties, cells): no number reads across two.
_PARAGRAPHS = {"p", "h", "si", "is", "TextObject"}
_LINES = {"br", "line-break", "cr", "tab", "s"}
_NO_TEXT_ATTRIBUTES = {
    "xmlns",
    "rsidR",
    "rsidRPr",
    "rsidRDefault",
    "rsidP",
    "rsidDel",
    "rsidSect",
    "rsidTr",
    "paraId",
    "textId",
    "x",
    "y",
    "cx",
    "cy",
    "w",
    "h",
    "l",
    "t",
    "r",
    "b",
    "sz",
    "szCs",
    "pos",
    "rot",
}
_ZIP_KINDS = (
    "officedocument.spreadsheetml.sheet",
    "officedocument.wordprocessingml.document",
    "officedocument.presentationml.presentation",
    "opendocument",
)
# Parts that refuse the whole file, by declared type (and by name for packages without types).
_REFUSED_KINDS = {
    "vbaProject": "宏（VBA）",
    "oleObject": "嵌入的 OLE 对象",
    "activeX": "ActiveX 控件",
    "font": "嵌入的字体",
    "audio/": "音频",
    "video/": "视频",
}
_REFUSED_NAMES = {
    "vbaproject": "宏（VBA）",
    ".ttf": "嵌入的字体",
    ".otf": "嵌入的字体",
    ".odttf": "嵌入的字体",
    ".fntdata": "嵌入的字体",
    ".woff": "嵌入的字体",
    ".bin": "嵌入的二进制对象",
}
_IMAGE_NAMES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".wdp", ".jxr")
MAX_NESTING = 2  # an xlsx inside a docx inside a docx


class _Text(ContentHandler):
    """Text of one XML part in document order; attribute values apart (links, alt texts)."""

    def __init__(self, deadline: bounded.Deadline):
        super().__init__()
        self.out: list[str] = []
        self.attributes: list[str] = []
        self.deadline, self.events, self.paragraph = deadline, 0, 0

    def _tick(self) -> None:
        self.events += 1
        if not self.events % 20000:
            self.deadline.check()

    def startElement(self, name, attrs):
        self._tick()
        local = name.rsplit(":", 1)[-1]
        if local in _PARAGRAPHS:
            self.paragraph += 1
        elif not self.paragraph:
            self.out.append(PIECE_BREAK)
        elif local in _LINES:
            self.out.append("\n")
        if local == "sym":  # Word's symbol character: w:char in hex, F0xx in a symbol font's private range
            try:
                code = int(attrs.get("w:char", ""), 16)
                self.out.append(chr(code - 0xF000 if 0xF020 <= code <= 0xF0FF else code))
            except ValueError:
                pass
        for key, value in attrs.items():
            if value and key.rsplit(":", 1)[-1] not in _NO_TEXT_ATTRIBUTES and not key.startswith("xmlns"):
                self.attributes.append(value)

    def endElement(self, name):
        if name.rsplit(":", 1)[-1] in _PARAGRAPHS:
            self.paragraph -= 1
            self.out.append("\n")
        elif not self.paragraph:
            self.out.append(PIECE_BREAK)

    def characters(self, content):
        self._tick()
        self.out.append(content)


class _Strings(_Text):
    """sharedStrings.xml: one string per <si>, its runs joined (phonetic guides apart)."""

    def __init__(self, deadline):
        super().__init__(deadline)
        self.strings: list[str] = []
        self.current: list[str] | None = None
        self.phonetic = 0

    def startElement(self, name, attrs):
        local = name.rsplit(":", 1)[-1]
        if local == "si":
            self.current = []
        elif local == "rPh":
            self.phonetic += 1
        super().startElement(name, attrs)

    def endElement(self, name):
        local = name.rsplit(":", 1)[-1]
        if local == "si" and self.current is not None:
            self.strings.append("".join(self.current))
            self.current = None
        elif local == "rPh":
            self.phonetic -= 1
        super().endElement(name)

    def characters(self, content):
        if self.current is not None and not self.phonetic:
            self.current.append(content)
        super().characters(content)


class _Styles(ContentHandler):
    """styles.xml: the number format code of each cell style (cellXfs) by index."""

    def __init__(self):
        super().__init__()
        self.codes: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self.in_cell_xfs = False

    def startElement(self, name, attrs):
        local = name.rsplit(":", 1)[-1]
        if local == "numFmt":
            try:
                self.codes[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif local == "cellXfs":
            self.in_cell_xfs = True
        elif local == "xf" and self.in_cell_xfs:
            try:
                self.xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                self.xf_formats.append(0)

    def endElement(self, name):
        if name.rsplit(":", 1)[-1] == "cellXfs":
            self.in_cell_xfs = False

    def code(self, style: str) -> str:
        try:
            number = self.xf_formats[int(style or 0)]
        except (ValueError, IndexError):
            return "General"
        return self.codes.get(number) or office_numbers.BUILTIN.get(number, "General")


class _Cells(_Text):
    """A worksheet: each cell as Excel shows it (shared strings looked up, numbers through their format)."""

    def __init__(self, deadline, strings: list[str], styles: _Styles):
        super().__init__(deadline)
        self.strings, self.styles = strings, styles
        self.cell: dict[str, str] | None = None
        self.field = ""
        self.values: dict[str, list[str]] = {}

    def startElement(self, name, attrs):
        local = name.rsplit(":", 1)[-1]
        if local == "c":
            self.cell = {"t": attrs.get("t", "n"), "s": attrs.get("s", "0")}
            self.values = {"v": [], "f": [], "is": []}
        elif self.cell is not None and local in ("v", "f", "is"):
            self.field = local
        super().startElement(name, attrs)

    def endElement(self, name):
        local = name.rsplit(":", 1)[-1]
        if local == "c" and self.cell is not None:
            self.out.append(PIECE_BREAK.join(self._shown()) + PIECE_BREAK)
            self.cell = None
        elif local in ("v", "f", "is"):
            self.field = ""
        super().endElement(name)

    def characters(self, content):
        self._tick()
        if self.cell is not None and self.field:
            self.values[self.field].append(content)
        elif self.cell is None:
            self.out.append(content)

    def _shown(self) -> list[str]:
        assert self.cell is not None
        value = "".join(self.values["v"])
        shown = ["".join(self.values["f"]), "".join(self.values["is"])]  # the formula bar; inline strings
        kind = self.cell["t"]
        if kind == "s":
            try:
                shown.append(self.strings[int(value)])
            except (ValueError, IndexError):
                shown.append(value)
        elif kind == "n" and value:
            shown += office_numbers.shown(value, self.styles.code(self.cell["s"]))
        else:
            shown.append(value)
        return [text for text in shown if text]


def _parse(data: bytes, handler: ContentHandler, name: str) -> None:
    try:
        parseString(data, handler, forbid_dtd=True)
    except bounded.TooBig:
        raise
    except (SAXException, DefusedXmlException, ValueError):
        raise Unreadable(f"Office 文件中的 {name} 不是有效的 XML（损坏或含有 DTD/实体定义）") from None


def _content_types(archive: zipfile.ZipFile, budget: bounded.Budget, names: set[str]) -> dict[str, str]:
    """Part name (no leading slash) -> declared content type."""
    types: dict[str, str] = {}
    if "[Content_Types].xml" in names:
        defaults, overrides = {}, {}

        class Types(ContentHandler):
            def startElement(self, name, attrs):
                local = name.rsplit(":", 1)[-1]
                if local == "Default":
                    defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
                elif local == "Override":
                    overrides[attrs.get("PartName", "").lstrip("/").lower()] = attrs.get("ContentType", "")

        _parse(budget.read(archive, archive.getinfo("[Content_Types].xml")), Types(), "[Content_Types].xml")
        for name in names:
            ext = posixpath.splitext(name)[1].lstrip(".").lower()
            types[name] = overrides.get(name.lower()) or defaults.get(ext, "")
    if "META-INF/manifest.xml" in names:  # OpenDocument

        class Manifest(ContentHandler):
            def startElement(self, name, attrs):
                for key, value in attrs.items():
                    if key.endswith("full-path"):
                        kind = next((v for k, v in attrs.items() if k.endswith("media-type")), "")
                        types.setdefault(value, kind)

        _parse(budget.read(archive, archive.getinfo("META-INF/manifest.xml")), Manifest(), "META-INF/manifest.xml")
    return types


def _is_xml(name: str, kind: str) -> bool:
    return kind.endswith(("+xml", "/xml")) or (not kind and name.lower().endswith((".xml", ".rels", ".vml")))


def read_package(
    data: bytes,
    budget: bounded.Budget,
    deadline: bounded.Deadline,
    depth: int = 0,
    prefix: str = "",
    pictures: bounded.Budget | None = None,
) -> list[tuple[str, str]]:
    """[(part, text)] of every part of an Office package; Unreadable or TooBig when it cannot be read whole."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in bounded.check_archive(archive, len(data)) if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        if isinstance(exc, bounded.TooBig):
            raise
        raise Unreadable("Office 文件已损坏或不是有效的 docx/xlsx/pptx 格式") from None
    names = {info.filename for info in infos}
    try:
        types = _content_types(archive, budget, names)
        pictures = pictures or bounded.Budget(len(data), bounded.MAX_PICTURE_BYTES)
        return _read_parts(archive, infos, types, budget, deadline, depth, prefix, pictures)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zipfile.LargeZipFile):
        raise Unreadable("Office 文件中的部分内容无法读取（损坏或加密）") from None


def _read_parts(archive, infos, types, budget, deadline, depth, prefix, pictures) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    # Shared strings and styles first: the sheets show their cells through them.
    strings: list[str] = []
    styles = _Styles()
    order = sorted(
        infos,
        key=lambda i: (
            "sharedStrings" not in types.get(i.filename, "")
            and "spreadsheetml.styles" not in types.get(i.filename, ""),
            i.filename,
        ),
    )
    for info in order:
        deadline.check()
        name, kind = info.filename, types.get(info.filename, "")
        where = prefix + name
        lower = name.lower()
        refused = next((label for key, label in _REFUSED_KINDS.items() if key in kind), "")
        if not refused and "printerSettings" not in kind:
            refused = next((label for key, label in _REFUSED_NAMES.items() if key in lower), "")
        if refused:
            raise Unreadable(f"Office 文件中含有{refused}（{where}），无法检查其中的文字")
        if (kind.startswith("image/") and not kind.endswith(("emf", "wmf", "+xml"))) or (
            not kind and lower.endswith(_IMAGE_NAMES)
        ):
            # Pixels are not text, but what a picture carries besides them (EXIF, XMP, comments, text chunks,
            # bytes after its end) is published with the document as it is.
            parts += [(where, text) for text in metadata_text(pictures.read(archive, info))]
            continue
        raw = budget.read(archive, info)
        if name == "mimetype" or name == "[Content_Types].xml":
            parts.append((where, raw.decode("latin-1")))
            continue
        if "spreadsheetml.styles" in kind:
            _parse(raw, styles, where)
            handler: _Text = _Text(deadline)
            _parse(raw, handler, where)
        elif "sharedStrings" in kind:
            handler = _Strings(deadline)
            _parse(raw, handler, where)
            strings[:] = handler.strings
            parts.append((where, PIECE_BREAK.join(handler.strings)))
        elif "spreadsheetml.worksheet" in kind:
            handler = _Cells(deadline, strings, styles)
            _parse(raw, handler, where)
        elif _is_xml(name, kind):
            handler = _Text(deadline)
            _parse(raw, handler, where)
        else:
            parts += [(where, text) for text in _other(raw, name, kind, where, budget, deadline, depth, pictures)]
            continue
        parts.append((where, "".join(handler.out)))
        parts.append((where, PIECE_BREAK.join(handler.attributes)))  # hyperlinks (tel:…), alt texts, authors
    if not parts:
        raise Unreadable("不是有效的 Office 文件（没有找到文档内容）")
    return parts


def _other(raw: bytes, name: str, kind: str, where: str, budget, deadline, depth, pictures) -> list[str]:
    """Text of a part that is not XML: altChunk documents, drawings, printer settings, nested packages."""
    lower = name.lower()
    if kind in ("text/html", "application/xhtml+xml") or lower.endswith((".htm", ".html", ".xhtml")):
        return office_parts.markup(raw)
    if kind == "message/rfc822" or lower.endswith((".mht", ".mhtml")):
        return office_parts.mime(raw)
    if "rtf" in kind or lower.endswith(".rtf"):
        return [office_parts.rtf_text(office_parts.decode(raw))]
    if kind.startswith("text/") or lower.endswith((".txt", ".csv")):
        return [office_parts.decode(raw)]
    if kind.endswith(("emf", "wmf")) or "printerSettings" in kind or lower.endswith((".emf", ".wmf")):
        return office_parts.wide_text(raw)
    if raw.startswith(b"PK\x03\x04") and (
        any(k in kind for k in _ZIP_KINDS) or lower.endswith((".xlsx", ".docx", ".pptx"))
    ):
        if depth >= MAX_NESTING:
            raise Unreadable(f"Office 文件中嵌套的文档层数过多（{where}）")
        return [text for _, text in read_package(raw, budget, deadline, depth + 1, where + "/", pictures)]
    if b"\x00" not in raw:
        try:
            return [raw.decode("utf-8")]
        except UnicodeDecodeError:
            pass
    raise Unreadable(f"Office 文件中的 {where}（{kind or '未知类型'}）无法读取文字")


def extract(data: bytes) -> list[tuple[str, str]]:
    """[(part, text)] of an Office document, bounded in bytes, parts and time (TooBig beyond)."""
    return read_package(data, bounded.Budget(len(data)), bounded.Deadline())
