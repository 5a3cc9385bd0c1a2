"""Read every staff file, validate it against its schema, collect ALL problems."""

from __future__ import annotations

import difflib
import posixpath
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Iterable, TypeGuard, TypeVar, cast

import typing_extensions

from pydantic import BaseModel, ValidationError

from farun.content import filenames, media, slugs
from farun.runtime.errors import ContentError
from farun.content.frontmatter import Document, parse
from farun.content.models import MODELS, notice_model
from farun.content.schema import Case, Item, Lecture, Notice
from farun.content.tree import MARKDOWN_SUFFIXES, stray_pages, walk
from farun.content.lists import as_list_text, curly_quoted, flow_line, yaml_quoted

RESERVED = {"index"}

# The schema of a record's front matter: Record[Lecture] is a Record[Item] (covariant: records are frozen),
# and a bare ``Record`` is a Record[Item] (PEP 696 default), so mypy never reads a field the schema may lack.
M = typing_extensions.TypeVar("M", bound=Item, covariant=True, default=Item)


@dataclass(frozen=True)
class Record(Generic[M]):
    """A validated item with where it came from; ``Record[Lecture]`` knows a lecture's fields."""

    meta: M
    slug: str
    src_uri: str  # relative to docs/, e.g. "lectures/2023-03-xingzheng-fuyi.md"
    path: str  # as shown to staff, e.g. "docs/lectures/2023-03-xingzheng-fuyi.md"
    body: str
    doc: Document

    @property
    def kind(self) -> str:
        return self.meta.kind

    @property
    def url(self) -> str:
        """Site-relative URL of the item's page (directory URLs)."""
        return posixpath.join(self.meta.folder, self.slug) + "/"


K = TypeVar("K", bound=Item)


def of_kind(records: Iterable[Record[Item]], model: type[K]) -> list[Record[K]]:
    """The records whose front matter is a ``model`` (``of_kind(records, Lecture)`` is a list of Record[Lecture])."""
    return [cast("Record[K]", r) for r in records if isinstance(r.meta, model)]


def is_lecture(record: Record) -> TypeGuard[Record[Lecture]]:
    """A lecture's record: mypy then knows its fields (episode, speaker …)."""
    return isinstance(record.meta, Lecture)


def is_case(record: Record) -> TypeGuard[Record[Case]]:
    """A case's record."""
    return isinstance(record.meta, Case)


def is_notice(record: Record) -> TypeGuard[Record[Notice]]:
    """A notice's record (penalty and licence notices too: content/lifecycle.is_penalty, is_licence)."""
    return isinstance(record.meta, Notice)


def field_label(model: type[BaseModel], name: str) -> str:
    """``speaker（主讲人）`` — the field as staff see it in messages."""
    info = model.model_fields.get(name)
    return f"{name}（{info.title}）" if info is not None and info.title else name


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def translate(exc: ValidationError, model: type[BaseModel], doc: Document) -> list[ContentError]:
    """Turn pydantic's errors into Chinese messages with file, line and field."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        name = str(loc[0]) if loc else ""
        kind = err["type"]
        value = err.get("input")
        line = doc.line_of(loc)
        label = field_label(model, name)
        where = label + "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in loc[1:])
        hint = ""
        inner = curly_quoted(value) if isinstance(value, str) and kind != "cn_quotes" else None
        if inner is not None:  # “通知” fails as a choice, “2024-05-15” as a date: say why
            kind, err = (
                "cn_quotes",
                {
                    **err,
                    "msg": f"两端是中文引号（{value.strip()}）：YAML 只认半角引号，中文引号会被当成内容原样发布",
                    "ctx": {"inner": inner},
                },
            )
        if kind == "cn_quotes":
            inner = err.get("ctx", {}).get("inner", "")
            msg = f"{where}{err['msg']}"
            hint = (
                f"Word/WPS 会把半角引号自动换成中文弯引号：去掉引号写成 {name}: {inner}"
                f"，值里有冒号或 # 时改用半角引号：{name}: {yaml_quoted(inner)}"
            )
        elif kind == "missing":
            msg = f"缺少必填字段 {label}"
            hint = f"在 front matter 中加一行 {name}: …"
            line = 1
        elif kind == "extra_forbidden" and len(loc) > 1:
            msg, hint = _nested_extra(model, loc, value)
        elif kind == "extra_forbidden":
            known = list(model.model_fields)
            by_title = {info.title: key for key, info in model.model_fields.items() if info.title}
            guess = (
                [by_title[name]]
                if name in by_title
                else difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
            )
            msg = f"未知字段 “{name}”"
            if guess:
                msg += f"，是否应为 {field_label(model, guess[0])}？"
            else:
                msg += "，可用字段：" + "、".join(known)
        elif value is None and kind in {"string_type", "list_type", "int_type", "date_type", "bool_type"}:
            msg = f"{where}不能为空"
        elif kind.startswith("cn_"):
            msg = f"{where}{err['msg']}"
        elif kind == "list_type":
            msg = f"{where}应为列表，实际为 “{_show(value)}”"
            # ［甲，乙］ is a flow list typed with a Chinese input method: give the corrected line.
            bracketed = isinstance(value, str) and len(loc) == 1 and value.strip()[:1] in "［【["
            items = as_list_text(value) if bracketed else []
            hint = (
                f"写成 {flow_line(name, items)}（半角方括号，项之间用半角逗号）或每项一行“- {items[0]}”"
                if items
                else f"写成 {name}: [甲, 乙] 或每项一行“- 甲”"
            )
        elif kind == "too_short":
            msg = f"{where}至少需要 1 项"
        elif kind in {"too_long", "string_too_long"} and isinstance(value, str):  # size limits (content/limits.py)
            msg = f"{where}最多 {err['ctx']['max_length']} 个字，实际为 {len(value)} 个字"
            hint = "请精简；详细内容写在正文中"
        elif kind == "too_long":
            msg = f"{where}最多 {err['ctx']['max_length']} 项，实际为 {err['ctx'].get('actual_length', len(value))} 项"
            hint = "只保留最主要的几项"
        elif kind in {"string_type"}:
            msg = f"{where}应为文字，实际为 “{_show(value)}”"
            if isinstance(value, (list, dict)):
                hint = "这里只能写一个值，不能是列表"
        elif kind in {"int_type", "int_parsing", "int_from_float"}:
            msg = f"{where}应为正整数，实际为 “{_show(value)}”"
        elif kind == "greater_than_equal":
            msg = f"{where}应为不小于 {err['ctx']['ge']} 的整数，实际为 {value}"
        elif kind in {"bool_type", "bool_parsing"}:
            msg = f"{where}应为 true 或 false，实际为 “{_show(value)}”"
        elif kind == "literal_error":
            allowed = err["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
            msg = f"{where}应为以下之一：{'、'.join(a.strip() for a in allowed.split(','))}，实际为 “{_show(value)}”"
        elif kind in {"model_type", "dict_type"}:
            msg = f"{where}应为“字段: 值”形式的一组信息，实际为 “{_show(value)}”"
        elif kind in {"float_type", "float_parsing", "decimal_parsing"}:
            msg = f"{where}应为数字，实际为 “{_show(value)}”"
        else:
            msg = f"{where}无效：{err['msg']}"
        out.append(ContentError(doc.path, line, msg, field=name, hint=hint))
    return out


def _nested_extra(model: type[BaseModel], loc: tuple, value: Any) -> tuple[str, str]:
    """An unknown key inside revoked: {…}: most often text after an ASCII comma that YAML split off."""
    name, key = str(loc[0]), str(loc[-1])
    inner = (
        next(
            (
                a
                for a in typing.get_args(model.model_fields[name].annotation)
                if isinstance(a, type) and issubclass(a, BaseModel)
            ),
            None,
        )
        if name in model.model_fields
        else None
    )
    known = "、".join(inner.model_fields) if inner else ""
    msg = f"{field_label(model, name)}中的 “{key}” 不是可用的项" + (f"（只能写 {known}）" if known else "")
    if value is None:  # {date: …, reason: 甲, 乙}: 乙 became a key of its own
        msg += "：大括号里的半角逗号“,”会把后面的文字分成另一项"
        hint = (
            f"把 “{key}” 前面的半角逗号改成中文逗号“，”，或给整段文字加半角引号，例如 "
            f'{name}: {{date: 2026-11-20, reason: "经行政复议, {key}"}}'
        )
        return msg, hint
    return msg, f"{name} 中只写 {known}" if known else ""


def _local_file(value: str | None, record_dir: str, docs_dir: Path) -> str | None:
    """Resolve a staff path to a src path under docs/ (relative to docs/ or to the file)."""
    if not value or value.lower().startswith("https://"):
        return None
    clean = value.strip().lstrip("/")
    for base in ("", record_dir):
        candidate = posixpath.normpath(posixpath.join(base, clean))
        if not candidate.startswith("..") and (docs_dir / candidate).is_file():
            return candidate
    return ""


FILE_FIELDS = ("video", "captions", "slides", "cover")
FILE_EXAMPLES = {
    "video": "media/2023-11-wangyueche.mp4",
    "captions": "media/2023-11-wangyueche.vtt",
    "slides": "files/2023-11-wangyueche.pdf",
    "cover": "images/2023-11-wangyueche.jpg",
}


def check_files(
    record: Record[Item], docs_dir: Path, contents: bool = True
) -> tuple[dict[str, str], list[ContentError]]:
    """Check that referenced media exist under docs/ (and, with ``contents``, are what their name says)."""
    found, errors = {}, []
    folder = posixpath.dirname(record.src_uri)
    for name in FILE_FIELDS:
        value = getattr(record.meta, name, None)
        if not value:
            continue
        if value.lower().startswith("https://") and name in {"video", "slides"}:
            continue
        if value.lower().startswith(("http://", "https://")):
            msg = f"{field_label(type(record.meta), name)}应为 docs/ 下的文件，不能是网址：“{value}”"
            errors.append(ContentError(record.path, record.doc.line_of((name,)), msg, field=name))
            continue
        src = _local_file(value, folder, docs_dir)
        if src:
            found[name] = src
            why = media.problem(docs_dir / src, name) if contents else ""
            if why:
                msg = f"{field_label(type(record.meta), name)}指向的文件 “{value}” 不能使用：{why}"
                errors.append(ContentError(record.path, record.doc.line_of((name,)), msg, field=name))
        else:
            msg = f"{field_label(type(record.meta), name)}指向的文件不存在：“{value}”"
            hint = f"路径相对于 docs/ 文件夹，例如 {FILE_EXAMPLES[name]}；请检查文件名和大小写"
            errors.append(ContentError(record.path, record.doc.line_of((name,)), msg, field=name, hint=hint))
    return found, errors


def check_body_images(record: Record[Item], docs_dir: Path) -> list[ContentError]:
    """Images the body shows that exist under docs/ but are not what their name says."""
    errors = []
    folder = posixpath.dirname(record.src_uri)
    for offset, target in media.image_links(record.body):
        src = _local_file(target, folder, docs_dir)
        if not src or posixpath.splitext(src)[1].lower() not in media.IMAGE_KINDS:
            continue  # a missing file is MkDocs' own --strict warning, with its link
        why = media.problem(docs_dir / src, "cover")
        if why:
            line = record.doc.fm_end_line + 1 + offset
            errors.append(ContentError(record.path, line, f"正文中的图片 “{target}” 不能使用：{why}"))
    return errors


def load_file(docs_dir: Path, src_uri: str, context: dict[str, Any]) -> tuple[Record[Item] | None, list[ContentError]]:
    """Parse and validate one staff file."""
    path = f"{docs_dir.name}/{src_uri}"
    folder, name = src_uri.split("/", 1)
    slug = name[:-3]  # "2024/x" for docs/notices/2024/x.md: the page's URL is notices/2024/x/
    if posixpath.basename(slug) in RESERVED:
        return None, [ContentError(path, 1, f"文件名 {name} 是保留名称（栏目首页由系统生成）", hint="请换一个文件名")]
    try:
        raw = (docs_dir / src_uri).read_bytes()
    except OSError as exc:
        return None, [ContentError(path, 1, f"无法读取文件：{exc.strerror}")]
    # The preview process rebuilds after every save: a file whose bytes did not change is not parsed and
    # validated again (records and their models are frozen; the result depends on nothing else).
    key = (str(docs_dir), src_uri, raw, repr(sorted(context.items())))
    if key in _LOADED:
        record, known = _LOADED[key]
        return record, list(known)
    record, problems = _load_bytes(raw, path, folder, slug, src_uri, context)
    if len(_LOADED) >= _LOADED_MAX:
        _LOADED.clear()
    _LOADED[key] = (record, tuple(problems))
    return record, problems


_LOADED: dict[tuple, tuple[Record[Item] | None, tuple[ContentError, ...]]] = {}
_LOADED_MAX = 20_000


def _load_bytes(
    raw: bytes, path: str, folder: str, slug: str, src_uri: str, context: dict[str, Any]
) -> tuple[Record[Item] | None, list[ContentError]]:
    doc, errors = parse(raw, path)
    if doc is None:
        return None, errors
    model = notice_model(doc.data) if folder == "notices" else MODELS[folder]
    try:
        meta = model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        return None, errors + translate(exc, model, doc)
    if errors:
        return None, errors
    record = Record(meta=meta, slug=slug, src_uri=src_uri, path=path, body=doc.body, doc=doc)
    return record, file_name_problems(record)


def file_name_problems(record: Record[Item]) -> list[ContentError]:
    """The documented naming rule for file and sub-folder names: lower-case pinyin or ASCII, digits and hyphens.

    Such a URL survives being pasted into WeChat; a Chinese name becomes %E4%BF%A1… and breaks.
    """
    parts = record.slug.split("/")  # "2024/x" for a file in a sub-folder
    if all(slugs.valid_name(part) for part in parts):
        return []
    *folders, stem = parts
    fixed = [p if slugs.valid_name(p) else slugs.slug_from(p) for p in folders]
    fixed.append(stem if slugs.valid_name(stem) else slugs.suggested_name(stem, record.meta.title))
    what = "文件名" if not slugs.valid_name(stem) else "文件夹名"
    section, name = record.src_uri.split("/", 1)
    better = "/".join(fixed) + ".md"
    return [
        ContentError(
            record.path,
            1,
            f"{what} “{name}” 不符合命名规则：只能用小写拼音或英文字母、数字和连字符 -",
            hint=f"改名为 {better}（中文、空格和大写字母在网址中会变成 %E4%BF%A1 这样的乱码，"
            "粘贴到微信等聊天软件时链接会断开）",
        )
    ]


# Files in a content folder that staff meant as content but that would be skipped.
TEXT_LIKE = {*MARKDOWN_SUFFIXES, ".txt", ".doc", ".docx", ".wps", ".rtf"}


def content_files(docs_dir: Path) -> list[str]:
    """The files of every content folder, at any depth, that are (or look meant to be) content, sorted."""
    files, _ = walk(docs_dir)
    return [
        rel
        for rel in files
        if "/" in rel and rel.split("/", 1)[0] in MODELS and posixpath.splitext(rel)[1].lower() in TEXT_LIKE
    ]


def load_all(docs_dir: Path, context: dict[str, Any]) -> tuple[list[Record[Item]], list[ContentError]]:
    """Load every content file; return the valid records and every problem found."""
    files, errors = walk(docs_dir)  # links leading out of docs/ are errors
    errors += stray_pages(files, docs_dir.name)
    errors += filenames.file_problems(files, docs_dir.name) + filenames.top_page_problems(files, docs_dir.name)
    records: list[Record[Item]] = []
    for src_uri in content_files(docs_dir):
        if not src_uri.endswith(".md"):
            path = f"{docs_dir.name}/{src_uri}"
            name = posixpath.basename(src_uri)
            stem = name.split(".", 1)[0]
            errors.append(
                ContentError(
                    path,
                    1,
                    f"文件 {name} 不会被发布：内容文件的扩展名应为小写 .md",
                    hint=f"把文件改名为 {stem}.md（Windows 资源管理器可能隐藏了扩展名）",
                )
            )
            continue
        record, problems = load_file(docs_dir, src_uri, context)
        errors += problems
        if record is not None:
            records.append(record)
    return records, errors
