"""The critique on forms of the fourteenth fresh set's kinds (issue 9): in a report without part headings, the
items of a causes list its lead announces are causes, whatever their wording. Each text is new."""

from __future__ import annotations

from critique_helpers import of, run

from assistant.domain.rubric import Rubric

# No part headings: each part is a lead paragraph and its 一是… items.
HEADLESS_LEADS = [
    "城东街道机关党委书记2021年度抓基层党建工作述职报告", "",
    "2021年，我坚持把抓基层党建作为第一责任，现将履职情况报告如下。",
    "一是抓政治建设。坚持“第一议题”制度，全年组织专题学习20次。",
    "二是抓支部建设。开展标准化规范化建设，6个机关支部全部达标。",
    "对照上级要求，我在抓党建工作中还存在一些短板。",
    "一是对机关支部的具体指导不够，个别支部组织生活质量不高。",
    "二是党建与业务融合的抓手不多，融合成效不明显。",
    "究其原因，主要有以下两个方面。",
    # items worded as shortcomings (their cue words are the problems'), yet the roots the lead announces
    "一是理论学习还有差距。主观上对党建理论的钻研不够深入，抓党建的本领还有不足，学用结合有待加强，存在重业务、轻党建的倾向。",
    "二是责任压得不够实。对支部书记的督促不够经常，考核的导向作用发挥不充分，仍存在一定程度的宽松软现象。",
    "2022年，我将重点抓好以下工作。",
    "一是每季度到联系支部指导一次组织生活。",
    "二是建立党建业务融合项目清单，年内打造融合示范点2个。",
    "我将以更加饱满的热情抓好机关党建，为街道高质量发展提供坚强组织保证。",
]


def test_items_under_a_causes_lead_are_causes_whatever_their_wording(rubric: Rubric):
    assert of(run(HEADLESS_LEADS, rubric), "part-order") == []
    # the problems moved after the plans are still out of place
    moved = HEADLESS_LEADS[:5] + HEADLESS_LEADS[8:14] + HEADLESS_LEADS[5:8] + HEADLESS_LEADS[14:]
    assert of(run(moved, rubric), "part-order")


def test_a_session_said_to_have_been_held_before_it_was_is_dated(rubric: Rubric):
    from assistant.domain.checks.dated import expression_hits

    table = rubric.checks().dated_expressions
    # 召开后 is past: a 2018 report cannot have studied the 2019 session after it met
    assert expression_hits("十九届四中全会召开以来，我组织班子成员逐章学习。", 2018, table)
    assert expression_hits("四中全会召开后，支部开展了研讨。十九届四中全会召开后，支部开展了研讨。", 2018, table)
    # greeting next year's session stays fine
    assert not expression_hits("以优异成绩迎接十九届四中全会召开。", 2018, table)


def test_a_campaigns_results_are_consolidated_only_after_it_began(rubric: Rubric):
    from assistant.domain.checks.dated import expression_hits

    table = rubric.checks().dated_expressions
    assert expression_hits("持续巩固党纪学习教育成果，严明工作纪律。", 2022, table)
    assert expression_hits("持续巩固党纪学习教育成果，严明工作纪律。", 2022, table, next_year=True)  # 2023 plans
    assert not expression_hits("持续巩固党纪学习教育成果，严明工作纪律。", 2025, table)


def test_a_quoted_numbered_slogan_with_its_count_changed_even_in_straight_quotes():
    from assistant.domain.checks.fixed_terms import near_misses

    for wrong in ("组织党员开展“五史”学习教育。", '组织党员开展"三史"学习教育。', "开展两史学习教育。"):
        assert near_misses(wrong), wrong
    for right in ("组织党员开展“四史”学习教育。", '组织党员开展"四史"学习教育。', "开展党史学习教育。"):
        assert not near_misses(right), right


# The plans' lead points back at the problems (我将对照存在的问题…) in a sentence about next year's work.
POINTING_BACK = [
    "县林业局党组书记2022年度抓基层党建工作述职报告", "",
    "2022年，在县委的坚强领导下，我认真履行局党组书记抓基层党建第一责任人职责，现将有关情况报告如下。",
    "1. 抓班子建设。主持党组会议专题研究党建9次，开展谈心谈话36人次。",
    "2. 抓支部规范。推行支部工作清单化管理，4个支部全部达到标准化要求。",
    "对照上级要求，我在抓党建工作中还存在一些问题和不足。",
    "1. 对基层林场支部的指导不够经常，个别支部活动开展不够规范。",
    "2. 党建与护林防火工作结合不够紧密，党员作用发挥还不充分。",
    "究其原因，根子在于我把主要精力放在了护林防火等业务工作上，到林场支部调研少、督促少。",
    "2023年是林长制全面落地见效之年。我将围绕存在的问题，着重抓好以下几项工作。",
    "1. 每季度到林场支部指导一次组织生活，年底前全部规范运行。",
    "2. 组建党员护林先锋队6支，在防火一线设立党员责任区。",
    "新的一年，我将以更加务实的作风抓好林业系统党建，为生态建设提供坚强组织保证。",
]


def test_a_plans_lead_pointing_back_at_the_problems_is_no_problems_out_of_place(rubric: Rubric):
    assert of(run(POINTING_BACK, rubric), "part-order") == []
