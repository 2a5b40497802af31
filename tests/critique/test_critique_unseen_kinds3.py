"""The critique on forms of the tenth fresh set's kinds (issue 9): a causes lead's items not taken as problems, a
unit naming itself at another level, numbered slogans miscounted, a plan dated the report's own year. Each text
is new."""

from __future__ import annotations

from critique_helpers import of, run

from assistant.domain.checks.scope import above_scope_hits, unit_scope
from assistant.domain.checks.self_names import self_name_hits
from assistant.domain.rubric import Rubric

PARK = "滨江高新区党工委书记2023年度抓基层党建工作述职报告"
REPORT = [
    PARK, "",
    "2023年，在市委的坚强领导下，我认真履行党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作",
    "（一）抓组织覆盖。新建非公企业党组织6个，园区现有党组织48个、党员720名。",
    "（二）抓阵地建设。建成企业党群服务驿站5个，为8名老党员颁发“光荣在党50年”纪念章。",
    "二、存在的问题",
    "一是部分小微企业党组织活动不经常，党员作用发挥不明显。",
    "二是党务工作者多为兼职，业务能力不强。",
    "进一步剖析问题背后的根源，主要有以下几点：",
    "一是本人对新经济组织党建规律研究不透，工作思路不够宽。",
    "二是对企业出资人的思想引导方法不多，沟通不经常。",
    "三、2024年工作打算",
    "一是开展小微企业党组织“活动月”，每月指导一次组织生活。",
    "二是分批轮训党务工作者，建立兼职党务工作者补贴制度。",
    "我将以更高标准履职尽责，为园区高质量发展提供坚强组织保证。",
]


def test_the_items_a_causes_lead_announces_are_no_unanswered_problems(rubric: Rubric):
    assert of(run(REPORT, rubric), "unanswered-problem") == []


def test_the_writer_naming_his_post_or_unit_at_another_level():
    park = unit_scope(PARK)
    assert self_name_hits("一年来，我作为市委书记，带头落实党建责任。", park)
    assert not self_name_hits("我作为高新区党工委书记，带头讲党课。", park)
    assert self_name_hits("我区现有党组织48个。我市共有非公企业党组织48个、党员720名。", park)
    assert not self_name_hits("我市召开的非公党建推进会上，园区作交流发言。", park)
    office = unit_scope("某县政协机关党支部书记2022年度抓基层党建工作述职报告")
    assert self_name_hits("我们市政协机关坚持每月开展集中学习。", office)
    assert not self_name_hits("我们认真学习市政协常委会会议精神。", office)
    assert self_name_hits("二是学习不够深入，市政协机关支部有时以会代学。", office)
    assert not self_name_hits("组织党员到市政协机关交流学习。", office)
    assert not self_name_hits("市政协机关被评为全省文明单位。", office)  # the higher office's honour
    city = unit_scope("某市政协机关党委书记2021年度抓基层党建工作述职报告")
    assert self_name_hits("今年县政协机关被评为市级文明单位。", city)  # its own honour, at a lower level
    assert self_name_hits("一年来，作为县委书记，我坚持把党建抓在手上。", park)
    town = unit_scope("青石镇党委书记2022年度抓基层党建工作述职报告")
    assert self_name_hits("本人作为县委书记，认真履行第一责任人职责。", town)
    assert not self_name_hits("我作为镇党委书记，认真履行第一责任人职责。", town)


def test_a_hospital_s_own_figures_at_the_system_s_scope():
    hospital = unit_scope("县第二人民医院党总支书记2024年度抓基层党建工作述职报告")
    assert above_scope_hits("全系统共有党支部4个、党员63名。", hospital)
    assert not above_scope_hits("在全系统党建工作考核中位列第三。", hospital)


def test_numbered_slogans_with_a_changed_count_or_word(rubric: Rubric):
    for wrong in ("实现党的组织和党的工作“三个覆盖”", "为6名老党员颁发“光荣在党40年”纪念章", "巩固“两不愁四保障”成果",
                  "坚定道路自信、理论自信、制度自信、文明自信", "落实“四级书记抓乡村振兴”要求"):
        lines = list(REPORT)
        lines[5] = f"（二）抓阵地建设。建成企业党群服务驿站5个，{wrong}。"
        assert [f.line for f in of(run(lines, rubric), "formulation")] == [6], wrong
    assert of(run(REPORT, rubric), "formulation") == []


def test_a_plan_producing_an_output_dated_the_report_s_own_year(rubric: Rubric):
    lines = list(REPORT)
    lines[13] = "一是梳理形成2023年小微企业党建问题清单，每月指导一次组织生活。"
    assert [f.line for f in of(run(lines, rubric), "stale-year-target")] == [14]
    assert of(run(REPORT, rubric), "stale-year-target") == []
