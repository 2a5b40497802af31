"""A causes paragraph without a heading of its own after the problems (issue 9): a lead announcing the roots
switches to the causes, and the items it announces stay causes until the next part. Each text is new."""

from __future__ import annotations

from assistant.domain.parse import parse_text


def roles(lines: list[str]) -> list[tuple[str, int, int]]:
    doc = parse_text("\n".join(lines) + "\n", "t.txt")
    return [(s.role.value, s.start_line, s.end_line) for s in doc.reports[0].sections]


HEAD = ["城南街道党工委书记2023年度抓基层党建工作述职报告", "",
        "按照区委组织部的通知要求，现将本人2023年度抓基层党建工作情况报告如下。",
        "一、主要工作",
        "（一）抓班子带队伍。全年召开党工委会议专题研究党建工作10次，轮训社区书记2批。",
        "（二）抓阵地强服务。新建小区党群服务站5个，推动下沉党员报到服务。"]
PROBLEMS = ["一是网格党建与物业管理衔接不够，个别小区矛盾化解不及时。",
            "二是新就业群体党建覆盖还有空白，快递骑手党员底数不清。",
            "三是社区工作者流动较快，骨干力量储备不足。"]
CAUSES = ["一是本人对城市基层党建的规律研究不够，习惯用老办法解决新问题。",
          "二是统筹协调的力度不够，对职能部门的督促不够有力。",
          "三是激励保障措施跟进不及时，待遇留人的办法不多。"]
TAIL = ["三、2024年工作打算",
        "一是推动网格党组织与物业企业联席议事，每月研究一次小区难题。",
        "二是摸清新就业群体党员底数，建立骑手驿站党小组。",
        "三是完善社区工作者薪酬体系，建立后备人才库。",
        "我将进一步扛牢第一责任人职责，推动街道党建工作再上新台阶。"]


def test_a_lead_under_a_problems_heading_switches_to_causes_with_its_items():
    lines = HEAD + ["二、存在的问题"] + PROBLEMS + ["深入查找这些问题产生的根源，主要有以下几点："] + CAUSES + TAIL
    assert roles(lines)[3:6] == [("problems", 7, 10), ("causes", 11, 14), ("plans", 15, 18)]


def test_a_why_question_lead_with_inline_items_under_a_combined_heading():
    lines = HEAD + ["二、问题及原因"] + PROBLEMS + [
        "这些问题为什么迟迟没有得到解决？说到底还是自身的原因：一是研究规律不够；二是统筹协调不够有力。"] + TAIL
    assert roles(lines)[3:6] == [("problems", 7, 10), ("causes", 11, 11), ("plans", 12, 15)]


def test_an_objective_then_subjective_lead_without_part_headings():
    lines = [HEAD[0], "", HEAD[2], HEAD[4][3:], HEAD[5][3:],
             "对照区委要求和群众期盼，工作中还存在一些不足："] + PROBLEMS + [
        "客观上社区人手少、任务重；但主要是主观上的原因，突出表现在三个方面。"] + CAUSES + [
        "2024年，我将重点抓好以下工作："] + TAIL[1:]
    assert [r for r, _, _ in roles(lines)][2:6] == ["achievements", "problems", "causes", "plans"]
    assert roles(lines)[4] == ("causes", 10, 13)
