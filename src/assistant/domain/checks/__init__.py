"""The critique's deterministic checks, one module per family. `run_checks` runs them all on each report;
`structural_findings` runs the ones that make a draft structurally unacceptable (drafting's repair loop)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.domain.checks import (
    answers,
    dated,
    formulations,
    levels,
    placeholders,
    punctuation,
    sequences,
    structure,
    years,
)
from assistant.domain.checks.base import Ctx, Embed, Parsed, count_chinese
from assistant.domain.models import Finding, Report
from assistant.domain.rubric import Rubric

CHECK_IDS = [
    "missing-part", "part-order", "problems-share", "too-long", "placeholder", "unfilled-slot",
    "dated-expression", "stale-year-target", "mixed-level", "numbering", "halfwidth-punct", "letter-d",
    "formulation", "unanswered-problem", "year-mismatch",
    # with critique --previous only (checks/previous.py, checks/rectified.py, checks/stale_copy.py)
    "repeated-problem", "repeated-plan", "unrectified", "stale-copy",
]

FAMILIES: list[Callable[[Ctx], list[Finding]]] = [
    structure.check, placeholders.check, dated.check, levels.check, sequences.check,
    punctuation.check, formulations.check, answers.check, years.check,
]

_STRUCTURAL = [structure.missing_parts, structure.part_order, sequences.check, placeholders.placeholders]


def _ctx(parsed: Parsed, report: Report, rubric: Rubric, year: int | None, embed: Embed | None = None) -> Ctx:
    return Ctx(report=report, raw=parsed.raw_lines, clean=parsed.lines, rubric=rubric,
               year=year if year is not None else report.year, embed=embed)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line or 0, CHECK_IDS.index(f.check) if f.check in CHECK_IDS else 99))


def check_report(parsed: Parsed, report: Report, rubric: Rubric, year: int | None = None,
                 embed: Embed | None = None) -> list[Finding]:
    """Every check on one report. `embed` (the local embedding) is needed by unanswered-problem when the rubric
    weighs it; without it that check is not run."""
    ctx = _ctx(parsed, report, rubric, year, embed)
    return _sorted([f for family in FAMILIES for f in family(ctx)])


def run_checks(parsed: Parsed, rubric: Rubric, year: int | None = None, embed: Embed | None = None) -> list[Finding]:
    """All deterministic findings of every report in the document, in line order."""
    return [f for r in parsed.reports for f in check_report(parsed, r, rubric, year, embed)]


def structural_findings(parsed: Parsed, rubric: Rubric) -> list[Finding]:
    """missing-part, part-order, numbering and placeholder findings only: fast, no side effects."""
    out: list[Finding] = []
    for r in parsed.reports:
        ctx = _ctx(parsed, r, rubric, None)
        out += [f for check in _STRUCTURAL for f in check(ctx)]
    return _sorted(out)


__all__ = ["CHECK_IDS", "check_report", "count_chinese", "run_checks", "structural_findings"]
