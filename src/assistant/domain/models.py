"""Pydantic models shared across the package: the parse of a report, chunks and critique findings."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Role(StrEnum):
    """The parts of a 述职报告 (see docs/domain.md). `unknown` is text the parser could not place."""

    title = "title"
    opening = "opening"
    achievements = "achievements"
    rectification = "rectification"
    problems = "problems"
    causes = "causes"
    insights = "insights"
    plans = "plans"
    closing = "closing"
    unknown = "unknown"


# Conventional order of the body parts (docs/domain.md, checklist item 1).
ROLE_ORDER: list[Role] = [
    Role.title,
    Role.opening,
    Role.achievements,
    Role.rectification,
    Role.problems,
    Role.causes,
    Role.insights,
    Role.plans,
    Role.closing,
]

ROLE_ZH: dict[Role, str] = {
    Role.title: "标题",
    Role.opening: "总述",
    Role.achievements: "主要工作及成效",
    Role.rectification: "上年度问题整改情况",
    Role.problems: "存在问题",
    Role.causes: "原因分析",
    Role.insights: "认识体会",
    Role.plans: "下一步工作思路",
    Role.closing: "结尾表态",
    Role.unknown: "未识别",
}


class Item(BaseModel):
    """A numbered item of a section (一、 / （一） / 1. / （1） / 一是)."""

    index: int = Field(description="1-based position among the section's top-level items")
    marker: str = Field(description="the marker as written, e.g. '二、', '（三）', '三是'")
    value: int = Field(description="the number the marker stands for (三 → 3)")
    style: str = Field(description="canonical style: '一、', '（一）', '1.', '（1）', '一是'")
    level: int = Field(description="1 for 一、, 2 for （一）, 3 for 1., 4 for （1）, 5 for 一是")
    start_line: int
    end_line: int
    text: str


class Section(BaseModel):
    role: Role
    heading: str | None = None
    numbering: str | None = Field(default=None, description="style of the top-level items, e.g. '（一）'")
    level: int | None = Field(default=None, description="level of that numbering style (1-5)")
    items: list[Item] = Field(default_factory=list)
    start_line: int
    end_line: int
    text: str
    evidence: list[str] = Field(default_factory=list, description="why the parser chose this role")


class Embedded(BaseModel):
    """A part stated in one sentence inside another part (e.g. rectification inside achievements)."""

    role: Role
    line: int
    evidence: str


class Report(BaseModel):
    id: str
    title: str
    year: int | None = None
    source: str
    start_line: int
    end_line: int
    unit_kind: str | None = None
    sections: list[Section] = Field(default_factory=list)
    embedded: list[Embedded] = Field(default_factory=list)

    def roles(self) -> list[Role]:
        return [s.role for s in self.sections]

    def has_role(self, role: Role) -> bool:
        return any(s.role == role for s in self.sections) or any(e.role == role for e in self.embedded)


class Chunk(BaseModel):
    id: str
    text: str
    source: str
    report_id: str
    title: str
    year: int | None = None
    unit_kind: str | None = None
    role: Role
    heading_path: str = ""
    item_index: int = 0
    start_char: int = 0
    end_char: int = 0
    start_line: int = 0
    content_hash: str


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Finding(BaseModel):
    """One critique finding. Field names are a stable JSON interface."""

    check: str
    severity: Severity
    part: str | None = None
    line: int | None = Field(default=None, description="1-based line in the input file")
    column: int | None = Field(default=None, description="1-based column")
    evidence: str = ""
    message: str
    suggestion: str = ""
    source: str = Field(default="rule", description="'rule' for deterministic checks, 'llm' for the review")
    disputed: str | None = Field(default=None, description="the LLM review's reason to doubt this rule finding, "
                                 "with the line it read as the answer (the finding is then info)")
    # critique --previous: the line and text of last year's report the finding compares this year's line with
    previous_line: int | None = Field(default=None, description="1-based line in last year's report")
    previous_evidence: str = Field(default="", description="last year's text the finding quotes")
    # a line holding several problems (一是…二是… in one paragraph): which of them, 1-based; None for a line of one
    item: int | None = Field(default=None, description="the k-th problem of this year's line, when it holds several")
    previous_item: int | None = Field(default=None, description="the k-th problem of last year's line, when it "
                                      "holds several")
