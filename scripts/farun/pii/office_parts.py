"""Parts of an Office package that are not XML: altChunk documents (HTML, MHT, RTF, text), the text
records of EMF/WMF drawings and printer settings. Each function returns the texts a reader may see. Pure.
"""

from __future__ import annotations

import email
import re

from farun.pii.text import PIECE_BREAK, hidden, visible


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_RTF_TOKEN = re.compile(
    r"\\'([0-9a-fA-F]{2})|\\u(-?\d+) ?(?:\\'[0-9a-fA-F]{2}|\?)?|\\([a-zA-Z]+)(-?\d+)? ?|\\([{}\\])|([{}])|([^\\{}]+)"
)


def rtf_text(text: str) -> str:
    """The characters of an RTF document (hex escapes in the document's code page, GBK by default)."""
    codepage = re.search(r"\\ansicpg(\d+)", text)
    encoding = f"cp{codepage.group(1)}" if codepage else "gbk"
    out: list[str] = []
    pending = bytearray()

    def flush():
        if pending:
            try:
                out.append(pending.decode(encoding, errors="replace"))
            except LookupError:
                out.append(pending.decode("gbk", errors="replace"))
            pending.clear()

    for hex_byte, unicode, word, _number, escaped, _brace, plain in _RTF_TOKEN.findall(text):
        if hex_byte:
            pending.append(int(hex_byte, 16))
            continue
        flush()
        if unicode:
            out.append(chr(int(unicode) % 65536))
        elif word in ("par", "line", "row", "sect", "page"):
            out.append("\n")
        elif word in ("cell", "tab"):
            out.append(PIECE_BREAK if word == "cell" else " ")
        elif escaped:
            out.append(escaped)
        elif plain:
            out.append(plain.replace("\r", "").replace("\n", ""))
    flush()
    return "".join(out)


def markup(data: bytes) -> list[str]:
    text = decode(data)
    return [visible(text), hidden(text)]


def mime(data: bytes) -> list[str]:
    """A web archive (.mht, altChunk): each HTML or text part."""
    found = []
    for part in email.message_from_bytes(data).walk():
        body = part.get_payload(decode=True)
        if not isinstance(body, bytes):
            continue
        kind = part.get_content_type()
        if kind in ("text/html", "application/xhtml+xml"):
            found += markup(body)
        elif kind.startswith("text/"):
            found.append(decode(body))
    return found


def wide_text(data: bytes) -> list[str]:
    """Text records of a drawing or printer setting (EMF, WMF, DEVMODE): UTF-16 and single-byte strings."""
    return [
        data.decode("utf-16-le", errors="replace").replace("\x00", " "),
        data.decode("latin-1").replace("\x00", " "),
    ]
