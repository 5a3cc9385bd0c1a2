"""Every content type's schema, by folder and by notice type: the one module that knows them all.

schema.py holds the base item and the lecture, case and notice schemas;
schema_notices.py the 双公示 notices that extend Notice. Neither imports this
module, so the schemas form no import cycle.
"""

from __future__ import annotations

from typing import Any

from farun.content.schema import Case, Item, Lecture, Notice
from farun.content.schema_notices import LicenceNotice, PenaltyNotice

MODELS: dict[str, type[Item]] = {"lectures": Lecture, "cases": Case, "notices": Notice}
NOTICE_MODELS: dict[str, type[Notice]] = {"行政处罚公示": PenaltyNotice, "行政许可公示": LicenceNotice}


def notice_model(data: dict[str, Any]) -> type[Notice]:
    """Pick the notice schema for a front matter by its ``type``."""
    return NOTICE_MODELS.get(str(data.get("type", "")).strip(), Notice)
