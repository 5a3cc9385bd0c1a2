"""Which static files may be published at all: an allowlist of types, checked by name and by content.

A script, stylesheet, HTML/XHTML page, SVG or XML file dropped into docs/ (a saved web page, an
attacker's .xht) is served from the site's own origin, where even a Content-Security-Policy of 'self'
lets it run, and static hosts and file:// open ``.xht``/``.xhtml`` as XHTML documents. A denylist of
such types always misses one; here a staff file is published only when its type is on the list below
(pictures, audio and video, captions, documents, archives, plain text) AND its first bytes are that
type as a browser would sniff them (a web page renamed ``.txt`` or ``.jpg`` is refused). The project's
own scripts, styles and images are a declared list (OWN_ASSETS, plus what mkdocs.yml names), not
"everything under docs/assets/". Files in the theme's ``overrides/`` folder are templates: any other
file there (MkDocs would copy it to the site) is refused. Pure: reads a file's first bytes.
"""

from __future__ import annotations

import os
import posixpath
import re

from farun.runtime import leaveout
from farun.content.media import sniff
from farun.content.tree import OWN_ASSETS  # the declared list (content: images/ reads it too)

HEAD = 1024
TEXTUAL = {"TEXT", "SRT", "WEBVTT", "EMPTY"}

# Staff files: extension -> what the first bytes must be (media.sniff kinds; "TEXT" also accepts an empty file).
_OFFICE = {"ZIP"}
_OLD_OFFICE = {"OLE"}
PUBLISHED_KINDS: dict[str, set[str]] = {
    ".jpg": {"JPEG"},
    ".jpeg": {"JPEG"},
    ".png": {"PNG"},
    ".gif": {"GIF"},
    ".webp": {"WEBP"},
    ".avif": {"AVIF"},
    ".ico": {"ICO"},
    ".mp4": {"MP4"},
    ".m4v": {"MP4"},
    ".m4a": {"MP4"},
    ".webm": {"WEBM"},
    ".ogv": {"OGG"},
    ".ogg": {"OGG"},
    ".oga": {"OGG"},
    ".mp3": {"MP3"},
    ".wav": {"WAV"},
    ".flac": {"FLAC"},
    ".vtt": {"WEBVTT"},
    ".srt": {"SRT", "TEXT"},
    ".pdf": {"PDF"},
    ".docx": _OFFICE,
    ".xlsx": _OFFICE,
    ".pptx": _OFFICE,
    ".odt": _OFFICE,
    ".ods": _OFFICE,
    ".odp": _OFFICE,
    ".zip": _OFFICE,
    ".doc": _OLD_OFFICE,
    ".xls": _OLD_OFFICE,
    ".ppt": _OLD_OFFICE,
    ".wps": _OLD_OFFICE,
    ".rar": {"RAR"},
    ".7z": {"7Z"},
    ".txt": {"TEXT"},
    ".csv": {"TEXT"},
    ".tsv": {"TEXT"},
    ".ics": {"TEXT"},
    ".rtf": {"TEXT"},
}
KIND_NAMES = {
    "AVIF": "AVIF 图片",
    "ICO": "图标",
    "MP3": "MP3 音频",
    "WAV": "WAV 音频",
    "FLAC": "FLAC 音频",
    "7Z": "7z 压缩包",
    "MARKUP": "网页或 XML（HTML、XHTML、SVG、XML、脚本）",
    "": "无法识别的二进制数据",
}
ALLOWED_TEXT = "图片 jpg/png/gif/webp、音视频 mp4/webm/mp3、字幕 vtt/srt、文档 pdf/docx/xlsx/pptx/doc、压缩包 zip/rar、文本 txt/csv"

# What makes a browser render bytes as a document (WHATWG MIME sniffing's HTML/XML/PDF signatures, and
# the elements older sniffers looked for anywhere in the first bytes).
_MARKUP_START = re.compile(
    rb"^(?:<!doctype\s+html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title"
    rb"|<b|<body|<br|<p|<!--|<\?xml|<svg|<xsl|<x:)(?:[\s>/]|$)",
    re.I,
)
_MARKUP_ANYWHERE = re.compile(rb"<(?:script|html|svg|iframe|body|xsl:|\?xml-stylesheet)", re.I)


def kind_of(head: bytes) -> str:
    """What these first bytes are, as a browser would take them: media.sniff's kinds, MARKUP, and a few more.

    A file that opens with a binary signature is that type (an image is never rendered as a page);
    anything else is text, and text that opens like a document or names a script, a page or a style
    sheet for XML in its first bytes is MARKUP.
    """
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "AVIF"
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if head.startswith(b"\x00\x00\x01\x00"):
        return "ICO"
    if head.startswith(b"ID3") or (
        not utf16 and len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[:3] != b"\xff\xd8\xff"
    ):
        return "MP3"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head.startswith(b"fLaC"):
        return "FLAC"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7Z"
    kind = "TEXT" if utf16 else sniff(head)
    if kind not in ("TEXT", "HTML", "SRT", "WEBVTT", ""):
        return kind
    text = head.lstrip(b"\xef\xbb\xbf")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[2:].decode(codec, errors="ignore").encode("utf-8")
    if _MARKUP_START.match(text.lstrip(b"\t\n\x0c\r ")) or _MARKUP_ANYWHERE.search(text):
        return "MARKUP"
    return kind


def own_assets(config: dict) -> set[str]:
    """The project's own files: the declared list and what mkdocs.yml names (extra_css, logo, gov_mark_image …)."""
    return set(OWN_ASSETS) | named_in_config(config)


def named_in_config(config: dict) -> set[str]:
    """Files mkdocs.yml names: extra_css, extra_javascript, the theme's logo and favicon, the government mark,
    the bureau's emblem (masthead)."""
    theme = config.get("theme") or {}
    names = [*(config.get("extra_css") or []), *(str(s) for s in config.get("extra_javascript") or [])]
    extra = config.get("extra") or {}
    names += [
        theme.get("logo") or "",
        theme.get("favicon") or "",
        str(extra.get("gov_mark_image") or ""),
        str(extra.get("bureau_emblem") or ""),
    ]
    return {posixpath.normpath(n).lstrip("/") for n in names if n}


def type_problem(src_uri: str, head: bytes) -> str:
    """Why a staff file of this name and these first bytes may not be published ("" when it may)."""
    ext = posixpath.splitext(posixpath.basename(src_uri))[1].lower()
    accepted = PUBLISHED_KINDS.get(ext)
    if accepted is None:
        return (
            f"文件类型 {ext or '（没有扩展名）'} 不在可以发布的类型中（{ALLOWED_TEXT}）：网页、脚本、样式表、SVG、XML 等文件"
            "会作为本站的网页在浏览器中运行"
        )
    kind = kind_of(head)
    if kind in accepted or (kind in TEXTUAL and "TEXT" in accepted):
        return ""
    found = KIND_NAMES.get(kind) or _media_name(kind)
    return f"文件内容是{found}，与扩展名 {ext} 不符：浏览器会按内容打开它，可能作为本站的网页运行"


def _media_name(kind: str) -> str:
    from farun.content.media import NAMES

    return NAMES.get(kind, kind)


def refusal(src_uri: str, abs_path: str, docs_dir: str, custom_dir: str | None, own: set[str]) -> str:
    """The Chinese reason a static file is not published ("" to publish it): staff files, theme overrides."""
    path = os.path.abspath(abs_path)
    if custom_dir and path.startswith(os.path.abspath(custom_dir) + os.sep):
        name = posixpath.join(os.path.basename(os.path.abspath(custom_dir)), src_uri)
        return (
            f"{name}：overrides/ 中只放页面模板（.html），其他文件不会发布（建议：网站用的脚本、样式放到 "
            "docs/assets/javascripts/、docs/assets/stylesheets/ 并在 mkdocs.yml 中声明；供下载的文件放到 docs/ 中由页面链接）"
        )
    if not path.startswith(os.path.abspath(docs_dir) + os.sep) or src_uri in own:
        return ""
    if src_uri in leaveout.left_out():  # a degraded build leaves it out anyway: no warning to stop that build
        return ""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD)
    except OSError as exc:
        return f"{os.path.basename(os.path.abspath(docs_dir))}/{src_uri}：无法读取（{exc.strerror}）"
    why = type_problem(src_uri, head)
    if not why:
        return ""
    return f"{os.path.basename(os.path.abspath(docs_dir))}/{src_uri}：{why}（建议：如确需提供下载，请压缩为 .zip 或转换为 PDF）"


def unaccounted_page(src_uri: str, docs_dir: str) -> str:
    """The reason a Markdown file the engine would render, but no content check saw, is not published."""
    if src_uri in leaveout.left_out():  # a degraded build left it out after naming its problem
        return ""
    return (
        f"{os.path.basename(os.path.abspath(docs_dir))}/{src_uri}：这个 Markdown 文件没有经过内容检查（草稿、发布日期、"
        "到期撤下都不会生效），不会发布（建议：讲座、案例、公告放到对应栏目中，文件名只用小写拼音、数字和连字符，扩展名为 .md）"
    )
