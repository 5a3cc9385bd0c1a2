"""Deterministic synthetic corpus for the benchmark: ``python -m farun.bench.corpus --n 100 --out DIR``.

N items split as lectures = N // 3, cases = N // 3, notices = the rest, with
realistic Chinese bodies (~1,500 characters: headings, lists, a table) built
from this field's vocabulary: the laws of the bureau's 2023 report and the
terms of data/jieba_userdict.txt. The same seed always gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
CONTENT_FOLDERS = ("lectures", "cases", "notices")
# Top-level project entries a build never needs (outputs, caches, tooling).
SKIP_TOP = {
    ".git",
    ".venv",
    "site",
    ".cache",
    "build",
    "tests",
    "node_modules",
    "__pycache__",
    "bench-output",
    "test-output",
    "dist",
    ".pytest_cache",
}

LAWS = (
    "《中华人民共和国行政复议法》",
    "《中华人民共和国行政处罚法》",
    "《中华人民共和国行政许可法》",
    "《中华人民共和国行政强制法》",
    "《中华人民共和国道路运输条例》",
    "《浙江省道路运输条例》",
    "《网络预约出租汽车经营服务管理暂行办法》",
    "《超限运输车辆行驶公路管理规定》",
    "《公路安全保护条例》",
    "《危险货物道路运输安全管理办法》",
    "《机动车维修管理规定》",
    "《机动车驾驶员培训管理规定》",
    "《中华人民共和国内河交通安全管理条例》",
    "《信访工作条例》",
    "《浙江省铁路安全管理条例》",
    "《绍兴市轨道交通管理条例》",
    "《绍兴市“枫桥经验”传承发展条例》",
)
PLACES = ("越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("立新", "建华", "晓燕", "国强", "丽萍", "志刚", "海峰", "文杰", "秀英", "振宇", "春燕", "明辉")
POSTS = (
    "市交通运输局政策法规处副处长",
    "市交通运输行政执法队法制科科长",
    "市交通运输局运输管理处处长",
    "浙江工业大学法学院副教授",
)
LECTURE_SUFFIX = ("要点解读", "实务问答", "典型问题解析", "专题讲座", "执法要点", "新规解读")
CATEGORY_TERM = {
    "网约车与非法营运": "网约车",
    "超限运输": "超限运输",
    "危险货物运输": "危险货物",
    "驾驶员培训": "驾驶员培训",
    "机动车维修": "机动车维修",
    "水上交通": "水上交通",
}
PARTIES = ("某货运公司", "某汽车维修厂", "某驾驶员培训学校", "某物流有限公司", "驾驶员张某", "个体经营者李某")
SENTENCES = (
    "{place}交通运输执法队在日常检查中发现，部分经营者对{t}的要求理解不到位，容易引发{t2}方面的争议。",
    "依照{law}的规定，执法人员应当全面、客观、公正地调查取证，并告知当事人依法享有的权利。",
    "开展{t}工作，既要坚持依法行政，也要注重释法说理，让当事人心服口服。",
    "在{t}实践中，{place}探索形成了“线上预警、线下处置”的工作方法，近三年累计办理相关事项{n}件。",
    "对于{t}中的常见问题，应当先查明事实，再准确适用{law}的相关条款。",
    "{law}明确了{t}的适用条件、办理程序和法律责任，是基层执法人员必须掌握的基本规范。",
    "很多群众关心{t}与{t2}之间有什么区别：前者侧重事前规范，后者侧重事后监督。",
    "执法人员应当全程使用执法记录仪，做到执法过程可回溯、执法结果可检验。",
    "当事人对处理决定不服的，可以依法申请行政复议或者提起行政诉讼。",
    "复议机关审理案件时，重点审查行政行为是否合法、是否适当。",
    "{place}的运输企业反映，与{t}相关的事项已经实现“跨省通办”，群众办事少跑腿。",
    "对轻微违法行为推行“首违不罚”和告知承诺，体现了包容审慎监管的要求。",
    "坚持和发展新时代“枫桥经验”，把矛盾纠纷化解在基层、化解在萌芽状态。",
    "通过“双随机一公开”抽查，全年共检查经营户{n}家次，发现问题均已整改到位。",
    "信用修复以当事人主动纠正违法行为为前提，修复后不再公示相关失信信息。",
    "{t}涉及群众切身利益，办理时应当严格执行法定程序和时限要求。",
)
QUERIES = (
    "行政复议",
    "超限运输",
    "复议机关",
    "网约车",
    "行政处罚",
    "首违不罚",
    "枫桥经验",
    "危险货物",
    "信用修复",
    "双随机一公开",
    "执法记录仪",
    "跨省通办",
)
START = dt.date(2015, 1, 5)
LAST = dt.date(2026, 10, 30)


def vocabulary(root: Path = ROOT) -> list[str]:
    """The field's terms from data/jieba_userdict.txt (Chinese words only)."""
    words = []
    for line in (root / "data" / "jieba_userdict.txt").read_text(encoding="utf-8").splitlines():
        word = line.split(" ")[0].strip()
        if word and all("\u4e00" <= ch <= "\u9fff" for ch in word) and len(word) >= 2:
            words.append(word)
    return words


class _Writer:
    """Text pieces drawn from one seeded random stream."""

    def __init__(self, rng: random.Random, terms: list[str]):
        self.rng, self.terms = rng, terms

    def sentence(self, term: str | None = None) -> str:
        rng = self.rng
        return rng.choice(SENTENCES).format(
            t=term or rng.choice(self.terms),
            t2=rng.choice(self.terms),
            law=rng.choice(LAWS),
            place=rng.choice(PLACES),
            n=rng.randint(12, 980),
        )

    def paragraph(self, term: str, count: int = 4) -> str:
        return "".join(self.sentence(term if i == 0 else None) for i in range(count))

    def bullets(self, term: str) -> str:
        rng = self.rng
        items = [
            f"- 明确{term}的适用范围和办理条件。",
            f"- 依照{rng.choice(LAWS)}规范执法程序。",
            f"- 加强{rng.choice(self.terms)}与{rng.choice(self.terms)}的衔接。",
            "- 做好执法文书的说理和送达工作。",
        ]
        return "\n".join(items)

    def table(self) -> str:
        rng = self.rng
        rows = ["| 事项 | 依据 | 办理时限 |", "|---|---|---|"]
        for _ in range(3):
            rows.append(f"| {rng.choice(self.terms)} | {rng.choice(LAWS)} | {rng.randint(3, 20)}个工作日 |")
        return "\n".join(rows)

    def body(self, headings: tuple[str, ...], term: str, target: int = 1500) -> str:
        parts = [self.paragraph(term, 3)]
        for index, heading in enumerate(headings):
            parts.append(f"## {heading}")
            parts.append(self.paragraph(term))
            if index == 0:
                parts.append(self.bullets(term))
            if index == 1:
                parts.append(self.table())
        while sum(len(p) for p in parts) < target:
            parts.append(self.paragraph(self.rng.choice(self.terms), 3))
        return "\n\n".join(parts) + "\n"

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)


def _dates(rng: random.Random, count: int) -> list[dt.date]:
    span = (LAST - START).days
    return sorted(START + dt.timedelta(days=rng.randrange(span)) for _ in range(count))


def _file(meta: dict, body: str) -> str:
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{head}---\n\n{body}"


def split(n: int, lectures_only: bool = False) -> tuple[int, int, int]:
    """How many lectures, cases and notices make an N-item corpus (or N lectures)."""
    return (n, 0, 0) if lectures_only else (n // 3, n // 3, n - 2 * (n // 3))


def generate(
    n: int,
    seed: int = 7,
    categories: list[str] | None = None,
    root: Path = ROOT,
    lectures_only: bool = False,
    first_episode: int = 1,
) -> dict[str, str]:
    """``{src_uri: file text}`` for an N-item corpus; the same seed gives the same files.

    ``lectures_only``: N lectures (the shape the engine issue names: the sample site plus N lectures),
    numbered from ``first_episode``.
    """
    rng = random.Random(seed)
    terms = vocabulary(root)
    write = _Writer(rng, terms)
    categories = list(categories or CATEGORY_TERM)
    n_lec, n_case, n_notice = split(n, lectures_only)
    speakers = [(write.person(), rng.choice(POSTS)) for _ in range(max(3, n_lec // 8))]
    lec_dates, case_dates = _dates(rng, n_lec), _dates(rng, n_case)
    lec_slugs = [f"{d:%Y-%m}-jiangzuo-{i + 1:05d}" for i, d in enumerate(lec_dates)]
    case_slugs = [f"{d:%Y-%m}-anli-{i + 1:05d}" for i, d in enumerate(case_dates)]
    files: dict[str, str] = {}
    for i, (slug, day) in enumerate(zip(lec_slugs, lec_dates)):
        term = rng.choice(terms)
        name, post = rng.choice(speakers)
        meta = {
            "title": f"{term}{rng.choice(LECTURE_SUFFIX)}",
            "date": day,
            "episode": first_episode + i,
            "speaker": name,
            "speaker_title": post,
            "time": "14:30-16:00",
            "venue": "市交通运输局三楼会议室",
            "duration": "90分钟",
            "summary": write.sentence(term),
            "tags": sorted({term, rng.choice(terms)}),
            "laws": sorted(set(rng.sample(LAWS, 2))),
        }
        if case_slugs and rng.random() < 0.5:
            meta["cases"] = [rng.choice(case_slugs)]
        questions = "\n\n".join(
            f"**问：** {rng.choice(terms)}适用于哪些情形？\n\n**答：** {write.sentence()}" for _ in range(2)
        )
        files[f"lectures/{slug}.md"] = _file(
            meta, write.body(("讲座要点", "条文解读"), term) + "\n## 问答\n\n" + questions + "\n"
        )
    for slug, day in zip(case_slugs, case_dates):
        category = rng.choice(categories)
        term = CATEGORY_TERM.get(category, category)
        meta = {
            "title": f"示例｜{rng.choice(PLACES)}{rng.choice(PARTIES)}{term}违法案",
            "date": day,
            "category": category,
            "laws": sorted(set(rng.sample(LAWS, 2))),
            "summary": write.sentence(term),
            "tags": [term],
        }
        if lec_slugs and rng.random() < 0.5:
            meta["lectures"] = [rng.choice(lec_slugs)]
        note = '!!! note "示例案例"\n    本案例根据执法实践改编，当事人信息均为虚构，仅用于普法宣传。\n\n'
        files[f"cases/{slug}.md"] = _file(
            meta, note + write.body(("案情简介", "调查处理", "法律依据", "以案释法"), term)
        )
    numbers: dict[int, int] = {}
    for i, day in enumerate(_dates(rng, n_notice)):
        term, kind = rng.choice(terms), rng.choice(("通知", "公告"))
        numbers[day.year] = numbers.get(day.year, 0) + 1
        meta = {
            "title": f"关于{term}有关事项的{kind}",
            "date": day,
            "type": kind,
            "issuer": "绍兴市交通运输局",
            "doc_no": f"绍市交〔{day.year}〕{numbers[day.year]}号",
        }
        if rng.random() < 0.5:
            meta["expires"] = day + dt.timedelta(days=rng.choice((7, 15, 30)))
        files[f"notices/{day:%Y-%m-%d}-gonggao-{i + 1:05d}.md"] = _file(
            meta, write.body(("主要内容", "工作要求"), term)
        )
    return files


# Front matter a page shows and search finds (scripts/farun/publish/searchfields.py).
SHOWN_FIELDS = (
    "title",
    "summary",
    "speaker",
    "speaker_title",
    "tags",
    "laws",
    "category",
    "type",
    "doc_no",
    "decision_no",
    "violation",
    "issuer",
)


def search_truth(docs_dir: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, list[str]]:
    """For each query, the item pages (``lectures/slug/``, sorted) whose body or shown fields contain it."""
    from farun.content.frontmatter import parse

    truth: dict[str, list[str]] = {q: [] for q in queries}
    for folder in CONTENT_FOLDERS:
        for path in sorted((docs_dir / folder).glob("*.md")):
            doc, _ = parse(path.read_bytes(), str(path))
            data = (doc.data or {}) if doc else {}
            shown = [
                " ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in data.items() if k in SHOWN_FIELDS
            ]
            text = "\n".join(shown + [doc.body]) if doc else ""
            for query in queries:
                if query in text:
                    truth[query].append(f"{folder}/{path.stem}/")
    return {query: sorted(found) for query, found in truth.items()}


def counts(project: Path) -> tuple[int, int, int]:
    """Lectures, cases and notices in a project's docs/."""
    return tuple(len(list((project / "docs" / folder).glob("*.md"))) for folder in CONTENT_FOLDERS)  # type: ignore[return-value]


def write_project(dest: Path, n: int, seed: int = 7, source: Path = ROOT, with_sample: bool = False) -> Path:
    """A buildable copy of the project at ``dest`` whose content is an N-item corpus, or, ``with_sample``,
    the sample site's content plus N generated lectures numbered after the sample's."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for entry in source.iterdir():
        if entry.name in SKIP_TOP or entry.name.startswith((".site-", ".pytest")) or entry.name == "docs":
            continue
        (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, dest / entry.name)
    for entry in (source / "docs").iterdir():  # assets, about.md ... and the sample content only when asked
        if with_sample or entry.name not in CONTENT_FOLDERS:
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, dest / "docs" / entry.name)
    if not (dest / "docs" / "about.md").exists():
        (dest / "docs" / "about.md").write_text("---\ntitle: 关于本专栏\n---\n\n关于本专栏。\n", encoding="utf-8")
    from farun.cli import read_config

    categories = (read_config(source / "mkdocs.yml").get("extra") or {}).get("case_categories")
    first = 1
    if with_sample:  # after the sample's own episodes: numbers are unique
        episodes = [
            int(m)
            for path in (dest / "docs" / "lectures").glob("*.md")
            for m in re.findall(r"(?m)^episode:\s*(\d+)\s*$", path.read_text(encoding="utf-8"))
        ]
        first = max(episodes, default=0) + 1
    for src_uri, text in generate(n, seed, categories, source, lectures_only=with_sample, first_episode=first).items():
        target = dest / "docs" / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    """Write a corpus project: ``python -m farun.bench.corpus --n 100 --out build/corpus-100``."""
    parser = argparse.ArgumentParser(prog="farun.bench.corpus", description="生成基准测试用的合成内容")
    parser.add_argument("--n", type=int, required=True, help="条目总数（讲座、案例、公告各约三分之一）")
    parser.add_argument("--out", required=True, help="项目副本的目标文件夹")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    dest = write_project(Path(args.out), args.n, args.seed)
    lec, case, notice = split(args.n)
    print(f"已生成 {dest}：讲座 {lec}、案例 {case}、公告 {notice}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
