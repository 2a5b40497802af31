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


def test_what_ended_with_this_year_is_last_years_in_next_years_plans(clean_lines: list[str], rubric: Rubric) -> None:
    # a campaign current through 2020 only: this year's work may hold it, next year's plans may not
    lines = replace(clean_lines, 17, "一是深化理论学习。", "一是深化理论学习，坚决打赢脱贫攻坚战。")
    assert _lines_naming(of(run(lines, rubric, year=2020), "dated-expression"), "脱贫攻坚") == [17]
    assert _lines_naming(of(run(lines, rubric, year=2019), "dated-expression"), "脱贫攻坚") == []
    work = replace(clean_lines, 5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，坚决打赢脱贫攻坚战")
    assert _lines_naming(of(run(work, rubric, year=2020), "dated-expression"), "脱贫攻坚") == []
    # the hand-over of the 2021-2022 years stays right in next year's plans
    linked = replace(clean_lines, 17, "一是深化理论学习。", "一是深化理论学习，推动脱贫攻坚同乡村振兴有效衔接。")
    assert _lines_naming(of(run(linked, rubric, year=2021), "dated-expression"), "脱贫攻坚") == []


def test_greeting_a_congress_belongs_to_its_year_or_the_year_before(clean_lines: list[str], rubric: Rubric) -> None:
    lines = replace(clean_lines, 5, "扎实开展党纪学习教育", "开展“建功新时代、喜迎十九大”主题活动")
    assert _lines_naming(of(run(lines, rubric, year=2017), "dated-expression"), "十九大") == []
    assert _lines_naming(of(run(lines, rubric, year=2019), "dated-expression"), "十九大") == [5]
    plans = replace(clean_lines, 17, "一是深化理论学习。", "一是深化理论学习，以优异成绩迎接党的二十一大胜利召开。")
    assert _lines_naming(of(run(plans, rubric, year=2026), "dated-expression"), "二十一大") == []
    assert _lines_naming(of(run(plans, rubric, year=2025), "dated-expression"), "二十一大") == [17]


def test_watching_a_congress_open_belongs_to_its_year(clean_lines: list[str], rubric: Rubric) -> None:
    lines = replace(clean_lines, 5, "扎实开展党纪学习教育", "组织全体党员集中观看党的二十大开幕盛况")
    assert _lines_naming(of(run(lines, rubric, year=2022), "dated-expression"), "二十大") == []
    assert _lines_naming(of(run(lines, rubric, year=2024), "dated-expression"), "二十大") == [5]
    # studying its report goes on for years
    study = replace(clean_lines, 5, "扎实开展党纪学习教育", "深入学习党的二十大报告")
    assert _lines_naming(of(run(study, rubric, year=2024), "dated-expression"), "二十大") == []
