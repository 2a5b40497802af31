"""The critique on forms of the fifteenth fresh set's kinds (issue 9): a whole unheaded paragraph whose own
wording names its part (a causes lead, last year's feedback and its rectification), moved into another headed
part, is out of place; an unheaded rectification paragraph after themed achievements is the rectification.
Each text is new."""

from __future__ import annotations

from critique_helpers import of, run

from assistant.domain.models import Role
from assistant.domain.rubric import Rubric

# Themed achievements headings that name no part, then a rectification paragraph with no heading of its own
# that names last year's review by its year.
THEMED = [
    "区人民医院党委书记2023年度抓基层党建工作述职报告", "",
    "2023年，在区卫健委党委的领导下，我作为区人民医院党委书记，认真履行抓基层党建第一责任人职责，现将有关情况报告如下。",
    "一、强化思想引领，让党员干部“聚”起来",
    "落实党委理论学习中心组学习制度，全年集中学习16次，我带头讲专题党课3次，组织医务人员分批次参加主题教育读书班。",
    "二、夯实支部基础，让战斗堡垒“硬”起来",
    "按临床科室调整设置党支部11个，推行“双带头人”培育工程，党支部书记由科室主任兼任的比例达到82%。",
    "三、聚焦群众所盼，让医疗服务“暖”起来",
    "组建党员医疗服务队8支，全年下乡义诊46场，开设便民门诊和夜间门诊，门诊平均等候时间缩短到18分钟。",
    "在2022年度党建述职评议中提出的“支部活动与医疗业务结合不紧”“青年医生政治引领偏弱”两个问题，我带头制定整改台账，"
    "推行“支部+科室”联建，对35岁以下医生实行党员导师制，两个问题均已按期整改，今年联建开展活动9次。",
    "四、存在的问题",
    "（一）抓党建的精力投入还不够。对医院改革发展考虑得多，研究党建工作的时间相对少。",
    "（二）支部书记的履职能力参差不齐。少数支部书记重业务轻党建，组织生活质量不高。",
    "五、原因分析",
    "主观上，我对公立医院党的建设新要求学习不够深，抓党建的办法还不多。",
    "六、2024年工作打算",
    "2024年，我将聚焦存在的问题，重点抓好以下工作：",
    "（一）每季度专题研究一次党建工作，落实党委书记抓党建述职制度。",
    "（二）分批组织支部书记参加轮训，年内实现轮训全覆盖。",
    "我将以更加务实的作风履行第一责任人职责，为医院高质量发展提供坚强组织保证。",
]


def test_rectification_after_themed_achievements_is_the_rectification(rubric: Rubric):
    result = run(THEMED, rubric, year=2023)
    assert of(result, "missing-part") == []
    assert of(result, "part-order") == []
    # moved below the problems, under their heading, it is out of place
    moved = THEMED[:9] + THEMED[10:13] + THEMED[9:10] + THEMED[13:]
    found = of(run(moved, rubric, year=2023), "part-order")
    assert [f.line for f in found] == [13]


# Headed parts; the causes are an unheaded paragraph under a combined problems-and-causes heading.
COMBINED = [
    "县交通运输局党组书记2022年度抓基层党建工作述职报告", "",
    "2022年，在县委的坚强领导下，我认真履行党组书记抓党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作及成效",
    "（一）抓理论武装。全年组织党组理论学习中心组学习12次，开展“交通讲堂”8期，局属4个支部全部完成换届。",
    "（二）抓行业党建。在3个在建公路项目成立临时党支部，组织党员突击队参与防汛抢险，累计出动党员220人次。",
    "二、上年度问题整改情况",
    "针对上年度述职评议指出的“基层站所党建薄弱”问题，制定整改清单6项，已全部整改到位。",
    "三、存在的问题及原因",
    "（一）对局属支部的指导还不够经常，个别支部“三会一课”记录不规范。",
    "（二）党建与交通项目建设结合不紧，临时党支部作用发挥不充分。",
    # worded with shortcomings (more problems cue than causes cue), yet a causes lead
    "问题的根源在于：我对行业党建的规律研究不够深，抓党建的定力还不够，对支部的督促指导不经常、不到位；"
    "加之项目点多面广，党员流动性大，日常管理还存在薄弱环节。",
    "四、2023年工作打算",
    "（一）每半年到局属支部调研指导一次，推动组织生活规范化。",
    "（二）健全项目临时党支部工作机制，做到项目建到哪里、党的工作覆盖到哪里。",
    "我将以更高标准履行好第一责任人职责，为交通强县建设提供坚强组织保证。",
]


def test_a_causes_paragraph_moved_into_another_headed_part_is_out_of_place(rubric: Rubric):
    assert of(run(COMBINED, rubric, year=2022), "part-order") == []
    causes = COMBINED[11:12]
    rest = COMBINED[:11] + COMBINED[12:]
    # to the end of the plans, just above the closing (no heading follows it)
    below = rest[:14] + causes + rest[14:]
    assert [f.line for f in of(run(below, rubric, year=2022), "part-order")] == [15]
    # up to the end of the achievements, just above the rectification heading
    above = rest[:6] + causes + rest[6:]
    assert [f.line for f in of(run(above, rubric, year=2022), "part-order")] == [7]


def test_a_plans_lead_on_the_roots_of_the_problems_stays_in_the_plans(rubric: Rubric):
    from assistant.domain.checks.tense import lead_anchor

    assert lead_anchor(COMBINED[11]) == Role.causes
    # it points at the roots, but announces next year's measures: the plans' lead
    assert lead_anchor("针对问题产生的根源，我将重点抓好以下三项工作：") is None
    # an insight that reflects on the roots reads as insights
    assert lead_anchor("反思这些问题的根源，我深刻体会到：抓党建必须把自己摆进去，以上率下才能形成合力。") is None


def test_an_ascii_exclamation_mark_ends_a_sentence_before_the_next_item():
    from assistant.domain.numbering import inline_markers, run_in_markers

    text = "一是学习必须联系实际，学用结合才有成效!二是支部活动要有主题?三是考核要有硬指标。"
    assert [m.value for m in inline_markers(text)] == [1, 2, 3]
    assert [m.value for m in run_in_markers("抓好支部建设!（一）规范组织生活；（二）建强书记队伍。")] == [1, 2]
