"""make serve with a personal number: the preview shows the error page with the number masked, never the page."""

from __future__ import annotations


from support import LECTURE, fetch, wait_for

MOBILE = "15958126600"


def test_preview_masks_a_personal_number_and_recovers(project, preview):
    lecture = LECTURE.replace("解读新修订行政复议法的主要变化。", "解读要点，报名电话 159 5812 6600。")
    proj = project({"lectures/2023-03-a.md": lecture})
    home, log_path = preview(proj, via="properdocs", epoch=None)
    url = home + "lectures/"
    assert wait_for(lambda: "159****6600" in fetch(home), 90), log_path.read_text()
    page = fetch(home)
    assert MOBILE not in page and "159 5812 6600" not in page
    assert "docs/lectures/2023-03-a.md:6:" in page and "改写为 159****6600" in page
    (proj / "docs/lectures/2023-03-a.md").write_text(lecture.replace("159 5812 6600", "159****6600"), encoding="utf-8")
    assert wait_for(lambda: "新修订" in fetch(url), 60), log_path.read_text()
    log_text = log_path.read_text()
    assert MOBILE not in log_text and "159 5812 6600" not in log_text
