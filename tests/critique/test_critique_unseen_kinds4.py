"""The critique on forms of the eleventh fresh set's kinds (issue 9): a pledge moved above the plans or the problems
is the closing out of place (part-order), not a missing closing; last year's feedback answered inside the
achievements (an item of its own, or one sentence naming the feedback before the year) is the rectification. Each
text is new."""

from __future__ import annotations

from critique_helpers import of, run

from assistant.domain.parse import parse_text
from assistant.domain.rubric import Rubric

WATER = [
    "河口县水利局党组书记2023年度抓基层党建工作述职报告", "",
    "2023年，在县委的坚强领导下，我认真履行全面从严治党主体责任和党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作及成效",
    "（一）夯实理论根基。全年组织党组中心组学习14次，开展“水利讲堂”6期，局属3个支部全部完成书记讲党课。",
    "（二）建强支部堡垒。对照“五星支部”标准开展创建，水库管理所支部被评为县级示范支部，新发展党员2名。",
    "（三）推进问题整改。对县委组织部反馈的上一年度“支部活动与防汛业务脱节”问题，我们把主题党日搬到堤坝一线，该问题已整改到位。",
    "二、存在的问题",
    "（一）学用结合不够紧密，学习成果转化为治水成效还不明显。",
    "（二）基层站所党员老化，35岁以下党员仅占12%，后备力量不足。",
    "三、原因分析",
    "主观上，我对党建工作研究不深，有时重工程进度、轻党员教育；客观上，站所分散、人员流动大。",
    "四、下一步打算",
    "（一）开展“学思践悟”专题研讨，每季度形成1份调研成果。",
    "（二）把青年技术骨干作为发展党员重点，年内培养入党积极分子4名。",
    "2024年，我们将以更高标准抓好机关和基层站所党建，不负县委的信任和全县群众的期待。",
]
PLEDGE = len(WATER)  # the last line


def _moved(lines: list[str], before: int) -> list[str]:
    """The pledge (the last line) moved above 1-based line `before`."""
    body = lines[:-1]
    return body[:before - 1] + [lines[-1]] + body[before - 1:]


def test_a_pledge_moved_above_the_plans_or_the_problems_is_part_order_not_missing(rubric: Rubric):
    assert of(run(WATER, rubric), "part-order") == [] and of(run(WATER, rubric), "missing-part") == []
    for heading in ("四、下一步打算", "二、存在的问题"):
        moved = _moved(WATER, WATER.index(heading) + 1)
        res = run(moved, rubric)
        assert [f.part for f in of(res, "missing-part")] == [], heading
        assert [f.line for f in of(res, "part-order")] == [WATER.index(heading) + 1], heading


def test_a_plans_lead_announcing_its_items_is_no_pledge(rubric: Rubric):
    lead = WATER[:13] + ["2024年，我将从以下两个方面抓好整改。"] + WATER[13:]
    assert of(run(lead, rubric), "part-order") == []


def test_a_rectification_item_inside_the_achievements_is_the_rectification(rubric: Rubric):
    doc = parse_text("\n".join(WATER) + "\n", "water.txt")
    roles = [(s.role.value, s.start_line) for s in doc.reports[0].sections]
    assert ("rectification", 7) in roles
    assert of(run(WATER, rubric), "missing-part") == []


def test_one_sentence_naming_the_feedback_before_the_year_is_the_rectification(rubric: Rubric):
    item = "（二）建强支部堡垒。对照“五星支部”标准开展创建，新发展党员2名。针对上级反馈的去年“党员教育管理偏松”问题，建立积分管理台账，已整改到位。"
    lines = WATER[:5] + [item] + WATER[7:]
    assert of(run(lines, rubric), "missing-part") == []
    assert [f.part for f in of(run(WATER[:5] + [WATER[5]] + WATER[7:], rubric), "missing-part")] == ["rectification"]


COUNTY = [
    "石桥县委组织部部长2022年度抓基层党建工作述职报告", "",
    "2022年，我认真履行抓基层党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作",
    "（一）全县整顿提升后进党组织9个，全县村党组织书记全部完成轮训。",
    "（二）全县新发展党员312名，其中35岁以下的占61%，高于全市平均水平。",
    "（三）落实县级领导联系乡镇制度，全县乡镇党委书记每季度向县委汇报一次。",
    "（四）全县村级集体经济收入均达8万元以上，与全市相比增幅靠前。",
]


def test_a_comparison_with_the_higher_unit_or_a_body_named_by_level_is_no_self_reference(rubric: Rubric):
    assert of(run(COUNTY, rubric), "mixed-level") == []
    city = [COUNTY[0].replace("石桥县委", "石桥市委")] + [t.replace("全县", "全市") for t in COUNTY[1:]]
    city[6] = "（三）实行市级领导包联县区、县级领导包联乡镇制度，全市乡镇党委书记每季度向所在县委汇报一次。"
    city[5] = city[5].replace("高于全市平均水平", "高于全省平均水平")
    assert of(run(city, rubric), "mixed-level") == []


def test_the_unit_naming_itself_at_another_level_is_still_mixed_level(rubric: Rubric):
    lines = COUNTY[:5] + ["（二）全市新发展党员312名，其中35岁以下的占61%。"] + COUNTY[6:]
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [6]


def test_a_short_formulation_with_its_inner_word_changed():
    from assistant.domain.checks.fixed_terms import near_misses

    for wrong in ("班子成员坚决做到“两个守护”，对党忠诚。", "全年排查软弱松散村党组织3个。", "深刻领悟“两个树立”的决定性意义。"):
        assert near_misses(wrong), wrong
    for right in ("班子成员坚决做到“两个维护”。", "整顿软弱涣散村党组织3个。", "实行两个独立核算单元。"):
        assert not near_misses(right), right


def test_an_opening_ending_on_a_request_for_review_is_no_closing(rubric: Rubric):
    opening = "2023年，在县委的坚强领导下，我认真履行党建第一责任人职责，现将一年来的工作向各位简要汇报，敬请评议。"
    lines = WATER[:2] + [opening] + WATER[3:-1]  # the pledge deleted
    res = run(lines, rubric)
    assert of(res, "part-order") == []
    assert [f.part for f in of(res, "missing-part")] == ["closing"]


def test_a_problems_block_moved_above_themed_achievements_is_part_order(rubric: Rubric):
    lines = [
        "青山镇党委书记2021年度抓基层党建工作述职报告", "",
        "2021年，我认真履行抓基层党建第一责任人职责，现将有关情况报告如下。",
        "三、存在的问题",
        "一是对村级后备力量培养抓得不够实，部分村缺少年轻骨干；二是党建引领产业发展的办法还不多。",
        "一、筑牢思想根基，让党员队伍“强”起来",
        "全年举办党员冬训班3期，培训党员960人次，建成新时代文明实践站12个。",
        "二、建强村级班子，让战斗堡垒“硬”起来",
        "完成村“两委”换届，12个村书记主任“一肩挑”，储备村级后备干部36名。",
        "四、下一步打算",
        "一是实施“青苗工程”，每村培养后备干部3名以上；二是推广“支部+合作社”模式，年内新建合作社4个。",
        "2022年，我将以更高标准抓好党建，不辜负组织和群众的信任。",
    ]
    res = run(lines, rubric)
    assert [f.line for f in of(res, "part-order")] == [4]
    assert "achievements" not in [f.part for f in of(res, "missing-part")]  # (no rectification, no causes here)


def test_a_goal_reached_together_with_the_higher_area_is_no_self_reference(rubric: Rubric):
    # (fourteenth fresh set's kind, new text) a township's plans keeping pace with the province
    lines = COUNTY[:4] + ["（一）巩固拓展脱贫成果，确保与全省同步实现农村人居环境整治目标。"] + COUNTY[5:]
    town = [lines[0].replace("石桥县委组织部部长", "青石镇党委书记")] + [t.replace("全县", "全镇") for t in lines[1:]]
    town[6] = "（三）落实镇领导联系村制度。"
    assert of(run(town, rubric), "mixed-level") == []
    town[4] = "（一）全省新建党群服务中心6个，与上年相比翻了一番。"
    assert [f.line for f in of(run(town, rubric), "mixed-level")] == [5]
