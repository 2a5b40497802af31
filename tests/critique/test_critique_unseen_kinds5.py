"""The critique on forms of the twelfth fresh set's kinds (issue 9): a sequence below the part level restarting
where a part begins, a part moved rather than missing, a plan tied to the report's own year, slogans altered.
Each text is new."""

from __future__ import annotations

from critique_helpers import of, run

from assistant.domain.rubric import Rubric

# 一、 part headings; the problems and their causes share one heading, each numbered 1. 2. from the start.
COMBINED = [
    "南山镇农业服务中心党支部书记2023年度抓基层党建工作述职报告", "",
    "2023年，在镇党委的领导下，我认真履行党建第一责任人职责，现将有关情况报告如下。",
    "一、履行职责情况",
    "1.抓班子建设。坚持“三会一课”，全年召开支委会12次、党员大会4次。",
    "2.抓服务群众。组织党员技术员下村指导春耕秋收，服务农户800余户。",
    "二、上年度述职评议反馈问题整改情况",
    "对去年评议指出的“党员技术骨干作用发挥不够”问题，我们建立党员技术服务岗6个，已整改到位。",
    "三、存在的问题及原因",
    "1.理论学习不够系统，学用结合不紧。",
    "2.党员教育管理方式单一，对流动党员联系不够。",
    "剖析原因，主要有以下方面：",
    "1.对党建工作的研究不深，满足于完成规定动作。",
    "2.统筹党建和业务的办法不多，抓落实的劲头有所减弱。",
    "四、下一步工作打算",
    "1.建立理论学习清单，每季度开展一次专题研讨。",
    "2.建立流动党员联系台账，每月至少联系一次。",
    "我将以更加务实的作风抓好党建工作，为乡村振兴提供坚强保证。",
]


def test_a_sub_level_sequence_restarting_after_the_causes_lead_is_no_defect(rubric: Rubric):
    assert of(run(COMBINED, rubric), "numbering") == []


# No part headings; achievements numbered 一、二、三、 and the unheaded plans numbered 一、 again.
TOP_RESTART = [
    "北岭村党支部书记2022年度抓基层党建工作述职报告", "",
    "2022年，在镇党委的坚强领导下，我认真履行第一责任人职责，现将有关情况报告如下。",
    "一、强化理论武装。组织党员集中学习12次，开展专题党课4次。",
    "二、夯实组织基础。规范主题党日活动，发展党员2名。",
    "三、助力产业发展。领办合作社1个，带动村集体增收8万元。",
    "对照上级要求和群众期盼，我在抓党建工作中还存在一些问题和不足：",
    "一是对党员教育管理抓得不细，外出务工党员参加组织生活不经常。二是推动产业发展的办法不多，合作社规模偏小。",
    "究其原因，主要是我学习不够深入，抓党建促发展的思路不宽。",
    "2023年，我将重点抓好以下工作：",
    "一、建立党员积分管理制度，每季度公示一次。",
    "二、再领办合作社1个，村集体增收10万元以上。",
    "我将继续履职尽责，为乡村振兴贡献力量。",
]


def test_the_part_level_sequence_restarting_for_unheaded_plans_stays_a_defect(rubric: Rubric):
    # the plans' 一、 straight after the causes, nothing announcing them: the part has lost its heading
    no_lead = TOP_RESTART[:9] + TOP_RESTART[10:]
    found = of(run(no_lead, rubric), "numbering")
    assert [f.line for f in found] == [10] and "重新从头开始" in found[0].message


def test_in_a_report_without_part_headings_a_lead_announcing_the_list_stands_for_the_heading(rubric: Rubric):
    # (decided after the fourteenth fresh set, whose writer wrote it as clean; docs/domain.md Numbering)
    assert of(run(TOP_RESTART, rubric), "numbering") == []
    # with part headings elsewhere in the report, the unheaded part's restart is still a defect
    headed = TOP_RESTART[:3] + ["一、主要工作及成效"] + [x.replace("一、", "（一）", 1).replace("二、", "（二）", 1)
                                                   .replace("三、", "（三）", 1) for x in TOP_RESTART[3:6]] \
        + ["二、存在的问题"] + TOP_RESTART[6:]
    found = of(run(headed, rubric), "numbering")
    assert [f.line for f in found] == [12]  # flagged where the unheaded part begins


# A plans item tied to the report's own year (2023) as a year still to come, and a baseline that is fine.
def _with_plan(plan: str) -> list[str]:
    lines = list(COMBINED)
    lines[15] = plan
    return lines


def test_a_plan_carried_out_on_the_reports_own_year_is_stale(rubric: Rubric):
    for plan in ("1.组织实施2023年度党员轮训计划，全年轮训党员两遍。",
                 "1.把党员联系农户情况纳入2023年度支部目标管理考核。",
                 "1.推进2023年度“红色田间”服务项目，覆盖全镇12个村。"):
        assert [f.line for f in of(run(_with_plan(plan), rubric), "stale-year-target")] == [16], plan


def test_the_reports_own_year_as_a_baseline_or_record_is_not_stale(rubric: Rubric):
    for plan in ("1.党员技术服务覆盖农户数比2023年增长两成以上。",
                 "1.认真开展2023年度党支部书记述职评议和民主评议党员工作。",
                 "1.落实2023年度组织生活会查摆问题的整改措施。"):
        assert of(run(_with_plan(plan), rubric), "stale-year-target") == [], plan


# Slogans altered beyond one character: a half replaced, the halves' words swapped, a numbered slogan's last word,
# a later campaign given 两学一做's 常态化制度化.
def test_altered_slogans_are_formulation_errors(rubric: Rubric):
    for said in ("始终做到不忘初心、牢记宗旨，把为群众办实事作为检验标准。",
                 "努力建设让党中央满意、让人民群众放心的模范机关。",
                 "坚持不忘使命、牢记初心，扎实推进各项工作。",
                 "巩固拓展“三严三是”专题教育成果。",
                 "推动党纪学习教育常态化制度化。"):
        lines = list(COMBINED)
        lines[4] = "1." + said
        assert [f.line for f in of(run(lines, rubric), "formulation")] == [5], said


def test_slogans_written_right_or_with_another_separator_are_not_errors(rubric: Rubric):
    for said in ("始终做到不忘初心，牢记使命，把为群众办实事作为检验标准。",
                 "努力建设让党中央放心、让人民群众满意的模范机关。",
                 "推进“两学一做”学习教育常态化制度化。",
                 "坚决反对形式主义、官僚主义和享乐主义。"):
        lines = list(COMBINED)
        lines[4] = "1." + said
        assert of(run(lines, rubric), "formulation") == [], said


def test_a_closing_moved_between_two_parts_is_part_order_not_missing(rubric: Rubric):
    # a closing of few pledge words, moved up to end the achievements
    pledge = "2024年是巩固提升的关键一年，我将带头转作风、抓落实，推动各项工作落地见效。"
    lines = COMBINED[:6] + [pledge] + COMBINED[6:-1]
    res = run(lines, rubric)
    assert of(res, "missing-part") == []
    assert [f.line for f in of(res, "part-order")] == [7]


# No part headings; the paragraph on last year's feedback moved above the year's work items.
RECT_FIRST = [
    "城西街道机关党支部书记2023年度抓基层党建工作述职报告", "",
    "2023年，在街道党工委的领导下，我认真履行支部书记第一责任人职责，现将有关情况报告如下。",
    "对上年度述职评议指出的“支部活动吸引力不强”的意见，我们推行“点单式”主题党日，党员参与率提高到九成以上。",
    "（一）抓学习教育。全年组织集中学习12次，开展专题研讨4次，支部书记讲党课2次。",
    "（二）抓队伍建设。发展党员1名，培养入党积极分子3名，完成党员信息采集核对。",
    "（三）抓服务群众。组织党员到社区报到服务40余人次，办结群众急事难事15件。",
    "对照上级要求，我在抓党建工作中还存在一些不足：",
    "一是理论学习深度不够，以读文件为主。二是党员日常管理不够精细，积分管理落实不到位。",
    "究其原因，主要是我对党建工作研究不深，抓落实的韧劲不足。",
    "2024年，我将重点抓好以下工作：",
    "（一）每季度开展一次专题研讨，提高学习质量。",
    "（二）健全党员积分管理办法，每月公示积分。",
    "我将以更加饱满的热情抓好支部建设，为街道发展提供坚强组织保证。",
]


def test_a_rectification_paragraph_above_the_work_items_is_part_order_not_missing(rubric: Rubric):
    res = run(RECT_FIRST, rubric)
    assert of(res, "missing-part") == []
    assert [f.part for f in of(res, "part-order")] == ["rectification"]
