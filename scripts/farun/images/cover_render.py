"""Draw planned images into the cache: what worker processes import.

Only Pillow, the fonts and the drawing code, not the content model: a spawned
worker starts in a fraction of a second, and the build process, which only
hands the work out, does not import the drawing code. A unit of work is plain
picklable data, ``(task, names)``, so covers.py can run units here or in a worker:

- ``("cover", spec)``: the cover into ``names[0]`` and, when asked, its
  thumbnail into ``names[1]``;
- ``("thumb", spec)``: only the thumbnail of that cover (its cover is in the cache). A thumbnail
  is the cover's drawing at its own size (cover_art.draw_cover_thumb), not the cover resized;
- ``("poster", spec)``;
- ``("thumb_file", source, shown)``: a thumbnail of a staff image (resized).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from PIL import Image

from farun.images import staff as images
from farun.images.cover_layout import THUMB


def _save(img: Image.Image, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # concurrent builds and workers share the cache
    if target.suffix == ".webp":  # effort 2, not 4: half the time for a file 2-3% larger
        img.save(tmp, "WEBP", quality=THUMB.quality, method=2)
    else:  # zlib's run-length strategy suits flat colours: 3x faster than level 6, covers ~10% and posters ~25% larger
        img.save(tmp, "PNG", compress_level=6, compress_type=zlib.Z_RLE)
    tmp.replace(target)


def make(task: tuple, names: list[str], cache: str) -> None:
    """Draw one unit of work into the ``cache`` folder (in this process or a worker)."""
    # Imported by whoever draws: the build process only hands the work out (segno, fonts, drawing code).
    from farun.images.cover_art import draw_cover, draw_cover_thumb, draw_poster, draw_thumb

    folder = Path(cache)
    kind, *args = task
    if kind in ("cover", "poster"):
        drawn = draw_cover(args[0]) if kind == "cover" else draw_poster(args[0])  # palette images (canvas.py)
        _save(drawn, folder / names[0])
        if len(names) > 1:  # the cover's thumbnail, its title broken as the cover's (cover_art._title is cached)
            _save(draw_cover_thumb(args[0]).convert("RGB"), folder / names[1])
    elif kind == "thumb":
        _save(draw_cover_thumb(args[0]).convert("RGB"), folder / names[0])
    else:
        source, shown = args
        _save(draw_thumb(images.open_checked(Path(source), shown)), folder / names[0])


def make_all(batch: list[tuple[tuple, list[str]]], cache: str) -> None:
    """Draw several units: one call per worker task, so a worker has work queued while the build process is busy."""
    for task, names in batch:
        make(task, names, cache)
