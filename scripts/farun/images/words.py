"""Chinese words for the line breaker (linebreak.py): jieba's dictionary, the project's own
words (data/jieba_userdict.txt: 网约车, 双公示 ...) added, no HMM guessing so the cut is stable.

Loaded on the first title drawn, in the process that draws it: a build whose covers are all
cached never loads the dictionary.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

USER_DICT = Path(__file__).resolve().parents[3] / "data" / "jieba_userdict.txt"


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter in the build log
    tokenizer = jieba.Tokenizer()
    if USER_DICT.is_file():
        tokenizer.load_userdict(str(USER_DICT))
    return tokenizer


@lru_cache(maxsize=4096)
def _cut(run: str) -> tuple[str, ...]:
    return tuple(_tokenizer().lcut(run, HMM=False))


def chinese_words(run: str) -> list[str]:
    """The words of a run of hanzi, in order."""
    return list(_cut(run))
