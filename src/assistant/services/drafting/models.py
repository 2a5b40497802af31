"""The results of drafting, as pydantic models (a stable JSON interface: the eval developer reads them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.domain.models import Finding, Role

Backend = Literal["offline", "api"]


class Source(BaseModel):
    chunk_id: str
    score: float
    report_id: str = ""
    title: str = ""


class Slot(BaseModel):
    """A visible 【待补充：…】 left for the writer: a fact the profile does not give."""

    part: Role
    slot: str
    reason: str = Field(description="'missing in profile', or what was removed: 'invented figure 35次'")
    context: str = ""


class DraftPart(BaseModel):
    role: Role
    heading: str | None = Field(default=None, description="the part heading without its number, None if unnumbered")
    number: str | None = Field(default=None, description="the heading's number as written, e.g. '三、'")
    text: str = Field(default="", description="the body of the part as assembled (numbered items, no heading)")
    sources: list[Source] = Field(default_factory=list)
    attempts: int = Field(default=1, description="drafting calls made for this part (1 + repairs)")
    defects: list[str] = Field(default_factory=list, description="defects left after the repairs")
    notes: list[str] = Field(default_factory=list)
    prompt_chars: int = Field(default=0, description="characters of prompt sent for the first draft of the part")
    verbatim_share: float = Field(default=0.0, description="share of the part's characters standing verbatim (runs "
                                  "of draft_verbatim_run or more) in the exemplars it was given, its own words apart")
    target_chars: int = Field(default=0, description="the length asked of the part (length_plan), Chinese characters")
    chars: int = Field(default=0, description="the part's length: Chinese characters written plus what its slots "
                                              "ask for (约N字), to read against target_chars")


class DraftResult(BaseModel):
    backend: Backend
    model: str | None = None
    title: str
    parts: list[DraftPart]
    markdown: str
    text: str
    slots: list[Slot] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list, description="structural findings left in the draft")
    warnings: list[str] = Field(default_factory=list)

    def part(self, role: Role | str) -> DraftPart | None:
        return next((p for p in self.parts if p.role == Role(role)), None)

    def sources_json(self) -> dict[str, list[dict[str, object]]]:
        return {p.role.value: [s.model_dump() for s in p.sources] for p in self.parts}
