"""The rubric: which parts a report needs, in which order, and how each check is configured.

Shipped as data (assistant/data/rubric.yaml), replaceable with --rubric FILE. Drafting uses the same
rubric for its structure; the critique uses it for its checks (`Rubric.checks()`). A replacement rubric
must list its parts; any check setting it leaves out falls back to the shipped one.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from assistant.domain.models import Role
from assistant.domain.oserrors import os_reason
from assistant.domain.validation import validation_summary
from assistant.domain.yamltext import YamlError, load_yaml

SeverityName = Literal["error", "warning", "info", "off"]


class RubricError(ValueError):
    pass


class PartRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    requirement: Literal["required", "expected", "optional"] = "required"
    heading: str = Field(description="the heading drafting writes for this part, e.g. 存在问题")
    numbered: bool = Field(default=True, description="whether drafting gives the part a 一、 heading")


class DatedExpression(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    expr: str
    pattern: str | None = None
    from_year: int = Field(alias="from")
    to_year: int | None = Field(default=None, alias="to")
    allow: list[str] = Field(default_factory=list)
    also: list[tuple[int, int]] = Field(default_factory=list, description="other [from, to] years it was current")
    planned_ahead: bool = Field(default=False, description="named by the turn of its first year, so the plans of a "
                                "report of the year before may hold it")

    def current(self, year: int) -> bool:
        if any(a <= year <= b for a, b in self.also):
            return True
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)


class Formulation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    right: str
    family: str
    expect: dict[str, list[str]] = Field(default_factory=dict)
    wrong_before: list[str] = Field(default_factory=list)


class PlaceholderPattern(BaseModel):
    model_config = ConfigDict(extra="forbid")
    what: str
    pattern: str


class ReviewPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,48}$", description="the check id of the LLM's findings")
    point: str
    same_as: str | None = Field(default=None, description="a deterministic check this point repeats: an LLM "
                                "finding on a line that check already reported is merged away")


class AnswerConcept(BaseModel):
    """A kind of problem and the remedies that answer it in other words (本领不足 ↔ 参加培训)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    problem: list[str] = Field(min_length=1)
    plan: list[str] = Field(min_length=1)


class CheckConfig(BaseModel):
    """The critique's settings from the rubric, typed. Defaults are the shipped rubric's values."""

    model_config = ConfigDict(extra="forbid")
    severities: dict[str, SeverityName]
    dated_expressions: list[DatedExpression]
    formulations: list[Formulation]
    placeholder_letters: str
    placeholder_letter_keep_before: list[str]
    placeholder_letter_keep_after: list[str] = Field(default_factory=list)
    placeholder_patterns: list[PlaceholderPattern]
    bracket_keep: str
    unfilled_slot: str
    halfwidth_marks: str
    level_words: dict[str, list[str]]
    level_dominance: float = Field(ge=1)
    unanswered_threshold: float = Field(ge=0)
    unanswered_embedding_weight: float = Field(default=0.0, ge=0, le=10)
    unanswered_pair_floor: float | None = Field(default=None, ge=0)
    unanswered_unpaired_threshold: float | None = Field(default=None, ge=0)
    unanswered_model_threshold: float | None = None
    # the report's one outstanding problem: above this score and this far above every other problem of the report
    unanswered_model_low: float | None = None
    unanswered_model_margin: float | None = Field(default=None, ge=0)
    unanswered_added_floor: float | None = Field(default=None, ge=0)
    similarity_stop_chars: str = ""
    answer_concepts: list[AnswerConcept] = Field(default_factory=list)
    review_points: list[ReviewPoint | str] = Field(default_factory=list)
    llm_reviewable: dict[str, Role] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _threshold_reachable(self) -> CheckConfig:
        # The unanswered-problem score is reach (≤ 1) + cover / 2 (≤ 0.5) + weight × cosine (≤ weight): a
        # threshold above that would report every problem.
        top = 1.5 + self.unanswered_embedding_weight
        if self.unanswered_threshold > top:
            raise ValueError(f"unanswered_threshold {self.unanswered_threshold} 高于最高分 {top}")
        return self


class Rubric(BaseModel):
    model_config = ConfigDict(extra="allow")  # check configuration is added by the critique
    name: str = "default"
    parts: list[PartRule]
    length_limit: int = 3000
    problems_share: float = Field(default=1 / 3, ge=0, le=1)
    severities: dict[str, SeverityName] = Field(default_factory=dict)
    _checks: CheckConfig | None = PrivateAttr(default=None)

    def part(self, role: Role) -> PartRule | None:
        return next((p for p in self.parts if p.role == role), None)

    def order(self) -> list[Role]:
        return [p.role for p in self.parts]

    def extra(self, key: str, default: Any = None) -> Any:
        extra = self.model_extra or {}
        if key in extra:
            return extra[key]
        # Check settings a replacement rubric leaves out come from the shipped rubric.
        return _default_raw().get(key, default)

    def checks(self) -> CheckConfig:
        if self._checks is None:
            self._checks = _check_config(self)
        return self._checks

    def same_as(self) -> dict[str, str]:
        """Review point id → the deterministic check it repeats (review_points' `same_as`)."""
        return {p.id: p.same_as for p in self.checks().review_points if isinstance(p, ReviewPoint) and p.same_as}

    def severity(self, check: str) -> SeverityName:
        return self.severities.get(check) or self.checks().severities.get(check, "warning")


def _check_config(rubric: Rubric) -> CheckConfig:
    data = {k: rubric.extra(k) for k in CheckConfig.model_fields if k != "severities"}
    data["severities"] = {**_default_raw().get("severities", {}), **rubric.severities}
    try:
        return CheckConfig.model_validate(data)
    except ValidationError as e:
        msgs = validation_summary(e)
        raise RubricError(f"评分细则 {rubric.name}：检查项设置有误：{msgs}") from e


def _read_yaml(text: str, where: str) -> Any:
    try:
        return load_yaml(text)
    except YamlError as e:
        raise RubricError(f"{where}：{e}") from e


def _resolve_tables(raw: dict[str, Any], base: Path | None) -> dict[str, Any]:
    """Replace a table given as a file name by the file's list (next to the rubric, else shipped)."""
    for key in ("dated_expressions", "formulations"):
        value = raw.get(key)
        if not isinstance(value, str):
            continue
        local = (base / value) if base is not None else None
        try:
            if local is not None and local.is_file():
                text = local.read_text(encoding="utf-8")
            else:
                text = resources.files("assistant.data").joinpath(value).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise RubricError(f"{key}：无法读取表文件 {value}") from e
        raw[key] = _read_yaml(text, value)
    return raw


@cache
def _default_raw() -> dict[str, Any]:
    text = resources.files("assistant.data").joinpath("rubric.yaml").read_text(encoding="utf-8")
    return _resolve_tables(_read_yaml(text, "rubric.yaml"), None)


def load_rubric(path: Path | None = None) -> Rubric:
    try:
        if path is None:
            raw: Any = dict(_default_raw())
        else:
            raw = _read_yaml(Path(path).read_text(encoding="utf-8"), str(path))
    except FileNotFoundError as e:
        raise RubricError(f"{path}：没有这个评分细则文件") from e
    except IsADirectoryError as e:
        raise RubricError(f"{path}：是文件夹，不是评分细则文件") from e
    except OSError as e:  # no permission, a path through a file, …
        raise RubricError(f"{path}：无法读取评分细则文件（{os_reason(e)}）") from e
    except UnicodeDecodeError as e:
        raise RubricError(f"{path}：不是 UTF-8 文本（请把评分细则另存为 UTF-8 编码）") from e
    if not isinstance(raw, dict):
        raise RubricError(f"{path or 'rubric.yaml'}：评分细则应是一组“名称: 值”（name、parts、length_limit……）")
    if path is not None:
        raw = _resolve_tables(raw, Path(path).parent)
    try:
        rubric = Rubric.model_validate(raw)
    except ValidationError as e:
        msgs = validation_summary(e)
        raise RubricError(f"{path or 'rubric.yaml'}：评分细则有误：{msgs}") from e
    rubric.checks()  # validate the check settings now, so a bad rubric fails at load time
    return rubric
