"""Names of natural persons in published cases and notices (issue 22.2), as errors and reminders.

* A 自然人 notice shows only the party's surname: its surname with a given name (王建国 where the party
  is 王某) in any field or the body is an error, wherever it stands.
* A case (以案释法 promises 当事人信息均经虚构或隐去) and a 自然人 notice: a probable name after a word
  that introduces a party (当事人、驾驶员、车主、乘客、经营者 …), and the surname of any masked name
  the item itself writes (赵某 … 赵建国), are errors too.
* Other notices (通知、公告、讲堂预告、法人 notices): the same findings are reminders (``notes``), since a
  notice may name people lawfully (a company's contact); they never stop a build.

Lecture speakers are public officials giving a lecture: their names are never reported, anywhere.
Detection is ``names.probable_names`` on ``names.reading_form`` of each value and of the body.
"""

from __future__ import annotations

from farun.runtime.errors import ContentError
from farun.content.guard import place_text, strings
from farun.content.load import Record, field_label, is_lecture
from farun.pii.names import masked_surnames, probable_names, reading_form, surname_of

NATURAL = "自然人"
SKIPPED_FIELDS = {"party", "party_type", "type", "credit_code", "decision_no", "doc_no"}


# The preview process checks every item after every save; a record is the same (frozen) object while its
# file is unchanged (content/load.py ``_LOADED``), and its findings depend only on it and the speakers.
# So this per-process memo keeps each record's findings from the last check, with the record itself (an id
# alone could be reused by another object) and the speakers they were found with; it holds only the records
# of the last check. tests/content/test_names.py holds it equal to a check without it.
_FOUND: dict[int, tuple[Record, frozenset[str], list[ContentError]]] = {}


def name_problems(records: list[Record], published: list[Record]) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, reminders) for the published cases and notices; ``records`` gives the lecture speakers."""
    global _FOUND
    speakers = frozenset(str(r.meta.speaker) for r in records if is_lecture(r))
    errors: list[ContentError] = []
    notes: list[ContentError] = []
    found: dict[int, tuple[Record, frozenset[str], list[ContentError]]] = {}
    for record in published:
        if record.kind == "lecture":
            continue
        natural = getattr(record.meta, "party_type", None) == NATURAL
        strict = natural or record.kind == "case"
        known = _FOUND.get(id(record))
        if known is not None and known[0] is record and known[1] == speakers:
            here = known[2]
        else:
            here = _record_names(record, natural, speakers)
        found[id(record)] = (record, speakers, here)
        for error in here:
            (errors if strict else notes).append(error)
    _FOUND = found
    return errors, notes


def _pieces(record: Record) -> list[tuple[int, str, str]]:
    """(line, label, text) for every front-matter string worth reading and for the body."""
    model = type(record.meta)
    found = []
    for place, text in strings(record.doc.data, ()):
        if place[0] in SKIPPED_FIELDS or text == place[-1]:  # a key, or a field that is no prose
            continue
        label = field_label(model, str(place[0])) + place_text(place)[len(str(place[0])) :]
        found.append((record.doc.line_of(place), label, text))
    found.append((record.doc.fm_end_line + 1, "正文", record.body))
    return found


def _record_names(record: Record, natural: bool, speakers: frozenset[str]) -> list[ContentError]:
    pieces = [(line, label, reading_form(text)) for line, label, text in _pieces(record)]
    surnames = set().union(*(masked_surnames(text) for _, _, text in pieces))
    party = str(getattr(record.meta, "party", "") or "")
    if natural and party:
        surnames.add(surname_of(party))
    out, seen = [], set()
    for first_line, label, text in pieces:
        for hit in probable_names(text, surnames):
            line = first_line + hit.line
            if hit.name in speakers or (line, hit.name) in seen:
                continue
            seen.add((line, hit.name))
            out.append(
                ContentError(
                    record.path,
                    line,
                    _message(record, label, hit.name, natural, party),
                    field="" if label == "正文" else label.split("（")[0],
                    hint=f"写成“{hit.masked}”",
                )
            )
    return out


def _message(record: Record, label: str, name: str, natural: bool, party: str) -> str:
    where = f"{label}中的“{name}”"
    if natural and surname_of(name) == surname_of(party):
        return f"{where}像是当事人的全名：自然人当事人（{party}）只能公开姓氏"
    if natural or record.kind == "case":
        promise = "以案释法案例的当事人信息应虚构或隐去" if record.kind == "case" else "自然人的姓名不得公开"
        return f"{where}像是自然人的姓名：{promise}，只写姓氏加“某”"
    return f"提醒：{where}像是个人的姓名：请确认可以公开，否则只写姓氏加“某”"
