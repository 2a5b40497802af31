"""Parts told from their content where a heading does not name them (examples written for these tests)."""

import pytest

from assistant.domain.parse import parse_text


def parts(text: str) -> list[tuple[str, int, int]]:
    doc = parse_text(text, "t.txt")
    assert len(doc.reports) == 1
    return [(s.role.value, s.start_line, s.end_line) for s in doc.reports[0].sections]


MERGED_HEADING = (
    "县农业农村局机关党支部书记2024年抓基层党建工作述职报告\n"
    "\n"
    "2024年，在局党组的领导下，我认真履行党支部书记抓党建第一责任人职责，现将有关情况报告如下。\n"
    "一、主要工作\n"
    "（一）抓理论学习。组织支部集中学习12次，开展专题研讨4次。\n"
    "（二）抓队伍建设。发展党员1名，开展谈心谈话40人次。\n"
    "二、存在的问题及原因\n"
    "（一）理论学习深度不够，学用结合不紧，运用理论指导业务工作的能力有待提高。\n"
    "（二）支部活动形式比较单一，对青年党员吸引力不强。\n"
    "（三）对年轻党员的教育管理还有欠缺，日常谈心谈话偏少。\n"
    "{lead}主观上在于我对党建工作重视程度不够，抓支部工作的精力投入不足，存在重业务、轻党建的倾向；"
    "客观上在于业务工作任务繁重，支部人员变动较大。\n"
    "三、下一步工作打算\n"
    "（一）深化理论学习，每季度开展一次专题研讨。\n"
    "（二）创新活动方式，开展主题党日现场教学。\n"
    "（三）加强年轻党员培养，落实导师帮带制度。\n"
    "在新的一年里，我将以更加饱满的热情履职尽责，为全局各项工作提供坚强保证。\n"
)


@pytest.mark.parametrize("lead", ["之所以存在这些不足，", "出现上述问题，", "以上问题的存在，"])
def test_unheaded_paragraph_pointing_back_at_the_problems_is_the_causes(lead):
    """Under 问题及原因, after the problem items, a paragraph that opens by referring to them explains them."""
    got = parts(MERGED_HEADING.format(lead=lead))
    assert ("problems", 7, 10) in got
    assert ("causes", 11, 11) in got
    assert ("plans", 12, 15) in got


def test_one_paragraph_opening_with_gaps_and_listing_them_is_the_problems():
    """No headings: 还存在较大差距，主要是：一是…二是… is the problems, though it carries numbers like achievements."""
    text = (
        "城南社区党委书记2023年抓基层党建工作述职报告\n"
        "\n"
        "2023年，在街道党工委的领导下，我认真履行第一责任人职责，现将履职情况报告如下。\n"
        "在组织建设方面，全年召开党员大会4次、支委会12次，发展党员2名，组织党员参加志愿服务60余人次。\n"
        "在服务群众方面，建成党群服务站3个，办理群众急难愁盼事项45件，走访困难家庭30户，全年化解矛盾纠纷18起。\n"
        "与居民群众的期待相比，我的工作还存在较大差距，主要是：一是网格党支部作用发挥参差不齐，个别网格党员全年联系"
        "居民仅2次；二是在职党员到社区报到后参与活动的积极性不高，全年参加活动仅120人次；三是社区党建阵地利用率偏低，"
        "周末时段开放较少。\n"
        "分析原因，主观上我对网格党建抓得不够细，客观上社区人员少、任务重。\n"
        "2024年，我将着力做好以下工作：一是健全网格党支部考评机制；二是建立在职党员积分管理制度；三是推行党群服务站"
        "错时延时服务。\n"
        "我将以此次述职为契机，切实履职尽责，为建设幸福社区提供坚强保证。\n"
    )
    doc = parse_text(text, "t.txt")
    got = [(s.role.value, s.start_line, s.end_line, len(s.items)) for s in doc.reports[0].sections]
    assert got == [
        ("title", 1, 1, 0),
        ("opening", 3, 3, 0),
        ("achievements", 4, 5, 0),
        ("problems", 6, 6, 3),
        ("causes", 7, 7, 0),
        ("plans", 8, 8, 3),
        ("closing", 9, 9, 0),
    ]


def test_list_after_the_causes_is_the_plans_when_no_problems_are_stated():
    """The causes follow the problems; what comes after an analysis of causes is the plans, even with the
    problems left out and plan items with few future-tense words (深挖资源 is not an analysis of causes)."""
    text = (
        "青禾村党支部书记2024年抓基层党建工作述职报告\n"
        "\n"
        "2024年，在镇党委的领导下，我认真履行村党支部书记抓党建第一责任人职责，现将有关情况报告如下。\n"
        "一年来，我主要抓了以下几项工作：\n"
        "一是抓班子带队伍。召开支委会12次，发展党员1名，培养后备力量3名。\n"
        "二是抓产业促增收。发展大棚蔬菜120亩，村集体经济收入达到26万元。\n"
        "三是抓治理惠民生。调解邻里纠纷15起，修建村组道路2公里。\n"
        "究其原因，主观上是我对党建工作研究不够，对党员日常管理要求不严；客观上是村里青壮年大多外出务工，"
        "在家党员年龄偏大，组织开展活动难度较大。\n"
        "2025年，我打算着重办好几件事：\n"
        "1.推行“支部建在产业链上”，在合作社、家庭农场中设立党员示范岗。\n"
        "2.建立外出务工青年人才台账，动员优秀青年回村创业。\n"
        "3.深挖本村红色资源，打造党员教育实践点。\n"
        "我将以此次述职为新的起点，带头干、带头抓，为建设宜居宜业和美乡村贡献力量。\n"
    )
    assert parts(text) == [
        ("title", 1, 1),
        ("opening", 3, 3),
        ("achievements", 4, 7),
        ("causes", 8, 8),
        ("plans", 9, 12),
        ("closing", 13, 13),
    ]


RECTIFICATION_FIRST = (
    "市人民医院第二党支部书记2024年抓基层党建工作述职报告\n"
    "\n"
    "2024年，在医院党委的领导下，我认真履行党支部书记抓党建第一责任人职责，现将有关情况报告如下。\n"
    "{before}"
    "今年以来，我主要做了以下几项工作：\n"
    "一是加强政治学习。组织支部集中学习12次，讲党课3次。\n"
    "二是建强支部班子。召开支委会12次，发展党员2名。\n"
    "三是开展志愿服务。组织党员义诊8场，服务群众900余人次。{inside}\n"
    "对照医院党委的要求，我的工作还存在一些不足：一是学习的系统性不够；二是党员示范岗作用发挥不够明显。\n"
    "究其原因，主观上是我对党建工作研究不深，客观上是临床工作任务繁重。\n"
    "下一步，我将着力做好以下工作：一是制定年度学习计划；二是完善党员示范岗考评办法。\n"
    "我将以此次述职为契机，切实履职尽责，为医院高质量发展提供坚强保证。\n"
)
FEEDBACK = "针对去年述职评议指出的“党员学习与业务培训结合不紧”问题，"


def test_rectification_paragraph_before_the_achievements_list_is_its_own_part():
    """A paragraph wholly about last year's feedback, standing before the line that announces the achievements
    list, is the rectification out of its place (the critique can then report the order)."""
    text = RECTIFICATION_FIRST.format(
        before=FEEDBACK + "我组织制定了整改清单，推行“党课+业务课”联学，每月一次，现已整改完成。\n", inside="")
    doc = parse_text(text, "t.txt")
    rep = doc.reports[0]
    assert [(s.role.value, s.start_line, s.end_line) for s in rep.sections][:4] == [
        ("title", 1, 1), ("opening", 3, 3), ("rectification", 4, 4), ("achievements", 5, 8)]
    assert rep.embedded == []


def test_rectification_mentioned_inside_the_year_stays_embedded_in_the_achievements():
    """A rectification sentence after other work (an overview, or the last item of the list) is not a part."""
    overview = "一年来，我带领支部扎实推进各项工作，上年度述职评议反馈的2个问题已全部整改到位。\n"
    for before, inside, line in [(overview, "", 4), ("", FEEDBACK + "推行“党课+业务课”联学，已整改完成。", 7)]:
        rep = parse_text(RECTIFICATION_FIRST.format(before=before, inside=inside), "t.txt").reports[0]
        got = [(s.role.value, s.start_line) for s in rep.sections]
        assert got[:3] == [("title", 1), ("opening", 3), ("achievements", 4)]
        assert "rectification" not in [r for r, _ in got]
        assert [(e.role.value, e.line) for e in rep.embedded] == [("rectification", line)]


def test_a_rectification_paragraph_naming_the_review_by_its_year_and_who_gave_the_feedback():
    # new text, no headings: the review named by its year, the body that gave the feedback between it and 反馈
    text = (
        "市档案馆党支部书记2024年度抓基层党建工作述职报告\n\n"
        "2024年，我认真履行党支部书记抓党建第一责任人职责，现将有关情况报告如下。\n"
        "首先，抓学习强思想。全年组织集中学习14次，讲党课3次。\n"
        "其次，抓队伍强作风。开展“档案服务进社区”活动9场，党员认领服务项目26个。\n"
        "对2023年度述职评议中市直机关工委反馈的“党员教育方式单一”问题，我推行“线上+线下”学习，问题已整改到位。\n"
        "一年来工作虽有进展，但我在抓党建工作中还存在一些不足。一是统筹谋划不够；二是支部活动吸引力不强。\n"
        "究其原因，主要是我对党建工作的研究还不够深入。\n"
        "下一步，我将一是完善支部工作计划；二是创新活动载体。\n"
        "我将以更加务实的作风抓好党建工作。\n"
    )
    assert ("rectification", 6, 6) in parts(text)
