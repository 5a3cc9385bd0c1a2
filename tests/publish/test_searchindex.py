"""The compact search index our worker loads (scripts/farun/publish/searchindex.py)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

from farun.publish import searchindex


def material_index(docs: list[dict]) -> dict:
    return {"config": {"lang": ["zh"], "separator": "[\\s]+", "pipeline": ["stemmer"]}, "docs": docs}


def test_plain_text_drops_tags_zero_width_spaces_and_entities():
    html = "<p>\u200b行政\u200b复议\u200b机关\u200b &amp; <code>ETC</code>\n\n 12328 &lt;热线&gt;</p>"
    assert searchindex.plain(html) == "行政复议机关 & ETC 12328 <热线>"


def test_locations_of_a_page_in_both_url_styles():
    assert searchindex.page_locations("index.md") == {"", "index.html"}
    assert searchindex.page_locations("lectures/index.md") == {"lectures/", "lectures/index.html"}
    assert searchindex.page_locations("topics/网约车.md") == {
        "topics/网约车/",
        "topics/网约车.html",
        "topics/%E7%BD%91%E7%BA%A6%E8%BD%A6/",
        "topics/%E7%BD%91%E7%BA%A6%E8%BD%A6.html",
    }


def test_list_pages_keep_a_short_intro_and_items_their_whole_text():
    long_list = "；".join(f"第{i}期 行政复议讲座" for i in range(60))
    body = "行政复议机关" * 100
    index = material_index(
        [
            {"location": "topics/复议/", "title": "复议", "text": f"<p>{long_list}</p>"},
            {"location": "topics/复议/#_1", "title": "2023 年", "text": f"<p>{long_list}</p>"},
            {
                "location": "lectures/ep01/",
                "title": "<code>行政</code>复议",
                "text": f"<p>{body}</p>",
                "tags": ["复议"],
            },
        ]
    )
    out = searchindex.compact(index, searchindex.page_locations("topics/复议.md"))
    assert out["lists"] == ["topics/复议/"]
    docs = out["docs"]
    assert [d[0] for d in docs] == ["topics/复议/", "topics/复议/#_1", "lectures/ep01/"]
    for row in docs[:2]:
        assert len(row[2]) == searchindex.LIST_TEXT + 1 and row[2].endswith("…")
        assert len(row) == 3
    assert docs[2] == ["lectures/ep01/", "行政复议", body, ["复议"]]


def test_writer_replaces_materials_file_with_the_stub_and_the_shards(tmp_path: Path):
    (tmp_path / "search").mkdir()
    original = json.dumps(material_index([{"location": "", "title": "首页", "text": "<p>法润\u200b交通</p>"}]))
    (tmp_path / "search" / "search_index.json").write_text(original, encoding="utf-8")
    searchindex.write(SimpleNamespace(pages={"index.md": "..."}), tmp_path)
    assert not (tmp_path / "search" / "search_index.json").exists()  # no published page reads it
    compact_bytes = (tmp_path / "search" / searchindex.SHARD.format(1)).read_bytes()
    assert json.loads(compact_bytes) == {"docs": [["", "首页", "法润交通"]], "lists": [""], "pages": {}}
    assert "法润交通".encode() in compact_bytes  # UTF-8, not \\u escapes
    stub = json.loads((tmp_path / "search" / searchindex.STUB).read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["lang"] == ["zh"]
    [shard] = stub["config"]["farun_shards"]
    name, _, version = shard.partition("?v=")
    assert name == searchindex.SHARD.format(1) and len(version) == 12
    assert searchindex.read(tmp_path) == json.loads(compact_bytes)


def test_shards_keep_a_page_with_its_sections_and_the_order(tmp_path: Path):
    docs = []
    for n in range(7):
        docs.append({"location": f"lectures/l{n}/", "title": f"讲座{n}", "text": f"<p>正文{n}</p>"})
        docs.append({"location": f"lectures/l{n}/#yao-dian", "title": "要点", "text": f"<p>要点{n}</p>"})
    data = searchindex.compact(material_index(docs), {"lectures/l6/"})
    data["pages"] = {f"lectures/l{n}/": ["lecture", f"2023-0{n + 1}-01", n, "", "", []] for n in range(6)}
    parts = searchindex.shards(data, size=3)
    assert [len(p["docs"]) for p in parts] == [6, 6, 2]
    assert [sorted({row[0].split("#")[0] for row in p["docs"]}) for p in parts][2] == ["lectures/l6/"]
    assert parts[2]["lists"] == ["lectures/l6/"] and parts[1]["pages"].keys() == {f"lectures/l{n}/" for n in (3, 4, 5)}
    joined = {"docs": [r for p in parts for r in p["docs"]], "lists": [x for p in parts for x in p["lists"]]}
    assert joined["docs"] == data["docs"] and joined["lists"] == data["lists"]
    assert searchindex.shards({"docs": [], "lists": [], "pages": {}}) == [{"docs": [], "lists": [], "pages": {}}]


def test_a_rebuild_with_fewer_shards_leaves_no_stale_one(tmp_path: Path, monkeypatch):
    (tmp_path / "search").mkdir()
    monkeypatch.setattr(searchindex, "SHARD_PAGES", 1)
    for count in (5, 2):
        docs = [{"location": f"p{n}/", "title": f"页{n}", "text": "正文"} for n in range(count)]
        (tmp_path / "search" / "search_index.json").write_text(json.dumps(material_index(docs)), encoding="utf-8")
        searchindex.write(SimpleNamespace(pages={}), tmp_path)
    assert sorted(p.name for p in (tmp_path / "search").glob("farun-index-*.json")) == [
        "farun-index-1.json",
        "farun-index-2.json",
    ]


def test_the_version_changes_with_the_content(tmp_path: Path):
    (tmp_path / "search").mkdir()
    versions = []
    for text in ("网约车", "巡游出租车"):
        index = material_index([{"location": "", "title": "首页", "text": text}])
        (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
        searchindex.write(SimpleNamespace(pages={}), tmp_path)
        stub = json.loads((tmp_path / "search" / searchindex.STUB).read_text(encoding="utf-8"))
        versions.append(stub["config"]["farun_shards"])
    assert versions[0] != versions[1]


def test_no_search_plugin_no_files(tmp_path: Path):
    searchindex.write(SimpleNamespace(pages={}), tmp_path)
    assert not (tmp_path / "search").exists()


def test_the_built_site_has_every_published_page_in_the_compact_index(built_site: Path):
    assert not (built_site / "search" / "search_index.json").exists()  # Material's own: no page reads it
    ours = searchindex.read(built_site)
    text = {d[0]: d[2] for d in ours["docs"]}
    assert "\u200b" not in json.dumps(ours, ensure_ascii=False)
    items = {
        page.parent.relative_to(built_site).as_posix() + "/"
        for kind in ("lectures", "cases", "notices")
        for page in (built_site / kind).glob("*/index.html")
        if page.parent.name != "page"
    }
    assert items and items <= set(text)
    assert "行政复议" in text["lectures/2023-10-xingzheng-fuyi-fa/"]
    assert len(text["site-map/"]) <= searchindex.LIST_TEXT + 1
    topic = quote("topics/行政复议/")
    assert len(text[topic]) <= searchindex.LIST_TEXT + 1 and topic in ours["lists"]


def test_inline_markup_and_line_breaks_do_not_split_chinese_words():
    assert searchindex.plain("<p><strong>行政</strong>复议</p><p>机关</p>") == "行政复议 机关"
    assert searchindex.plain("<p>申请行政\n复议的期限</p>") == "申请行政复议的期限"
    assert searchindex.plain("<li>ETC\nlane</li><li>12328</li>") == "ETC lane 12328"


def test_paragraphs_and_list_items_stay_apart():
    assert searchindex.plain("<p>示例案例</p> <p>本案例根据</p>") == "示例案例 本案例根据"
    assert searchindex.plain("<ul>\n<li>超限</li>\n<li>运输</li>\n</ul>") == "超限 运输"


def test_each_page_carries_its_kind_date_and_fields(built_site: Path):
    pages = searchindex.read(built_site)["pages"]
    lecture = pages["lectures/2023-11-wangyueche-baorong/"]
    assert lecture[:3] == ["lecture", "2023-11-23", 6]
    assert (
        lecture[3].split(" ｜ ")[:2] == ["第6期", "俞晓琳"] and "《网络预约出租汽车经营服务管理暂行办法》" in lecture[3]
    )
    assert "信用修复" in lecture[4]  # the summary
    case = pages["cases/2023-09-jiapei-xueshi-zaojia/"]
    assert case[0] == "case" and case[3].startswith("驾驶员培训 ｜ 信用修复")
    notice = pages["notices/2026-06-chufa-wangyueche-jiashiyuan/"]
    assert notice[0] == "notice" and "绍市交执罚〔2026〕58号" in notice[3] and "行政处罚公示" in notice[3]
    assert pages[quote("laws/中华人民共和国行政处罚法/")] == [
        "law",
        None,
        None,
        "",
        "",
        ["中华人民共和国行政处罚法", "行政处罚法"],
    ]
    assert pages[quote("speakers/俞晓琳/")][0] == "speaker" and pages[quote("topics/信用修复/")][5] == ["信用修复"]
    assert pages["lectures/"][0] == "list" and "about/" not in pages  # a staff page without fields ranks as an item
    revoked = pages["notices/2026-08-chufa-weixian-huowu-chexiao/"]
    assert (
        revoked[:2] == ["notice", "2026-08-20"] and revoked[3] == "绍市交执罚〔2026〕103号"
    )  # its 撤回说明 shows no more


def test_fields_hold_nothing_the_page_does_not_show(built_site: Path):
    """Personal data of a 双公示 party (its name, credit code, facts) stays out of the fields."""
    pages = searchindex.read(built_site)["pages"]
    fields = " ".join(value[3] for value in pages.values())
    assert "王某" not in fields and "91330603MA2BW4LE4C" not in fields


def test_the_offline_build_carries_the_compact_index_in_materials_file(tmp_path: Path):
    (tmp_path / "search").mkdir()
    index = material_index([{"location": "index.html", "title": "首页", "text": "<p>法润\u200b交通</p>"}])
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    searchindex.write(SimpleNamespace(pages={"index.md": "..."}, offline=True), tmp_path)
    inline = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert inline["docs"] == [] and inline["config"]["farun_inline"] == {
        "docs": [["index.html", "首页", "法润交通"]],
        "lists": ["index.html"],
        "pages": {},
    }
    assert inline["config"]["lang"] == ["zh"]
    assert not list((tmp_path / "search").glob("farun-*"))  # offline, the worker reads the inline index only
