"""Covers, thumbnails and posters: sizes, QR codes, missing glyphs, the cache, the share tags."""

from __future__ import annotations

import io
import re
from concurrent.futures import wait

import pytest
import zxingcpp
from PIL import Image

from farun.runtime import workers
from farun.images import cover_pool
from farun.images import covers
from farun.cli import read_config
from farun.images.cover_pool import drawing_progress
from farun.images.covers import image_paths
from farun.images import glyphs
from farun.images.glyphs import GlyphMissing, check_glyphs
from farun.site.engine import prepare
from farun.content.settings import load_settings
from farun.runtime.errors import StaffError

from support import TEST_DAY, TEST_EPOCH, mkdocs_build, wait_for

SITE_URL = "https://jtj.sx.gov.cn/fxjt/"


def lecture(title: str, episode: int, speaker: str = "陈立新") -> str:
    return f"""---
title: {title}
date: 2023-03-15
episode: {episode}
speaker: {speaker}
speaker_title: 市交通运输局政策法规处副处长
time: "14:30-16:00"
venue: 市交通运输局三楼会议室
summary: 解读新修订行政复议法的主要变化。
tags: [行政复议]
---

## 讲座要点
"""


CASE = """---
title: 示例｜私家车通过社交群组招揽乘客非法营运案
date: 2023-05-20
category: 超限运输
laws: [《浙江省道路运输条例》]
summary: 摘要。
---

## 案情简介
"""

FILES = {
    "lectures/2023-03-fuyi.md": lecture("新修订《行政复议法》要点解读", 1),
    "lectures/2023-04-etc.md": lecture("ETC通行费争议与12328热线投诉的依法处理", 2),
    "cases/2023-05-pinche.md": CASE,
}


def site_of(proj):
    settings = load_settings(read_config(proj / "mkdocs.yml")["extra"])
    return prepare(proj / "docs", settings, TEST_DAY, SITE_URL)


@pytest.fixture
def drawn(project):
    proj = project(FILES)
    site = site_of(proj)
    return proj, site, covers.provide(site, proj / "docs")


def test_image_paths_are_one_place_for_pages_views_and_files(drawn):
    proj, site, published = drawn
    fuyi = site.collection.get("lecture", "2023-03-fuyi")
    paths = image_paths(fuyi)
    assert paths == {
        "cover": "assets/images/covers/lectures/2023-03-fuyi.png",
        "thumb": "assets/images/covers/lectures/2023-03-fuyi.webp",
        "poster": "assets/images/posters/2023-03-fuyi.png",
    }
    assert set(paths.values()) <= set(published)
    case = site.collection.get("case", "2023-05-pinche")
    assert "poster" not in image_paths(case) and image_paths(case)["cover"] in published
    assert covers.SITE_COVER in published


def test_sizes_modes_and_formats(drawn):
    _, site, published = drawn
    for record in site.collection.lectures + site.collection.cases:
        paths = image_paths(record)
        with Image.open(published[paths["cover"]]) as cover:
            assert (cover.format, cover.size, cover.mode) == ("PNG", (1200, 630), "P")  # 256-colour palette
        with Image.open(published[paths["thumb"]]) as thumb:
            assert (thumb.format, thumb.size, thumb.mode) == ("WEBP", (480, 252), "RGB")
            assert published[paths["thumb"]].stat().st_size < 40_000
    for record in site.collection.lectures:
        with Image.open(published[image_paths(record)["poster"]]) as poster:
            assert (poster.format, poster.size, poster.mode) == ("PNG", (1080, 1920), "P")
            assert published[image_paths(record)["poster"]].stat().st_size < 150_000


def test_poster_qr_code_decodes_to_the_lecture_url(drawn):
    _, site, published = drawn
    for record in site.collection.lectures:
        with Image.open(published[image_paths(record)["poster"]]) as poster:
            found = zxingcpp.read_barcodes(poster.convert("RGB"))
        assert [code.text for code in found] == [SITE_URL + record.url]
        assert record.url.startswith("lectures/")


def test_case_cover_is_coloured_by_its_category(project):
    proj = project({"cases/a.md": CASE, "cases/b.md": CASE.replace("超限运输", "水上交通")})
    site = site_of(proj)
    published = covers.provide(site, proj / "docs")
    colours = []
    for slug in ("a", "b"):
        with Image.open(published[f"assets/images/covers/cases/{slug}.png"]) as img:
            colours.append(img.convert("RGB").getpixel((600, 560)))
    assert colours[0] != colours[1]


def test_unchanged_rebuild_draws_nothing_and_one_title_redraws_that_item_only(drawn):
    proj, _, first = drawn
    assert len(covers.STATS.drawn) == len(first) == 1 + 3 + 3 + 2  # site cover, 2 lectures x 3, 1 case x 2
    again = covers.provide(site_of(proj), proj / "docs")
    assert covers.STATS.drawn == [] and covers.STATS.reused == len(first)
    assert again == first
    path = proj / "docs" / "lectures" / "2023-04-etc.md"
    path.write_text(path.read_text(encoding="utf-8").replace("依法处理", "依法办理"), encoding="utf-8")
    covers.provide(site_of(proj), proj / "docs")
    assert sorted(covers.STATS.drawn) == sorted(
        image_paths(site_of(proj).collection.get("lecture", "2023-04-etc")).values()
    )


def test_parallel_drawing_counts_every_image_and_matches_serial_bytes(project, monkeypatch):
    proj = project(FILES)
    serial = covers.provide(site_of(proj), proj / "docs")
    expected = {path: file.read_bytes() for path, file in serial.items()}
    drawn_serially = sorted(covers.STATS.drawn)
    for file in serial.values():
        file.unlink()
    monkeypatch.setattr(cover_pool, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cover_pool.workers, "cores", lambda: 2)
    parallel = covers.provide(site_of(proj), proj / "docs")
    assert sorted(covers.STATS.drawn) == drawn_serially and len(drawn_serially) == len(expected)
    assert {path: file.read_bytes() for path, file in parallel.items()} == expected
    assert not [f for f in (proj / ".cache" / "images").iterdir() if f.name.endswith(".tmp")]


def in_workers(monkeypatch, batch=cover_pool.BATCH):
    """Draw every missing image in a worker process (two cores: one is left to the build), however few they are."""
    workers.shutdown()  # a pool sized for this machine's cores: the next one has the one worker of two cores
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(cover_pool, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cover_pool.workers, "cores", lambda: 2)
    monkeypatch.setattr(cover_pool, "BATCH", batch)


def test_start_returns_before_drawing_and_finish_waits_for_every_image(project, monkeypatch):
    proj = project(FILES)
    in_workers(monkeypatch)
    published = covers.start(site_of(proj), proj / "docs")
    assert cover_pool._running is not None and covers.STATS.drawn == []  # drawing goes on in the workers
    covers.finish()
    assert cover_pool._running is None
    assert sorted(covers.STATS.drawn) == sorted(published) and all(f.is_file() for f in published.values())
    covers.finish()  # nothing left to wait for


def test_finish_draws_the_batches_no_worker_has_started(project, monkeypatch):
    proj = project(FILES)
    in_workers(monkeypatch, batch=1)  # 6 one-unit batches: the pool queues only 2 for its one worker
    published = covers.start(site_of(proj), proj / "docs")
    drawing = cover_pool._running
    # The pool's manager thread hands the first batches to the worker's queue (they stop being pending);
    # finish() right then, while the worker process is still starting, finds the rest unstarted.
    assert wait_for(lambda: any(f.running() or f.done() for f in drawing.futures), 60, every=0.001)
    covers.finish()
    helped = [f for f in drawing.futures if f.cancelled()]
    assert helped and len(helped) < len(drawing.futures)  # both this process and the worker drew
    assert sorted(covers.STATS.drawn) == sorted(published) and all(f.is_file() for f in published.values())


def test_error_in_a_worker_stops_the_build_with_the_chinese_message(project, monkeypatch):
    broken = lecture("行政复议法要点解读", 1).replace("tags: [行政复议]", "tags: [行政复议]\ncover: media/broken.png")
    # Its header is sound (make check reads only that), its pixels are cut off: only drawing finds out.
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x40\x00\x00\x00\x30\x08\x02\x00\x00\x00\x00\x00\x00\x00"
    proj = project({"lectures/2023-03-fuyi.md": broken, "media/broken.png": header})
    in_workers(monkeypatch)
    covers.start(site_of(proj), proj / "docs")
    wait(cover_pool._running.futures)  # the worker has drawn (and failed) before finish() could take the batch over
    with pytest.raises(StaffError) as caught:
        covers.finish()
    assert (
        str(caught.value) == "docs/media/broken.png: 图片文件已损坏或不是有效的图片，无法读取；请重新导出或换一张图片。"
    )
    assert cover_pool._running is None


def test_abandoned_drawing_leaves_nothing_running_and_the_next_build_draws_all(project, monkeypatch):
    proj = project(FILES)
    in_workers(monkeypatch)
    covers.start(site_of(proj), proj / "docs")
    covers.abandon()
    assert cover_pool._running is None
    published = covers.provide(site_of(proj), proj / "docs")
    assert all(f.is_file() for f in published.values())


def test_real_build_copies_images_drawn_during_rendering(project, tmp_path, monkeypatch):
    """In-process build, so the worker settings apply: pages link to images that exist only after rendering."""
    import properdocs.replacement  # noqa: F401  (what the properdocs CLI does first: Material's mkdocs.* imports resolve to it)
    from properdocs.commands.build import build
    from properdocs.config import load_config

    lectures = {f"lectures/2023-0{n}-l{n}.md": lecture(f"第{n}讲 交通运输行政执法实务", n) for n in range(1, 5)}
    proj = project({**lectures, "cases/2023-05-pinche.md": CASE})
    in_workers(monkeypatch)
    handed = []
    real = cover_pool._draw_in_workers
    monkeypatch.setattr(cover_pool, "_draw_in_workers", lambda units, *a: handed.append(len(units)) or real(units, *a))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_EPOCH))
    out = tmp_path / "out"
    config = load_config(str(proj / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    assert handed == [1 + 4 * 2 + 1]  # site cover, 4 lectures x (cover with its thumbnail, poster), 1 case
    assert len(covers.STATS.drawn) == 1 + 4 * 3 + 2
    cached = covers.provide(site_of(proj), proj / "docs")
    assert covers.STATS.drawn == [] and len(cached) == 1 + 4 * 3 + 2
    for path, file in cached.items():
        assert (out / path).read_bytes() == file.read_bytes(), path


def test_missing_glyph_message_names_file_field_and_character():
    with pytest.raises(GlyphMissing) as caught:
        check_glyphs({"title（标题）": "吉祥𠮷字"}, "docs/lectures/x.md")
    assert str(caught.value) == (
        "docs/lectures/x.md: title（标题）中的字符 “𠮷”（U+20BB7） 不在封面字体中，无法生成封面和海报。"
        "请改用常用字，或按 fonts/README.md 重新生成字体子集后再构建。"
    )


def test_fonts_character_set_read_directly_matches_fonttools():
    from fontTools.ttLib import TTFont

    per_weight = []
    for weight in sorted(glyphs.FONT_FILES):
        with TTFont(str(glyphs.font_path(weight)), lazy=True) as font:
            per_weight.append(frozenset(font.getBestCmap()))
    expected = frozenset.intersection(*per_weight)
    assert glyphs.drawable() == expected and len(expected) > 7000
    assert ord("法") in expected and 0x20BB7 not in expected


def test_missing_glyph_stops_a_real_build(project, tmp_path):
    proj = project({"lectures/2023-03-fuyi.md": lecture("行政复议法要点解读", 1, speaker="陈𠮷")})
    result = mkdocs_build(proj, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/lectures/2023-03-fuyi.md: speaker（主讲人）中的字符 “𠮷”（U+20BB7） 不在封面字体中" in result.stderr
    assert "Traceback" not in result.stderr


def test_progress_only_on_a_terminal():
    class Stream(io.StringIO):
        def __init__(self, tty):
            super().__init__()
            self.tty = tty

        def isatty(self):
            return self.tty

    quiet, live = Stream(False), Stream(True)
    for stream in (quiet, live):
        progress = drawing_progress(2, stream)
        progress.step()
        progress.step()
    assert quiet.getvalue() == ""
    assert "绘制图片 1/2，预计还需" in live.getvalue() and "绘制图片 2/2" in live.getvalue()


def test_built_site_shares_covers_and_links_posters(built_site):
    page = next((built_site / "lectures").glob("*/index.html"))
    html = page.read_text(encoding="utf-8")
    slug = page.parent.name
    cover = f"{SITE_URL}assets/images/covers/lectures/{slug}.png"
    for tag in (
        f'<meta property="og:image" content="{cover}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:image" content="{cover}">',
        '<meta property="og:type" content="article">',
    ):
        assert tag in html
    assert re.search(r'<meta property="og:description" content="[^"]+">', html)
    link = re.search(r'<a class="md-button" href="([^"]+)" download="[^"]+">下载海报</a>', html)
    assert (
        link and (page.parent / link.group(1)).resolve() == (built_site / f"assets/images/posters/{slug}.png").resolve()
    )
    assert (built_site / f"assets/images/covers/lectures/{slug}.png").is_file()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="{SITE_URL}{covers.SITE_COVER}">' in home
    listing = (built_site / "lectures" / "index.html").read_text(encoding="utf-8")
    thumbs = re.findall(
        r'<img alt="[^"]+" height="252" loading="lazy" src="\.\./(assets/images/covers/lectures/[^"]+\.webp)" width="480"',
        listing,
    )
    assert thumbs and all((built_site / t).is_file() for t in thumbs)
