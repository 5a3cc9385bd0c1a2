"""The build date: every date-dependent decision asks this module."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def build_today(environ: dict[str, str] | None = None) -> dt.date:
    """Return the build's "today": SOURCE_DATE_EPOCH if set, else now, in Asia/Shanghai."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            stamp = int(raw)
        except ValueError as exc:
            raise ValueError(
                f"环境变量 SOURCE_DATE_EPOCH 应为整数秒（Unix 时间戳），实际为 “{raw}”"
            ) from exc
        moment = dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc)
    else:
        moment = dt.datetime.now(tz=dt.timezone.utc)
    return moment.astimezone(SHANGHAI).date()
