"""Numbers a reader reads in numerals of any shape, drawn as icons, and cards in any grouping, through the
real ``python -m farun check`` and one real build (issues 27.2 and 22.4): named in Chinese, masked, no
traceback; the build stops."""

from __future__ import annotations

from support import LECTURE, farun, mkdocs_build

# Each line one class; the numbers a reader reads are 15958126600 (mobile) and 6217001234567890122 (card).
ICONS = """
联系电话（图标）：:material-numeric-1: :material-numeric-5-box: :material-numeric-9-circle-outline: 5812 6600
"""
BODY = """
大写：壹伍玖伍捌壹贰陆陆零零

圆圈：一五九 五八一二 六六○○

符号：❶❺❾•❺❽❶❷‧❻❻⓿⓿

银行卡：621700 1234567890122

普通号码：绍市交〔2026〕126号，0575-85130000，2026•11•25，138○○○○5678，订单号 6200 1234 5678 9012。
"""
MOBILE, CARD = "15958126600", "6217001234567890122"
M_MASK, C_MASK = "159****6600", "6217***********0122"
TEXT = LECTURE.replace("episode: 1", "episode: 2").replace("要点解读", "要点问答") + BODY
LINES = {
    label: next(n for n, line in enumerate(TEXT.splitlines(), 1) if line.startswith(label))
    for label in ("大写", "圆圈", "符号", "银行卡")
}
ICON_LINE = len((LECTURE + ICONS).splitlines())


def test_check_and_build_stop_on_numbers_in_every_shape(project, tmp_path):
    proj = project({"lectures/2023-03-jiangzuo.md": TEXT, "lectures/2023-04-tubiao.md": LECTURE + ICONS})
    result = farun(proj, "check")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert MOBILE not in output and CARD not in output
    source = "docs/lectures/2023-03-jiangzuo.md"
    for label, line in LINES.items():
        masked, kind = (C_MASK, "银行卡号") if label == "银行卡" else (M_MASK, "手机号码")
        assert f"{source}:{line}: 含有{kind} {masked}：个人信息不得公开" in output, (label, output)
    assert f"docs/lectures/2023-04-tubiao.md:{ICON_LINE}: 含有手机号码 {M_MASK}：个人信息不得公开" in output
    assert output.count("含有") == len(LINES) + 1, output  # the ordinary numbers on the last line are not reported

    out = tmp_path / "site"
    result = mkdocs_build(proj, out)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output[-3000:]
    assert MOBILE not in output and CARD not in output
    assert "发现个人信息，网站不能发布（号码已打码显示）" in output
    page = "网站文件 lectures/2023-03-jiangzuo/index.html:"
    assert f"含有银行卡号 {C_MASK}（来源：{source}:{LINES['银行卡']}；" in output and page in output
    # The icons, read in the rendered page (inline SVG, no text) and named in their source.
    assert "网站文件 lectures/2023-04-tubiao/index.html:" in output
    assert (
        f"docs/lectures/2023-04-tubiao.md:{ICON_LINE}"
        in output.split("网站文件 lectures/2023-04-tubiao/index.html:")[1]
    )
