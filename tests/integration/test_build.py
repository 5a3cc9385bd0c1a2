"""One real ``properdocs build --strict`` of the sample site, checked as a visitor would."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from farun.content.frontmatter import parse
from farun.publish import searchindex

from support import ROOT, TEST_DAY, mkdocs_build

RESOURCE_ATTRS = {
    ("script", "src"),
    ("img", "src"),
    ("link", "href"),
    ("source", "src"),
    ("track", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("iframe", "src"),
    ("img", "srcset"),
    ("audio", "src"),
}


def sample_items(kind: str) -> list[tuple[str, dict]]:
    out = []
    for path in sorted((ROOT / "docs" / kind).glob("*.md")):
        doc, errors = parse(path.read_bytes(), str(path))
        assert doc is not None and not errors, errors
        out.append((path.stem, doc.data))
    return out


def public(data: dict) -> bool:
    return not data.get("draft") and not (data.get("publish") and str(data["publish"]) > TEST_DAY.isoformat())


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        rel = dict(attrs).get("rel") or ""
        if tag == "link" and set(rel.split()) & {"canonical", "alternate", "prev", "next"}:
            return  # navigational links, never fetched by the browser
        for name, value in attrs:
            if (tag, name) in RESOURCE_ATTRS and value:
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")]


def test_sample_site_has_enough_content():
    lectures = [d for _, d in sample_items("lectures") if public(d)]
    assert len(lectures) >= 6 and len([d for _, d in sample_items("cases") if public(d)]) >= 6
    assert len(sample_items("notices")) >= 6
    assert any(d["type"] == "讲堂预告" for _, d in sample_items("notices"))
    assert any(str(d["date"]) >= TEST_DAY.isoformat() for d in lectures), "an upcoming lecture (预告)"


def test_every_public_item_has_a_page_and_is_listed(built_site: Path):
    for kind in ("lectures", "cases"):
        index = (built_site / kind / "index.html").read_text(encoding="utf-8")
        for slug, data in sample_items(kind):
            page = built_site / kind / slug / "index.html"
            if not public(data):
                assert not page.exists()
                continue
            html = page.read_text(encoding="utf-8")
            assert data["title"].replace("《", "").split("》")[0][:6] in html.replace("《", "")
            assert f'href="{slug}/"' in index, f"{slug} missing from {kind}/index.html"
            assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}"', html), "every item shows a visible date"


def test_lecture_pages_show_the_card(built_site: Path):
    slug, data = next((s, d) for s, d in sample_items("lectures") if public(d) and d.get("laws"))
    html = (built_site / "lectures" / slug / "index.html").read_text(encoding="utf-8")
    assert f"第{data['episode']}期" in html and data["speaker"] in html
    for law in data["laws"]:
        assert law.strip("《》") in html
    laws_index = (built_site / "laws" / "index.html").read_text(encoding="utf-8")
    assert data["laws"][0].strip("《》") in laws_index


def test_tag_speaker_and_law_pages_exist(built_site: Path):
    for kind in ("topics", "speakers", "laws"):
        pages = [p for p in (built_site / kind).glob("*/index.html")]
        assert pages, kind
    slug, data = next((s, d) for s, d in sample_items("lectures") if public(d))
    tag_page = built_site / "topics" / data["tags"][0] / "index.html"
    assert f"lectures/{slug}/" in tag_page.read_text(encoding="utf-8")


def test_search_indexes_hold_whole_chinese_words_without_jieba(built_site: Path):
    """Material's config rides in the stub without jieba's segmentation (hook.py skips it: nothing reads it),
    Material's own index is not published; the compact index our worker searches holds the words as plain text."""
    stub = json.loads((built_site / "search" / "farun-search.json").read_text(encoding="utf-8"))
    assert stub["config"]["lang"] == ["zh"] and stub["docs"] == []
    assert "trimmer" not in stub["config"]["pipeline"]
    assert not (built_site / "search" / "search_index.json").exists()
    compact = searchindex.read(built_site)
    assert "\u200b" not in json.dumps(compact, ensure_ascii=False)
    texts = "\n".join(doc[1] + " " + doc[2] for doc in compact["docs"])
    for term in ("网约车", "行政复议", "超限运输", "枫桥经验"):
        assert term in texts, term


def test_no_built_page_loads_anything_off_site(built_site: Path):
    offenders = []
    for page in built_site.rglob("*.html"):
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append(f"{page.relative_to(built_site)}: {url}")
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(built_site)}: {url}")
    assert offenders == []


def test_drafts_are_published_nowhere(project, tmp_path):
    draft = """---
title: 草稿讲座不应出现
date: 2023-09-01
episode: 99
speaker: 赵六
summary: 草稿摘要。
tags: [草稿专属主题]
draft: true
---
草稿正文 独有词语甲乙丙
"""
    proj = project({"lectures/2023-09-draft.md": draft}, keep_sample=True)
    out = tmp_path / "out"
    result = mkdocs_build(proj, out)
    assert result.returncode == 0, result.stderr
    assert not (out / "lectures/2023-09-draft").exists()
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in out.rglob("*")
        if p.suffix in {".html", ".json", ".xml", ".txt"}
    )
    for word in ("草稿讲座不应出现", "草稿专属主题", "独有词语甲乙丙"):
        assert word not in everything


def test_bad_content_fails_the_build_with_a_chinese_message(project, tmp_path):
    proj = project({"lectures/bad.md": "---\ntitle: x\ndate: 2023/3/15\n---\n"})
    result = mkdocs_build(proj, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/lectures/bad.md:3: date（日期）应为 YYYY-MM-DD 格式，实际为 “2023/3/15”" in result.stderr
    assert "Traceback" not in result.stderr


def test_files_saved_by_office_tools_render_like_any_other(project, tmp_path):
    from support import LECTURE

    text = "\n\n" + LECTURE.replace("新修订《行政复议法》要点解读", "记事本保存的讲座")
    proj = project({"lectures/2023-03-notepad.md": ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")})
    out = tmp_path / "out"
    result = mkdocs_build(proj, out)
    assert result.returncode == 0, result.stderr
    html = (out / "lectures/2023-03-notepad/index.html").read_text(encoding="utf-8")
    assert "<h1>记事本保存的讲座</h1>" in html
    assert "episode:" not in html and "summary:" not in html, "front matter leaked into the page"


def test_related_items_link_both_ways(built_site: Path):
    cases = {slug: data for slug, data in sample_items("cases") if public(data)}
    pairs = [(lec, case) for case, data in cases.items() for lec in data.get("lectures", [])]
    pairs += [(lec, case) for lec, data in sample_items("lectures") if public(data) for case in data.get("cases", [])]
    assert pairs
    for lec, case in pairs:
        lecture_html = (built_site / "lectures" / lec / "index.html").read_text(encoding="utf-8")
        case_html = (built_site / "cases" / case / "index.html").read_text(encoding="utf-8")
        # Once on each page: in the related list, or in the body's own 延伸阅读 (then not repeated below it).
        assert lecture_html.split("<article", 1)[1].count(f'cases/{case}/"') == 1, (lec, case)
        assert case_html.split("<article", 1)[1].count(f'lectures/{lec}/"') == 1, (lec, case)
