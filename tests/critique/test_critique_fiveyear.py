"""dated-expression, five-year-plan arithmetic: the plan and its phase are computed from the year (十四五 2021–2025,
开局之年 its first year, 收官之年 its last), and a sentence must fit the year it speaks of: the year it names,
else the report's year in this year's work and the next year in the plans."""

from __future__ import annotations

import pytest
from critique_helpers import of, replace, run

from assistant.domain.checks import fiveyear
from assistant.domain.rubric import Rubric


@pytest.mark.parametrize(("text", "n"), [("十三", 13), ("十四", 14), ("十五", 15), ("十六", 16), ("二十", 20),
                                         ("二十三", 23), ("九", 9), ("十", 10), ("十十", None), ("三二", None)])
def test_chinese_numerals(text: str, n: int | None) -> None:
    assert fiveyear.cn_number(text) == n
    if n is not None:
        assert fiveyear.cn_number(fiveyear.cn_numeral(n)) == n


@pytest.mark.parametrize(("year", "name", "phase"), [
    (2011, "“十二五”", "first"), (2015, "“十二五”", "last"), (2016, "“十三五”", "first"), (2020, "“十三五”", "last"),
    (2021, "“十四五”", "first"), (2023, "“十四五”", "middle"), (2025, "“十四五”", "last"), (2026, "“十五五”", "first"),
    (2030, "“十五五”", "last"), (2031, "“十六五”", "first"), (2034, "“十六五”", "middle"),
])
def test_plan_and_phase_are_computed(year: int, name: str, phase: str) -> None:
    plan = fiveyear.plan_of(year)
    assert plan.name == name and plan.phase(year) == phase
    assert plan.current(plan.first - 1) and not plan.current(plan.first - 2) and not plan.current(plan.last + 1)


def _claims(text: str, year: int, years: tuple[int, ...]) -> list[str | None]:
    return [fiveyear.wrong_phase(h, years) for h in fiveyear.plan_hits(text, year)]


@pytest.mark.parametrize(("text", "year", "years"), [
    ("2025年是“十四五”规划收官之年，也是“十五五”规划谋篇布局之年", 2025, (2025,)),
    ("2025年是“十四五”规划收官和“十五五”规划谋篇布局之年", 2025, (2025,)),
    ("2024年是实现“十四五”规划目标任务的关键一年", 2024, (2024,)),
    ("“十四五”规划实施的关键之年，我们迎难而上", 2023, (2023,)),
    ("做好“十五五”开局之年各项工作", 2025, (2026,)),          # the plans of a 2025 report: 2026
    ("明年是“十五五”开局之年", 2025, (2025,)),                  # the sentence names its year
    ("2021年是“十四五”开局之年", 2021, (2021,)),
    ("开展“十四五”规划中期评估", 2023, (2023,)),
    ("2016年是“十三五”开局之年", 2016, (2016,)),
    ("2031年是“十六五”开局之年", 2031, (2031,)),                # computed, not listed
    ("为“十五五”良好开局提供坚强组织保证", 2025, (2025,)),       # a wish, not what this year is
    ("到“十四五”中期实现党组织全覆盖", 2021, (2021,)),           # a time, not what this year is
    ("“十四五”关键指标全年完成", 2023, (2023,)),
    ("十五个党小组三五成群开展学习", 2023, (2023,)),              # no plan named
    ("“十四五”开局以来，全区新建党群服务中心", 2023, (2023,)),    # a span of time, not what this year is
    ("借“十五五”开局之机，以规划实施凝聚党员", 2026, (2026,)),
    ("聚焦“十四五”规划收官目标抓党建", 2025, (2025,)),
])
def test_phase_that_fits_is_silent(text: str, year: int, years: tuple[int, ...]) -> None:
    assert all(w is None for w in _claims(text, year, years))


@pytest.mark.parametrize(("text", "year", "years", "right"), [
    ("2026年是“十四五”开局之年", 2025, (2026,), "2021年"),
    ("今年是“十四五”开局之年", 2025, (2025,), "2021年"),
    ("今年是“十三五”收官之年", 2021, (2021,), "2020年"),
    ("做好“十四五”收官之年各项工作", 2025, (2026,), "2025年"),   # the plans of a 2025 report speak of 2026
    ("在“十四五”攻坚之年", 2021, (2021,), "2022—2024年"),
    ("2027年是“十五五”收官之年", 2027, (2027,), "2030年"),
    ("2024年是“十五五”谋篇布局之年", 2024, (2024,), "2025年"),
    # the start or end named as the time spoken of, with no 之年
    ("面对“十三五”开局的新起点，我们将", 2022, (2022, 2023), "2016年"),
    ("来年，将借“十四五”开局为契机深化改革", 2024, (2024,), "2021年"),
    ("聚焦“十五五”发展规划收官任务抓党建", 2027, (2027,), "2030年"),
    ("服务“十四五”规划开局，组织党员攻坚", 2023, (2023,), "2021年"),
])
def test_phase_that_does_not_fit_is_wrong(text: str, year: int, years: tuple[int, ...], right: str) -> None:
    wrong = [w for w in _claims(text, year, years) if w]
    assert len(wrong) == 1 and f"是{right}" in wrong[0], wrong


# The clean 2024 report (data/clean_2024.txt): line 5 is this year's work, line 17 next year's plans.
@pytest.mark.parametrize(("line", "old", "new", "year", "found"), [
    (17, "一是深化理论学习。", "一是2026年是“十四五”开局之年，我将深化理论学习。", 2025, True),
    (17, "一是深化理论学习。", "一是2026年是“十五五”开局之年，我将深化理论学习。", 2025, False),
    (17, "一是深化理论学习。", "一是明年是“十五五”开局之年，我将深化理论学习。", 2025, False),
    (17, "一是深化理论学习。", "一是深化理论学习，确保“十五五”开局之年开好局。", 2025, False),
    (17, "一是深化理论学习。", "一是深化理论学习，确保“十四五”开局之年开好局。", 2025, True),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，今年是“十四五”开局之年", 2025, True),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，今年是“十四五”收官之年", 2025, False),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，在“十四五”收官之年", 2025, False),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，在“十四五”开局之年", 2025, True),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，提前谋划“十五五”开局之年工作", 2025, False),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，为“十五五”开局之年打下基础", 2025, False),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，提前谋划“十五五”收官之年工作", 2025, True),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，今年是“十三五”收官之年", 2021, True),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，今年是“十四五”开局之年", 2021, False),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，2024年是“十四五”关键之年", 2024, False),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，2024年是“十四五”收官之年", 2024, True),
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，组织党员学习“十四五”规划", 2019, True),  # too early
    (5, "扎实开展党纪学习教育", "扎实开展党纪学习教育，参与“十四五”规划编制调研", 2020, False),
])
def test_sentences_in_a_report(clean_lines: list[str], rubric: Rubric, line: int, old: str, new: str, year: int,
                               found: bool) -> None:
    lines = replace(clean_lines, line, old, new)
    lines[0] = lines[0].replace("2024年", f"{year}年")
    lines[2] = lines[2].replace("2024年", f"{year}年")
    # Other expressions of the clean 2024 report that are not current in other years are not this test's concern.
    hits = [f for f in of(run(lines, rubric), "dated-expression") if "五”" in f.message]
    assert [f.line for f in hits] == ([line] if found else []), [(f.line, f.message) for f in hits]
    if found:
        assert hits[0].suggestion


def test_message_says_what_the_year_is(clean_lines: list[str], rubric: Rubric) -> None:
    lines = replace(clean_lines, 17, "一是深化理论学习。", "一是2026年是“十四五”开局之年，我将深化理论学习。")
    lines[0] = lines[0].replace("2024年", "2025年")
    lines[2] = lines[2].replace("2024年", "2025年")
    (f,) = [f for f in of(run(lines, rubric), "dated-expression") if f.line == 17]
    assert "2021年" in f.message and "2026年是“十五五”开局之年" in f.message
    assert "2026年是“十五五”开局之年" in f.suggestion
    assert "十四五" in f.evidence
