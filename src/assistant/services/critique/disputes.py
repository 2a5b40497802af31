"""Apply the LLM review's disputes to the rule findings that are guesses (the rubric's `llm_reviewable`).

A disputed finding is kept, not dropped: the model can be wrong too. It goes down to `info`, its message
says which line the reviewer read as the answer, and `disputed` holds the reviewer's reason. A dispute counts
only when it names a reviewable rule finding by check and line and quotes, word for word, text that stands
in the part the rubric names for that check (for unanswered-problem: a plan of the same report).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.domain.models import Finding, Severity
from assistant.services.critique.quotes import norm, quoted_lines
from assistant.services.critique.review import Dispute

if TYPE_CHECKING:
    from assistant.services.critique.run import PartOut


def _part_of(parts: Sequence[PartOut], line: int) -> PartOut | None:
    return next((p for p in parts if p.start_line <= line <= p.end_line), None)


def apply_disputes(findings: list[Finding], disputes: list[Dispute], raw_lines: list[str], clean_lines: list[str],
                   parts: Sequence[PartOut], reviewable: dict[str, str]) -> tuple[list[Finding], int, int]:
    """(findings with the upheld disputes applied, disputes upheld, disputes set aside)."""
    out = list(findings)
    upheld = 0
    for d in disputes:
        check = d.check.strip().lower()
        role = reviewable.get(check)
        at = next((i for i, f in enumerate(out) if f.check == check and f.line == d.line and f.source == "rule"
                   and f.disputed is None), None)
        ev = norm(d.evidence)
        if role is None or at is None or len(ev) < 4:
            continue
        target = _part_of(parts, d.line or 0)
        lines = quoted_lines(ev, raw_lines, clean_lines)
        # The answering words must stand in the named part, and in the report the finding is in.
        where = [n for n in lines if (p := _part_of(parts, n)) is not None and p.role == role
                 and target is not None and p.report == target.report]
        if not where:
            continue
        reason = d.reason.strip() or "该问题已有措施回应"
        f = out[at]
        out[at] = f.model_copy(update={
            "severity": Severity.info,
            "message": f"{f.message}（LLM 评审认为第{where[0]}行已回应：{reason}；请人工确认）",
            "disputed": f"第{where[0]}行“{d.evidence.strip()[:60]}”：{reason}",
        })
        upheld += 1
    return out, upheld, len(disputes) - upheld

