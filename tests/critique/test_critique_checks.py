"""Every check on planted defects (found, on the planted line, once) and on clean text (no false alarm).

The base is a clean 2024 report (data/clean_2024.txt) on which the critique reports nothing at all.
"""

from __future__ import annotations

import pytest
from critique_helpers import Plant, of, replace, run

from assistant.domain.rubric import Rubric


def test_clean_report_has_no_findings(clean_lines: list[str], rubric: Rubric) -> None:
    result = run(clean_lines, rubric)
    assert result.findings == []
    assert result.score.structure == 100 and not result.has_errors


def _ins(after: int, text: str) -> Plant:
    return lambda ls: ls[:after] + [text] + ls[after:]


def _drop(first: int, last: int) -> Plant:
    return lambda ls: ls[: first - 1] + ls[last:]


def _sub(line: int, old: str, new: str) -> Plant:
    return lambda ls: replace(ls, line, old, new)


def _chain(*plants: Plant) -> Plant:
    def run_all(ls: list[str]) -> list[str]:
        for p in plants:
            ls = p(ls)
        return ls
    return run_all


# (name, plant, check, the lines where it must be reported)
PLANTED: list[tuple[str, Plant, str, list[int]]] = [
    ("causes deleted", _drop(14, 15), "missing-part", [14]),
    ("rectification deleted", _drop(8, 9), "missing-part", [8]),
    ("plans deleted", _drop(16, 19), "missing-part", [16]),
    ("problems before achievements", lambda ls: ls[:3] + ls[9:13] + ls[3:9] + ls[13:], "part-order", [4]),
    ("plans before problems", lambda ls: ls[:9] + ls[15:19] + ls[9:15] + ls[19:], "part-order", [10]),
    ("closing in the middle", lambda ls: ls[:7] + ls[19:] + ls[7:19], "part-order", [8]),
    ("problems share", _chain(_drop(12, 13), _sub(13, "客观上，机关党务干部均为兼职，工作力量相对薄弱，", "")),
     "problems-share", [10]),
    ("x for a figure", _sub(5, "全年主持支部集中学习24次", "全年主持支部集中学习x次"), "placeholder", [5]),
    ("xx for a figure", _sub(6, "召开支部委员会12次", "召开支部委员会xx次"), "placeholder", [6]),
    ("XXX for a name", _sub(9, "我牵头制定整改方案", "我牵头XXX制定整改方案"), "placeholder", [9]),
    ("stray x in a word", _sub(20, "坚强组织保证", "坚强组x织保证"), "placeholder", [20]),
    ("××", _sub(7, "签订党风廉政建设责任书", "签订××党风廉政建设责任书"), "placeholder", [7]),
    ("某某", _sub(3, "在县委和县政协党组", "在某某县委和县政协党组"), "placeholder", [3]),
    ("AAA", _sub(18, "设立党员先锋岗", "设立AAA党员先锋岗"), "placeholder", [18]),
    ("【…】", _sub(7, "组织参观廉政教育基地2次", "组织参观【基地名称】2次"), "placeholder", [7]),
    ("（此处…）", _sub(9, "全年组织党员参与专题调研8次", "全年组织党员参与专题调研（此处填写次数）"), "placeholder", [9]),
    ("201年", _ins(9, "201年9月日，支部召开专题组织生活会。"), "placeholder", [10]),
    ("a year with no month", _ins(9, "2024年月，支部开展了一次专题组织生活会。"), "placeholder", [10]),
    ("a year with no month before its end", _ins(9, "阵地改造问题已于2024年月底前整改完毕。"), "placeholder", [10]),
    ("paywall cut-off", _ins(12, "……仅展示623字，预览阅读已结束，下载后可阅读全文"), "placeholder", [13]),
    ("unfilled slot", _sub(5, "带头讲党课3次", "带头讲党课【待补充：次数】次"), "unfilled-slot", [5]),
    ("older expression", _sub(5, "扎实开展党纪学习教育", "扎实开展党史学习教育"), "dated-expression", [5]),
    ("older expression in the rectification", _sub(9, "我牵头制定整改方案", "我结合“两学一做”学习教育牵头制定整改方案"),
     "dated-expression", [9]),
    ("epidemic work", _ins(7, "（四）抓疫情防控，我带领党员下沉社区开展核酸检测服务。"), "dated-expression", [8]),
    ("newer expression", _sub(19, "三是加强党员教育管理。", "三是对标“十五五”规划加强党员教育管理。"),
     "dated-expression", [19]),
    ("closing targets this year", _sub(20, "为推动县政协工作高质量发展", "为完成2024年各项目标任务"), "stale-year-target", [20]),
    ("plan for this year", _sub(17, "一是深化理论学习。", "一是2024年，我将深化理论学习。"), "stale-year-target", [17]),
    ("mixed level", _chain(_sub(5, "组织党员深入学习", "组织全县党员深入学习"), _sub(6, "全年召开", "全县全年召开"),
                           _sub(18, "让党员在", "让全县党员在"), _sub(12, "服务中心工作", "服务全市中心工作")),
     # 12: 全市 among 全县 self-references; 5, 6, 18: the CPPCC office's branch speaking at the county's scope
     # (its own scope is the office: the county's Party members and meetings are not its own)
     "mixed-level", [5, 6, 12, 18]),
    ("skipped level-2 number", _sub(6, "（二）", "（三）"), "numbering", [6]),
    ("repeated 一是 number", _sub(12, "二是", "一是"), "numbering", [12]),
    ("skipped part heading number", _sub(14, "四、", "五、"), "numbering", [14]),
    ("backwards level-2 number", _sub(7, "（三）", "（一）"), "numbering", [7]),
    ("half-width comma", _sub(3, "职责，坚持", "职责,坚持"), "halfwidth-punct", [3]),
    ("half-width exclamation", _sub(20, "组织保证。", "组织保证!"), "halfwidth-punct", [20]),
    ("straight quotes", _sub(6, "“三会一课”", '"三会一课"'), "halfwidth-punct", [6]),
    ("letter D", _sub(7, "党风廉政", "D风廉政"), "letter-d", [7]),
    ("wrong count", _sub(5, "增强“四个意识”", "增强“三个意识”"), "formulation", [5]),
    ("wrong verb", _sub(5, "增强“四个意识”", "坚定“四个意识”"), "formulation", [5]),
    ("三会两课", _sub(6, "“三会一课”", "“三会两课”"), "formulation", [6]),
    ("wrong word", _sub(5, "的决定性意义", "的重要意义"), "formulation", [5]),
    ("一岗两责", _sub(7, "“一岗双责”", "“一岗两责”"), "formulation", [7]),
    ("problem nobody answers", _ins(13, "四是意识形态阵地管理存在薄弱环节。对网络舆情研判不及时，微信工作群的审核把关不够严格。"),
     "unanswered-problem", [14]),
    ("answering plan deleted", _drop(19, 19), "unanswered-problem", [13]),
]


@pytest.mark.parametrize(("plant", "check", "lines"), [p[1:] for p in PLANTED], ids=[p[0] for p in PLANTED])
def test_planted_defect_is_found_where_it_is(clean_lines: list[str], rubric: Rubric, plant: Plant, check: str,
                                            lines: list[int]) -> None:
    result = run(plant(clean_lines), rubric)
    found = of(result, check)
    assert sorted(f.line for f in found) == lines, [(f.line, f.message) for f in found]
    assert all(f.message and f.suggestion for f in found)


# (name, text of one line put into the clean report as line 9, check that must stay silent)
CLEAN: list[tuple[str, str, str]] = [
    ("this year's year", "2024年，我们完成了既定任务，2024年以来支部工作稳步推进。", "dated-expression"),
    ("a current phrase containing an old one", "常态化长效化开展党史学习教育，巩固拓展主题教育成果。", "dated-expression"),
    ("last year's feedback naming last year's work", "上年度述职评议指出“党史学习教育开展不够深入”的问题，已整改到位。",
     "dated-expression"),
    ("x axis", "在统计图中，x轴表示月份，X光片和Excel表格里的3×4矩阵都不是占位符。", "placeholder"),
    ("a real 【】 in a quoted title", "学习了《【党课讲稿】新时代党员的使命担当》和县委办〔2024〕3号、【2024】5号文件。", "placeholder"),
    ("a year's monthly figures", "2024年月均接待来访群众120人次，2023年月度考核全部达标。", "placeholder"),
    ("AAAA scenic rating", "帮助挂钩村创建国家AAAA级旅游景区。", "placeholder"),
    ("the tool's own slot", "全年开展主题党日【待补充：次数】次。", "placeholder"),
    ("三会一课 spelt right", "严格落实“三会一课”制度，坚定“四个自信”，做到“两个维护”，增强“四个意识”。", "formulation"),
    ("other uses of 个", "开展“两个覆盖”，落实“三个务必”，推进“五个一”活动。", "formulation"),
    ("numbers and English", "捐款1,000元，会议10:30开始，使用Windows, Linux系统。", "halfwidth-punct"),
    ("letters that are not D for 党", "参观3D打印车间，排查D级危房，完成PDCA循环。", "letter-d"),
    ("a superior's meeting", "认真贯彻落实全市组织工作会议精神，机关党员积极参与。", "mixed-level"),
    ("next year's targets", "2025年，我将带领支部全面完成各项目标任务。", "stale-year-target"),
]


@pytest.mark.parametrize(("text", "check"), [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_clean_text_does_not_trigger(clean_lines: list[str], rubric: Rubric, text: str, check: str) -> None:
    lines = replace(clean_lines, 9, clean_lines[8], clean_lines[8] + text)
    if check == "stale-year-target":
        lines = replace(clean_lines, 17, "一是深化理论学习。", "一是深化理论学习。" + text)
    result = run(lines, rubric)
    assert of(result, check) == []


def test_year_is_taken_from_title_or_flag(clean_lines: list[str], rubric: Rubric) -> None:
    # 党纪学习教育 and 二十届三中全会 are 2024 work: in a 2023 report they are too new.
    found = of(run(clean_lines, rubric, year=2023), "dated-expression")
    assert [f.line for f in found] == [3, 5]
    assert "还没有提出" in found[0].message
    no_year = replace(clean_lines, 1, "2024年", "")
    no_year = replace(no_year, 3, "2024年，", "")
    result = run(no_year, rubric)
    assert of(result, "dated-expression") == [] and any("--year" in n for n in result.notes)


def test_too_long(clean_lines: list[str], rubric: Rubric) -> None:
    short = rubric.model_copy(update={"length_limit": 600})
    found = of(run(clean_lines, short), "too-long")
    assert len(found) == 1 and found[0].line == 1 and "600" in found[0].message
    assert of(run(clean_lines, rubric), "too-long") == []


def test_missing_expected_part_is_a_warning(clean_lines: list[str], rubric: Rubric) -> None:
    found = of(run(clean_lines[:19], rubric), "missing-part")
    assert [(f.part, f.severity.value) for f in found] == [("closing", "warning")]
    found = of(run(_drop(14, 15)(clean_lines), rubric), "missing-part")
    assert [(f.part, f.severity.value) for f in found] == [("causes", "error")]


def test_swapped_parts_without_headings_are_seen_from_their_tense(rubric: Rubric) -> None:
    from critique_helpers import SEED

    r2 = SEED.read_text(encoding="utf-8").splitlines()[42:64]  # seed lines 43-64: no part headings
    assert of(run(r2, rubric), "part-order") == []
    swapped = r2[:3] + r2[16:22] + r2[9:16] + r2[3:9]  # achievements (46-51) and plans (59-64) swapped
    found = of(run(swapped, rubric), "part-order")
    assert [f.line for f in found] == [4] and "放反" in found[0].message


def test_parts_run_together_without_headings(rubric: Rubric) -> None:
    from critique_helpers import SEED

    seed = SEED.read_text(encoding="utf-8").splitlines()
    r1 = seed[7:39]  # seed lines 8-39: achievements 11-20 (一、…四、), problems 21-23, plans 24-38 (一、…三、)
    # Problems deleted: the plans run on from the achievements (一、 again after 四、); they are not missing.
    no_problems = r1[:13] + r1[16:]
    missing = {f.part for f in of(run(no_problems, rubric), "missing-part")}
    assert "problems" in missing and "plans" not in missing
    # Problems moved after the plans: the plans, read by their tense, come before the problems.
    moved = r1[:13] + r1[16:31] + r1[13:16] + r1[31:]
    found = of(run(moved, rubric), "part-order")
    assert [f.line for f in found] == [14] and "下一步工作思路" in found[0].message


HEADLESS = [
    "社区党委书记2024年抓基层党建工作述职报告",
    "",
    "2024年，在街道党工委的坚强领导下，我认真履行抓基层党建第一责任人职责，现将履职情况报告如下：",
    "一是抓理论学习。我坚持落实“第一议题”制度，全年主持集中学习24次，讲党课3次。",
    "二是抓组织建设。按期完成社区党委换届，优化设置网格党支部5个，发展党员2名。",
    "在肯定成绩的同时，我也清醒地认识到工作中还存在一些不足：一是党员教育方式较为单一，吸引力不强；"
    "二是网格党支部作用发挥不够充分；三是服务群众的精准度还有待提高。",
    "究其原因，主要是我抓党建的创新意识不强，对新形势下社区党员教育管理的规律研究不深，督促指导不够经常。",
    "下一步，我将重点做好以下工作：一是创新党员教育方式，开设“微党课”；二是建强网格党支部，"
    "推行网格党员包联制度；三是精准对接群众需求，建立民生需求清单。",
    "我将以更加饱满的热情、更加务实的作风，团结带领社区党员群众，为建设幸福社区提供坚强组织保证。",
]


# (paragraph order, the lines a finding may point at: either paragraph of a swapped pair is right)
@pytest.mark.parametrize(("order", "lines"), [
    ([0, 1, 2, 3, 4, 5, 6, 7, 8], set()),  # as written: in order
    ([0, 1, 2, 3, 4, 6, 5, 7, 8], {6, 7}),  # causes before problems
    ([0, 1, 2, 3, 4, 5, 7, 6, 8], {7, 8}),  # plans before causes
    ([0, 1, 2, 3, 4, 5, 6, 8, 7], {8, 9}),  # closing before plans
    ([0, 1, 2, 8, 3, 4, 5, 6, 7], {4}),  # closing right after the opening, body text after it
])
def test_parts_out_of_order_without_headings(rubric: Rubric, order: list[int], lines: set[int]) -> None:
    result = run([HEADLESS[i] for i in order], rubric)
    found = of(result, "part-order")
    assert len(found) == (1 if lines else 0) and {f.line for f in found} <= lines, \
        [(f.line, f.message) for f in found]
    assert {f.part for f in of(result, "missing-part")} == {"rectification"}  # every other part is seen


def test_wrongly_nested_levels(rubric: Rubric) -> None:
    text = [
        "党支部书记2024年抓基层党建工作述职报告",
        "2024年，在上级党委领导下，我认真履行第一责任人职责，现将履职情况报告如下：",
        "（一）抓理论学习",
        "一、组织集中学习24次，讲党课3次。",
        "二、开展专题研讨6次。",
        "（二）抓组织建设",
        "严格落实“三会一课”制度，召开支部委员会12次。",
    ]
    found = of(run(text, rubric), "numbering")
    assert [f.line for f in found] == [4], [(f.line, f.message) for f in found]
    assert "层级" in found[0].message


def test_one_finding_per_line_with_a_count(clean_lines: list[str], rubric: Rubric) -> None:
    lines = replace(clean_lines, 6, "12次、党员大会4次", "xx次、党员大会x次")
    found = of(run(lines, rubric), "placeholder")
    assert len(found) == 1 and "共2处" in found[0].message and found[0].evidence.count("x") >= 2
    assert found[0].column == lines[5].index("xx") + 1


def test_structural_findings_for_drafting(clean_lines: list[str], rubric: Rubric) -> None:
    from assistant.domain.parse import parse_text
    from assistant.services.critique import structural_findings

    lines = _chain(_drop(14, 15), _sub(5, "24次", "x次"), _sub(7, "党风廉政", "D风廉政"))(clean_lines)
    lines = replace(lines, 13, "三是", "四是")
    found = structural_findings(parse_text("\n".join(lines), "draft"), rubric)
    assert sorted({(f.check, f.line) for f in found}) == [
        ("missing-part", 14), ("numbering", 13), ("numbering", 14), ("placeholder", 5)]  # 14: 五、 after 三、


def test_markdown_draft_with_short_items(rubric: Rubric) -> None:
    text = ["# 党支部书记2024年述职报告", "", "## 一、主要工作", "", "1. 开展学习**12次**。", "2. 召开会议,研究工作。", "",
            "## 二、存在问题", "", "- 学习不够深入。", "", "## 三、下一步打算", "", "- 加强学习。"]
    result = run(text, rubric)
    assert of(result, "unanswered-problem") == []  # a heading is no problem, a short clause is not judged
    assert [f.line for f in of(result, "halfwidth-punct")] == [6]
    assert of(result, "placeholder") == [] and of(result, "numbering") == []


def test_next_years_plans_named_by_the_year_are_an_anchor(rubric: Rubric) -> None:
    # "2025年，我将…：一是…" opens next year's measures as surely as 下一步 does; before the causes it is out of order.
    by_year = [t.replace("下一步，我将", "2025年，我将") for t in HEADLESS]
    assert by_year[7].startswith("2025年，我将")
    assert of(run(by_year, rubric), "part-order") == []
    found = of(run([by_year[i] for i in [0, 1, 2, 3, 4, 5, 7, 6, 8]], rubric), "part-order")
    assert len(found) == 1 and found[0].line in {7, 8}, [(f.line, f.message) for f in found]
