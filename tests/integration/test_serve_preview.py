"""``make serve`` renders only what a save affects, yet serves what a full build would."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from support import mkdocs_build
from support import case, lecture
from support import changed_since, fetch, wait_for

FILES = {
    "lectures/2023-01-one.md": lecture(1, "第一讲"),
    "lectures/2023-02-two.md": lecture(2, "第二讲旧标题", body="## 讲座要点\n\n旧的正文。"),
    "lectures/2023-03-three.md": lecture(3, "第三讲"),
    "lectures/2023-04-four.md": lecture(4, "第四讲"),
    "lectures/2023-05-five.md": lecture(5, "第五讲"),
    "cases/2023-05-names-two.md": case("示例｜提到第二讲的案例", lectures="2023-02-two"),
}
LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>", re.S)


def search_pages(base: str) -> dict[str, str]:
    """Page URL -> all its entries' text from the served index (every shard the stub names)."""
    pages: dict[str, str] = {}
    for shard in json.loads(fetch(base + "search/farun-search.json"))["config"]["farun_shards"]:
        for location, title, text, *_ in json.loads(fetch(base + "search/" + shard))["docs"]:
            url = location.split("#")[0]
            pages[url] = pages.get(url, "") + title + text
    return pages


def fetch_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def rendered_counts(log: Path) -> list[tuple[int, int]]:
    """(rendered, total) of every preview rebuild so far, from the build log."""
    return [(int(a), int(b)) for a, b in re.findall(r"重新生成受影响的 (\d+) 个页面（共 (\d+) 个）", log.read_text())]


def test_preview_renders_affected_pages_and_keeps_search_whole(project, preview, tmp_path):
    proj = project(FILES)
    started = time.time_ns()
    base, log_path = preview(proj)  # make serve, exactly as staff run it, in the project copy
    assert wait_for(lambda: "第五讲" in fetch(base + "lectures/"), 120), log_path.read_text()
    first_index = search_pages(base)
    assert {"lectures/2023-02-two/", "lectures/2023-04-four/", "lectures/", ""} <= set(first_index)
    assert rendered_counts(log_path) == []  # the first build is a full one

    two = proj / "docs/lectures/2023-02-two.md"
    two.write_text(
        FILES["lectures/2023-02-two.md"].replace("第二讲旧标题", "第二讲新标题").replace("旧的正文。", "新的正文。"),
        encoding="utf-8",
    )
    assert wait_for(lambda: "新的正文" in fetch(base + "lectures/2023-02-two/"), 60), log_path.read_text()
    assert wait_for(lambda: "新的正文" in search_pages(base).get("lectures/2023-02-two/", ""), 10)
    assert re.search(r"下一期</span>\s*第二讲新标题", fetch(base + "lectures/2023-01-one/"))
    assert re.search(r"上一期</span>\s*第二讲新标题", fetch(base + "lectures/2023-03-three/"))
    assert "第二讲新标题" in fetch(base + "cases/2023-05-names-two/")
    assert "第二讲新标题" in fetch(base + "lectures/") and "第二讲旧标题" not in fetch(base + "lectures/")
    index = search_pages(base)
    assert set(index) == set(first_index)  # every page still searchable, not only the rendered ones
    assert "第二讲新标题" in index["lectures/"] and "旧标题" not in "".join(index.values())
    assert index["lectures/2023-04-four/"] == first_index["lectures/2023-04-four/"]
    ((rendered, total),) = rendered_counts(log_path)
    assert 0 < rendered < total / 2, log_path.read_text()

    (proj / "docs/lectures/2023-04-four.md").unlink()
    assert wait_for(lambda: "第五讲" in (body := fetch(base + "lectures/")) and "第四讲" not in body, 60), (
        log_path.read_text()
    )
    assert status(base + "lectures/2023-04-four/") == 404
    index = search_pages(base)
    assert "lectures/2023-04-four/" not in index and "第四讲" not in "".join(index.values())
    assert set(index) == set(first_index) - {"lectures/2023-04-four/"}
    assert re.search(r"下一期</span>\s*第五讲", fetch(base + "lectures/2023-03-three/"))

    assert "ERROR" not in log_path.read_text() and "Aborted" not in log_path.read_text()

    two.write_text(FILES["lectures/2023-02-two.md"], encoding="utf-8")  # back to the old title: its cover is cached
    assert wait_for(lambda: "第二讲旧标题" in fetch(base + "lectures/"), 60), log_path.read_text()

    # A save with a mistake builds nothing; once corrected, the preview catches up with both saves.
    (proj / "docs/lectures/2023-06-six.md").write_text(lecture(6, "第六讲"), encoding="utf-8")
    three = proj / "docs/lectures/2023-03-three.md"
    three.write_text(
        FILES["lectures/2023-03-three.md"].replace("date: 2023-03-15", "date: 2023/3/15"), encoding="utf-8"
    )
    assert wait_for(lambda: "内容检查未通过" in log_path.read_text(), 60), log_path.read_text()
    three.write_text(FILES["lectures/2023-03-three.md"].replace("第三讲", "第三讲改"), encoding="utf-8")
    assert wait_for(lambda: "第六讲" in (body := fetch(base + "lectures/")) and "第三讲改" in body, 60), (
        log_path.read_text()
    )
    assert re.search(r"下一期</span>\s*第六讲", fetch(base + "lectures/2023-05-five/"))
    builds = log_path.read_text().count("已生成（")
    assert builds > 0, log_path.read_text()
    # No rebuild loop: nothing the preview wrote is watched (only the test's own saves changed there) ...
    assert changed_since(started, proj) == sorted([two, three, proj / "docs/lectures/2023-06-six.md"])

    # What the preview serves now is what a full build of the same files produces, file for file.
    full = tmp_path / "full"
    result = mkdocs_build(proj, full, extra_env={"SITE_URL": base})
    assert result.returncode == 0, result.stderr
    published = sorted(p.relative_to(full).as_posix() for p in full.rglob("*") if p.is_file())
    assert sum(rel.endswith(".html") for rel in published) > 15
    assert "assets/images/covers/lectures/2023-02-two.png" in published
    for rel in published:
        served, built = fetch_bytes(base + urllib.parse.quote(rel)), (full / rel).read_bytes()
        if rel.endswith(".html"):  # the preview server adds its livereload script
            served = re.sub(rb"\s+", b"", LIVERELOAD.sub(b"", served))
            built = re.sub(rb"\s+", b"", built)
        assert served == built, rel
    # ... and it built nothing on its own meanwhile (the full build and the comparison took many seconds).
    assert log_path.read_text().count("已生成（") == builds, log_path.read_text()
