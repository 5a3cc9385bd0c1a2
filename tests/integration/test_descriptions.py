"""Every page of the built sample site describes itself (<meta name="description">, og/twitter)."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import yaml

from support import ROOT

SITE_DESCRIPTION = yaml.safe_load(
    "\n".join(
        line
        for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
        if line.startswith("site_description:")
    )
)["site_description"]


class Metas(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.content: dict[str, list[str]] = defaultdict(list)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        key = found.get("name") or found.get("property")
        if tag == "meta" and key:
            self.content[key].append(found.get("content") or "")


def metas(path: Path) -> dict[str, list[str]]:
    parser = Metas()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.content


def test_every_page_has_its_own_description(built_site):
    pages = sorted(built_site.rglob("index.html")) + [built_site / "404.html"]
    seen: dict[str, str] = {}
    for path in pages:
        rel = path.relative_to(built_site).as_posix()
        found = metas(path)
        assert len(found["description"]) == 1, f"{rel}: {found['description']}"
        described = found["description"][0]
        assert found["og:description"] == found["twitter:description"] == [described], rel
        assert 10 <= len(described) <= 120, f"{rel}: {len(described)} 字：{described}"
        assert described != SITE_DESCRIPTION, f"{rel} 用的是整个网站的描述"
        assert described not in seen, f"{rel} 与 {seen.get(described)} 的描述相同：{described}"
        seen[described] = rel
    assert len(seen) > 60


def test_item_descriptions_say_what_the_item_is(built_site):
    notice = metas(built_site / "notices/2026-06-chufa-wangyueche-jiashiyuan/index.html")["description"][0]
    assert (
        notice.startswith("行政处罚公示：行政相对人王某，")
        and "绍市交执罚〔2026〕58号" in notice
        and "2026年6月5日公示" in notice
    )
    revoked = metas(built_site / "notices/2026-08-chufa-weixian-huowu-chexiao/index.html")["description"][0]
    assert (
        revoked.startswith("行政处罚公示撤回说明：处罚决定书文号") and "某" not in revoked
    )  # the party is withdrawn too
    licence = metas(built_site / "notices/2026-07-xuke-weixian-huowu-yunshu/index.html")["description"][0]
    assert licence.startswith("行政许可公示：行政相对人绍兴某达化工物流有限公司，许可决定书文号绍市交许〔2026〕35号")
    lecture = metas(built_site / "lectures/2023-10-xingzheng-fuyi-fa/index.html")["description"][0]
    assert lecture.startswith("第5期（2023年10月19日，主讲人陈立新）：新修订的《行政复议法》")
