"""dated-expression in the plans: next year's work may name what was known by the turn of the year
(planned_ahead in the table), and nothing later."""

from __future__ import annotations

from critique_helpers import of, replace, run

from assistant.domain.rubric import Rubric

NORMALISED = "常态化长效化开展党史学习教育"


def _lines_naming(findings: list, expr: str) -> list[int]:  # type: ignore[type-arg]
    return [f.line for f in findings if expr in f.message]


def test_this_years_work_may_not_hold_next_years_task(clean_lines: list[str], rubric: Rubric) -> None:
    lines = replace(clean_lines, 5, "扎实开展党纪学习教育", NORMALISED)
    assert _lines_naming(of(run(lines, rubric, year=2021), "dated-expression"), NORMALISED) == [5]
    assert _lines_naming(of(run(lines, rubric, year=2022), "dated-expression"), NORMALISED) == []


def test_next_years_plans_may_hold_it(clean_lines: list[str], rubric: Rubric) -> None:
    lines = replace(clean_lines, 17, "一是深化理论学习。", f"一是深化理论学习，{NORMALISED}。")
    assert _lines_naming(of(run(lines, rubric, year=2021), "dated-expression"), NORMALISED) == []
    # Two years ahead is still too early, and the plans do not make an expression of 2025 current in 2024.
    assert _lines_naming(of(run(lines, rubric, year=2020), "dated-expression"), NORMALISED) == [17]
    later = replace(clean_lines, 17, "一是深化理论学习。", "一是对标“十五五”规划深化理论学习。")
    assert _lines_naming(of(run(later, rubric, year=2024), "dated-expression"), "十五五") == [17]
