"""The critique on the real-world forms that gave false or wrong findings on reports nobody here wrote
(issue: unseen reports). Each text is new, written for this test."""

from __future__ import annotations

from critique_helpers import of, run

from assistant.domain.rubric import Rubric

COMPACT = """桃源村党支部书记2022年抓基层党建工作述职报告

2022年，在镇党委的领导下，我认真履行村党支部书记抓党建第一责任人职责，现将有关情况报告如下。
一年来，我组织党员集中学习12次，带领党员参与人居环境整治，发展村集体经济项目2个，村集体收入达到18万元。对上年度述职评议指出的“党员活动阵地利用率不高”问题，我们调整了活动室开放时间，每周开放5天，已整改到位。
工作中还存在一些不足：一是对年轻党员的培养不够，二是党员联系群众的制度落实不够经常。反思这些问题，根子在于我对党建工作的谋划不够长远，客观上村里年轻人外出务工多。
下一步，一是建立后备力量培养台账，每年确定2名青年入党积极分子；二是落实党员联系户制度，每名党员联系5户群众。
我将带领村“两委”班子，为乡村振兴提供坚强组织保证。
"""


def test_causes_folded_into_the_problems_paragraph_count(rubric: Rubric):
    res = run(COMPACT.splitlines(), rubric)
    assert not [f for f in of(res, "missing-part") if f.part in ("causes", "rectification")]
    assert not [f for f in res.findings if f.severity == "error"]


NO_OPENING = """青溪镇中心小学党支部书记2024年抓基层党建工作述职报告

一、主要工作及成效
全年组织教师党员集中学习12次，开展“党员示范课”18节，发展党员2名。
二、上年度问题整改情况
上年度述职评议指出的“支部活动形式单一”问题，已通过开展“红色研学”活动整改到位。
三、存在的问题
一是对青年教师的政治引领还不够有力。二是支部品牌建设特色不够鲜明。
四、原因分析
主观上我对支部工作的创新研究不够，客观上教学任务繁重。
五、下一步打算
一是建立青年教师“导师帮带”制度，每名党员教师联系1名青年教师。二是培育“书香支部”品牌，每学期开展读书分享会2次。
我将以更加务实的作风，为学校高质量发展提供坚强保证。
"""


def test_a_report_that_starts_at_its_first_heading_gets_a_warning_not_an_error(rubric: Rubric):
    res = run(NO_OPENING.splitlines(), rubric)
    opening = [f for f in of(res, "missing-part") if f.part == "opening"]
    assert len(opening) == 1 and opening[0].severity == "warning"
    assert not [f for f in res.findings if f.severity == "error"]


def test_a_report_without_a_title_gets_a_warning(rubric: Rubric):
    res = run(NO_OPENING.splitlines()[2:], rubric, year=2024)
    title = [f for f in of(res, "missing-part") if f.part == "title"]
    assert len(title) == 1 and title[0].severity == "warning"


def test_a_deleted_problems_part_is_missing_not_out_of_order(rubric: Rubric):
    lines = NO_OPENING.splitlines()
    without = lines[:6] + lines[8:]  # 三、存在的问题 and its paragraph gone
    res = run(without, rubric)
    assert [f.part for f in of(res, "missing-part") if f.severity == "error"] == ["problems"]
    assert not of(res, "part-order")
