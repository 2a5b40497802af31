"""critique --previous: this year's report against last year's (repeated-problem, repeated-plan, unrectified,
stale-copy), the profile's previous_report and feedback, bad input, and the evidence --annotate anchors on.

The pairs in data/yoy/ were written for these tests: a village whose rectification has a part of its own (one
problem repeated word for word, one reworded with other common words, one new problem sharing 党员 with last
year's, last year's problems answered in the same words, in other words, by a training that answers 本领, and
one not at all; a copied plan; 2023年以来 in the opening and 2023 in the closing; 比上年, 较2023年底 and
2023年度述职评议 that are right) and a community whose rectification stands in its achievements.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from critique_helpers import DATA, cli

from assistant.domain.models import Finding
from assistant.domain.rubric import Rubric
from assistant.services.critique import CritiqueResult, critique_file, critique_text
from assistant.services.critique.previous import Previous, PreviousError, load_previous, unit_of

YOY = DATA / "yoy"
NEW = ("repeated-problem", "repeated-plan", "unrectified", "stale-copy")


def _new(result: CritiqueResult) -> list[tuple[str, int | None, int | None]]:
    return sorted(((f.check, f.line, f.previous_line) for f in result.findings if f.check in NEW),
                  key=lambda x: (x[0], x[1] or 0, x[2] or 0))


@pytest.fixture(scope="module")
def village(rubric: Rubric) -> CritiqueResult:
    return critique_file(YOY / "village_2024.txt", rubric=rubric, previous=load_previous(YOY / "village_2023.txt", None))


def test_village_pair(village: CritiqueResult) -> None:
    assert _new(village) == [
        ("repeated-plan", 21, 19),        # copied word for word but for its number
        ("repeated-problem", 14, 12),     # the same words
        ("repeated-problem", 16, 11),     # 形式…单调…积极性 for 方式…单一…吸引力
        ("stale-copy", 3, None),          # 2023年以来，我始终… in the opening of 2024
        ("stale-copy", 25, None),         # 确保圆满完成2023年各项目标任务 in the closing
        ("unrectified", 8, 12),           # 流动党员: the rectification part never takes it up
    ]
    # line 15 (年龄老化) shares 党员 with last year's problems and is new; line 7 (比上年, 较2023年底) is right
    assert not [f for f in village.findings if f.check in NEW and f.line in (7, 15, 17)]


def test_findings_quote_both_years(village: CritiqueResult) -> None:
    f = next(f for f in village.findings if f.check == "repeated-problem" and f.line == 16)
    assert "本年第16行" in f.message and "上年第11行" in f.message
    assert f.evidence and f.evidence in (YOY / "village_2024.txt").read_text("utf-8").splitlines()[15]
    assert f.previous_evidence.startswith("一是党员教育方式比较单一")
    assert f.severity.value == "warning"
    assert next(f for f in village.findings if f.check == "stale-copy").severity.value == "error"


def test_rectification_in_the_achievements(rubric: Rubric) -> None:
    res = critique_file(YOY / "community_2024.txt", rubric=rubric,
                        previous=load_previous(YOY / "community_2023.txt", None))
    # 网格 answered at the paragraph naming last year's feedback; 物业 is done (line 6) but that achievement does
    # not say it rectifies anything, so it is not read as the rectification
    assert _new(res) == [("repeated-plan", 14, 15), ("repeated-problem", 8, 9), ("unrectified", 5, 9),
                         ("unrectified", 5, 10)]


def test_without_previous_nothing_is_compared(rubric: Rubric) -> None:
    res = critique_file(YOY / "village_2024.txt", rubric=rubric)
    assert not [f for f in res.findings if f.check in NEW]


def test_an_existing_year_check_on_the_line_is_not_doubled(rubric: Rubric) -> None:
    lines = (YOY / "village_2024.txt").read_text("utf-8").splitlines()
    lines[24] = "新的一年，我将力争在2024年底前全部完成，确保圆满完成2023年各项目标任务。"
    res = critique_text("\n".join(lines), name="t.txt", rubric=rubric,
                        previous=load_previous(YOY / "village_2023.txt", None))
    on25 = {f.check for f in res.findings if f.line == 25}
    assert "stale-year-target" in on25 and "stale-copy" not in on25


def test_profile_previous_report_and_feedback(tmp_path: Path, rubric: Rubric) -> None:
    (tmp_path / "去年.txt").write_bytes((YOY / "village_2023.txt").read_text("utf-8").encode("gb18030"))
    profile = tmp_path / "unit.yaml"
    profile.write_text(
        "unit_name: 青山村党支部\nunit_kind: 村\nyear: 2024\nwork_items: [全年组织集中学习14次]\n"
        "previous_report: 去年.txt\n"
        "rectifications:\n"
        "  - {feedback: 党员教育方式单一、吸引力不强, action: 开设田间课堂}\n"
        "  - {feedback: 村级财务公开不够及时规范, action: 每月公开}\n", encoding="utf-8")
    prev = load_previous(None, profile)
    assert prev.parsed is not None and len(prev.feedback) == 2
    res = critique_file(YOY / "village_2024.txt", rubric=rubric, previous=prev)
    fb = [f for f in res.findings if f.check == "unrectified" and f.previous_line is None]
    assert [f.previous_evidence for f in fb] == ["村级财务公开不够及时规范"]  # 教育方式单一 is rectified (line 10)
    assert ("unrectified", 8, 12) in _new(res)


def test_last_year_as_docx(tmp_path: Path, rubric: Rubric) -> None:
    import docx

    d = docx.Document()
    for t in (YOY / "village_2023.txt").read_text("utf-8").splitlines():
        d.add_paragraph(t)
    d.save(str(tmp_path / "last.docx"))
    res = critique_file(YOY / "village_2024.txt", rubric=rubric, previous=load_previous(tmp_path / "last.docx", None))
    assert [(c, n) for c, n, _ in _new(res) if c == "repeated-problem"] == [("repeated-problem", 14),
                                                                           ("repeated-problem", 16)]


def _last(text: str, tmp_path: Path, name: str = "last.txt") -> Previous:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load_previous(p, None)


def test_bad_previous(tmp_path: Path, rubric: Rubric) -> None:
    with pytest.raises(PreviousError, match="无法读取"):
        load_previous(tmp_path / "无.txt", None)
    two = (YOY / "village_2023.txt").read_text("utf-8") + "\n" + (YOY / "community_2023.txt").read_text("utf-8")
    with pytest.raises(PreviousError, match="有2篇报告"):
        _last(two, tmp_path)
    this = (YOY / "village_2024.txt").read_text("utf-8")
    with pytest.raises(PreviousError, match="同一年"):
        critique_text(this, name="t.txt", rubric=rubric, previous=_last(this, tmp_path))
    older = (YOY / "village_2023.txt").read_text("utf-8").replace("2023年", "2022年")
    res = critique_text(this, name="t.txt", rubric=rubric, previous=_last(older, tmp_path))
    assert any("2022年的" in n and "仍照常比对" in n for n in res.notes)
    assert [c for c, _, _ in _new(res)].count("repeated-problem") == 2  # the check still runs
    other = critique_text(this, name="t.txt", rubric=rubric,
                          previous=load_previous(YOY / "community_2023.txt", None))
    assert any("阳光社区" in n and "青山村" in n for n in other.notes)


def test_unit_of_title() -> None:
    assert unit_of("青山村党支部书记2024年抓基层党建工作述职报告") == "青山村"
    assert unit_of("某县某镇党委书记2023年度抓基层党建工作述职报告") == "某县某镇"
    assert unit_of("抓基层党建工作述职报告") == ""


def test_cli_previous(tmp_path: Path) -> None:
    ok = cli(str(YOY / "village_2024.txt"), "--previous", str(YOY / "village_2023.txt"), "--format", "json",
             "--no-llm")
    assert ok.returncode == 1, ok.stderr  # stale-copy is an error
    import json

    found = [f for f in json.loads(ok.stdout)["findings"] if f["check"] == "repeated-problem"]
    assert [(f["line"], f["previous_line"]) for f in found] == [(14, 12), (16, 11)]
    bad = cli(str(YOY / "village_2024.txt"), "--previous", str(YOY / "village_2024.txt"), "--no-llm")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and "同一年" in bad.stderr


def test_annotate_anchors_on_this_years_words(tmp_path: Path, village: CritiqueResult) -> None:
    import docx

    from assistant.services.critique.annotate import annotate

    out = tmp_path / "批注.docx"
    annotate(village, YOY / "village_2024.txt", out)
    doc = docx.Document(str(out))
    texts = [c.text for c in doc.comments]
    mine: list[Finding] = [f for f in village.findings if f.check in NEW]
    for f in mine:
        assert any(f.message in t for t in texts), f.check
    # each new finding quotes words standing on its own line, so the comment is anchored on them
    lines = (YOY / "village_2024.txt").read_text("utf-8").splitlines()
    assert all(f.evidence and f.evidence in lines[(f.line or 0) - 1] for f in mine)


def test_problems_listed_in_one_paragraph(tmp_path: Path, rubric: Rubric) -> None:
    """一是…二是… in one paragraph: each problem is compared on its own, both findings on that paragraph's line."""
    last = (YOY / "village_2023.txt").read_text("utf-8").splitlines()
    this = (YOY / "village_2024.txt").read_text("utf-8").splitlines()
    last = last[:10] + ["".join(last[10:14])] + last[14:]
    this = this[:13] + ["".join(this[13:17])] + this[17:]
    res = critique_text("\n".join(this), name="t.txt", rubric=rubric, previous=_last("\n".join(last), tmp_path))
    assert sorted((f.line, f.previous_line, f.evidence[:6]) for f in res.findings if f.check == "repeated-problem") \
        == [(14, 11, "党员教育的形"), (14, 11, "流动党员管理")]


@pytest.mark.parametrize(("last", "this", "same"), [
    # the same subject, another complaint: another problem
    ("四是基层党组织书记队伍能力不强。", "四是基层党组织书记队伍年龄偏大。", False),
    ("一是村“两委”班子成员能力不强，抓党建的办法不多。", "一是村“两委”班子成员年龄偏大，35岁以下的只有1人。", False),
    ("二是党员教育方式比较单一，吸引力不强。", "二是党员教育经费保障不足，活动阵地设施陈旧。", False),
    # the same complaint in other common words
    ("二是党建与业务融合不够紧密，存在两张皮现象。", "二是党建工作和中心工作结合得不够，“两张皮”问题仍然存在。", True),
    ("三是组织生活不够规范，主题党日有时流于形式。", "三是三会一课开展不够规范，有时走过场。", True),
])
def test_same_problem_or_not(rubric: Rubric, last: str, this: str, same: bool) -> None:
    from assistant.domain.checks.base import Ctx
    from assistant.domain.checks.previous import Compare
    from assistant.domain.parse import parse_file
    from assistant.settings import Settings

    docs = [parse_file(YOY / "village_2024.txt"), parse_file(YOY / "village_2023.txt")]
    a, b = (Ctx(report=d.reports[0], raw=d.raw_lines, clean=d.lines, rubric=rubric) for d in docs)
    assert (Compare(a, b).same_problem(this, last) >= Settings().previous_repeat_threshold) is same


def test_stale_copy_needs_the_year_as_topic(tmp_path: Path, rubric: Rubric) -> None:
    lines = (YOY / "village_2024.txt").read_text("utf-8").splitlines()
    lines[2] = "2024年，在镇党委的坚强领导下，我认真履行抓基层党建第一责任人职责，现将有关情况报告如下："
    lines[5] = "（二）抓组织建设。2023年12月启动的党员活动室于今年3月建成，2023年，全村发展党员2名。"
    res = critique_text("\n".join(lines), name="t.txt", rubric=rubric,
                        previous=load_previous(YOY / "village_2023.txt", None))
    stale = [f for f in res.findings if f.check == "stale-copy"]
    assert [(f.line, f.column) for f in stale if f.line == 6] == [(6, lines[5].rindex("2023") + 1)]
    assert not [f for f in stale if f.line == 3]


def test_profile_feedback_alone(tmp_path: Path, rubric: Rubric) -> None:
    profile = tmp_path / "unit.yaml"
    profile.write_text(
        "unit_name: 青山村党支部\nunit_kind: 村\nyear: 2024\nwork_items: [全年组织集中学习14次]\n"
        "rectifications:\n  - {feedback: 党员教育方式单一、吸引力不强, action: 开设田间课堂}\n"
        "  - {feedback: 村级财务公开不够及时规范, action: 每月公开}\n", encoding="utf-8")
    res = critique_file(YOY / "village_2024.txt", rubric=rubric, previous=load_previous(None, profile))
    assert [(f.line, f.previous_line, f.previous_evidence) for f in res.findings if f.check in NEW] == \
        [(8, None, "村级财务公开不够及时规范")]
    (tmp_path / "bad.yaml").write_text("unit_name: 青山村\n", encoding="utf-8")
    with pytest.raises(PreviousError, match="单位资料"):
        load_previous(None, tmp_path / "bad.yaml")
