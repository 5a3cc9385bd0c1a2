"""Names of natural persons (issue 27.8, 22.2): the exact masked form of a 自然人 party."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings, strategies as st
from pydantic import ValidationError

from support import PENALTY

from farun.content.frontmatter import parse
from farun.content.names import COMPOUND_SURNAMES, is_masked, surname_of
from farun.content.schema_notices import PenaltyNotice

NATURAL = PENALTY.replace("party: 绍兴某顺物流有限公司\nparty_type: 法人及非法人组织\ncredit_code: 91330603MA2BW4LE4C",
                          "party: 王某\nparty_type: 自然人")
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


@pytest.mark.parametrize("party", ["王某", "王某某", "王*", "王**", "王＊＊", "欧阳某", "欧阳某某", "司马**", "诸葛某", "上官*"])
def test_masked_forms_pass(party):
    assert party_errors(party) == []


@pytest.mark.parametrize("party, surname", [
    ("王明某", "王"), ("李小**", "李"), ("张伟某某", "张"), ("王***", "王"), ("王某某某", "王"), ("王某*", "王"),
    ("欧阳明某", "欧阳"), ("王建国", "王"), ("王", "王"), ("某某", "某"), ("王 某", "王"), ("Wang某", "W"),
])
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
