"""Sanitise a rendered page body: an allowlist (nh3, the binding of ammonia) and a report.

Staff paste from web pages and office software, and an attacker may write a body on purpose;
MkDocs passes raw HTML in Markdown through. Every rendered body is cleaned here before the
theme wraps it: what staff use keeps working (tables, admonitions, details, footnotes, attr_list,
md_in_html, emoji icons, code, the lecture video with captions); scripts, ``on*`` handlers,
``javascript:``/``data:`` links, iframes/objects/embeds (unless mkdocs.yml allows iframes) and
resources from another origin do not survive. What was removed is reported with the line of the
staff file it came from, so the build can say it in Chinese. Pure: nh3 and the standard library.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from pygments.token import STANDARD_TYPES

# Material and Python-Markdown's own markup in a body, on top of ammonia's default tags.
TAGS = (
    set(nh3.ALLOWED_TAGS) | {"video", "audio", "source", "track", "picture", "svg", "path", "g", "circle", "rect"}
) - {"area", "map"}
EMBEDS = {"iframe"}  # allowed only through mkdocs.yml extra: body_allow_embeds: [iframe]
# Elements that are never content: reported by name when a body carries one.
DANGEROUS = {
    "script",
    "iframe",
    "object",
    "embed",
    "applet",
    "frame",
    "frameset",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "base",
    "meta",
    "link",
    "style",
    "template",
    "noscript",
    "math",
    "portal",
    "foreignobject",
    "animate",
    "set",
    "handler",
}
# No ``hidden`` and no ``role``: staff text must not hide itself or pose as a dialog, banner or search box.
GLOBAL_ATTRS = {"class", "id", "title", "lang", "dir", "tabindex"}
# Class values the content features render (admonitions and their types, details, footnotes, icons and
# emoji, card grids, buttons, highlighted code with Pygments' short token classes); every other class is
# dropped, so a body cannot borrow the interface's look (md-header, md-search, md-dialog, fr-…).
ADMONITION_TYPES = {
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
}
STAFF_CLASSES = frozenset(
    ADMONITION_TYPES
    | set(STANDARD_TYPES.values()) - {""}
    | {
        "admonition",
        "admonition-title",
        "footnote",
        "footnote-ref",
        "footnote-backref",
        "twemoji",
        "lg",
        "xl",
        "xxl",
        "middle",
        "grid",
        "cards",
        "md-button",
        "md-button--primary",
        "highlight",
        "highlighttable",
        "linenos",
        "linenodiv",
        "filename",
    }
)
# Generated pages (site/pages.py) add the list badges; staff bodies cannot (a fake 公示中 badge).
GENERATED_CLASSES = STAFF_CLASSES | {
    "fr-sr-only",  # the pager's 第 n 页 (site/paginate.py)
    "fr-badge",
    "fr-badge--active",
    "fr-badge--ended",
    "fr-badge--upcoming",
    "fr-notices",
}
_LANGUAGE_CLASS = re.compile(r"^language-[a-z0-9+#_-]{1,30}$")
# Ids and names the theme looks up (Material's __config, __search, __drawer, __toc, __palette_*, __consent,
# __nav_*…; ours fr-…): a body element with one of them would be found first (tests/publish/test_theme_names.py).
THEME_NAME = re.compile(r"^\s*(?:__|fr-)", re.IGNORECASE)
ATTRS = {
    "*": GLOBAL_ATTRS,
    "a": {"href", "download", "target", "hreflang", "type"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "align", "fetchpriority"},
    "video": {"src", "controls", "preload", "playsinline", "poster", "width", "height", "muted", "loop"},
    "audio": {"src", "controls", "preload", "muted", "loop"},
    "source": {"src", "type", "media", "srcset", "sizes", "width", "height"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "details": {"open", "name"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align", "style", "headers"},
    "th": {"colspan", "rowspan", "align", "style", "scope", "abbr"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "svg": {"xmlns", "viewBox", "width", "height", "fill", "aria-hidden", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule", "transform"},
    "g": {"fill", "transform"},
    "circle": {"cx", "cy", "r", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "fill"},
    "iframe": {"src", "width", "height", "allowfullscreen", "loading", "referrerpolicy"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
STYLE_PROPERTIES = {"text-align"}  # Python-Markdown's aligned table columns
RESOURCE_ATTRS = {"src", "poster", "srcset", "data", "background", "xlink:href", "href"}  # href: of <link>, <image>
URL_ATTRS = {"href", "src", "poster", "srcset", "action", "formaction", "data", "cite", "background", "xlink:href"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _plain_url(value: str) -> str:
    # Browsers drop tabs, newlines and leading controls before reading a scheme ("java\tscript:").
    return _INVISIBLE.sub("", value or "")


def is_offsite(value: str) -> bool:
    """A URL that would be fetched from another origin (or is not a plain relative path)."""
    url = _plain_url(value)
    return bool(_SCHEME.match(url)) or url.startswith(("//", "/\\", "\\\\", "\\/"))


def offsite_in(name: str, value: str) -> bool:
    """``value`` of attribute ``name`` fetches from another origin: for srcset, any of its candidates."""
    if name == "srcset":
        return any(is_offsite(part.strip().split(" ")[0]) for part in (value or "").split(",") if part.strip())
    return is_offsite(value)


def bad_scheme(value: str) -> str | None:
    """The scheme of a link that must not be followed (javascript:, data:, vbscript: ...), else None."""
    match = _SCHEME.match(_plain_url(value))
    scheme = match.group(1).lower() if match else None
    return scheme if scheme and scheme not in URL_SCHEMES else None


@dataclass(frozen=True)
class Removed:
    """One thing taken out of a body: what it was (Chinese) and text to find its line by."""

    what: str
    needle: str


@dataclass(frozen=True)
class BodyPolicy:
    """What a body may contain beyond the allowlist: the embeds mkdocs.yml allows (none by default)."""

    embeds: frozenset[str] = frozenset()

    def cleaner(self, generated: bool = False) -> nh3.Cleaner:
        """The cleaner for staff bodies, or (``generated``) for the pages site/pages.py writes."""
        tags = TAGS | (EMBEDS & self.embeds)
        classes = GENERATED_CLASSES if generated else STAFF_CLASSES
        return nh3.Cleaner(
            tags=tags,
            clean_content_tags={"script", "style", "template", "noscript", "textarea", "select"} - tags,
            attributes={tag: attrs for tag, attrs in ATTRS.items() if tag == "*" or tag in tags},
            attribute_filter=lambda tag, name, value: _keep_attribute(tag, name, value, classes),
            generic_attribute_prefixes={"aria-"},
            url_schemes=URL_SCHEMES,
            filter_style_properties=STYLE_PROPERTIES,
            link_rel=None,  # same-site links stay as written; browsers open target=_blank without an opener
            strip_comments=True,
        )


def _keep_attribute(tag: str, name: str, value: str, classes: frozenset[str] = STAFF_CLASSES) -> str | None:
    """nh3's per-attribute hook: no resource from another origin, no theme id or name, only known classes."""
    if tag != "a" and name in RESOURCE_ATTRS and offsite_in(name, value):
        return None
    if name in ("id", "name") and THEME_NAME.match(value):
        return None
    if name == "class":
        kept = [c for c in value.split() if c in classes or _LANGUAGE_CLASS.match(c)]
        return " ".join(kept) or None
    return value


class _Finder(HTMLParser):
    """The same rules as the cleaner, read as a list of findings for staff."""

    def __init__(self, policy: BodyPolicy):
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.found: list[Removed] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS and tag not in self.policy.embeds:
            self.found.append(Removed(f"<{tag}> 元素", f"<{tag}"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(Removed(f"<{tag}> 的 {name} 事件属性（脚本）", name))
            elif name in URL_ATTRS and bad_scheme(value):
                self.found.append(Removed(f"<{tag}> 的 {name}=“{bad_scheme(value)}:” 链接", value.strip()[:40]))
            elif (
                tag != "a"
                and (tag not in DANGEROUS or tag in self.policy.embeds)
                and name in RESOURCE_ATTRS
                and offsite_in(name, value)
            ):
                self.found.append(Removed(f"<{tag}> 引用的外部资源（{value.strip()[:80]}）", value.strip()[:40]))
            elif name == "style" and tag not in {"td", "th"}:
                self.found.append(Removed(f"<{tag}> 的 style 样式属性", "style"))
            elif name in ("id", "name") and THEME_NAME.match(value):
                self.found.append(
                    Removed(f"<{tag}> 的 {name}=“{value.strip()[:40]}”（与网站界面使用的名称冲突）", value.strip()[:40])
                )

    handle_startendtag = handle_starttag


# What could make _Finder report anything, found by regular expressions in a fraction of its time.
# Each is looser than the parser: a dangerous tag name after "<", "on" opening an attribute name
# (attributes follow a quote, white space or "/"), a style attribute, and the value of every URL
# attribute, which is then checked exactly as _Finder checks it (entities decoded first).
_SUSPECT = re.compile(
    r"<(?:%s)|[\s\"'/]on|style|(?:id|name)\s*=\s*[\"']?\s*(?:_|&|f(?:r|&))" % "|".join(sorted(DANGEROUS)), re.IGNORECASE
)
_URL_VALUE = re.compile(
    r"(?<=[\s\"'/])(?:%s)\s*=+\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>][^\s>]*)"
    % "|".join(re.escape(a) for a in sorted(URL_ATTRS)),
    re.IGNORECASE,
)


def _may_report(html: str) -> bool:
    if _SUSPECT.search(html):
        return True
    for match in _URL_VALUE.finditer(html):
        value = htmllib.unescape(match.group(1).strip("\"'"))
        if bad_scheme(value) or offsite_in("srcset", value):  # every candidate, whatever the attribute
            return True
    return False


def sanitize(html: str, policy: BodyPolicy, cleaner: nh3.Cleaner | None = None) -> tuple[str, list[Removed]]:
    """The cleaned body and what was taken out of it (empty for ordinary content)."""
    found: list[Removed] = []
    if _may_report(html):  # most bodies: nothing the parser below could report
        finder = _Finder(policy)
        finder.feed(html)
        finder.close()
        found = finder.found
    return (cleaner or policy.cleaner()).clean(html), found


def locate(source: str, needle: str) -> int:
    """The 1-based line of ``source`` where ``needle`` first occurs (case-insensitive), else 0."""
    index = source.lower().find(needle.lower()) if needle else -1
    if index < 0 and needle and "&" in source:  # written with character references (&#95;&#95;config)
        source = re.sub(
            r"&#?\w+;",
            lambda m: m.group() if "\n" in htmllib.unescape(m.group()) else htmllib.unescape(m.group()),
            source,
        )
        index = source.lower().find(needle.lower())
    return source.count("\n", 0, index) + 1 if index >= 0 else 0


def report(path: str, source: str, removed: list[Removed], start_line: int = 1) -> list[str]:
    """``docs/x.md:12: 正文中的 <script> 元素已移除…`` — one line per finding, without repeats."""
    lines, seen = [], set()
    for item in removed:
        line = locate(source, item.needle) or start_line
        text = f"{path}:{line}: 正文中的{item.what}已移除（网页只保留文字、图片、表格、视频等安全内容）"
        if text not in seen:
            seen.add(text)
            lines.append(text)
    return lines
