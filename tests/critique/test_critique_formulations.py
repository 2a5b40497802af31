"""formulation: the common fixed formulations of Party-building writing, each with its wrong forms (a wrong number,
a changed word, a formulation swapped for another) found, and the right form and ordinary text that merely holds
the same characters left alone. Also the older forms that were right in their years (三个自信 to 2015)."""

from __future__ import annotations

import pytest
from critique_helpers import of, replace, run

from assistant.domain.checks.formulations import formulation_hits
from assistant.domain.rubric import Rubric

# (wrong sentence, the formulation's name as in formulations.yaml)
WRONG: list[tuple[str, str]] = [
    ("我认真履行抓基层党建第一负责人职责。", "第一责任人"),
    ("我认真履行抓党建首要责任人职责。", "第一责任人"),
    ("本人扛牢直接责任人职责，逐月调度支部工作。", "第一责任人"),
    ("作为村党支部书记抓党建的直接责任人，我坚持每周走访。", "第一责任人"),
    ("局党组坚持“首要议题”制度，第一时间传达学习。", "第一议题制度"),
    ("学校坚持和完善党委监督下的校长负责制。", "党委领导下的校长（院长）负责制"),
    ("扎实开展“不忘初心、继续前进”主题教育。", "不忘初心、牢记使命主题教育"),
    ("完善党委领导下的校长责任制。", "党委领导下的校长（院长）负责制（用词）"),
    ("牢固树立“四种意识”。", "四个意识"),
    ("深化运用监督执纪“五种形态”。", "四种形态"),
    ("班子成员落实“一岗两责”。", "一岗双责"),
    ("班子成员落实一岗二责。", "一岗双责"),
    ("严格落实“三会两课”制度。", "三会一课"),
    ("严格落实“二会一课”制度。", "三会一课"),
    ("深入开展“二学一做”。", "两学一做"),
    ("每月开展主体党日活动。", "主题党日"),
    ("坚持民主集中治，重大事项集体研究。", "民主集中制"),
    ("严格执行集中民主制。", "民主集中制"),
    ("推动全面从紧治党向基层延伸。", "全面从严治党"),
    ("落实全面从严治党主要责任。", "全面从严治党主体责任"),
    ("严格落实中央八条规定精神。", "中央八项规定精神"),
    ("严格落实中央九项规定。", "中央八项规定精神"),
    ("班子成员带头执行中央八项规定及其实施意见精神。", "中央八项规定及其实施细则精神"),
    ("驰而不息纠治“三风”。", "四风"),
    ("坚决做到“两个确立”。", "两个确立"),
    ("深刻领悟“两个维护”的决定性意义。", "两个维护"),
    ("充分认识“两个维护”的决定性意义。", "两个维护"),
    ("坚定“四个意识”。", "四个意识"),
    ("增强“三个意识”。", "四个意识"),
    ("坚定“五个自信”。", "四个自信"),
    ("增强“四个自信”。", "四个自信"),
    ("接受书记抓基层党建述职考核评议。", "书记抓基层党建述职评议考核"),
    ("践行“三下基层”工作制度。", "四下基层"),
    ("大力实施村党组织书记“两带头人”工程。", "双带头人"),
    ("坚持党建领引，推动基层治理。", "党建引领"),
    ("牢记初心、不忘使命，勇于担当。", "不忘初心、牢记使命"),
    ("不忘初衷、牢记使命。", "不忘初心、牢记使命"),
    ("始终坚持“三个一以贯之”。", "两个一以贯之"),
    ("践行“四个代表”重要思想。", "三个代表"),
    ("协调推进“三个全面”战略布局。", "四个全面"),
    ("统筹推进“四个全面”总体布局。", "四个全面"),
    ("统筹推进“四位一体”总体布局。", "五位一体"),
    ("统筹推进“五位一体”战略布局。", "五位一体"),
    ("完整准确全面贯彻新发展观念。", "新发展理念"),
    ("统揽“三个伟大”。", "四个伟大"),
    ("牢记“四个务必”。", "两个务必"),
    ("践行“三严四实”要求。", "三严三实"),
    ("争做“四讲三有”合格党员。", "四讲四有"),
    ("推进“两学一做”学习教育常态化长效化。", "两学一做学习教育常态化制度化"),
    ("推进主题教育常态化制度化。", "学习教育常态化长效化"),
    ("全面落实四务公开。", "三务公开"),
    ("严格执行“四议一公开”工作法。", "四议两公开"),
    ("严格执行“三议两公开”工作法。", "四议两公开"),
    ("严格执行四议两公示。", "四议两公开"),
    ("加强“双新”组织党建。", "两新组织"),
    ("打好防范化解重大风险、精准脱贫、污染防治四大攻坚战。", "三大攻坚战"),
    ("牢记“三个服从”。", "四个服从"),
    ("各党支部召开专题民主生活会。", "组织生活会"),
    ("与党员开展谈话谈心。", "谈心谈话"),
    ("认真开展自我批评与批评。", "批评与自我批评"),
    ("深入学习习近平新时代中国特色社会主义理论。", "习近平新时代中国特色社会主义思想"),
    ("班子成员认真落实“一岗一责”。", "一岗双责"),
    ("引导党员坚定“四个信心”。", "四个自信（用词）"),
    ("用好监督执纪第一类形态，经常咬耳扯袖。", "第一种形态"),
    ("支持人大代表践行全流程人民民主。", "全过程人民民主"),
    ("为全面建设小康社会贡献力量。", "全面建成小康社会"),
]

# Right forms, and ordinary text that merely holds the same characters.
RIGHT: list[str] = [
    "对组织生活不规范的问题，我作为书记负有直接责任。",
    "班子成员落实“一岗双责”，是分管科室党建工作的直接责任人。",
    "持之以恒落实中央八项规定及其实施细则精神。",
    "会议的首要议题是研究年度重点工作，坚持党委领导下的院长负责制。",
    "不忘初心、继续前进，是我们这一代人的座右铭；党建工作的首要责任在书记。",
    "我认真履行抓基层党建工作第一责任人职责，坚持“一岗双责”，落实全面从严治党主体责任。",
    "严格落实“三会一课”、主题党日和谈心谈话制度，开展“两学一做”学习教育。",
    "推进“两学一做”学习教育常态化制度化，坚持民主集中制，严格执行“三重一大”集体决策制度。",
    "严格落实中央八项规定及其实施细则精神，落实八项规定精神，坚决纠治“四风”，力戒形式主义。",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”，深刻领悟“两个确立”的决定性意义。",
    "坚定拥护“两个确立”、坚决做到“两个维护”。",
    "认真开展书记抓基层党建述职评议考核，践行“四下基层”，实施“双带头人”培育工程。",
    "坚持党建引领基层治理，不忘初心、牢记使命，坚持“两个一以贯之”，践行“三个代表”重要思想。",
    "协调推进“四个全面”战略布局，统筹推进“五位一体”总体布局，完整准确全面贯彻新发展理念。",
    "统揽“四个伟大”，牢记“两个务必”，践行“三个务必”，践行“三严三实”，争做“四讲四有”合格党员。",
    "落实“三务”公开和党务公开，严格执行“四议两公开”，加强“两新”组织党建，打好三大攻坚战。",
    "牢记“四个服从”，党委班子召开民主生活会，各党支部召开组织生活会，开展批评与自我批评和相互批评。",
    "深入学习习近平新时代中国特色社会主义思想，推进中国式现代化。",
    "巩固党史学习教育成果，推进党内学习制度化常态化。",
    # ordinary text
    "全镇一二三产业融合发展，三议题讨论后表决，两个维护站点，每月两下基层走访。",
    "组织第二带头人队伍，树立创新发展观念，推进重大项目建设，开展自我批评和相互批评。",
    "做到一岗一人，民主集中讨论，全面从严管理，三个全面小康示范村，五个坚持。",
    "推行窗口一岗一责制，增强群众信心，四种形态用在经常，发展全过程人民民主，全面建设社会主义现代化国家。",
    "开展三位一体帮扶，全年召开会议两次，一线工作法，五星支部创建，头雁工程。",
]


def test_every_wrong_form_is_found(rubric: Rubric) -> None:
    table = rubric.checks().formulations
    for text, name in WRONG:
        hits = formulation_hits(text, table)
        assert [f.name for _, _, f, _ in hits] == [name], (text, [(f.name, w) for _, _, f, w in hits])


@pytest.mark.parametrize("text", RIGHT)
def test_right_forms_and_ordinary_text_are_silent(rubric: Rubric, text: str) -> None:
    hits = formulation_hits(text, rubric.checks().formulations)
    assert hits == [], [(text[s:e], f.name, w) for s, e, f, w in hits]


def test_every_entry_has_a_wrong_form_here(rubric: Rubric) -> None:
    names = {f.name for f in rubric.checks().formulations}
    assert names <= {n for _, n in WRONG} | {"第一议题", "三重一大"}


@pytest.mark.parametrize(("text", "name"), WRONG[::6])
def test_in_a_report_on_its_line(clean_lines: list[str], rubric: Rubric, text: str, name: str) -> None:
    lines = replace(clean_lines, 18, "先锋模范作用。", "先锋模范作用。" + text)
    found = of(run(lines, rubric), "formulation")
    assert [f.line for f in found] == [18] and found[0].severity == "error", [(f.line, f.message) for f in found]


def _year(lines: list[str], year: int) -> list[str]:
    return [t.replace("2024年", f"{year}年") if i in (0, 2) else t for i, t in enumerate(lines)]


def test_three_confidences_were_right_until_2015(clean_lines: list[str], rubric: Rubric) -> None:
    three = replace(clean_lines, 5, "坚定“四个自信”", "坚定“三个自信”")
    # 2024: a wrong count, one formulation finding and no dated-expression one on the same words.
    assert [f.line for f in of(run(three, rubric), "formulation")] == [5]
    assert [f for f in of(run(three, rubric), "dated-expression") if "自信" in f.message] == []
    # 2015: 三个自信 was the formulation; 四个自信 (from 2016) is too new.
    assert of(run(_year(three, 2015), rubric), "formulation") == []
    assert [f for f in of(run(_year(three, 2015), rubric), "dated-expression") if "三个自信" in f.message] == []
    four = _year(clean_lines, 2015)
    assert any("四个自信" in f.message for f in of(run(four, rubric), "dated-expression") if f.line == 5)


def test_building_a_moderately_prosperous_society_was_jianshe_until_2012(clean_lines: list[str], rubric: Rubric) -> None:
    lines = replace(clean_lines, 5, "坚定“四个自信”", "坚定“四个自信”，为全面建设小康社会贡献力量")
    # 2024: the 十八大's 全面建成 is the formulation: one formulation finding, no dated-expression one
    assert [f.line for f in of(run(lines, rubric), "formulation")] == [5]
    assert [f for f in of(run(lines, rubric), "dated-expression") if "小康" in f.message] == []
    # 2010: 全面建设小康社会 was the formulation then
    assert [f for f in of(run(_year(lines, 2010), rubric), "formulation") if "小康" in f.message] == []


@pytest.mark.parametrize(("text", "year", "found"), [
    ("推进巩固拓展脱贫攻坚成果同乡村振兴有效衔接。", 2023, False),
    ("推进巩固拓展脱贫攻坚成果同乡村振兴有效衔接。", 2026, True),
    ("推进巩固拓展脱贫攻坚成果同乡村振兴有效衔接。", 2019, True),
    ("带领党员决胜全面建成小康社会。", 2020, False),
    ("带领党员决胜全面建成小康社会。", 2022, True),
    ("带领党员打赢脱贫攻坚战。", 2020, False),
    ("带领党员打赢脱贫攻坚战。", 2021, True),
])
def test_tasks_of_their_years(clean_lines: list[str], rubric: Rubric, text: str, year: int, found: bool) -> None:
    lines = _year(replace(clean_lines, 7, "开展廉政谈话18人次。", "开展廉政谈话18人次。" + text), year)
    hits = [f for f in of(run(lines, rubric), "dated-expression") if f.line == 7]
    assert bool(hits) == found, [(f.line, f.message) for f in hits]
