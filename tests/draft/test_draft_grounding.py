"""Grounding and assembly: figures by value in any numerals, names and honours, numbering by level."""

from __future__ import annotations

import pytest

from assistant.domain.models import Role
from assistant.domain.profile import UnitProfile
from assistant.services.drafting.assemble import assemble, fix_punct, normalise_part
from assistant.services.drafting.grounding import facts_of, find_figures, ground
from assistant.services.drafting.models import DraftPart

PROFILE = UnitProfile(
    unit_name="某某公司党支部", unit_kind="国有企业", year=2024,
    work_items=[{"text": "全年开展主题党日12次，党员参学率94.4%，3月召开组织生活会", "figures": ["12次"]},
                {"text": "发展党员3名，支部被评为先进基层党组织，投入经费1.5万元"}],
    rectifications=[{"feedback": "学习不够", "action": "建立制度"}, {"feedback": "融合不紧", "action": "建立机制"}],
)
FACTS = facts_of(PROFILE)


@pytest.mark.parametrize("text", [
    "开展主题党日十二次", "开展主题党日12次", "参学率达到百分之九十四点四", "参学率94.4%", "发展党员三名",
    "投入15000元", "投入一万五千元", "2024年3月", "2025年将继续", "2023年反馈的两个问题",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”", "学习二十届三中全会精神和党的二十大精神",
    "落实“三会一课”和“一岗双责”", "一是抓学习，二是抓队伍", "建设一个坚强的支部", "统一思想，深入一线",
    "支部被评为先进基层党组织", "向地方党委书记汇报", "群众获得感显著增强", "获得了上级的肯定",
])
def test_grounded_text_is_left_alone(text: str) -> None:
    g = ground(text, FACTS)
    assert g.text == text and g.replaced == []


@pytest.mark.parametrize(("text", "slot", "gone"), [
    ("召开支委会35次", "【待补充：次数】", "35次"),
    ("召开支委会三十五次", "【待补充：次数】", "三十五次"),
    ("覆盖率达到96%", "【待补充：百分比】", "96%"),
    ("覆盖率达到百分之九十六", "【待补充：百分比】", "百分之九十六"),
    ("5月举办培训", "【待补充：月份】", "5月"),  # 5 is no figure of the profile
    ("3名同志", None, None),  # 3名 is given
    ("2019年以来", "【待补充：年份】", "2019年"),
    ("投入2万元", "【待补充：金额】", "2万元"),
    ("张建国同志带头", "【待补充：姓名】", "张建国"),
    ("由李明书记带队", "【待补充：姓名】", "李明"),
    ("荣获“全国文明单位”称号", "【待补充：荣誉名称】", "全国文明单位"),
])
def test_ungrounded_figures_names_honours_become_slots(text: str, slot: str | None, gone: str | None) -> None:
    g = ground(text, FACTS)
    if slot is None:
        assert g.text == text
        return
    assert slot in g.text and gone not in g.text
    assert g.replaced and g.replaced[0].original.strip("“”") == gone


def test_dates_and_counts_are_different_kinds() -> None:
    # 3 is in the profile as a count (3名) and as a month (3月); 12 only as a count
    assert ground("12月召开", FACTS).replaced
    assert not ground("3月召开", FACTS).replaced


def test_markers_are_not_figures() -> None:
    text = "（1）完成换届\n1.召开会议\n（十二）其他"
    assert ground(text, FACTS).text == text


def test_find_figures_reads_both_numerals() -> None:
    vals = [(f.value, f.percent) for f in find_figures("开展十二次，参学率百分之九十四点四，投入1.5万元")]
    assert vals == [(12.0, False), (94.4, True), (15000.0, False)]


def test_normalise_renumbers_every_level_and_drops_heading_echo() -> None:
    raw = ("```\n## 三、存在的问题\n**一、学习不够**\n具体表现在：一是学得不深，三是用得不够。\n"
           "2. 第一个子项\n4. 第二个子项\n三、另一个问题,需要改进\n（三）它的子项\n```")
    out = normalise_part(raw, Role.problems, "存在的问题", numbered=True).split("\n")
    assert out == ["（一）学习不够", "具体表现在：一是学得不深，二是用得不够。", "（1）第一个子项", "（2）第二个子项",
                   "（二）另一个问题，需要改进", "1.它的子项"]


def test_a_repeated_title_is_dropped() -> None:
    out = normalise_part("《某公司党支部书记2024年抓基层党建工作述职报告》\n2024年，我认真履职。", Role.opening, None,
                         numbered=False)
    assert out == "2024年，我认真履职。"


def test_items_written_as_yishi_paragraphs_become_items() -> None:
    out = normalise_part("一是学习不深。\n三是联系群众不够。", Role.problems, None, numbered=True)
    assert out.split("\n") == ["（一）学习不深。", "（二）联系群众不够。"]


def test_fix_punct() -> None:
    assert fix_punct('我们要增强"四个意识",做到"两个维护"!') == "我们要增强“四个意识”，做到“两个维护”！"
    assert fix_punct("版本 v1.2, see A:B") == "版本 v1.2, see A:B"


def test_assemble_numbers_headings_in_order() -> None:
    parts = [DraftPart(role=Role.opening, text="开头。"),
             DraftPart(role=Role.achievements, heading="主要工作", text="（一）甲"),
             DraftPart(role=Role.problems, heading="存在问题", text="（一）乙"),
             DraftPart(role=Role.closing, text="结尾。")]
    text, md, roles = assemble("标题", parts)
    assert text.splitlines() == ["标题", "开头。", "一、主要工作", "（一）甲", "二、存在问题", "（一）乙", "结尾。"]
    assert roles == [Role.title, Role.opening, Role.achievements, Role.achievements, Role.problems, Role.problems,
                     Role.closing]
    assert "## 二、存在问题" in md
