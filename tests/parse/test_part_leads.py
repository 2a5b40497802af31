"""A part's short lead and the numbered list it opens, in a report without part headings (issue 9; examples
written for these tests)."""

from assistant.domain.parse import parse_text

HEAD = (
    "县供销合作社党组书记2023年度抓基层党建工作述职报告\n"
    "\n"
    "2023年，在县委的坚强领导下，我认真履行社党组书记抓基层党建第一责任人职责，现将有关情况报告如下。\n"
    "1. 压实责任链条。召开党组会议专题研究党建工作8次，与基层社党支部书记签订责任书12份。\n"
    "2. 建强基层组织。新建农民专业合作社党支部3个，选派党建指导员9名。\n"
    "3. 推动融合发展。开展“党员示范岗”创建，带动农资销售增长12%。\n"
    "一年来工作虽有进展，但对照县委要求，我在抓党建工作中还存在一些问题和不足。\n"
    "1. 对基层社党支部的分类指导不够，个别支部组织生活不够规范。\n"
    "2. 党建与供销业务融合的抓手不多，党员作用发挥还不够明显。\n"
    "3. 对年轻干部的教育培养不够系统，后备力量比较薄弱。\n"
)
CAUSES = (
    "细究这些不足背后的原因，有工作任务方面的客观因素，但根子还在主观。\n"
    "1. 学习抓得还不够紧。平时忙于业务，系统学习党建理论的时间偏少，对新要求理解不够透。\n"
    "2. 责任压得还不够实。对支部工作督促多、指导少，传导压力层层递减。\n"
)
INSIGHTS = (
    "回顾一年的工作，我对抓好系统党建有了几点新的体会。\n"
    "1. 抓党建必须同业务一起谋划。党建只有融入主业，才能增强基层社的凝聚力。\n"
    "2. 抓党建必须把功夫下在支部。支部强了，党员才有主心骨。\n"
)
PLANS = (
    "2024年是推进供销系统综合改革的攻坚之年。我将对照存在的问题，着力抓好以下几项工作。\n"
    "1. 规范组织生活，年内对12个基层社党支部逐一开展标准化建设。\n"
    "2. 深化融合发展，每个支部确定一个党建与业务融合项目。\n"
    "3. 加强年轻干部培养，建立后备干部库并实行导师帮带。\n"
    "新的一年，我将以更加务实的作风履职尽责，为供销事业发展提供坚强组织保证。\n"
)


def parts(text: str) -> list[tuple[str, int, int]]:
    doc = parse_text(text, "t.txt")
    assert len(doc.reports) == 1
    return [(s.role.value, s.start_line, s.end_line) for s in doc.reports[0].sections]


def test_a_causes_lead_ending_in_a_full_stop_carries_the_restarted_list():
    got = parts(HEAD + CAUSES + PLANS)
    assert ("problems", 7, 10) in got
    assert ("causes", 11, 13) in got
    assert ("plans", 14, 17) in got


def test_an_insights_lead_carries_the_restarted_list_of_must_statements():
    got = parts(HEAD + CAUSES + INSIGHTS + PLANS)
    assert ("insights", 14, 16) in got
    assert ("plans", 17, 20) in got


def test_a_plans_lead_pointing_back_at_the_problems_opens_the_plans():
    got = parts(HEAD + PLANS)
    assert ("problems", 7, 10) in got
    assert ("plans", 11, 14) in got
