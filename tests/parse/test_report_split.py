"""Where a file's reports start when one of them has no title (examples written for these tests)."""

from assistant.domain.parse import parse_text

TITLED = (
    "桃林街道党工委书记2023年度抓基层党建工作述职报告\n"
    "\n"
    "2023年，在区委的坚强领导下，我认真履行街道党工委书记抓基层党建第一责任人职责，现将有关情况报告如下。\n"
    "一、主要工作\n"
    "（一）抓班子带队伍。召开党工委会议专题研究党建工作9次，约谈社区书记6人。\n"
    "（二）抓阵地建设。新建小区党群服务站3个，开展服务活动60余场。\n"
    "二、存在的问题\n"
    "（一）对新就业群体党建研究不深，覆盖面还不够大。\n"
    "三、下一步打算\n"
    "（一）加强新就业群体党建，年内建成骑手驿站2个。\n"
)
UNTITLED = (
    "2023年，在县委和县直机关工委的领导下，我作为县档案馆党支部书记，认真履行抓党建第一责任人职责，团结支部党员较好"
    "完成了各项任务。\n"
    "一、主要工作及成效\n"
    "（一）规范组织生活。全年召开支部党员大会5次，讲党课4次。\n"
    "二、存在的不足\n"
    "（一）党建与档案业务融合不够紧密，创新举措偏少。\n"
    "三、今后打算\n"
    "（一）推动党建与业务深度融合，打造一个支部工作品牌。\n"
)
GAP = "\n\n\n"  # three blank lines after the line break that ends the last line


def starts(text: str) -> list[tuple[int, str]]:
    return [(r.start_line, r.title) for r in parse_text(text, "t.txt").reports]


def test_untitled_report_after_three_blank_lines_is_a_report_of_its_own():
    assert starts(TITLED + GAP + UNTITLED) == [(1, TITLED.split("\n")[0]), (14, "")]


def test_untitled_report_before_the_first_title_is_kept():
    assert starts(UNTITLED + GAP + TITLED) == [(1, ""), (11, TITLED.split("\n")[0])]


def test_blank_lines_inside_a_report_do_not_split_it():
    lines = TITLED.split("\n")
    # blank lines under the opening (no body yet) and between two parts (二、 after 一、 goes on)
    text = "\n".join(lines[:3] + ["", "", ""] + lines[3:6] + ["", "", ""] + lines[6:])
    assert [r.start_line for r in parse_text(text, "t.txt").reports] == [1]


def test_an_unnumbered_part_heading_that_names_the_review_is_no_title():
    # a report with no title and unnumbered part headings: 上年度述职评议…整改情况 holds 述职 but is a part's heading
    text = UNTITLED.replace("二、存在的不足", "上年度述职评议意见整改落实情况\n对上年度指出的“支部活动形式单一”问题，"
                            "开展“档案里的党史”主题党日4次，已整改完成。\n存在的不足")
    text = "\n".join(ln.split("、", 1)[1] if ln[:2] in ("一、", "三、") else ln for ln in text.split("\n"))
    doc = parse_text(TITLED + GAP + text, "t.txt")
    assert [r.title for r in doc.reports] == [TITLED.split("\n")[0], ""]
    assert "rectification" in [s.role.value for s in doc.reports[1].sections]
