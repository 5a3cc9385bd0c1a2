"""Covers, thumbnails and posters of the published items, drawn once and cached.

Each image is named by a digest of everything that shapes it — its spec
(texts, colours, QR URL), the layout, the font files and TEMPLATE_VERSION —
and kept under ``.cache/images/``. An unchanged rebuild draws nothing (and
imports no drawing code); a changed title redraws only that item's images.
``image_paths`` is the one place that says where an item's images live in
the site.

``start`` plans every image, checks every text against the fonts and hands
the missing ones to cover_pool, which draws many in worker processes while
MkDocs renders the pages; ``finish`` waits for them (hook.py calls it in
on_post_build, before it copies the drawn files into the site). ``provide``
does both at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from farun.images import staff as images
from farun.images.cover_pool import STATS, Unit, abandon, draw, finish
from farun.images.cover_layout import COVER, LECTURE_COLOR, POSTER, TEMPLATE_VERSION, THUMB, category_color
from farun.images.glyphs import check_glyphs, font_digest
from farun.content.lifecycle import is_upcoming
from farun.content.load import Record, field_label, is_case, is_lecture
from farun.content.schema import Case, Lecture
from farun.content.text import cn_date, cn_weekday
from farun.runtime.errors import StaffError

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

    ``task`` is plain picklable data (see cover_render) so jobs can run in worker processes.
    """

    path: str
    digest: str
    suffix: str
    task: tuple
    name: str = ""

    def __post_init__(self) -> None:
        self.name = f"{self.digest[:32]}{self.suffix}"


def _digest(kind: str, spec: dict, layout) -> str:
    payload = {
        "kind": kind,
        "template": TEMPLATE_VERSION,
        "layout": _fields(layout),
        "fonts": font_digest(),
        "spec": spec,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@cache
def _fields(layout) -> dict:
    """A layout's fields (the layouts are frozen constants: asdict once, not twice per item)."""
    return asdict(layout)


def _check(record: Record, names: tuple[str, ...]) -> None:
    meta = record.meta
    texts = {field_label(type(meta), n): str(getattr(meta, n)) for n in names if getattr(meta, n, None)}
    check_glyphs(texts, record.path)


def lecture_specs(record: Record[Lecture], site) -> tuple[dict, dict]:
    """Cover and poster specs of a lecture: every text and colour they show."""
    meta, settings = record.meta, site.settings
    _check(record, ("title", "speaker", "speaker_title", "venue", "time", "summary"))
    who = f"主讲人：{meta.speaker}" + (f"　{meta.speaker_title}" if meta.speaker_title else "")
    cover = {
        "color": LECTURE_COLOR,
        "kicker": settings.series_name,
        "badge": f"第{meta.episode}期",
        "title": meta.title,
        "footer": [who, cn_date(meta.date)],
        "bureau": settings.bureau_name,
    }
    when = f"{cn_date(meta.date)}（{cn_weekday(meta.date)}）" + (f" {meta.time}" if meta.time else "")
    if not site.site_url:
        raise StaffError("mkdocs.yml 缺少 site_url（网站地址），无法生成海报上的二维码。")
    poster = {
        "color": LECTURE_COLOR,
        "kicker": settings.series_name,
        "badge": f"第{meta.episode}期",
        "title": meta.title,
        "speaker": meta.speaker,
        "speaker_title": meta.speaker_title or "",
        "facts": [["时间", when], ["地点", meta.venue or ""]],
        "summary": meta.summary,
        "url": site.site_url + record.url,
        "bureau": settings.bureau_name,
        "site_name": SITE_NAME,
        "qr_note": "讲座预告 · 时间地点 · 相关案例"
        if is_upcoming(record, site.collection.today)
        else "视频回放 · 讲座要点 · 相关案例",
    }
    return cover, poster


def case_spec(record: Record[Case], site) -> dict:
    """Cover spec of a case, coloured by its category."""
    meta, settings = record.meta, site.settings
    _check(record, ("title", "category"))
    return {
        "color": category_color(meta.category, settings.case_categories),
        "kicker": "以案释法",
        "badge": meta.category,
        "badge_light": True,
        "title": meta.title,
        "footer": [cn_date(meta.date)],
        "bureau": settings.bureau_name,
    }


def site_spec(site) -> dict:
    """The default cover for pages that are not a lecture or a case."""
    settings = site.settings
    check_glyphs(
        {"mkdocs.yml extra.series_name": settings.series_name, "mkdocs.yml extra.bureau_name": settings.bureau_name},
        "mkdocs.yml",
    )
    return {
        "color": LECTURE_COLOR,
        "kicker": SITE_NAME,
        "badge": "普法专栏",
        "title": SITE_TAGLINE,
        "footer": [f"{settings.series_name} · 以案释法 · 公示公告"],
        "bureau": settings.bureau_name,
    }


def _cover_jobs(paths: dict[str, str], spec: dict) -> list[Job]:
    cover = Job(paths["cover"], _digest("cover", spec, COVER), ".png", ("cover", spec))
    # The cover's drawing at the thumbnail's size (cover_render), so its digest is of the same spec.
    thumb = Job(
        paths["thumb"],
        _digest("thumb", {"cover": spec, "cover_layout": _fields(COVER)}, THUMB),
        ".webp",
        ("thumb", spec),
    )
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
        if is_lecture(record):
            cover, poster = lecture_specs(record, site)
            jobs.append(Job(paths["poster"], _digest("poster", poster, POSTER), ".png", ("poster", poster)))
        elif is_case(record):
            cover = case_spec(record, site)
        jobs += [_custom_thumb(record, custom, docs_dir, paths)] if custom else _cover_jobs(paths, cover)
    return jobs


def _units(missing: list[Job]) -> list[Unit]:
    """The missing jobs as units of work: a cover takes its thumbnail along, posters (the longest) first."""
    units: list[Unit] = []
    by_name: dict[str, Unit] = {}
    for job in missing:
        if job.name in by_name:  # two items with identical images: draw once, publish twice
            by_name[job.name][2].append(job.path)
            continue
        last = units[-1] if units else None  # plan() puts a cover's thumbnail right after it
        owner = last if job.task[0] == "thumb" and last and last[0] == ("cover", job.task[1]) else None
        if owner is not None and len(owner[1]) == 1:
            owner[1].append(job.name)
            owner[2].append(job.path)
            by_name[job.name] = owner
        else:
            by_name[job.name] = (job.task, [job.name], [job.path])
            units.append(by_name[job.name])
    return sorted(units, key=lambda unit: unit[0][0] != "poster")


def start(site, docs_dir: Path) -> dict[str, Path]:
    """Plan every image, start drawing the missing ones; ``{site path: cached file}`` (drawn by ``finish``).

    A text the fonts cannot draw stops here, before anything is drawn (GlyphMissing).
    """
    abandon()
    STATS.drawn.clear()
    STATS.reused = 0
    cache = images.cache_dir(docs_dir)
    cache.mkdir(parents=True, exist_ok=True)
    jobs = plan(site, docs_dir, cache)
    missing = [job for job in jobs if not (cache / job.name).is_file()]
    STATS.reused = len(jobs) - len(missing)
    if missing:  # an unchanged rebuild draws nothing and imports no drawing code
        draw(_units(missing), cache)
    return {job.path: cache / job.name for job in jobs}


def provide(site, docs_dir: Path) -> dict[str, Path]:
    """Covers, thumbnails and posters of the site, all drawn: ``{site path: cached file}``."""
    published = start(site, docs_dir)
    finish()
    return published
