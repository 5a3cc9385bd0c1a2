"""The wizard and the importer hold a 自然人 party's full name, once refused, against every other answer (22.2)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from support import farun
from test_import import PENALTY_HEAD, run, xlsx
from test_wizard import GOOD, HEADER, drive

from farun.authoring.rowchecks import full_name_answers, full_name_cells
from farun.pii.names import COMMON_SURNAMES, given_name_chars
from farun.content.schema_notices import PenaltyNotice

PERSON = [
    "王小明",
    "自然人",
    None,
    "绍市交执罚〔2026〕78号",
    "非法营运",
    "王小明驾驶私家车揽客。",
    "依据",
    "罚款",
    0.1,
    "2026-10-06",
    "绍兴市交通运输行政执法队",
    None,
    "一般",
    "王小明",
]
LEAK = "含有当事人的全名“王小明”：自然人当事人只能公开姓氏（建议：写成“王某”）"


def test_importer_names_every_column_holding_the_refused_full_name(project, tmp_path):
    proj = project({})
    book = xlsx(tmp_path / "双公示.xlsx", {"处罚": [PENALTY_HEAD, PERSON]})
    first = run(proj, "import", str(book))
    assert first.returncode == 1 and "Traceback" not in first.stderr
    where = "双公示.xlsx 工作表“处罚” 第2行"
    assert [line.strip() for line in first.stdout.splitlines() if line.startswith("  双公示")] == [
        f"{where} “行政相对人名称”列：party（行政相对人名称）为自然人时只能公开姓氏，应写成 “王某” 或 “王**”，实际为 “王小明”",
        f"{where} “违法事实”列：{LEAK}",  # 法定代表人 is not imported: not published, not reported
    ]
    # The clerk masks the party only: the content check still finds the name in 违法事实.
    book = xlsx(tmp_path / "双公示.xlsx", {"处罚": [PENALTY_HEAD, ["王某"] + PERSON[1:]]})
    second = run(proj, "import", str(book))
    assert second.returncode == 1
    assert (
        f"{where} “违法事实”列：facts（违法事实）中的“王小明”像是当事人的全名：自然人当事人（王某）只能公开姓氏"
        "（建议：写成“王某”）"
    ) in second.stdout
    assert not (proj / "docs/notices").exists() or not list((proj / "docs/notices").glob("*.md"))


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(sorted(COMMON_SURNAMES)),
    st.lists(st.sampled_from(sorted(given_name_chars())), min_size=1, max_size=2).map("".join),
    st.sampled_from(["{}驾驶车辆", "经查，{} 承认", "当事人{}（男）", "{}"]),
    st.sampled_from(["", " ", "\u200b"]),
)
def test_generated_full_names_in_any_column_are_found(surname, given_name, template, gap):
    full = surname + given_name
    data = {
        "party": full,
        "party_type": "自然人",
        "facts": template.format(surname + gap + given_name),
        "title": f"{full}行政处罚公示",
        "tags": ["a", template.format(full)],
    }
    sources = {"party": "行政相对人名称", "facts": "违法事实", "title": "行政相对人名称", "tags": "主题"}
    found = full_name_cells(data, sources, derived={"title"})
    message = f"含有当事人的全名“{full}”：自然人当事人只能公开姓氏（建议：写成“{surname}某”）"
    assert found == [("违法事实", message), ("主题", message)]
    assert full_name_cells({**data, "party": surname + "某"}, sources, set()) == []  # masked: the content check's job
    assert full_name_cells({**data, "party_type": "法人及非法人组织"}, sources, set()) == []


def test_wizard_remembers_the_refused_full_name_for_every_answer():
    context: dict = {"today": dt.date(2026, 11, 25)}
    before = {"type": "行政处罚公示", "title": "示例｜王小明超限运输", "party_type": "自然人", "party": "王小明"}
    assert full_name_answers(PenaltyNotice, before, context) == {"title": f"title（标题）{LEAK}"}
    later = {"type": "行政处罚公示", "party_type": "自然人", "party": "王某", "facts": "王 小明驾驶车辆。"}
    assert full_name_answers(PenaltyNotice, later, context) == {"facts": f"facts（违法事实）{LEAK}"}
    # Another run knows no typed name; the party's surname with a given name is still what make check refuses.
    assert full_name_answers(PenaltyNotice, later, {}) == {
        "facts": "facts（违法事实）中的“王小明”像是自然人的姓名：只能公开姓氏（建议：写成“王某”）"
    }


def test_wizard_refuses_the_full_name_in_earlier_and_later_answers(project):
    proj = project({})
    queues = {
        "type": ["行政处罚公示"],
        "party_type": ["自然人"],
        "party": ["王小明", "王某"],
        "title": ["示例｜王小明超限运输行政处罚公示", "示例｜王某超限运输行政处罚公示"],
        "facts": ["王小明驾驶车辆超限。", "当事人驾驶车辆超限。"],
    }
    asked: list[str] = []

    def answer(shown: str) -> str:
        if shown.rstrip().endswith("确认写入吗？（是/否，直接回车为“是”）："):
            return "是"
        last = shown.rsplit("\n文件名 — ", 1)
        if len(last) == 2 and HEADER.search(last[1]) is None:
            return "x"
        name = HEADER.findall(shown)[-1]
        asked.append(name)
        queue = queues.get(name)
        return queue.pop(0) if queue and len(queue) > 1 else (queue[0] if queue else GOOD[name])

    code, out, err = drive(proj, answer)
    assert code == 0, out + err
    assert "✗ party（行政相对人名称）为自然人时只能公开姓氏，应写成 “王某” 或 “王**”，实际为 “王小明”" in out
    assert f"✗ title（标题）{LEAK}" in out  # answered before the party, asked again
    assert f"✗ facts（违法事实）{LEAK}，请重新输入。" in out  # answered after: refused at once
    text = next((proj / "docs/notices").glob("*-x.md")).read_text(encoding="utf-8")
    assert "王小明" not in text and "party: 王某\n" in text


def test_wizard_arguments_of_a_case_or_a_natural_person_notice_name_no_person(project):
    proj = project({})
    notice = farun(
        proj,
        "new",
        "notice",
        "--type",
        "行政处罚公示",
        "--party-type",
        "自然人",
        "--party",
        "王某",
        "--title",
        "王建国超限案",
        "--facts",
        "当事人李小明驾驶车辆",
    )
    assert notice.returncode == 2 and notice.stderr.splitlines() == [
        "参数 --title：title（标题）中的“王建国”像是自然人的姓名：只能公开姓氏（建议：写成“王某”）",
        "参数 --facts：facts（违法事实）中的“李小明”像是自然人的姓名：只能公开姓氏（建议：写成“李某”）",
    ]
    case = farun(proj, "new", "case", "--title", "示例｜车主赵建国非法营运案", "--summary", "车主赵某揽客。")
    assert case.returncode == 2 and case.stderr.splitlines() == [
        "参数 --title：title（标题）中的“赵建国”像是自然人的姓名：只能公开姓氏（建议：写成“赵某”）"
    ]
    company = farun(proj, "new", "notice", "--type", "通知", "--title", "举报人李小明反映问题的处理通知")
    assert "李小明" not in company.stderr  # another notice: a reminder of make check, not a refusal
