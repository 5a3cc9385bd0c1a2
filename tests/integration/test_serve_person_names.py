"""make serve with a YAML escape that makes a NUL and a 自然人 notice naming its party: the error page, no traceback."""

from __future__ import annotations

import html
import re

from support import LECTURE, PENALTY, fetch, wait_for

NOTICE = PENALTY.replace(
    "party: 绍兴某顺物流有限公司\nparty_type: 法人及非法人组织\ncredit_code: 91330603MA2BW4LE4C",
    "party: 王某\nparty_type: 自然人",
).replace("facts: 车货总质量超过限值。", "facts: 王建国驾驶的车辆车货总质量超过限值。")
BAD_TAG = LECTURE.replace("tags: [行政复议, 依法行政]", 'tags: ["主题\\0尾", 依法行政]')


def test_preview_shows_both_problems_and_recovers(project, preview):
    proj = project({"lectures/2023-03-a.md": BAD_TAG, "notices/2026-09-chufa.md": NOTICE})
    home, log_path = preview(proj, via="properdocs")
    assert wait_for(lambda: "王建国" in fetch(home), 90), log_path.read_text()
    page = html.unescape(re.sub(r"<[^>]+>", "", fetch(home)))
    assert "docs/lectures/2023-03-a.md:7: 字段 tags[1] 含有不可见的空字符 NUL（第 3 个字符）" in page
    assert "docs/notices/2026-09-chufa.md:10: facts（违法事实）中的“王建国”像是当事人的全名" in page
    (proj / "docs/lectures/2023-03-a.md").write_text(LECTURE, encoding="utf-8")
    (proj / "docs/notices/2026-09-chufa.md").write_text(NOTICE.replace("王建国驾驶", "当事人驾驶"), encoding="utf-8")
    assert wait_for(lambda: "新修订" in fetch(home + "lectures/"), 60), log_path.read_text()
    log_text = log_path.read_text()
    assert "Traceback" not in log_text and "embedded null byte" not in log_text
