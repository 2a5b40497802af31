"""The critique on forms of the eighth fresh set's kinds (issue 9): numbering in reports without part headings
and items run into a lead sentence, a moved plans block, self-names at another level. Each text is new."""

from __future__ import annotations

from critique_helpers import of, run

from assistant.domain.rubric import Rubric

# A report without part headings: every part numbers its items afresh; the problems' first item follows the
# lead sentence in the same paragraph.
HEADLESS = [
    "东湖街道幸福里社区党委书记2022年度抓基层党建工作述职报告", "",
    "2022年，在街道党工委的坚强领导下，我认真履行第一责任人职责，现将有关情况报告如下。",
    "（一）抓理论学习。全年组织党员集中学习10次，开展专题研讨4次。",
    "（二）抓组织建设。新建楼栋党小组6个，发展党员2名。",
    "（三）抓服务群众。组织党员志愿者开展服务活动60余次。",
    "对照上级要求，我的工作还存在一些不足。（一）对楼栋党小组的指导不够经常，部分党小组活动不规范。",
    "（二）党员志愿服务的长效机制还没有建立起来，服务项目零散。",
    "究其原因，主观上是我对网格党建研究不深，客观上社区专职工作者人手紧张。",
    "2023年，我将重点抓好以下工作：",
    "（一）建立楼栋党小组长月例会制度，每月点评一次党小组活动。",
    "（二）制定党员志愿服务积分办法，固定服务项目8个。",
    "我将以更加饱满的热情做好社区党建工作，为建设幸福社区提供坚强组织保证。",
]


def test_items_run_into_the_problems_lead_sentence_start_their_sequence(rubric: Rubric):
    # with no part headings, each part's （一） restarting marks where the part begins (docs/domain.md Numbering):
    # no finding at the problems (line 7) or the plans (line 10); the （二） after the run-in （一） is no step back
    assert of(run(HEADLESS, rubric), "numbering") == []


def test_a_skip_among_items_run_into_a_paragraph_is_found(rubric: Rubric):
    lines = list(HEADLESS)
    lines[3] = "（一）抓理论学习。（1）全年组织党员集中学习10次。（3）开展专题研讨4次。"
    assert [f.line for f in of(run(lines, rubric), "numbering")] == [4]


def test_a_slipped_level_with_sub_items_is_one_finding(rubric: Rubric):
    lines = HEADLESS[:3] + [
        "一、主要工作", "1.抓学习。", "（1）集中学习10次。", "（2）专题研讨4次。", "2.抓阵地。", "（1）建成党群服务站2个。",
        "（三）抓队伍。", "（1）发展党员2名。", "（2）培养积极分子5名。", "4.抓服务。", "（1）开展志愿服务60余次。",
        "二、存在的问题",
        "一是对楼栋党小组指导不够。二是志愿服务缺少长效机制。", "三、原因分析", "主观上研究不深，客观上人手紧张。",
        "四、下一步打算", "一是建立楼栋党小组长例会制度。二是制定党员志愿服务积分办法。", HEADLESS[-1]]
    assert [f.line for f in of(run(lines, rubric), "numbering")] == [10]


# Plans written 一是… moved between the achievements and the problems.
MOVED = [
    "青禾县第三中学党总支书记2021年度抓基层党建工作述职报告", "",
    "2021年，在县委教育工委的坚强领导下，我认真履行党总支书记第一责任人职责，现将有关情况报告如下。",
    "一是抓党史学习教育，组织教师党员集中学习16次，开展“我为师生办实事”活动，办结实事12件。",
    "二是抓支部建设，按年级组调整设置教师党支部3个，支部书记全部由骨干教师担任。对上年度述职评议指出的“支部活动与教学脱节”问题，"
    "我们把支部活动纳入教学周历，已整改到位。",
    "三是抓师德师风，开展师德承诺和专项整治，全年没有发生师德失范问题。",
    "2022年，我将重点抓好以下几项工作：一是完善“党员示范课”制度，每名党员每学期上一节示范课。",
    "二是健全青年教师培养机制，每个支部每年确定1至2名入党积极分子。",
    "三是把师德考核结果运用到评优评先，落实一票否决。",
    "对照学校发展要求，我的工作还存在一些差距：一是党建与教学结合还不够紧密，党员示范作用发挥不充分。",
    "二是青年教师入党积极性不高，近两年发展教师党员偏少。",
    "三是师德建设重教育轻制度，考核结果运用不够。",
    "分析原因，主观上我对党建与业务融合思考不深，客观上学校教学任务重。",
    "新的一年，我将以更加昂扬的状态抓好学校党建，为办好人民满意的教育提供坚强保证。",
]


def test_a_moved_plans_block_is_out_of_order_not_missing(rubric: Rubric):
    res = run(MOVED, rubric)
    assert of(res, "missing-part") == []
    assert of(res, "part-order")


def _self(unit: str, lead: str, line: str) -> list[str]:
    return [f"{unit}书记2023年度抓基层党建工作述职报告", "",
            f"2023年，在{lead}的坚强领导下，我认真履行第一责任人职责，现将有关情况报告如下。",
            "一、主要工作及成效", line, "二、存在的问题", "一是理论学习不够深入。", "三、原因分析",
            "主观上重视不够。", "四、下一步打算", "一是建立学习制度，每月集中学习一次。", "我将继续努力，为发展提供保证。"]


def test_a_unit_naming_itself_at_another_level(rubric: Rubric):
    cases = [
        ("南湖区人民医院党委", "区卫健局党组", "我局组织全院党员开展义诊活动8次，服务群众1200人次。"),
        ("城西经济技术开发区党工委", "区委", "我主持召开区委常委会会议3次，专题研究园区企业党建工作。"),
        ("计算机与信息工程学院党委", "学校党委", "全校43名党员教师担任学生成长导师，联系学生320名。"),
        ("石桥村党总支", "镇党委", "选举产生新一届镇党委班子5名成员，平均年龄41岁。"),
        ("临江县自然资源局党组", "县委", "省局机关4个党支部全部完成标准化建设，党员参学率98%。"),
    ]
    for unit, lead, line in cases:
        assert [f.line for f in of(run(_self(unit, lead, line), rubric), "mixed-level")] == [5], unit


def test_a_standing_in_the_higher_area_is_not_the_units_own(rubric: Rubric):
    line = "园区党建工作在全县各类基层组织年度党建述职评议中名列第二，建成党群服务中心1个。"
    assert of(run(_self("青山工业园区党工委", "县委", line), rubric), "mixed-level") == []
    # a superior bureau's organ doing something with the unit
    line = "邀请市局机关党委书记来局讲党课，与市局机关2个支部开展联学共建。"
    assert of(run(_self("临江县自然资源局党组", "县委", line), rubric), "mixed-level") == []


# ninth fresh set's kinds: a first run-in item after a comma; a top-level item among sub-items with the top-level
# sequence going on after it.
HEADED = HEADLESS[:3] + [
    "一、主要工作", "（一）抓学习。全年组织党员集中学习10次。", "（二）抓阵地。建成党群服务站2个。",
    "二、存在的问题", "（一）对楼栋党小组指导不够。", "（二）志愿服务缺少长效机制。",
    "三、原因分析", "主观上研究不深，客观上人手紧张。",
    "四、下一步打算", "（一）把楼栋党小组建设作为重点，（1）建立组长例会制度；（2）每月点评一次活动。",
    "（二）制定党员志愿服务积分办法。", HEADLESS[-1]]


def test_a_first_run_in_item_after_a_comma_starts_its_sequence(rubric: Rubric):
    assert of(run(HEADED, rubric), "numbering") == []


def test_a_top_level_item_among_sub_items_is_one_finding(rubric: Rubric):
    lines = list(HEADED)
    lines[7] = "一、对楼栋党小组指导不够。"  # under 二、存在的问题, before （二） and 三、
    assert [f.line for f in of(run(lines, rubric), "numbering")] == [8]


# A report whose causes, under their own heading, are worded as the writer's shortcomings.
CAUSES_AS_SHORTCOMINGS = [
    "青山区统计局党组书记2023年度抓基层党建工作述职报告", "",
    "2023年，在区委和区直机关工委的领导下，我认真履行党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作", "（一）抓学习。全年主持党组理论学习中心组学习12次。", "（二）抓支部。完成2个支部换届，发展党员1名。",
    "二、上年度问题整改情况", "上年度述职评议指出的“支部活动不规范”问题，已通过制定活动清单整改到位。",
    "三、存在的问题", "（一）党建与统计业务结合不紧，支部活动多是读文件。", "（二）青年干部教育引导不够经常。",
    "四、原因分析",
    "一是思想认识还有偏差，重业务轻党建的倾向仍然存在。二是抓落实的办法不多，督促指导不够经常，研究不够深入。",
    "五、下一步打算", "（一）推行“支部+统计调查”项目，每个支部每年完成一个调研课题。", "（二）建立青年干部谈心谈话制度。",
    "我将以更加务实的作风抓好党建工作，为统计事业发展提供坚强保证。"]


def test_causes_worded_as_shortcomings_do_not_stand_for_a_deleted_problems_part(rubric: Rubric):
    assert [f.part for f in of(run(CAUSES_AS_SHORTCOMINGS, rubric), "missing-part")] == []
    lines = CAUSES_AS_SHORTCOMINGS[:8] + CAUSES_AS_SHORTCOMINGS[11:]  # 三、存在的问题 and its items deleted
    assert "problems" in [f.part for f in of(run(lines, rubric), "missing-part")]


def test_a_run_in_sub_item_written_at_its_items_level_is_found(rubric: Rubric):
    lines = list(HEADED)
    lines[4] = "（一）抓学习。（1）全年组织党员集中学习10次；（二）开展专题研讨4次。"
    assert [f.line for f in of(run(lines, rubric), "numbering")] == [5]
