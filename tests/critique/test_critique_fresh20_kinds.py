"""The kinds the fresh set cd (2026-12-03) failed on at first contact, each on new text: a deeper list's first
item written at a level above its parent (3. then （一） then （2）) is one finding, not two; a bureau organising
the county's Party members for a study of some 精神; a community's coverage 在全街道; an author line with two
posts and an ideographic space."""

from __future__ import annotations

from critique_helpers import of, replace, run

from assistant.domain.parse import parse_text
from assistant.domain.rubric import Rubric

OFFICE = [
    "县统计局党组书记2021年度抓基层党建工作述职报告", "",
    "2021年，在县委和县直机关工委的领导下，我认真履行第一责任人职责，现将有关情况报告如下。",
    "一、主要工作",
    "1. 抓学习。全年中心组学习12次。",
    "2. 抓支部。局机关2个党支部按期换届。",
    "3. 抓融合。主要做了三件事：",
    "（1）开展统计执法党员先锋行动，查处案件6起。",
    "（2）组织党员到企业开展统计服务32次。",
    "（3）推行“党员统计服务卡”，联系企业120家。",
    "4. 抓作风。开展廉政谈话18人次。",
    "二、上年度问题整改情况",
    "针对上年度述职评议指出的“支部活动形式单一”问题，推行“主题党日+业务讲堂”，已整改到位。",
    "三、存在的问题",
    "一是党员教育针对性不强，学习与统计业务结合不紧。二是支部书记抓党建的精力不够集中。",
    "四、原因分析",
    "主要是我对机关党建的研究不深，抓业务多、抓党建少。",
    "五、下一步打算",
    "一是推行“学习+统计业务”双课堂，每季度一次。二是建立支部书记抓党建月报制度，逐月调度。",
    "我将以更加务实的作风抓好机关党建。",
]


def test_a_deeper_lists_first_item_written_above_its_parent_is_one_finding(rubric: Rubric):
    assert of(run(OFFICE, rubric), "numbering") == []
    lines = replace(OFFICE, 8, "（1）开展", "（一）开展")
    assert [f.line for f in of(run(lines, rubric), "numbering")] == [8]


def test_a_bureau_organising_the_countys_members_for_a_study(rubric: Rubric):
    assert of(run(OFFICE, rubric), "mixed-level") == []
    lines = replace(OFFICE, 5, "全年中心组学习12次。", "全年中心组学习12次，组织全县党员学习六中全会精神。")
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [5]
    lines = replace(OFFICE, 5, "全年中心组学习12次。", "全年中心组学习12次，组织机关党员参加全县十九届六中全会精神宣讲会。")
    assert of(run(lines, rubric), "mixed-level") == []


def test_a_community_covering_the_street(rubric: Rubric):
    lines = [line.replace("县统计局党组", "东风街道向阳社区党委") for line in OFFICE]
    lines = replace(lines, 6, "局机关2个党支部按期换届。", "新建网格党支部6个，实现党的组织在全街道全覆盖。")
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [6]
    lines = replace(lines, 6, "在全街道全覆盖", "在辖区全覆盖")
    assert of(run(lines, rubric), "mixed-level") == []


def test_an_author_line_with_two_posts_and_an_ideographic_space(rubric: Rubric):
    lines = OFFICE[:1] + ["市总工会党组书记、常务副主席　陈思远"] + OFFICE[1:]
    doc = parse_text("\n".join(lines), "author.txt")
    roles = {s.role.value: s.start_line for s in doc.reports[0].sections}
    assert roles["opening"] == 4  # the author line (2) is no part
    assert all(not (s.start_line <= 2 <= s.end_line) for s in doc.reports[0].sections if s.role.value != "title")


def test_a_bureau_giving_the_countys_cadres_and_workers_as_its_own(rubric: Rubric):
    # the kind of cb's first contact: 全县干部职工 are the county's, not a county bureau's; its system's are its own
    lines = replace(OFFICE, 9, "组织党员到企业开展统计服务32次", "全县干部职工到企业开展统计服务32次")
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [9]
    lines = replace(OFFICE, 9, "组织党员到企业开展统计服务32次", "全县统计系统干部职工到企业开展统计服务32次")
    assert of(run(lines, rubric), "mixed-level") == []


def test_next_years_plans_aiming_at_a_change_dated_the_reports_year(rubric: Rubric):
    lines = replace(OFFICE, 19, "逐月调度。", "逐月调度，推动2021年统计差错率明显下降。")
    assert [f.line for f in of(run(lines, rubric), "stale-year-target")] == [19]
    lines = replace(OFFICE, 19, "逐月调度。", "逐月调度，推动统计差错率较2021年明显下降。")
    assert of(run(lines, rubric), "stale-year-target") == []


THEMED = [
    "红旗镇党委书记2019年度抓基层党建工作述职报告", "",
    "2019年，在县委的坚强领导下，我认真履行镇党委书记抓基层党建第一责任人职责，现将有关情况报告如下。",
    "一、铸魂赋能，让理论学习“热”起来",
    "我带头开展“不忘初心、牢记使命”主题教育，全镇组织专题学习46场次，党员轮训覆盖率100%。",
    "二、固本强基，让支部堡垒“硬”起来",
    "整顿软弱涣散村党组织2个，新建村级党群服务中心3个，发展党员15名。",
    "三、聚力发展，让集体经济“壮”起来",
    "推行“支部+合作社”模式，12个村集体经济收入全部超过5万元。",
    "四、上年度问题整改情况",
    "针对上年度述职评议指出的“村级后备力量不足”问题，建立后备干部库，储备35岁以下后备干部24名，已整改到位。",
    "五、存在的问题",
    "一是对村党组织书记的培训针对性不强。二是党员教育方式比较单一，流动党员管理存在盲区。",
    "六、原因分析",
    "主要是我对新形势下农村党建研究不深，抓具体、抓深入不够。",
    "七、2020年工作打算",
    "一是分类开展村党组织书记培训，每半年一期。二是建立流动党员微信群，推行线上学习。",
    "2020年，我将以更加务实的作风抓好全镇党建工作。",
]


def test_a_themed_block_of_the_work_moved_below_the_rectification_is_out_of_order(rubric: Rubric):
    assert of(run(THEMED, rubric), "part-order") == []
    moved = THEMED[:7] + THEMED[9:11] + THEMED[7:9] + THEMED[11:]  # 三、 and its paragraph below 四、
    assert of(run(moved, rubric), "part-order")
    # an item written at the wrong level (（二） then 三、 under 五、) is numbering's, the part goes on
    slip = THEMED[:12] + ["（一）对村党组织书记的培训针对性不强。", "（二）党员教育方式比较单一。",
                          "三、流动党员管理存在盲区。"] + THEMED[13:]
    assert of(run(slip, rubric), "part-order") == [] and of(run(slip, rubric), "numbering")


def test_a_town_setting_up_posts_across_the_county(rubric: Rubric):
    # the kind of ce–cf–cg's first contact: 在全县设置/新建… is the town acting across the county, not its standing
    lines = replace(THEMED, 7, "新建村级党群服务中心3个", "在全县新建党员先锋驿站9个")
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [7]
    lines = replace(lines, 7, "在全县新建党员先锋驿站9个", "在全镇新建党员先锋驿站9个")
    assert of(run(lines, rubric), "mixed-level") == []


def test_an_objective_cause_after_the_roots_in_a_problem_item_is_no_further_problem(rubric: Rubric):
    problems = ("一是对村党组织书记的培训针对性不强，流动党员管理存在盲区，教育方式比较单一。究其原因，主要是我对新形势下农村党建"
                "研究不深；同时，全镇外出务工人员多、居住分散，也给党员集中教育带来不少困难。")
    lines = replace(THEMED, 13, THEMED[12], problems)
    lines = replace(lines, 17, THEMED[16], "一是分类开展村党组织书记培训，建立流动党员微信群，推行线上学习和“送学上门”。")
    assert [f for f in of(run(lines, rubric), "unanswered-problem") if "困难" in f.message] == []
