"""Forms of clean reports that drew a false error (issue 9): each text is new, written for this test; the
same kind of sentence with a real defect is still reported."""

from __future__ import annotations

import pytest
from critique_helpers import of, replace, run

from assistant.domain.rubric import Rubric


@pytest.mark.parametrize(("year", "sessions", "reported"), [
    # every session since the congress, ending on a current one: the usual formula
    (2025, "二十大和二十届一中、二中、三中、四中全会", False),
    (2024, "二十届二中、三中全会", False),
    # the latest one listed is no longer current, or one is not yet held
    (2024, "十九届五中、六中全会", True),
    (2023, "二十届二中、三中全会", True),
])
def test_a_list_of_plenary_sessions_is_judged_by_its_latest(clean_lines: list[str], rubric: Rubric, year: int,
                                                           sessions: str, reported: bool) -> None:
    lines = [t.replace("2024", str(year)) for t in clean_lines]
    lines = replace(lines, 6, "我严格落实", f"组织党员深入学习党的{sessions}精神。我严格落实")
    assert bool([f for f in of(run(lines, rubric), "dated-expression") if f.line == 6]) == reported


@pytest.mark.parametrize(("text", "check", "reported"), [
    ("运用监督执纪“第二种形态”，对轻微违纪的党员及时批评教育。", "formulation", False),
    ("运用监督执纪“三种形态”，对苗头性问题早提醒。", "formulation", True),
    ("推动党建带团建、党建带队建，支部党员担任少先队辅导员。", "formulation", False),
])
def test_terms_that_look_like_a_wrong_formulation(clean_lines: list[str], rubric: Rubric, text: str, check: str,
                                                  reported: bool) -> None:
    lines = replace(clean_lines, 7, "我认真履行", text + "我认真履行")
    assert bool([f for f in of(run(lines, rubric), check) if f.line == 7]) == reported


@pytest.mark.parametrize(("year", "reported"), [(2022, False), (2023, True)])
def test_resuming_work_is_a_task_while_epidemic_control_is(clean_lines: list[str], rubric: Rubric, year: int,
                                                           reported: bool) -> None:
    lines = [t.replace("2024", str(year)) for t in clean_lines]
    lines = replace(lines, 6, "我严格落实", "组织机关党员助力辖区企业复工复产。我严格落实")
    assert bool([f for f in of(run(lines, rubric), "dated-expression") if f.line == 6]) == reported


def test_next_years_congress_greeted_in_a_campaign_name(clean_lines: list[str], rubric: Rubric) -> None:
    lines = [t.replace("2024", "2021") for t in clean_lines]
    lines = replace(lines, 17, "坚持", "开展“争做先锋迎二十大”主题活动，坚持")
    assert not [f for f in of(run(lines, rubric), "dated-expression") if f.line == 17]
