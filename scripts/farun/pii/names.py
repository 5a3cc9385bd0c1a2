"""Names of natural persons: the masked form of a 自然人 party and the surname it keeps.

The 双公示 rules let a notice show only a natural person's surname: 王某, 王某某, 王*, 王**,
欧阳某. A surname is one Han character (any: rare surnames are many) or one of the compound
surnames below; after it come one or two 某 (张某某 is the usual form in Chinese legal documents
for a three-character name) or one or two * (one per hidden character of a given name, which has
one or two). Nothing else passes: 王明某, 李小**, 张伟某某 and 王*** are refused.

Probable full names in text (``probable_names``, read by ``name_check``) are found without a
part-of-speech model: a surname (any surname the item writes masked, the 自然人 party's, or a common
surname right after a word such as 当事人 or 驾驶员) followed by one or two characters that can start a
given name, unless the surname character belongs to an ordinary word there (陈述, 关于, 道路 …, from
jieba's dictionary, which the build otherwise does not load) or is followed by a title (王先生) or mask.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from farun.pii.numbers import normalize
from farun.pii.text import visible

# Compound surnames (复姓) of the 百家姓 and those in use today; a masked name keeps the whole surname.
COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 万俟 "
    "闻人 澹台 公冶 宗政 濮阳 太史 申屠 钟离 呼延 百里 东郭 第五 司空 拓跋 赫连 淳于 单于 即墨 左丘 公羊 "
    "谷梁 段干 巫马 公西 漆雕 乐正 壤驷 公良 宰父 亓官 羊舌 微生 梁丘 东门 鲜于 闾丘 子车 颛孙 司寇 仲孙 "
    "叔孙 夹谷 左人 东宫 乐羊"
).split()
# One Han character (BMP ranges only: the pattern is also written into the editors' JSON Schema).
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
MASK_CHARS = "某*＊"
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + f"|(?![{MASK_CHARS}])[{HAN}])"
# The one accepted shape of a masked name: a surname, then 某 or 某某, or * or ** (full-width ＊ too).
MASKED_NAME = re.compile(f"^{_SURNAME}(?:某{{1,2}}|[*＊]{{1,2}})$")


def surname_of(name: str) -> str:
    """The surname a name starts with: a compound surname when it starts with one, else its first character."""
    name = name.strip()
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    return name[:1]


def is_masked(name: str) -> bool:
    """Whether ``name`` is exactly a surname followed by 某/某某 or */**."""
    return bool(MASKED_NAME.match(name.strip()))


def typed_full_name(party: str) -> str:
    """The full name a clerk typed as a 自然人 party, "" when it is masked or not a name (王建国; 王明某 -> 王明)."""
    text = "".join(normalize(party).split()).rstrip("某*＊")
    if is_masked(party) or not 2 <= len(text) <= 4 or not all(map(_is_han, text)):
        return ""
    return text


def contains_full_name(value: str, full_names: set[str] | frozenset[str]) -> str:
    """The first of ``full_names`` a value shows its reader ("" when none): 王 建国, 王<b>建国</b> too."""
    text = "".join(reading_form(value).split())
    return next((name for name in sorted(full_names) if name in text), "")


# --- Probable full names in text ------------------------------------------------------------------
_FUNCTION_SURNAMES = frozenset("和于向由从将都应时全成来那以及与对把被经自其为")
# Surnames that are adverbs or pronouns after a subject (jieba tags them d, r, c): 当事人曾多次, 常年, 尚未,
# 任何, 何时 — after a context word they are read as a name only when the item writes that surname masked.
_ADVERB_SURNAMES = frozenset("尚尤常曾莫边任何诸况")
# Words that introduce the person a case or a notice is about; a name right after one is a party's.
# (Officials are left out on purpose: 执法人员, 主讲人, 大队长 … name public servants at work.)
CONTEXT_WORDS = (
    "当事人",
    "违法行为人",
    "驾驶员",
    "驾驶人",
    "车主",
    "车辆所有人",
    "乘客",
    "旅客",
    "经营者",
    "个体户",
    "业户",
    "司机",
    "船员",
    "船主",
    "船长",
    "货主",
    "托运人",
    "承运人",
    "押运员",
    "装卸管理人员",
    "从业人员",
    "学员",
    "教练员",
    "维修工",
    "投诉人",
    "举报人",
    "申请人",
    "被申请人",
    "受害人",
    "伤者",
    "死者",
    "行人",
    "摊主",
    "店主",
)
# Common single-character surnames (about nine in ten people), without those that are mostly function
# words in this prose (和 于 向 由 从 将 都 应 时 全 成 来 那 以 及 与 对 把 被 经 自 其 为): a probable name
# after a context word starts with one of these or a compound surname.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛"
    "樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁"
    "冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米"
    "柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆乐冀郁胥南班储栗"
    "燕楚鄢劳谌奚皮粟冼蔺楼盘闻厉伊仝区郜阚花权帅屠豆朴盖练廉禹井祖漆巴丰支卿狄计索宣晋初云容敬扈晁芮阙浦戈"
    "伏鹿薄邸雍辜裘修邰赫杭况宿逯隆茹诸战慕危玉亢嵇湛宾戎勾茅揭尉斯束檀衣展阴昝幸奉植衡富尧闭"
)
# What follows a bare surname without making a name: address forms and titles reveal the surname only.
TITLES = (
    "先生",
    "女士",
    "小姐",
    "师傅",
    "老师",
    "同志",
    "经理",
    "老板",
    "阿姨",
    "大爷",
    "大妈",
    "大哥",
    "大姐",
    "老人",
    "姓",
    "氏",
    "家",
    "总",
    "工",
    "某",
)
# Characters that do not start a given name right after a surname (particles, prepositions, verbs of saying).
NOT_GIVEN = frozenset("某*＊的地得了着过和与及或等在于是也都就被把向对从将给让为说称讲问答均即已未又再还所之其")
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟元角")
_LAW_TITLE = re.compile(r"《[^《》\n]*》")
_EMPHASIS = re.compile(r"(\*{1,3}|~~)(?!\s)([^\n]+?)(?<!\s)\1")  # Python-Markdown's strong/em, pymdownx.tilde
_SOFT_BREAK = re.compile(f"(?<=[{HAN}])[ \t]*\n[ \t]*([{HAN}*＊]{{1,2}})")
_HAN_GAP = re.compile(f"(?<=[{HAN}])[ \t]+(?=[{HAN}])")


def reading_form(text: str) -> str:
    """Text as a reader reads a name in it, line breaks kept (line numbers stay those of ``text``).

    The personal-number guard's normalisation (NFKC, invisible characters dropped), tags taken out and
    character references decoded as a browser does, *emphasis* and ~~strike~~ markers removed (王**建国**
    shows 王建国), spaces and line breaks inside a paragraph between Han characters closed up (the characters
    after the break move up, so the count of lines stays), and the titles of laws blanked (《王某条例》 is a law).
    """
    text = normalize(visible(text))
    text = _EMPHASIS.sub(lambda m: m.group(2), text)
    text = _HAN_GAP.sub("", text)
    text = _SOFT_BREAK.sub(r"\1\n", text)  # 王⏎建国 in one paragraph shows 王建国 (the line count stays)
    return _LAW_TITLE.sub("《》", text)


def masked_surnames(text: str) -> set[str]:
    """Surnames written masked in ``text`` (车主赵某, ，李**): that surname with a given name is that person.

    Only common and compound surnames count, and only where a masked name stands: after a context word,
    punctuation, a particle (与、和、对 …) or at the start of a line; 越城区某路口 and 绍兴某顺物流 are places.
    """
    found = set()
    for match in _MASKED_IN_TEXT.finditer(text):
        surname = match.group("surname")
        before = text[: match.start("surname")]
        if not before or not _is_han(before[-1]) or before[-1] in NOT_GIVEN or before.endswith(CONTEXT_WORDS):
            found.add(surname)
    return found


@dataclass(frozen=True)
class NameHit:
    """A probable full name at ``line`` (0-based in the text read), with the context word before it if any."""

    line: int
    name: str
    surname: str
    context: str = ""

    @property
    def masked(self) -> str:
        return self.surname + "某"


def probable_names(text: str, surnames: frozenset[str] | set[str] = frozenset()) -> list[NameHit]:
    """Full names in text already in ``reading_form``: any of ``surnames`` followed by a given name, anywhere;
    a common or compound surname with a given name right after a context word (当事人王建国, 车主：李明)."""
    found: dict[int, tuple[str, str]] = {}  # position of the surname -> (surname, context word)
    for match in _AFTER_CONTEXT.finditer(text):
        if match.group("surname") not in _ADVERB_SURNAMES or match.group("surname") in surnames:
            found[match.start("surname")] = (match.group("surname"), match.group("context"))
    strict = sorted(set(surnames) - _FUNCTION_SURNAMES, key=len, reverse=True)
    if strict:
        for match in _surname_pattern(tuple(strict)).finditer(text):
            found.setdefault(match.start(), (match.group(), ""))
    hits = []
    for index in sorted(found):
        surname, context = found[index]
        line_start = text.rfind("\n", 0, index) + 1
        line_end = text.find("\n", index)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        at = index - line_start
        if len(surname) == 1 and line.startswith(tuple(COMPOUND_SURNAMES), at):
            continue  # 欧 of 欧阳: the compound is read at the same place
        given = _given_name(line, at + len(surname))
        if not context and given and given[0] not in given_name_chars():
            continue  # 车货, 段水域, 查范围: a masked surname followed by what starts no given name
        if given and not _ordinary_word(line, at, surname, given, after_context=bool(context)):
            hits.append(NameHit(text.count("\n", 0, index), surname + given, surname, context))
    return hits


_SURNAME_ALTERNATIVES = "|".join(COMPOUND_SURNAMES) + "|[" + "".join(sorted(COMMON_SURNAMES)) + "]"
_AFTER_CONTEXT = re.compile(
    f"(?P<context>{'|'.join(sorted(CONTEXT_WORDS, key=len, reverse=True))})[:： 、]*"
    f"(?P<surname>{_SURNAME_ALTERNATIVES})(?=[{HAN}])"
)


_MASKED_IN_TEXT = re.compile(f"(?P<surname>{_SURNAME_ALTERNATIVES})(?:某{{1,2}}|[*＊]{{1,2}})(?![*＊])")


@lru_cache(maxsize=64)
def _surname_pattern(surnames: tuple[str, ...]) -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, surnames)) + f")(?=[{HAN}])")


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _given_name(line: str, start: int) -> str:
    """One or two characters of a given name at ``start`` ("" when what follows is no given name)."""
    first = line[start : start + 1]
    if not first or not _is_han(first) or first in NOT_GIVEN or any(line.startswith(t, start) for t in TITLES):
        return ""
    second = line[start + 1 : start + 2]
    if (
        not second
        or not _is_han(second)
        or second in NOT_GIVEN
        or _word(line[start + 1 : start + 3])
        or any(line.startswith(t, start + 1) for t in TITLES)
    ):
        return first
    return first + second


def _ordinary_word(line: str, index: int, surname: str, given: str, after_context: bool = False) -> bool:
    """Whether the surname character is part of an ordinary word here (陈述, 严重, 关于, 道路, 网约车 …).

    Right after a context word no word is read across the boundary (车主张三: 主张 is a word, 张三 a name).
    """
    if len(surname) == 1 and index and not after_context and (line[index - 1] in "小老阿" or line[index - 1].isdigit()):
        return True  # 老王, 小李: the surname only; 500米, 4单: a measure word
    if (
        surname in _NUMERALS
        and given[0] in _NUMERALS
        and (not after_context or _reads_as_sum(line, index, surname, given))
    ):
        return True  # 伍万元, 陆仟: a sum of money, not 伍某 or 陆某; 当事人陆一驾驶: a name
    end = index + len(surname)
    for start in range(max(0, index - 3), index if not after_context else 0):  # a word that takes the surname in
        for stop in range(end, min(len(line), end + 2) + 1):
            if _word(line[start:stop]):
                return True
    return any(_word(surname + given[:n]) for n in range(1, len(given) + 1))


_UNITS = frozenset("十百千万亿拾佰仟元角")


def _reads_as_sum(line: str, index: int, surname: str, given: str) -> bool:
    """Right after a context word, numerals are a sum only with a unit in or after them (当事人伍万元, not 陆一)."""
    after = line[index + len(surname) + len(given) :][:1]
    return any(char in _UNITS for char in given) or after in _UNITS


def _word(text: str) -> bool:
    """An ordinary word (jieba's dictionary or the project's): see ``is_ordinary``."""
    return text in ordinary_words()


def is_ordinary(word: str, freq: int, tag: str) -> bool:
    """A dictionary entry that is an ordinary word: a two-character entry tagged as a name counts only when
    frequent (jieba tags 陈述 and 许可 nr too); longer entries tagged as names are names (王建国)."""
    if tag.startswith("nr"):
        return len(word) == 2 and freq >= 100
    return len(word) == 2 or freq >= 5


RULE_VERSION = "1"  # change when is_ordinary changes: the cached word list is rebuilt


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """The ordinary words of two to four characters, from the per-machine cache when it matches the dictionaries.

    Parsing jieba's 350,000-line dictionary takes 0.3-1 s; the 146,000 words it yields load in 0.1 s. The cache
    ($XDG_CACHE_HOME/farun/ or ~/.cache/farun/, named by the dictionaries' sizes and dates and the rule version)
    holds nothing but words; tests hold it equal to the words computed from the dictionaries.
    """
    cache = _cache_file()
    if cache is not None and cache.is_file():
        return frozenset(cache.read_text(encoding="utf-8").split("\n"))
    words = computed_ordinary_words()
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text("\n".join(sorted(words)), encoding="utf-8")
            os.replace(partial, cache)
        except OSError:
            pass  # a read-only home: computed again next time
    return words


def computed_ordinary_words() -> frozenset[str]:
    """The ordinary words, computed from the dictionaries (the plain path of ``ordinary_words``)."""
    return frozenset(
        w for w, (freq, tag) in dictionary().items() if 2 <= len(w) <= 4 and is_ordinary(w, int(freq), tag)
    )


def _jieba_dict() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else None
    return Path(folder) / "dict.txt" if folder else None


def _cache_file() -> Path | None:
    try:
        stamps = [f"{p.stat().st_size}-{p.stat().st_mtime_ns}" for p in (_jieba_dict(), USER_DICT) if p is not None]
    except OSError:
        return None
    key = hashlib.sha256("|".join([RULE_VERSION, *stamps]).encode()).hexdigest()[:16]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "farun" / f"name-words-{key}.txt"


@lru_cache(maxsize=1)
def dictionary() -> dict[str, tuple[str, str]]:
    """{word: (freq, tag)} of jieba's dictionary and data/jieba_userdict.txt (the project's words win)."""
    found: dict[str, tuple[str, str]] = {}
    for path in [p for p in (_jieba_dict(), USER_DICT) if p is not None]:
        try:
            fields = path.read_text(encoding="utf-8-sig").split()
        except OSError:
            continue
        if len(fields) % 3 == 0:  # "word freq tag" on every line: slices instead of a loop per line
            found.update(zip(fields[0::3], zip(fields[1::3], fields[2::3])))
    return found


USER_DICT = Path(__file__).resolve().parents[3] / "data" / "jieba_userdict.txt"
GIVEN_CHARS_FILE = USER_DICT.with_name("name_given_chars.txt")


@lru_cache(maxsize=1)
def given_name_chars() -> frozenset[str]:
    """Characters of given names (data/name_given_chars.txt): those found at least 20 times in the given names
    of jieba's three-character name entries with a common surname (held equal to that derivation by a test)."""
    return frozenset(GIVEN_CHARS_FILE.read_text(encoding="utf-8").strip())


def derived_given_name_chars() -> str:
    """The derivation of data/name_given_chars.txt from jieba's dictionary (the file's plain path)."""
    counts: dict[str, int] = {}
    for word, (_freq, tag) in dictionary().items():
        if len(word) == 3 and tag.startswith("nr") and word[0] in COMMON_SURNAMES:
            for char in word[1:]:
                counts[char] = counts.get(char, 0) + 1
    return "".join(sorted(char for char, count in counts.items() if count >= 20))
