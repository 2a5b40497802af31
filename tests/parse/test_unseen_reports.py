"""Reports the parser has not been tuned on: with and without headings, merged parts, 1./（1） levels."""

from pathlib import Path

import pytest

from assistant.domain.parse import parse_file, parse_text

DATA = Path(__file__).parent / "data"


def spans(path_or_doc):
    doc = parse_file(DATA / path_or_doc) if isinstance(path_or_doc, str) else path_or_doc
    assert len(doc.reports) == 1
    return doc.reports[0], [(s.role.value, s.start_line, s.end_line, len(s.items)) for s in doc.reports[0].sections]


def test_headed_report_all_parts_and_closing_after_plans():
    rep, got = spans("headed.txt")
    assert got == [
        ("title", 1, 1, 0),
        ("opening", 3, 3, 0),
        ("achievements", 5, 10, 2),
        ("rectification", 11, 12, 0),
        ("problems", 13, 15, 2),
        ("causes", 16, 17, 2),
        ("plans", 18, 20, 2),
        ("closing", 22, 22, 0),
    ]
    assert rep.year == 2024
    assert rep.sections[2].heading == "一、履职情况"
    assert rep.sections[2].numbering == "（一）"


def test_headless_report_found_from_cues_and_restarts():
    _, got = spans("headless.txt")
    assert got == [
        ("title", 1, 1, 0),
        ("opening", 3, 3, 0),
        ("achievements", 4, 9, 3),
        ("problems", 10, 13, 3),
        ("causes", 14, 14, 0),
        ("plans", 15, 20, 3),
        ("closing", 21, 21, 0),
    ]


def test_problems_and_causes_under_one_heading_and_rectification_in_one_sentence():
    rep, got = spans("merged.txt")
    assert got == [
        ("title", 1, 1, 0),
        ("opening", 3, 3, 0),
        ("achievements", 4, 11, 2),
        ("problems", 12, 14, 2),
        ("causes", 15, 15, 0),
        ("plans", 16, 18, 2),
    ]
    assert [(e.role.value, e.line) for e in rep.embedded] == [("rectification", 9)]
    ach = rep.sections[2]
    # Level 3 (1.) and 4 （1） items stay inside their （一） item.
    assert [i.marker for i in ach.items] == ["（一）", "（二）"]
    assert ach.items[0].start_line == 5 and ach.items[0].end_line == 9


def test_text_that_is_not_a_report_is_unknown():
    rep, got = spans("news.txt")
    assert [g[0] for g in got] == ["unknown"]
    assert rep.title == ""


@pytest.mark.parametrize("name", ["headed.txt", "headless.txt", "merged.txt"])
def test_markdown_form_parses_the_same(name):
    text = (DATA / name).read_text(encoding="utf-8")
    md_lines = []
    for k, line in enumerate(text.split("\n")):
        if k == 0:
            md_lines.append("# " + line)
        elif line.startswith(("一、", "二、", "三、", "四、", "五、")) and len(line) < 30:
            md_lines.append("## " + line)
        else:
            md_lines.append(line)
    plain = parse_text(text, name)
    md = parse_text("\n".join(md_lines), name.replace(".txt", ".md"))
    a = [(s.role, s.start_line, s.end_line, len(s.items)) for s in plain.reports[0].sections]
    b = [(s.role, s.start_line, s.end_line, len(s.items)) for s in md.reports[0].sections]
    assert a == b


def test_two_reports_in_one_file_are_split():
    a = (DATA / "headed.txt").read_text(encoding="utf-8")
    b = (DATA / "headless.txt").read_text(encoding="utf-8")
    doc = parse_text(a + "\n\n" + b, "two.txt")
    assert [r.year for r in doc.reports] == [2024, 2022]
    n = len(a.split("\n")) + 1
    assert doc.reports[1].start_line == n + 1


def test_paragraph_parts_without_headings_or_lists():
    """Rectification, insights and plans each as one unnumbered paragraph (common in short reports)."""
    _, got = spans("headless2.txt")
    assert got == [
        ("title", 1, 1, 0),
        ("opening", 3, 3, 0),
        ("achievements", 4, 6, 3),
        ("rectification", 7, 7, 0),
        ("problems", 8, 8, 2),
        ("causes", 9, 9, 0),
        ("insights", 10, 10, 0),
        ("plans", 11, 11, 2),
        ("closing", 12, 12, 0),
    ]


def test_itemised_last_paragraph_is_plans_not_closing():
    text = (
        "社区党委书记2024年抓基层党建工作述职报告\n"
        "今年以来，在街道党工委领导下，我认真履职，现将情况汇报如下：\n"
        "一是建强组织。全年发展党员3名。二是服务群众。办理民生实事20件。\n"
        "但也存在一些不足：一是党员教育方式单一。二是服务能力不强。\n"
        "下一步，我将重点做好以下工作：一是创新党员教育方式。二是提升服务能力。\n"
    )
    rep = parse_text(text, "t.txt").reports[0]
    assert [s.role.value for s in rep.sections][-1] == "plans"


def test_signature_and_date_after_the_closing_belong_to_no_part():
    text = (DATA / "headless.txt").read_text(encoding="utf-8") + "\n述职人：张三\n幸福社区党委书记 张三\n2022年12月20日\n"
    doc = parse_text(text, "sig.txt")
    assert len(doc.reports) == 1
    rep = doc.reports[0]
    assert rep.end_line == 25
    assert (rep.sections[-1].role.value, rep.sections[-1].end_line) == ("closing", 21)


def test_school_report_with_ordinal_words_and_arabic_items():
    """1. items at the top of a part, 首先/其次/最后 and 一方面/另一方面 as items."""
    rep, got = spans("school.txt")
    assert got == [
        ("title", 1, 1, 0),
        ("opening", 3, 3, 0),
        ("achievements", 5, 8, 3),
        ("problems", 10, 13, 3),
        ("causes", 15, 16, 2),
        ("plans", 18, 21, 3),
    ]
    assert rep.year == 2021
    assert rep.sections[2].numbering == "1."
    assert [i.marker for i in rep.sections[3].items] == ["首先", "其次", "最后"]


def test_one_item_with_a_rectification_sentence_and_sub_headings_of_a_part():
    """A heading is not left empty for one strong sentence; （一）存在问题 under 问题及原因 is a sub-heading."""
    rep, got = spans("subheadings.txt")
    assert got == [
        ("title", 1, 1, 0),
        ("opening", 2, 2, 0),
        ("achievements", 3, 4, 1),
        ("problems", 5, 8, 2),
        ("causes", 9, 10, 0),
        ("plans", 11, 13, 2),
    ]
    assert [(e.role.value, e.line) for e in rep.embedded] == [("rectification", 4)]
    assert rep.sections[3].heading == "二、存在的问题及原因"
