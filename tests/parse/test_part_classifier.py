"""The part classifier on the kinds of layout that failed on reports nobody here wrote (issue: unseen reports).
Each text is new, written for this test, not taken from any eval set."""

from __future__ import annotations

from assistant.domain.classifier import allowed_roles, decode, load_model, paragraph_features
from assistant.domain.models import Role
from assistant.domain.parse import parse_text


def parts(text: str) -> list[tuple[str, int, int]]:
    rep = parse_text(text, "t.txt").reports[0]
    return [(s.role.value, s.start_line, s.end_line) for s in rep.sections]


HEADED = """东坡区白鹤镇党委书记2023年抓基层党建工作述职报告

2023年，在区委的坚强领导下，我认真履行第一责任人职责，现将有关情况报告如下：
一、履职尽责情况
（一）抓思想引领。全年主持党委理论学习中心组学习11次，为镇村干部讲党课3次。
（二）抓组织建设。调整优化村党组织设置2个，新发展党员14名。
二、上年度述职评议反馈问题整改情况
（一）关于“村级后备力量储备不足”的问题。建立后备干部库，储备村级后备力量43名，已整改到位。
（二）关于“党员教育管理方式单一”的问题。推行“田间课堂”，组织流动党员线上学习6期，已完成整改。
三、存在的不足
一是对村党组织书记的日常督导不够，到村调研的次数偏少。二是党员发挥作用的平台不多，作用发挥还不够充分。
四、原因剖析
一是思想认识还不够到位，对抓党建重要性的认识有差距。二是工作方法还不够多，习惯于开会部署。
五、下步打算
一是建立书记包村督导制度，每季度到每个村开展一次专题调研。二是设置党员示范岗，搭建党员作用发挥平台。
新的一年，我将以更加务实的作风抓好党建工作，为全镇发展提供坚强组织保证。
"""


def test_a_heading_decides_its_part_over_content_cues():
    got = parts(HEADED)
    # 原因剖析 over 一是…不够 lines; 整改情况 over （一）关于“…”的问题 items; 下步打算 as plans.
    assert got == [("title", 1, 1), ("opening", 3, 3), ("achievements", 4, 6), ("rectification", 7, 9),
                   ("problems", 10, 11), ("causes", 12, 13), ("plans", 14, 15), ("closing", 16, 16)]


def test_heading_variants_name_their_parts():
    from assistant.domain.numbering import leading_marker
    from assistant.domain.paragraphs import heading_roles

    cases = {"四、下步打算": Role.plans, "五、今后努力方向": Role.plans, "三、改进措施": Role.plans,
             "（二）问题根源": Role.causes, "（二）问题产生的原因": Role.causes, "三、问题与差距": Role.problems,
             "一、2024年工作回顾": Role.achievements, "二、整改落实情况": Role.rectification, "四、几点体会": Role.insights}
    for text, role in cases.items():
        assert heading_roles(text, leading_marker(text))[:1] == [role], text


COMBINED = """市档案馆党支部书记2022年抓基层党建工作述职报告

2022年，我坚持把抓好党建作为最大的政绩，认真履行第一责任人职责，现将有关情况报告如下。
一、主要工作
支部全年召开支部党员大会4次、支委会12次，开展主题党日12次，发展党员1名。
上年度述职评议反馈的“支部活动与业务结合不紧”问题，已通过开展“档案里的党史”宣讲整改到位。
二、存在的问题及原因
（一）存在的问题。一是组织生活的吸引力还不强。二是对年轻党员的教育引导还不够精准。
（二）原因分析。主观上，我对支部工作的创新思考不多；客观上，馆内业务任务重、人员少。
三、下一步工作打算
2023年是全面贯彻党的二十大精神的开局之年。针对上述问题，我将重点抓好以下几方面：
一是创新组织生活形式，每季度开展一次“档案+党建”主题活动。
二是建立青年党员导师制，为每名青年党员确定一名联系人。
我将以此次述职为新的起点，为档案事业发展提供坚强保证。
"""


def test_a_combined_heading_is_split_by_its_sub_headings_and_a_plans_lead_opens_the_plans():
    got = parts(COMBINED)
    assert ("problems", 7, 8) in got and ("causes", 9, 9) in got
    assert ("plans", 10, 13) in got  # the lead sentence 2023年是…针对上述问题 belongs to the plans
    rep = parse_text(COMBINED, "t.txt").reports[0]
    assert rep.has_role(Role.rectification)  # one sentence inside the achievements


THEMED = """城西社区党委书记2024年度抓基层党建工作述职报告

今年以来，我在街道党工委的领导下，认真履行社区党委书记抓党建第一责任人职责，现将履职情况报告如下：
一、凝心铸魂，让理论学习“热”起来
组织社区党员开展集中学习12次，举办“楼道微党课”20场，覆盖党员260人次。
二、强基固本，让网格治理“活”起来
把社区划分为9个网格、36个微网格，选派党员网格员45名，全年化解邻里纠纷52件。
三、存在的问题
一是对辖区“两新”组织党建工作的指导不够有力。二是党员志愿服务的常态化机制还不健全。
四、原因分析
主要是我对新兴领域党建研究不深，客观上社区工作人员少、事务多。
五、下一步打算
一是建立“两新”组织党建联络员制度。二是完善党员志愿服务积分兑换办法。
"""


def test_themed_headings_hold_achievements_and_the_report_is_read():
    got = parts(THEMED)
    assert got[:3] == [("title", 1, 1), ("opening", 3, 3), ("achievements", 4, 7)]
    assert [g[0] for g in got[3:]] == ["problems", "causes", "plans"]


TWO_LINE = """中共柳河县农业农村局党组
2025年度抓基层党建工作述职报告
——在县直机关党建述职评议会上的发言

2025年，在县委和县直机关工委的领导下，我认真履行党组书记抓党建第一责任人职责，现将有关情况报告如下：
一、主要工作
局机关党支部全年开展主题党日12次，选派驻村第一书记3名。
二、上年度问题整改情况
针对上年度反馈的“支部活动与业务融合不深”问题，推行“支部+项目”工作法，已整改完成。
三、存在的问题
对所属事业单位党支部的督导还不够经常，部分支部台账不规范。
四、原因分析
主观上抓党建的精力投入不足，客观上下属单位分散。
五、2026年工作思路
建立局党组成员联系支部制度，每季度开展一次台账规范检查。
述职人：王建林
2026年1月10日
"""


def test_a_two_line_title_an_author_line_and_a_signature_are_placed():
    rep = parse_text(TWO_LINE, "t.txt").reports[0]
    assert rep.title == "中共柳河县农业农村局党组2025年度抓基层党建工作述职报告"
    assert rep.year == 2025
    got = [(s.role.value, s.start_line, s.end_line) for s in rep.sections]
    assert got[0] == ("title", 1, 2)
    assert got[1] == ("opening", 5, 5)  # the author line (3) belongs to no part
    assert got[-1] == ("plans", 14, 15)  # the signature and date (16, 17) neither


def test_the_classifier_reads_headings_first_then_fitted_weights():
    from assistant.domain.paragraphs import build_paras

    lines = HEADED.splitlines()
    paras = build_paras(lines, 3, len(lines), {})
    allowed = allowed_roles(paras)
    causes_heading = next(i for i, p in enumerate(paras) if p.text.startswith("四、原因剖析"))
    assert allowed[causes_heading + 1] == frozenset({Role.causes})
    model = load_model()
    assert model.emit and model.trans  # fitted weights are shipped
    path = decode(paras, 2023, model, paragraph_features(paras, 2023))
    assert path[causes_heading + 1] == Role.causes


RUN_ON = """西河镇党委书记2022年抓基层党建工作述职报告

2022年，在县委的领导下，我认真履行第一责任人职责，现将有关情况报告如下。
一是抓班子。全年主持召开党委会专题研究党建工作8次。
二是抓队伍。发展党员16名，培训村干部120人次。
针对上年度述职评议指出的“村级活动阵地利用率不高”问题，调整开放时间，已整改到位。
一是对软弱涣散村党组织的整顿还不够彻底，个别村班子凝聚力仍然不强。
二是党员教育的针对性还不够强，流动党员管理存在薄弱环节。
究其原因，主观上我对基层党建的研究不够深入，客观上镇村干部力量不足。
下一步，一是建立软弱涣散村党组织动态排查机制；二是推行流动党员“线上课堂”。
我将以此次述职为契机，为全镇高质量发展提供坚强组织保证。
"""


def test_a_rectification_paragraph_does_not_run_on_over_the_problems():
    got = parts(RUN_ON)
    assert ("rectification", 6, 6) in got and ("problems", 7, 8) in got


def test_a_news_item_on_a_review_meeting_stays_unknown():
    text = ("县委组织部召开2023年度党组织书记抓基层党建工作述职评议会\n\n"
            "12月20日，县委组织部召开会议，12名乡镇党委书记现场述职，县委书记作点评讲话。\n"
            "会议要求，各级党组织要压实责任，推动基层党建全面进步。\n")
    assert [role for role, _, _ in parts(text)] == ["title", "unknown"]


UNHEADED_PLANS = """县图书馆党支部书记2021年度抓基层党建工作述职报告

2021年，我认真履行党建第一责任人职责，现将有关情况报告如下。
一、履职情况
支部全年召开支委会12次，开展主题党日12次，组织党员到社区开展阅读推广志愿服务20场。
二、存在的不足和原因
1.支部学习形式比较单一，读原著、学原文多，研讨交流少。
2.党员在业务创新中的带头作用发挥还不够明显。
分析原因，主要是我对支部工作的谋划不够深，抓落实的办法不多。
对照以上不足，我们拟从以下几个方面加以改进：
一要丰富学习形式，每季度组织一次党员读书分享会。
二要设立党员创新项目，每名党员牵头一项服务改进。
我将以更加扎实的作风抓好支部建设，为全馆事业发展提供坚强保证。
"""


def test_a_plans_lead_under_a_combined_problems_heading_opens_unheaded_plans():
    # No plans heading: the lead saying what the writer will do, and the 一要 items, are plans, not causes.
    got = parts(UNHEADED_PLANS)
    assert ("plans", 10, 12) in got, got
    assert ("causes", 9, 9) in got, got


def test_a_heading_naming_the_work_and_the_rectification_keeps_the_work_as_achievements():
    # new text: the year's work under a combined heading, then the paragraph on last year's feedback; and the
    # heading's words in the other order, the feedback first
    work = ("（一）健全责任体系。制定党建责任清单，逐级签订责任书46份。\n"
            "（二）建强基层支部。整顿提升后进支部2个，新建楼宇党支部3个。\n"
            "（三）办好民生实事。组织党员认领微心愿130个，解决群众急事难事58件。\n")
    feedback = "针对去年述职评议指出的“支部活动形式单一”问题，我推动各支部开展主题党日创新评比，问题已整改到位。\n"
    tail = ("二、存在的问题\n一是统筹推进还不够有力。\n二是党员作用发挥不够充分。\n"
            "三、下一步打算\n一是健全统筹机制。\n二是搭建党员作用发挥平台。\n")
    title = "城关街道党工委书记2022年度抓基层党建工作述职报告\n\n"
    doc = parse_text(title + "一、主要工作及上年度问题整改情况\n" + work + feedback + tail, "t.txt")
    roles = [(s.role.value, s.start_line, s.end_line) for s in doc.reports[0].sections]
    assert roles[1:3] == [("achievements", 3, 6), ("rectification", 7, 7)]
    doc = parse_text(title + "一、上年度问题整改及本年度主要工作\n" + feedback + work + tail, "t.txt")
    roles = [(s.role.value, s.start_line, s.end_line) for s in doc.reports[0].sections]
    assert roles[1:3] == [("rectification", 3, 4), ("achievements", 5, 7)]


def test_a_part_heading_never_stands_over_nothing_before_the_closing():
    # the plans as one short unnumbered paragraph saying 我们将…, then the closing: the paragraph is the plans'
    text = HEADED.replace(
        "一是建立书记包村督导制度，每季度到每个村开展一次专题调研。二是设置党员示范岗，搭建党员作用发挥平台。",
        "明年，我们将把村党组织书记队伍建设摆在更加突出的位置，持续提升支部的组织力。")
    got = parts(text)
    assert got[-2:] == [("plans", 14, 15), ("closing", 16, 16)]
