"""Site settings, declared once in mkdocs.yml ``extra:`` and validated at start."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Literal, Optional, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from farun.runtime.errors import ContentError, StaffError
from farun.content.guard import place_text, value_problems

# Keys of ``extra`` that belong to Material for MkDocs itself.
MATERIAL_EXTRA = {
    "generator",
    "polyfills",
    "social",
    "homepage",
    "analytics",
    "consent",
    "alternate",
    "version",
    "status",
    "tags",
    "annotate",
}


class SiteSettings(BaseModel):
    """The bureau's facts shown in the footer and page metadata."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bureau_name: str = Field(min_length=1, title="单位名称")
    bureau_sponsor: str = Field(min_length=1, title="主办单位")
    bureau_phone: str = Field(min_length=1, title="联系电话")
    bureau_hotline: str = Field(min_length=1, title="服务热线")
    bureau_address: str = Field(min_length=1, title="地址")
    series_name: str = Field("法润交通云讲堂", min_length=1, title="讲堂名称")
    filing_icp: str = Field(min_length=1, title="ICP备案号")
    filing_police: str = Field(min_length=1, title="公安机关备案号")
    filing_site_code: str = Field(pattern=r"^[0-9A-Za-z]{10}$", title="网站标识码")
    # The masthead above the header: the bureau's name (and emblem) linking back to its portal.
    bureau_portal_url: Optional[str] = Field(None, pattern=r"^https://\S+$", title="单位门户网站网址")
    bureau_emblem: Optional[str] = Field(None, pattern=r"^[^/:\s\\][^:\s\\]*$", title="单位徽标图片（docs/ 下的路径）")
    # 政府网站 conventions in the footer (each shown only when set).
    bureau_organizer: Optional[str] = Field(None, min_length=1, title="承办单位")
    gov_mark_image: Optional[str] = Field(
        None, pattern=r"^[^/:\s\\][^:\s\\]*$", title="党政机关网站标识图片（docs/ 下的路径）"
    )
    gov_mark_url: Optional[str] = Field(None, pattern=r"^https://\S+$", title="党政机关网站标识链接")
    gov_error_report_url: Optional[str] = Field(None, pattern=r"^https://\S+$", title="政府网站找错链接")
    filing_icp_url: str = Field("https://beian.miit.gov.cn/", pattern=r"^https://\S+$", title="ICP备案查询链接")
    filing_police_url: Optional[str] = Field(None, pattern=r"^https://\S+$", title="公安备案查询链接")
    case_categories: list[str] = Field(min_length=1, title="案例类别")
    pii_allowlist: list[str] = Field(default_factory=list, title="允许公开的号码")
    gov_column_types: dict[str, str] = Field(default_factory=dict, title="栏目类型（政府网站 ColumnType）")
    law_levels: dict[str, Literal["法律", "行政法规", "地方性法规", "规章", "规范性文件"]] = Field(
        default_factory=dict, title="法规效力层级（法规名称: 层级）"
    )
    # Off by default: an iframe in a body is removed unless listed here (its src must still be on this site).
    body_allow_embeds: list[Literal["iframe"]] = Field(default_factory=list, title="正文中允许的嵌入元素")
    # Files under docs/ that no published page links to are not copied, unless listed here (glob patterns).
    publish_unreferenced: list[str] = Field(default_factory=list, title="始终发布的未引用文件")
    # Attachments published without a text check (a scanned PDF, a .zip): path under docs/ -> why.
    pii_unscanned_files: dict[str, str] = Field(default_factory=dict, title="不检查个人信息的文件")

    @field_validator("pii_unscanned_files", mode="before")
    @classmethod
    def _unscanned_files(cls, value: Any) -> Any:
        # ValueError, not StaffError: pydantic's protocol inside a validator (load_settings says it as value_error).
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("应写成“路径: 理由”的形式，如 files/扫描件.pdf: 已人工核对，无个人信息")
        for path, reason in value.items():
            text = str(path).strip().replace("\\", "/")
            if not text or text.startswith("/") or ".." in text.split("/") or text != str(path):
                raise ValueError(
                    f"路径 “{path}” 应为 docs/ 下的相对路径，如 files/扫描件.pdf（不要以 / 或 docs/ 开头，不能含 ..）"
                )
            if text.startswith("docs/"):
                raise ValueError(f"路径 “{path}” 不要以 docs/ 开头，应写成 {text[5:]}")
            if not isinstance(reason, str) or len(reason.strip()) < 4:
                raise ValueError(f"路径 “{path}” 必须写明不检查的理由（至少 4 个字），如“扫描件已人工核对，无个人信息”")
        return value


def _lines(config_path: Any) -> dict[tuple, int]:
    """The line of every key and list item of mkdocs.yml, from its YAML nodes (nothing is constructed)."""
    try:
        with open(config_path, encoding="utf-8") as handle:
            root = yaml.compose(handle, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError):
        return {}
    lines: dict[tuple, int] = {}
    pending: list[tuple[tuple, Any]] = [((), root)]
    while pending:
        loc, node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[loc + (key.value,)] = key.start_mark.line + 1
                pending.append((loc + (key.value,), value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[loc + (index,)] = item.start_mark.line + 1
                pending.append((loc + (index,), item))
    return lines


def load_settings(extra: dict[str, Any], config_path: Any = None) -> SiteSettings:
    """Validate ``extra`` from mkdocs.yml; raise StaffError with Chinese messages (with lines when ``config_path`` is given)."""
    # Every string of extra, Material's keys too (they reach every page): the characters content may not hold.
    if invisible := value_problems(extra or {}, ("extra",)):
        lines = _lines(config_path) if config_path else {}
        raise StaffError(
            "\n".join(
                f"mkdocs.yml{f':{lines[place]}' if place in lines else ''}: {place_text(place)} {message}"
                "（建议：多半来自双引号中的反斜杠转义，如 \\0、\\x1b、\\u2028；请删除这个转义）"
                for place, message in invisible
            )
        )
    ours = {k: v for k, v in (extra or {}).items() if k not in MATERIAL_EXTRA}
    try:
        return SiteSettings.model_validate(ours)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else ""
            info = SiteSettings.model_fields.get(name)
            label = f"extra.{name}（{info.title}）" if info else f"extra.{name}"
            if err["type"] == "missing":
                problems.append(f"mkdocs.yml: 缺少站点设置 {label}")
            elif err["type"] == "extra_forbidden":
                guess = difflib.get_close_matches(name, list(SiteSettings.model_fields), n=1)
                tip = f"，是否应为 extra.{guess[0]}？" if guess else ""
                problems.append(f"mkdocs.yml: 未知的站点设置 extra.{name}{tip}")
            elif err["type"] == "value_error":
                problems.append(f"mkdocs.yml: {label} {err['ctx']['error']}")
            elif err["type"] == "literal_error" and name == "law_levels":
                where = ".".join(str(x) for x in err["loc"])
                problems.append(
                    f"mkdocs.yml: extra.{where}（{info.title if info else name}）应为 法律、行政法规、地方性法规、规章、规范性文件 之一，"
                    f"实际为 “{err['input']}”"
                )
            elif err["type"] == "string_pattern_mismatch" and name in ("gov_mark_image", "bureau_emblem"):
                example = "assets/images/dzjg.png" if name == "gov_mark_image" else "assets/images/emblem.png"
                problems.append(
                    f"mkdocs.yml: {label} 应为 docs/ 下的图片路径，如 {example}，实际为 “{err['input']}”"
                    "（不能是外部网址：网站不向其他网站请求任何文件）"
                )
            elif err["type"] == "string_pattern_mismatch" and name.endswith("_url"):
                problems.append(f"mkdocs.yml: {label} 应为以 https:// 开头的网址，实际为 “{err['input']}”")
            elif err["type"] == "string_pattern_mismatch":
                problems.append(f"mkdocs.yml: {label} 应为 10 位数字或字母，实际为 “{err['input']}”")
            elif err["type"] == "literal_error":
                problems.append(f"mkdocs.yml: {label} 只能包含 iframe，实际为 “{err['input']}”")
            else:
                problems.append(f"mkdocs.yml: {label} 不能为空，且应为文字（列表项请写成 [甲, 乙]）")
        raise StaffError("\n".join(problems)) from None


# Images mkdocs.yml names under docs/: each must be there, or every page shows a broken image.
NAMED_IMAGES = ("bureau_emblem", "gov_mark_image")


def missing_images(settings: SiteSettings, docs_dir: Any) -> list[ContentError]:
    """A problem for each image setting whose file is not under ``docs_dir`` (mkdocs.yml beside it gives the line)."""
    lines = _lines(Path(docs_dir).parent / "mkdocs.yml")
    problems = []
    for name in NAMED_IMAGES:
        value = getattr(settings, name)
        if value and not (Path(docs_dir) / value).is_file():
            title = SiteSettings.model_fields[name].title
            problems.append(
                ContentError(
                    "mkdocs.yml",
                    lines.get(("extra", name), 1),
                    f"extra.{name}（{title}）“{value}” 在 docs/ 下找不到",
                    field=name,
                    hint=f"把图片放到 docs/{value}，或改正路径；不用时删去这一行",
                )
            )
    return problems
