"""One list of related items: what the body already lists (延伸阅读) is not repeated below it."""

from __future__ import annotations

from types import SimpleNamespace

from support import ROOT  # noqa: F401  (puts scripts/ on sys.path)

from farun.site.views import body_links


def test_body_links_resolve_relative_markdown_links():
    record = SimpleNamespace(src_uri="lectures/2023-11-x.md", body=(
        "## 延伸阅读\n\n- [甲案](../cases/2023-05-a.md)\n- [乙案](<../cases/2023-12-b.md> \"标题\")\n"
        "- [段落](../cases/2024-01-c.md#案情简介)\n- [外部](https://example.gov.cn/x.md)\n- [本栏](2023-10-y.md)\n"))
    assert body_links(record) == {"cases/2023-05-a.md", "cases/2023-12-b.md", "cases/2024-01-c.md", "lectures/2023-10-y.md"}


def test_no_body_no_links():
    assert body_links(SimpleNamespace(src_uri="cases/x.md", body="")) == set()
