"""The critique on forms of the fourteenth fresh set's kinds (issue 9): in a report without part headings, the
items of a causes list its lead announces are causes, whatever their wording. Each text is new."""

from __future__ import annotations

from pathlib import Path

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


# Four problems, four plans in order; the third plan is work on another subject, so the third problem has lost
# its answer while the others pair well with theirs.
REPLACED_PLAN = [
    "河湾镇党委书记2023年度抓基层党建工作述职报告", "",
    "2023年，我认真履行抓基层党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作及成效",
    "（一）抓队伍建设。开展村干部轮训2期，培训村干部96人次。",
    "（二）抓集体经济。推动8个村发展光伏项目，村均增收5万元。",
    "二、上年度述职评议反馈问题整改情况",
    "针对去年评议指出的“村级阵地利用率不高”问题，我们推行党群服务中心错时开放，已整改到位。",
    "三、存在的问题",
    "（一）村干部队伍年龄结构偏大。全镇村党组织书记平均年龄54岁，35岁以下的村干部仅有6人，后继乏人的问题比较突出。",
    "（二）村级集体经济增收渠道窄。多数村收入依赖光伏和土地租金，经营性收入占比低，抗风险能力弱。",
    "（三）流动党员教育管理不到位。外出务工党员占全镇党员的三分之一，参加组织生活不经常，联系时断时续。",
    "（四）我本人到村督导不够经常。全年到村专题调研党建工作仅9次，对后进村的跟踪指导不够。",
    "四、原因分析",
    "主观上，我对基层党建规律研究不深，抓落实的韧劲不足；客观上，全镇村多面广，工作力量分散。",
    "五、下一步工作打算",
    "（一）实施村干部“青苗计划”，从返乡大学生、退役军人中选育年轻后备干部30名，年内35岁以下村干部达到15人。",
    "（二）拓宽集体经济增收渠道，每村培育1个经营性项目，力争经营性收入占比提高到40%。",
    "（三）深化党建品牌创建，打造“河湾红”党建品牌，年内建成党建示范点2个，以点带面提升全镇党建工作水平。",
    "（四）建立书记到村督导制度，每月至少到村调研2次，对后进村实行“一村一策”跟踪指导。",
    "我将以更加务实的作风抓好基层党建，为河湾镇乡村振兴提供坚强组织保证。",
]


def test_a_reports_one_outstanding_problem_is_reported_by_the_margin_rule(rubric: Rubric, tmp_path):
    import re

    from assistant.domain.rubric import load_rubric

    base = (Path(__file__).resolve().parents[2] / "src/assistant/data/rubric.yaml").read_text(encoding="utf-8")

    def variant(margin: str) -> Rubric:
        text = re.sub(r"^unanswered_model_threshold: .*$", "unanswered_model_threshold: 100.0", base, flags=re.M)
        text = re.sub(r"^unanswered_model_margin: .*$", f"unanswered_model_margin: {margin}", text, flags=re.M)
        path = tmp_path / f"rubric_{margin}.yaml"
        path.write_text(text, encoding="utf-8")
        return load_rubric(path)

    # the model's bar out of reach: only the margin rule can report it
    assert [f.line for f in of(run(REPLACED_PLAN, variant("4.0")), "unanswered-problem")] == [12]
    assert of(run(REPLACED_PLAN, variant("null")), "unanswered-problem") == []


def test_a_list_of_slogans_with_its_first_or_last_word_changed():
    from assistant.domain.checks.fixed_terms import near_misses

    for wrong in ("坚持学史明理、学史增信、学史崇德、学史力为。", "做到知敬畏、存戒惧、守底限。", "引导党员学纪、知纪、明纪、遵纪。"):
        assert near_misses(wrong), wrong
    for right in ("坚持学史明理、学史增信、学史崇德、学史力行。", "做到知敬畏、存戒惧、守底线。", "引导党员学纪、知纪、明纪、守纪。"):
        assert not near_misses(right), right


def test_a_template_year_left_with_letters_is_a_placeholder(rubric: Rubric):
    lines = ["河湾镇党委书记2021年度抓基层党建工作述职报告", "",
             "2021年，我认真履行第一责任人职责，现将有关情况报告如下。", "一、主要工作",
             "对照202X年度述职评议指出的问题，我们逐条整改，已全部完成。", "党员活动室配备X86电脑2台。"]
    assert [f.line for f in of(run(lines, rubric), "placeholder")] == [5]


def test_something_taken_as_a_basis_for_another_levels_secretaries_is_not_the_writers_post(rubric: Rubric):
    lines = ["中共青川市委书记2022年度抓基层党建工作述职报告", "",
             "2022年，我认真履行市委书记抓基层党建第一责任人职责，现将有关情况报告如下。", "一、主要工作",
             "（一）完善考核办法，把述职评议结果作为县委书记年度考核的重要依据。"]
    assert of(run(lines, rubric), "mixed-level") == []
    lines[4] = "（一）作为县委书记，我坚持每季度专题研究党建工作。"
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [5]


def test_a_short_counted_name_with_its_count_changed():
    from assistant.domain.checks.fixed_terms import near_misses

    for wrong in ("推动“三新”组织党建全覆盖。", "新建“四新”组织党支部5个。", "完成村“三委”班子换届。"):
        assert near_misses(wrong), wrong
    for right in ("推动“两新”组织党建全覆盖。", "创新组织方式，新建支部5个。", "完成村“两委”班子换届。", "两次组织集中学习。"):
        assert not near_misses(right), right


def test_an_ascii_mark_followed_by_a_space_before_chinese_text():
    from assistant.domain.checks.punctuation import halfwidth_hits

    marks = ',!?;:"\''
    assert [ch for _, ch in halfwidth_hits("党员参学率达到96%; 发展党员3名", marks)] == [";"]
    assert [ch for _, ch in halfwidth_hits("新建支部2个, 覆盖率100%", marks)] == [","]
    assert halfwidth_hits("见 Note: 说明，会议于 9:30 开始", marks) == []


def test_a_plan_with_a_level_to_reach_in_the_reports_own_year_is_stale(rubric: Rubric):
    from assistant.domain.checks.dated import _target_patterns

    def stale(text: str) -> bool:
        return any(p.search(text) for p in _target_patterns(2024))

    assert stale("（二）壮大集体经济。推动2024年村集体经营性收入突破80万元。")
    assert stale("二是健全服务机制;三是2024年每季度至少开展一次走访。")  # after a web copy's ASCII semicolon
    assert not stale("（二）壮大集体经济。力争村集体经营性收入比2024年增长两成，突破80万元。")
    assert not stale("（二）壮大集体经济。在2024年的基础上，推动收入突破80万元。")


# The problems' heading, then the causes as an unheaded paragraph of their own, a whole one, not a lead.
ROOTS = [
    "青松社区党委书记2023年度抓基层党建工作述职报告", "",
    "2023年，在街道党工委的领导下，我认真履行第一责任人职责，现将有关情况报告如下。",
    "一、主要工作",
    "一是抓实理论学习，全年组织集中学习12次。二是推进网格党建，划分网格党小组18个。",
    "对照去年述职评议指出的“党员志愿服务不经常”问题，我们建立志愿服务积分制度，已整改到位。",
    "二、存在的问题",
    "一是对网格党小组的指导还不够经常，个别网格活动开展不够规范，作用发挥有待加强。二是对青年党员的教育引导不够有力，参加组织生活不够经常。",
    "究其原因，主观上是我统筹谋划不够，抓落实的韧劲还有差距；客观上是社区工作力量有限。",
    "三、下步打算",
    "2024年，我将每季度到网格党小组指导一次，推动网格活动规范开展。",
    "我将以更加务实的作风抓好社区党建，为建设幸福青松提供坚强保证。",
]


def test_a_whole_causes_paragraph_above_the_problems_it_explains_is_out_of_place(rubric: Rubric):
    assert of(run(ROOTS, rubric), "part-order") == []
    moved = ROOTS[:7] + [ROOTS[8], ROOTS[7]] + ROOTS[9:]
    assert [f.line for f in of(run(moved, rubric), "part-order")] == [8]
    # a lead announcing the roots' list, with its items after it, stays where it is
    lead = ROOTS[:8] + ["究其原因，主要有以下两点：", "一是我统筹谋划不够，抓落实的韧劲还有差距。",
                        "二是社区工作力量有限，网格员多为兼职。"] + ROOTS[9:]
    assert of(run(lead, rubric), "part-order") == []


def test_a_pledge_moved_up_still_speaks_of_next_year(rubric: Rubric):
    # a 2023 report's closing naming next year's anniversary, moved above the problems: part-order, not dated
    lines = ROOTS[:6] + ["2024年是新中国成立75周年，我将以更加务实的作风抓好社区党建，为建设幸福青松提供坚强保证。"] \
        + ROOTS[6:-1]
    assert of(run(lines, rubric), "part-order")
    assert of(run(lines, rubric), "dated-expression") == []


def test_last_years_feedback_reported_rectified_is_no_problem_to_answer():
    from assistant.domain.checks.answers import _rectified

    assert _rectified("对上年度述职评议指出的“党员活动阵地不足”问题，我们新建活动室2个，已全部整改到位。")
    assert not _rectified("对上年度述职评议指出的问题，整改还不够彻底，个别问题有反弹。")
    assert not _rectified("党员教育管理方式单一，吸引力不强。")


def test_a_slogan_list_is_read_whatever_its_separators():
    from assistant.domain.checks.fixed_terms import near_misses

    assert near_misses("对照守初心、担使命、找差距、抓落地的要求。")  # 、 throughout, one word changed
    assert not near_misses("对照守初心、担使命、找差距、抓落实的要求。")
    assert near_misses("党委发挥把方向、管总局、保落实的领导作用。")
    assert not near_misses("党委发挥把方向、管大局、促落实的领导作用。")


def test_more_fixed_formulations_one_character_off():
    from assistant.domain.checks.fixed_terms import near_misses

    for wrong in ("坚持“四个区分开来”，激励干部担当。", "全面推行书记、主任“一肩扛”。",
                  "发挥把方向、管大局、作决策、促改革、抓落实作用。", "建设学习型、服务型、创造型党组织。"):
        assert near_misses(wrong), wrong
    for right in ("坚持“三个区分开来”，激励干部担当。", "全面推行书记、主任“一肩挑”。", "推行支部建在系上。"):
        assert not near_misses(right), right
