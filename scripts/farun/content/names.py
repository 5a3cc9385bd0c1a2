"""Names of natural persons: the masked form of a 自然人 party and the surname it keeps.

The 双公示 rules let a notice show only a natural person's surname: 王某, 王某某, 王*, 王**,
欧阳某. A surname is one Han character (any: rare surnames are many) or one of the compound
surnames below; after it come one or two 某 (张某某 is the usual form in Chinese legal documents
for a three-character name) or one or two * (one per hidden character of a given name, which has
one or two). Nothing else passes: 王明某, 李小**, 张伟某某 and 王*** are refused.
"""

from __future__ import annotations

import re

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
