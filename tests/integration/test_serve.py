"""``make serve``: an edit shows up in the preview once, with no rebuild loop."""

from __future__ import annotations

import time

from support import LECTURE, changed_since, fetch, wait_for


# The live-reload server logs this after every rebuild that finished (the preview's partial rebuilds do not always
# reach the engine's own "Documentation built" line).
REBUILT = "Reloading browsers"


def test_edit_appears_once_without_rebuild_loop(project, preview):
    proj = project({"lectures/2023-03-a.md": LECTURE})
    started = time.time_ns()
    base, log_path = preview(proj, via="properdocs", epoch=None)
    url = base + "lectures/"
    assert wait_for(lambda: "新修订" in fetch(url), 60), log_path.read_text()
    builds_before = log_path.read_text().count(REBUILT)
    lecture, added = proj / "docs/lectures/2023-03-a.md", proj / "docs/lectures/2023-04-b.md"
    lecture.write_text(LECTURE.replace("新修订《行政复议法》要点解读", "行政复议法修订版速览"), encoding="utf-8")
    assert wait_for(lambda: "行政复议法修订版速览" in fetch(url), 30), log_path.read_text()
    added.write_text(
        LECTURE.replace("episode: 1", "episode: 2").replace("新修订《行政复议法》要点解读", "新增的一期讲座"),
        encoding="utf-8",
    )
    assert wait_for(lambda: "新增的一期讲座" in fetch(url), 30), log_path.read_text()
    builds = log_path.read_text().count(REBUILT) - builds_before
    # Two saves, at most two builds (a loaded machine may fold them into one).
    assert 1 <= builds <= 2, log_path.read_text()
    # No rebuild loop, by its cause: the builds wrote nothing the server watches (only the test's two saves).
    assert changed_since(started, proj) == sorted([lecture, added])
    # ... and by its effect: a last save, once served and logged, makes three builds at most for three saves.
    added.write_text(
        added.read_text(encoding="utf-8").replace("新增的一期讲座", "新增的一期讲座（修订）"), encoding="utf-8"
    )
    assert wait_for(lambda: "新增的一期讲座（修订）" in fetch(url), 30), log_path.read_text()
    # The page is served a moment before the engine logs REBUILT: wait for the line.
    assert wait_for(lambda: log_path.read_text().count(REBUILT) - builds_before > builds, 30), log_path.read_text()
    assert log_path.read_text().count(REBUILT) - builds_before <= 3, log_path.read_text()
    assert not any(p.name == "index.md" for p in (proj / "docs").rglob("*.md")), "generated files written into docs/"
