"""The critique on forms of the nineteenth fresh set's kinds (issue 9): the title's place named with the character
of another level that starts a word of its own (乡音, 市场) is no place at that level, while the place itself at
another level still is. Each text is new."""

from __future__ import annotations

from critique_helpers import of, replace, run

from assistant.domain.rubric import Rubric

TOWN = [
    "中共白沙镇委员会2022年度抓基层党建工作述职报告", "",
    "2022年，我认真履行镇党委书记抓基层党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作",
    "（一）抓理论武装。组建“白沙乡音”理论宣讲队，用方言宣讲56场次；扶持“白沙市场”党员诚信摊位18个。",
    "（二）抓基层组织。整顿后进村党组织2个，选派驻村指导员11名。",
    "二、存在的问题",
    "一是村级班子年轻干部偏少。二是党员教育方式比较单一。",
    "三、原因分析",
    "主要是我对年轻干部的培养谋划不够，对党员教育的新办法研究不多。",
    "四、下一步打算",
    "一是实施村级后备力量培养计划。二是推行“线上+线下”党员教育。",
    "我将以更加务实的作风抓好基层党建工作。",
]


def test_a_level_character_starting_a_word_after_the_place_is_no_other_level(rubric: Rubric):
    assert of(run(TOWN, rubric), "mixed-level") == []
    moved = replace(TOWN, 6, "整顿后进村", "白沙乡整顿后进村")
    assert [f.line for f in of(run(moved, rubric), "mixed-level")] == [6]


def test_a_first_item_run_on_after_a_word_opens_its_inline_list(rubric: Rubric):
    # new text: 一是 right after 我将, with no mark before it; the list goes on 二是, 三是
    plans = ("2023年，我将一是健全党建责任清单，每季度调度一次；二是推行“支部+网格”模式；三是每年发展青年党员2名。")
    lines = replace(TOWN, 12, "一是实施村级后备力量培养计划。二是推行“线上+线下”党员教育。", plans)
    assert of(run(lines, rubric), "numbering") == []


def test_an_event_announced_before_the_turn_of_the_year_may_be_named_in_the_plans(rubric: Rubric):
    # new text: a 2022 report's plans name the theme education the 二十大 announced for 2023; its work may not
    plans = "2023年，我将认真组织开展学习贯彻习近平新时代中国特色社会主义思想主题教育，推动理论学习走深走实。"
    lines = replace(TOWN, 12, "一是实施村级后备力量培养计划。二是推行“线上+线下”党员教育。", plans)
    assert of(run(lines, rubric), "dated-expression") == []
    work = replace(lines, 5, "（一）抓理论武装。", "（一）抓理论武装。开展学习贯彻习近平新时代中国特色社会主义思想主题教育。")
    assert [f.line for f in of(run(work, rubric), "dated-expression")] == [5]


# The twentieth fresh set's kind: under a combined heading, the roots moved above the problems they explain.
COMBINED = [
    "中共河湾村支部委员会2023年度抓基层党建工作述职报告", "",
    "2023年，我认真履行村党支部书记抓党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作",
    "建成党员活动室1个，发展党员2名，带领村民流转土地460亩发展稻虾共养。",
    "二、存在的问题及原因",
    "一是党员队伍年龄偏大，35岁以下党员只有3名，后继乏人。二是“三会一课”记录不够规范，个别党员参加组织生活不够经常。",
    "究其原因，主观上是我对年轻人才的发现培养用心不够，对组织生活的督促不够严格；客观上是村里青壮年大多外出务工。",
    "三、下步打算",
    "2024年，我将每季度召开一次在外青年座谈会，建立后备人才台账；每月检查一次“三会一课”记录。",
    "我将带领村“两委”班子，为建设和美河湾提供坚强组织保证。",
]


def test_the_roots_moved_above_the_problems_under_a_combined_heading_are_out_of_place(rubric: Rubric):
    assert of(run(COMBINED, rubric), "part-order") == []
    moved = COMBINED[:6] + [COMBINED[7], COMBINED[6]] + COMBINED[8:]
    assert [f.line for f in of(run(moved, rubric), "part-order")] == [7]


# The twenty-fourth fresh set's kinds: a plans block (unheaded, on its lead) moved above the problems' heading,
# into the span of the work's heading; a closing that opens on next year judged as next year's words.
PLANS_UNHEADED = [
    "中共桥东社区委员会2021年度抓基层党建工作述职报告", "",
    "2021年，在街道党工委的坚强领导下，我认真履行社区党委书记抓党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作",
    "（一）抓学习。组织党员集中学习12次，开展“红色故事会”6场。",
    "（二）抓队伍。发展党员2名，选派楼栋长党员21名。对上年度述职评议指出的“党员活动阵地不足”问题，新建楼栋活动点3个，已整改到位。",
    "二、存在的问题",
    "一是楼栋党小组活动不够经常。二是在职党员到社区报到后参与服务不够积极。究其原因，主要是我对楼栋党建抓得不细。",
    "针对上述问题，2022年我将重点做好以下几项工作。",
    "第一，建立楼栋党小组月度活动清单，每月至少开展1次活动。",
    "第二，推行在职党员服务积分制，积分结果反馈所在单位。",
    "新的一年，我将以学习贯彻党的十九届六中全会精神为动力，为建设幸福桥东提供坚强保证。",
]


def test_an_unheaded_plans_block_moved_above_the_problems_is_out_of_place(rubric: Rubric):
    assert of(run(PLANS_UNHEADED, rubric), "part-order") == []
    moved = PLANS_UNHEADED[:6] + PLANS_UNHEADED[8:11] + PLANS_UNHEADED[6:8] + PLANS_UNHEADED[11:]
    res = run(moved, rubric)
    assert [f.line for f in of(res, "part-order")] == [7]
    assert of(res, "missing-part") == []


def test_a_closing_opening_on_next_year_speaks_of_it(rubric: Rubric):
    lines = PLANS_UNHEADED[:-1] + ["新的一年，我将以学习贯彻党的十九大精神为主线，为建设幸福桥东提供坚强保证。"]
    assert of(run(lines, rubric), "dated-expression") == []  # a 2021 report: 2022 still heard the 十九大精神
    lines = [ln.replace("2021", "2022").replace("2022年我将", "2023年我将") for ln in lines]
    assert [f.line for f in of(run(lines, rubric), "dated-expression")] == [12]


def test_a_causes_list_moved_above_the_combined_heading_is_out_of_place(rubric: Rubric):
    listed = COMBINED[:7] + ["分析原因，既有主观上的不足，也有客观上的制约，主要有以下两点。",
                             "一是我对年轻人才的发现培养用心不够。", "二是村里青壮年大多外出务工，后备力量不足。"] + COMBINED[8:]
    assert of(run(listed, rubric), "part-order") == []
    moved = listed[:5] + listed[7:10] + listed[5:7] + listed[10:]
    assert of(run(moved, rubric), "part-order")
