"""The unit profile: the facts of one unit for one year, from a YAML file (schema documented in the README)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.domain.validation import validation_summary


class Level(StrEnum):
    province = "省"
    city = "市"
    county = "县"
    township = "乡"
    village = "村"


UNIT_KINDS = [
    "国有企业",
    "非公企业",
    "党政机关",
    "政协人大机关",
    "学校",
    "医院",
    "村",
    "乡镇",
    "社区",
    "园区党工委",
    "市县党委",
]


class WorkItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=2, description="one sentence of what was done")
    figures: list[str] = Field(default_factory=list, description="the figures of that sentence, e.g. '12次'")
    area: str | None = Field(default=None, description="optional theme, e.g. 政治建设, 组织建设")


class Rectification(BaseModel):
    model_config = ConfigDict(extra="forbid")
    feedback: str = Field(min_length=2, description="last year's review feedback (述职评议反馈问题)")
    action: str = Field(min_length=2, description="how it was rectified")
    status: str = Field(default="已整改", description="已整改 / 持续整改")


class UnitProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_name: str = Field(min_length=2)
    unit_kind: str = Field(description="one of: " + "、".join(UNIT_KINDS))
    year: int = Field(ge=2000, le=2100, description="the report year")
    work_items: list[WorkItem] = Field(min_length=1)
    level: Level | None = None
    writer_position: str | None = Field(default=None, description="e.g. 党支部书记, 党委书记")
    superior_org: str | None = Field(default=None, description="the Party organisation above, e.g. 县委组织部")
    rectifications: list[Rectification] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list, description="problems the writer admits")
    causes: list[str] = Field(default_factory=list)
    priorities: list[str] = Field(default_factory=list, description="priorities for next year")
    target_length: int = Field(default=3000, ge=500, le=20000, description="target length in Chinese characters")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names each bad field."""


def load_profile(path: Path) -> UnitProfile:
    import yaml

    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ProfileError(f"{path}: no such file") from e
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise ProfileError(f"{path}: not valid YAML in UTF-8 ({e.__class__.__name__})") from e
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: a profile is a YAML mapping of fields (unit_name, unit_kind, year, work_items…)")
    try:
        return UnitProfile.model_validate(raw)
    except ValidationError as e:
        raise ProfileError(f"{path}: invalid profile: {validation_summary(e)}") from e
