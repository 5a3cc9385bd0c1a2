"""The word segmenter of the line breaker cuts exactly as jieba's full tokenizer, at a fraction of its start-up."""

from __future__ import annotations

import logging
import re
import subprocess
import sys

import jieba
import pytest
from hypothesis import given, settings, strategies as st

from farun.bench.corpus import generate
from farun.images import words
from farun.images.words import Segmenter, USER_DICT, _parse, chinese_words, jieba_dictionary

from support import ROOT

HANZI_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@pytest.fixture(scope="module")
def full():
    """jieba as it is usually loaded: the whole prefix dict, then the project's user dictionary."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(USER_DICT))
    return tokenizer


def _runs(texts) -> list[str]:
    return sorted({run for text in texts for run in HANZI_RUN.findall(text)})


def _project_texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md")]
    texts += list(generate(300, 11).values())  # the benchmark corpus: titles, names, venues, bodies
    texts += USER_DICT.read_text(encoding="utf-8").split()
    return texts


def test_cuts_equal_the_full_tokenizer_on_every_run_of_the_site_and_the_corpus(full):
    runs = _runs(_project_texts())
    assert len(runs) > 2000
    segmenter = Segmenter(jieba_dictionary(), USER_DICT)
    differ = [
        (run, segmenter.cut(run), full.lcut(run, HMM=False))
        for run in runs
        if segmenter.cut(run) != full.lcut(run, HMM=False)
    ]
    assert differ == []
    # Only the words of these runs were handed to jieba, not the 350,000 of the dictionary.
    assert len(segmenter.tokenizer.FREQ) < len(full.FREQ) // 5
    assert segmenter.tokenizer.total == full.total


# Characters of the site's own words and of everyday words, so random strings contain many dictionary words.
_ALPHABET = "".join(
    sorted(set("".join(_runs(_project_texts()[:40]))) | set("网约车双公示的了一是不在人有我他这中大来上国个到说"))
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=40), min_size=1, max_size=5))
def test_cuts_equal_the_full_tokenizer_on_random_runs_in_any_order(full, runs):
    # One segmenter for several runs: the words admitted for one run must not change another's cut.
    segmenter = _shared_segmenter()
    for run in runs:
        assert segmenter.cut(run) == full.lcut(run, HMM=False)


_SHARED: list[Segmenter] = []


def _shared_segmenter() -> Segmenter:
    if not _SHARED:
        _SHARED.append(Segmenter(jieba_dictionary(), USER_DICT))
    return _SHARED[0]


def test_chinese_words_uses_the_user_dictionary():
    assert "网约车" in chinese_words("网约车包容审慎监管")
    assert "双公示" in chinese_words("双公示信息公开")
    assert "".join(chinese_words("交通运输行政执法")) == "交通运输行政执法"


def test_small_dictionaries_cut_as_jieba_including_user_words_without_a_frequency(tmp_path):
    main = tmp_path / "dict.txt"
    main.write_text(
        "交通 500 n\n交通运输 300 n\n运输 400 vn\n执法 200 vn\n行政 300 n\n行政执法 50 n\n法 100 n\n法 40 n\n",
        encoding="utf-8",
    )  # a repeated word: its last frequency, both in the total
    user = tmp_path / "user.txt"
    user.write_text("\ufeff运输执法\n交通行政 7\n新词 3 nz\n", encoding="utf-8")
    reference = jieba.Tokenizer(str(main))
    reference.tmp_dir = str(tmp_path)
    reference.initialize()
    reference.load_userdict(str(user))
    segmenter = Segmenter(main.read_bytes(), user)
    for run in ("交通运输执法", "交通行政执法", "运输执法新词", "行政执法交通运输", "执法法法交通"):
        assert segmenter.cut(run) == reference.lcut(run, HMM=False), run
    assert segmenter.tokenizer.total == reference.total


def test_dictionary_lines_with_or_without_a_tag():
    assert _parse(b"a 3 n\nb 4 v\n") == ({b"a": b"3", b"b": b"4"}, 7)
    assert _parse(b"a 3 n\nb 4\nc 5 x\n") == ({b"a": b"3", b"b": b"4", b"c": b"5"}, 12)  # a line without a tag
    assert _parse(b"a 3\nb 4\nc 5\n") == ({b"a": b"3", b"b": b"4", b"c": b"5"}, 12)  # 3 lines, 6 fields
    assert _parse(b"a 3 n\na 5 n") == ({b"a": b"5"}, 8)


def test_loading_jieba_leaves_pkg_resources_importable():
    code = (
        "import importlib.util, sys\n"
        "from farun.images.words import chinese_words\n"
        "assert chinese_words('网约车管理') == ['网约车', '管理']\n"
        "assert sys.modules.get('pkg_resources', 'absent') is not None, 'pkg_resources left blocked'\n"
        "if importlib.util.find_spec('pkg_resources'):\n"
        "    import pkg_resources\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr


def test_words_module_does_not_build_jieba_prefix_dict():
    assert words._segmenter().tokenizer.initialized
    assert len(words._segmenter().tokenizer.FREQ) < 100_000
