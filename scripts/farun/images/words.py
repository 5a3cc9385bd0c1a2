"""Chinese words for the line breaker (linebreak.py): jieba's dictionary, the project's own
words (data/jieba_userdict.txt: 网约车, 双公示 ...) added, no HMM guessing so the cut is stable.

jieba's own start-up parses its 350,000-word dictionary into a prefix dict (about half a
second, even from its cache file), yet cutting a run only ever looks up substrings of that
run. So the dictionary file is read once into a plain ``{word: frequency}`` index (~0.1 s), and
a jieba Tokenizer is given only the words (and their prefixes) that occur inside the runs it
cuts, with ``total`` — the sum of all frequencies, which weighs every route — equal to the
full dictionary's: its DAG, its route and so its cut are the full tokenizer's
(tests/images/test_words.py compares them).

Loaded on the first title drawn, in the process that draws it: a build whose covers are all
cached never reads the dictionary.
"""

from __future__ import annotations

import logging
import sys
from functools import lru_cache
from pathlib import Path

USER_DICT = Path(__file__).resolve().parents[3] / "data" / "jieba_userdict.txt"


def _import_jieba():
    """``import jieba``, without the 60 ms of pkg_resources it imports only to open its own files.

    jieba 0.42 falls back to opening them by path when pkg_resources cannot be imported.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def _parse(raw: bytes) -> tuple[dict[bytes, bytes], int]:
    """``{word: frequency}`` of a jieba dictionary (``word freq [tag]`` lines) and its frequency total."""
    fields = raw.split()
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if len(fields) == 3 * lines:  # every line has its tag: slice instead of a Python loop per line
        words, freqs = fields[0::3], fields[1::3]
    else:
        pairs = [line.split()[:2] for line in raw.splitlines() if line.strip()]
        words, freqs = [p[0] for p in pairs], [p[1] for p in pairs]
    # Like jieba's gen_pfdict: a repeated word keeps its last frequency, but every line counts in the total.
    return dict(zip(words, freqs)), sum(map(int, freqs))


class Segmenter:
    """jieba's exact cut (no HMM) over a dictionary index, loading into jieba only the words a run contains."""

    def __init__(self, dictionary: bytes, user_dict: Path | None = None):
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        self._index, total = _parse(dictionary)
        # Words are found as substrings no longer than the longest entry (bytes >= characters).
        self._longest = max(map(len, self._index), default=1)
        self._user: dict[str, int] = {}
        self._seen: set[str] = set()
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total, self.tokenizer.initialized = {}, total, True
        if user_dict is not None and user_dict.is_file():
            self._load_user_dict(user_dict)

    def _load_user_dict(self, path: Path) -> None:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        for line in lines:  # a user word without a frequency gets one from its parts: they must be known
            self.admit(line.strip())
        before = dict(self.tokenizer.FREQ)
        self.tokenizer.load_userdict(str(path))  # jieba's own parsing, frequencies and total
        self._user = {w: f for w, f in self.tokenizer.FREQ.items() if before.get(w) != f}
        self._longest = max([self._longest, *map(len, self._user)])

    def admit(self, text: str) -> None:
        """Give the tokenizer every dictionary word inside ``text``, with its prefixes (as jieba's prefix dict)."""
        if text in self._seen:
            return
        self._seen.add(text)
        freq, index, user = self.tokenizer.FREQ, self._index, self._user
        found = []
        for start in range(len(text)):
            for end in range(start + 1, min(len(text), start + self._longest) + 1):
                word = text[start:end]
                if word in user:
                    found.append(word)
                    continue
                value = index.get(word.encode("utf-8"))
                if value is not None:
                    freq[word] = int(value)
                    found.append(word)
        for word in found:
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)

    def cut(self, run: str) -> list[str]:
        """The words of ``run``, as jieba's full tokenizer cuts it without HMM."""
        self.admit(run)
        return self.tokenizer.lcut(run, HMM=False)


def jieba_dictionary() -> bytes:
    """The bytes of jieba's main dictionary (dict.txt in its package)."""
    jieba = _import_jieba()
    return (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).read_bytes()


@lru_cache(maxsize=1)
def _segmenter() -> Segmenter:
    return Segmenter(jieba_dictionary(), USER_DICT)


@lru_cache(maxsize=4096)
def _cut(run: str) -> tuple[str, ...]:
    return tuple(_segmenter().cut(run))


def chinese_words(run: str) -> list[str]:
    """The words of a run of hanzi, in order."""
    return list(_cut(run))
