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
