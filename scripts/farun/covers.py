"""Covers, thumbnails and posters of the published items, drawn once and cached.

Each image is named by a digest of everything that shapes it — its spec
(texts, colours, QR URL), the layout, the font files and TEMPLATE_VERSION —
and kept under ``.cache/images/``. An unchanged rebuild draws nothing; a
changed title redraws only that item's images. ``image_paths`` is the one
place that says where an item's images live in the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image

from . import images
from .cover_art import COVER, LECTURE_COLOR, POSTER, TEMPLATE_VERSION, THUMB, category_color, draw_cover, draw_poster, draw_thumb
from .drawing import check_glyphs, font_digest
from .lifecycle import is_upcoming
from .load import Record, field_label
from .text import cn_date, cn_weekday

SITE_COVER = "assets/images/covers/site.png"
SITE_NAME = "法润交通"
SITE_TAGLINE = "交通运输法治宣传教育专栏"


def image_paths(record: Record, custom_cover: str | None = None) -> dict[str, str]:
    """Site-relative paths of an item's cover, thumbnail and (lectures only) poster."""
    if record.kind not in ("lecture", "case"):
        return {}
    base = f"assets/images/covers/{record.meta.folder}/{record.slug}"
    paths = {"cover": custom_cover or f"{base}.png", "thumb": f"{base}.webp"}
    if record.kind == "lecture":
        paths["poster"] = f"assets/images/posters/{record.slug}.png"
    return paths


@dataclass
class Job:
    """One image to publish: where it goes, its digest, and how to draw it.

    ``task`` is plain picklable data (see ``_draw``) so jobs can run in worker processes.
    """

    path: str
    digest: str
    suffix: str
    task: tuple
    name: str = ""

    def __post_init__(self) -> None:
        self.name = f"{self.digest[:32]}{self.suffix}"


@dataclass
class Stats:
    """What the last run did: images drawn (site paths) and reused from the cache."""

    drawn: list[str] = field(default_factory=list)
    reused: int = 0


STATS = Stats()


def _digest(kind: str, spec: dict, layout) -> str:
    payload = {"kind": kind, "template": TEMPLATE_VERSION, "layout": asdict(layout), "fonts": font_digest(), "spec": spec}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _check(record: Record, names: tuple[str, ...]) -> None:
    meta = record.meta
    texts = {field_label(type(meta), n): str(getattr(meta, n)) for n in names if getattr(meta, n, None)}
    check_glyphs(texts, record.path)


def lecture_specs(record: Record, site) -> tuple[dict, dict]:
    """Cover and poster specs of a lecture: every text and colour they show."""
    meta, settings = record.meta, site.settings
    _check(record, ("title", "speaker", "speaker_title", "venue", "time", "summary"))
    who = f"主讲人：{meta.speaker}" + (f"　{meta.speaker_title}" if meta.speaker_title else "")
    cover = {"color": LECTURE_COLOR, "kicker": settings.series_name, "badge": f"第{meta.episode}期",
             "title": meta.title, "footer": [who, cn_date(meta.date)], "bureau": settings.bureau_name}
    when = f"{cn_date(meta.date)}（{cn_weekday(meta.date)}）" + (f" {meta.time}" if meta.time else "")
    if not site.site_url:
        raise ValueError("mkdocs.yml 缺少 site_url（网站地址），无法生成海报上的二维码。")
    poster = {"color": LECTURE_COLOR, "kicker": settings.series_name, "badge": f"第{meta.episode}期",
              "title": meta.title, "speaker": meta.speaker, "speaker_title": meta.speaker_title or "",
              "facts": [["时间", when], ["地点", meta.venue or ""]], "summary": meta.summary,
              "url": site.site_url + record.url, "bureau": settings.bureau_name, "site_name": SITE_NAME,
              "qr_note": "讲座预告 · 时间地点 · 相关案例" if is_upcoming(record, site.collection.today)
              else "视频回放 · 讲座要点 · 相关案例"}
    return cover, poster


def case_spec(record: Record, site) -> dict:
    """Cover spec of a case, coloured by its category."""
    meta, settings = record.meta, site.settings
    _check(record, ("title", "category"))
    return {"color": category_color(meta.category, settings.case_categories), "kicker": "以案释法",
            "badge": meta.category, "badge_light": True, "title": meta.title,
            "footer": [cn_date(meta.date)], "bureau": settings.bureau_name}


def site_spec(site) -> dict:
    """The default cover for pages that are not a lecture or a case."""
    settings = site.settings
    check_glyphs({"mkdocs.yml extra.series_name": settings.series_name, "mkdocs.yml extra.bureau_name": settings.bureau_name},
                 "mkdocs.yml")
    return {"color": LECTURE_COLOR, "kicker": SITE_NAME, "badge": "普法专栏", "title": SITE_TAGLINE,
            "footer": [f"{settings.series_name} · 以案释法 · 公示公告"], "bureau": settings.bureau_name}


def _cover_jobs(paths: dict[str, str], spec: dict) -> list[Job]:
    cover = Job(paths["cover"], _digest("cover", spec, COVER), ".png", ("cover", spec))
    thumb_digest = _digest("thumb", {"of": cover.digest}, THUMB)
    # Drawn from the cached cover file, so a thumbnail looks the same whether or not its cover was just drawn.
    thumb = Job(paths["thumb"], thumb_digest, ".webp", ("thumb_of", cover.name))
    return [cover, thumb]


def _custom_thumb(record: Record, src: str, docs_dir: Path, paths: dict[str, str]) -> Job:
    source = docs_dir / src
    raw = hashlib.sha256(source.read_bytes()).hexdigest()
    shown = f"{docs_dir.name}/{src}"
    return Job(paths["thumb"], _digest("thumb", {"of": raw}, THUMB), ".webp", ("thumb_file", str(source), shown))


def plan(site, docs_dir: Path, cache: Path) -> list[Job]:
    """Every image of the site; a thumbnail made from a cover comes after that cover."""
    jobs = [Job(SITE_COVER, _digest("cover", site_spec(site), COVER), ".png", ("cover", site_spec(site)))]
    coll = site.collection
    for record in coll.lectures + coll.cases:
        custom = coll.files.get(record.src_uri, {}).get("cover")
        paths = image_paths(record, custom)
        if record.kind == "lecture":
            cover, poster = lecture_specs(record, site)
            jobs.append(Job(paths["poster"], _digest("poster", poster, POSTER), ".png", ("poster", poster)))
        else:
            cover = case_spec(record, site)
        jobs += [_custom_thumb(record, custom, docs_dir, paths)] if custom else _cover_jobs(paths, cover)
    return jobs


class Progress:
    """``绘制图片 3/20，预计还需 4 秒`` on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, stream=None):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.stream = stream or sys.stderr
        self.live = total > 0 and self.stream.isatty()

    def step(self) -> None:
        self.done += 1
        if not self.live:
            return
        left = (time.monotonic() - self.start) / self.done * (self.total - self.done)
        self.stream.write(f"\r绘制图片 {self.done}/{self.total}，预计还需 {left:.0f} 秒 ")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def _save(img: Image.Image, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # concurrent builds and workers share the cache
    if target.suffix == ".webp":
        img.save(tmp, "WEBP", quality=THUMB.quality, method=4)
    else:  # flat colours: a 256-colour palette looks the same at a third of the size
        # zlib level 6 instead of 9: 3-4x faster to encode for files about 12% larger.
        img.quantize(256, method=Image.Quantize.FASTOCTREE).save(tmp, "PNG", compress_level=6)
    tmp.replace(target)


def _draw(task: tuple, cache: Path) -> Image.Image:
    kind, *args = task
    if kind == "cover":
        return draw_cover(args[0])
    if kind == "poster":
        return draw_poster(args[0])
    if kind == "thumb_of":
        with Image.open(cache / args[0]) as cover:
            return draw_thumb(cover)
    source, shown = args
    return draw_thumb(images.open_checked(Path(source), shown))


def _make(job: Job, cache: Path) -> str:
    """Draw one job into the cache (runs in a worker process when drawing in parallel)."""
    _save(_draw(job.task, cache), cache / job.name)
    return job.path


PARALLEL_FROM = 12  # fewer missing images are drawn in this process: starting workers costs more


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _draw_all(missing: list[Job], cache: Path, progress: Progress) -> None:
    """Draw covers and posters, then thumbnails (made from the covers), in parallel when worthwhile."""
    workers = min(_workers(), 8)
    if len(missing) < PARALLEL_FROM or workers < 2:
        for job in missing:
            STATS.drawn.append(_make(job, cache))
            progress.step()
        return
    first = [job for job in missing if job.task[0] != "thumb_of"]
    then = [job for job in missing if job.task[0] == "thumb_of"]
    # "spawn", not fork: `mkdocs serve` runs watcher threads, and forking a threaded process is unsafe.
    # Spawned workers import this package by sys.path, which MkDocs restores after loading the hook.
    package_root = str(Path(__file__).resolve().parents[1])
    if package_root not in sys.path:
        sys.path.insert(0, package_root)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for batch in (first, then):
            chunk = max(1, len(batch) // (workers * 8))
            for path in pool.map(_make, batch, [cache] * len(batch), chunksize=chunk):
                STATS.drawn.append(path)  # counted here: workers' module state is not ours
                progress.step()


def run(jobs: list[Job], cache: Path) -> dict[str, Path]:
    """Draw the jobs missing from the cache; return ``{site path: cached file}``."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [job for job in jobs if not (cache / job.name).is_file()]
    _draw_all(missing, cache, Progress(len(missing)))
    STATS.reused += len(jobs) - len(missing)
    return {job.path: cache / job.name for job in jobs}


def provide(site, docs_dir: Path) -> dict[str, Path]:
    """Covers, thumbnails and posters of the site: ``{site path: cached file}``."""
    STATS.drawn.clear()
    STATS.reused = 0
    cache = images.cache_dir(docs_dir)
    return run(plan(site, docs_dir, cache), cache)
