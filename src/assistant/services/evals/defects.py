"""The definitions of planted defects (evals/planted/defects.yaml) as a validated model."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.domain.validation import validation_summary
from assistant.domain.yamltext import read_yaml_file
from assistant.services.evals.seeds import Match


class DefectsError(ValueError):
    pass


class Expression(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    years: tuple[int, int]
    sentence: str

    def current(self, year: int) -> bool:
        return self.years[0] <= year <= self.years[1]


class Formulation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    right: str
    wrong: list[str]
    sentence: str | None = None


class ExtraKnown(BaseModel):
    """A known defect of a labelled report that its gold file does not list."""

    model_config = ConfigDict(extra="forbid")
    gold: str
    report: str
    check: str
    lines: list[int] = []
    part: str | None = None
    what: str


class ProblemTopic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem: str
    plan: str
    keywords: list[str]


class DefectDefs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    checks: dict[str, str]
    match: dict[str, Match]
    expressions: list[Expression]
    placeholders: list[str]
    formulations: list[Formulation]
    formulation_sentence: str
    levels: list[str]
    level_sentence: str
    halfwidth: dict[str, str]
    stale_sentence: str
    problem_topics: list[ProblemTopic]
    known_extra: list[ExtraKnown] = []

    def check(self, kind: str) -> str:
        """The critique's check id for a kind of defect."""
        return self.checks.get(kind, kind)

    def match_of(self) -> dict[str, Match]:
        """Match mode per critique check id (the keys of `match` are kinds)."""
        out: dict[str, Match] = {"default": self.match.get("default", "line")}
        for kind, mode in self.match.items():
            if kind != "default":
                out[self.check(kind)] = mode
        return out

    def mode(self, check_id: str) -> Match:
        m = self.match_of()
        return m.get(check_id, m["default"])


def load_defects(path: Path) -> DefectDefs:
    raw = read_yaml_file(path, DefectsError)
    try:
        return DefectDefs.model_validate(raw)
    except ValidationError as e:
        msgs = validation_summary(e, 3)
        raise DefectsError(f"{path}：缺陷定义有误：{msgs}") from e
