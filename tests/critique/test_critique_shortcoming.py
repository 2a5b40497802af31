"""The same-shortcoming matcher (domain/checks/shortcoming.py) behind repeated-problem and unrectified: the kinds of
pair it must tell apart, in sentences written for these tests (not from the evaluation units)."""

from __future__ import annotations

from pathlib import Path

import pytest
from critique_helpers import DATA

from assistant.domain.checks import shortcoming
from assistant.domain.checks.previous import Compare
from assistant.domain.rubric import Rubric
from assistant.services.critique import critique_text
from assistant.services.critique.previous import load_previous
from assistant.settings import Settings

YOY = DATA / "yoy"


@pytest.fixture(scope="module")
def cmp(rubric: Rubric) -> Compare:
    from assistant.domain.checks.base import Ctx
    from assistant.domain.parse import parse_file
    from assistant.services.critique.previous import thresholds

    docs = [parse_file(YOY / "village_2024.txt"), parse_file(YOY / "village_2023.txt")]
    a, b = (Ctx(report=d.reports[0], raw=d.raw_lines, clean=d.lines, rubric=rubric) for d in docs)
    return Compare(a, b, thresholds(None).match)


@pytest.mark.parametrize(("last", "this"), [
    # the same shortcoming in other words: topic and aspect agree, few words are shared
    ("（二）党员发展偏重机关岗位。近两年发展的党员多在管理岗位，一线职工中发展对象比例偏低。",
     "（三）车间工人入党的路子还不畅。一线骨干写了入党申请的不少，但确定为发展对象的仍以机关人员为主，结构不够合理。"),
    ("（一）党建工作与经营工作结合不紧。有的支部就党建抓党建，活动与生产任务脱节。",
     "（二）党建和中心工作仍是“两条线”。支部开展活动多是自己搞一套，对完成经营指标帮助不大。"),
    ("（四）支部书记抓党建的本领还不强。多数书记由业务负责人兼任，对党务知识掌握不够。",
     "（一）党务力量还比较单薄。各支部书记都是“一肩挑”，日常精力放在业务上，党内规章学得不深不透，能力跟不上。"),
])
def test_same_shortcoming_in_other_words(cmp: Compare, last: str, this: str) -> None:
    assert cmp.same_problem(this, last) >= Settings().previous_repeat_threshold


@pytest.mark.parametrize(("last", "this"), [
    # the same topic, another aspect: another problem
    ("（一）党员教育方式比较单一。集中学习多是念文件，对年轻党员吸引力不强。",
     "（三）党员教育覆盖还有盲区。退休党员和驻外党员很少参加集中学习，教育存在死角。"),
    ("（二）支部书记队伍能力不强。部分书记对党建业务不熟悉，抓工作办法不多。",
     "（四）支部书记队伍不够稳定。近两年书记更换频繁，支部工作缺乏连续性。"),
    ("（三）组织生活参与度不高。倒班党员难以参加，到课率偏低。",
     "（二）组织生活质量有待提高。有的主题党日流于形式，讨论走过场，效果不好。"),
    # shared words, another topic (the body's 集体收入 names the other's topic): the topics' cosine takes half of
    # the topic part (previous_match_topic_best 0.5), so one shared word of the body does not make them one
    ("（一）村集体经济收入偏低。经营性收入主要靠资源发包，自我造血能力弱。",
     "（二）村务公开不够及时。集体收入和支出有时不能按月公开，群众有疑问。"),
])
def test_same_topic_other_aspect_or_other_topic(cmp: Compare, last: str, this: str) -> None:
    assert cmp.same_problem(this, last) < Settings().previous_repeat_threshold


def test_signature_weighs_the_problems_own_statement() -> None:
    sig = shortcoming.signature("（二）意识形态工作抓得不够细。对网络平台的管理制度不够健全。",
                                shortcoming.MatchWeights(head_weight=2.0))
    assert sig.topics["意识形态"] == 2.0  # in the first sentence
    assert sig.aspects["机制"] == 1.0     # 制度, in the body
    assert shortcoming.split_head("（三）发展党员难。一线工人入党少。") == ("发展党员难", "一线工人入党少。")


_LAST = """东风公司党委书记2023年度抓基层党建工作述职报告
2023年，我认真履行抓党建第一责任人职责，现报告如下。
一、履行职责情况
（一）抓班子建设。全年召开党委会研究党建工作6次，班子成员落实一岗双责。
（二）抓支部建设。各支部按期开展三会一课，发展党员3名。
二、存在的问题
（一）支部书记抓党建的本领还不强。多数书记由车间主任兼任，对党务知识掌握不够。
（二）党员教育方式比较单一。集中学习多是念文件，对青年党员吸引力不强。
（三）党建品牌特色不够鲜明。各支部品牌同质化，叫得响的不多。
三、下一步打算
（一）举办支部书记培训班，提升党务工作能力。
（二）丰富学习方式，推行现场教学。
"""

_THIS = """东风公司党委书记2024年度抓基层党建工作述职报告
2024年，我认真履行抓党建第一责任人职责，现报告如下。
一、履行职责情况
（一）抓班子建设。全年召开党委会研究党建工作8次，班子成员落实一岗双责。
（二）抓支部建设。各支部按期开展三会一课，发展党员4名。
二、上年度问题整改情况
（一）关于支部书记抓党建本领不强的问题。分两期轮训支部书记12人，组织党务知识测试，平均分提高到88分。
（二）改进学习载体。把学习课堂搬到生产现场，开展现场教学5次，青年党员讲微党课10期，大家参与的热情明显提高。
三、存在的问题
（一）党员发展向一线倾斜不够。近两年发展的党员多在机关管理岗位，一线工人入党比例偏低。
（二）意识形态工作抓得不够细。对员工微信群的管理不够规范。
四、下一步打算
（一）注重在一线工人中发展党员，每年至少发展2名。
（二）建立微信群管理制度，明确管理责任人。
"""


def test_rectification_in_other_words_answers_and_a_heading_is_not_borrowed(tmp_path: Path, rubric: Rubric) -> None:
    """Item (二) answers 学习方式单一 in other words (载体, 现场教学): answered. 品牌特色 is taken up nowhere. Item (一)
    names the 本领 problem in its heading and is that problem's answer alone."""
    p = tmp_path / "last.txt"
    p.write_text(_LAST, encoding="utf-8")
    res = critique_text(_THIS, name="this.txt", rubric=rubric, previous=load_previous(p, None))
    assert sorted(f.previous_line for f in res.findings if f.check == "unrectified") == [9]
    assert not [f for f in res.findings if f.check == "repeated-problem"]  # both problems of 2024 are new


_THIS_IN_ORDER = _THIS.replace("（二）改进学习载体。把学习课堂搬到生产现场，开展现场教学5次，青年党员讲微党课10期，大家参与的热情明显提高。",
                               "（二）把课堂搬到车间班组，每月请老师傅讲一次身边事，年轻人自己选题目、自己上台。\n"
                               "（三）梳理各支部的做法，每个支部确定一个服务项目，年底评出三个先进支部。")


def test_rectification_items_in_last_years_order_answer_in_other_words(tmp_path: Path, rubric: Rubric) -> None:
    """Three items for three problems, the first naming its problem, the others in words of their own: item k
    answers problem k (checks/previous.py _in_order), nothing is unrectified."""
    p = tmp_path / "last.txt"
    p.write_text(_LAST, encoding="utf-8")
    res = critique_text(_THIS_IN_ORDER, name="this.txt", rubric=rubric, previous=load_previous(p, None))
    assert not [f.previous_line for f in res.findings if f.check == "unrectified"]
