"""Chinese line breaking for covers and posters, with a font-free width model."""

from __future__ import annotations

import pytest

from farun.images.linebreak import ELLIPSIS, NO_END, NO_START, balance, ellipsize, fit, segments, wrap


def width(text: str) -> float:
    """Hanzi and fullwidth marks are 1 em, Latin letters, digits and spaces half an em."""
    return sum(0.5 if ord(c) < 0x2E80 and c not in "…—“”‘’·" else 1.0 for c in text)


def scaled(size: int):
    return lambda text: width(text) * size / 10


def assert_rules(lines: list[str]) -> None:
    for index, line in enumerate(lines):
        assert line, lines
        if index > 0:
            assert line[0] not in NO_START, f"line {index + 1} starts with {line[0]!r}: {lines}"
        if index < len(lines) - 1:
            assert line[-1] not in NO_END, f"line {index + 1} ends with {line[-1]!r}: {lines}"


BASE = "交通运输行政执法程序规定解读与案例评析"
CLOSERS = "，。、；：！？）》」』"
OPENERS = "（《「『"


@pytest.mark.parametrize("mark", CLOSERS)
def test_no_line_starts_with_a_closing_mark_wherever_it_stands(mark):
    for position in range(1, len(BASE) + 1):
        text = BASE[:position] + mark + BASE[position:]
        for box in range(3, 12):
            lines = wrap(text, box, width)
            assert "".join(lines) == text
            assert_rules(lines)


@pytest.mark.parametrize("mark", OPENERS)
def test_no_line_ends_with_an_opening_mark_wherever_it_stands(mark):
    for position in range(len(BASE)):
        text = BASE[:position] + mark + BASE[position:]
        for box in range(3, 12):
            lines = wrap(text, box, width)
            assert "".join(lines) == text
            assert_rules(lines)


def test_brackets_and_runs_of_marks_stay_together():
    text = "学习《浙江省道路运输条例》——兼谈（一）“首违不罚”的适用？！……"
    for box in range(4, 16):
        lines = wrap(text, box, width)
        assert_rules(lines)
        assert not any(line.startswith(("—", "…", "！")) for line in lines[1:])


@pytest.mark.parametrize("word", ["ETC", "12328", "14:30-16:00", "G20", "3.5"])
def test_latin_words_and_numbers_are_never_split(word):
    text = f"关于{word}服务与{word}热线投诉的依法处理"
    assert word in segments(text)
    for box in range(len(word), 20):
        lines = wrap(text, box, width)
        assert sum(line.count(word) for line in lines) == 2, (box, lines)


def test_spaces_are_break_points_and_vanish_at_line_ends():
    lines = wrap("ETC 通行费 争议 处理", 4, width)
    assert all(line == line.strip() for line in lines)
    assert "".join(lines).replace(" ", "") == "ETC通行费争议处理"


def test_balance_keeps_the_line_count_and_evens_the_lines():
    text = "网约车非法营运的认定与处罚"  # 13 em: greedy at 12 leaves one orphan character
    assert wrap(text, 12, width)[-1] == "罚"
    lines = balance(text, 12, width)
    assert len(lines) == 2 and min(map(len, lines)) >= 6
    assert_rules(lines)


SIXTY = "关于进一步规范网络预约出租汽车经营服务管理、加强ETC通行费争议处理和12328热线投诉办理工作，推进交通运输综合行政执法改革的实施意见"


def test_a_sixty_character_title_shrinks_wraps_then_ends_with_an_ellipsis():
    assert len(SIXTY) >= 60
    result = fit(SIXTY, 120, 3, [80, 72, 64, 56], scaled)
    assert result.truncated and result.size == 56
    assert len(result.lines) == 3 and result.lines[-1].endswith(ELLIPSIS)
    assert all(scaled(56)(line) <= 120 for line in result.lines)
    assert_rules(list(result.lines))
    shown = "".join(result.lines)[:-1]
    assert SIXTY.startswith(shown) and shown[-1] not in "，、；：（《"


def test_fit_shrinks_before_it_wraps():
    one_line_small = fit("交通运输行政复议法要点", 100, 3, [100, 90, 80], scaled)  # 11 em: fits one line at 90
    assert (one_line_small.size, len(one_line_small.lines), one_line_small.truncated) == (90, 1, False)
    wrapped_big = fit("交通运输行政复议法要点解读与案例", 100, 3, [100, 90, 80], scaled)  # 16 em: too long at 80
    assert (wrapped_big.size, len(wrapped_big.lines), wrapped_big.truncated) == (100, 2, False)
    assert "".join(wrapped_big.lines) == "交通运输行政复议法要点解读与案例"


def test_ellipsis_cuts_an_overlong_word_and_drops_dangling_marks():
    assert ellipsize("超长ABCDEFGHIJKLMNOPQRSTUVWXYZ", 6, 1, width)[0].endswith(ELLIPSIS)
    lines = ellipsize("第一行内容，第二行（内容很长很长很长", 6, 2, width)
    assert lines[-1].endswith(ELLIPSIS) and lines[-1][-2] not in "，（"


# --- Breaking between words (issue 16): a segmenter keeps 网约车 and 监管 whole. ---


def _fake_words(run):
    """A tiny stand-in for jieba: known words whole, other hanzi one by one."""
    known = ["网约车", "包容", "审慎", "监管", "实践", "边界", "企业", "安排", "运输"]
    out, i = [], 0
    while i < len(run):
        word = next((w for w in known if run.startswith(w, i)), run[i])
        out.append(word)
        i += len(word)
    return out


def _ten(text):
    return 10.0 * len(text)


def test_lines_break_between_words_not_inside_them():
    from farun.images.linebreak import balance, wrap

    text = "网约车包容审慎监管的实践与边界"
    assert wrap(text, 85, _ten) == ["网约车包容审慎监", "管的实践与边界"]  # without words: inside 监管
    lines = wrap(text, 85, _ten, _fake_words)
    assert "".join(lines) == text and all(not line.endswith(("网约", "监", "实", "边")) for line in lines), lines
    for lines in (balance(text, 85, _ten, _fake_words), balance("请运输企业安排专人值守", 60, _ten, _fake_words)):
        joined = "|".join(lines)
        for word in ("网约车", "监管", "实践", "边界", "企业", "安排"):
            assert all(word[:i] + "|" + word[i:] not in joined for i in range(1, len(word))), lines


def test_words_keep_the_punctuation_rules_and_a_too_long_word_still_breaks():
    from farun.images.linebreak import wrap

    lines = wrap("关于网约车，实践（边界）", 50, _ten, _fake_words)
    assert all(line[0] not in "，。）" and line[-1] not in "（" for line in lines), lines
    assert wrap("网约车", 20, _ten, _fake_words) == ["网约", "车"]  # wider than the line: cut as before


def test_real_segmenter_keeps_the_sample_titles_whole():
    from farun.images.words import chinese_words
    from farun.images.linebreak import balance

    for text, width in [("网约车包容审慎监管的实践与边界", 85), ("超限运输治理与《公路安全保护条例》", 95)]:
        lines = balance(text, width, _ten, chinese_words)
        words = chinese_words(text.replace("《", "").replace("》", ""))
        cuts, pos = set(), 0
        for line in lines[:-1]:
            pos += len(line.replace("《", "").replace("》", ""))
            cuts.add(pos)
        starts, at = set(), 0
        for word in words:
            starts.add(at)
            at += len(word)
        assert cuts <= starts | {at}, (lines, words)
