"""Names of natural persons (issue 27.8, 22.2): the exact masked form of a 自然人 party."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings, strategies as st
from pydantic import ValidationError

from support import PENALTY

from farun.content.frontmatter import parse
from farun.pii.names import COMPOUND_SURNAMES, is_masked, surname_of
from farun.content.schema_notices import PenaltyNotice

NATURAL = PENALTY.replace(
    "party: 绍兴某顺物流有限公司\nparty_type: 法人及非法人组织\ncredit_code: 91330603MA2BW4LE4C",
    "party: 王某\nparty_type: 自然人",
)
# Han characters that may stand for a surname or a given name (not the mask characters themselves).
han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF).filter(lambda c: c != "某")
surnames = st.one_of(han, st.sampled_from(COMPOUND_SURNAMES))
masks = st.sampled_from(["某", "某某", "*", "**", "＊", "＊＊"])


def party_errors(party: str) -> list[str]:
    doc, errors = parse(NATURAL.replace("party: 王某", f"party: {party!r}".replace("'", '"')).encode("utf-8"), "a.md")
    assert doc is not None and not errors
    try:
        PenaltyNotice.model_validate(doc.data)
    except ValidationError as exc:
        return [e["msg"] for e in exc.errors()]
    return []


def refusal(party: str, surname: str) -> list[str]:
    return [f"为自然人时只能公开姓氏，应写成 “{surname}某” 或 “{surname}**”，实际为 “{party}”"]


@pytest.mark.parametrize(
    "party", ["王某", "王某某", "王*", "王**", "王＊＊", "欧阳某", "欧阳某某", "司马**", "诸葛某", "上官*"]
)
def test_masked_forms_pass(party):
    assert party_errors(party) == []


@pytest.mark.parametrize(
    "party, surname",
    [
        ("王明某", "王"),
        ("李小**", "李"),
        ("张伟某某", "张"),
        ("王***", "王"),
        ("王某某某", "王"),
        ("王某*", "王"),
        ("欧阳明某", "欧阳"),
        ("王建国", "王"),
        ("王", "王"),
        ("某某", "某"),
        ("王 某", "王"),
        ("Wang某", "W"),
    ],
)
def test_other_forms_are_refused_with_the_masked_suggestion(party, surname):
    assert party_errors(party) == refusal(party, surname)


@settings(max_examples=200, deadline=None)
@given(surnames, masks)
def test_generated_masked_names_pass(surname, mask):
    assert is_masked(surname + mask)
    assert surname_of(surname + mask) == surname


@settings(max_examples=300, deadline=None)
@given(surnames, st.lists(han, min_size=1, max_size=2).map("".join), st.sampled_from(["某", "某某", "*", "**", ""]))
def test_generated_names_with_given_name_characters_are_refused(surname, given_name, mask):
    assume(surname + given_name[0] not in COMPOUND_SURNAMES)  # 欧 + 阳 + 某 is the compound 欧阳某
    name = surname + given_name + mask
    assert not is_masked(name)
    assert surname_of(name) == surname


@settings(max_examples=100, deadline=None)
@given(surnames, st.integers(min_value=3, max_value=6), st.sampled_from("某*＊"))
def test_generated_long_masks_are_refused(surname, count, char):
    assert not is_masked(surname + char * count)


# --- 22.2: names of natural persons in notices and cases ---------------------------------------------

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402

from support import CASE, LECTURE, NOTICE, farun, mkdocs_build  # noqa: E402

from farun.cli import read_config  # noqa: E402
from farun.pii import names  # noqa: E402
from farun.pii.names import probable_names, reading_form  # noqa: E402
from farun.content.settings import load_settings  # noqa: E402
from farun.site.engine import validate  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])
TODAY = dt.date(2026, 11, 25)
N = "docs/notices/2026-09-chufa.md"
C = "docs/cases/2023-05-x.md"
LEAK = (
    NATURAL.replace("title: 示例｜某物流公司超限运输行政处罚公示", "title: 示例｜王建国超限运输行政处罚公示")
    .replace("facts: 车货总质量超过限值。", "facts: 王建国驾驶的车辆车货总质量超过限值。")
    .replace("正文。", "经查，当事人王 建国（王某）当场承认。")
)


def checked(tmp_path: Path, files: dict[str, str]) -> tuple[list[str], list[str]]:
    for rel, text in files.items():
        target = tmp_path / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    coll, errors = validate(tmp_path / "docs", SETTINGS, TODAY)
    return [str(e) for e in sorted(errors)], [str(n) for n in coll.notes]


def test_the_issue_example_is_refused_in_title_facts_and_body(tmp_path):
    errors, notes = checked(tmp_path, {"notices/2026-09-chufa.md": LEAK})
    whole = "像是当事人的全名：自然人当事人（王某）只能公开姓氏（建议：写成“王某”）"
    assert errors == [
        f"{N}:2: title（标题）中的“王建国”{whole}",
        f"{N}:10: facts（违法事实）中的“王建国”{whole}",
        f"{N}:20: 正文中的“王建国”{whole}",
    ]
    assert notes == []


@pytest.mark.parametrize(
    "spelling",
    [
        "王建国",
        "王 建国",
        "王\u200b建国",
        "王\u00ad建国",
        "王**建国**",
        "王<span>建</span>国",
        "王~~建~~国",
        "王&#24314;国",
        "王 建 国",
        "王\u3000建国",
        "王建",
        "王建某",
        "王\n建国",
        "王\n  建国",
        "王&nbsp;建国",
        "王<!-- x -->建国",
        "王\u200d建国",
    ],
)
def test_every_spelling_a_reader_reads_as_the_full_name_is_found(tmp_path, spelling):
    text = NATURAL.replace("正文。", f"经查，{spelling}驾驶车辆。")
    errors, _ = checked(tmp_path, {"notices/2026-09-chufa.md": text})
    assert len(errors) == 1 and errors[0].startswith(f"{N}:20: 正文中的“王建")


@pytest.mark.parametrize(
    "text",
    [
        "当事人王某驾驶车辆",
        "王某某称",
        "王**驾驶车辆，未携带证件",
        "王*",
        "王先生、王女士",
        "老王",
        "依据《王某条例》处理",
        "当事人陈述、申辩",
        "关于进一步规范网约车",
        "罚款人民币伍万元",
        "道路运输车辆",
        "高速公路",
        "执法人员张伟、李强到场",
        "车主张贴告示",
        "当事人于同日缴纳罚款",
        "驾驶员初次违法",
        "从业人员管理制度",
        "《中华人民共和国道路运输条例》",
        "王府井",
    ],
)
def test_ordinary_text_with_a_masked_party_is_not_flagged(tmp_path, text):
    errors, notes = checked(tmp_path, {"notices/2026-09-chufa.md": NATURAL.replace("正文。", text)})
    assert errors == [] and notes == []


def test_cases_promise_hidden_parties(tmp_path):
    case = CASE.replace(
        "## 案情简介",
        "## 案情简介\n\n车主赵某驾驶私家车揽客。经查，赵建国未取得许可。\n\n驾驶员：李小明称不知情。"
        "执法人员张伟、陈立新到场。",
    )
    errors, notes = checked(tmp_path, {"cases/2023-05-x.md": case, "lectures/2023-03-a.md": LECTURE})
    rule = "像是自然人的姓名：以案释法案例的当事人信息应虚构或隐去，只写姓氏加“某”"
    assert errors == [
        f"{C}:11: 正文中的“赵建国”{rule}（建议：写成“赵某”）",
        f"{C}:13: 正文中的“李小明”{rule}（建议：写成“李某”）",
    ]
    assert notes == []


def test_lecture_speakers_are_never_reported(tmp_path):
    lecture = LECTURE.replace("speaker: 陈立新", "speaker: 王建国")
    case = CASE.replace("## 案情简介", "## 案情简介\n\n当事人王某。讲座中王建国处长解读了本案。当事人王建国")
    errors, _ = checked(tmp_path, {"cases/2023-05-x.md": case, "lectures/2023-03-a.md": lecture})
    assert errors == []


def test_other_notices_get_a_reminder_not_an_error(tmp_path, project):
    notice = NOTICE.replace("正文。", "举报人李明反映的问题已办结。")
    errors, notes = checked(tmp_path, {"notices/2024-01-x.md": notice})
    reminder = (
        "docs/notices/2024-01-x.md:9: 提醒：正文中的“李明”像是个人的姓名：请确认可以公开，否则只写姓氏加“某”"
        "（建议：写成“李某”）"
    )
    assert errors == [] and notes == [reminder]
    result = farun(project({"notices/2024-01-x.md": notice}), "check")
    assert result.returncode == 0 and reminder in result.stdout


def test_sample_site_has_no_name_error_and_no_reminder():
    coll, errors = validate(ROOT / "docs", SETTINGS, TODAY)
    assert errors == [] and coll.notes == []


CONTEXTS = ["当事人", "驾驶员", "车主", "乘客", "经营者", "当事人：", "违法行为人"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(names.COMMON_SURNAMES - names._ADVERB_SURNAMES) + list(COMPOUND_SURNAMES)),
    st.lists(st.sampled_from(sorted(names.given_name_chars() - names.NOT_GIVEN)), min_size=1, max_size=2).map("".join),
    st.sampled_from(CONTEXTS),
    st.sampled_from(["驾驶车辆", "，", "称", "。", "承认"]),
)
def test_generated_names_after_a_context_word_are_found_unless_an_ordinary_word(surname, given_name, context, after):
    assume(not given_name.startswith(names.TITLES))  # 丁氏, 王先生: the surname only
    text = reading_form(f"经查，{context}{surname}{given_name}{after}")
    hits = probable_names(text)
    ordinary = any(names._word(surname + given_name[:n]) for n in (1, 2))
    if ordinary:  # 陈述, 高明: the surname and the name make a dictionary word (a documented miss)
        assert all(hit.name != surname + given_name for hit in hits)
    else:
        assert [hit.surname for hit in hits] == [surname]
        assert hits[0].name.startswith(surname + given_name[0])


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(names.COMMON_SURNAMES)),
    st.sampled_from(["某", "某某", "*", "**"]),
    st.sampled_from(CONTEXTS),
    st.sampled_from(["驾驶车辆", "，", "称", "。", "承认", "先生"]),
)
def test_generated_masked_names_are_never_found(surname, mask, context, after):
    assert probable_names(reading_form(f"{context}{surname}{mask}{after}"), {surname}) == []


@pytest.mark.parametrize("text", ["当事人曾多次违法", "当事人常年从事", "当事人尚未缴纳", "驾驶员何时", "当事人任何"])
def test_adverb_surnames_after_a_context_word_are_prose_unless_written_masked(text):
    assert probable_names(reading_form(text)) == []
    surname = text[len("当事人") :][0] if text.startswith("当事人") else text[3]
    assert [
        hit.surname for hit in probable_names(reading_form(text.replace(surname, surname + "建国", 1)), {surname})
    ] == [surname]


def test_cached_words_are_the_words_computed_from_the_dictionaries(tmp_path, monkeypatch):
    assert names.ordinary_words() == names.computed_ordinary_words()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    names.ordinary_words.cache_clear()
    try:
        first = names.ordinary_words()  # computed, then written
        assert list(tmp_path.glob("farun/name-words-*.txt"))
        names.ordinary_words.cache_clear()
        assert names.ordinary_words() == first == names.computed_ordinary_words()  # read back
    finally:
        names.ordinary_words.cache_clear()


def test_given_name_characters_file_is_its_derivation():
    assert names.GIVEN_CHARS_FILE.read_text(encoding="utf-8").strip() == names.derived_given_name_chars()


def test_full_name_through_check_and_build(project, tmp_path):
    proj = project({"notices/2026-09-chufa.md": LEAK})
    result = farun(proj, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{N}:2: title（标题）中的“王建国”像是当事人的全名" in result.stderr
    build = mkdocs_build(proj, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert f"{N}:10: facts（违法事实）中的“王建国”像是当事人的全名" in build.stderr


def test_an_item_waiting_for_its_publish_day_is_checked_now_a_draft_is_not(tmp_path):
    case = CASE.replace("## 案情简介", "## 案情简介\n\n当事人王建国驾驶车辆。")
    errors, _ = checked(
        tmp_path, {"cases/2023-05-x.md": case.replace("summary: 摘要。", "summary: 摘要。\npublish: 2027-01-01")}
    )
    assert errors == [
        f"{C}:12: 正文中的“王建国”像是自然人的姓名：以案释法案例的当事人信息应虚构或隐去，只写姓氏加“某”"
        "（建议：写成“王某”）"
    ]
    (tmp_path / "docs/cases/2023-05-x.md").write_text(
        case.replace("summary: 摘要。", "summary: 摘要。\ndraft: true"), encoding="utf-8"
    )
    assert checked(tmp_path, {}) == ([], [])


def test_the_benchmark_corpus_has_no_name_error_and_no_reminder(tmp_path):
    """300 generated lectures, cases and notices of realistic prose (驾驶员张某, 当事人…): no false positive."""
    from farun.bench.corpus import write_project

    proj = write_project(tmp_path / "corpus", 300)
    coll, errors = validate(proj / "docs", load_settings(read_config(proj / "mkdocs.yml")["extra"]), TODAY)
    assert [str(e) for e in errors] == [] and coll.notes == []
    assert coll.cases and coll.notices


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "经查，当事人陆一驾驶车辆",
            ["陆一"],
        ),  # a hypothesis draw: numeral surname and numeral given name, after 当事人
        ("当事人伍二承认", ["伍二"]),
        ("当事人伍万元罚款已缴纳", []),  # a sum of money right after the context word
        ("当事人陆仟元", []),
        ("罚款伍万元", []),
    ],
)
def test_numeral_surnames_after_a_context_word_are_names_unless_a_sum(text, found):
    assert [hit.name for hit in probable_names(reading_form(text))] == found


def test_the_previews_memo_of_findings_equals_a_fresh_check(tmp_path):
    """The preview checks every item after each save: a record unchanged since the last check keeps its findings
    (name_check._FOUND); an edited file, or a changed speaker list, is read again; the memo holds the last check only."""
    from farun.content import name_check

    def fresh(files):
        name_check._FOUND.clear()
        return checked(tmp_path, files)

    lecture = LECTURE.replace("speaker: 陈立新", "speaker: 王建国")
    case = CASE.replace("## 案情简介", "## 案情简介\n\n当事人王某。讲座中王建国处长解读了本案。当事人赵建国")
    files = {"cases/2023-05-x.md": case, "lectures/2023-03-a.md": lecture}
    first = checked(tmp_path, files)
    assert first == fresh(files) and len(first[0]) == 1 and "赵建国" in first[0][0]
    again = checked(tmp_path, files)  # unchanged records: from the memo
    assert again == first and len(name_check._FOUND) == 1
    files["lectures/2023-03-a.md"] = LECTURE  # the speaker is 陈立新 now: 王建国 in the case is a name
    after_speaker = checked(tmp_path, files)
    assert after_speaker == fresh(files) and any("王建国" in line for line in after_speaker[0])
    files["cases/2023-05-x.md"] = case.replace("当事人赵建国", "当事人赵某")
    assert checked(tmp_path, files) == fresh(files)
    files.pop("cases/2023-05-x.md")
    (tmp_path / "docs" / "cases" / "2023-05-x.md").unlink()
    assert checked(tmp_path, files) == ([], []) and name_check._FOUND == {}
