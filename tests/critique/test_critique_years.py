"""year-mismatch: the title's year checked against the year the body speaks of, and against a plausible range.

The base is the clean 2023 city report (data/clean/city_2023.txt), which names 2023 in its opening."""

from __future__ import annotations

from critique_helpers import DATA, of, replace, run

from assistant.domain.checks.years import last_plausible
from assistant.domain.rubric import Rubric

CITY = (DATA / "clean" / "city_2023.txt").read_text(encoding="utf-8").splitlines()
# A short report written for this test: title 3025, body 2025 (a slip of one key).
TYPO = [
    "社区党委书记3025年度抓基层党建工作述职报告",
    "",
    "2025年，我认真履行抓基层党建第一责任人职责，推动社区党建工作取得新成效。现将有关情况报告如下：",
    "一、履职情况",
    "（一）强化政治引领。2025年组织党员集中学习12次，开展主题党日活动12次。",
    "（二）建强组织体系。划分网格18个，每个网格配备党员网格员。",
    "二、存在问题",
    "一是党员教育管理方式不够灵活。",
    "三、下一步打算",
    "一是创新党员教育方式，2026年开展线上学习活动不少于10次。",
]


def test_an_implausible_title_year_is_an_error_quoting_both_lines(rubric: Rubric) -> None:
    [f] = of(run(TYPO, rubric), "year-mismatch")
    assert f.severity.value == "error" and f.line == 1 and "3025年" in f.evidence
    assert "3025年" in f.message and "第1行" in f.message
    assert "第3行“2025年，我认真履行" in f.message and "说的是2025年" in f.message
    assert "2025" in f.suggestion


def test_a_title_year_the_body_never_names_is_an_error(rubric: Rubric) -> None:
    # Last year's report reused: the title updated to 2024, the body still about 2023 throughout.
    lines = replace(CITY, 1, "2023", "2024")
    [f] = of(run(lines, rubric), "year-mismatch")
    assert f.line == 1 and "2024年" in f.evidence
    assert "2024年与正文所述年份2023年不一致" in f.message and "第3行“2023年，在省委" in f.message


def test_years_that_agree_or_look_elsewhere_are_silent(rubric: Rubric) -> None:
    assert of(run(CITY, rubric), "year-mismatch") == []
    fixed = replace(TYPO, 1, "3025", "2025")
    assert of(run(fixed, rubric), "year-mismatch") == []
    # A body that also names an earlier year and a far target, and names the title's year once: silent.
    looks = replace(CITY, 3, "2023年，", "2023年，自2021年换届以来、2021年底以来，到2035年，")
    assert of(run(replace(looks, 1, "2023", "2023"), rubric), "year-mismatch") == []


def test_the_plausible_range(rubric: Rubric) -> None:
    for year, fires in ((1999, True), (2000, False), (last_plausible(), False), (last_plausible() + 1, True)):
        lines = replace(TYPO, 1, "3025", str(year))
        lines = [ln.replace("2025年", f"{year}年") for ln in lines]  # the body agrees: only the range is in doubt
        assert bool(of(run(lines, rubric), "year-mismatch")) is fires, year
