"""What the preview remembers of pure results from one save to the next.

``make serve`` builds once per save in one process; at 10,000 items each save redid work over every
file whose inputs had not changed (reading every link of every page, every search entry's text, every
staff file's personal-number scan). A ``LastBuild`` keeps one function's results by their inputs: a
build looks up the last build's results, keeps what it uses, and the rest is dropped when the next
build begins, so what is remembered never outgrows one build.

Off unless the process serves the preview (``keep(True)`` in pipeline step 1): a build that publishes
runs once and computes every result afresh, the plain path. Each use is held equal to that plain path
by a test with memos on, through edits.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Generic, Hashable, Iterator, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_ALL: list[LastBuild] = []
_on = False


class LastBuild(Generic[K, V]):
    """One pure function's results by their inputs, kept from the last build to this one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.last: dict[K, V] = {}
        self.now: dict[K, V] = {}
        _ALL.append(self)

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The result for ``key``: this build's or the last build's, else ``compute()`` (always, when off)."""
        if not _on:
            return compute()
        if key in self.now:
            return self.now[key]
        value = self.last[key] if key in self.last else compute()
        self.now[key] = value
        return value


def keep(on: bool) -> None:
    """A build begins: memos on (the preview) or off; either way the build before last is forgotten."""
    global _on
    _on = on
    for memo in _ALL:
        memo.last, memo.now = (memo.now, {}) if on else ({}, {})


def active() -> bool:
    return _on


@contextmanager
def paused() -> Iterator[None]:
    """The plain path for a while, every memo kept as it is (tests hold each memo equal to the plain path)."""
    global _on
    was, _on = _on, False
    try:
        yield
    finally:
        _on = was
