"""No false alarms on clean reports of other years, unit kinds and layouts (data/clean/: a village 2021, a
state-owned group 2022, a city Party secretary 2023, a school 2023, a hospital 2024 in Markdown, a community 2025
without part headings, a high-tech park 2025),
written in the style of the domain guide (docs/domain.md) with each year's own expressions. Each must come out with no finding
at all and every part seen; phrases that are right in their year must stay silent, and a planted defect in the
same reports must still be found."""

from __future__ import annotations

from pathlib import Path

import pytest
from critique_helpers import DATA, of, run

from assistant.domain.rubric import Rubric
from assistant.services.critique import critique_file

CLEAN = sorted((DATA / "clean").iterdir())
ROLES = ["title", "opening", "achievements", "rectification", "problems", "causes", "plans", "closing"]


def _lines(name: str) -> list[str]:
    return (DATA / "clean" / name).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_clean_report_raises_nothing(path: Path, rubric: Rubric) -> None:
    result = critique_file(path, rubric=rubric)
    assert [(f.check, f.line, f.message) for f in result.findings] == []
    assert [p.role for p in result.parts] == ROLES
    assert result.score.structure == 100 and result.notes == []
    assert result.reports[0].year == int(path.stem.split("_")[1])


# (report, old text, new text: right in that report's year or context, check that must stay silent)
RIGHT_IN_CONTEXT = [
    ("community_2025_noheadings.txt", "扎实开展深入贯彻中央八项规定精神学习教育",
     "扎实开展深入贯彻中央八项规定精神学习教育，巩固拓展党纪学习教育成果，推动党纪学习教育常态化长效化",
     "dated-expression"),
    ("community_2025_noheadings.txt", "深入贯彻党的二十大",
     "巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题教育成果，深入贯彻党的二十大", "dated-expression"),
    ("community_2025_noheadings.txt", "建成“15分钟便民生活圈”服务点4个",
     "推行“党建+X”“1+X”服务模式，建成“15分钟便民生活圈”服务点4个", "placeholder"),
    ("school_2023.txt", "全年召开党总支会议21次。",
     "全年召开党总支会议21次，推进“十四五”教育规划，学校党总支被评为全市先进基层党组织，党建考评位列全市第一，"
     "经验在全市推广。", "dated-expression"),
    ("school_2023.txt", "全年召开党总支会议21次。",
     "全年召开党总支会议21次，在全县教育系统作交流发言，在全县率先完成支部标准化建设，学校党总支被评为全市先进"
     "基层党组织，经验在全市推广，1名党员获评全市优秀共产党员。", "mixed-level"),
    ("hospital_2024.md", "3. 做好青年医务人员发展党员工作",
     "3. 确保2024年度述职评议反馈问题全部整改到位，完成2024年巡察反馈问题整改，做好青年医务人员发展党员工作",
     "stale-year-target"),
    ("hospital_2024.md", "3. 做好青年医务人员发展党员工作",
     "3. 巩固2024年度等级评审成果，较2024年讲党课次数不少于两倍，做好青年医务人员发展党员工作", "stale-year-target"),
    ("hospital_2024.md", "开展“党员义诊进社区”活动15次", "开展“党员义诊进社区”活动15次，弘扬伟大抗疫精神，9月日均门诊量提高8%",
     "dated-expression"),
    ("hospital_2024.md", "开展“党员义诊进社区”活动15次", "开展“党员义诊进社区”活动15次，弘扬伟大抗疫精神，9月日均门诊量提高8%",
     "placeholder"),
    ("village_2021.txt", "紧扣庆祝建党100周年这条主线", "紧扣庆祝建党100周年这条主线，开局“十四五”", "dated-expression"),
    ("soe_2022.txt", "推动党史学习教育常态化长效化", "推动党史学习教育常态化长效化，喜迎党的二十大，纪念建团百年",
     "dated-expression"),
    ("soe_2022.txt", "第一时间组织学习党的二十大精神", "第一时间组织学习党的二十大精神、习近平总书记在庆祝中国共产党成立"
     "100周年大会上的重要讲话精神，弘扬脱贫攻坚精神", "dated-expression"),
    ("soe_2022.txt", "设立党员示范岗42个", "运用DeepSeek等AI工具和3D打印、PDF电子台账、CAD制图，设立党员示范岗42个",
     "letter-d"),
]


@pytest.mark.parametrize(("name", "old", "new", "check"), RIGHT_IN_CONTEXT,
                         ids=[f"{r[0]}:{r[3]}:{i}" for i, r in enumerate(RIGHT_IN_CONTEXT)])
def test_right_in_its_year_stays_silent(rubric: Rubric, name: str, old: str, new: str, check: str) -> None:
    lines = _lines(name)
    n = next(i for i, t in enumerate(lines) if old in t)
    lines[n] = lines[n].replace(old, new, 1)
    assert of(run(lines, rubric), check) == []


# (report, old, new, check, line): the same reports with a defect planted: still found, on its line.
PLANTED = [
    ("community_2025_noheadings.txt", "扎实开展深入贯彻中央八项规定精神学习教育", "扎实开展党纪学习教育",
     "dated-expression", 3),
    ("community_2025_noheadings.txt", "服务点4个", "服务点x个", "placeholder", 6),
    ("school_2023.txt", "全年召开党总支会议21次。", "全年召开党总支会议21次，全县教师党员积极参与，带动全市教师踊跃响应。",
     "mixed-level", 6),
    ("village_2021.txt", "组织党员志愿者参与疫情防控值守", "组织党员志愿者参与疫情防控值守，谋划“十五五”", "dated-expression", 8),
    ("soe_2022.txt", "全年完成营业收入126亿元", "全年完成营业收入XX亿元", "placeholder", 8),
    ("hospital_2024.md", "巩固拓展主题教育成果", "深入开展党史学习教育", "dated-expression", 9),
    ("soe_2022.txt", "第一时间组织学习党的二十大精神", "第一时间组织学习党的二十大精神，隆重庆祝建党100周年", "dated-expression", 6),
    ("hospital_2024.md", "3. 做好青年医务人员发展党员工作", "3. 确保2024年度各项指标全面完成，做好青年医务人员发展党员工作",
     "stale-year-target", 31),
    ("soe_2022.txt", "第一时间组织学习党的二十大精神", "第一时间组织学习党的二十大精神，决战决胜脱贫攻坚", "dated-expression", 6),
    # the plans taking up an occasion of the report's own year, setting a quota on it, joining its training
    ("hospital_2024.md", "3. 做好青年医务人员发展党员工作", "3. 以2024年医院等级评审为契机，做好青年医务人员发展党员工作",
     "stale-year-target", 31),
    ("hospital_2024.md", "3. 做好青年医务人员发展党员工作", "3. 每名支部书记2024年讲党课不少于2次，做好青年医务人员发展党员工作",
     "stale-year-target", 31),
    ("hospital_2024.md", "3. 做好青年医务人员发展党员工作", "3. 选派支部书记参加市卫健委2024年度党务培训，做好青年医务人员发展党员工作",
     "stale-year-target", 31),
]


@pytest.mark.parametrize(("name", "old", "new", "check", "line"), PLANTED,
                         ids=[f"{r[0]}:{r[3]}" for r in PLANTED])
def test_planted_defect_in_other_years_is_found(rubric: Rubric, name: str, old: str, new: str, check: str,
                                                line: int | None) -> None:
    lines = _lines(name)
    n = next(i for i, t in enumerate(lines) if old in t)
    lines[n] = lines[n].replace(old, new, 1)
    found = of(run(lines, rubric), check)
    assert found, check
    if line is not None:
        assert [f.line for f in found] == [line], [(f.line, f.message) for f in found]


def test_plan_names_are_current_from_the_autumn_before() -> None:
    from assistant.domain.checks.dated import plan_name_hits

    assert plan_name_hits("科学谋划“十四五”发展", 2020) == []  # adopted October 2020
    assert [e.expr for *_, e in plan_name_hits("科学谋划“十四五”发展", 2019)] == ["“十四五”"]
    assert plan_name_hits("谋划“十五五”", 2025) == []
    assert plan_name_hits("谋划“十五五”", 2024)
    assert [e.expr for *_, e in plan_name_hits("完成“十三五”规划目标", 2021)] == ["“十三五”"]
    # Computed, not listed: the plans after 十五五 need no new row.
    assert plan_name_hits("谋划“十六五”", 2030) == [] and plan_name_hits("谋划“十六五”", 2029)


def test_length_is_counted_in_chinese_characters_as_the_notices_do(rubric: Rubric) -> None:
    from assistant.domain.checks import count_chinese

    lines = _lines("soe_2022.txt")
    chars = count_chinese("\n".join(lines[1:]))  # the title is not counted
    assert chars < len("".join(lines[1:])) - 100  # punctuation and digits are many, and not counted
    at_limit = rubric.model_copy(update={"length_limit": chars})
    assert of(run(lines, at_limit), "too-long") == []
    found = of(run(lines, rubric.model_copy(update={"length_limit": chars - 1})), "too-long")
    assert len(found) == 1 and f"全文约{chars}字" in found[0].message


def test_numbering_that_is_right(rubric: Rubric) -> None:
    lines = _lines("school_2023.txt")
    # 一是…二是 inside paragraphs, each paragraph starting again; （一） items under each 一、 part.
    inline = "我重点抓了三件事：一是建制度；二是强队伍；三是抓落实。"
    lines[4] = lines[4] + inline
    lines[5] = lines[5] + inline
    assert of(run(lines, rubric), "numbering") == []
