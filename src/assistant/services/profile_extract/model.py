"""The proposal `profile extract` makes: what the profile will hold, with where each entry came from, and the
notes and warnings a person must read before using it."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Found(BaseModel):
    """One entry taken from the source: a work item (with figures and area), a problem or a priority."""

    text: str
    figures: list[str] = Field(default_factory=list)
    area: str | None = None
    where: list[str] = Field(default_factory=list, description="in the labels' format: line 7, paragraph 3 …")


class Proposal(BaseModel):
    source: str
    previous: str | None = None
    backend: str = "offline"
    unit_name: str | None = None
    unit_kind: str
    kind_guessed: bool = True
    year: int
    year_found: bool = True  # False: not in the source, the year asked or expected stands in
    work_items: list[Found] = Field(default_factory=list)
    overflow: list[Found] = Field(default_factory=list, description="work items past the profile's limit")
    problems: list[Found] = Field(default_factory=list)
    priorities: list[Found] = Field(default_factory=list)
    rectifications: list[Found] = Field(default_factory=list, description="last year's problems, to confirm")
    notes: list[str] = Field(default_factory=list, description="what was not read or was dropped")
    warnings: list[str] = Field(default_factory=list, description="said on stderr too (another year …)")
