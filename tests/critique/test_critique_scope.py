"""mixed-level, a scope above the unit's own: the unit and its scope come from the title; figures or work at a
higher scope given as the unit's own are reported on their line, and a superior's meeting, honour, ranking,
campaign or comparison at that scope is not (a false warning on a clean report is worse than a miss)."""

from __future__ import annotations

import pytest
from critique_helpers import of, replace, run

from assistant.domain.checks.scope import unit_scope
from assistant.domain.rubric import Rubric


@pytest.mark.parametrize(("title", "kind", "above", "not_above"), [
    ("城东镇党委书记2024年抓基层党建工作述职报告", "乡镇", ["县", "市", "省", "区"], ["镇", "乡", "村"]),
    ("青山村党总支书记2021年度抓基层党建工作述职报告", "村", ["镇", "乡", "县", "市"], ["村"]),
    ("幸福社区党委书记2025年度抓基层党建工作述职报告", "社区", ["街道", "区", "市"], ["社区"]),
    ("城南街道党工委书记2024年抓基层党建工作述职报告", "街道", ["区", "县", "市"], ["街道"]),
    ("县委书记2023年度抓基层党建工作述职报告", "县委", ["市", "省"], ["县", "镇"]),
    ("市委书记2023年度抓基层党建工作述职报告", "市委", ["省"], ["市", "县"]),
    # the organ of a CPPCC governs no area: its level's scope is above it
    ("县政协机关党支部书记2024年抓基层党建工作述职报告", "机关", ["县", "市", "省"], []),
    ("市财政局机关第二党支部书记2024年抓基层党建工作述职报告", "机关", ["省"], ["市", "县"]),
    ("江北理工大学机械工程学院党委书记2023年抓基层党建工作述职报告", "学院", ["校"], []),
    ("江北职业技术学院党委书记2023年抓基层党建工作述职报告", "学院", ["县", "市"], ["校"]),
    # no Party organisation and no secretary in the title: the unit named before the year
    ("江州市人大常委会机关2024年度抓基层党建工作述职报告", "机关", ["市", "省"], ["县"]),
    ("城关第二小学党支部书记2022年抓基层党建工作述职报告", "学校", ["县", "市"], ["校"]),
    # A hospital's own scope is 全院 whatever level runs it: its own counts at a county's scope are copied.
    ("县人民医院党委书记2024年抓基层党建工作述职报告", "医院", ["县", "市", "省"], []),
    ("高新区党工委书记2025年抓基层党建工作述职报告", "园区", ["县", "市"], ["区"]),
    # a company owns no area, even one named for its level; one without 集团 in its name is no group
    ("市城市建设投资集团有限公司党委书记2022年抓基层党建工作述职报告", "企业", ["县", "市", "省"], ["集团"]),
    ("某某集团第三分公司党委书记2022年抓基层党建工作述职报告", "企业", ["集团", "县"], []),
    ("恒远精密机械有限公司党支部书记2022年抓基层党建工作述职报告", "企业", ["集团", "区"], []),
])
def test_unit_and_scope_from_the_title(title: str, kind: str, above: list[str], not_above: list[str]) -> None:
    unit = unit_scope(title)
    assert unit is not None and unit.kind == kind
    assert all(unit.above(s) for s in above) and not any(unit.above(s) for s in not_above)


def test_no_unit_in_the_title() -> None:
    assert unit_scope("党支部书记2023年抓基层党建工作述职报告") is None
    body = "我镇共有党员800名。我镇坚持……我镇党委……"
    unit = unit_scope("党支部书记2023年抓基层党建工作述职报告", body)
    assert unit is not None and unit.kind == "乡镇"
    assert unit_scope("党支部书记2023年抓基层党建工作述职报告", "我镇……我村……") is None  # not clear


TOWN = "城东镇党委"
COLLEGE = "江北理工大学机械工程学院党委"
COMMUNITY = "幸福社区党委"
OFFICE = "县财政局机关党支部"
COUNTY = "县委"
VILLAGE = "青山村党总支"
BRANCH = "某某集团第三分公司党委"
GROUP = "某某集团公司党委"
SCHOOL = "城关第二小学党支部"
ORGAN = "市人大常委会机关党支部"
HOSPITAL = "县中医院党委"
POLYTECHNIC = "江北职业技术学院党委"

# (unit named in the title, sentence appended to this year's work, reported)
CASES: list[tuple[str, str, bool]] = [
    # copied from a higher unit: its figures or work given as the unit's own
    (TOWN, "全县16个行政村党组织全部完成换届。", True),
    (TOWN, "我带领全县党员干部投身乡村振兴一线。", True),
    (TOWN, "全县共有党员3200余名，其中农村党员1800名。", True),
    (COLLEGE, "全校14个党支部全部达到标准化建设要求。", True),
    (COLLEGE, "我团结带领全校师生凝心聚力抓发展。", True),
    (COLLEGE, "全校发展预备党员21名，其中研究生9名。", True),
    # a school's own people after the scope word: the meeting named later is not what the scope goes with
    (SCHOOL, "会后我及时为全县师生宣讲大会精神，组织专题研讨2次。", True),
    (SCHOOL, "学校合唱团参加全县师生文艺汇演获一等奖。", False),  # whose members: 发展 with a kind of member
    (COLLEGE, "学院主动融入全校发展大局。", False),
    (COMMUNITY, "全市38个社区全部建立网格党支部。", True),
    (COMMUNITY, "全街道12个小区实现党组织全覆盖。", True),
    (OFFICE, "全省126个县市区财政部门完成党建共建。", True),
    (COUNTY, "全市12个县区全部建立党建联席会议制度。", True),
    (VILLAGE, "全镇21个村全部完成党群服务中心改造。", True),
    (BRANCH, "全集团126个基层党支部全部完成换届。", True),
    (SCHOOL, "全县中小学共有教师党员860名。", True),
    # its own scope
    (TOWN, "全镇16个行政村党组织全部完成换届。", False),
    (COLLEGE, "全院6个党支部全部达到标准化建设要求。", False),
    (COMMUNITY, "全社区1200户居民实现网格化服务全覆盖。", False),
    (OFFICE, "全县16个乡镇财政所全部建立党员示范岗。", False),
    (COUNTY, "全县326个行政村全部完成换届。", False),
    (VILLAGE, "全村46名党员全部参加集中学习。", False),
    (BRANCH, "全公司12个党支部全部完成换届。", False),
    (GROUP, "承担全县12个安置小区建设任务，全集团126个党支部全部完成换届。", False),
    # a superior's meeting, honour, ranking, campaign or comparison at the higher scope
    (TOWN, "我认真贯彻落实全县组织工作会议精神。", False),
    (TOWN, "镇党委被评为全市先进基层党组织。", False),
    (TOWN, "我镇“党建+网格”经验在全省推广。", False),
    (TOWN, "基层党建考核位列全县第一。", False),
    (TOWN, "全县基层党建工作现场会在我镇召开。", False),
    (TOWN, "按照全市统一部署，开展党员冬训。", False),
    (TOWN, "在全县23个乡镇中率先完成村级换届。", False),
    (TOWN, "全县23个乡镇中我镇第一个完成村级换届。", False),
    (TOWN, "我镇党员人数占全县的12%。", False),
    (TOWN, "全县共评选出10个示范村，我镇占3个。", False),
    (TOWN, "县委组织部统筹全县16个行政村开展结对共建。", False),
    (TOWN, "组织党员参加全县党员冬训。", False),
    (TOWN, "为全县经济社会发展作出应有贡献。", False),
    (TOWN, "全县上下一心抓党建，健全县乡村三级联动机制。", False),
    (COLLEGE, "学院党委被评为全校先进基层党组织。", False),
    (COLLEGE, "在全校党建工作会议上作交流发言。", False),
    (COLLEGE, "全校党建工作考核中学院位列第一。", False),
    (COMMUNITY, "全市社区党建观摩会在我社区召开，社区获评全市五星级社区。", False),
    (OFFICE, "在全省财政系统考核中位列第三。", False),
    (COUNTY, "在全市考核中排名第一，全省12个县区来我县交流。", False),
    (SCHOOL, "辐射带动全县12所农村学校开展结对帮扶。", False),
    # issue 9: a higher scope stated as the unit's own result or work, with no count and no Party noun
    (TOWN, "全县全年未发生一起较大安全事故。", True),
    (ORGAN, "全市会议经费较上年压减两成。", True),
    (HOSPITAL, "全县门诊预约诊疗比例明显提高。", True),
    (COMMUNITY, "为全区困难老人送餐1200余份。", True),
    (GROUP, "在全县推行党员安全责任区制度。", True),
    (COUNTY, "主持召开全省乡村振兴推进会1次。", True),
    (COUNTY, "全市选派驻村第一书记86名。", True),
    # …and the same scope as context: standing, contribution, a superior's meeting, the area as a whole
    (TOWN, "镇党建品牌在全市叫得响。", False),
    (TOWN, "为全县高质量发展贡献乡镇力量。", False),
    (COUNTY, "参加全省乡村振兴推进会并作交流发言。", False),
    (HOSPITAL, "医院党建工作位居全市同级医院前列。", False),
    (ORGAN, "围绕全市中心工作开展协商议政。", False),
    # the unit's own members or organisations counted at a higher scope, or under its superior's name
    (OFFICE, "全县15名党员中，有的同志学习劲头不足。", True),
    (GROUP, "同全省9个基层党支部书记签署从严治党承诺书。", True),
    (BRANCH, "年底集团党员总数达到58名。", True),
    (TOWN, "全县18个乡镇中，我镇率先完成换届。", False),
    # the unit leading its members alongside its committee; acting across the higher area; a college on its own
    (VILLAGE, "团结带领村“两委”班子和全镇156名党员开展集中学习。", True),
    (VILLAGE, "村“两委”班子与全镇156名党员一道参加冬训。", False),
    (COMMUNITY, "在全区摸排流动人口2300余人次。", True),
    (COMMUNITY, "党员志愿者累计服务全街道居民8600人次。", True),
    (COMMUNITY, "社区党委主动服务全街道发展大局。", False),
    (POLYTECHNIC, "全市18个教师党支部书记全部由“双带头人”担任。", True),
    (POLYTECHNIC, "全院18个教师党支部书记全部由“双带头人”担任。", False),
    # one school holding most of a county's or city's figure
    (SCHOOL, "党员教师送教下乡课时占全县送教课时的七成。", True),
    (SCHOOL, "“四点半课堂”覆盖全市88%的小学生。", True),
    (SCHOOL, "我校学生数占全县的15%。", False),
    (TOWN, "与全县12个乡镇党委交流经验。", False),
    (BRANCH, "参加集团党员培训班2期。", False),
]


@pytest.mark.parametrize(("unit", "text", "reported"), CASES, ids=[f"{c[0]}:{c[1][:14]}" for c in CASES])
def test_scope_above_the_units_own(clean_lines: list[str], rubric: Rubric, unit: str, text: str,
                                   reported: bool) -> None:
    lines = replace(clean_lines, 1, "县政协机关党支部", unit)
    lines = replace(lines, 6, "全部规范整理归档。", "全部规范整理归档。" + text)
    found = of(run(lines, rubric), "mixed-level")
    assert [f.line for f in found] == ([6] if reported else []), [(f.line, f.message) for f in found]
    if reported:
        f = found[0]
        assert f.severity == "warning" and ("全" in f.evidence or "集团" in f.evidence)
        assert "范围" in f.message and f.suggestion


def test_evidence_is_the_scope_phrase(clean_lines: list[str], rubric: Rubric) -> None:
    lines = replace(clean_lines, 1, "县政协机关党支部", TOWN)
    lines = replace(lines, 6, "全部规范整理归档。", "全部规范整理归档。全县16个行政村党组织全部完成换届。")
    (f,) = of(run(lines, rubric), "mixed-level")
    assert "全县16个" in f.evidence and "全镇" in f.message


@pytest.mark.parametrize(("text", "reported"), [
    ("全市全年完成工程投资46亿元，同比增长9%。", True),
    ("承担全市46个重点项目建设任务，党员突击队攻坚在前。", False),
])
def test_a_company_at_an_administrative_scope(clean_lines: list[str], rubric: Rubric, text: str,
                                              reported: bool) -> None:
    lines = replace(clean_lines, 1, "县政协机关党支部", "江阳市城市建设投资集团有限公司党委")
    lines = replace(lines, 6, "全部规范整理归档。", "全部规范整理归档。" + text)
    assert [f.line for f in of(run(lines, rubric), "mixed-level")] == ([6] if reported else [])


@pytest.mark.parametrize(("opening", "kind", "above"), [
    ("2023年，在镇党委的领导下，我作为柳塘村党支部书记，认真履行职责。", "村", ["镇", "县"]),
    ("2022年，在集团党委的正确领导下，我认真履行分厂党总支书记抓党建职责。", "企业", ["集团", "县"]),
    ("2024年，在区委的领导下，我认真履行云谷科技园党工委书记职责。", "园区", ["区", "市"]),
])
def test_unit_from_the_opening_when_the_title_names_none(opening: str, kind: str, above: list[str]) -> None:
    unit = unit_scope("", opening + "\n一、主要工作")
    assert unit is not None and unit.kind == kind and all(unit.above(s) for s in above)


def test_a_title_naming_the_organisation_and_the_writers_post_at_another_level(clean_lines: list[str],
                                                                               rubric: Rubric) -> None:
    lines = ["江源县人大常委会机关党支部", "2024年抓基层党建工作述职报告", *clean_lines[1:]]
    lines = replace(lines, 4, "我认真履行", "我作为市人大常委会机关党支部书记，认真履行")
    found = of(run(lines, rubric), "mixed-level")
    assert [f.line for f in found] == [4] and "身份" in found[0].message
    same = replace(lines, 4, "我作为市人大", "我作为县人大")
    assert of(run(same, rubric), "mixed-level") == []


@pytest.mark.parametrize(("text", "reported"), [
    ("我包联的枫林乡推进党建引领产业发展，全乡新建茶园3000亩。", False),  # the place named before it
    ("全县党员教育培训覆盖率位居全市前列。", False),
    ("全乡新建茶园3000亩。", True),
])
def test_a_lower_scope_in_a_county_report(clean_lines: list[str], rubric: Rubric, text: str, reported: bool) -> None:
    lines = replace(clean_lines, 1, "县政协机关党支部", COUNTY)
    lines = [t.replace("在县委和县政协党组的坚强领导下", "在市委的坚强领导下") for t in lines]
    lines = replace(lines, 6, "全部规范整理归档。", "全部规范整理归档。全县党员积极参与。" + text)
    assert bool([f for f in of(run(lines, rubric), "mixed-level") if f.line == 6]) == reported
