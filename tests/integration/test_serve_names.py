"""#27.9 through the real preview (make serve): an embargoed lecture's attachment, and a file nothing uses, are not
served (the build's rule), and a request
the file system cannot answer (``/%00`` and other control characters) is a 404 with no Python traceback."""

from __future__ import annotations

import urllib.error
import urllib.request

from hypothesis import given, settings, strategies as st

from support import LECTURE, fetch, wait_for

from farun.site.preview import refused_request

EMBARGOED = (
    LECTURE.replace("episode: 1", "episode: 2\npublish: 2027-06-01").replace(
        "新修订《行政复议法》要点解读", "未到发布日期的讲座"
    )
    + "\n[讲义](../files/2027-embargo.txt)\n"
)
OPEN = LECTURE + "\n[公开讲义](../files/2023-open.txt)\n"


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@settings(max_examples=60, deadline=None)
@given(
    before=st.text(alphabet="abc/._-行", max_size=6),
    control=st.integers(0, 31) | st.just(127),
    after=st.text(alphabet="abc/._-", max_size=6),
)
def test_paths_with_control_characters_are_refused(before, control, after):
    assert refused_request(f"/fxjt/{before}{chr(control)}{after}")
    assert not refused_request(f"/fxjt/{before}{after}")


def test_preview_hides_embargoed_attachment_and_answers_nul_with_404(project, preview):
    proj = project(
        {
            "lectures/2023-03-open.md": OPEN,
            "lectures/2027-06-embargo.md": EMBARGOED,
            "files/2027-embargo.txt": "未公开的讲义\n",
            "files/2023-open.txt": "公开的讲义\n",
            "files/nobody.txt": "没有页面使用\n",
        }
    )
    base, log_path = preview(proj)
    assert wait_for(lambda: "新修订" in fetch(base + "lectures/"), 120), log_path.read_text()
    assert "公开的讲义" in fetch(base + "files/2023-open.txt")
    assert status(base + "files/2027-embargo.txt") == 404
    assert status(base + "files/nobody.txt") == 404  # as the build: a file no published page uses
    assert status(base + "lectures/2027-06-embargo/") == 404
    for bad in ("%00", "files/%00.txt", "%00/", "a%01b", "lectures/%1b"):
        assert status(base + bad) == 404, bad
    assert status(base.removesuffix("fxjt/") + "%00") == 404
    text = log_path.read_text()
    assert "Traceback" not in text and "500 Internal" not in text and "embedded null" not in text, text
    assert "不发布 docs/files/2027-embargo.txt" in text, text
