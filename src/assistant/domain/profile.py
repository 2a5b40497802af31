"""The unit profile: the facts of one unit for one year, from a YAML file (schema documented in the README)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.domain.validation import validation_summary
from assistant.domain.yamltext import read_yaml_file


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

# What writers call their kind of unit, mapped to the kinds the index stores (retrieval prefers exemplars of
# the same kind, so a kind outside UNIT_KINDS would silently match nothing).
UNIT_KIND_ALIASES = {
    "国企": "国有企业", "央企": "国有企业", "集团公司": "国有企业",
    "民营企业": "非公企业", "非公有制企业": "非公企业", "机关": "党政机关", "政府机关": "党政机关",
    "政协": "政协人大机关", "人大": "政协人大机关", "高校": "学校", "中学": "学校", "小学": "学校",
    "卫生院": "医院", "农村": "村", "镇": "乡镇", "乡": "乡镇", "街道": "社区", "园区": "园区党工委",
    "党工委": "园区党工委", "县委": "市县党委", "市委": "市县党委",
}


# Surrounding spaces are dropped, so a blank entry ("" or "  ") is refused rather than drafted as an empty item.
STRIP = ConfigDict(extra="forbid", str_strip_whitespace=True)
Entry = Annotated[str, Field(min_length=1)]


class WorkItem(BaseModel):
    model_config = STRIP
    text: str = Field(min_length=2, description="one sentence of what was done")
    figures: list[Entry] = Field(default_factory=list, description="the figures of that sentence, e.g. '12次'")
    area: str | None = Field(default=None, description="optional theme, e.g. 政治建设, 组织建设")
    source: str | None = Field(default=None, description="where `profile extract` found it (第7行); not drafted")

    @field_validator("figures", mode="before")
    @classmethod
    def _one_figure(cls, v: object) -> object:
        return [v] if isinstance(v, (str, int, float)) else v  # `figures: 12次` means one figure


class Rectification(BaseModel):
    model_config = STRIP
    feedback: str = Field(min_length=2, description="last year's review feedback (述职评议反馈问题)")
    action: str = Field(min_length=2, description="how it was rectified")
    status: str = Field(default="已整改", description="已整改 / 持续整改")
    source: str | None = Field(default=None, description="where `profile extract` found it; not drafted")


# A report lists a handful of problems and measures (3-6 in the corpus) and at most a few dozen works; far
# longer lists are a mistake in the profile (a pasted table), and would draft for minutes into a report no one
# can deliver in ten minutes.
MAX_ITEMS = 20
MAX_WORK_ITEMS = 60


class UnitProfile(BaseModel):
    model_config = STRIP

    unit_name: str = Field(min_length=2)
    unit_kind: str = Field(description="one of: " + "、".join(UNIT_KINDS))
    year: int = Field(ge=2000, le=2100, description="the report year")
    work_items: list[WorkItem] = Field(min_length=1, max_length=MAX_WORK_ITEMS)
    level: Level | None = None
    writer_position: str | None = Field(default=None, description="e.g. 党支部书记, 党委书记")
    superior_org: str | None = Field(default=None, description="the Party organisation above, e.g. 县委组织部")
    rectifications: list[Rectification] = Field(default_factory=list, max_length=MAX_ITEMS)
    problems: list[Entry] = Field(default_factory=list, max_length=MAX_ITEMS, description="problems the writer admits")
    causes: list[Entry] = Field(default_factory=list, max_length=MAX_ITEMS)
    priorities: list[Entry] = Field(default_factory=list, max_length=MAX_ITEMS, description="priorities for next year")
    target_length: int = Field(default=3000, ge=500, le=20000, description="target length in Chinese characters")
    previous_report: str | None = Field(default=None, description="last year's report (critique --facts): a "
                                        ".txt/.md/.docx file, relative to the profile's folder")

    @field_validator("unit_kind", mode="before")
    @classmethod
    def _known_kind(cls, v: object) -> object:
        if not isinstance(v, str):
            return v
        kind = UNIT_KIND_ALIASES.get(v.strip(), v.strip())
        if kind not in UNIT_KINDS:
            raise ValueError(f"只能是 {'、'.join(UNIT_KINDS)} 之一，现为“{v}”")
        return kind

    @field_validator("work_items", mode="before")
    @classmethod
    def _items_as_sentences(cls, v: object) -> object:
        # a work item written as a plain sentence is a WorkItem with that text
        return [{"text": x} if isinstance(x, str) else x for x in v] if isinstance(v, list) else v


class ProfileError(ValueError):
    """A profile that cannot be used; the message names each bad field."""


def load_profile(path: Path) -> UnitProfile:
    raw = read_yaml_file(path, ProfileError)
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}：情况表应是一组“名称: 值”（unit_name、unit_kind、year、work_items……）")
    try:
        return UnitProfile.model_validate(raw)
    except ValidationError as e:
        raise ProfileError(f"{path}：情况表有误：{validation_summary(e)}") from e
