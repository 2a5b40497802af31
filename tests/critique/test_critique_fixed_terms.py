"""Fixed terms written one character off (checks/fixed_terms.py): reported as formulation errors; ordinary
phrases one character away from a term stay silent. New text, written for this test."""

from __future__ import annotations

import pytest

from assistant.domain.checks.fixed_terms import near_misses

WRONG = [
    ("组织党员逐章学习《中国共产党纪律处理条例》。", "中国共产党纪律处分条例"),
    ("不断提高政治判断力、政治领会力、政治执行力。", "政治判断力、政治领悟力、政治执行力"),
    ("建立群众“急难盼愁”问题台账，逐项销号。", "急难愁盼"),
    ("严格落实“五个不摘”要求，防止规模性返贫。", "四个不摘"),
    ("推行党组织和管理层“双向进入、交叉兼职”。", "双向进入、交叉任职"),
    # the two middle characters swapped: no two neighbours of the term are left (the pre-filter missed it)
    ("每月开展主党题日活动，组织党员过政治生日。", "主题党日"),
    # a short term standing in quotes: its last character is as fixed as the others there
    ("班子会议坚持“第一议案”，先学习后研究。", "第一议题"),
    ("机关党员全部到居住地社区“双报道”。", "双报到"),  # what is right in those quotes
    # one word of a term written as a confusable one
    ("始终把立德树人基本任务落到课堂上。", "立德树人根本任务"),
    ("对2个软弱松散村党组织实行挂牌整顿。", "软弱涣散"),
    ("全年排查整顿软弱散漫党组织3个。", "软弱涣散"),
    # a policy list written as the documents have it, one word changed
    ("坚持控制总量、优化结构、提升质量、发挥作用的总要求，全年发展党员9名。", "控制总量、优化结构、提高质量、发挥作用"),
    # a fixed pair whose halves open alike, its second half's words changed
    ("推动全县机关党建全面进步、全面加强。", "全面进步、全面过硬"),
    # one slogan of a list of four with its words after the first character changed
    ("组织党员开展“学党史、悟真理、办实事、开新局”主题活动。", "学党史、悟思想、办实事、开新局"),
    # a word of a term written as its confusable (群众/人民; one kind of the Party's building for another)
    ("持续开展我为人民办实事实践活动，为群众解决难题21件。", "我为群众办实事"),
    ("始终把党的组织建设摆在首位，班子带头学习。", "把党的政治建设摆在首位"),
]
RIGHT = [
    "培养致富带头人12名，签订党风廉政建设责任书36份。",
    "团支部开展主题团日活动，推动党建带团建。",
    "牢记“三个务必”，不断提高政治判断力、政治领悟力、政治执行力。",
    "落实“四个不摘”要求，解决群众急难愁盼问题。",
    # an inline item marker before a word one character away from a term (四下基层 / 四是基层…)
    "一是强班子，二是抓队伍，三是强服务，四是基层治理更加有效。",
    # quoted names of the same family as a term, and ordinary phrases one word away from a new term
    "评选“党员示范户”20户、“党员先锋号”3个。",
    "公司完善“三会一层”议事规则，由社区“两委”委员兼任网格长。",
    "针对党员学习教育形式单一的问题，推行“街道吹哨、部门报到”。",
    "落实“第一议题”制度，坚持“三会一课”。",
    "构建教学、科研、服务“三位一体”的育人格局。",
    # a two-half term marked as a family (以案为鉴、以案促改 beside 以案说法、以案促改)
    "开展以案说法、以案促改警示教育3场。",
    "坚持以人民为中心的发展思想，密切联系群众。",
    "全面加强党的政治建设、思想建设、组织建设、作风建设、纪律建设。",
    "推行乡镇领导包村、干部包组“三级联包”，年底前全部销号。",
]


@pytest.mark.parametrize(("text", "term"), WRONG)
def test_a_term_one_character_off_is_found(text: str, term: str) -> None:
    hits = near_misses(text)
    assert [t.right for _, _, t in hits] == [term]


@pytest.mark.parametrize("text", RIGHT)
def test_ordinary_phrases_near_a_term_stay_silent(text: str) -> None:
    assert near_misses(text) == []
