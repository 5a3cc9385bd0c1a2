"""The build date: every date-dependent decision asks this module."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from farun.runtime.errors import StaffError

SHANGHAI = ZoneInfo("Asia/Shanghai")
EPOCH_MIN, EPOCH_MAX = 0, 4102444800  # 1970-01-01 .. 2100-01-01 (UTC)


def build_today(environ: dict[str, str] | None = None) -> dt.date:
    """Return the build's "today": SOURCE_DATE_EPOCH if set, else now, in Asia/Shanghai."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            if not raw.isascii():  # int() would also read full-width digits
                raise ValueError(raw)
            stamp = int(raw, 10)
        except ValueError as exc:
            raise StaffError(f"环境变量 SOURCE_DATE_EPOCH 应为整数秒（Unix 时间戳），实际为 “{raw}”") from exc
        if not EPOCH_MIN <= stamp < EPOCH_MAX:  # fromtimestamp would overflow, or the day is absurd
            raise StaffError(
                f"环境变量 SOURCE_DATE_EPOCH 超出范围：{raw} 不在 1970 年至 2099 年之间"
                f"（应为 {EPOCH_MIN} 至 {EPOCH_MAX - 1} 之间的整数秒）"
            )
        moment = dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc)
    else:
        moment = dt.datetime.now(tz=dt.timezone.utc)
    return moment.astimezone(SHANGHAI).date()
