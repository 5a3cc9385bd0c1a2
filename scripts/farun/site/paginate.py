"""Long generated lists split into pages of at most ``PER_PAGE`` entries, so a page's weight does not grow
with the number of items.

The first page keeps the list's own address (``lectures/index.md``, ``archive/2025.md``); page *k* is
``<list>/page/<k>.md`` beside it (``lectures/page/2.md``, ``archive/2025/page/2.md``), which MkDocs
publishes as ``lectures/page/2/`` (directory URLs) or ``lectures/page/2.html`` (the offline build).
Each page carries a pager (``<nav aria-label="分页">``: 上一页, page numbers, 下一页). A list that fits on
one page has no pager and is written exactly as before. Pages after the first are left out of the
search index (their title and intro repeat the first page's) and, like every generated page, of the nav.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence, TypeVar

from farun.content.text import link

PER_PAGE = 50  # entries (cards, table rows) per page
AROUND = 2  # page numbers shown on each side of the current one (plus the first and the last)

T = TypeVar("T")


class Slice(NamedTuple):
    """One page of a list: its source, its number (1-based), how many pages the list has, and its entries."""

    src: str
    number: int
    total: int
    entries: Sequence


def page_src(first_src: str, number: int) -> str:
    """The source of page ``number`` of the list whose first page is ``first_src``."""
    if number == 1:
        return first_src
    base = first_src.removesuffix(".md")
    base = base.removesuffix("/index") if base.endswith("/index") else base
    return f"{base}/page/{number}.md"


def slices(first_src: str, entries: Sequence[T], first: int = PER_PAGE, per_page: int = PER_PAGE) -> list[Slice]:
    """The pages of a list (at least one, empty when there are no entries); the first page holds ``first``
    entries (room left beside what else it shows), the others ``per_page``."""
    rest = entries[first:]
    chunks = [entries[:first]] + [rest[i : i + per_page] for i in range(0, len(rest), per_page)]
    return [Slice(page_src(first_src, n), n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1)]


def numbers(current: int, count: int) -> list[int | None]:
    """Page numbers shown in a pager: the first, the last and those near ``current``; None marks a gap."""
    shown = sorted({1, count} | set(range(max(1, current - AROUND), min(count, current + AROUND) + 1)))
    out: list[int | None] = []
    for n in shown:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def page_label(n: int) -> str:
    """A page number as the pager shows it, read as 第 n 页 by screen readers and by the personal-information
    guard: bare numbers side by side (1 … 18 19 20 21 22 … 40) read as one long number, a mobile number's shape."""
    return f'<span class="fr-sr-only">第</span>{n}<span class="fr-sr-only">页</span>'


def pager(page: Slice, first_src: str) -> str:
    """The pager of one page ("" for a list of one page): 上一页, page numbers, 下一页."""
    if page.total <= 1:
        return ""

    def to(n: int, text: str, attrs: str = "") -> str:
        return link(text, page_src(first_src, n), page.src) + (f"{{ {attrs} }}" if attrs else "")

    def numbered(n: int) -> str:  # the label is our own markup: link() would escape it as text
        return to(n, "PAGE", f'title="第 {n} 页"').replace("[PAGE]", f"[{page_label(n)}]", 1)

    parts = []
    if page.number > 1:
        parts.append(to(page.number - 1, "上一页"))
    for n in numbers(page.number, page.total):
        if n is None:
            parts.append("…")
        elif n == page.number:
            parts.append(f'<span aria-current="page">{page_label(n)}</span>')
        else:
            parts.append(numbered(n))
    if page.number < page.total:
        parts.append(to(page.number + 1, "下一页"))
    return '<nav aria-label="分页" markdown>\n\n' + "\n".join(parts) + "\n\n</nav>\n"


def suffix(page: Slice) -> str:
    """What a page's title and description add after the list's own: "" on the first page, "（第 2 页）" after."""
    return "" if page.number == 1 else f"（第 {page.number} 页）"


def extra_meta(page: Slice) -> dict:
    """Front matter of a page after the first: left out of the search index (its intro repeats the first's)."""
    return {} if page.number == 1 else {"search": {"exclude": True}}
