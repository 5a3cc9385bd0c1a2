"""Drawing the missing images: here, or in worker processes while MkDocs renders the pages.

covers.py says which images a build needs; this module gets the missing ones
drawn. Few are drawn at once in this process. Many go to the build's worker
processes (runtime/workers.py: one per core but one, this process renders the pages meanwhile), in batches;
``finish`` waits for them, drawing itself the batches no worker has started,
and ``abandon`` drops the work of a failed build.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from farun.runtime import timing, workers
from farun.runtime.errors import StaffError

Unit = tuple[tuple, list[str], list[str]]  # (task, cache names, site paths): one call of cover_render.make


@dataclass
class CoverStats:
    """What the last run did: images drawn (site paths) and reused from the cache."""

    drawn: list[str] = field(default_factory=list)
    reused: int = 0


STATS = CoverStats()


def drawing_progress(total: int, stream=None) -> timing.Progress:
    """``绘制图片 3/20，预计还需 4 秒`` on stderr when it is a terminal: the build's one progress line."""
    return timing.Progress(total, stream, every=0.0, text=timing.drawing_text)


PARALLEL_FROM = 12  # fewer missing images are drawn in this process: starting workers costs more


BATCH = 8  # units per worker task (~0.3 s of drawing)


@dataclass
class _Drawing:
    """Batches of units handed to worker processes and not yet waited for."""

    cache: Path
    batches: list[list[Unit]]
    futures: list[Future]


_running: _Drawing | None = None


def _draw_here(units: list[Unit], cache: Path, progress: timing.Progress | None = None) -> None:
    from farun.images import cover_render  # Pillow and the fonts: imported only when something is drawn

    progress = progress or drawing_progress(sum(len(paths) for _, _, paths in units))
    for task, names, paths in units:
        cover_render.make(task, names, str(cache))
        for path in paths:
            STATS.drawn.append(path)
            progress.step()


def _draw_in_workers(units: list[Unit], cache: Path, count: int) -> _Drawing:
    from farun.images import cover_render

    # The build's shared workers (runtime/workers.py: spawned, die with the build, shared with the PII scan
    # of pages, which queues behind the images). Batches, not single units: the pool queues only
    # workers + 1 tasks, and refilling the queue needs the build process's GIL.
    pool = workers.pool()
    size = max(1, min(BATCH, len(units) // (count * 4)))
    batches = [units[i : i + size] for i in range(0, len(units), size)]
    futures = [
        pool.submit(cover_render.make_all, [(task, names) for task, names, _ in batch], str(cache)) for batch in batches
    ]
    return _Drawing(cache, batches, futures)


def draw(units: list[Unit], cache: Path) -> None:
    """Draw ``units`` into ``cache``: at once here when few, else in workers (``finish`` waits)."""
    global _running
    abandon()
    # One core is left to this process, which renders the pages meanwhile: more workers only slow it down
    # (N=100 cold build on 2 cores: 1.40x plain with one worker, 1.66x with two), and it draws too in finish().
    count = min(workers.cores() - 1, workers.MAX_WORKERS)
    if sum(len(names) for _, names, _ in units) < PARALLEL_FROM or count < 1:
        _draw_here(units, cache)
    else:
        _running = _draw_in_workers(units, cache, count)


def finish() -> None:
    """Wait for the images ``draw`` handed to workers; a drawing error raises (ValueError: in Chinese)."""
    global _running
    drawing, _running = _running, None
    if drawing is None:
        return
    progress = drawing_progress(sum(len(paths) for batch in drawing.batches for _, _, paths in batch))
    try:
        # This process has nothing else to do now: it draws, from the end, the batches no worker has started.
        for future, batch in zip(reversed(drawing.futures), reversed(drawing.batches)):
            if not future.cancel():
                break
            _draw_here(batch, drawing.cache, progress)
        for future, batch in zip(drawing.futures, drawing.batches):
            if future.cancelled():
                continue
            future.result()  # re-raises a worker's error, e.g. images.BadImage for a broken staff cover
            for _, _, paths in batch:
                for path in paths:
                    STATS.drawn.append(path)  # counted here: workers' module state is not ours
                    progress.step()
    except BrokenProcessPool as exc:
        workers.broken()
        raise StaffError(
            f"绘制封面和海报的子进程意外退出（{exc}）。请重新构建；如果反复出现，请检查内存是否不足。"
        ) from None


def abandon() -> None:
    """Drop the drawing of a build that failed: queued images are not drawn (the workers stop with the build,
    workers.shutdown)."""
    global _running
    drawing, _running = _running, None
    if drawing is not None:
        for future in drawing.futures:
            future.cancel()
