"""critique --previous, the kinds the year-on-year checks were fixed for (docs/critique.md "Last year's report"), in
sentences written for these tests (not from the evaluation units):
  - several problems in one paragraph (一是…二是…): findings say which item of the line they mean;
  - a rectification item that answers one of last year's problems lends its words to no other problem;
  - a sentence about the feedback as a whole answers nothing;
  - reworded repeats that share no word with last year's problem but a general synonym of the genre.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.rubric import Rubric
from assistant.services.critique import CritiqueResult, critique_text
from assistant.services.critique.previous import load_previous
from assistant.settings import Settings

_LAST = """白沙街道机关党支部书记2023年度抓基层党建工作述职报告
2023年，我认真履行抓党建第一责任人职责，现报告如下。
一、履行职责情况
（一）抓理论学习。全年组织集中学习12次，开展专题研讨3次。
（二）抓支部建设。按期召开支部党员大会和支委会，开展主题党日12次。
二、存在的问题
对照要求，还有以下不足：一是政治理论学习不够深入，学习方式以读原文为主；二是党建与审批业务“两张皮”，党建对审批服务的带动不够；三是机关作风有松懈现象，审批办事效率不高；四是对退休党员的管理服务不够经常，联系走访少。
三、下一步打算
（一）改进学习方式，推行研讨式学习。
（二）开展“党建+窗口”活动。
"""

_THIS = """白沙街道机关党支部书记2024年度抓基层党建工作述职报告
2024年，我认真履行抓党建第一责任人职责，现报告如下。
一、履行职责情况
（一）抓理论学习。全年组织集中学习13次，开展专题研讨4次。
（二）抓支部建设。按期召开支部党员大会和支委会，开展主题党日12次。
二、上年度问题整改情况
对2023年度述职评议指出的4个问题，我逐条制定措施，推动整改。
每月确定一名党员领学，会后人人发言谈体会，全年形成研讨材料20篇。
推行首问负责、限时办结，审批服务对象满意率达到98%。
三、存在的问题
对照要求，还有以下差距：一是机关作风有松懈现象，审批办事效率不高；二是老同志照顾得不够，逢年过节上门看望的次数少；三是新录用干部对街道情况不熟，上手慢。
四、下一步打算
（一）开展作风建设专项整治。
（二）建立老同志联系制度。
"""


@pytest.fixture(scope="module")
def street(rubric: Rubric, tmp_path_factory: pytest.TempPathFactory) -> CritiqueResult:
    p: Path = tmp_path_factory.mktemp("yoy") / "last.txt"
    p.write_text(_LAST, encoding="utf-8")
    return critique_text(_THIS, name="this.txt", rubric=rubric, previous=load_previous(p, None))


def test_problems_sharing_a_paragraph_are_told_apart_by_item(street: CritiqueResult) -> None:
    """This year's 一是 repeats last year's 三是 word for word, its 二是 last year's 四是 in other words (老同志 for
    退休党员, 看望 for 走访); 三是 is new. Each finding names the item of the line it means."""
    found = sorted((f.line, f.item, f.previous_line, f.previous_item)
                   for f in street.findings if f.check == "repeated-problem")
    assert found == [(11, 1, 7, 3), (11, 2, 7, 4)]


def test_an_item_that_answers_one_problem_lends_its_words_to_no_other(street: CritiqueResult) -> None:
    """首问负责、限时办结 answers 作风 (three) in other words; it shares 审批服务 with 两张皮 (two), which is not
    rectified, nor is 退休党员 (four). The opening line about the four problems answers none of them."""
    assert sorted(f.previous_item for f in street.findings if f.check == "unrectified") == [2, 4]


@pytest.mark.parametrize(("last", "this"), [
    # the same shortcoming, no topic word in common before the vocabulary was widened
    ("（五）本人深入村组调研不够，到村里蹲点的时间少。",
     "（三）我本人沉下去的次数不多，了解情况多靠听汇报。"),
    ("（二）带领群众发展产业的路子不宽，种养规模小。",
     "（四）村民致富门路少，合作社还没有办起来。"),
    ("（三）村务公开不够及时，惠民资金使用情况公示滞后。",
     "（一）“明白账”还没有让群众明白，账目张贴不及时。"),
])
def test_reworded_repeats_through_general_synonyms(rubric: Rubric, last: str, this: str) -> None:
    from assistant.domain.checks import shortcoming
    from assistant.services.critique.previous import thresholds

    mw = thresholds(None).match
    a, b = shortcoming.signature(this, mw), shortcoming.signature(last, mw)
    assert shortcoming.topic_agreement(a, b, mw) >= 0.5
    assert shortcoming.score(a, b, 0.0, mw) >= Settings().previous_repeat_threshold
