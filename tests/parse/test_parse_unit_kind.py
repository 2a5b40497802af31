"""A report's unit kind: the unit its title names decides over places the body mentions."""

import pytest

from assistant.domain.parse import parse_text
from assistant.domain.unit_kind import infer_unit_kind, title_unit_kinds


def kind(title: str, body: str) -> str | None:
    return infer_unit_kind(parse_text(f"{title}\n\n{body}\n", "t.txt").reports[0])


BODY = (
    "2024年，在开发区非公企业和社会组织党委的领导下，我认真履行第一责任人职责，现将有关情况报告如下。\n"
    "在组织建设方面，组织党员集中学习10次，发展党员1名，围绕企业生产经营开展党员技术攻关2项。\n"
    "在共建方面，与市第三中学、县人民医院党支部结对共建，吸纳职业学院学生实习12名，其中学生党员3名。"
)


def test_a_company_in_the_title_is_an_enterprise_whatever_school_the_body_names():
    assert kind("江南精工科技有限公司党支部书记2024年抓基层党建工作述职报告", BODY) == "非公企业"


def test_within_the_enterprise_family_generic_business_words_do_not_decide():
    body = BODY.replace("非公企业和社会组织党委", "区委组织部")
    # 生产经营 is said by every company; nothing else tells state-owned from private here.
    assert kind("江南精工科技有限公司党支部书记2024年抓基层党建工作述职报告", body) is None
    assert kind("市交通投资集团有限公司党委书记2024年抓基层党建工作述职报告", body) == "国有企业"


@pytest.mark.parametrize(("title", "kinds"), [
    ("市财政局机关第三党支部书记2024年抓基层党建工作述职报告", ("党政机关",)),
    ("县实验中学党总支书记2023年抓基层党建工作述职报告", ("学校",)),
    ("省医科大学附属医院内科党支部书记2023年抓基层党建工作述职报告", ("医院",)),
    ("红旗镇杨柳村党支部书记2022年抓基层党建工作述职报告", ("村",)),
    ("江南精工科技有限公司党支部书记2024年抓基层党建工作述职报告", ("国有企业", "非公企业")),
    ("党支部书记2023年抓基层党建工作述职报告", ()),
])
def test_the_last_kind_word_of_the_unit_the_title_names(title, kinds):
    assert title_unit_kinds(title) == kinds


def test_collective_study_is_not_a_school():
    """集中学习 holds 中学 but speaks of no school."""
    body = "2024年，在镇党委的领导下，我认真履行第一责任人职责。组织党员集中学习12次，集中学习研讨4次。"
    assert kind("党支部书记2024年抓基层党建工作述职报告", body) is None
