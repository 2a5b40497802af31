"""The critique on forms of the fifteenth fresh set's kinds (issue 9): a whole unheaded paragraph whose own
wording names its part (a causes lead, last year's feedback and its rectification), moved into another headed
part, is out of place; an unheaded rectification paragraph after themed achievements is the rectification.
Each text is new."""

from __future__ import annotations

from critique_helpers import of, run

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
