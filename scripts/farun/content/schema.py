"""One typed schema per content type; Chinese labels double as editor help.

Each model lists exactly the keys it owns (``extra="forbid"``): a typo such
as ``speker`` is an error, never a silently ignored field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal, Optional

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from farun.content import limits
from farun.content.lists import curly_quoted, split_list

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
LOOSE_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
DOC_NO_RE = re.compile(r"^[\u4e00-\u9fff]{1,20}〔(\d{4})〕第?(\d{1,6})号$")


def _no_curly_quotes(value: Any) -> None:
    """Word/WPS turn "…" into “…”: YAML keeps those quotes and the page would show them."""
    if isinstance(value, str):
        inner = curly_quoted(value)
        if inner is not None:
            raise PydanticCustomError(
                "cn_quotes",
                "两端是中文引号（{value}）：YAML 只认半角引号，中文引号会被当成内容原样发布",
                {"value": value.strip(), "inner": inner},
            )


def _impossible_day(year: int, month: int, day: int) -> str:
    """2024年11月没有31日 — what is wrong with a date that does not exist ("" when it does)."""
    try:
        dt.date(year, month, day)
        return ""
    except ValueError:
        pass
    if not 1 <= month <= 12:
        return f"一年只有 12 个月，没有{month}月"
    if day < 1:
        return f"{year}年{month}月没有{day}日"
    leap = "" if month != 2 or day != 29 else f"（{year}年不是闰年）"
    return f"{year}年{month}月没有{day}日{leap}"


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    _no_curly_quotes(value)
    text = str(value).strip()
    match = DATE_RE.match(text)
    loose = LOOSE_DATE_RE.match(text)
    if not match and loose:  # 2024/11/31: name the missing day before the format
        why = _impossible_day(*(int(part) for part in loose.groups()))
        if why:
            raise PydanticCustomError(
                "cn_date_invalid", "不是有效的日期：“{value}” 在日历上不存在，{why}", {"value": text, "why": why}
            )
    if not match:
        raise PydanticCustomError("cn_date_format", "应为 YYYY-MM-DD 格式，实际为 “{value}”", {"value": text})
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "cn_date_invalid",
            "不是有效的日期：“{value}” 在日历上不存在，{why}",
            {"value": text, "why": _impossible_day(year, month, day)},
        ) from None


def _clean_text(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("cn_text", "应为文字，实际为 {value}", {"value": str(value).lower()})
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise PydanticCustomError("cn_empty", "不能为空", {})
        if len(value) > limits.MAX_TEXT_CHARS:
            raise PydanticCustomError(
                "cn_too_long",
                "最多 {limit} 个字，实际为 {n} 个字：请精简，详细内容写在正文中",
                {"limit": limits.MAX_TEXT_CHARS, "n": len(value)},
            )
        _no_curly_quotes(value)
    return value


def _list_items(value: Any) -> Any:
    """[道路运输，新业态监管] is three topics typed with a Chinese input method, not one."""
    return split_list(value) if isinstance(value, list) else value


def _doc_number(value: str) -> str:
    """Every 文号 field (doc_no, decision_no) is checked alike: 绍市交〔2024〕4号."""
    if DOC_NO_RE.match(value):
        return value
    hint = "格式应为“机关代字〔年份〕序号号”，例如 绍市交〔2024〕4号"
    fixed = re.sub(r"[\[\(（【［〔]\s*([0-9]{4})\s*[\]\)）】］〕]", r"〔\1〕", value)
    if fixed != value:
        hint += "；年份须用六角括号〔〕，不是 [] () （） 【】"
        if DOC_NO_RE.match(fixed):
            hint += f"，应写成 {fixed}"
    raise PydanticCustomError("cn_doc_no", "{hint}，实际为 “{value}”", {"hint": hint, "value": value})


def _law_title(value: Any) -> Any:
    value = _clean_text(value)
    if isinstance(value, str):
        inner = value.strip("《》<>〈〉 ")
        return f"《{inner}》"
    return value


def _episode(value: Any) -> Any:
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise PydanticCustomError("cn_int", "应为正整数，实际为 “{value}”", {"value": value})
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise PydanticCustomError("cn_int", "应为正整数（只写数字，如 7），实际为 “{value}”", {"value": text})
        return int(text)
    return value


def _flag(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in {"是", "否"}:
        return value.strip() == "是"
    return value


Date = Annotated[dt.date, BeforeValidator(_parse_date)]
Text = Annotated[str, BeforeValidator(_clean_text)]
LawTitle = Annotated[str, BeforeValidator(_law_title)]
Flag = Annotated[bool, BeforeValidator(_flag)]


def _page_name(value: str) -> str:
    """A tag, speaker or law names a page: its address must fit in a file name on every system."""
    size = len(value.encode("utf-8"))
    if size > limits.MAX_NAME_BYTES:
        raise PydanticCustomError(
            "cn_page_name",
            "会用作页面的网址，太长了（{size} 字节，最多 {limit} 字节，约 {chars} 个汉字）：请改用简称",
            {"size": size, "limit": limits.MAX_NAME_BYTES, "chars": limits.MAX_NAME_BYTES // 3},
        )
    return value


PageName = Annotated[Text, AfterValidator(_page_name)]
TextList = Annotated[list[Text], BeforeValidator(_list_items)]
LawList = Annotated[
    list[Annotated[LawTitle, Field(max_length=limits.MAX_LAW_CHARS), AfterValidator(_page_name)]],
    BeforeValidator(_list_items),
    Field(max_length=limits.MAX_LAWS),
]
# Size limits (content/limits.py): every tag makes a page; pydantic's too-long errors are put in Chinese by load.translate.
TagList = Annotated[
    list[Annotated[PageName, Field(max_length=limits.MAX_TAG_CHARS)]],
    BeforeValidator(_list_items),
    Field(max_length=limits.MAX_TAGS),
]
References = Annotated[TextList, Field(max_length=limits.MAX_REFERENCES)]
Title = Annotated[Text, Field(max_length=limits.MAX_TITLE_CHARS)]
Summary = Annotated[Text, Field(max_length=limits.MAX_SUMMARY_CHARS)]
DocNo = Annotated[str, BeforeValidator(_clean_text), AfterValidator(_doc_number)]


class Item(BaseModel):
    """Fields shared by every published item."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ClassVar[str] = "item"
    folder: ClassVar[str] = ""
    label: ClassVar[str] = "条目"
    sections: ClassVar[tuple[str, ...]] = ()

    title: Title = Field(
        title="标题", description="页面标题，例如：新修订《行政复议法》要点解读"
    )  # lecture's; cases and notices have their own
    date: Date = Field(title="日期", description="日期，格式 YYYY-MM-DD，例如 2023-03-15")
    draft: Flag = Field(False, title="草稿", description="true 表示草稿：不发布到任何页面、列表和搜索")
    publish: Optional[Date] = Field(
        None, title="发布日期", description="到这一天才发布（之前不出现在网站上），格式 YYYY-MM-DD"
    )


class Lecture(Item):
    """法润交通云讲堂 — one session of the lecture series."""

    kind: ClassVar[str] = "lecture"
    folder: ClassVar[str] = "lectures"
    label: ClassVar[str] = "讲座"
    sections: ClassVar[tuple[str, ...]] = ("讲座要点", "条文解读", "问答")

    date: Date = Field(title="日期", description="讲座举办日期，格式 YYYY-MM-DD；今天或以后的日期显示为预告")
    episode: Annotated[int, BeforeValidator(_episode)] = Field(
        ge=1, title="期数", description="第几期，正整数，整个系列中不能重复"
    )
    speaker: PageName = Field(title="主讲人", description="主讲人姓名")
    summary: Summary = Field(title="摘要", description="一两句话概括讲座内容，显示在列表和分享卡片中")
    tags: TagList = Field(min_length=1, title="主题", description="主题标签列表，例如 [行政复议, 依法行政]")
    speaker_title: Optional[Text] = Field(None, title="主讲人职务", description="例如：市交通运输局政策法规处副处长")
    time: Optional[Text] = Field(None, title="时间", description='讲座时间，例如 "14:30-16:00"')
    venue: Optional[Text] = Field(None, title="地点", description="讲座地点或直播方式")
    duration: Optional[Text] = Field(None, title="时长", description="例如：90分钟")
    video: Optional[Text] = Field(
        None, title="视频", description="docs/ 下的视频文件路径（如 media/x.mp4）或 https 网址"
    )
    captions: Optional[Text] = Field(None, title="字幕", description="视频字幕，docs/ 下的 WebVTT（.vtt）文件")
    slides: Optional[Text] = Field(None, title="课件", description="docs/ 下的课件文件路径，如 files/x.pdf")
    cover: Optional[Text] = Field(None, title="封面", description="自定义封面图片，docs/ 下的 jpg/png/webp 文件")
    laws: LawList = Field(
        default_factory=list, title="涉及法规", description="法规名称列表，如 [《中华人民共和国行政复议法》]"
    )
    cases: References = Field(default_factory=list, title="相关案例", description="相关案例的文件名（不含 .md）列表")

    @field_validator("video", "captions", "slides", "cover")
    @classmethod
    def _forward_slashes(cls, value: Optional[str]) -> Optional[str]:
        """files\\课件.pdf as copied from Windows Explorer is files/课件.pdf (a web address uses /)."""
        if value and "\\" in value and "://" not in value:
            return value.replace("\\", "/")
        return value

    @field_validator("video")
    @classmethod
    def _video_url(cls, value: Optional[str]) -> Optional[str]:
        if value and value.lower().startswith("http://"):
            raise PydanticCustomError("cn_https", "网址应以 https:// 开头，实际为 “{value}”", {"value": value})
        return value

    @field_validator("captions")
    @classmethod
    def _captions_vtt(cls, value: Optional[str]) -> Optional[str]:
        if value and not value.lower().endswith(".vtt"):
            raise PydanticCustomError("cn_vtt", "应为 WebVTT 字幕文件（.vtt），实际为 “{value}”", {"value": value})
        return value


class Case(Item):
    """以案释法 — one explained case."""

    kind: ClassVar[str] = "case"
    folder: ClassVar[str] = "cases"
    label: ClassVar[str] = "案例"
    sections: ClassVar[tuple[str, ...]] = ("案情简介", "调查处理", "法律依据", "以案释法")

    title: Title = Field(title="标题", description="案例标题，建议以“示例｜”开头，例如：示例｜货车违法超限运输被查处案")
    category: Text = Field(title="类别", description="案例类别，须为 mkdocs.yml 中 case_categories 所列之一")
    laws: LawList = Field(min_length=1, title="涉及法规", description="法规名称列表，如 [《浙江省道路运输条例》]")
    summary: Summary = Field(title="摘要", description="一两句话概括案例")
    tags: TagList = Field(default_factory=list, title="主题", description="主题标签列表")
    lectures: References = Field(default_factory=list, title="相关讲座", description="相关讲座的文件名（不含 .md）列表")

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str, info: ValidationInfo) -> str:
        allowed = (info.context or {}).get("categories")
        if allowed and value not in allowed:
            raise PydanticCustomError(
                "cn_choice",
                "应为以下之一：{allowed}，实际为 “{value}”",
                {"allowed": "、".join(allowed), "value": value},
            )
        return value


NOTICE_TYPES = ("通知", "公告", "讲堂预告", "行政许可公示", "行政处罚公示")


class Notice(Item):
    """公示公告 — a public notice; penalty and licence notices extend it."""

    kind: ClassVar[str] = "notice"
    folder: ClassVar[str] = "notices"
    label: ClassVar[str] = "公告"

    title: Title = Field(title="标题", description="公告标题，例如：关于开展2024年度交通运输行政执法案卷评查的通知")
    date: Date = Field(title="日期", description="发布日期，格式 YYYY-MM-DD")
    type: Literal["通知", "公告", "讲堂预告", "行政许可公示", "行政处罚公示"] = Field(
        title="类型", description="通知、公告、讲堂预告、行政许可公示 或 行政处罚公示"
    )
    issuer: Text = Field(title="发布单位", description="例如：绍兴市交通运输局")
    doc_no: Optional[DocNo] = Field(None, title="文号", description="发文字号，例如 绍市交〔2024〕4号")
    expires: Optional[Date] = Field(None, title="截止日期", description="公示或公告截止日期，格式 YYYY-MM-DD")

    @model_validator(mode="after")
    def _date_order(self) -> "Notice":
        """Dates that make a notice never appear, said instead of silently hiding it."""
        errors: list[InitErrorDetails] = []
        if self.expires and self.expires < self.date:
            errors.append(
                _order_error(
                    "expires",
                    "不能早于 date（日期）{date}，实际为 {value}：这样的公告一天也不会公开",
                    self.expires,
                    date=self.date.isoformat(),
                    value=self.expires.isoformat(),
                )
            )
        if self.publish and self.expires and self.publish > self.expires:
            errors.append(
                _order_error(
                    "publish",
                    "不能晚于 expires（截止日期）{expires}，实际为 {value}：到发布日期时公示已经结束，这条内容永远不会公开",
                    self.publish,
                    expires=self.expires.isoformat(),
                    value=self.publish.isoformat(),
                )
            )
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self


def _order_error(name: str, message: str, given: Any, **ctx: Any) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError("cn_" + name, message, ctx), loc=(name,), input=given)
