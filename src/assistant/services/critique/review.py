"""The critique's LLM review: one call that reads the numbered draft against the rubric's review points
and returns findings the deterministic checks cannot make, and disputes of the rule findings that are
guesses (the rubric's `llm_reviewable`: unanswered-problem, a similarity). The critique filters both by
evidence and merges them; this module only asks, validates and normalises.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from pydantic import BaseModel, Field

from assistant.domain.models import Finding, Severity
from assistant.domain.rubric import Rubric
from assistant.services.drafting.prompt_files import load_prompt, render
from assistant.services.llm import chat_json
from assistant.settings import Settings

REVIEW_CHECK = "llm-review"
# Review points when the rubric has none: the ones docs/domain.md leaves to a reader (checklist 2-4).
DEFAULT_POINTS = [
    {"id": "problems-vague", "point": "存在问题是否具体、是否是书记本人的问题，有没有把问题说成成绩"},
    {"id": "causes-objective-only", "point": "原因分析是否既有主观原因又有客观原因，是否以主观原因为主"},
    {"id": "plans-unanswered", "point": "下一步措施是否逐条回应存在的问题，有没有空洞口号（套话）"},
    {"id": "first-person", "point": "是否是书记本人的述职（多用'我'：我谋划、我推动、我督促），而不是单位的年度总结"},
]
_CHECK_ID = re.compile(r"^[a-z][a-z0-9-]{1,48}$")


class ReviewItem(BaseModel):
    check: str = Field(default=REVIEW_CHECK, description="a review point id, or llm-review")
    severity: Literal["error", "warning", "info"] = "warning"
    part: str | None = Field(default=None, description="the part (role) the finding is about, if any")
    line: int | None = Field(default=None, description="line number of the evidence in the numbered report")
    evidence: str = Field(default="", description="verbatim quote from the report")
    message: str
    suggestion: str = ""


class Dispute(BaseModel):
    """The reviewer's view that a reviewable rule finding does not hold, with the words that show it."""

    check: str
    line: int | None = Field(default=None, description="the line of the rule finding disputed")
    evidence: str = Field(default="", description="verbatim quote of the text that answers it (a plan's words)")
    reason: str = ""


class ReviewAnswer(BaseModel):
    findings: list[ReviewItem] = Field(default_factory=list)
    disputed: list[Dispute] = Field(default_factory=list)


class Review(BaseModel):
    findings: list[Finding]
    disputes: list[Dispute]


def reviewable(rubric: Rubric) -> dict[str, str]:
    """Rule check id → the part the evidence of a dispute must stand in (rubric `llm_reviewable`)."""
    return {check: role.value for check, role in rubric.checks().llm_reviewable.items()}


def _points(rubric: Rubric) -> list[dict[str, str]]:
    raw = rubric.extra("review_points", []) or DEFAULT_POINTS
    out = []
    for i, p in enumerate(raw, 1):
        if isinstance(p, str):
            out.append({"id": f"point-{i}", "point": p})
        elif isinstance(p, dict):
            pid = str(p.get("id") or p.get("check") or f"point-{i}")
            text = str(p.get("point") or p.get("text") or p.get("question") or p.get("description") or "")
            out.append({"id": pid, "point": text})
    return out


def numbered(text: str) -> str:
    return "\n".join(f"{i:>3}  {line}" for i, line in enumerate(text.splitlines(), 1))


def review_messages(text: str, findings: list[Finding], rubric: Rubric, settings: Settings) -> list[dict[str, str]]:
    points = "\n".join(f"- [{p['id']}] {p['point']}" for p in _points(rubric))
    open_to_review = reviewable(rubric)
    known = "\n".join(
        json.dumps({"check": f.check, "line": f.line, "message": f.message}
                   | ({"reviewable": True} if f.check in open_to_review and f.source == "rule" else {}),
                   ensure_ascii=False) for f in findings
    ) or "（无）"
    user = render(load_prompt("review_user.md", settings),
                  {"review_points": points, "findings": known, "numbered_text": numbered(text)},
                  name="review_user.md")
    return [{"role": "system", "content": load_prompt("review_system.md", settings).strip()},
            {"role": "user", "content": user}]


def _normalise(item: ReviewItem, rubric: Rubric, allowed: set[str], n_lines: int) -> Finding | None:
    check = item.check.strip().lower()
    if check not in allowed or not _CHECK_ID.match(check):
        check = REVIEW_CHECK
    sev_conf = rubric.severities.get(check)
    if sev_conf == "off":
        return None
    severity = Severity(sev_conf) if sev_conf else Severity(item.severity)
    line = item.line if item.line and 1 <= item.line <= n_lines else None
    return Finding(check=check, severity=severity, part=item.part, line=line, evidence=item.evidence.strip(),
                   message=item.message.strip(), suggestion=item.suggestion.strip(), source="llm")


def review(text: str, findings: list[Finding], rubric: Rubric, settings: Settings) -> Review:
    """One LLM call; raises LLMError when the endpoint fails or the answer stays malformed after a re-ask."""
    answer = chat_json(settings, review_messages(text, findings, rubric, settings), ReviewAnswer)
    allowed = {p["id"] for p in _points(rubric)} | set(rubric.severities) | {f.check for f in findings}
    n_lines = len(text.splitlines())
    out = [_normalise(it, rubric, allowed, n_lines) for it in answer.findings]
    return Review(findings=[f for f in out if f is not None and f.message], disputes=answer.disputed)


def llm_review(text: str, findings: list[Finding], rubric: Rubric, settings: Settings) -> list[Finding]:
    """The review's own findings (see review())."""
    return review(text, findings, rubric, settings).findings
