"""A report saved as one long line is kept as text; an advertisement pasted into it is still reported."""

from assistant.domain.rubric import load_rubric
from assistant.services.critique import critique_text

TITLE = "村党支部书记2024年抓基层党建工作述职报告\n"
BODY = "在镇党委领导下，我认真履行第一责任人职责，" * 12


def test_notice_inside_a_long_line_is_reported() -> None:
    text = TITLE + BODY + "现将情况报告如下：预览阅读已结束，付费后可查看全文。\n一、存在问题\n一是学习不够深入。\n"
    r = critique_text(text, name="long.txt", rubric=load_rubric())
    hits = [f for f in r.findings if f.check == "placeholder" and f.line == 2]
    assert hits and any("预览阅读已结束" in f.evidence for f in hits)


def test_long_clean_line_draws_no_residue() -> None:
    text = TITLE + BODY + "现将情况报告如下：组织党员扫码参加线上答题。\n一、存在问题\n一是学习不够深入。\n"
    r = critique_text(text, name="long.txt", rubric=load_rubric())
    assert [f for f in r.findings if f.check == "placeholder"] == []
