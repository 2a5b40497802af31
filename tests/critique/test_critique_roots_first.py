"""part-order, the roots written above the problems they explain under a combined heading (存在的问题及原因): a
whole causes paragraph (反思这些问题，… / 分析原因，…) first and the problem items after it. A lead that announces its
list (究其原因，主要有以下几点：) is followed by its own items, the causes, and is in order. Each text is new."""

from __future__ import annotations

import pytest
from critique_helpers import of, run

from assistant.domain.rubric import Rubric

HEAD = [
    "城西街道党工委书记2024年度抓基层党建工作述职报告", "",
    "2024年，我认真履行街道党工委书记抓基层党建第一责任人职责，现将有关情况报告如下。",
    "一、主要工作",
    "（一）抓班子。调整社区党组织书记3名，开展社区书记轮训2期。",
    "（二）抓阵地。新建小区党群服务站5个，全年开放服务1.2万人次。",
    "二、上年度问题整改情况",
    "针对上年度述职评议指出的“物业党建覆盖不够”问题，新组建物业企业党支部4个，已整改到位。",
    "三、存在的问题及原因",
]
ITEMS = [
    "一是小区党支部作用发挥不均衡。老旧小区活动多，新建商品房小区党员参与少。",
    "二是社区工作者队伍不稳定。两年内流失社区工作者11名，新进人员熟悉情况慢。",
    "三是党建经费使用效益偏低。部分社区服务项目重复投入。",
]
TAIL = [
    "四、下一步打算",
    "一是推行小区党支部分类指导，每季度评估一次。二是落实社区工作者薪酬体系，稳定队伍。三是建立服务项目评估机制，避免重复投入。",
    "我将以更大的决心抓好街道党建工作。",
]


@pytest.mark.parametrize("roots", [
    "回头看这些问题，主观上是我对新建小区党建谋划不深，精力更多放在项目和稳定上；客观上是街道人员编制紧，社区工作者待遇偏低。",
    "分析原因，主要在我：对新建小区党建研究不够，对社区工作者的关心留用办法不多，经费管理重拨付轻评估。客观上，辖区人口增长快，"
    "街道力量跟不上。",
])
def test_roots_above_the_problem_items_are_out_of_order(rubric: Rubric, roots: str):
    lines = HEAD + [roots] + ITEMS + TAIL
    assert [f.line for f in of(run(lines, rubric), "part-order")] == [len(HEAD) + 1]
    in_order = HEAD + ITEMS + [roots] + TAIL
    assert of(run(in_order, rubric), "part-order") == []


def test_a_lead_announcing_its_list_is_followed_by_its_causes(rubric: Rubric):
    causes = ["究其原因，主要有以下几点：",
              "一是理论学习不够深入。对新形势下城市基层党建规律研究不足。",
              "二是统筹力量不足。街道与驻区单位共建机制不完善。"]
    lines = HEAD + ITEMS + causes + TAIL
    assert of(run(lines, rubric), "part-order") == []
