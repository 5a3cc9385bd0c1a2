"""The preview's memos (runtime/memo.py): each gives what the plain path gives, through edits, and is used."""

from __future__ import annotations

from contextlib import contextmanager

from farun.cli import read_config
from farun.content.settings import load_settings
from farun.publish import searchindex, usage
from farun.runtime import memo
from farun.site.engine import prepare
from support import TEST_DAY, make_project

LECTURE = (
    "---\ntitle: 讲座{n}\ndate: 2026-03-1{n}\nepisode: {n}\nspeaker: 王主讲\nsummary: 摘要。\ntags: [依法行政]\n---\n\n"
    "正文见[附件](../files/{f}.txt)。\n"
)


@contextmanager
def preview():
    memo.keep(True)
    try:
        yield lambda: memo.keep(True)
    finally:
        memo.keep(False)


def test_a_memo_keeps_the_last_builds_results_only():
    calls = []
    square = memo.LastBuild("test square")

    def get(x):
        return square.get(x, lambda: calls.append(x) or x * x)

    assert (get(3), get(3), calls) == (9, 9, [3, 3])  # off: the plain path every time
    calls.clear()
    with preview() as next_build:
        assert (get(3), get(3), get(4)) == (9, 9, 16) and calls == [3, 4]
        next_build()
        assert get(3) == 9 and calls == [3, 4]  # the last build's
        next_build()
        next_build()
        assert get(4) == 16 and calls == [3, 4, 4]  # used two builds ago: forgotten
        with memo.paused():
            assert get(3) == 9 and calls == [3, 4, 4, 3]


def test_the_files_pages_use_are_the_plain_paths_through_edits(tmp_path, monkeypatch):
    files = {f"files/{f}.txt": "附件\n" for f in "abc"}
    files |= {f"lectures/2026-03-{n}.md": LECTURE.format(n=n, f="a") for n in (1, 2)}
    proj = make_project(tmp_path, files)
    docs = proj / "docs"
    settings = load_settings(read_config(proj / "mkdocs.yml")["extra"])
    read = []
    real = usage.named_in_markdown
    monkeypatch.setattr(usage, "named_in_markdown", lambda body, src: read.append(src) or real(body, src))
    with preview() as next_build:
        for step, (n, f) in enumerate(((1, "a"), (1, "b"), (2, "c"), (2, "c"))):
            (docs / f"lectures/2026-03-{n}.md").write_text(LECTURE.format(n=n, f=f), encoding="utf-8")
            site = prepare(docs, settings, TEST_DAY)
            read.clear()
            used = usage.used_in_sources(site.collection, site.pages)
            remembered = set(read)
            with memo.paused():
                assert used == usage.used_in_sources(site.collection, site.pages)
            assert f"files/{f}.txt" in used
            assert f"lectures/2026-03-{n}.md" in remembered or (n, f) == (2, "c")  # the edited page is read again
            assert step == 0 or "about.md" not in remembered  # unchanged since the last save
            next_build()


def test_the_search_entries_text_is_the_plain_paths_through_edits():
    def index(words):
        return {"docs": [{"location": f"p{k}/", "title": "题", "text": f"<p>{w}<b>文</b>\n字</p>"} for k, w in enumerate(words)]}

    with preview() as next_build:
        for words in (["甲", "乙"], ["甲", "丙"], ["丁", "丙"]):
            remembered = searchindex.compact(index(words), set())
            with memo.paused():
                assert remembered == searchindex.compact(index(words), set())
            next_build()
        assert len(searchindex._PLAIN.last) == 2  # what the last build used, and nothing older
