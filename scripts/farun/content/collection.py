"""Checks across items and the published view of the whole collection."""

from __future__ import annotations

import dataclasses

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from farun.runtime.errors import ContentError
from farun.content.lifecycle import hidden_reason, preview_draft, public_version
from farun.content.load import Record, check_body_images, check_files, field_label, of_kind
from farun.content.schema import Case, Item, Lecture, Notice
from farun.content.name_check import name_problems
from farun.content import pasted
from farun.content.placeholders import BODY_LINES, PLACEHOLDERS
from farun.content import filenames
from farun.content.text import slugify
from farun.content.standalone import StandalonePage


@dataclass
class Collection:
    """Published items on the build day, newest first, with lookups."""

    today: dt.date
    lectures: list[Record[Lecture]] = field(default_factory=list)
    cases: list[Record[Case]] = field(default_factory=list)
    notices: list[Record[Notice]] = field(default_factory=list)
    hidden: list[tuple[Record[Item], str]] = field(default_factory=list)
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # src_uri -> {field: src path}
    notes: list[ContentError] = field(default_factory=list)  # reminders that do not stop a build (names in notices)
    pages: list[StandalonePage] = field(default_factory=list)  # the pages at the top of docs/ (about.md …)

    def __post_init__(self) -> None:
        self._by_key = {(r.kind, r.slug): r for r in self.items}
        self._naming: dict[tuple[str, str], dict[str, list[Record[Lecture | Case]]]] = {}
        self._episodes: dict[str, tuple[Record[Lecture] | None, Record[Lecture] | None]] | None = None

    @property
    def items(self) -> list[Record[Item]]:
        return [*self.lectures, *self.cases, *self.notices]

    def sources(self) -> set[str]:
        """Every staff page the content checks saw (published or not): the engine may render no other."""
        return {r.src_uri for r in self.items} | {r.src_uri for r, _ in self.hidden} | {p.src_uri for p in self.pages}

    def withheld(self) -> list[tuple[str, str, str]]:
        """(path, src_uri, reason) of every staff page not published today: hidden items, then top-level pages."""
        out = [(r.path, r.src_uri, reason) for r, reason in self.hidden]
        return out + [(p.path, p.src_uri, p.reason) for p in self.pages if p.reason]

    def get(self, kind: str, slug: str) -> Record[Item] | None:
        """The published item of this kind and slug, if any."""
        return self._by_key.get((kind, slug))

    def naming(self, kind: str, field: str) -> dict[str, list[Record[Lecture | Case]]]:
        """Published items of ``kind`` under each slug their ``field`` names (built once, used by every item page)."""
        if (kind, field) not in self._naming:
            found: dict[str, list[Record[Lecture | Case]]] = defaultdict(list)
            for record in self.lectures if kind == "lecture" else self.cases:
                for slug in dict.fromkeys(s.removesuffix(".md") for s in getattr(record.meta, field)):
                    found[slug].append(record)
            self._naming[(kind, field)] = dict(found)
        return self._naming[(kind, field)]

    def episode_neighbours(self, src_uri: str) -> tuple[Record[Lecture] | None, Record[Lecture] | None]:
        """The published lectures before and after this one by 期数 (ordered once, used by every lecture page)."""
        if self._episodes is None:
            order = sorted(self.lectures, key=lambda r: r.meta.episode)
            self._episodes = {
                r.src_uri: (order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None)
                for i, r in enumerate(order)
            }
        return self._episodes.get(src_uri, (None, None))

    def laws(self) -> dict[str, list[Record[Lecture | Case]]]:
        """Every cited law with the published lectures and cases citing it."""
        return _group([*self.lectures, *self.cases], lambda r: r.meta.laws)

    def tags(self) -> dict[str, list[Record[Lecture | Case]]]:
        """Every topic with the published lectures and cases carrying it."""
        return _group([*self.lectures, *self.cases], lambda r: r.meta.tags)

    def speakers(self) -> dict[str, list[Record[Lecture]]]:
        """Every speaker with their published lectures."""
        return _group(self.lectures, lambda r: [r.meta.speaker])


R = TypeVar("R", bound=Record)


def _group(records: list[R], keys: Callable[[R], Iterable[str]]) -> dict[str, list[R]]:
    """Records grouped under each of their keys, keys sorted."""
    groups: dict[str, list[R]] = defaultdict(list)
    for record in records:
        for key in keys(record):
            groups[key].append(record)
    return dict(sorted(groups.items()))


def _duplicates(records: list[R], key: Callable[[R], object], what: str, name: str) -> list[ContentError]:
    groups: dict[object, list[R]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    errors = []
    for value, clash in groups.items():
        if len(clash) < 2:
            continue
        for record in clash:
            others = "、".join(o.path for o in clash if o is not record)
            line = record.doc.line_of((name,)) if name else 1
            errors.append(ContentError(record.path, line, f"{what} “{value}” 与 {others} 重复", field=name))
    return errors


def _references(
    records: list[Record[Item]], name: str, target_kind: str, target_folder: str, docs_dir: Path
) -> list[ContentError]:
    # A target that exists but failed validation already has its own message.
    known = {r.slug for r in records if r.kind == target_kind}
    folder = docs_dir / target_folder
    known |= {p.stem for p in folder.glob("*.md")} if folder.is_dir() else set()
    errors = []
    for record in records:
        for index, slug in enumerate(getattr(record.meta, name, ())):
            if slug.removesuffix(".md") not in known:
                label = field_label(type(record.meta), name)
                msg = f"{label}中的 “{slug}” 不存在：找不到 docs/{target_folder}/{slug.removesuffix('.md')}.md"
                errors.append(
                    ContentError(
                        record.path,
                        record.doc.line_of((name, index)),
                        msg,
                        field=name,
                        hint="写文件名（不含 .md），例如 2023-05-wangyueche-feifa-yingyun",
                    )
                )
    return errors


def _placeholders(records: list[Record[Item]]) -> list[ContentError]:
    """Template example texts left in an item that is about to be published."""
    errors = []
    for record in records:
        if record.meta.draft:
            continue
        for name, value in record.doc.data.items():
            values = value if isinstance(value, list) else [value]
            for index, item in enumerate(values):
                if isinstance(item, str) and item.strip() in PLACEHOLDERS:
                    loc = (name, index) if isinstance(value, list) else (name,)
                    msg = f"{field_label(type(record.meta), name)}仍是模板中的示例文字 “{item.strip()}”"
                    errors.append(
                        ContentError(
                            record.path,
                            record.doc.line_of(loc),
                            msg,
                            field=name,
                            hint="改成实际内容；可选字段不需要时整行删除",
                        )
                    )
        for number, line in enumerate(record.body.splitlines(), record.doc.fm_end_line + 1):
            if line.strip() in BODY_LINES:
                errors.append(
                    ContentError(
                        record.path,
                        number,
                        f"正文仍是模板中的示例文字 “{line.strip()}”",
                        hint="改成实际内容，或删除这一行；还没写好时保留 draft: true",
                    )
                )
    return errors


def _term_clashes(records: list[Record[Item]]) -> list[ContentError]:
    """Topics, speakers or laws whose generated pages would share one address (content/filenames.py)."""
    errors = []
    for folder, name, label in (
        ("topics", "tags", "主题"),
        ("speakers", "speaker", "主讲人"),
        ("laws", "laws", "法规"),
    ):
        uses = filenames.first_use(
            (r.path, r.doc.line_of((name,)), v if isinstance(v, (list, tuple)) else [v])
            for r in records
            if (v := getattr(r.meta, name, None))
        )
        errors += filenames.term_clashes(uses, folder, label, slugify)
    return errors


def _undrafted(record: Record[Item]) -> Record[Item]:
    return dataclasses.replace(record, meta=record.meta.model_copy(update={"draft": False}))


def build(
    records: list[Record[Item]], today: dt.date, docs_dir: Path, drafts: bool = False
) -> tuple[Collection, list[ContentError]]:
    """Check the whole collection and split it into published and hidden items (``drafts``: the preview's, shown)."""
    errors: list[ContentError] = []
    lectures = of_kind(records, Lecture)
    errors += _duplicates(lectures, lambda r: r.meta.episode, "期数", "episode")
    for kind in ("lecture", "case", "notice"):
        errors += _duplicates([r for r in records if r.kind == kind], lambda r: r.slug.lower(), "文件名", "")
    errors += _placeholders(records)
    errors += [e for r in records if not r.meta.draft for e in pasted.tab_tables(r)]
    errors += _term_clashes(records)
    errors += _references(records, "cases", "case", "cases", docs_dir)
    errors += _references(records, "lectures", "lecture", "lectures", docs_dir)
    files = {}
    published: list[Record[Item]] = []
    hidden: list[tuple[Record[Item], str]] = []
    for record in records:
        reason = hidden_reason(record, today)
        # What is not published (a draft, an expired notice) must not block the build with a broken file.
        found, problems = check_files(record, docs_dir, contents=not reason)
        files[record.src_uri] = found
        errors += problems + ([] if reason else check_body_images(record, docs_dir))
        if drafts and record.meta.draft and not hidden_reason(_undrafted(record), today):
            record, reason = preview_draft(record), None
        (hidden.append((record, reason)) if reason else published.append(public_version(record)))
    # Names are checked in what is published and in what waits for its publish day (found now, not on that day).
    waiting = [r for r, _ in hidden if not r.meta.draft and r.meta.publish and r.meta.publish > today]
    name_errors, notes = name_problems(records, published + waiting)
    errors += name_errors
    newest = lambda r: (r.meta.date, r.slug)  # noqa: E731
    coll = Collection(
        today=today,
        lectures=sorted(of_kind(published, Lecture), key=lambda r: (r.meta.episode, r.meta.date), reverse=True),
        cases=sorted(of_kind(published, Case), key=newest, reverse=True),
        notices=sorted(of_kind(published, Notice), key=newest, reverse=True),
        hidden=hidden,
        files=files,
        notes=notes,
    )
    return coll, errors
