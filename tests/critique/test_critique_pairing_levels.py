"""unanswered-problem by pairing, mixed-level self-names, part-order of moved paragraphs: the kinds the fresh
unseen sets (v, x, y) missed. Each text is new, written for this test."""

from __future__ import annotations

from critique_helpers import of, run

from assistant.domain.rubric import Rubric

# A township report whose four problems are each answered by the plan of the same number, with one plan more.
TOWN = """中共柳溪镇委员会书记2022年度抓基层党建工作述职报告

2022年，在县委的坚强领导下，我认真履行镇党委书记抓基层党建第一责任人职责，现将有关情况报告如下：
一、主要工作及成效
（一）强化理论武装。全年主持镇党委理论学习中心组学习11次，为全镇党员讲专题党课4次。
（二）夯实村级组织。完成12个村党组织星级评定，整顿软弱涣散村党组织2个。
（三）壮大集体经济。推动9个村发展光伏和竹编产业，村集体经营性收入全部超过8万元。
（四）规范村务监督。指导各村村务监督委员会对村级工程和资金使用开展监督检查，发现并纠正问题9个。
二、上年度述职评议问题整改情况
上年度述职评议指出的“村级活动场所利用率不高”问题，已通过推行场所错时开放整改到位。
三、存在的问题
（一）流动党员管理比较松散。全镇外出务工党员136名，其中有21名全年未参加组织生活，联系主要靠电话。
（二）村干部队伍年龄偏大。12个村党组织书记中55岁以上的有7名，35岁以下的后备干部只有5名。
（三）村务监督委员会作用发挥不够。部分村务监督委员会成员不懂财务，对村级工程和资金使用监督流于形式。
（四）党建信息平台应用不充分。智慧党建平台录入的党员信息更新不及时，部分村仍用纸质台账记录组织生活。
四、原因分析
主观上我对新形势下基层党建的研究不够深入，客观上镇村干部力量不足、事务繁杂。
五、下一步打算
（一）加强流动党员管理。在务工党员集中的城市建立流动党员联络站，每季度开展一次线上组织生活。
（二）优化村干部队伍。实施村级后备干部培养计划，每村储备2名35岁以下后备干部，选派到镇机关跟班学习。
（三）发挥村务监督委员会作用。每年对村务监督委员会成员开展财务知识培训，推行村级工程和资金使用全程监督。
（四）用好智慧党建平台。每月督促各村更新党员信息，组织生活记录全部录入平台，年底前停用纸质台账。
（五）压实党建责任。完善镇党委班子成员包村联系制度，每季度听取一次村党组织书记抓党建工作汇报。
新的一年，我将以更加务实的作风，团结带领全镇党员干部，为乡村振兴提供坚强组织保证。
"""

LINES = TOWN.splitlines()
PROBLEM_3 = LINES.index(next(x for x in LINES if x.startswith("（三）村务监督"))) + 1


def test_answered_problems_one_to_one_give_no_finding(rubric: Rubric):
    assert of(run(LINES, rubric), "unanswered-problem") == []


def test_a_plan_replaced_by_work_on_another_subject_leaves_its_problem_unanswered(rubric: Rubric):
    lines = list(LINES)
    k = lines.index(next(x for x in lines if x.startswith("（三）发挥村务监督")))
    lines[k] = "（三）丰富群众文体生活。每年举办一届村民运动会和广场舞比赛，春节前组织送春联、送文艺下乡活动。"
    assert [f.line for f in of(run(lines, rubric), "unanswered-problem")] == [PROBLEM_3]


def test_a_further_problem_added_inside_an_item_is_judged_on_its_own(rubric: Rubric):
    lines = list(LINES)
    lines[PROBLEM_3 - 1] += "此外，离退休老党员的组织生活参与率偏低，行动不便的老党员长期难以参加集中学习。"
    assert [f.line for f in of(run(lines, rubric), "unanswered-problem")] == [PROBLEM_3]


# --- mixed-level: the unit naming itself at another level ------------------------------------------------

VILLAGE = """东坪村党支部书记2021年度抓基层党建工作述职报告

2021年，在镇党委的领导下，我认真履行村党支部书记抓党建第一责任人职责，现将有关情况报告如下：
一、主要工作及成效
（一）抓学习教育。组织全村43名党员开展党史学习教育，集中学习10次，讲党课3次。
（二）抓产业发展。带领党员种植高山茶120亩，村集体收入达到11万元。
二、上年度问题整改情况
上年度述职评议指出我村存在“党员活动室利用率低”的问题，已通过每周固定开放两天整改到位。
三、存在的问题
一是党员学习方式较为单一，以读文件为主。二是年轻党员少，35岁以下党员仅有4名。
四、原因分析
主观上我对党建工作谋划不够，客观上年轻人外出务工多。
五、下一步打算
一是推行“田间课堂”，把学习搬到茶园和合作社。二是每年培养2名青年入党积极分子。
我将团结带领村“两委”班子，为乡村振兴贡献力量。
"""


def test_a_village_calling_itself_the_township(rubric: Rubric):
    lines = VILLAGE.splitlines()
    k = next(i for i, x in enumerate(lines) if "指出我村存在" in x)
    assert of(run(lines, rubric), "mixed-level") == []
    lines[k] = lines[k].replace("指出我村存在", "指出我镇存在")
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [k + 1]


def test_a_county_secretary_naming_his_own_standing_committee_at_the_citys_level(rubric: Rubric):
    lines = TOWN.replace("中共柳溪镇委员会书记", "中共柳溪县委书记").replace("镇党委书记", "县委书记").splitlines()
    k = next(i for i, x in enumerate(lines) if x.startswith("（一）强化理论武装"))
    lines[k] = "（一）强化理论武装。全年主持召开县委常委会会议专题研究党建工作5次。"
    assert of(run(lines, rubric), "mixed-level") == []
    lines[k] = "（一）强化理论武装。全年主持召开市委常委会会议专题研究党建工作5次。"
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [k + 1]
    # the superior's standing committee, named for what it decided, is the city's and stays legal
    lines[k] = "（一）强化理论武装。认真传达学习市委常委会会议精神，全年主持召开县委常委会会议5次。"
    assert of(run(lines, rubric), "mixed-level") == []


def test_a_company_that_is_no_group_calling_itself_a_group(rubric: Rubric):
    lines = VILLAGE.replace("东坪村党支部书记", "青禾农业科技有限公司党支部书记").splitlines()
    k = next(i for i, x in enumerate(lines) if x.startswith("（二）抓产业发展"))
    lines[k] = "（二）抓生产经营。开展党员先锋岗活动，公司全年实现销售收入1.2亿元。"
    assert of(run(lines, rubric), "mixed-level") == []
    lines[k] = "（二）抓生产经营。开展党员先锋岗活动，集团全年实现销售收入1.2亿元。"
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [k + 1]


def test_a_school_setting_up_posts_across_the_district(rubric: Rubric):
    lines = VILLAGE.replace("东坪村党支部书记", "南湖镇中心小学党支部书记").splitlines()
    k = next(i for i, x in enumerate(lines) if x.startswith("（一）抓学习教育"))
    lines[k] = "（一）抓示范引领。在全区设立党员示范岗12个，党员教师担任班主任的占六成。"
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [k + 1]


# --- part-order: paragraphs moved across a heading ----------------------------------------------------------

COMBINED = """青山县农业农村局机关党支部书记2020年度抓基层党建工作述职报告

2020年，在县直机关工委的领导下，我认真履行机关党支部书记抓党建第一责任人职责，现将有关情况报告如下：
一、主要工作及成效
（一）抓政治学习。组织支部党员集中学习14次，开展“农技大讲堂”党课4次。
（二）抓服务基层。组织党员技术员下乡指导春耕备耕，服务农户1300余户。
二、上年度问题整改情况
上年度指出的“支部活动与业务结合不紧”问题，已通过推行“党建+农技服务”整改到位。
三、存在的问题及原因
（一）存在的问题。一是支部组织生活质量不够高。二是对年轻党员的培养不够系统。
（二）原因分析。究其原因，主观上我对支部建设的思考不深，抓落实的韧劲不足；客观上业务工作季节性强、任务重。
四、下一步打算
一是每季度开展一次主题鲜明的组织生活。二是为每名年轻党员确定一名联系领导。
我将以更加扎实的作风，推动机关党建和农业农村工作再上新台阶。
"""


def test_a_causes_paragraph_moved_above_its_combined_heading(rubric: Rubric):
    lines = COMBINED.splitlines()
    assert of(run(lines, rubric), "part-order") == []
    k = next(i for i, x in enumerate(lines) if x.startswith("（二）原因分析"))
    h = next(i for i, x in enumerate(lines) if x.startswith("三、存在的问题及原因"))
    moved = lines[:h] + [lines[k]] + lines[h:k] + lines[k + 1:]
    assert of(run(moved, rubric), "part-order")


def test_an_opening_moved_after_the_achievements(rubric: Rubric):
    lines = COMBINED.splitlines()
    moved = lines[:2] + lines[3:6] + [lines[2]] + lines[6:]
    res = run(moved, rubric)
    assert [f.line for f in of(res, "part-order")] == [6]
    assert not [f for f in of(res, "missing-part") if f.part == "opening"]


def test_a_higher_level_number_after_a_sub_item_is_numbering_not_a_second_part(rubric: Rubric):
    lines = COMBINED.splitlines()
    k = next(i for i, x in enumerate(lines) if x.startswith("四、下一步打算"))
    lines[k + 1:k + 2] = ["（一）每季度开展一次主题鲜明的组织生活，由支委轮流策划。",
                          "（二）为每名年轻党员确定一名联系领导，每半年谈心一次。",
                          "三、推行党员积分管理，积分结果与评先评优挂钩。"]
    res = run(lines, rubric)
    assert of(res, "part-order") == []
    assert [f.line for f in of(res, "numbering")] == [k + 4]


def test_the_assignment_pairs_problems_and_plans_for_the_highest_total():
    import numpy as np

    from assistant.domain.checks.answer_model import assign

    # greedy would give problem 0 plan 0 (0.9) and leave problem 1 with plan 1 (0.1); the best total pairs 0-1, 1-0
    sim = np.array([[0.9, 0.8], [0.85, 0.1]])
    assert assign(sim) == {0: 1, 1: 0}
    # more problems than plans: the one left over gets none
    assert assign(np.array([[0.9], [0.2], [0.5]])) == {0: 0}



HOSPITAL = """石桥县中西医结合医院党委书记2022年度抓基层党建工作述职报告

2022年，在县卫健局党委的领导下，我认真履行党建第一责任人职责，现将有关情况报告如下：
一、主要工作
（一）抓理论学习。全年主持党委理论学习中心组学习10次，为全院党员讲党课3次。
（二）抓支部建设。完成4个党支部换届，评选党员示范岗6个。
二、存在的问题
（一）党建与业务融合不够紧密，部分科室支部活动与医疗工作结合不紧。
（二）青年医务人员中发展党员偏少。
三、下一步打算
（一）推行“支部+科室”共建，每个支部确定1项医疗质量改进项目。
（二）每年从青年业务骨干中培养入党积极分子5名以上。
我将以更加务实的作风履行职责，为医院高质量发展提供坚强保证。
"""


def test_a_unit_naming_itself_by_its_own_name_at_a_higher_level(rubric: Rubric):
    lines = HOSPITAL.splitlines()
    k = next(i for i, x in enumerate(lines) if x.startswith("（二）抓支部建设"))
    assert of(run(lines, rubric), "mixed-level") == []
    lines[k] = "（二）抓支部建设。与市中西医结合医院结成党建联盟，市中西医结合医院专家每月来院坐诊2次。"
    assert of(run(lines, rubric), "mixed-level") == []  # the higher hospital of the same name, a partner
    lines[k] = "（二）抓支部建设。修订市中西医结合医院党建工作制度汇编，新增制度6项。"
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [k + 1]
