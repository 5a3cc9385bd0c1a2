"""The degraded build of the daily rebuild (``farun build --leave-out-invalid``) with 22.2/22.3 inputs: left out, named."""

from __future__ import annotations

from support import PENALTY, farun, lecture

NOTICE = PENALTY.replace(
    "party: 绍兴某顺物流有限公司\nparty_type: 法人及非法人组织\ncredit_code: 91330603MA2BW4LE4C",
    "party: 王某\nparty_type: 自然人",
).replace("facts: 车货总质量超过限值。", "facts: 王建国驾驶的车辆车货总质量超过限值。")


def test_a_nul_escape_and_a_full_name_are_left_out_and_the_rest_published(project):
    proj = project(
        {
            "lectures/a.md": lecture(1, "第一期讲座"),
            "lectures/b.md": lecture(2, "第二期讲座").replace("tags: [行政复议]", 'tags: ["行政\\0复议"]'),
            "notices/2026-09-x.md": NOTICE,
        }
    )
    result = farun(proj, "build", "--leave-out-invalid")
    log = result.stdout + result.stderr
    assert result.returncode == 3 and "Traceback" not in log, log
    assert "略去 docs/lectures/b.md：docs/lectures/b.md:7: 字段 tags[1] 含有不可见的空字符 NUL（第 3 个字符）" in log
    assert (
        "略去 docs/notices/2026-09-x.md：docs/notices/2026-09-x.md:10: facts（违法事实）中的“王建国”像是当事人的全名："
        "自然人当事人（王某）只能公开姓氏（建议：写成“王某”）"
    ) in log
    texts = [p for p in (proj / "site").rglob("*") if p.suffix in {".html", ".json", ".xml", ".csv", ".txt", ".ics"}]
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in texts)
    assert "第一期讲座" in published and "王建国" not in published and "\x00" not in published
