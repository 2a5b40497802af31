"""Fixed terms written one character off (checks/fixed_terms.py): reported as formulation errors; ordinary
phrases one character away from a term stay silent. New text, written for this test."""

from __future__ import annotations

import pytest

from assistant.domain.checks.fixed_terms import near_misses

WRONG = [
    ("组织党员逐章学习《中国共产党纪律处理条例》。", "中国共产党纪律处分条例"),
    ("不断提高政治判断力、政治领会力、政治执行力。", "政治领悟力"),
    ("建立群众“急难盼愁”问题台账，逐项销号。", "急难愁盼"),
    ("严格落实“五个不摘”要求，防止规模性返贫。", "四个不摘"),
    ("推行党组织和管理层“双向进入、交叉兼职”。", "双向进入、交叉任职"),
    # the two middle characters swapped: no two neighbours of the term are left (the pre-filter missed it)
    ("每月开展主党题日活动，组织党员过政治生日。", "主题党日"),
]
RIGHT = [
    "培养致富带头人12名，签订党风廉政建设责任书36份。",
    "团支部开展主题团日活动，推动党建带团建。",
    "牢记“三个务必”，不断提高政治判断力、政治领悟力、政治执行力。",
    "落实“四个不摘”要求，解决群众急难愁盼问题。",
    # an inline item marker before a word one character away from a term (四下基层 / 四是基层…)
    "一是强班子，二是抓队伍，三是强服务，四是基层治理更加有效。",
]


@pytest.mark.parametrize(("text", "term"), WRONG)
def test_a_term_one_character_off_is_found(text: str, term: str) -> None:
    hits = near_misses(text)
    assert [t.right for _, _, t in hits] == [term]


@pytest.mark.parametrize("text", RIGHT)
def test_ordinary_phrases_near_a_term_stay_silent(text: str) -> None:
    assert near_misses(text) == []
