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
    # the roots placed in the writer (根子在我, 病根还是出在班子) with no 于
    for roots in ("复盘这些不足，病根还是出在班子：对党建工作的谋划不够长远，客观上村里年轻人外出务工多。",
                  "查找这些问题的源头，根子在我：对年轻党员的培养重视不够，统筹谋划不够长远。"):
        lines = COMPACT.replace("反思这些问题，根子在于我对党建工作的谋划不够长远，客观上村里年轻人外出务工多。", roots)
        assert not [f for f in of(run(lines.splitlines(), rubric), "missing-part") if f.part == "causes"], roots


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


def _report(body: list[str], year: int = 2023, unit: str = "城北社区党委") -> list[str]:
    return [f"{unit}书记{year}年抓基层党建工作述职报告", "",
            f"{year}年，在街道党工委的领导下，我认真履行第一责任人职责，现将有关情况报告如下：", *body]


BODY = [
    "一、主要工作",
    "（一）抓学习。全年组织集中学习12次。",
    "（二）抓队伍。发展党员3名，培养入党积极分子6名。",
    "（三）抓阵地。建成党群服务站2个。",
    "（四）抓服务。组织党员志愿服务80余人次。",
    "（五）抓作风。开展廉政谈话15人次。",
    "二、上年度问题整改情况",
    "针对上年度述职评议指出的“党员活动形式单一”问题，推行“楼栋微党课”，已整改到位。",
    "三、存在的问题",
    "一是对网格党支部的指导不够经常。二是青年党员的作用发挥不够充分。",
    "四、原因分析",
    "主观上我对网格党建研究不深，客观上社区工作人员少、任务重。",
    "五、下一步打算",
    "一是建立网格党支部书记例会制度，每月研究一次网格党建工作。二是设立青年党员先锋岗，组织青年党员认领服务项目。",
    "我将以此次述职为新的起点，为建设幸福社区提供坚强保证。",
]


def test_an_item_at_the_wrong_level_is_one_numbering_finding(rubric: Rubric):
    lines = _report(BODY)
    lines[7] = lines[7].replace("（四）", "四、")
    assert [f.line for f in of(run(lines, rubric), "numbering")] == [8]
    # 二、 among the first part's items: right after 一、 in the top sequence, yet 二、 comes again below and （三）
    # goes on after it, so it is the one slip
    lines = _report(BODY)
    lines[5] = lines[5].replace("（二）", "二、")
    assert [f.line for f in of(run(lines, rubric), "numbering")] == [6]


def test_anniversaries_are_computed_and_next_years_may_be_greeted(rubric: Rubric):
    lines = _report(BODY, year=2018)
    lines[6] = lines[6].replace("建成党群服务站2个。", "结合纪念改革开放30周年，建成党群服务站2个。")
    assert [f.line for f in of(run(lines, rubric), "dated-expression")] == [7]
    lines = _report(BODY, year=2018)
    lines[-2] = lines[-2] + "三是以迎接新中国成立70周年为契机，开展“我和我的祖国”主题党日。"
    assert of(run(lines, rubric), "dated-expression") == []
    # a sentence naming its year speaks of that year, even in the closing, which also looks ahead to the next
    for year, found in ((2019, True), (2018, False)):
        lines = _report(BODY, year=2018)
        lines[-1] = f"{year}年恰逢建军91周年，我将带领班子继续努力。"
        assert [f.line for f in of(run(lines, rubric), "dated-expression")] == ([len(lines)] if found else [])


def test_a_plan_phase_as_an_aim_must_fit_the_year(rubric: Rubric):
    lines = _report(BODY, year=2025)
    lines[-2] = lines[-2] + "三是以高质量党建为“十四五”开好局、起好步。"
    assert [f.line for f in of(run(lines, rubric), "dated-expression")] == [len(lines) - 1]


def test_the_writer_naming_another_level_of_post(rubric: Rubric):
    lines = _report(BODY, unit="清河县委")
    lines[2] = lines[2].replace("我认真履行第一责任人职责", "我认真履行市委书记抓基层党建第一责任人职责")
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == [3]
    # a park's secretary taking up a county secretary's post, and a county's own
    for unit, post, found in (("滨江经济开发区党工委", "县委书记", True), ("清河县委", "县委书记", False)):
        lines = _report(BODY, unit=unit)
        lines[2] = lines[2].replace("我认真履行第一责任人职责", f"我认真履行{post}抓基层党建第一责任人职责")
        assert [f.line for f in of(run(lines, rubric), "mixed-level")] == ([3] if found else [])


def test_a_report_without_title_or_opening_takes_its_year_from_the_body(rubric: Rubric):
    lines = _report(BODY, year=2024)[3:]  # no title, no opening
    lines[1] = lines[1].replace("全年组织", "2024年组织")
    lines[2] = lines[2] + "2024年新建党员活动室1个。"
    lines[-2] = lines[-2] + "三是确保全面完成2024年各项目标任务。"
    assert [f.line for f in of(run(lines, rubric), "stale-year-target")] == [len(lines) - 1]


def test_a_report_naming_only_next_years_work_takes_the_year_before(rubric: Rubric):
    # no title, no opening, no year in this year's work: the plans (四、2025年工作思路 / 2025年，我将…) are next year's
    for old, new in (("五、下一步打算", "五、2025年工作思路"), ("我将以此次述职", "2025年，我将以此次述职")):
        lines = [line.replace(old, new) for line in _report(BODY, year=2024)[3:]]
        lines[-1] = lines[-1] + "确保全面完成2024年各项目标任务。"
        assert [f.line for f in of(run(lines, rubric), "stale-year-target")] == [len(lines)]


def test_listed_plenary_sessions_are_each_dated(rubric: Rubric):
    lines = _report(BODY, year=2020)
    lines[4] = lines[4].replace("全年组织集中学习12次。", "全年组织集中学习12次，深入学习十九届五中、六中全会精神。")
    assert [f.line for f in of(run(lines, rubric), "dated-expression")] == [5]


def test_this_years_time_in_next_years_measures(rubric: Rubric):
    for plan in ("三是我带头在2023年每月至少讲一次微党课。", "三是把网格党建成效纳入2023年度考核。"):
        lines = _report(BODY, year=2023)
        lines[-2] = lines[-2] + plan
        assert [f.line for f in of(run(lines, rubric), "stale-year-target")] == [len(lines) - 1], plan


def test_a_causes_paragraph_after_another_stays_causes(rubric: Rubric):
    lines = _report(BODY)
    at = lines.index("主观上我对网格党建研究不深，客观上社区工作人员少、任务重。")
    lines[at:at + 1] = ["究其原因，主要是我对网格党建研究不深，谋划不够长远。",
                        "深层次看，还是抓党建的责任意识有待加强，对党员队伍建设的投入还不够。"]
    res = run(lines, rubric)
    assert of(res, "part-order") == [] and of(res, "unanswered-problem") == []


def test_next_years_congress_named_as_coming_is_no_dated_expression(rubric: Rubric):
    lines = _report(BODY, year=2021)
    lines[-1] = "2022年将召开党的二十大，我将以更加饱满的精神状态履职尽责，为建设幸福社区提供坚强保证。"
    assert of(run(lines, rubric), "dated-expression") == []
