"""`farun new notice`: every field the type and party type require is asked, a rejected answer at once.

The real command is driven through a pipe by a driver that reads each question and answers it by
the field it names, so the tests do not depend on the order of the questions.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import re
import selectors
import subprocess
import sys
import tempfile
from argparse import Namespace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support import ROOT, farun

from farun.authoring import newitem
from farun.content.models import NOTICE_MODELS, notice_model
from farun.cli import read_config
from farun.content.settings import load_settings

SETTINGS = load_settings(read_config(ROOT / "mkdocs.yml")["extra"])

TYPES = ("通知", "公告", "讲堂预告", "行政许可公示", "行政处罚公示")
PARTY_TYPES = ("法人及非法人组织", "个体工商户", "自然人")
PARTIES = {"法人及非法人组织": "绍兴某顺物流有限公司", "个体工商户": "越城区某某便利店", "自然人": "王某"}
GOOD = {
    "title": "示例｜公示",
    "date": "2026-11-05",
    "issuer": "",
    "credit_code": "91330603MA2BW4LE4C",
    "decision_no": "绍市交执罚〔2026〕90号",
    "decision_date": "2026-11-01",
    "authority": "",
    "violation": "车辆违法超限运输",
    "facts": "车货总质量超过限值。",
    "basis": "《公路安全保护条例》第六十四条",
    "penalty": "罚款人民币伍仟元",
    "fine": "5000",
    "severity": "一般",
    "expires": "",
    "licence_type": "1",
    "content": "准予从事道路货物运输经营。",
    "valid_from": "2026-11-01",
    "valid_to": "",
}
# A wrong first answer for a field, and the start of the message that must follow it at once.
BAD = {
    "credit_code": (
        "91330603MA2BW4LE4D",
        "✗ credit_code（统一社会信用代码）校验码不符（GB 32100-2015）：按前 17 位计算，第 18 位应为 “C”，实际为 “D”",
    ),
    "party_type": (
        "公司",
        "✗ party_type（相对人类别）应为以下之一：法人及非法人组织、个体工商户、自然人，实际为 “公司”",
    ),
    "decision_date": (
        "2026-11-20",
        "✗ date（日期）不能早于 decision_date（决定日期）2026-11-20：公示只能在作出决定之后发布",
    ),
    "date": ("2026/13/1", "✗ date（日期）不是有效的日期：“2026/13/1” 在日历上不存在"),
    "decision_no": ("绍市交执罚[2026]90号", "✗ decision_no（决定书文号）格式应为“机关代字〔年份〕序号号”"),
    "fine": ("五千元", "✗ fine（罚款金额）应为金额数字（单位：元，只写数字），例如 5000，实际为 “五千元”"),
    "severity": ("较重", "✗ severity（失信程度）应为以下之一：一般、严重，实际为 “较重”"),
    "expires": (
        "2030-01-01",
        "✗ expires（公示截止日期）超出允许范围：失信程度为 一般 的处罚决定（决定日期 2026-11-01）"
        "公示截止日期应在 2027-02-01 至 2027-11-01 之间，实际为 2030-01-01",
    ),
    "valid_to": ("2026-10-01", "✗ valid_to（有效期至）不能早于 valid_from（有效期自）2026-11-01，实际为 2026-10-01"),
}
ENGLISH = re.compile(r"validation error|Traceback|input_value|type=|Field required|[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}")
HEADER = re.compile(r"^\S.*（([a-z_]+)）(?: — |$)", re.M)


class Answers:
    """Answers each question by the field its header names; ``bad`` fields get a wrong answer first."""

    def __init__(self, notice_type: str, party_type: str, bad: set[str] = frozenset(), slug: str = "x"):
        self.good = {**GOOD, "type": notice_type, "party_type": party_type, "party": PARTIES[party_type]}
        self.bad, self.slug, self.asked = set(bad), slug, []

    def __call__(self, shown: str) -> str:
        if shown.rstrip().endswith("确认写入吗？（是/否，直接回车为“是”）："):
            return "是"
        last = shown.rsplit("\n文件名 — ", 1)
        headers = HEADER.findall(shown)
        if len(last) == 2 and HEADER.search(last[1]) is None:
            return self.slug
        name = headers[-1]
        self.asked.append(name)
        if name in self.bad:
            self.bad.discard(name)
            return BAD[name][0]
        return self.good[name]


def drive(proj: Path, answer, *args: str, timeout: float = 30) -> tuple[int, str, str]:
    """Run ``farun new notice ARGS`` through pipes, answering every prompt as it appears."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "SOURCE_DATE_EPOCH": "1764043200", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "new", "notice", *args],
        cwd=proj,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    decoder, shown = codecs.getincrementaldecoder("utf-8")(), ""
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while True:
            assert sel.select(timeout), f"no output for {timeout} s:\n{shown}"
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            shown += decoder.decode(chunk)
            last = shown.rsplit("\n", 1)[-1]
            if last.endswith("：") and ("请输入" in last or "确认写入吗" in last):
                proc.stdin.write((answer(shown) + "\n").encode("utf-8"))
                proc.stdin.flush()
    proc.stdin.close()
    err = proc.stderr.read().decode("utf-8")
    return proc.wait(timeout), shown, err


@pytest.mark.slow  # ~21 s of CPU: a wizard process per notice and party type
def test_every_notice_type_and_party_type_is_asked_what_its_schema_requires(project):
    proj = project({})
    combos = [(t, p) for t in TYPES for p in (PARTY_TYPES if t in NOTICE_MODELS else PARTY_TYPES[:1])]
    for index, (notice_type, party_type) in enumerate(combos):
        answers = Answers(notice_type, party_type, slug=f"x{index}")
        code, out, err = drive(proj, answers)
        assert code == 0, out + err
        assert not ENGLISH.search(out + err), out + err
        assert "✗" not in out, out
        model = notice_model({"type": notice_type})
        required = {n for n, i in model.model_fields.items() if i.is_required()}
        assert required <= set(answers.asked), (notice_type, required - set(answers.asked))
        company = notice_type in NOTICE_MODELS and party_type != "自然人"
        assert ("credit_code" in answers.asked) == company, (notice_type, party_type, answers.asked)
        assert ("统一社会信用代码（credit_code）" in out) == company
        if notice_type == "行政处罚公示":
            assert {"fine", "expires", "party_type"} <= set(answers.asked)
            assert "公示截止日期（expires）" in out and "请输入（直接回车为 2027-11-01）：" in out
            assert "罚款金额（fine）" in out
        if notice_type == "行政许可公示":
            assert {"party_type", "valid_to"} <= set(answers.asked) and "expires" not in answers.asked
        target = next((proj / "docs/notices").glob(f"*-x{index}.md"))
        text = target.read_text(encoding="utf-8")
        assert f"type: {notice_type}\n" in text and text in out
        if company:
            assert "credit_code: 91330603MA2BW4LE4C\n" in text
    written = sorted((proj / "docs/notices").glob("*.md"))
    assert len(written) == len(combos)
    for path in written:  # published as they are (draft line removed), every file passes the check
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = farun(proj, "check")
    assert "credit_code" not in result.stderr and "缺少必填字段" not in result.stderr, result.stderr


def test_a_company_penalty_rejected_credit_code_is_asked_again_at_once_in_chinese(project):
    proj = project({})
    answers = Answers("行政处罚公示", "法人及非法人组织", bad={"credit_code"})
    code, out, err = drive(proj, answers)
    assert code == 0, out + err
    echoed = "  请输入：91330603MA2BW4LE4D\n"
    after = out.split(echoed, 1)[1].splitlines()
    assert after[0] == (
        "  ✗ credit_code（统一社会信用代码）校验码不符（GB 32100-2015）：按前 17 位计算，第 18 位应为 “C”，"
        "实际为 “D”；请对照营业执照核对全部 18 位，请重新输入。"
    )
    assert after[1] == "  请输入：91330603MA2BW4LE4C"
    assert answers.asked.count("credit_code") == 2


def test_an_empty_credit_code_for_a_company_is_refused_at_once(project):
    proj = project({})
    answers = Answers("行政许可公示", "个体工商户")
    answers.good["credit_code"] = ""
    seen = []

    def answer(shown):
        if (
            seen == []
            and shown.rstrip().endswith("请输入：")
            and HEADER.findall(shown)[-1] == "credit_code"
            and "必须填写 18 位" in shown
        ):
            seen.append(True)
            answers.good["credit_code"] = "91330603MA2BW4LE4C"
        return answers(shown)

    code, out, err = drive(proj, answer)
    assert code == 0 and seen, out + err
    assert (
        "  请输入：\n  ✗ credit_code（统一社会信用代码）不能为空：party_type（相对人类别）为 个体工商户 时必须填写 "
        "18 位统一社会信用代码，请重新输入。\n"
    ) in out


@pytest.mark.slow  # ~4 s of CPU: the whole wizard driven question by question
def test_credit_code_given_as_an_argument_is_used_once_the_type_is_answered(project):
    proj = project({})
    answers = Answers("行政处罚公示", "法人及非法人组织")
    code, out, err = drive(proj, answers, "--credit-code", "91330603MA2BW4LE4C", "--fine", "0")
    assert code == 0, out + err
    assert "credit_code" not in answers.asked and "fine" not in answers.asked
    assert "不适用" not in err + out
    text = next((proj / "docs/notices").glob("*.md")).read_text(encoding="utf-8")
    assert "credit_code: 91330603MA2BW4LE4C\n" in text and "fine: 0\n" in text
    ignored = drive(proj, Answers("通知", "法人及非法人组织", slug="y"), "--credit-code", "91330603MA2BW4LE4C")
    assert ignored[0] == 0 and "参数 --credit-code 不适用于公告，已忽略" in ignored[1]


def test_all_arguments_for_a_company_without_a_credit_code_ask_for_it_instead_of_failing(project):
    proj = project({})
    args = [
        "--type",
        "行政处罚公示",
        "--title",
        "示例｜公示",
        "--date",
        "2026-11-05",
        "--issuer",
        "绍兴市交通运输局",
        "--party-type",
        "法人及非法人组织",
        "--party",
        "绍兴某顺物流有限公司",
        "--decision-no",
        "绍市交执罚〔2026〕90号",
        "--decision-date",
        "2026-11-01",
        "--authority",
        "绍兴市交通运输行政执法队",
        "--violation",
        "超限",
        "--facts",
        "事实。",
        "--basis",
        "《公路安全保护条例》第六十四条",
        "--penalty",
        "罚款",
        "--severity",
        "一般",
    ]
    result = farun(proj, "new", "notice", "abc", *args, stdin="\n")
    assert result.returncode == 1 and not ENGLISH.search(result.stdout + result.stderr), result.stderr
    assert "统一社会信用代码（credit_code）" in result.stdout and "输入已结束，没有写入任何文件。" in result.stderr
    assert "✗ credit_code（统一社会信用代码）不能为空" in result.stdout
    written = farun(proj, "new", "notice", "abc", *args, stdin="91330603MA2BW4LE4C\n\n\n是\n")
    assert written.returncode == 0, written.stdout + written.stderr
    assert "credit_code: 91330603MA2BW4LE4C" in (proj / "docs/notices/2026-11-abc.md").read_text(encoding="utf-8")


class Reactive(io.StringIO):
    """Standard input that answers the question last written to ``out``."""

    def __init__(self, out: io.StringIO, answer):
        super().__init__()
        self.out, self.answer = out, answer

    def readline(self, *_):
        assert self.out.getvalue().count("请输入") < 100, self.out.getvalue()[-3000:]  # a loop is a failure
        return self.answer(self.out.getvalue()) + "\n"

    def isatty(self):
        return False


def _args(**fields) -> Namespace:
    names = {f"field_{n}" for m in (*NOTICE_MODELS.values(),) for n in m.model_fields}
    return Namespace(kind="notice", slug=None, **{n: None for n in names}, **fields)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notice_type=st.sampled_from(TYPES[3:]), party_type=st.sampled_from(PARTY_TYPES), data=st.data())
def test_any_rejected_answer_is_followed_by_its_message_and_asked_again(tmp_path, notice_type, party_type, data):
    model = notice_model({"type": notice_type})
    asked = newitem._order(model, {"party_type": party_type})
    fields = [n for n in BAD if n in asked or n == "party_type"]
    bad = data.draw(st.sets(st.sampled_from(fields), min_size=1, max_size=3))
    answers = Answers(notice_type, party_type, bad=bad, slug="gen")
    out = io.StringIO()
    docs = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis runs many examples in one tmp_path
    code = newitem.run(
        _args(), docs, SETTINGS, dt.date(2025, 11, 25), stdin=Reactive(out, answers), stdout=out, stderr=out
    )
    shown = out.getvalue()
    assert code == 0, shown
    assert not ENGLISH.search(shown), shown
    for name in bad:
        wrong, message = BAD[name]
        after = shown.split(f"：{wrong}\n", 1)[1]
        assert after.startswith(f"  {message}"), (name, after[:300])
        assert after.split("\n")[0].endswith("，请重新输入。")
    assert shown.count("✗") == len(bad)
    written = next(docs.glob("notices/*.md")).read_text(encoding="utf-8")
    assert "draft: true" in written


def test_a_penalty_already_past_its_publicity_when_written_is_said_before_writing(project):
    proj = project({})
    answers = Answers("行政处罚公示", "法人及非法人组织")
    answers.good.update(date="2024-01-15", decision_date="2024-01-10", valid_from="2024-01-10")
    code, out, err = drive(proj, answers)
    assert code == 0, out + err
    assert (
        "  注意：公示截止日期 2025-01-10 早于今天，这条公示写好后也不会在网站上出现（farun check 会列为“暂不发布”）；"
        "如填错了，请回答“否”后重新运行。\n"
    ) in out
    assert out.index("注意：公示截止日期") < out.index("确认写入吗？")


def test_the_wizard_on_a_terminal_asks_the_same_and_rejects_at_once(project):
    """Through a pseudo-terminal, as a clerk types (stdin is a tty: no echo of answers by the program)."""
    import pty

    proj = project({})
    answers = Answers("行政处罚公示", "个体工商户", bad={"credit_code"}, slug="tty")
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "SOURCE_DATE_EPOCH": "1764043200", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "farun", "--config", str(proj / "mkdocs.yml"), "new", "notice"],
        cwd=proj,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    decoder, shown = codecs.getincrementaldecoder("utf-8")(), ""
    try:
        with selectors.DefaultSelector() as sel:
            sel.register(master, selectors.EVENT_READ)
            while True:
                assert sel.select(30), shown
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the program ended and closed the terminal
                    break
                if not chunk:
                    break
                shown += decoder.decode(chunk)
                last = shown.rsplit("\n", 1)[-1]
                if last.endswith("：") and ("请输入" in last or "确认写入吗" in last):
                    os.write(master, (answers(shown.replace("\r\n", "\n")) + "\n").encode("utf-8"))
    finally:
        os.close(master)
    assert proc.wait(30) == 0, shown
    out = shown.replace("\r\n", "\n")
    assert "从标准输入读取回答" not in out and not ENGLISH.search(out)
    assert "统一社会信用代码（credit_code）" in out and "✗ credit_code（统一社会信用代码）校验码不符" in out
    assert answers.asked.count("credit_code") == 2
    assert "credit_code: 91330603MA2BW4LE4C\n" in next((proj / "docs/notices").glob("*-tty.md")).read_text(
        encoding="utf-8"
    )
