"""Generated Markdown compared with small golden files (UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from farun.site.engine import prepare
from farun.content.settings import load_settings
from farun.cli import read_config

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])

FILES = {
    "lectures/2023-03-fuyi.md": """---
title: 《行政复议法》解读
date: 2023-03-15
episode: 1
speaker: 陈立新
speaker_title: 政策法规处副处长
summary: 复议机关与申请期限。
tags: [行政复议]
laws: [中华人民共和国行政复议法]
cases: [2023-05-wangyueche]
---
正文
""",
    "lectures/2027-03-chaoxian.md": """---
title: 超限运输治理
date: 2027-03-18
episode: 2
speaker: 王五
summary: 预告。
tags: [超限运输, 行政复议]
---
""",
    "lectures/2023-09-draft.md": """---
title: 草稿讲座
date: 2023-09-01
episode: 3
speaker: 赵六
summary: 不应出现。
tags: [草稿主题]
laws: [《草稿法》]
draft: true
---
""",
    "cases/2023-05-wangyueche.md": """---
title: 示例｜网约车案 [转载]
date: 2023-05-20
category: 网约车与非法营运
laws: [《网络预约出租汽车经营服务管理暂行办法》]
summary: 未取得许可从事网约车经营。
---
""",
    "notices/2024-01-tongzhi.md": """---
title: 关于开展案卷评查的通知
date: 2024-01-10
type: 通知
issuer: 绍兴市交通运输局
expires: 2024-03-01
---
""",
    "notices/2026-11-embargo.md": """---
title: 尚未发布的公告
date: 2026-11-20
publish: 2026-12-01
type: 公告
issuer: 绍兴市交通运输局
---
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    docs = tmp_path_factory.mktemp("golden") / "docs"
    for rel, text in FILES.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return prepare(docs, SETTINGS, dt.date(2026, 11, 25), "https://example.gov.cn/fxjt/")


@pytest.mark.parametrize("src", ["lectures/index.md", "laws/index.md", "topics/行政复议.md", "cases/index.md",
                                 "notices/index.md", "index.md", "speakers/陈立新.md"])
def test_generated_page_matches_golden(site, src):
    golden = GOLDEN / (src.replace("/", "__"))
    actual = site.pages[src]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"{golden} missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == golden.read_text(encoding="utf-8"), f"{src} changed; if intended, run UPDATE_GOLDEN=1 pytest tests/test_pages.py"


def test_drafts_and_embargoed_items_are_nowhere(site):
    assert [r.slug for r, _ in site.collection.hidden] == ["2023-09-draft", "2026-11-embargo"]
    everything = "\n".join(site.pages.values())
    for word in ("草稿讲座", "草稿主题", "草稿法", "赵六", "尚未发布的公告"):
        assert word not in everything
    assert "topics/草稿主题.md" not in site.pages and "laws/草稿法.md" not in site.pages


def test_every_published_item_is_listed_by_its_section(site):
    assert "2023-03-fuyi.md" in site.pages["lectures/index.md"]
    assert "2027-03-chaoxian.md" in site.pages["lectures/index.md"]
    assert "../cases/2023-05-wangyueche.md" in site.pages["laws/网络预约出租汽车经营服务管理暂行办法.md"]
    assert "2024-01-tongzhi.md" in site.pages["notices/index.md"]


def test_upcoming_lecture_is_announced(site):
    index = site.pages["lectures/index.md"]
    upcoming, past = index.split("## 往期讲座")
    assert "超限运输治理" in upcoming and "预告" in upcoming
    assert "超限运输治理" not in past


def test_notice_status_from_build_day(site):
    row = next(line for line in site.pages["notices/index.md"].splitlines() if "案卷评查" in line)
    assert "已结束" in row


def test_markdown_special_characters_are_escaped(site):
    # Character references, not backslashes: "\\<" would show its backslash (tests/site/test_escaping.py renders them).
    assert "示例｜网约车案 &#91;转载&#93;" in site.pages["cases/index.md"]
    assert "\\[" not in site.pages["cases/index.md"]


def test_law_index_spellings_are_kept_and_give_the_same_page(tmp_path, monkeypatch):
    """A first build spells the law names and keeps them in .cache/pinyin.json; the next reads them, same page."""
    import json
    import shutil

    from farun.content import lawlevels

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    day = dt.date(2026, 11, 25)
    monkeypatch.setattr(lawlevels, "_SPELLED", {})
    eager = prepare(docs, SETTINGS, day).pages["laws/index.md"]
    cache = tmp_path / ".cache"
    monkeypatch.setattr(lawlevels, "_SPELLED", {})
    first = prepare(docs, SETTINGS, day, cache_dir=cache)
    spelled = json.loads((cache / "pinyin.json").read_text(encoding="utf-8"))["names"]
    assert first.pages["laws/index.md"] == eager and len(spelled) == len(first.collection.laws()) > 3
    monkeypatch.setattr(lawlevels, "_SPELLED", {})
    monkeypatch.setattr(lawlevels, "_spell", lambda core: pytest.fail(f"spelled again: {core}"))
    assert prepare(docs, SETTINGS, day, cache_dir=cache).pages["laws/index.md"] == eager
