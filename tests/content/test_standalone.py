"""#27.1: every file the engine turns into a page, by any Markdown extension and in any place, is validated
and goes through draft/publish, or is refused with a Chinese message naming the fix."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from support import LECTURE, PENALTY, ROOT, TEST_DAY

from farun.cli import read_config
from farun.content.settings import load_settings
from farun.content.standalone import Page
from farun.content.tree import MARKDOWN_SUFFIXES, is_markdown
from farun.site.engine import validate

SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
ABOUT = "---\ntitle: 关于本专栏\n---\n\n关于。\n"


def test_suffixes_are_the_engines():
    from properdocs.utils import markdown_extensions

    assert set(MARKDOWN_SUFFIXES) == set(markdown_extensions)


def _check(tmp: Path, files: dict[str, str]):
    docs = tmp / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    for rel, text in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    coll, errors = validate(docs, SETTINGS, TEST_DAY)
    return coll, [str(e) for e in errors]


def case_variants(suffix: str):
    return st.tuples(*[st.sampled_from([c.lower(), c.upper()]) for c in suffix]).map("".join)


OTHER_SUFFIXES = st.sampled_from([s for s in MARKDOWN_SUFFIXES if s != ".md"]).flatmap(case_variants) | st.just(
    ".md"
).flatmap(case_variants).filter(lambda s: s != ".md")
PLACES = st.sampled_from(
    ["", "lectures/", "notices/", "cases/2024/", "lectures/drafts/", "media/", "assets/", "files/x/"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=PLACES, suffix=OTHER_SUFFIXES, stem=st.sampled_from(["x", "2024-09-expired", "about-us"]))
def test_any_other_markdown_extension_anywhere_is_refused(tmp_path, place, suffix, stem):
    rel = f"{place}{stem}{suffix}"
    assert is_markdown(rel)
    coll, errors = _check(tmp_path, {"about.md": ABOUT, rel: PENALTY})
    mine = [e for e in errors if e.startswith(f"docs/{rel}:1: ")]
    assert mine, errors
    if place == "":
        assert mine == [
            f"docs/{rel}:1: 文件 {rel} 的扩展名不是 .md：网站只发布 .md 页面，这个文件会被拒绝"
            f"（建议：请把扩展名改为 .md（改名为 {stem}.md））"
        ]
    elif place.split("/")[0] in ("lectures", "notices", "cases"):
        assert "内容文件的扩展名应为小写 .md" in mine[0]
    else:
        assert "这个 Markdown 文件不属于任何栏目" in mine[0]
    assert not any(p.src_uri == rel for p in coll.pages)


DAYS = st.integers(min_value=-400, max_value=400).map(lambda n: TEST_DAY + dt.timedelta(days=n))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=st.booleans(), publish=st.none() | DAYS, name=st.sampled_from(["x.md", "about.md", "2024-notice.md"]))
def test_top_level_pages_have_the_items_lifecycle(tmp_path, draft, publish, name):
    head = (
        "title: 页面\n" + ("draft: true\n" if draft else "") + (f"publish: {publish.isoformat()}\n" if publish else "")
    )
    coll, errors = _check(tmp_path, {name: f"---\n{head}---\n\n正文。\n"})
    assert errors == []
    withheld = {src: why for _, src, why in coll.withheld()}
    if draft:
        assert withheld == {name: "草稿（draft: true）"}
    elif publish and publish > TEST_DAY:
        assert withheld == {name: f"尚未到发布日期 {publish.isoformat()}"}
    else:
        assert withheld == {}


def test_a_top_level_page_is_validated(tmp_path):
    _, errors = _check(
        tmp_path,
        {
            "x.md": "---\ntitle: 页面\nexpires: 2025-01-01\ntitel: 错\n---\n\n正文。\n",
            "y.md": "# 没有 front matter\n",
            "z.md": "---\ntitle: 页面\npublish: 2025/13/01\n---\n",
        },
    )
    assert (
        "docs/x.md:3: 独立页面不能使用字段 expires（公示截止日期）（建议：到期撤下、撤回只适用于公告：请把内容放到 docs/notices/ 中，"
        "或删除这一行；不再公开的页面请删除文件或写 draft: true）" in errors
    )
    assert any(e.startswith("docs/x.md:4: 未知字段 “titel”，是否应为 title（标题）？") for e in errors), errors
    assert any(e.startswith("docs/y.md:1: 缺少 front matter") for e in errors), errors
    assert any(e.startswith("docs/z.md:3: publish（发布日期）不是有效的日期") for e in errors), errors


def test_page_schema_is_small():
    assert set(Page.model_fields) == {"title", "description", "draft", "publish", "hide", "search"}


EXPIRED = (
    PENALTY.replace("expires: 2027-09-10", "expires: 2025-09-10")
    .replace("date: 2026-09-15", "date: 2024-09-15")
    .replace("decision_date: 2026-09-10", "decision_date: 2024-09-10")
    .replace("示例｜某物流公司超限运输行政处罚公示", "已过期的处罚公示")
)


def test_real_build_publishes_no_other_extension_and_no_withheld_top_page(project, tmp_path):
    from support import farun, mkdocs_build

    later = (TEST_DAY + dt.timedelta(days=30)).isoformat()
    base = {
        "lectures/2023-03-fuyi.md": LECTURE,
        "draft-page.md": "---\ntitle: 草稿页面甲\ndraft: true\n---\n\n草稿。\n",
        "later.md": f"---\ntitle: 未来页面乙\npublish: {later}\n---\n\n以后。\n",
        "open.md": "---\ntitle: 公开页面丙\n---\n\n公开。\n",
    }
    proj = project(base)
    out = tmp_path / "site"
    result = mkdocs_build(proj, out)
    assert result.returncode == 0, result.stderr
    assert (out / "open/index.html").is_file() and not (out / "draft-page").exists() and not (out / "later").exists()
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt"}
    )
    assert "公开页面丙" in everything
    for word in ("草稿页面甲", "未来页面乙", "draft-page", "later/"):
        assert word not in everything, word
    # The expired penalty copied as .mkd, a draft lecture as .mkdn: check and build refuse, nothing is written.
    for rel, text in {
        "lectures/2025-09-copy.mkd": EXPIRED,
        "x.mkdn": LECTURE.replace("episode: 1", "episode: 2\ndraft: true"),
    }.items():
        (proj / "docs" / rel).write_text(text, encoding="utf-8")
    check = farun(proj, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert (
        "docs/lectures/2025-09-copy.mkd:1: 文件 2025-09-copy.mkd 不会被发布：内容文件的扩展名应为小写 .md"
        in check.stderr
    )
    assert "docs/x.mkdn:1: 文件 x.mkdn 的扩展名不是 .md" in check.stderr and "请把扩展名改为 .md" in check.stderr
    refused = mkdocs_build(proj, tmp_path / "site2")
    assert refused.returncode != 0 and not (tmp_path / "site2" / "x").exists()


def test_office_lock_names_and_unchecked_places_are_not_pages(project, tmp_path):
    """MkDocs renders ``~$copy.md`` and files under a ``~$`` folder; check sees the first, the build refuses both."""
    from support import farun

    proj = project(
        {
            "lectures/2023-03-fuyi.md": LECTURE,
            "lectures/~$copy.md": LECTURE.replace("episode: 1", "episode: 2\ndraft: true"),
        }
    )
    check = farun(proj, "check")
    assert check.returncode == 1 and "docs/lectures/~$copy.md:1: 文件名 “~$copy.md” 不符合命名规则" in check.stderr, (
        check.stderr
    )
    (proj / "docs/lectures/~$copy.md").unlink()
    (proj / "docs/~$tmp").mkdir()
    (proj / "docs/~$tmp/x.md").write_text(EXPIRED, encoding="utf-8")
    build = farun(proj, "build")
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert "不发布 docs/~$tmp/x.md：这个 Markdown 文件没有经过内容检查" in build.stderr, build.stderr[-2000:]
    assert not (proj / "site").exists()
