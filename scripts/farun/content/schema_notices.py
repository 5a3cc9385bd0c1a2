"""Schemas of the 双公示 notices: 行政处罚公示 and 行政许可公示.

models.py registers these in ``NOTICE_MODELS`` so a notice's ``type`` picks
its schema. Checks that need
two fields (party against party_type, expires against decision_date) run
after the single fields are valid and report every problem at its field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Literal, Optional

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from farun.pii.checkdigits import CREDIT_CHARSET, credit_check_char
from farun.pii.names import MASKED_NAME, surname_of
from farun.content.schema import Date, DocNo, Notice, Text, _parse_date

PARTY_TYPES = ("法人及非法人组织", "个体工商户", "自然人")
NATURAL = "自然人"
PERIOD_MIN = relativedelta(months=3)
PERIOD_MAX = relativedelta(years=3)
ONE_YEAR = relativedelta(years=1)


def _credit_code(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    code = value.strip().upper().replace(" ", "")
    if len(code) != 18:
        raise PydanticCustomError(
            "cn_credit_length", "应为 18 位统一社会信用代码，实际为 {n} 位：“{value}”", {"n": len(code), "value": value}
        )
    bad = [ch for ch in code if ch not in CREDIT_CHARSET]
    if bad:
        raise PydanticCustomError(
            "cn_credit_chars",
            "含有不允许的字符 “{bad}”（统一社会信用代码只用数字和大写字母，不用 I、O、S、V、Z）：“{value}”",
            {"bad": bad[0], "value": value},
        )
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise PydanticCustomError(
            "cn_credit_check",
            "校验码不符（GB 32100-2015）：按前 17 位计算，第 18 位应为 “{expected}”，实际为 “{actual}”；请对照营业执照核对全部 18 位",
            {"expected": expected, "actual": code[17]},
        )
    return code


def _fine(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        raise PydanticCustomError("cn_fine", "应为金额数字（单位：元），例如 5000，实际为 “{value}”", {"value": value})
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise PydanticCustomError(
            "cn_fine", "应为金额数字（单位：元，只写数字），例如 5000，实际为 “{value}”", {"value": value}
        ) from None
    if not amount.is_finite() or amount < 0:
        raise PydanticCustomError("cn_fine", "不能为负数，实际为 “{value}”", {"value": value})
    return amount


CreditCode = Annotated[str, BeforeValidator(_credit_code)]
Fine = Annotated[Decimal, BeforeValidator(_fine)]


def _cross_error(errors: list[InitErrorDetails], name: str | tuple, message: str, given: Any, **ctx: Any) -> None:
    loc = name if isinstance(name, tuple) else (name,)
    errors.append(InitErrorDetails(type=PydanticCustomError("cn_" + loc[0], message, ctx), loc=loc, input=given))


def _raise(model: type, errors: list[InitErrorDetails]) -> None:
    if errors:
        # A ValidationError raised here keeps each error's field, so staff see the right line.
        raise ValidationError.from_exception_data(model.__name__, errors)


class Revocation(BaseModel):
    """撤回信息: when and why the decision was revoked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: Optional[Date] = Field(
        None, title="撤销日期", description="处罚决定被撤销（变更、确认违法或无效）的日期，YYYY-MM-DD"
    )
    reason: Optional[Text] = Field(
        None, title="撤回理由", description="例如：经行政复议，复议机关决定撤销原行政处罚决定"
    )


class _Party(Notice):
    """Fields both 双公示 notice types share, with the natural-person guard."""

    # party_type comes first so the check of party and credit_code can see it.
    party_type: Literal["法人及非法人组织", "个体工商户", "自然人"] = Field(
        "法人及非法人组织", title="相对人类别", description="法人及非法人组织、个体工商户 或 自然人"
    )
    party: Text = Field(
        title="行政相对人名称", description="单位或个体工商户全称；自然人只写姓氏加“某”或“*”，例如 王某、王**"
    )
    credit_code: Optional[CreditCode] = Field(
        None, title="统一社会信用代码", description="18 位统一社会信用代码（GB 32100-2015）；自然人不填"
    )
    decision_no: DocNo = Field(title="决定书文号", description="例如：绍市交执罚〔2024〕21号")
    decision_date: Date = Field(title="决定日期", description="作出决定的日期，YYYY-MM-DD")
    authority: Text = Field(title="决定机关", description="作出决定的机关全称，例如：绍兴市交通运输行政执法队")

    def _party_errors(self, errors: list[InitErrorDetails]) -> None:
        if self.party_type == NATURAL:
            if not MASKED_NAME.match(self.party):
                surname = surname_of(self.party)
                _cross_error(
                    errors,
                    "party",
                    "为自然人时只能公开姓氏，应写成 “{expected}” 或 “{stars}”，实际为 “{value}”",
                    self.party,
                    expected=surname + "某",
                    stars=surname + "**",
                    value=self.party,
                )
            if self.credit_code:
                _cross_error(
                    errors,
                    "credit_code",
                    "应删除：party_type（相对人类别）为 自然人 时不填统一社会信用代码，也不得公开身份证件号码",
                    self.credit_code,
                )
        elif not self.credit_code:
            _cross_error(
                errors,
                "credit_code",
                "不能为空：party_type（相对人类别）为 {party_type} 时必须填写 18 位统一社会信用代码",
                None,
                party_type=self.party_type,
            )
        if self.date < self.decision_date:
            _cross_error(
                errors,
                "date",
                "不能早于 decision_date（决定日期）{decision}：公示只能在作出决定之后发布",
                self.date.isoformat(),
                decision=self.decision_date.isoformat(),
            )


class PenaltyNotice(_Party):
    """行政处罚公示 — one penalty decision under the 双公示 standard."""

    label: ClassVar[str] = "行政处罚公示"

    type: Literal["行政处罚公示"] = Field(title="类型", description="行政处罚公示")
    party_type: Literal["法人及非法人组织", "个体工商户", "自然人"] = Field(
        title="相对人类别", description="法人及非法人组织、个体工商户 或 自然人"
    )
    violation: Text = Field(title="违法行为类型", description="例如：车辆违法超限运输")
    facts: Text = Field(title="违法事实", description="简要写明查实的违法事实；不得含有身份证号、手机号等个人信息")
    basis: Text = Field(title="处罚依据", description="例如：《公路安全保护条例》第六十四条")
    penalty: Text = Field(title="处罚内容", description="例如：罚款人民币伍仟元")
    fine: Optional[Fine] = Field(
        None, title="罚款金额", description="罚款金额，单位：元，只写数字，例如 5000；没有罚款写 0"
    )
    severity: Literal["一般", "严重"] = Field(
        title="失信程度", description="一般 或 严重；决定公示期限：一般 3 个月至 1 年，严重 1 年至 3 年"
    )
    expires: Optional[Date] = Field(
        None,
        title="公示截止日期",
        description="公示的最后一天，YYYY-MM-DD；不填时一般为决定日期后 1 年，严重为 3 年；次日起自动撤下",
    )
    revoked: Optional[Revocation] = Field(
        None,
        title="撤回信息",
        description="处罚决定被撤销时填写 {date: 撤销日期, reason: 理由}；网站即撤下决定内容，只保留撤回说明",
    )

    @model_validator(mode="before")
    @classmethod
    def _default_expires(cls, data: Any) -> Any:
        """Fill in the default publicity period when ``expires`` is left out."""
        if not isinstance(data, dict) or data.get("expires") not in (None, ""):
            return data
        try:
            decided = _parse_date(data.get("decision_date"))
        except PydanticCustomError:
            return data  # the field check reports the bad date
        years = {"一般": 1, "严重": 3}.get(str(data.get("severity", "")).strip())
        if years is None:
            return data
        return {**data, "expires": decided + relativedelta(years=years)}

    @model_validator(mode="after")
    def _cross_checks(self) -> "PenaltyNotice":
        errors: list[InitErrorDetails] = []
        self._party_errors(errors)
        low, high = publicity_range(self.decision_date, self.severity)
        if self.expires and not low <= self.expires <= high:
            _cross_error(
                errors,
                "expires",
                "超出允许范围：失信程度为 {severity} 的处罚决定（决定日期 {decision}）公示截止日期应在 {low} 至 {high} 之间，实际为 {value}",
                self.expires.isoformat(),
                severity=self.severity,
                decision=self.decision_date.isoformat(),
                low=low.isoformat(),
                high=high.isoformat(),
                value=self.expires.isoformat(),
            )
        if self.revoked is not None:
            missing = [n for n in ("date", "reason") if getattr(self.revoked, n) is None]
            if missing:
                _cross_error(
                    errors,
                    ("revoked", missing[0]),
                    "不能为空：撤回时写成 {example}",
                    None,
                    example="revoked: {date: 撤销日期, reason: 撤回理由}",
                )
            elif self.revoked.date is not None and self.revoked.date < self.decision_date:  # set: not missing
                _cross_error(
                    errors,
                    ("revoked", "date"),
                    "不能早于 decision_date（决定日期）{decision}，实际为 {value}",
                    self.revoked.date.isoformat(),
                    decision=self.decision_date.isoformat(),
                    value=self.revoked.date.isoformat(),
                )
        _raise(type(self), errors)
        return self


def publicity_range(decided: dt.date, severity: str) -> tuple[dt.date, dt.date]:
    """First and last allowed ``expires`` for a decision of this severity."""
    if severity == "严重":
        return decided + ONE_YEAR, decided + PERIOD_MAX
    return decided + PERIOD_MIN, decided + ONE_YEAR


class LicenceNotice(_Party):
    """行政许可公示 — one licensing decision under the 双公示 standard."""

    label: ClassVar[str] = "行政许可公示"

    type: Literal["行政许可公示"] = Field(title="类型", description="行政许可公示")
    licence_type: Literal["普通", "特许", "认可", "核准", "登记", "其他"] = Field(
        title="许可类别", description="普通、特许、认可、核准、登记 或 其他"
    )
    content: Text = Field(title="许可内容", description="准予许可的事项和范围")
    valid_from: Date = Field(title="有效期自", description="许可生效日期，YYYY-MM-DD")
    valid_to: Optional[Date] = Field(None, title="有效期至", description="许可有效期截止日期，YYYY-MM-DD；长期有效不填")

    @model_validator(mode="after")
    def _cross_checks(self) -> "LicenceNotice":
        errors: list[InitErrorDetails] = []
        self._party_errors(errors)
        if self.valid_to and self.valid_to < self.valid_from:
            _cross_error(
                errors,
                "valid_to",
                "不能早于 valid_from（有效期自）{start}，实际为 {value}",
                self.valid_to.isoformat(),
                start=self.valid_from.isoformat(),
                value=self.valid_to.isoformat(),
            )
        _raise(type(self), errors)
        return self
